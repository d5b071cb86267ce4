# Every statement form of the Loopscope subset (compiled by tst_compiler, never executed there).
import os
import os.path
import os.path as osp
from collections import deque, OrderedDict as OD
from functools import (
    partial,
    reduce,
)
from . import sibling
from .. import cousin as c2
from .pkg.mod import thing

CONSTANTS = (None, True, False, ..., 0, 7, 0x1F, 0o17, 0b1010, 1_000_000, 123456789012345678901234567890,
             0xFFFF_FFFF_FFFF_FFFF_FF, 1.5, 1e-3, 1_000.5, .5, 5., 2E10, "s", 's', """t""", '''u''',
             r"\d+", b"bytes\x00", rb"\x", "a" "b" 'c', "\n\t\\\'\"\x41\u00e9\101")
x: int = 1
y: "str"
total = count = 0
a, b = 1, 2
a, b = b, a
[p, q] = (1, 2)
first, *rest = range(5)
*init, last = range(5)
head, *middle, tail = [1, 2, 3, 4]
(m, (n, o)), r = (1, (2, 3)), 4
d = {}
d["k"] = d.get("k", 0)
d["k"] += 1
os.sep2 = "/"
os.sep2 += "/"
values = [1, 2, 3]
values[0:2] = [9, 9]
values[::2] = [0, 0]
del values[0], d["k"]
del values[:]
total += 1; count -= 1; total *= 2; total //= 3; total %= 5; total **= 2
total <<= 1; total >>= 1; total |= 8; total &= 15; total ^= 3; total /= 2; count @= None if False else count
assert total, "message"
assert count or True


def plain(a, b=2, *args, c, d=4, **kwargs):
    """Docstring."""
    global total
    total = a + b
    return (a, b, args, c, d, kwargs)


def posonly(a, b, /, c, *, d=1):
    return a, b, c, d


def flow(n):
    result = []
    for i in range(n):
        if i % 2 == 0:
            continue
        elif i > 7:
            break
        else:
            result.append(i)
    else:
        result.append(-1)
    while n > 0:
        n -= 1
        if n == 3:
            break
    else:
        pass
    while True:
        break
    return result


def exceptions(x):
    try:
        1 / x
    except ZeroDivisionError:
        return "zero"
    except (TypeError, ValueError) as e:
        raise RuntimeError("bad") from e
    except Exception as e:
        raise
    else:
        x += 1
    finally:
        x = None
    try:
        pass
    finally:
        pass
    try:
        return 1
    finally:
        print("cleanup")
    for i in range(3):
        try:
            continue
        finally:
            print(i)


def with_blocks(path):
    with open(path) as f:
        data = f.read()
    with open(path) as f, open(path) as g:
        both = f.read() + g.read()
    with (open(path) as f, open(path) as g):
        pass
    with lock:
        pass
    for i in range(2):
        with lock:
            if i:
                break
            continue
    with lock:
        return data, both


def closures():
    counter = 0

    def increment(step=1):
        nonlocal counter
        counter += step
        return counter

    def reader():
        return counter

    return increment, reader, lambda: counter


def generators(n):
    yield 1
    received = yield
    yield from range(n)
    value = yield from sub()
    return value


def comprehensions(rows):
    squares = [v * v for v in range(10) if v % 2 if v > 2]
    pairs = [(i, j) for i in range(3) for j in range(i)]
    uniq = {v % 3 for v in rows}
    index = {k: v for k, v in enumerate(rows)}
    lazy = (v for v in rows)
    nested = [[c for c in row] for row in rows]
    total = sum(v for v in rows)
    last = [(y := v) for v in rows]
    return squares, pairs, uniq, index, lazy, nested, total, last, y


def expressions(a, b, c):
    r = a if b else c
    r = -a ** 2, (-a) ** 2, a ** -b, 2 ** 3 ** 2, ~a, +a, not a
    r = a < b < c, a == b != c, a is b, a is not b, a in b, a not in b
    r = a and b or not c
    r = a | b ^ c & a << b >> c + a - b * c / a // b % c @ a
    r = [*a, *b], (*a,), {*a, 1}, {**a, "k": 1, **b}
    r = a[1], a[1:2], a[1:2:3], a[:], a[::], a[:, 1], a[1:, ::2]
    r = f(a, *b, k=1, **c)
    r = a.b.c(1)(2)[3]
    r = (lambda x, y=1, *z, w, **kw: x + y)(1, w=2)
    r = f"{a}", f"{a!r}", f"{a:>10}", f"{a!s:{b}.{c}}", f"{{literal}} {a=}", f"{a + 1 = }", rf"\d{a}"
    r = f"""multi
{a}
line"""
    r = "implicit" f"{a}" "concat"
    r = (yield)
    if (n := len(a)) > 10:
        pass
    print(r, sep="", end="\n")
    return r


@decorator
@decorator_factory(1, key="v")
def decorated():
    pass


class Base:
    attr = 1

    def __init__(self, value):
        self.value = value

    @property
    def double(self):
        return self.value * 2

    @staticmethod
    def make():
        return Base(0)

    @classmethod
    def build(cls, *args):
        return cls(*args)

    def __repr__(self):
        return f"Base({self.value!r})"


class Derived(Base, metaclass=type):
    attr = Base.attr + 1
    items = [attr for _ in range(2)]

    def __init__(self, value):
        super().__init__(value)
        self.extra = __class__

    class Inner:
        def method(self):
            return Derived


def uses_globals():
    global CONSTANTS, brand_new
    brand_new = CONSTANTS
    del brand_new


if __name__ == "__main__":
    print(plain(1, c=3), flow(10), exceptions(1))
