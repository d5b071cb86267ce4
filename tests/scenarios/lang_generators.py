# Generators: lazy yield, yield from with a return value, send(), StopIteration.value, close and throw.
def numbers(n):
    print("  numbers starts")
    for i in range(n):
        print("  about to yield", i)
        yield i
    print("  numbers ends")
    return "numbers done"


gen = numbers(2)
print("created", type(gen).__name__)
print("next ->", next(gen))
print("next ->", next(gen))
try:
    next(gen)
except StopIteration as stop:
    print("StopIteration.value =", stop.value)


def delegator():
    result = yield from numbers(2)
    print("  yield from returned", repr(result))
    yield "last"


print(list(delegator()))


def accumulator():
    total = 0
    while True:
        value = yield total
        if value is None:
            return total
        total += value


acc = accumulator()
print("primed", acc.send(None))
print("send 5 ->", acc.send(5))
print("send 10 ->", acc.send(10))
try:
    acc.send(None)
except StopIteration as stop:
    print("returned", stop.value)


def guarded():
    try:
        yield 1
        yield 2
    except ValueError as e:
        print("  caught thrown", repr(e))
        yield "recovered"
    finally:
        print("  guarded finally")


g = guarded()
print(next(g), g.throw(ValueError("thrown in")))
g.close()
g2 = guarded()
print(next(g2))
g2.close()
print("closed; next gives", next(g2, "default"))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


out = []
for x in fib():
    if x > 100:
        break
    out.append(x)
print(out)


def with_result():
    yield "first"
    yield "second"
    return "the result"


# The return value ends list()/sorted()/max() quietly; next() and yield from see it.
print(list(with_result()), sorted(with_result()), max(with_result()), dict.fromkeys(with_result()))
it = with_result()
print(next(it), next(it), next(it, "default"))
it = with_result()
print(next(it), it.__next__())
try:
    next(it)
except StopIteration as e:
    print("StopIteration", repr(e.value))


def delegate():
    result = yield from with_result()
    yield result


print(tuple(delegate()))
