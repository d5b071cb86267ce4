# Task.cancelling() counts pending cancel requests; uncancel() lets a task swallow a cancellation and go on.
import asyncio


async def stubborn():
    me = asyncio.current_task()
    for attempt in range(2):
        try:
            await asyncio.sleep(1)
            print("slept fully on attempt", attempt)
        except asyncio.CancelledError:
            print("cancelling() =", me.cancelling())
            print("uncancel() ->", me.uncancel())
    return "survived"


async def main():
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0.5)
    task.cancel()
    task.cancel()
    print("two requests, cancelling() =", task.cancelling())
    print("result", await task)


asyncio.run(main())
