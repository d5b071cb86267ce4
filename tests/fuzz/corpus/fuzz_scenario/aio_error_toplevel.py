# An exception that nobody catches escapes asyncio.run after shutdown: the trace ends with "error".
import asyncio


async def divide(a, b):
    await asyncio.sleep(0.1)
    return a / b


async def main():
    print("10 / 4 =", await divide(10, 4))
    print("about to divide by zero")
    print(await divide(1, 0))
    print("never printed")


asyncio.run(main())
print("never printed either")
