# Built-ins and control flow: while/for-else, isinstance, type names, conversions, reversed, range.
for n in [7, 9]:
    for d in range(2, n):
        if n % d == 0:
            print(n, "has divisor", d)
            break
    else:
        print(n, "is prime")
i = 0
while i < 10:
    i += 3
    if i == 6:
        continue
    print("while", i)
else:
    print("while ended normally at", i)
print(isinstance(3, int), isinstance(True, int), isinstance(3.0, (int, str)), type("s").__name__, type(None).__name__)
print(hex(255), bin(5), oct(8), int("0x1f", 16), int("101", 2), float("3.5"), str(3.50), bool(""), bool("0"))
print(len(range(0, 10, 3)), list(range(5, 0, -2)), range(10)[-1], 5 in range(10), list(reversed(range(3))))
print(abs(-7), pow(2, 8), divmod(17, 5), round(17 / 5, 1), sum([[1], [2]], []), max("apple", "pear", key=len))
print(callable(print), callable(3), id(None) == id(None), "abc".__len__(), list(iter([1, 2])))
x = 5
print("positive" if x > 0 else "non-positive", x and "truthy", 0 or "fallback", not x, None is None)
value = None
print(value or "default", [] == [], [] is [], 1 if [] else 2)
print(sorted([3, 1, 2], key=lambda v: -v), list(zip(*[(1, "a"), (2, "b")])), all(v > 0 for v in [1, 2]))
del x
try:
    print(x)
except NameError:
    print("x was deleted")
