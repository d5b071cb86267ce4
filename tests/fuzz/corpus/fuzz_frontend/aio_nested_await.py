# An await chain five coroutines deep runs inside one task: only the innermost sleep touches the loop.
import asyncio


async def level(n):
    print("enter level", n)
    if n == 5:
        await asyncio.sleep(0.1)
        result = "bottom"
    else:
        result = await level(n + 1)
    print("leave level", n)
    return f"{result}<{n}"


async def main():
    print(await level(1))
    print(await asyncio.create_task(level(4)))


asyncio.run(main())
