# Semaphore limits concurrency to 2; BoundedSemaphore refuses an extra release with ValueError.
import asyncio


inside = []


async def limited(name, sem, delay):
    async with sem:
        inside.append(name)
        print(name, "enters, inside now", inside)
        await asyncio.sleep(delay)
        inside.remove(name)
        print(name, "leaves")


async def main():
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(f"job{i}", sem, 0.1 * (i + 1)) for i in range(4)))
    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    print("bounded locked?", bounded.locked())
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
