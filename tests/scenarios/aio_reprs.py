# What print() shows of futures, tasks and handles: CPython abbreviates results with reprlib,
# names the class, says "cancelling" while a cancel is pending, and formats callbacks by qualname
# with functools.partial's arguments first (builtins and bound methods carry no source location).
import asyncio
import functools


class Thing:
    def __repr__(self):
        return "Thing(" + "x" * 40 + ")"

    def meth(self):
        pass


async def main():
    loop = asyncio.get_running_loop()
    for value in ["a" * 50, list(range(20)), {"k%d" % i: i for i in range(7)}, 2 ** 200, (1,), {3, 1, 2},
                  frozenset(), [[[[[[[1]]]]]]], Thing(), 0.1, "é" * 40]:
        f = loop.create_future()
        f.set_result(value)
        print(f)
    f = loop.create_future()
    f.set_exception(ValueError("bad " * 20))
    print(f)
    f.exception()
    print(loop.call_soon(print, Thing(), "é" * 40))
    print(loop.call_soon(functools.partial(print, 1, sep="-"), 3))
    print(loop.call_soon(Thing().meth))
    print(loop.call_later(0.1, print, "later"))
    print(loop.call_at(2, print, "at"))
    h = loop.call_later(0.2, print, "never")
    h.cancel()
    print(h)
    w = asyncio.create_task(asyncio.wait_for(asyncio.sleep(1), 0.5), name="it's")
    await asyncio.sleep(0)
    w.cancel()
    # The coroutine part names files (this one's, asyncio's): only the state and name are printed.
    print(repr(w).split(" coro=")[0])
    await asyncio.sleep(0)
    print(repr(w).split(" coro=")[0], repr(w).split(" wait_for=")[1])
    try:
        await w
    except asyncio.CancelledError:
        print(repr(w).split(" coro=")[0])
    g = asyncio.gather(asyncio.sleep(0.01, "done"), return_exceptions=True)
    print(g)
    print(await g, g)


asyncio.run(main())
