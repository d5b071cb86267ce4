# collections in everyday code: Counter arithmetic and most_common, defaultdict grouping, namedtuple _replace/_asdict/_fields, deque as a sliding window, OrderedDict moves.
from collections import Counter, OrderedDict, defaultdict, deque, namedtuple

text = "the quick brown fox jumps over the lazy dog the fox"
words = text.split()
c = Counter(words)
print(c.most_common(3), c["the"], c["missing"], len(c), sum(c.values()))
c2 = Counter("mississippi")
print(sorted(c2.items()), c2.most_common(2), sorted(c2.elements())[:5])
print(Counter(a=3, b=1) + Counter(a=1, c=2), Counter(a=3, b=1) - Counter(a=1, b=2), Counter(a=2) & Counter(a=1, b=1), Counter(a=1) | Counter(a=3))
c2.update("ss")
c2.subtract({"i": 4})
print(c2["s"], c2["i"], +c2 == Counter({k: v for k, v in c2.items() if v > 0}), c2.total())

by_len = defaultdict(list)
for w in words:
    by_len[len(w)].append(w)
print(dict(sorted(by_len.items())), by_len.default_factory.__name__)
counts = defaultdict(int)
for ch in "hello world":
    counts[ch] += 1
print(sorted(counts.items())[:4], counts["zz"], "zz" in counts)
nested = defaultdict(lambda: defaultdict(int))
nested["a"]["x"] += 1
nested["a"]["y"] += 2
print({k: dict(v) for k, v in nested.items()})

Point = namedtuple("Point", ["x", "y"])
Employee = namedtuple("Employee", "name dept salary", defaults=[50000])
p = Point(3, 4)
e = Employee("ann", "eng")
print(p, p.x + p.y, p._replace(x=10), p._asdict(), Point._fields, Employee._field_defaults)
print(e, e.salary, e._replace(salary=60000), tuple(e), e == ("ann", "eng", 50000), Point._make([5, 6]))
x, y = p
print(x, y, p[0], len(p), p.index(4), isinstance(p, tuple), sorted([Point(2, 1), Point(1, 5), Point(1, 2)]))

window = deque(maxlen=3)
for reading in [10, 12, 11, 15, 20, 18]:
    window.append(reading)
    print(f"reading {reading:>2} window {list(window)} avg {sum(window) / len(window):.2f}")
d = deque([1, 2, 3])
d.appendleft(0)
d.extend([4, 5])
d.rotate(2)
print(d, d.popleft(), d.pop(), d, d.count(2), d[1], list(reversed(d)), d.maxlen)
od = OrderedDict.fromkeys("abcde")
od.move_to_end("b")
od.move_to_end("e", last=False)
print(list(od), od.popitem(), od.popitem(last=False), list(od))
