# The TypeErrors of bad scheduling arguments: call_soon/call_later/call_at keywords and missing
# arguments, None delays, and non-number delays met by sleep, wait_for, timeout and timeout_at.
import asyncio


def show(*args):
    print("show", args)


async def main():
    loop = asyncio.get_running_loop()
    attempts = [
        ("call_soon kw", lambda: loop.call_soon(show, x=1)),
        ("call_soon none", lambda: loop.call_soon()),
        ("call_later none", lambda: loop.call_later(None, show)),
        ("call_later str", lambda: loop.call_later("1", show)),
        ("call_later missing", lambda: loop.call_later()),
        ("call_later one", lambda: loop.call_later(1)),
        ("call_at none", lambda: loop.call_at(None, show)),
        ("call_soon_threadsafe kw", lambda: loop.call_soon_threadsafe(show, 1, y=2)),
    ]
    for label, attempt in attempts:
        try:
            attempt()
            print(label, "scheduled")
        except TypeError as e:
            print(label, "->", e)
    loop.call_soon(show, "context accepted", context=None)
    await asyncio.sleep(0)
    for bad in ("x", None, [1]):
        for name, make in [("sleep", lambda: asyncio.sleep(bad)),
                           ("wait_for", lambda: asyncio.wait_for(asyncio.sleep(0), bad)),
                           ("timeout", lambda: asyncio.timeout(bad)),
                           ("timeout_at", lambda: asyncio.timeout_at(bad))]:
            try:
                aw = make()
                if name.startswith("timeout"):
                    async with aw:
                        await asyncio.sleep(0)
                else:
                    await aw
                print(name, repr(bad), "ok")
            except TypeError as e:
                print(name, repr(bad), "->", e)


asyncio.run(main())
