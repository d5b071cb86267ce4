# TaskGroup as a structured gather: results read from tasks after the block, nested groups, names, and a child that fails after its siblings finished.
import asyncio


async def fetch(key, delay):
    await asyncio.sleep(delay)
    print(f"fetched {key} at {asyncio.get_running_loop().time():.2f}")
    return {"key": key, "len": len(key)}


async def fetch_all(keys):
    async with asyncio.TaskGroup() as tg:
        tasks = {k: tg.create_task(fetch(k, 0.1 * len(k)), name=f"fetch-{k}") for k in keys}
    return {k: t.result()["len"] for k, t in tasks.items()}


async def main():
    print(await fetch_all(["a", "bbb", "cc"]))
    async with asyncio.TaskGroup() as outer:
        t1 = outer.create_task(fetch_all(["dd", "e"]))
        t2 = outer.create_task(fetch("solo", 0.15))
        print("inside outer, names:", t2.get_name())
    print("nested:", t1.result(), t2.result()["key"])

    async def fail_late():
        await asyncio.sleep(0.3)
        raise LookupError("late failure")

    try:
        async with asyncio.TaskGroup() as tg:
            ok = tg.create_task(fetch("quick", 0.1))
            tg.create_task(fail_late())
    except* LookupError as eg:
        print("caught", [str(e) for e in eg.exceptions], "ok result:", ok.result()["key"])
    print("end at", round(asyncio.get_running_loop().time(), 2))


asyncio.run(main())
