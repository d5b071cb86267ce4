# Task.cancel(msg): the message travels in the CancelledError; cancelling a done task returns False.
import asyncio


async def sleeper():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as e:
        print("sleeper got CancelledError args", e.args)
        raise


async def main():
    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0)
    print("cancel returns", task.cancel("stop now"))
    try:
        await task
    except asyncio.CancelledError as e:
        print("main got args", e.args)
    print("cancelled?", task.cancelled(), "cancel again returns", task.cancel())
    early = asyncio.create_task(sleeper())
    early.cancel("before it started")
    try:
        await early
    except asyncio.CancelledError as e:
        print("early cancel args", e.args, "- the sleeper never started")


asyncio.run(main())
