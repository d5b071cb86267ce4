# loop.call_soon/call_later/call_at with positional args and context, handle repr-free inspection, a periodic ticker that reschedules itself.
import asyncio
import functools


class Ticker:
    def __init__(self, loop, interval, limit):
        self.loop = loop
        self.interval = interval
        self.limit = limit
        self.count = 0
        self.done = loop.create_future()

    def tick(self, label):
        self.count += 1
        print(f"tick {label} #{self.count} at {self.loop.time():.2f}")
        if self.count < self.limit:
            self.loop.call_later(self.interval, self.tick, label)
        else:
            self.done.set_result(self.count)


def report(*args, sep="|"):
    print("report", sep.join(str(a) for a in args))


async def main():
    loop = asyncio.get_running_loop()
    ticker = Ticker(loop, 0.25, 4)
    loop.call_soon(ticker.tick, "A")
    loop.call_soon(report, 1, "two", 3.0)
    loop.call_soon(functools.partial(report, "p", sep="-"), "q")
    h = loop.call_later(0.6, report, "never")
    loop.call_at(loop.time() + 0.5, report, "at", 0.5)
    loop.call_later(0.3, h.cancel)
    print("handle cancelled?", h.cancelled(), "when", h.when())
    total = await ticker.done
    print("ticker done", total, "handle cancelled?", h.cancelled())
    fut = loop.create_future()
    loop.call_later(0.1, fut.set_result, "late value")
    loop.call_soon(print, "print as callback", 42)
    print("future", await fut, fut.done(), fut.result())
    err = loop.create_future()
    loop.call_soon(err.set_exception, ValueError("bad future"))
    try:
        await err
    except ValueError as e:
        print("future raised", e, type(err.exception()).__name__)


asyncio.run(main())
