# Cancelling a task that awaits another task cancels the inner task too, and the outer sees it.
import asyncio


async def inner():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("inner cancelled")
        raise
    finally:
        print("inner finally")


async def outer(child):
    try:
        await child
    except asyncio.CancelledError:
        print("outer cancelled, child cancelled?", child.cancelled())
        raise


async def main():
    child = asyncio.create_task(inner())
    parent = asyncio.create_task(outer(child))
    await asyncio.sleep(1)
    parent.cancel()
    results = await asyncio.gather(parent, child, return_exceptions=True)
    print([type(r).__name__ for r in results])


asyncio.run(main())
