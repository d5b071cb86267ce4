# LifoQueue and PriorityQueue with maxsize: put blocks when full, get order is LIFO or by priority.
import asyncio


async def fill(q, items, label):
    for item in items:
        await q.put(item)
        print(label, "put", item, "size", q.qsize(), "full", q.full())


async def drain(q, label, count):
    got = []
    for _ in range(count):
        await asyncio.sleep(0.1)
        got.append(q.get_nowait())
        q.task_done()
    print(label, "drained", got)


async def main():
    lifo = asyncio.LifoQueue(maxsize=2)
    await asyncio.gather(fill(lifo, [1, 2, 3, 4], "lifo"), drain(lifo, "lifo", 4))
    prio = asyncio.PriorityQueue(maxsize=3)
    await asyncio.gather(fill(prio, [(3, "low"), (1, "high"), (2, "mid"), (0, "urgent")], "prio"),
                         drain(prio, "prio", 4))
    try:
        asyncio.Queue().get_nowait()
    except asyncio.QueueEmpty:
        print("QueueEmpty from an empty queue")
    full = asyncio.Queue(maxsize=1)
    full.put_nowait("x")
    try:
        full.put_nowait("y")
    except asyncio.QueueFull:
        print("QueueFull from a full queue")


asyncio.run(main())
