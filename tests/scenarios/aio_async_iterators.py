# Async iteration: a class with __aiter__/__anext__, async generators that sleep, async comprehensions, aclose and StopAsyncIteration.
import asyncio


class Countdown:
    def __init__(self, start, delay):
        self.current = start
        self.delay = delay

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current <= 0:
            raise StopAsyncIteration
        await asyncio.sleep(self.delay)
        self.current -= 1
        return self.current + 1


async def ticker(n, delay):
    for i in range(n):
        await asyncio.sleep(delay)
        yield i, asyncio.get_running_loop().time()


async def take(agen, n):
    out = []
    async for item in agen:
        out.append(item)
        if len(out) == n:
            break
    return out


async def evens():
    try:
        n = 0
        while True:
            yield n
            n += 2
            await asyncio.sleep(0)
    finally:
        print("evens closed")


async def main():
    async for value in Countdown(3, 0.2):
        print("countdown", value)
    squares = [i * i async for i, _ in ticker(4, 0.1)]
    print("squares", squares)
    timed = {i: round(t, 1) async for i, t in ticker(3, 0.25) if i != 1}
    print("timed", timed)
    gen = evens()
    print("first three", await take(gen, 3))
    print("next", await gen.__anext__(), await anext(gen))
    await gen.aclose()
    print("after aclose", await anext(gen, "exhausted"))
    it = Countdown(1, 0.1).__aiter__()
    print(await it.__anext__())
    try:
        await it.__anext__()
    except StopAsyncIteration:
        print("StopAsyncIteration raised")
    results = await asyncio.gather(take(ticker(2, 0.1), 5), take(Countdown(4, 0.15), 3))
    print("gathered", [[x if isinstance(x, int) else x[0] for x in r] for r in results])


asyncio.run(main())
