# TaskGroup failures: ExceptionGroup contents and str, except* splitting by type, nested groups, and an error after all children finish.
import asyncio


async def job(name, delay, exc=None):
    try:
        await asyncio.sleep(delay)
        if exc:
            raise exc
        print(f"{name} ok")
        return name
    except asyncio.CancelledError:
        print(f"{name} cancelled")
        raise


async def two_failures():
    async with asyncio.TaskGroup() as tg:
        tg.create_task(job("a", 0.1, ValueError("bad a")))
        tg.create_task(job("b", 0.1, KeyError("b")))


async def main():
    try:
        await two_failures()
    except* ValueError as eg:
        print("value group:", eg, [repr(e) for e in eg.exceptions])
    except* KeyError as eg:
        print("key group:", eg, [repr(e) for e in eg.exceptions])

    try:
        async with asyncio.TaskGroup() as tg:
            t1 = tg.create_task(job("c", 0.1))
            tg.create_task(job("d", 0.2, RuntimeError("bad d")))
            t3 = tg.create_task(job("e", 0.5))
    except ExceptionGroup as eg:
        print("caught", type(eg).__name__, str(eg), len(eg.exceptions))
        print("t1", t1.result(), "t3 cancelled", t3.cancelled())
        sub = eg.subgroup(RuntimeError)
        print("subgroup", repr(sub.exceptions[0]), eg.split(ValueError)[0])

    eg = ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)])])
    print(repr(eg))
    print(str(eg), eg.message, len(eg.exceptions))
    match, rest = eg.split(ValueError)
    print("match", repr(match))
    print("rest", repr(rest))
    try:
        raise eg
    except* TypeError as g:
        print("got types", repr(g))
    except* ValueError as g:
        print("got values", repr(g))

    async def late_fail():
        await asyncio.sleep(0.3)
        raise OSError("late")

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("f", 0.1))
            tg.create_task(late_fail())
            print("body done")
    except* OSError as g:
        print("late:", g.exceptions)

    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job("g", 0.2))
            raise ZeroDivisionError("body fails")
    except* ZeroDivisionError as g:
        print("body error wrapped:", repr(g))


asyncio.run(main())
