# loop.set_task_factory: create_task (and so asyncio.create_task and ensure_future) calls
# factory(loop, coro), then names the task through set_name; None restores plain Task(coro).
import asyncio

def factory(loop, coro):
    print("factory for", coro.__qualname__)
    t = asyncio.Task(coro, loop=loop)
    return t

async def job(n):
    await asyncio.sleep(n)
    return n * 2

async def main():
    loop = asyncio.get_running_loop()
    print(loop.get_task_factory())
    loop.set_task_factory(factory)
    t = asyncio.create_task(job(1), name="J")
    print(t.get_name())
    print(await t)
    loop.set_task_factory(None)
    f = asyncio.ensure_future(job(0.5))
    print(await f, asyncio.isfuture(f), asyncio.iscoroutine(job(0)))
    fut = loop.create_future()
    loop.call_later(0.2, fut.set_result, "late")
    print(await asyncio.wait_for(fut, 1))
    print(asyncio.all_tasks() == {asyncio.current_task()})

asyncio.run(main())
