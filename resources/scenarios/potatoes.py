# The seed's example: buy potatoes and tomatoes while the shelves refill.
# As in the blog post, each purchase prints the potato's id() and the time; Loopscope's
# ids are counters and its clock is virtual, so every run prints the same lines.
import asyncio
import datetime
import random

random.seed(7)


class Potato:
    @classmethod
    def make(cls, num):
        potatos = []
        for i in range(num):
            potatos.append(cls.__new__(cls))
        return potatos


class Tomato(Potato):
    pass


all_potatos = Potato.make(2)
all_tomatos = Tomato.make(3)


async def ask_for_potatos():
    await asyncio.sleep(2)
    all_potatos.extend(Potato.make(random.randint(1, 10)))


async def ask_for_tomatos():
    await asyncio.sleep(2)
    all_tomatos.extend(Tomato.make(random.randint(1, 10)))


async def take_potatos(num):
    count = 0
    while True:
        if len(all_potatos) == 0:
            await ask_for_potatos()
        potato = all_potatos.pop()
        count += 1
        yield potato
        if count == num:
            break


async def take_tomatos(num):
    count = 0
    while True:
        if len(all_tomatos) == 0:
            await ask_for_tomatos()
        tomato = all_tomatos.pop()
        count += 1
        yield tomato
        if count == num:
            break


async def buy_potatos(num):
    bucket = []
    async for p in take_potatos(num):
        bucket.append(p)
        print("add potato is %s, time is %s" % (id(p), datetime.datetime.now()))


async def buy_tomatos(num):
    bucket = []
    async for t in take_tomatos(num):
        bucket.append(t)
        print("add tomato is %s, time is %s" % (id(t), datetime.datetime.now()))


def main():
    loop = asyncio.new_event_loop()
    tasks = [loop.create_task(buy_potatos(12)), loop.create_task(buy_tomatos(15))]
    loop.run_until_complete(asyncio.wait(tasks))
    loop.close()


if __name__ == "__main__":
    main()
