# async with: __aenter__ and __aexit__ are coroutines that may await; __aexit__ can suppress exceptions.
import asyncio


class Connection:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    async def __aenter__(self):
        print("opening", self.name)
        await asyncio.sleep(0.1)
        print("opened", self.name)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("closing", self.name, "exception:", exc_type.__name__ if exc_type else None)
        await asyncio.sleep(0.1)
        print("closed", self.name)
        return self.suppress

    async def query(self, q):
        await asyncio.sleep(0)
        return f"{self.name}:{q}"


async def main():
    async with Connection("db") as conn:
        print(await conn.query("select 1"))
    async with Connection("cache", suppress=True):
        raise KeyError("swallowed by __aexit__")
    try:
        async with Connection("broken"):
            raise ValueError("escapes")
    except ValueError as e:
        print("caught", e)


asyncio.run(main())
