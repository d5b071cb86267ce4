# The time module's calendar side on the virtual clock: gmtime/localtime/struct_time, strftime,
# asctime/ctime and mktime, while tasks sleep; local time is UTC.
import asyncio
import time


async def tick(name, delay):
    await asyncio.sleep(delay)
    now = time.time()
    print(name, time.strftime("%H:%M:%S", time.localtime(now)), time.strftime("%Y-%m-%d %a %j %Z %z"))


async def main():
    start = time.localtime(time.time())
    print(start)
    print(start.tm_year, start.tm_mon, start.tm_mday, start.tm_hour, start.tm_wday, start.tm_yday, start.tm_zone, start.tm_gmtoff)
    print(start[0], start[3:6], len(start), list(start)[:3], tuple(start) == start)
    print(time.gmtime(0), time.gmtime(0).tm_zone)
    print(time.gmtime(-1.5))
    print(time.asctime(time.gmtime(86400 * 365)), time.ctime(1e9), time.ctime())
    print(time.mktime(start) == int(time.time()), time.mktime((2021, 14, 40, 25, 0, 0, 0, 0, 0)))
    print(time.strftime("%c | %x | %X | %I %p | %B %d | %%", time.gmtime(1700000000)))
    print(time.strftime("%A %U %W %w %y %e", time.gmtime(1600000000)))
    t = time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0))
    print(t, t.tm_zone, t == (2020, 1, 2, 3, 4, 5, 6, 7, 0), time.asctime(t))
    year, month, day, *rest = t
    print(year, month, day, rest)
    await asyncio.gather(tick("a", 1.5), tick("b", 3600), tick("c", 7200))
    print(time.strftime("%Y-%m-%d %H:%M:%S"), time.localtime().tm_yday)


asyncio.run(main())
