# asyncio.Condition: consumers wait for a predicate; notify(1) wakes one, notify_all wakes the rest.
import asyncio


async def consumer(name, cond, box):
    async with cond:
        await cond.wait_for(lambda: len(box) > 0)
        item = box.pop(0)
        print(name, "took", item)


async def main():
    cond = asyncio.Condition()
    box = []
    consumers = [asyncio.create_task(consumer(f"c{i}", cond, box)) for i in range(3)]
    await asyncio.sleep(0.1)
    async with cond:
        box.append("first")
        cond.notify(1)
    await asyncio.sleep(0.1)
    async with cond:
        box.extend(["second", "third"])
        cond.notify_all()
    await asyncio.gather(*consumers)
    print("box empty:", box == [])


asyncio.run(main())
