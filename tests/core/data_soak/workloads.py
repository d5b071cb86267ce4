# The five benchmark workloads (bench/workloads_cpython.py) at lecture size, in one run: the
# largest scenario the soak test (tests/core/tst_soak.cpp) records, folds and seeks through.
import asyncio
import random


async def callsoon_chain(n):
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    left = n

    def hop():
        nonlocal left
        left -= 1
        if left:
            loop.call_soon(hop)
        else:
            finished.set_result(None)

    loop.call_soon(hop)
    await finished
    print("callsoon_chain", n)


async def timers(n):
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    rng = random.Random(12345)
    delays = [rng.random() * 0.001 for _ in range(n)]
    want = (n + 1) // 2
    count = 0

    def fire():
        nonlocal count
        count += 1
        if count == want:
            finished.set_result(None)

    handles = [loop.call_later(d, fire) for d in delays]
    for h in handles[1::2]:
        h.cancel()
    await finished
    await asyncio.sleep(0.005)
    print("timers fired", count, "of", want)


async def sleep0_pingpong(workers, per):
    async def worker():
        for _ in range(per):
            await asyncio.sleep(0)

    loop = asyncio.get_running_loop()
    await asyncio.gather(*[loop.create_task(worker()) for _ in range(workers)])
    print("sleep0_pingpong", workers, per)


async def one_sleep0():
    await asyncio.sleep(0)


async def wait_many(n):
    loop = asyncio.get_running_loop()
    tasks = [loop.create_task(one_sleep0()) for _ in range(n)]
    done, pending = await asyncio.wait(tasks)
    print("wait_many", len(done), len(pending))


async def producer_consumer(n):
    q = asyncio.Queue(maxsize=1)
    result = []

    async def produce():
        for i in range(n):
            await q.put(i)

    async def consume():
        total = 0
        for _ in range(n):
            total += await q.get()
        result.append(total)

    loop = asyncio.get_running_loop()
    await asyncio.gather(loop.create_task(produce()), loop.create_task(consume()))
    print("producer_consumer", result[0] == n * (n - 1) // 2)


async def main():
    await callsoon_chain(500)
    await timers(400)
    await sleep0_pingpong(20, 25)
    await wait_many(300)
    await producer_consumer(300)


asyncio.run(main())
