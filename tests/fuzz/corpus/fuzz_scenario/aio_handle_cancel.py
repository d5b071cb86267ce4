# Cancelling handles: before they run, twice, after they ran, and a due timer cancelled by an earlier callback.
import asyncio


def say(what):
    print("say", what)


def main():
    loop = asyncio.new_event_loop()
    soon = loop.call_soon(say, "soon (cancelled)")
    loop.call_soon(say, "soon (kept)")
    early = loop.call_later(0.1, say, "early timer (cancelled)")
    late = loop.call_later(0.2, say, "late timer (cancelled by a callback)")
    loop.call_later(0.2, lambda: late.cancel(), )
    soon.cancel()
    early.cancel()
    early.cancel()
    print("cancelled flags", soon.cancelled(), early.cancelled(), late.cancelled())
    ran = loop.call_soon(say, "ran before cancel")
    loop.call_later(0.05, ran.cancel)
    loop.call_later(0.3, loop.stop)
    loop.run_forever()
    print("late cancelled:", late.cancelled(), "ran cancelled:", ran.cancelled())
    loop.close()


main()
