# contextvars in asyncio (3.11), explicit contexts: create_task(context=) runs the task in that very
# Context (its sets stay there), a task factory gets context= only when one was given, TaskGroup
# passes it on, asyncio.Runner shares one Context between its runs, and a callback whose Context is
# already entered fails in the loop's exception handler.
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


def callback(label):
    note(f"callback {label}")
    request_id.set("set-by-" + label)


async def explicit_context():
    ctx = contextvars.Context()
    ctx.run(request_id.set, "given")
    task = asyncio.create_task(child("explicit", 0), name="explicit-task", context=ctx)
    print("  name:", task.get_name(), "result:", await task)
    print("  the task's sets stay in ctx:", ctx[trail], trail.get())

    loop = asyncio.get_running_loop()
    seen = []

    def factory(loop, coro, **kwargs):
        seen.append(sorted(kwargs))
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(factory)
    await loop.create_task(child("factory-plain", 0))
    await loop.create_task(child("factory-ctx", 0), context=ctx)
    loop.set_task_factory(None)
    print("  factory kwargs:", seen)

    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(child("tg-copy", 0))
        t2 = tg.create_task(child("tg-ctx", 0), context=ctx)
    print("  taskgroup:", t1.result(), t2.result(), ctx[trail])


async def main():
    request_id.set("main")
    await explicit_context()


asyncio.run(main())
note("top level after run")


async def set_in_runner(value):
    request_id.set(value)
    return request_id.get()


async def read_in_runner():
    return request_id.get()


with asyncio.Runner() as runner:
    print("runner:", runner.run(set_in_runner("shared")), runner.run(read_in_runner()))
    fresh = contextvars.Context()
    print("runner with context:", runner.run(read_in_runner(), context=fresh), runner.run(read_in_runner()))
note("top level after runner")


async def entered_twice(ctx):
    loop = asyncio.get_running_loop()
    errors = []
    loop.set_exception_handler(lambda loop, context: errors.append(context["exception"]))
    loop.call_soon(callback, "entered", context=ctx)
    await asyncio.sleep(0)
    for exc in errors:
        print("  handler got:", type(exc).__name__, str(exc).split(":")[0])
    loop.set_exception_handler(None)


outer = contextvars.copy_context()
outer.run(asyncio.run, entered_twice(outer))
