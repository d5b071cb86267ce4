# Coordinating phases: an Event broadcast to many waiters, Event.wait under wait_for with a timeout, and tasks that rendezvous in rounds.
import asyncio


async def runner(name, go, finished, delay):
    print(f"{name} ready")
    await go.wait()
    print(f"{name} started at {asyncio.get_running_loop().time():.1f}")
    await asyncio.sleep(delay)
    finished.append(name)
    print(f"{name} finished")
    return delay


async def rounds(name, steps, state):
    for i in range(steps):
        await asyncio.sleep(0.1 * (len(name)))
        state["arrived"] += 1
        print(f"{name} arrives for round {i} ({state['arrived']} waiting)")
        if state["arrived"] == state["parties"]:
            state["arrived"] = 0
            state["event"].set()
            state["event"] = asyncio.Event()
            print(f"round {i} released by {name}")
        else:
            await state["event"].wait()


async def main():
    go = asyncio.Event()
    finished = []
    tasks = [asyncio.create_task(runner(n, go, finished, d)) for n, d in [("ann", 0.3), ("bob", 0.1), ("cy", 0.2)]]
    await asyncio.sleep(0.5)
    try:
        await asyncio.wait_for(asyncio.Event().wait(), timeout=0.25)
    except asyncio.TimeoutError:
        print("nobody set that event")
    go.set()
    print("delays", await asyncio.gather(*tasks), "order", finished)
    go.clear()
    print("cleared:", go.is_set())
    state = {"arrived": 0, "parties": 3, "event": asyncio.Event()}
    await asyncio.gather(rounds("x", 2, state), rounds("yy", 2, state), rounds("zzz", 2, state))
    print("all rounds done at", round(asyncio.get_running_loop().time(), 2))


asyncio.run(main())
