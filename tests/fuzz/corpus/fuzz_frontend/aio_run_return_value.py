# asyncio.run returns the coroutine's value; each asyncio.run gets a fresh loop and a fresh iteration count.
import asyncio


async def answer(x):
    await asyncio.sleep(0.1)
    return {"answer": x, "loop time": asyncio.get_running_loop().time()}


print("first run:", asyncio.run(answer(41)))
print("second run:", asyncio.run(answer(42)))
