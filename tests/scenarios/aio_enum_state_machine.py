# A job state machine with enum: Enum/IntEnum/auto members, lookups by value and name, allowed transitions in a dict, and async workers moving jobs through states.
import asyncio
from enum import Enum, IntEnum, auto


class State(Enum):
    QUEUED = auto()
    RUNNING = auto()
    DONE = auto()
    FAILED = auto()


class Priority(IntEnum):
    LOW = 1
    NORMAL = 5
    URGENT = 10


ALLOWED = {
    State.QUEUED: {State.RUNNING},
    State.RUNNING: {State.DONE, State.FAILED},
    State.DONE: set(),
    State.FAILED: {State.QUEUED},
}


class Job:
    def __init__(self, name, priority):
        self.name = name
        self.priority = priority
        self.state = State.QUEUED
        self.history = [self.state.name]

    def move(self, new):
        if new not in ALLOWED[self.state]:
            raise ValueError(f"{self.name}: {self.state.name} -> {new.name} not allowed")
        self.state = new
        self.history.append(new.name)


async def run(job, fail_once):
    job.move(State.RUNNING)
    await asyncio.sleep(0.1 * (11 - job.priority))
    if fail_once and len(job.history) == 2:
        job.move(State.FAILED)
        print(f"{job.name} failed, requeued")
        job.move(State.QUEUED)
        return await run(job, fail_once)
    job.move(State.DONE)
    print(f"{job.name} done: {' > '.join(job.history)}")
    return job.state


async def main():
    jobs = [Job("build", Priority.URGENT), Job("docs", Priority.LOW), Job("test", Priority.NORMAL)]
    jobs.sort(key=lambda j: j.priority, reverse=True)
    print([(j.name, j.priority.name, int(j.priority)) for j in jobs])
    results = await asyncio.gather(*(run(j, j.name == "test") for j in jobs))
    print(results, [s.value for s in State], State(2), State["FAILED"], len(State))
    try:
        jobs[0].move(State.RUNNING)
    except ValueError as e:
        print("ValueError:", e)
    print(Priority.URGENT > Priority.NORMAL, Priority(5), f"{Priority.LOW}", repr(State.DONE), State.DONE in State)


asyncio.run(main())
