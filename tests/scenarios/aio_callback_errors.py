# Errors outside tasks: a callback that raises (the loop logs it and goes on), a failing done callback, set_result on a done future, a cancelled future's result.
import asyncio


def bad_callback(n):
    print("bad_callback runs", n)
    raise ValueError(f"callback {n} failed")


def good_callback(n):
    print("good_callback runs", n)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(bad_callback, 1)
    loop.call_soon(good_callback, 2)
    await asyncio.sleep(0.1)
    print("main continues after the callback error")
    loop.call_later(0.2, bad_callback, 3)
    fut = loop.create_future()
    fut.add_done_callback(lambda f: 1 / 0)
    fut.set_result("value")
    await asyncio.sleep(0.3)
    try:
        fut.set_result("again")
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    f2 = loop.create_future()
    f2.cancel("no longer needed")
    try:
        f2.result()
    except asyncio.CancelledError as e:
        print("result of cancelled future:", e.args)
    print("done", f2.done(), f2.cancelled())


asyncio.run(main())
