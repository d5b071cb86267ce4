# asyncio.Event: waiters wake in the order they started waiting; clear() makes later waits block again.
import asyncio


async def waiter(name, event):
    print(name, "waiting")
    await event.wait()
    print(name, "released, is_set", event.is_set())


async def main():
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(n, event)) for n in ["w1", "w2", "w3"]]
    await asyncio.sleep(0.5)
    print("setting the event")
    event.set()
    await asyncio.gather(*tasks)
    event.clear()
    late = asyncio.create_task(waiter("late", event))
    await asyncio.sleep(0.1)
    print("late done?", late.done())
    event.set()
    await late
    await event.wait()
    print("wait on a set event returns at once")


asyncio.run(main())
