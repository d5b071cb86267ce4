# asyncio.shield: cancelling the outer await does not cancel the shielded task.
import asyncio


async def important():
    await asyncio.sleep(0.5)
    print("important work finished")
    return "saved"


async def waiter(inner):
    try:
        return await asyncio.shield(inner)
    except asyncio.CancelledError:
        print("waiter cancelled, inner cancelled?", inner.cancelled())
        raise


async def main():
    inner = asyncio.create_task(important())
    w = asyncio.create_task(waiter(inner))
    await asyncio.sleep(0.1)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("main saw the waiter cancelled")
    print("inner result", await inner)


asyncio.run(main())
