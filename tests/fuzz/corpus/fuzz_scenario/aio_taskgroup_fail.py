# TaskGroup with a failing child: siblings are cancelled and the error surfaces as an ExceptionGroup.
import asyncio


async def worker(name, delay):
    try:
        await asyncio.sleep(delay)
        print("worker", name, "done")
    except asyncio.CancelledError:
        print("worker", name, "cancelled")
        raise


async def failer():
    await asyncio.sleep(0.2)
    raise ValueError("failer broke")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("quick", 0.1))
            tg.create_task(failer())
            tg.create_task(worker("slow", 1))
    except* ValueError as eg:
        print("caught", type(eg).__name__, [str(e) for e in eg.exceptions])
    print("main continues at", asyncio.get_running_loop().time())


asyncio.run(main())
