# Class toolkit of small programs: typing.NamedTuple (class and defaults), __slots__ with properties,
# functools.cached_property / singledispatch / wraps around a coroutine, heapq and seeded random.
import asyncio
import functools
import heapq
import math
import operator
import random
from typing import NamedTuple


class Point(NamedTuple):
    x: float
    y: float = 0.0

    def dist(self):
        return math.hypot(self.x, self.y)

class Account:
    __slots__ = ("owner", "_balance")
    count = 0

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        Account.count += 1

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, v):
        if v < 0:
            raise ValueError("negative")
        self._balance = v

    @classmethod
    def open(cls, owner):
        return cls(owner, 10)

    @staticmethod
    def fee(x):
        return round(x * 0.01, 2)

    def __repr__(self):
        return f"Account({self.owner!r}, {self._balance})"

    def __eq__(self, other):
        return isinstance(other, Account) and self.owner == other.owner

    def __hash__(self):
        return hash(self.owner)

    def __lt__(self, other):
        return self._balance < other._balance

class Cache:
    @functools.cached_property
    def value(self):
        print("computing")
        return 42

@functools.singledispatch
def describe(x):
    return "thing"

@describe.register
def _(x: int):
    return "int"

@describe.register(list)
def _(x):
    return "list"

def logged(fn):
    @functools.wraps(fn)
    async def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return await fn(*args, **kwargs)
    return wrapper

@logged
async def deposit(acct, amount):
    await asyncio.sleep(0.01)
    acct.balance += amount
    return acct.balance

async def main():
    p = Point(3, 4)
    print(p, p.dist(), p._replace(y=1), p._asdict(), Point._fields, p[0], len(p))
    a = Account.open("ann")
    b = Account("bob", 5)
    print(await deposit(a, 5), await asyncio.gather(deposit(b, 1), deposit(b, 2)), deposit.__name__)
    print(sorted([a, b]), a == Account("ann"), len({a, Account("ann")}), Account.count, Account.fee(123))
    try:
        a.balance = -1
    except ValueError as e:
        print("ValueError", e)
    try:
        a.extra = 1
    except AttributeError as e:
        print("AttributeError", e)
    c = Cache()
    print(c.value, c.value)
    print(describe(1), describe([1]), describe("s"))
    print(sorted([p, Point(1, 1)], key=operator.attrgetter("x")), heapq.nlargest(2, [5, 1, 8, 3]), heapq.nsmallest(2, [5, 1, 8, 3]))
    random.seed(42)
    items = list(range(10))
    random.shuffle(items)
    print(items, random.choice(items), random.sample(items, 3), random.randint(1, 6), round(random.random(), 6))
    print(random.choices("abc", k=5), round(random.uniform(1, 2), 6), random.randrange(0, 100, 5))
    print(math.floor(-2.5), math.ceil(2.1), math.sqrt(2), math.pi, math.isclose(0.1 + 0.2, 0.3), math.factorial(10), math.gcd(12, 18))
    print(divmod(-7, 2), -7 // 2, -7 % 2, 2 ** -1, 7 / 2, int(-3.9), abs(-2.5), pow(2, 10, 1000), round(-0.5))

asyncio.run(main())
