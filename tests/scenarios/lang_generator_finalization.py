# A suspended generator dropped by its last reference is closed at once (its finally runs):
# after break, return inside a for loop, zip's early stop, rebinding, del, and inside a coroutine;
# a generator never started or already finished has nothing to close.
import asyncio


def counter(name):
    n = 0
    try:
        while True:
            n += 1
            yield n
    finally:
        print(name, "closed after", n)


def take(it, k):
    out = []
    for v in it:
        out.append(v)
        if len(out) == k:
            return out


for x in counter("loop"):
    if x == 2:
        break
print("after break")
print(take(counter("take"), 3))
print([v for v, _ in zip(counter("zip"), range(2))])
print(next(iter(counter("next"))))
g = counter("rebound")
next(g)
g = counter("never started")
print("rebound")
g = None
print("dropped unstarted")
gens = [counter(f"list{i}") for i in range(2)]
for each in gens:
    next(each)
del gens, each
print("after del")
done = counter("finished")
next(done)
done.close()
done = None
print("after explicit close")


async def main():
    for v in counter("in-coro"):
        await asyncio.sleep(0.1)
        if v == 2:
            break
    print("coro loop done")
    held = counter("held")
    next(held)
    await asyncio.sleep(0.1)
    del held
    print("coro end")


asyncio.run(main())
