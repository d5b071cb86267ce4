# Passing something that is not awaitable, where CPython 3.11 notices it: gather has already
# wrapped the arguments before the bad one (that task still runs), wait_for's timer stays on the
# heap and fires, wait fails at add_done_callback, as_completed at its first step, TaskGroup and
# shield at once; plus the classic mistakes of a forgotten await.
import asyncio


async def job(n):
    print("job", n, "runs")
    await asyncio.sleep(0.01)
    return n


async def main():
    attempts = [
        ("gather", lambda: asyncio.gather(job(1), 42, job(2))),
        ("wait_for", lambda: asyncio.wait_for(job, 1)),
        ("wait", lambda: asyncio.wait([42], timeout=0.5)),
        ("shield", lambda: asyncio.shield(42)),
        ("sleep().result", lambda: asyncio.sleep(1).result()),
        ("await a function", lambda: job),
    ]
    for label, make in attempts:
        try:
            await make()
        except (TypeError, AttributeError) as e:
            print(label, "->", type(e).__name__, e)
        await asyncio.sleep(0.05)
    try:
        for f in asyncio.as_completed([asyncio.create_task(job(3)), 42], timeout=1):
            print(await f)
    except TypeError as e:
        print("as_completed ->", e)
    await asyncio.sleep(0.05)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job(4))
            tg.create_task(42)
    except TypeError as e:
        print("TaskGroup ->", e)
    q = asyncio.Queue()
    q.get()
    print("forgot to await q.get(), size", q.qsize())
    await asyncio.sleep(1.5)
    print("end at", asyncio.get_running_loop().time())


asyncio.run(main())
