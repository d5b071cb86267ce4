# run_until_complete on a future nobody completes: the loop has nothing ready and no timers, a deadlock.
import asyncio


async def helper():
    await asyncio.sleep(0.2)
    print("helper finished; nobody will set the future")


def main():
    loop = asyncio.new_event_loop()
    loop.create_task(helper())
    never = loop.create_future()
    print("waiting forever", end="")
    print("...")
    loop.run_until_complete(never)
    print("never printed")


main()
