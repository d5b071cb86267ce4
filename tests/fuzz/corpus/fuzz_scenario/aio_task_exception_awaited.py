# An exception escaping a task is stored in it and re-raised where the task is awaited.
import asyncio


class ParseError(Exception):
    pass


async def parse(text):
    await asyncio.sleep(0.1)
    if not text.isdigit():
        raise ParseError(f"not a number: {text!r}")
    return int(text)


async def main():
    good = asyncio.create_task(parse("42"))
    bad = asyncio.create_task(parse("4x2"))
    print("good", await good)
    try:
        await bad
    except ParseError as e:
        print("awaiting bad raised", repr(e))
    print("bad.done()", bad.done(), "exception type", type(bad.exception()).__name__)
    try:
        bad.result()
    except ParseError:
        print("result() raises it again")


asyncio.run(main())
