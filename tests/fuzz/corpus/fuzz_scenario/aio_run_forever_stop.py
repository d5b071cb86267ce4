# loop.stop() called from a task: run_forever returns after the current iteration; the loop can run again.
import asyncio


async def worker(loop):
    for i in range(3):
        print("worker", i)
        await asyncio.sleep(0.1)
        if i == 1:
            loop.stop()
            print("stop requested")
    return "worker done"


def main():
    loop = asyncio.new_event_loop()
    task = loop.create_task(worker(loop))
    loop.run_forever()
    print("run_forever returned, task done?", task.done(), "time", loop.time())
    print("resuming:", loop.run_until_complete(task))
    loop.close()
    print("closed", loop.is_closed())


main()
