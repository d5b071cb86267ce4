# gather(return_exceptions=True) collects exceptions as results, in argument order.
import asyncio


async def maybe(n):
    await asyncio.sleep(0.1 * (3 - n))
    if n % 2:
        raise ValueError(f"odd {n}")
    return n * 10


async def main():
    results = await asyncio.gather(maybe(0), maybe(1), maybe(2), return_exceptions=True)
    print(results)
    print([type(r).__name__ for r in results])


asyncio.run(main())
