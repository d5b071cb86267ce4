# Dataclasses as asyncio demo programs use them: orders flowing through a queue, frozen config,
# ordering, defaults and factories, __post_init__, InitVar, KW_ONLY, asdict/astuple/replace,
# inheritance, and the errors CPython raises for a bad definition or a bad call.
import asyncio
import dataclasses
from dataclasses import dataclass, field, asdict, astuple, replace, fields, InitVar, KW_ONLY
from enum import Enum
from typing import ClassVar, List, Optional


class Color(Enum):
    RED = 1
    GREEN = 2


@dataclass
class Order:
    id: int
    items: list = field(default_factory=list)
    note: Optional[str] = None
    color: Color = Color.RED
    created: ClassVar[int] = 0


@dataclass(frozen=True, order=True)
class Config:
    workers: int
    delay: float = 0.1
    name: str = field(default="pool", compare=False)


@dataclass
class Stats:
    done: int = 0
    failed: int = 0
    log: List[str] = field(default_factory=list, repr=False)


@dataclass
class Job(Order):
    priority: int = 5
    scale: InitVar[int] = 1
    cost: float = field(init=False)

    def __post_init__(self, scale):
        self.cost = len(self.items) * scale * 1.5


@dataclass
class Message:
    topic: str
    _: KW_ONLY
    body: str = ""
    retries: int


class Outer:
    @dataclass
    class Inner:
        x: int


async def worker(name, queue, stats, config):
    while True:
        order = await queue.get()
        await asyncio.sleep(config.delay)
        if not order.items:
            stats.failed += 1
            stats.log.append(f"{name}: empty {order.id}")
        else:
            stats.done += 1
            stats.log.append(f"{name}: {order!r}")
        queue.task_done()


async def main():
    config = Config(2, 0.25)
    print(config, config == Config(2, 0.25, "other"), config < Config(3), hash(config) == hash(Config(2, 0.25)))
    try:
        config.workers = 9
    except dataclasses.FrozenInstanceError as e:
        print(type(e).__name__, e, isinstance(e, AttributeError))
    queue = asyncio.Queue()
    stats = Stats()
    for i, items in enumerate([["egg"], [], ["ham", "jam"]]):
        queue.put_nowait(Order(i + 1, items, color=Color.GREEN if i else Color.RED))
    tasks = [asyncio.create_task(worker(f"w{n}", queue, stats, config)) for n in range(config.workers)]
    await queue.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(stats)
    for line in stats.log:
        print(" ", line)
    job = Job(7, ["a", "b"], priority=1, scale=4)
    print(job, [f.name for f in fields(job)])
    print(asdict(job))
    print(astuple(Order(2, [Order(3)])))
    print(replace(job, priority=9, scale=2))
    print(Message("t", retries=2), Message.__match_args__, Outer.Inner(1))
    print(Order.__init__.__qualname__, Order.__repr__.__qualname__, Order.__hash__, Order.__doc__)
    print(Order(1) == Order(1), Order(1) == Order(2), Order(1).__eq__(None), sorted([Config(3), Config(1, 2.0), Config(1)]))
    for args, kwargs in [((), {}), ((1, [], None, Color.RED, 5), {}), ((1,), {"nope": 1}), ((1,), {"id": 2})]:
        try:
            Order(*args, **kwargs)
        except TypeError as e:
            print("TypeError:", e)
    try:
        Message("t")
    except TypeError as e:
        print("TypeError:", e)
    try:
        @dataclass
        class Bad:
            x: int = 0
            y: int
    except TypeError as e:
        print("TypeError:", e)
    try:
        @dataclass
        class Shared:
            items: list = []
    except ValueError as e:
        print("ValueError:", e)
    try:
        replace(job, cost=1.0)
    except ValueError as e:
        print("ValueError:", e)
    print(dataclasses.is_dataclass(job), dataclasses.is_dataclass(Job), dataclasses.is_dataclass(config.workers))


asyncio.run(main())
