# Annotations evaluated at def time: PEP 604 unions (`int | None`), builtin generics (`list[int]`),
# asyncio.Queue[int] and collections generics, their reprs, equality, __args__, isinstance with a
# union, a dataclass and coroutines annotated with them, a user generic class (Box[int]), TypedDict
# and typing's introspection helpers.
import asyncio
from collections import Counter, OrderedDict, defaultdict, deque
from dataclasses import dataclass
from typing import Optional


@dataclass
class Job:
    name: str
    result: int | None = None
    tags: list[str] | None = None


async def worker(q: asyncio.Queue[Job], out: dict[str, int | None]) -> None:
    while not q.empty():
        job = q.get_nowait()
        await asyncio.sleep(0.1)
        job.result = len(job.name)
        out[job.name] = job.result


async def main() -> None:
    q: asyncio.Queue[Job] = asyncio.Queue()
    for name in ("alpha", "be", "gamma"):
        q.put_nowait(Job(name))
    out: dict[str, int | None] = {}
    await asyncio.gather(worker(q, out), worker(q, out))
    print(out)
    print(worker.__annotations__)
    print(Job.__annotations__)


asyncio.run(main())
forms = [int | None, None | int, int | str | None, int | int, list[int], dict[str, list[int]], tuple[int, ...],
         tuple[()], type[Job], set[str] | None, deque[int], defaultdict[str, int], OrderedDict[str, int], Counter[str],
         asyncio.Queue[int], asyncio.PriorityQueue[tuple[int, str]], asyncio.Future[str], asyncio.Task[None],
         dict[str, int | None] | list[Job], Optional[list[int]]]
for form in forms:
    print(form)
print((int | str) == (str | int), list[int] == list[int], list[int] == list[str], (int | None).__args__)
print(list[int].__origin__, list[int].__args__, list[int]("ab"), type(list[int]).__name__, type(int | str).__name__)
print(isinstance(3, int | str), isinstance(None, int | None), isinstance(2.5, int | str), issubclass(bool, int | str))
for bad in (lambda: isinstance([], list[int]), lambda: isinstance(1, int | list[int]), lambda: int | "str"):
    try:
        bad()
    except TypeError as e:
        print("TypeError", e)


# A user's generic class: Generic[T] as a base, Box[int] prints, calls and subclasses as in CPython.
from typing import Generic, TypeVar

T = TypeVar("T")


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def get(self) -> T:
        return self.item


class IntBox(Box[int]):
    pass


print(Box[int], Box[T], Box[int](7).get(), IntBox(3).get(), [c.__name__ for c in IntBox.__mro__])
print(Box[int] == Box[int], Box[int].__origin__ is Box, Box[int].__args__, Box.get.__annotations__)


import typing
from typing import TypedDict


class Order(TypedDict):
    item: str
    qty: int


class RushOrder(Order, total=False):
    deadline: float


def place(order: Order, note: "str" = None) -> None:
    pass


print(Order(item="potato", qty=3), type(RushOrder(item="leek", qty=1)).__name__, RushOrder.__total__,
      sorted(RushOrder.__required_keys__), sorted(RushOrder.__optional_keys__), typing.is_typeddict(Order))
print(typing.get_type_hints(place), typing.get_type_hints(RushOrder))
print(typing.get_origin(list[int]), typing.get_args(dict[str, int]), typing.get_origin(int), typing.get_args(int))
try:
    typing.assert_never("unexpected")
except AssertionError as e:
    print("AssertionError:", e)
