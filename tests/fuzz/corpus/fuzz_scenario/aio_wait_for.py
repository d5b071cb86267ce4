# asyncio.wait_for: a result in time, then a timeout that cancels the inner task (TimeoutError).
import asyncio


async def compute(delay, value):
    try:
        await asyncio.sleep(delay)
        return value
    except asyncio.CancelledError:
        print("compute", value, "was cancelled")
        raise


async def main():
    result = await asyncio.wait_for(compute(0.1, "fast"), timeout=1)
    print("got", result)
    try:
        await asyncio.wait_for(compute(5, "slow"), timeout=0.3)
    except asyncio.TimeoutError as e:
        print("timeout:", type(e).__name__, asyncio.get_running_loop().time())


asyncio.run(main())
