# asyncio.Runner: one loop for several run() calls; closing cancels what is left, then shuts down
# async generators and the executor; a closed runner refuses to run; asyncio.run checks its argument.
import asyncio

async def main(x):
    await asyncio.sleep(0.1)
    print("main", x, asyncio.get_running_loop() is loop)
    return x * 2

with asyncio.Runner() as runner:
    loop = runner.get_loop()
    print(runner.run(main(1)))
    print(runner.run(main(2)))
    t = loop.create_task(asyncio.sleep(5))
print(loop.is_closed(), t.cancelled())
try:
    runner.run(main(3))
except RuntimeError as e:
    print("closed:", e)
try:
    asyncio.run(42)
except ValueError as e:
    print(e)
r = asyncio.Runner()
r.close()
print("closed twice ok")
