# collections: deque (maxlen, rotate), namedtuple, defaultdict and Counter.
from collections import Counter, defaultdict, deque, namedtuple

d = deque([1, 2, 3])
d.append(4)
d.appendleft(0)
print(d, d.pop(), d.popleft(), d, len(d), d[0], d[-1])
d.rotate(1)
print(d)
d.rotate(-2)
print(d, list(reversed(d)), 2 in d)
window = deque(maxlen=3)
for i in range(6):
    window.append(i)
print(window, window.maxlen)
d.extend([7, 8])
d.extendleft([9, 10])
print(d, d.count(7), deque())

Point = namedtuple("Point", ["x", "y"])
p = Point(1, y=2)
print(p, p.x, p[1], p._replace(x=5), p._asdict(), Point._fields, tuple(p), p == (1, 2))
x, y = p
print(x + y, Point(*[3, 4]))

groups = defaultdict(list)
for word in ["apple", "avocado", "banana", "blueberry", "cherry"]:
    groups[word[0]].append(word)
print(dict(groups), groups["z"], len(groups))
counter = defaultdict(int)
for ch in "hello":
    counter[ch] += 1
print(sorted(counter.items()))

c = Counter("abracadabra")
print(c)
print(c.most_common(2), c["a"], c["zzz"], sum(c.values()))
c.update("aaz")
print(c.most_common(1), Counter([1, 1, 2]) + Counter([2, 3]), list(Counter("aab").elements()))
