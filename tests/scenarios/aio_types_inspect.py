# types and inspect around coroutines: @types.coroutine generator-based awaitables (a bare yield
# gives the loop a turn, `yield from` a future), coroutine and generator states, the is*
# predicates, and types.SimpleNamespace.
import asyncio
import functools
import inspect
import types


@types.coroutine
def sleep0():
    print("sleep0 yields to the loop")
    yield


@types.coroutine
def doubled(fut):
    value = yield from fut
    return value * 2


async def worker(name):
    for i in range(2):
        print(name, "step", i)
        await sleep0()
    return name


def gen():
    yield 1


async def agen():
    yield 1


async def main():
    co = worker("w")
    print(inspect.getcoroutinestate(co), inspect.iscoroutine(co), inspect.isawaitable(co))
    t = asyncio.create_task(co)
    await asyncio.sleep(0)
    print(inspect.getcoroutinestate(co))
    await t
    print(inspect.getcoroutinestate(co), t.result())
    print(await asyncio.gather(worker("a"), worker("b")))
    fut = asyncio.get_running_loop().create_future()
    asyncio.get_running_loop().call_later(0.1, fut.set_result, 21)
    print(await doubled(fut), inspect.isawaitable(fut), inspect.isawaitable(sleep0()), inspect.isawaitable(gen()))
    g = gen()
    print(inspect.getgeneratorstate(g), next(g), inspect.getgeneratorstate(g), list(g), inspect.getgeneratorstate(g))
    print([inspect.iscoroutinefunction(f) for f in (main, gen, agen, functools.partial(worker, "x"), print)])
    print([inspect.isgeneratorfunction(f) for f in (main, gen, agen)], inspect.isasyncgenfunction(agen))
    print(inspect.isfunction(gen), inspect.isclass(int), inspect.isbuiltin(len), inspect.unwrap(sleep0).__name__)
    ns = types.SimpleNamespace(name="job", retries=3)
    ns.done = False
    print(ns, ns == types.SimpleNamespace(name="job", retries=3, done=False), vars(ns), types.SimpleNamespace())
    print(isinstance(main, types.FunctionType), isinstance(g, types.GeneratorType), types.NoneType,
          type(int | None) is types.UnionType, type(list[int]) is types.GenericAlias)


asyncio.run(main())
