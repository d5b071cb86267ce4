# asyncio with many tasks and sleeps: create_task, sleep(0) and timed sleeps, a Queue, gather.
import asyncio


async def worker(i, q):
    total = 0
    for k in range(20):
        await asyncio.sleep(0)
        if k % 5 == 0:
            await asyncio.sleep(0.001 * (i % 7))
        total += i * k
    await q.put(total)
    return total


async def main():
    q = asyncio.Queue()
    tasks = [asyncio.create_task(worker(i, q)) for i in range(1000)]
    results = await asyncio.gather(*tasks)
    got = 0
    while not q.empty():
        got += await q.get()
    print("asyncio", len(results), sum(results), got)


asyncio.run(main())
