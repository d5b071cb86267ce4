# What lectures print of queues and semaphores mid-run: a PriorityQueue's repr shows its heap list
# (_queue) in heap order, dataclass(order=True) items compare by their fields, LIFO order, and a
# Semaphore's _value counts the permits left while waiters queue up in FIFO order.
import asyncio
from dataclasses import dataclass, field


@dataclass(order=True)
class Job:
    priority: int
    name: str = field(compare=False)


async def user(sem, name, hold):
    print(name, "wants", sem.locked(), sem._value)
    async with sem:
        print(name, "got it", sem._value)
        await asyncio.sleep(hold)
    print(name, "released")


async def main():
    pq = asyncio.PriorityQueue()
    for p, n in [(3, "c"), (1, "a"), (2, "b"), (1, "a2")]:
        await pq.put((p, n))
    print(pq)
    while not pq.empty():
        print(await pq.get())
    jq = asyncio.PriorityQueue(maxsize=5)
    for j in [Job(5, "low"), Job(1, "high"), Job(3, "mid"), Job(1, "high2")]:
        jq.put_nowait(j)
    print(jq)
    while not jq.empty():
        job = jq.get_nowait()
        print(job, job < Job(4, "x"))
    lq = asyncio.LifoQueue()
    for i in range(3):
        lq.put_nowait(i)
    print(lq, asyncio.Queue())
    print([lq.get_nowait() for _ in range(3)])
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(user(sem, f"u{i}", 0.1 * (i % 3 + 1))) for i in range(4)]
    await asyncio.sleep(0)
    print(sem.locked(), sem._value)
    await asyncio.gather(*tasks)
    print(sem._value)


asyncio.run(main())
