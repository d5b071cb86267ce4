# asyncio's debug mode: get_debug/set_debug, callbacks checked when scheduled, a slow callback logged
# (the blocking time.sleep moves the virtual clock), and set_debug on a running loop scheduling
# _set_coroutine_origin_tracking. The log lines keep only what does not name a file.
import asyncio
import logging
import sys
import time


class Took(logging.Handler):
    """Prints the level and the duration of asyncio's 'Executing ... took N seconds' warnings."""

    def emit(self, record):
        message = record.getMessage()
        print(record.levelname, record.name, "took" + message.rsplit(" took", 1)[-1])


logging.getLogger("asyncio").addHandler(Took())


def slow(name):
    print("slow callback", name)
    time.sleep(0.25)


def quick():
    print("quick callback")


async def coro():
    return "coro"


async def main():
    loop = asyncio.get_running_loop()
    print("debug", loop.get_debug(), loop.slow_callback_duration, repr(loop).split()[-1])
    for bad in (coro, 42, print):
        try:
            loop.call_soon(bad)
            print("scheduled", bad)
        except TypeError as e:
            print("TypeError:", e)
    try:
        loop.call_later(0.1, coro())
    except TypeError as e:
        print("TypeError:", e)
    loop.call_soon(slow, "a")
    loop.call_soon(quick)
    await asyncio.sleep(0)
    loop.slow_callback_duration = 0.3
    loop.call_soon(slow, "b")
    await asyncio.sleep(0)
    loop.set_debug(False)
    print("debug", loop.get_debug())
    loop.call_soon(slow, "c")
    await asyncio.sleep(0.1)
    loop.set_debug(True)
    await asyncio.sleep(0)
    return loop.time()


print("finished at", asyncio.run(main(), debug=True))
with asyncio.Runner(debug=True) as runner:
    print("runner debug", runner.get_loop().get_debug())
loop = asyncio.new_event_loop()
print("new loop debug", loop.get_debug())
loop.set_debug(1)
print(repr(loop).split()[-1], loop.get_debug())
loop.call_soon(loop.stop)
loop.run_forever()
loop.close()
