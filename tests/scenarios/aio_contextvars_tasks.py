# contextvars in asyncio (3.11): each Task runs in a copy of the Context current when it was
# created, so a child's sets never reach its parent; call_soon/call_later/call_at and
# add_done_callback run callbacks in a copy taken when they were scheduled, or in context=.
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="-")
trail = contextvars.ContextVar("trail", default=())


def note(where):
    print(f"  {where}: request_id={request_id.get()} trail={trail.get()}")


async def child(name, delay):
    note(f"{name} starts")
    trail.set(trail.get() + (name,))
    await asyncio.sleep(delay)
    note(f"{name} after sleep")
    return f"{name}:{request_id.get()}"


async def handle_request(rid):
    token = request_id.set(rid)
    note(f"handler {rid}")
    # The child copies the handler's Context now; the handler's later set is not seen by it.
    task = asyncio.create_task(child(f"child-{rid}", 0.1))
    request_id.set(rid + "-later")
    results = await asyncio.gather(child(f"g-{rid}", 0.2), task)
    note(f"handler {rid} after gather")
    request_id.reset(token)
    try:
        request_id.reset(token)
    except RuntimeError as exc:
        print("  reset twice:", type(exc).__name__, str(exc).split(" var=")[0])
    return results


def callback(label):
    note(f"callback {label}")
    request_id.set("set-by-" + label)


async def callbacks():
    loop = asyncio.get_running_loop()
    request_id.set("at-schedule")
    loop.call_soon(callback, "soon")
    handle = loop.call_later(0.05, callback, "later")
    ctx = contextvars.copy_context()
    loop.call_soon(callback, "in-ctx", context=ctx)
    at = loop.call_at(loop.time() + 0.01, callback, "at-ctx", context=ctx)
    print("  handle contexts:", handle._context[request_id], at._context is ctx)
    request_id.set("after-schedule")
    await asyncio.sleep(0.1)
    note("callbacks after sleep")
    print("  ctx now holds:", ctx[request_id])

    fut = loop.create_future()
    fut.add_done_callback(lambda f: note(f"done callback result={f.result()}"))
    other = contextvars.Context()
    other.run(request_id.set, "other-ctx")
    fut.add_done_callback(lambda f: note("done callback in other"), context=other)
    print("  callbacks list:", [c[1].get(request_id) for c in fut._callbacks])
    request_id.set("before-result")
    fut.set_result(42)
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: note("late done callback"))
    await asyncio.sleep(0)


async def main():
    request_id.set("main")
    results = await asyncio.gather(handle_request("a"), handle_request("b"))
    print("concurrent:", results)
    note("main after concurrent")
    print("callbacks:")
    await callbacks()
    note("main after callbacks")


asyncio.run(main())
note("top level after run")
