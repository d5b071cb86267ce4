# Name resolution in practice: module globals changed by functions, class bodies vs methods, shadowed builtins, default argument evaluation time, and UnboundLocalError.
counter = 0
log = []


def bump(n=1):
    global counter
    counter += n
    log.append(counter)
    return counter


def shadow():
    len = lambda x: -1
    return len([1, 2, 3])


def make_defaults(items=[], stamp=counter):
    items.append(stamp)
    return items


bump()
bump(5)
print(counter, log, shadow(), len([1, 2, 3]))
print(make_defaults(), make_defaults(), make_defaults([0]), make_defaults.__defaults__)


def broken():
    try:
        print(counter)
        counter = 1
    except UnboundLocalError as e:
        print("UnboundLocalError:", e)


broken()


class Config:
    name = "base"
    try:
        items = [name.upper() + str(i) for i in range(2)]
    except NameError as e:
        items = ["class scope: " + str(e)]
    size = len(name)

    def describe(self):
        return f"{self.name}/{Config.name}/{self.size}"


c = Config()
c.name = "instance"
print(Config.items, c.describe(), Config().describe(), vars(c), "name" in Config.__dict__)


def outer():
    results = []
    for i in range(3):
        def show(i=i):
            return i * 10
        results.append(show)
    total = 0

    def add_all():
        nonlocal total
        for f in results:
            total += f()
        return total

    return add_all(), total


print(outer())
x = "global x"


def read_x():
    return x


def local_x():
    x = "local x"

    def inner():
        return x
    return inner()


print(read_x(), local_x(), x)
print(sorted(k for k in globals() if not k.startswith("__"))[:6])
try:
    print(undefined_name)
except NameError as e:
    print("NameError:", e)
try:
    del counter
    print(counter)
except NameError as e:
    print("after del:", e)
for i in range(3):
    pass
print("loop var survives:", i, [j for j in range(2)], "j" in dir())
