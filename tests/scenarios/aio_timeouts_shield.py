# wait_for, asyncio.timeout, shield and cancellation with messages, printed with the loop time.
import asyncio


def now():
    return round(asyncio.get_running_loop().time(), 3)


async def fetch(name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
        if fail:
            raise ConnectionError(f"{name} failed")
        return f"{name}-data"
    except asyncio.CancelledError as e:
        print(f"{now()} {name} cancelled args={e.args}")
        raise
    finally:
        print(f"{now()} {name} finally")


async def main():
    try:
        await asyncio.wait_for(fetch("slow", 2), timeout=0.5)
    except asyncio.TimeoutError as e:
        print(now(), "wait_for timeout", type(e).__name__, e.args)
    try:
        async with asyncio.timeout(0.3) as cm:
            await fetch("scoped", 1)
    except TimeoutError:
        print(now(), "timeout expired", cm.expired())
    async with asyncio.timeout(5) as cm:
        r = await fetch("fast", 0.2)
    print(now(), r, cm.expired(), cm.when())

    inner = asyncio.create_task(fetch("shielded", 1.0))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=0.4)
    except asyncio.TimeoutError:
        print(now(), "outer timed out; inner done?", inner.done())
    print(now(), "inner result", await inner)

    t = asyncio.create_task(fetch("victim", 5), name="victim")
    await asyncio.sleep(0.1)
    print(now(), "cancel returns", t.cancel("stop it"), t.cancelling())
    try:
        await t
    except asyncio.CancelledError as e:
        print(now(), "awaiting victim:", repr(e), t.cancelled(), t.done())
    print(now(), "cancel done task:", t.cancel())

    results = await asyncio.gather(fetch("g1", 0.1), fetch("g2", 0.2, fail=True), fetch("g3", 0.3), return_exceptions=True)
    for r in results:
        print(now(), type(r).__name__, r)
    try:
        await asyncio.gather(fetch("h1", 0.1, fail=True), fetch("h2", 0.2))
    except ConnectionError as e:
        print(now(), "gather raised", e)
    await asyncio.sleep(0.5)
    print(now(), "end")


asyncio.run(main())
