# A worker pool: Queue with task_done/join, named workers, current_task, results in a dict, sentinel shutdown.
import asyncio
import random

random.seed(42)


async def worker(q, results):
    me = asyncio.current_task().get_name()
    while True:
        job = await q.get()
        if job is None:
            q.task_done()
            print(f"{me} exits")
            return me
        delay = round(random.uniform(0.1, 0.5), 2)
        print(f"{me} starts job {job} ({delay}s)")
        await asyncio.sleep(delay)
        results[job] = (me, job * job)
        q.task_done()


async def main():
    q = asyncio.Queue()
    results = {}
    workers = [asyncio.create_task(worker(q, results), name=f"worker-{i}") for i in range(3)]
    for job in range(8):
        q.put_nowait(job)
    print("queued", q.qsize(), "empty", q.empty(), "full", q.full())
    await q.join()
    print("all jobs done at", round(asyncio.get_running_loop().time(), 2))
    for _ in workers:
        await q.put(None)
    names = await asyncio.gather(*workers)
    print("workers", names)
    for job in sorted(results):
        print(job, results[job])
    print("current", asyncio.current_task().get_name())


asyncio.run(main())
