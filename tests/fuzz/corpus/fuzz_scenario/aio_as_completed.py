# asyncio.as_completed yields awaitables in completion order.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    tasks = [asyncio.create_task(job(n, d)) for n, d in [("x", 0.3), ("y", 0.1), ("z", 0.2)]]
    for i, next_done in enumerate(asyncio.as_completed(tasks)):
        name = await next_done
        print(i, "completed", name, "at", asyncio.get_running_loop().time())


asyncio.run(main())
