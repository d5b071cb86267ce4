# Generator pipelines and itertools: chain, islice, count, cycle, groupby, accumulate, product, permutations, combinations, zip_longest, starmap, takewhile.
import itertools
import operator


def read_records():
    data = ["ann,eng,120", "bob,ops,90", "cat,eng,150", "dan,ops,95", "eve,hr,70"]
    for line in data:
        print("  reading", line.split(",")[0])
        yield line


def parse(lines):
    for line in lines:
        name, dept, pay = line.split(",")
        yield {"name": name, "dept": dept, "pay": int(pay)}


def high_paid(records, limit):
    return (r for r in records if r["pay"] >= limit)


pipeline = high_paid(parse(read_records()), 95)
print("pipeline built")
for rec in pipeline:
    print("got", rec["name"], rec["pay"])


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


print(list(itertools.islice(fib(), 12)), list(itertools.islice(fib(), 5, 10, 2)))
print(list(itertools.takewhile(lambda x: x < 30, fib())), list(itertools.dropwhile(lambda x: x < 30, itertools.islice(fib(), 12))))
print(list(zip(itertools.count(10, 5), "abc")), list(itertools.islice(itertools.cycle("xy"), 5)))
print(list(itertools.chain([1, 2], (3,), "ab")), list(itertools.chain.from_iterable([[1], [2, 3]])))
print(list(itertools.accumulate([1, 2, 3, 4])), list(itertools.accumulate([3, 1, 4, 1, 5], max)), list(itertools.accumulate([1, 2, 3], operator.mul, initial=10)))
rows = sorted([("eng", "ann"), ("ops", "bob"), ("eng", "cat"), ("hr", "eve"), ("ops", "dan")])
for dept, grp in itertools.groupby(rows, key=lambda r: r[0]):
    print(dept, [name for _, name in grp])
print([(k, len(list(g))) for k, g in itertools.groupby("aaabccdaa")])
print(list(itertools.product("ab", [1, 2])), len(list(itertools.product(range(3), repeat=3))))
print(list(itertools.permutations([1, 2, 3], 2)), list(itertools.combinations("abcd", 3)))
print(list(itertools.combinations_with_replacement("ab", 2)), list(itertools.zip_longest([1, 2, 3], "ab", fillvalue="-")))
print(list(itertools.starmap(pow, [(2, 5), (3, 2)])), list(itertools.repeat("z", 3)), list(itertools.compress("abcdef", [1, 0, 1, 0, 1, 1])))
print(list(itertools.filterfalse(lambda x: x % 3, range(10))), list(itertools.pairwise([1, 4, 9, 16])))
a, b = itertools.tee([1, 2, 3])
print(list(a), list(b))


def delegating():
    total = yield from sub(3)
    print("sub returned", total)
    received = yield "last"
    print("received", received)
    return "finished"


def sub(n):
    s = 0
    for i in range(n):
        got = yield i
        s += got or 0
    return s


g = delegating()
print(next(g), g.send(10), g.send(20), g.send(30))
try:
    g.send("hello")
except StopIteration as stop:
    print("stop value", stop.value)

squares = (x * x for x in range(5))
print(sum(squares), sum(squares), list(map(str.upper, ["a", "b"])), list(filter(None, [0, 1, "", "x", None, []])))
print(any(x > 3 for x in range(5)), all(x < 3 for x in range(5)), next(iter([]), "empty"), list(enumerate("ab", start=1)))
it = iter(range(3))
print(next(it), list(it), list(it))
print(sorted(zip([3, 1, 2], "cab")), list(zip(*[(1, "a"), (2, "b")])), dict(enumerate("xyz")))
