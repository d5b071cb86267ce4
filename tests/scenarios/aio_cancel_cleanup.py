# Cancellation in depth: cancelling a gather cancels its children, cleanup that awaits in finally, a task that swallows CancelledError, and cancelling a shielded task.
import asyncio


async def worker(name, delay, log):
    try:
        log.append(f"{name} start")
        await asyncio.sleep(delay)
        log.append(f"{name} end")
        return name
    except asyncio.CancelledError:
        log.append(f"{name} cancelled")
        await asyncio.sleep(0.05)
        log.append(f"{name} cleaned up")
        raise
    finally:
        print(f"{name} finally at {asyncio.get_running_loop().time():.2f}")


async def stubborn():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("stubborn: ignoring cancellation")
    await asyncio.sleep(0.1)
    return "survived"


async def main():
    log = []
    group = asyncio.gather(worker("a", 1, log), worker("b", 2, log), worker("c", 0.1, log))
    await asyncio.sleep(0.5)
    print("cancel gather:", group.cancel())
    try:
        await group
    except asyncio.CancelledError:
        print("gather cancelled, done:", group.done(), group.cancelled())
    print(log)

    t = asyncio.create_task(stubborn())
    await asyncio.sleep(0.1)
    t.cancel()
    print("stubborn result:", await t, "cancelled?", t.cancelled())

    inner = asyncio.create_task(worker("inner", 0.3, log))
    outer = asyncio.ensure_future(asyncio.shield(inner))
    await asyncio.sleep(0.1)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled; inner still running:", not inner.done())
    print("inner result:", await inner)

    tasks = [asyncio.create_task(worker(f"w{i}", 0.2 * (i + 1), log)) for i in range(3)]
    await asyncio.sleep(0.3)
    for task in tasks:
        if not task.done():
            task.cancel()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    print([type(r).__name__ if isinstance(r, BaseException) else r for r in results])
    print(log[-6:])


asyncio.run(main())
