# Classes in f-strings and format() use type.__format__, and a class's __annotations__ are its own:
# a subclass without annotations gets an empty dict, never its base's.
import asyncio


class Base:
    x: int
    y: str = "y"


class Child(Base):
    z: float


class Plain(Base):
    pass


async def main():
    print(f"{Base}", f"{Child!r}", "{}".format(Plain), str(Base), format(Base))
    print(Base.__annotations__, Child.__annotations__)
    print(Plain.__annotations__, "__annotations__" in Plain.__dict__)
    print(f"{int}, {asyncio.Task}, {asyncio.sleep.__name__}")
    print(f"{type(None)} {type(...)} {print}")


asyncio.run(main())
