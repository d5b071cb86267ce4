# add_done_callback: callbacks are scheduled with call_soon, in registration order, even for done futures.
import asyncio


def on_done(fut):
    print("on_done sees", fut.result() if not fut.cancelled() else "cancelled")


def second(fut):
    print("second callback")


async def job():
    await asyncio.sleep(0.1)
    return "job result"


async def main():
    task = asyncio.create_task(job())
    task.add_done_callback(on_done)
    task.add_done_callback(second)
    removed = asyncio.create_task(job())
    removed.add_done_callback(second)
    print("removed count", removed.remove_done_callback(second))
    await asyncio.gather(task, removed)
    print("adding to an already done task")
    task.add_done_callback(on_done)
    await asyncio.sleep(0)
    fut = asyncio.get_running_loop().create_future()
    fut.add_done_callback(on_done)
    fut.cancel()
    await asyncio.sleep(0)
    print("future cancelled", fut.cancelled())


asyncio.run(main())
