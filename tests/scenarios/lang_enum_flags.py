# Enum, IntEnum and Flag in a small state machine: auto() values, lookups by value and name, IntEnum
# arithmetic, Flag composition (|, &, ~, in, iteration), composite names and reprs, invalid values.
import asyncio
import enum
from enum import Enum, IntEnum, Flag, auto


class State(Enum):
    IDLE = auto()
    RUNNING = auto()
    DONE = auto()


class Prio(IntEnum):
    LOW = 1
    HIGH = 10


class Perm(Flag):
    R = 4
    W = 2
    X = 1


async def machine(name):
    state = State.IDLE
    for _ in range(2):
        await asyncio.sleep(0)
        state = State(state.value + 1)
        print(name, state, state.name, repr(state))
    return state


async def main():
    print(await asyncio.gather(machine("a"), machine("b")))
    print(list(State), State["DONE"], State.IDLE in State, len(State))
    print(Prio.HIGH > Prio.LOW, Prio.HIGH + 1, sorted([Prio.HIGH, Prio.LOW]), int(Prio.LOW), f"{Prio.HIGH}")
    rw = Perm.R | Perm.W
    print(rw, repr(rw), Perm.R in rw, Perm.X in rw, bool(Perm(0)), Perm(5))
    print(State.IDLE is State(1), State.RUNNING == 2, {s.name: s.value for s in State})
    print(~Perm.R, list(rw), len(rw), Perm.R & rw, (Perm.R ^ rw).name, Perm(0), repr(Perm(0)), Perm(7))
    try:
        Perm(8)
    except ValueError as e:
        print(e)
    print(list(State.__members__), str(Prio.LOW), format(State.DONE))
    try:
        State(9)
    except ValueError as e:
        print(e)


asyncio.run(main())
