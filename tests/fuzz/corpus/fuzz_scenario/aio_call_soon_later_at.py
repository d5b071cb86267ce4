# call_soon, call_later and call_at with positional args, a lambda, a builtin and a bound method as callbacks.
import asyncio


class Greeter:
    def __init__(self, greeting):
        self.greeting = greeting

    def greet(self, who):
        print(self.greeting, who)


def report(*args):
    print("report", args)


def main():
    loop = asyncio.new_event_loop()
    loop.call_later(0.5, report, "later", 0.5)
    loop.call_at(0.25, report, "at", 0.25)
    loop.call_soon(report, "soon", 1, 2)
    loop.call_soon(lambda: print("lambda runs"))
    loop.call_soon(print, "builtin print as callback")
    loop.call_later(0.25, Greeter("hello").greet, "world")
    loop.call_later(0, report, "later with zero delay")
    loop.call_later(1, loop.stop)
    loop.run_forever()
    print("time", loop.time())
    loop.close()


main()
