# asyncio.wait with a timeout inside a task: the timer handle is cancelled when all tasks finish first.
import asyncio


async def job(delay):
    await asyncio.sleep(delay)
    return delay


async def main():
    fast = [asyncio.create_task(job(0.1)), asyncio.create_task(job(0.2))]
    done, pending = await asyncio.wait(fast, timeout=5)
    print("all done before the timeout:", len(done), len(pending), asyncio.get_running_loop().time())
    slow = asyncio.create_task(job(2))
    done, pending = await asyncio.wait([slow], timeout=0.5)
    print("timed out:", len(done), len(pending), slow.done())
    print("slow still finishes:", await slow)


asyncio.run(main())
