# contextlib.AsyncExitStack: async and sync context managers and callbacks unwound in reverse
# order, pop_all, aclose, and an exception seen by every exit.
import asyncio
from contextlib import AsyncExitStack, asynccontextmanager


@asynccontextmanager
async def session(name):
    print("open", name)
    await asyncio.sleep(0.1)
    try:
        yield name.upper()
    except ValueError as e:
        print("session", name, "saw", repr(e))
        raise
    finally:
        await asyncio.sleep(0.05)
        print("close", name)


class Plain:
    def __enter__(self):
        print("plain enter")
        return "plain"

    def __exit__(self, *exc):
        print("plain exit", exc[0].__name__ if exc[0] else None)


async def main():
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(session("a"))
        p = stack.enter_context(Plain())
        b = await stack.enter_async_context(session("b"))
        stack.callback(print, "sync callback")
        stack.push_async_callback(asyncio.sleep, 0.01)
        print(a, p, b)
    print("after first stack at", asyncio.get_running_loop().time())
    try:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(session("c"))
            raise ValueError("boom")
    except ValueError as e:
        print("propagated", e)
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(session("d"))
        keep = stack.pop_all()
    print("d still open")
    await keep.aclose()
    try:
        async with AsyncExitStack() as stack:
            await stack.enter_async_context(Plain())
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
