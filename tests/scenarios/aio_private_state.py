# The private state lectures print (the seed walks through loop._ready and loop._scheduled): the
# ready deque of Handles (a __step made visible as CPython holds it), the heap array, and the waiters,
# values and queues of the primitives, as 3.11 keeps them.
import asyncio

async def worker(n, lock, ev):
    async with lock:
        await asyncio.sleep(0.1 * n)
    await ev.wait()
    return n

async def main():
    loop = asyncio.get_running_loop()
    lock = asyncio.Lock()
    ev = asyncio.Event()
    tasks = [asyncio.create_task(worker(i, lock, ev)) for i in range(3)]
    print([h._callback.__name__ for h in loop._ready])
    print([type(h).__name__ for h in loop._ready], len(loop._ready))
    print([h._callback.__self__.get_name() for h in loop._ready])
    print(list(loop._ready)[0])
    await asyncio.sleep(0)
    print(len(lock._waiters), lock.locked(), lock._locked)
    print([f.done() for f in lock._waiters])
    print([h.when() for h in loop._scheduled], [h._callback.__name__ for h in loop._scheduled])
    await asyncio.sleep(0.35)
    print(len(ev._waiters), ev._value)
    ev.set()
    print(len(loop._ready), [h._callback.__name__ for h in loop._ready])
    print(await asyncio.gather(*tasks))
    t = tasks[0]
    print(t._state, t._result, t._exception, t._callbacks)
    f = loop.create_future()
    f.add_done_callback(print)
    print(len(f._callbacks), f._callbacks[0][0] is print)
    f.cancel("bye")
    print(f._state, f._cancel_message, f._result)
    q = asyncio.Queue()
    q.put_nowait(1); q.put_nowait(2)
    print(q._queue, q._unfinished_tasks, q._maxsize, q._getters, q)
    pq = asyncio.PriorityQueue()
    for x in [5, 3, 4, 1]: pq.put_nowait(x)
    print(pq._queue, pq)
    lq = asyncio.LifoQueue()
    for x in [5, 3]: lq.put_nowait(x)
    print(lq._queue, lq)
    sem = asyncio.BoundedSemaphore(2)
    print(sem._value, sem._bound_value, sem._waiters)
    cond = asyncio.Condition()
    print(cond._waiters, type(cond._lock).__name__)
    h = loop.call_later(1, print)
    print(h._when, h._scheduled, h._cancelled, h._args)
    h.cancel()
    print(h._scheduled, h._cancelled, loop._timer_cancelled_count, loop._stopping, loop._clock_resolution)

asyncio.run(main())
