# Driving the loop by hand: new_event_loop, run_until_complete of several coroutines, run_forever stopped by a callback, loop state queries and futures.
import asyncio


async def compute(label, x, delay):
    await asyncio.sleep(delay)
    print(f"{label}: {x} squared is {x * x}")
    return x * x


def on_done(fut):
    print("done callback:", fut.result() if not fut.cancelled() else "cancelled")


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print("running?", loop.is_running(), "closed?", loop.is_closed())
    r = loop.run_until_complete(compute("first", 3, 0.5))
    print("first returned", r, "time", loop.time())
    task = loop.create_task(compute("second", 4, 0.25))
    task.add_done_callback(on_done)
    both = asyncio.gather(task, compute("third", 5, 0.1))
    print("gathered", loop.run_until_complete(both))
    fut = loop.create_future()
    loop.call_later(0.3, fut.set_result, "from call_later")
    loop.call_later(0.4, loop.stop)
    fut.add_done_callback(on_done)
    loop.run_forever()
    print("after run_forever:", fut.result(), round(loop.time(), 2))
    pending = loop.create_task(compute("late", 6, 1))
    loop.call_soon(pending.cancel)
    try:
        loop.run_until_complete(pending)
    except asyncio.CancelledError:
        print("late task cancelled:", pending.cancelled())
    loop.close()
    print("closed?", loop.is_closed())
    try:
        loop.run_until_complete(compute("never", 1, 0))
    except RuntimeError as e:
        print("RuntimeError:", e)


main()
