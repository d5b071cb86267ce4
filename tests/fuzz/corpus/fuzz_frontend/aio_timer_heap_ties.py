# Equal deadlines leave the heap in heapq order, not in scheduling order: the layout of the heap list decides.
import asyncio


def fire(label):
    print("fire", label)


def schedule_more(loop):
    # Scheduled at t=0.5 for the same instant t=1.0 as three timers from t=0.
    loop.call_later(0.5, fire, "d (from 0.5)")
    loop.call_at(1.0, fire, "e (call_at)")


def main():
    loop = asyncio.new_event_loop()
    loop.call_later(1.0, fire, "a")
    loop.call_later(1.0, fire, "b")
    loop.call_later(0.5, schedule_more, loop)
    loop.call_later(1.0, fire, "c")
    loop.call_later(0.25, fire, "early")
    loop.call_later(2, loop.stop)
    loop.run_forever()
    loop.close()


main()
