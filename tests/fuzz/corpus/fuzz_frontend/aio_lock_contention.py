# asyncio.Lock under contention: waiters acquire strictly in arrival order (FIFO).
import asyncio


async def critical(name, lock, hold):
    print(name, "wants the lock, locked =", lock.locked())
    async with lock:
        print(name, "holds the lock")
        await asyncio.sleep(hold)
        print(name, "releases")


async def main():
    lock = asyncio.Lock()
    await asyncio.gather(critical("a", lock, 0.3), critical("b", lock, 0.1), critical("c", lock, 0.2))
    print("all done, locked =", lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError:", e)


asyncio.run(main())
