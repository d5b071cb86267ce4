# A bare Future resolved by call_later(fut.set_result), awaited by a task and by run_until_complete.
import asyncio


async def wait_for_it(fut):
    print("waiting on the future")
    value = await fut
    print("future gave", value)
    return value * 2


def main():
    loop = asyncio.new_event_loop()
    fut = loop.create_future()
    loop.call_later(0.5, fut.set_result, 21)
    task = loop.create_task(wait_for_it(fut))
    print("task result", loop.run_until_complete(task))
    other = loop.create_future()
    loop.call_later(0.25, other.set_exception, LookupError("nothing there"))
    try:
        loop.run_until_complete(other)
    except LookupError as e:
        print("run_until_complete raised", repr(e), "at", loop.time())
    plain = loop.create_future()
    loop.call_soon(plain.set_result, "direct")
    print(loop.run_until_complete(plain))
    loop.close()


main()
