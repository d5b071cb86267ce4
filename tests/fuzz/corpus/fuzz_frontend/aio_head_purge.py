# Cancelled timers at the head of the heap are popped one by one before the select timeout is computed.
import asyncio


def tick(name):
    print("tick", name)


def main():
    loop = asyncio.new_event_loop()
    first = loop.call_later(1, tick, "first")
    second = loop.call_later(2, tick, "second")
    loop.call_later(3, tick, "third")
    middle = loop.call_later(2.5, tick, "middle")
    loop.call_later(4, loop.stop)
    first.cancel()
    second.cancel()
    loop.call_soon(middle.cancel)
    loop.run_forever()
    print("done at", loop.time())
    loop.close()


main()
