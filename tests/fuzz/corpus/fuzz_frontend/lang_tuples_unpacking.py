# Tuple packing, unpacking, star-unpacking, swaps and comparisons.
point = 3, 4
x, y = point
print(point, x, y, type(point).__name__)
a, b = 1, 2
a, b = b, a
print(a, b)
first, *rest = [1, 2, 3, 4]
*init, last = "abcd"
head, *middle, tail = range(6)
print(first, rest, init, last, head, middle, tail)
(p, q), r = (1, 2), 3
print(p, q, r)
for i, (name, score) in enumerate([("ann", 90), ("bob", 85)]):
    print(i, name, score)
print((1, 2, 3) < (1, 2, 4), (2,) > (1, 9), (1, 2) == (1, 2), max([(1, "b"), (1, "a")]))
t = (1, [2, 3])
t[1].append(4)
print(t, t.count(1), t.index([2, 3, 4]), len(t), t + (5,))
print(*[1, 2, 3], sep=", ")
print(*"ab", *[3], end="!\n")
merged = [*range(3), *"xy"]
print(merged, {**{"a": 1}, "b": 2})
