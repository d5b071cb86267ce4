# FIFO order of the ready deque: call_soon callbacks and new tasks' first steps interleave in scheduling order.
import asyncio


def plain(label):
    print("callback", label)


async def coro(label):
    print("task step", label)
    await asyncio.sleep(0)
    print("task resumes", label)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(plain, 1)
    t1 = asyncio.create_task(coro("A"))
    loop.call_soon(plain, 2)
    t2 = asyncio.create_task(coro("B"))
    loop.call_soon(plain, 3)
    print("main before await")
    await asyncio.sleep(0)
    print("main after one iteration")
    await t1
    await t2


asyncio.run(main())
