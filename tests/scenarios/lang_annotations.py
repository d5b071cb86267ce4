# Annotations are evaluated and recorded: class bodies and the module get __annotations__ (a bare
# annotation creates no attribute), functions get theirs in CPython's parameter order, and a
# function-local annotation is never evaluated.
import asyncio
from typing import Optional


class Point:
    x: int
    y: int = 0
    label: "str" = "p"
    if True:
        z: float


class Task3:
    __slots__ = ()
    name: Optional[str]


retries: int = 3
timeout: float


def handler(a: int, /, b: "str" = "q", *rest: float, flag: bool = False, **extra: dict) -> None:
    local: undefined_name_is_never_evaluated = 1
    return local


async def fetch(url: str, *, delay: float = 0.1) -> str:
    await asyncio.sleep(delay)
    return url.upper()


def plain(a, b=2):
    return a + b


print(Point.__annotations__, hasattr(Point, "x"), Point.y, Point.label)
print(Task3.__annotations__)
print(__annotations__, retries, "timeout" in globals())
print(handler.__annotations__, handler(1))
print(fetch.__annotations__, plain.__annotations__, (lambda q: q).__annotations__)
print(asyncio.run(fetch("example.org", delay=0.5)))
plain.__annotations__ = {"a": int}
print(plain.__annotations__)


class Child(Point):
    w: bytes


print(Child.__annotations__, "w" in Point.__annotations__)
obj = Point()
obj.x: int = 5
print(obj.x)
