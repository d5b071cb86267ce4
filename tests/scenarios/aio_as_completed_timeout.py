# asyncio.as_completed with a timeout: _on_timeout queues a dummy per pending future, every later
# _wait_for_one raises TimeoutError, and a timeout that never fires is cancelled by _on_completion.
import asyncio


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(job(n, d)) for n, d in [("slow", 1.0), ("fast", 0.1), ("mid", 0.4), ("late", 0.8)]]
    for i, next_done in enumerate(asyncio.as_completed(tasks, timeout=0.5)):
        try:
            print(i, "got", await next_done, "at", loop.time())
        except asyncio.TimeoutError:
            print(i, "timed out at", loop.time())
    print("done flags:", [t.done() for t in tasks])
    quick = [asyncio.create_task(job(n, 0.05)) for n in "ab"]
    for next_done in asyncio.as_completed(quick, timeout=10):
        print("quick", await next_done, loop.time())
    print("slow still finishes:", await tasks[0], loop.time())


asyncio.run(main())
