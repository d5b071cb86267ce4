# A three-stage pipeline joined by bounded queues: seeded random work times, sentinels, per-stage stats and final ordering.
import asyncio
import random
from typing import List, Optional

random.seed(2024)
DONE = object()


async def source(out_q: asyncio.Queue, items: List[str]) -> int:
    for item in items:
        await out_q.put(item)
        print(f"[src] put {item!r} (qsize={out_q.qsize()})")
    await out_q.put(DONE)
    return len(items)


async def transform(in_q: asyncio.Queue, out_q: asyncio.Queue, name: str) -> int:
    handled = 0
    while True:
        item = await in_q.get()
        if item is DONE:
            await out_q.put(DONE)
            print(f"[{name}] done after {handled}")
            return handled
        await asyncio.sleep(random.choice([0.1, 0.2, 0.3]))
        result = item.upper()[::-1]
        handled += 1
        print(f"[{name}] {item} -> {result}")
        await out_q.put(result)


async def sink(in_q: asyncio.Queue, collected: List[str]) -> Optional[str]:
    while (item := await in_q.get()) is not DONE:
        collected.append(item)
        print(f"[sink] got {item} total={len(collected)}")
    return collected[-1] if collected else None


async def main() -> None:
    q1: asyncio.Queue = asyncio.Queue(maxsize=2)
    q2: asyncio.Queue = asyncio.Queue(maxsize=1)
    collected: List[str] = []
    words = ["alpha", "beta", "gamma", "delta", "eps"]
    results = await asyncio.gather(
        source(q1, words),
        transform(q1, q2, "xf"),
        sink(q2, collected),
    )
    print("results:", results)
    print("collected:", collected)
    loop = asyncio.get_running_loop()
    print(f"finished at t={loop.time():.1f}", q1.empty(), q2.empty())


if __name__ == "__main__":
    asyncio.run(main())
