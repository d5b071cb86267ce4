# Measuring elapsed time in async code: time.monotonic, perf_counter, loop.time and datetime deltas all follow the virtual clock.
import asyncio
import datetime
import time


async def timed_job(name, delay):
    t0 = time.monotonic()
    await asyncio.sleep(delay)
    elapsed = time.monotonic() - t0
    print(f"{name}: slept {delay}, measured {elapsed:.3f}")
    return elapsed


async def main():
    loop = asyncio.get_running_loop()
    start = time.perf_counter()
    started_at = datetime.datetime.now()
    print("start", started_at, started_at.isoformat(timespec="seconds"), loop.time())
    results = await asyncio.gather(timed_job("a", 0.25), timed_job("b", 1.5), timed_job("c", 0.75))
    print("results", [round(r, 3) for r in results])
    total = time.perf_counter() - start
    print(f"total {total:.2f}s loop.time={loop.time()}")
    deadline = loop.time() + 2
    while loop.time() < deadline:
        await asyncio.sleep(0.6)
        print("tick", round(loop.time(), 1), round(deadline - loop.time(), 2))
    delta = datetime.datetime.now() - started_at
    print("delta", delta, delta.total_seconds(), delta.seconds, delta.microseconds)
    td = datetime.timedelta(hours=1, minutes=30, seconds=5.5)
    print(td, td * 2, td // 2, td / datetime.timedelta(minutes=1), -td, repr(td))
    later = started_at + datetime.timedelta(days=45, hours=10)
    print(later, later.strftime("%A %d %B %Y %I:%M %p"), later.date(), later.weekday(), later.isoweekday())
    d = datetime.date(2024, 2, 28)
    print(d + datetime.timedelta(days=1), d + datetime.timedelta(days=2), d.replace(day=1), (datetime.date(2024, 12, 25) - d).days)
    print(datetime.datetime(2021, 1, 1, 12) < started_at, max(started_at, later) == later, d.strftime("%d/%m/%y %j"))
    print(time.time() - 1624030173.0, round(time.time()))


asyncio.run(main())
