# asyncio.Barrier (3.11): parties meet in rounds through `async with`; abort() and reset() break a
# waiting party out with BrokenBarrierError. Built on a Condition, so wake-ups follow its lock.
import asyncio

async def worker(b, i, rounds):
    for r in range(rounds):
        await asyncio.sleep(0.05 * ((i + r) % 3))
        print(f"w{i} round {r} arrives, waiting={b.n_waiting}")
        async with b as pos:
            print(f"w{i} round {r} passes as {pos}")
    return i

async def breaker(b):
    try:
        await b.wait()
    except asyncio.BrokenBarrierError as e:
        print("broken:", repr(e), b.broken)

async def main():
    b = asyncio.Barrier(3)
    print(b.parties, b.n_waiting, b.broken, repr(b).split("]")[0].split("[")[1])
    print(await asyncio.gather(*(worker(b, i, 2) for i in range(3))))
    b2 = asyncio.Barrier(2)
    t = asyncio.create_task(breaker(b2))
    await asyncio.sleep(0.1)
    print(repr(b2).split(" [")[1])
    await b2.abort()
    await t
    print(repr(b2).split(" [")[1])
    b3 = asyncio.Barrier(2)
    t = asyncio.create_task(breaker(b3))
    await asyncio.sleep(0.1)
    await b3.reset()
    await t
    print(b3.broken, repr(b3).split(" [")[1])
    try:
        asyncio.Barrier(0)
    except ValueError as e:
        print(e)

asyncio.run(main())
