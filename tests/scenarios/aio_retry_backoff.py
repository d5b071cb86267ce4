# Retrying a flaky operation with exponential backoff and jitter from a seeded random, per-attempt timeouts, and a summary table.
import asyncio
import random

random.seed(11)


class TransientError(Exception):
    pass


async def flaky_call(name, attempt):
    latency = random.choice([0.05, 0.1, 0.4])
    await asyncio.sleep(latency)
    if random.random() < 0.5:
        raise TransientError(f"{name} attempt {attempt} failed after {latency}s")
    return f"{name}-ok@{attempt}"


async def with_retry(name, attempts=4, base=0.1, timeout=0.3):
    loop = asyncio.get_running_loop()
    start = loop.time()
    for attempt in range(1, attempts + 1):
        try:
            result = await asyncio.wait_for(flaky_call(name, attempt), timeout)
            return name, result, attempt, round(loop.time() - start, 3)
        except (TransientError, asyncio.TimeoutError) as e:
            kind = type(e).__name__
            delay = base * 2 ** (attempt - 1) + random.uniform(0, 0.05)
            print(f"{loop.time():.3f} {name}: {kind} {e}; retry in {delay:.3f}s")
            await asyncio.sleep(delay)
    return name, None, attempts, round(loop.time() - start, 3)


async def main():
    results = await asyncio.gather(*(with_retry(n) for n in ["alpha", "beta"]))
    print(f"{'name':<6} {'result':<12} {'tries':>5} {'time':>6}")
    for name, result, tries, took in results:
        print(f"{name:<6} {str(result):<12} {tries:>5} {took:>6.3f}")
    ok = sum(1 for r in results if r[1])
    print(f"{ok}/{len(results)} succeeded")


asyncio.run(main())
