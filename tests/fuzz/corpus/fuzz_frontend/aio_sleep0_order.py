# asyncio.sleep(0) yields for exactly one loop iteration: three tasks take turns round-robin.
import asyncio


async def worker(name, steps):
    for i in range(steps):
        print(name, "step", i)
        await asyncio.sleep(0)
    return name


async def main():
    tasks = [asyncio.create_task(worker(n, s)) for n, s in [("a", 3), ("b", 1), ("c", 2)]]
    print("main yields once")
    await asyncio.sleep(0)
    print("main back")
    for t in tasks:
        print("result", await t)


asyncio.run(main())
