# asyncio.wait with FIRST_EXCEPTION returns as soon as one task fails; the others are awaited afterwards.
import asyncio


async def job(name, delay, fail=False):
    await asyncio.sleep(delay)
    print("job", name, "finishing")
    if fail:
        raise RuntimeError("job " + name + " failed")
    return name


async def main():
    ok = asyncio.create_task(job("ok", 0.1))
    bad = asyncio.create_task(job("bad", 0.2, fail=True))
    slow = asyncio.create_task(job("slow", 0.5))
    done, pending = await asyncio.wait([ok, bad, slow], return_when=asyncio.FIRST_EXCEPTION)
    print("done", sorted(t.get_name() for t in done), "pending", sorted(t.get_name() for t in pending))
    print("bad exception:", bad.exception())
    print("slow result:", await slow)


asyncio.run(main())
