# "Future exception was never retrieved": a failed Future (or _GatheringFuture, or subclass)
# dropped unretrieved reaches the loop's exception handler at once; a retrieved one does not.
import asyncio


def handler(loop, context):
    print("handler:", context["message"], "|", repr(context["exception"]), "|", type(context["future"]).__name__)


async def fail(n):
    await asyncio.sleep(0.01 * n)
    raise ValueError(f"fail {n}")


def failed_future(loop, text):
    f = loop.create_future()
    f.set_exception(RuntimeError(text))
    return f


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    failed_future(loop, "dropped at once")
    print("after the first")
    f = failed_future(loop, "kept, then dropped")
    await asyncio.sleep(0.1)
    f = None
    print("after the second")
    g = asyncio.gather(fail(1), fail(2))
    await asyncio.sleep(0.1)
    print("gather done", g.done())
    del g
    print("after the gather")
    h = failed_future(loop, "retrieved")
    print("exception()", repr(h.exception()))
    del h
    c = loop.create_future()
    c.set_exception(KeyError("cancel clears nothing"))
    c.cancel()
    del c
    print("end")


asyncio.run(main())
