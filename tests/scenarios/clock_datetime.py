# Wall-clock reads are virtual: datetime.now() and time.time() start at 2021-06-18 15:29:33 and follow the loop clock;
# isoformat() round-trips through fromisoformat(), whose errors are CPython 3.11's.
import asyncio
import datetime
import time


async def main():
    print("now", datetime.datetime.now())
    print("time", time.time(), "monotonic", time.monotonic(), "perf", time.perf_counter())
    await asyncio.sleep(1.5)
    print("now", datetime.datetime.now(), "time", time.time())
    await asyncio.sleep(86400)
    now = datetime.datetime.now()
    print("a day later", now, now.strftime("%Y-%m-%d %H:%M:%S"), now.year, now.weekday())
    print("repr", repr(now), "isoformat", now.isoformat())
    time.sleep(0.25)
    print("after time.sleep", time.time(), datetime.datetime.now().time())
    print("delta", datetime.datetime.now() - datetime.datetime(2021, 6, 18))
    stamp = datetime.datetime.now().isoformat()
    print("round trip", stamp, datetime.datetime.fromisoformat(stamp) == datetime.datetime.now())
    for text in ["2021-06-18", "20210618", "2021-06-18 15:29", "2021-06-18T15:29:33,5", "2021-6-18", "2021-02-30", "2021-06-18T24:00"]:
        for parse in (datetime.date.fromisoformat, datetime.datetime.fromisoformat):
            try:
                print(parse.__qualname__, repr(parse(text)))
            except ValueError as e:
                print(parse.__qualname__, "ValueError:", e)


asyncio.run(main())
