# More than 100 timers with more than half cancelled: _run_once rebuilds the heap (bulk purge).
import asyncio


def fire(i):
    print("fire", i)


def main():
    loop = asyncio.new_event_loop()
    handles = [loop.call_later(1 + i % 7, fire, i) for i in range(120)]
    for i, h in enumerate(handles):
        if i % 10 != 3:
            h.cancel()
    print("scheduled", len(handles), "kept", sum(1 for h in handles if not h.cancelled()))
    loop.call_later(2.5, loop.stop)
    loop.run_forever()
    print("stopped at", loop.time())
    loop.close()


main()
