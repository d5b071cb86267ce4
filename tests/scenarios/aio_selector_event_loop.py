# asyncio.SelectorEventLoop() made directly (the class new_event_loop() instantiates), set as the
# current loop, driven with run_until_complete and run_forever, then closed.
import asyncio


async def hello(n):
    await asyncio.sleep(0.1 * n)
    print("hello", n)
    return n


loop = asyncio.SelectorEventLoop()
print(isinstance(loop, asyncio.AbstractEventLoop), type(loop) is asyncio.SelectorEventLoop, loop.is_running(), loop.is_closed())
asyncio.set_event_loop(loop)
print(loop.run_until_complete(asyncio.gather(hello(2), hello(1))))
print(asyncio.get_event_loop() is loop, round(loop.time(), 3))
loop.call_later(0.3, loop.stop)
loop.call_soon(print, "soon")
loop.run_forever()
print("stopped at", round(loop.time(), 3))
loop.close()
print(loop.is_closed())
other = asyncio.SelectorEventLoop()
print(other is not loop, other.run_until_complete(hello(0)))
other.close()
