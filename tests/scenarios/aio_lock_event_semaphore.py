# Lock, Event, Semaphore and Condition together: a bank account, a start signal, a rate limit and a buffer.
import asyncio


class Account:
    def __init__(self):
        self.balance = 100
        self.lock = asyncio.Lock()

    async def withdraw(self, who, amount):
        async with self.lock:
            print(f"{who} checks balance {self.balance}")
            if self.balance >= amount:
                await asyncio.sleep(0.1)
                self.balance -= amount
                print(f"{who} took {amount}, left {self.balance}")
                return True
            print(f"{who} refused {amount}")
            return False


async def runner(name, start, sem):
    await start.wait()
    async with sem:
        print(f"{name} running, sem locked={sem.locked()}")
        await asyncio.sleep(0.2)
    print(f"{name} finished")
    return name


async def main():
    acct = Account()
    ok = await asyncio.gather(acct.withdraw("a", 60), acct.withdraw("b", 50), acct.withdraw("c", 30))
    print("withdrawals", ok, "locked", acct.lock.locked())

    start = asyncio.Event()
    sem = asyncio.Semaphore(2)
    tasks = [asyncio.create_task(runner(f"r{i}", start, sem)) for i in range(4)]
    await asyncio.sleep(0.05)
    print("event set?", start.is_set())
    start.set()
    print("gathered", await asyncio.gather(*tasks))

    cond = asyncio.Condition()
    buffer = []

    async def consumer(name):
        async with cond:
            await cond.wait_for(lambda: len(buffer) > 0)
            item = buffer.pop(0)
            print(f"{name} consumed {item}")

    async def producer():
        for i in range(3):
            await asyncio.sleep(0.1)
            async with cond:
                buffer.append(i)
                cond.notify()
                print(f"produced {i}")

    await asyncio.gather(consumer("x"), consumer("y"), consumer("z"), producer())
    lock = asyncio.Lock()
    await lock.acquire()
    try:
        await asyncio.wait_for(lock.acquire(), timeout=0.3)
    except asyncio.TimeoutError:
        print("lock acquire timed out at", asyncio.get_running_loop().time())
    lock.release()
    print("lock free", not lock.locked())


asyncio.run(main())
