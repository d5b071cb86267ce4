# Task names: Task-N counts tasks; asyncio.create_task(name=) still takes a number first, then renames;
# loop.create_task(name=) does not; set_name renames later; current_task() inside a task.
import asyncio


async def report():
    me = asyncio.current_task()
    print("running as", me.get_name())
    await asyncio.sleep(0)
    print("still", me.get_name())


async def main():
    print("main is", asyncio.current_task().get_name())
    a = asyncio.create_task(report())
    b = asyncio.create_task(report(), name="custom")
    c = asyncio.get_running_loop().create_task(report(), name=42)
    d = asyncio.ensure_future(report())
    await asyncio.sleep(0)
    a.set_name("renamed")
    await asyncio.gather(a, b, c, d)
    print([t.get_name() for t in (a, b, c, d)], asyncio.current_task() is not None)


asyncio.run(main())
