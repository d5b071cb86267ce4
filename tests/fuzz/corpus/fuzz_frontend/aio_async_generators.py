# Async generators: async for, asend, athrow and aclose, each run to completion so none is left for GC.
import asyncio


async def ticker(n, delay):
    try:
        for i in range(n):
            await asyncio.sleep(delay)
            yield i
    finally:
        print("ticker finally")


async def echo():
    received = None
    while True:
        try:
            received = yield f"echo {received}"
        except ValueError as e:
            received = f"handled {e}"


async def main():
    async for value in ticker(3, 0.1):
        print("got", value)
    print("comprehension", [v async for v in ticker(2, 0.05)])
    gen = echo()
    print(await gen.asend(None))
    print(await gen.asend("hello"))
    print(await gen.athrow(ValueError("oops")))
    await gen.aclose()
    try:
        await gen.asend("after close")
    except StopAsyncIteration:
        print("closed generator raises StopAsyncIteration")


asyncio.run(main())
