# An error raised by synchronous code called from a task, through several frames, with a finally block that prints while unwinding; the run ends with the error.
import asyncio


def parse_amount(text):
    return int(text.strip().replace(",", ""))


def total(rows):
    result = 0
    for row in rows:
        result += parse_amount(row)
    return result


async def report(rows):
    try:
        await asyncio.sleep(0.1)
        print("total", total(rows))
    finally:
        print("report finally")


async def main():
    await report(["1,000", " 250", "75 "])
    t = asyncio.create_task(report(["10", "x20"]))
    try:
        await t
    except ValueError as e:
        print("caught:", e)
    print("now failing for real")
    await report(["5", "five"])
    print("not reached")


asyncio.run(main())
