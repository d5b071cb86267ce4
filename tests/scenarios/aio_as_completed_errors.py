# asyncio.as_completed with ties, a failing task, a cancelled task and a bare future: several
# completions in one iteration queue up, and each _wait_for_one re-raises what its future raised.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError("bad " + name)
    return name


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, "from future")
    tasks = [
        asyncio.create_task(job("a", 0.1)),
        asyncio.create_task(job("b", 0.1, fail=True)),
        asyncio.create_task(job("c", 0.1)),
        asyncio.create_task(job("d", 0.3)),
        fut,
    ]
    loop.call_later(0.25, tasks[3].cancel)
    for i, next_done in enumerate(asyncio.as_completed(tasks)):
        if i == 1:
            waiter = asyncio.create_task(next_done)
            await asyncio.sleep(0)
            next_done = waiter
        try:
            print(i, "result", await next_done, loop.time())
        except ValueError as e:
            print(i, "error", e, loop.time())
        except asyncio.CancelledError:
            print(i, "cancelled", loop.time())
        await asyncio.sleep(0)
    try:
        next(asyncio.as_completed(tasks[0]))
    except TypeError as e:
        print("TypeError:", e)


asyncio.run(main())
