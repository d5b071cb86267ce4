# Every async construct of the subset (compiled by tst_compiler, never executed there).
import asyncio


async def coroutine(delay):
    await asyncio.sleep(delay)
    result = await asyncio.wait_for(asyncio.sleep(delay, result=1), timeout=1)
    return result + await other(await inner())


async def async_generator(n):
    for i in range(n):
        await asyncio.sleep(0)
        yield i
    yield


async def consumer():
    async for item in async_generator(3):
        if item == 1:
            continue
        if item == 5:
            break
    else:
        print("exhausted")
    values = [v async for v in async_generator(3)]
    awaited = [await coroutine(v) for v in range(2)]
    evens = {v async for v in async_generator(4) if v % 2 == 0}
    mapping = {v: await coroutine(v) async for v in async_generator(2)}
    lazy = (v * 2 async for v in async_generator(2))
    lazy_await = (await coroutine(v) for v in range(2))
    return values, awaited, evens, mapping, lazy, lazy_await


class Resource:
    async def __aenter__(self):
        await asyncio.sleep(0)
        return self

    async def __aexit__(self, *exc):
        return False

    def __await__(self):
        return iter(())


async def managers(lock):
    async with Resource() as r, lock:
        await r
    async with lock:
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            raise
        finally:
            await asyncio.sleep(0)
    while True:
        async with lock:
            break
    for i in range(2):
        async with lock:
            continue
    async with lock:
        return r


async def tasks():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_soon(fut.set_result, 1)
    task = asyncio.create_task(coroutine(0.1), name="t")
    done, pending = await asyncio.wait([task], return_when=asyncio.FIRST_COMPLETED)
    try:
        async with asyncio.timeout(1):
            await fut
    except TimeoutError:
        pass
    queue = asyncio.Queue(maxsize=2)
    await queue.put(1)
    item = await queue.get()
    queue.task_done()
    return await asyncio.gather(*[coroutine(i) for i in range(3)], return_exceptions=True)


def main():
    asyncio.run(tasks())


if __name__ == "__main__":
    main()


async def groups():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(coroutine(1))
            tg.create_task(coroutine(2))
    except* ValueError as eg:
        print("values", eg.exceptions)
    except* (TypeError, KeyError):
        pass
    finally:
        print("group done")
