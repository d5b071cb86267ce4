# time.sleep blocks the whole loop: the clock jumps, and timers that became overdue all fire afterwards.
import asyncio
import time


async def ticker():
    for i in range(3):
        await asyncio.sleep(0.1)
        print("tick", i, "at", round(asyncio.get_running_loop().time(), 6))


async def blocker():
    await asyncio.sleep(0.05)
    print("blocking for 1 second with time.sleep")
    time.sleep(1)
    print("unblocked at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(ticker(), blocker())


start = time.monotonic()
asyncio.run(main())
print("elapsed", time.monotonic() - start)
