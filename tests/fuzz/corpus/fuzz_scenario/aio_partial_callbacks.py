# functools.partial as a callback: the trace names the wrapped function; args bound in the partial stay inside.
import asyncio
import functools


def greet(greeting, name, punctuation="!"):
    print(greeting + ", " + name + punctuation)


def on_done(label, fut):
    print(label, "saw", fut.result())


async def job():
    await asyncio.sleep(0.1)
    return "job value"


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(functools.partial(greet, "hello"), "world")
    loop.call_later(0.2, functools.partial(greet, "bye", punctuation="."), "all")
    loop.call_soon(functools.partial(functools.partial(greet, "nested"), "partial"))
    task = asyncio.create_task(job())
    task.add_done_callback(functools.partial(on_done, "partial done-callback"))
    await task
    await asyncio.sleep(0.2)


asyncio.run(main())
