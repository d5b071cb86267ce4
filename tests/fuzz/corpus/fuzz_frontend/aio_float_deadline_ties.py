# Deadlines that differ by a rounding error: 0.1 + 0.2 != 0.3, yet both wake in the same iteration (clock_resolution).
import asyncio


async def two_steps(name):
    await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)
    print(name, "woke at", asyncio.get_running_loop().time())


async def one_step(name, delay):
    await asyncio.sleep(delay)
    print(name, "woke at", asyncio.get_running_loop().time())


async def main():
    await asyncio.gather(two_steps("a"), one_step("b", 0.3), one_step("c", 0.30000001))
    print("0.1 + 0.2 =", 0.1 + 0.2)


asyncio.run(main())
