# contextlib in asyncio code: asynccontextmanager resources, contextmanager timers, suppress, nullcontext and ExitStack, with the order of enter/exit printed.
import asyncio
import contextlib
import time


@contextlib.contextmanager
def timed(label):
    start = time.monotonic()
    print(f"enter {label}")
    try:
        yield label.upper()
    finally:
        print(f"exit {label} after {time.monotonic() - start:.2f}s")


@contextlib.asynccontextmanager
async def connection(name, fail_on_close=False):
    print(f"{name}: connecting")
    await asyncio.sleep(0.1)
    conn = {"name": name, "open": True}
    try:
        yield conn
    except KeyError as e:
        print(f"{name}: handled {e!r} inside")
    finally:
        await asyncio.sleep(0.05)
        conn["open"] = False
        print(f"{name}: closed")
        if fail_on_close:
            raise OSError(f"{name} close failed")


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("open", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("close", self.name, exc_type.__name__ if exc_type else None)
        return False


async def use(name, delay):
    async with connection(name) as conn:
        await asyncio.sleep(delay)
        print(f"{name}: used, open={conn['open']}")
    return conn["open"]


async def main():
    with timed("setup") as tag:
        print("tag", tag)
        time.sleep(0.5)
    print(await asyncio.gather(use("db", 0.3), use("cache", 0.1)))
    async with connection("kv") as c:
        raise KeyError("missing")
    print("after kv, open", c["open"])
    try:
        async with connection("bad", fail_on_close=True):
            print("bad: working")
    except OSError as e:
        print("caught", e)
    with contextlib.suppress(ZeroDivisionError, KeyError):
        print("dividing")
        1 / 0
        print("not reached")
    print("suppressed")
    with contextlib.nullcontext(42) as v:
        print("nullcontext gives", v)
    with contextlib.ExitStack() as stack:
        rs = [stack.enter_context(Resource(f"r{i}")) for i in range(3)]
        stack.callback(print, "callback runs first")
        print("inside stack", [r.name for r in rs])
    try:
        with timed("failing"):
            raise ValueError("inside timed")
    except ValueError as e:
        print("propagated", e)

    @contextlib.contextmanager
    def no_yield():
        if False:
            yield
    try:
        with no_yield():
            pass
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
