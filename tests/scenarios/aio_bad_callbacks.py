# CPython checks a callback only in debug mode: call_soon(42) and call_later(0.1, "x") are scheduled
# and fail when run, reported to the exception handler while the loop goes on; call_soon_threadsafe
# is call_soon plus a self-pipe write the virtual selector never reports.
import asyncio

def hello(x):
    print("hello", x)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(42)
    loop.call_soon_threadsafe(hello, 1)
    h = loop.call_later(0.1, "notcallable")
    loop.call_soon(hello, 2)
    await asyncio.sleep(0.2)
    print("end")

asyncio.run(main())
