# The match statement (PEP 634) drives an asyncio command dispatcher: literal, capture, wildcard,
# value, group, sequence (with star), mapping (with **rest), class (positional through __match_args__
# and keyword), OR and AS patterns, guards, bindings kept after a failed guard, str not a sequence.
import asyncio
from collections import deque, namedtuple
from dataclasses import dataclass
from enum import Enum


class Color(Enum):
    RED = 1
    GREEN = 2


@dataclass
class Point:
    x: int
    y: int


class Job:
    __match_args__ = ("name", "delay")

    def __init__(self, name, delay):
        self.name = name
        self.delay = delay


Pair = namedtuple("Pair", "left right")


def describe(command):
    match command:
        case 0 | 1 | 2 as small:
            return f"small {small}"
        case -1:
            return "minus one"
        case "go" | b"go":
            return "go " + type(command).__name__
        case None:
            return "none"
        case True:
            return "true"
        case Color.RED:
            return "red"
        case (Color.GREEN):
            return "green"
        case []:
            return "empty sequence"
        case [x]:
            return f"one item {x}"
        case [first, *middle, last] if len(middle) > 1:
            return f"long {first}..{last} middle={middle}"
        case (a, b, *_):
            return f"pair-ish {a} {b}"
        case {"action": "sleep", "seconds": float() | int() as secs, **rest}:
            return f"sleep {secs} rest={rest}"
        case {"action": action}:
            return f"action {action}"
        case {}:
            return "empty mapping"
        case Point(x=0, y=0):
            return "origin"
        case Point(0, y):
            return f"on y axis at {y}"
        case Point(x, y) if x == y:
            return f"diagonal {x}"
        case Point(x=px):
            return f"point x={px}"
        case Job(name, delay=0.0):
            return f"instant job {name}"
        case Job(str(name), d):
            return f"job {name} after {d}"
        case str() as text if len(text) > 3:
            return f"long text {text!r}"
        case str(text):
            return f"short text {text!r}"
        case int(n) | float(n):
            return f"number {n}"
        case _:
            return "unknown " + type(command).__name__


async def dispatcher(queue, name):
    while True:
        command = await queue.get()
        match command:
            case ("stop",):
                queue.task_done()
                print(name, "stops")
                return
            case ("wait", float(t) | int(t)):
                await asyncio.sleep(t)
                print(name, "waited", t)
            case _:
                print(name, "->", describe(command))
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    workers = [asyncio.create_task(dispatcher(queue, f"w{i}")) for i in range(2)]
    commands = [0, 2, -1, "go", b"go", None, True, 1.0, Color.RED, Color.GREEN, [], (7,), [1, 2, 3, 4],
                (1, 2, 3), deque([5, 6]), range(3), "abc", "abcdef", Pair(8, 9),
                {"action": "sleep", "seconds": 0.5, "why": "test"}, {"action": "jump"}, {"other": 1}, {},
                Point(0, 0), Point(0, 4), Point(3, 3), Point(5, 6), Job("a", 0.0), Job("b", 2), Job(3, 4),
                42, 2.5, frozenset(), ("wait", 0.1), ("wait", 1)]
    for command in commands:
        queue.put_nowait(command)
    await queue.join()
    for _ in workers:
        queue.put_nowait(("stop",))
    await asyncio.gather(*workers)

    # A failed guard still leaves its captures bound; a failed pattern binds nothing new.
    value = (1, 2)
    match value:
        case (p, q) if p > q:
            print("descending")
        case _:
            print("guard failed, p and q are", p, q)
    # Captures inside a class pattern from a subclass, and the subject itself for builtins.
    match True:
        case int(v):
            print("bool is an int:", v)
    match {"a": 1, "b": 2}:
        case {"a": 1, **others}:
            print("others", others)
    match [1, [2, [3, 4]]]:
        case [_, [_, [*inner]]]:
            print("nested", inner)
    # A class pattern with too many positional sub-patterns is a TypeError at run time.
    try:
        match Point(1, 2):
            case Point(1, 2, 3):
                pass
    except TypeError as error:
        print("TypeError:", error)
    try:
        match 5:
            case int(1, 2):
                pass
    except TypeError as error:
        print("TypeError:", error)
    match = {"soft": "keyword"}
    case = match["soft"]
    print(match, case)


asyncio.run(main())
