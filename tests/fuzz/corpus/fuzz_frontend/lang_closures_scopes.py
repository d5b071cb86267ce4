# Closures, nonlocal, global, and late binding of loop variables in lambdas.
counter_total = 0


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        global counter_total
        count += by
        counter_total += by
        return count

    return step


c1 = make_counter(10)
c2 = make_counter(100)
print(c1(), c1(), c2(5), c1(3), counter_total)

late = [lambda: i for i in range(3)]
bound = [lambda i=i: i for i in range(3)]
print([f() for f in late], [f() for f in bound])


def outer():
    x = "enclosing"

    def inner():
        return x

    x = "rebound"
    return inner


print(outer()())


def adders():
    return [lambda v, n=n: v + n for n in (1, 10)]


print([add(5) for add in adders()])


def shadow():
    counter_total = -1
    return counter_total


print(shadow(), counter_total)
try:
    def broken():
        print(undefined_name)
    broken()
except NameError as e:
    print("NameError:", e)
