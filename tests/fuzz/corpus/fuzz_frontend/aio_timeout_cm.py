# asyncio.timeout (3.11): expiry cancels the body and becomes TimeoutError; a reschedule extends it.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.2):
            await asyncio.sleep(1)
            print("not reached")
    except TimeoutError:
        print("timed out at", loop.time())

    async with asyncio.timeout(0.5) as cm:
        await asyncio.sleep(0.1)
        print("within the deadline; expired?", cm.expired())
    print("after the block", cm.expired())

    async with asyncio.timeout(None) as cm:
        cm.reschedule(loop.time() + 0.3)
        await asyncio.sleep(0.2)
        cm.reschedule(loop.time() + 0.3)
        await asyncio.sleep(0.2)
    print("rescheduled twice, finished at", round(loop.time(), 6))


asyncio.run(main())
