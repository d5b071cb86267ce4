# gather of coroutines wraps each in a task (in argument order), and a gather can be awaited inside another gather.
import asyncio


async def leaf(name, delay):
    await asyncio.sleep(delay)
    return name


async def branch(prefix):
    return await asyncio.gather(leaf(prefix + "1", 0.2), leaf(prefix + "2", 0.1))


async def main():
    result = await asyncio.gather(branch("a"), branch("b"), leaf("c", 0.05))
    print(result)
    print(await asyncio.gather())


asyncio.run(main())
