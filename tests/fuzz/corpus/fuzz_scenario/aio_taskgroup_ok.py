# TaskGroup: the async with block waits for every child; results are read from the tasks.
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    print("fetched", name)
    return name.upper()


async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(fetch("a", 0.2))
        b = tg.create_task(fetch("b", 0.1), name="fetch-b")
        print("children created", a.get_name(), b.get_name())
    print("group finished", a.result(), b.result())


asyncio.run(main())
