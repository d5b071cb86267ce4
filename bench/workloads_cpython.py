#!/usr/bin/python3
"""The five event-loop workloads on real asyncio (or uvloop), for bench/run_bench.py.

    workloads_cpython.py --loop asyncio|uvloop --workload NAME [--n N] [--mem]

Prints one JSON line: {"loop", "workload", "n", "seconds", "per_op_ns", ...}. Only the workload
is timed (time.perf_counter inside the running loop). With --mem, wait_many instead measures
the bytes allocated per pending task with tracemalloc (untimed: tracemalloc slows everything).
"""

import argparse
import asyncio
import json
import random
import sys
import time

DEFAULT_N = {
    "callsoon_chain": 1_000_000,
    "timers": 200_000,
    "sleep0_pingpong": 1_000_000,
    "wait_many": 100_000,
    "producer_consumer": 500_000,
}


async def callsoon_chain(n, opts):
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    left = n

    def hop():
        nonlocal left
        left -= 1
        if left:
            loop.call_soon(hop)
        else:
            finished.set_result(None)

    start = time.perf_counter()
    loop.call_soon(hop)
    await finished
    return time.perf_counter() - start, {}


async def timers(n, opts):
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    rng = random.Random(12345)
    delays = [rng.random() * 0.001 for _ in range(n)]
    want = (n + 1) // 2
    count = 0

    def fire():
        nonlocal count
        count += 1
        if count == want:
            finished.set_result(None)

    start = time.perf_counter()
    handles = [loop.call_later(d, fire) for d in delays]
    for h in handles[1::2]:
        h.cancel()
    await finished
    elapsed = time.perf_counter() - start
    await asyncio.sleep(0.005)
    return elapsed, {"fired": count, "expected": want}


async def sleep0_pingpong(n, opts):
    loop = asyncio.get_running_loop()
    workers, per = 100, n // 100

    async def worker():
        for _ in range(per):
            await asyncio.sleep(0)

    start = time.perf_counter()
    await asyncio.gather(*[loop.create_task(worker()) for _ in range(workers)])
    return time.perf_counter() - start, {"tasks": workers, "switches_per_task": per}


async def one_sleep0():
    await asyncio.sleep(0)


async def wait_many(n, opts):
    loop = asyncio.get_running_loop()
    if opts.mem:
        import tracemalloc
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        tasks = [loop.create_task(one_sleep0()) for _ in range(n)]
        pending = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        await asyncio.wait(tasks)
        return 0.0, {"bytes_per_pending_task": round(pending / n, 1)}
    start = time.perf_counter()
    tasks = [loop.create_task(one_sleep0()) for _ in range(n)]
    done, pending = await asyncio.wait(tasks)
    elapsed = time.perf_counter() - start
    assert len(done) == n and not pending
    return elapsed, {}


async def producer_consumer(n, opts):
    loop = asyncio.get_running_loop()
    q = asyncio.Queue(maxsize=1)
    result = []

    async def produce():
        for i in range(n):
            await q.put(i)

    async def consume():
        total = 0
        for _ in range(n):
            total += await q.get()
        result.append(total)

    start = time.perf_counter()
    await asyncio.gather(loop.create_task(produce()), loop.create_task(consume()))
    elapsed = time.perf_counter() - start
    assert result == [n * (n - 1) // 2]
    return elapsed, {"qsize": 1}


WORKLOADS = {f.__name__: f for f in (callsoon_chain, timers, sleep0_pingpong, wait_many, producer_consumer)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--loop", choices=["asyncio", "uvloop"], required=True)
    p.add_argument("--workload", choices=sorted(WORKLOADS), required=True)
    p.add_argument("--n", type=int)
    p.add_argument("--mem", action="store_true")
    opts = p.parse_args()
    n = opts.n or DEFAULT_N[opts.workload]
    if opts.loop == "uvloop":
        import uvloop
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        seconds, extra = loop.run_until_complete(WORKLOADS[opts.workload](n, opts))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
    out = {"loop": opts.loop, "workload": opts.workload, "n": n, "seconds": round(seconds, 6),
           "per_op_ns": round(seconds / n * 1e9, 2), "python": sys.version.split()[0]}
    out.update(extra)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
