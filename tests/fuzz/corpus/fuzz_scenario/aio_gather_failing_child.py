# gather without return_exceptions: the first failure propagates at once, the other children keep running.
import asyncio


async def child(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise KeyError(name)
    print("child", name, "done")
    return name


async def main():
    slow = asyncio.create_task(child("slow", 0.5))
    try:
        await asyncio.gather(child("fast", 0.1), child("bad", 0.2, fail=True), slow)
    except KeyError as e:
        print("gather raised", repr(e), "slow done?", slow.done())
    print("slow result", await slow)


asyncio.run(main())
