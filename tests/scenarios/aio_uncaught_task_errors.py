# Errors nobody awaits: a failing task never retrieved, exception() and result() of done tasks, then an uncaught error ends the run.
import asyncio


async def boom(n):
    await asyncio.sleep(0.1 * n)
    raise ValueError(f"boom {n}")


async def fine():
    await asyncio.sleep(0.05)
    return "fine"


async def main():
    t1 = asyncio.create_task(boom(1))
    t2 = asyncio.create_task(boom(2))
    t3 = asyncio.create_task(fine())
    await asyncio.sleep(0.5)
    print("t1 done", t1.done(), "exception", repr(t1.exception()))
    try:
        t2.result()
    except ValueError as e:
        print("t2 result raised", e)
    print("t3", t3.result(), t3.exception())
    t4 = asyncio.create_task(boom(3))
    await asyncio.sleep(0)
    print("t4 done?", t4.done())
    try:
        t4.result()
    except asyncio.InvalidStateError as e:
        print("InvalidStateError:", e)
    await asyncio.sleep(1)
    print("about to fail")
    data = {"a": [1, 2, 3]}
    return data["a"][5]


asyncio.run(main())
