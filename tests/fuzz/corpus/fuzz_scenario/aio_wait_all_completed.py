# asyncio.wait with the default ALL_COMPLETED: one _on_completion per task, the waiter wakes after the last.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(name)
    return name


async def main():
    tasks = [asyncio.create_task(job("a", 0.2)), asyncio.create_task(job("b", 0.1, fail=True)),
             asyncio.create_task(job("c", 0.3))]
    done, pending = await asyncio.wait(tasks)
    print("done", len(done), "pending", len(pending))
    for t in tasks:
        if t.exception() is not None:
            print(t.get_name(), "raised", repr(t.exception()))
        else:
            print(t.get_name(), "returned", t.result())


asyncio.run(main())
