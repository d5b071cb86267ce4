# Two workers; main wakes as soon as the first one finishes (FIRST_COMPLETED).
import asyncio


async def worker(name, delay):
    x = delay * 10
    await asyncio.sleep(delay)
    print(name, "done", x)
    return name


async def main():
    tasks = [asyncio.create_task(worker("a", 0.1)), asyncio.create_task(worker("b", 0.3))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print("woke with", len(done), "done and", len(pending), "pending")
    for t in pending:
        await t
    print("all finished")


asyncio.run(main())
