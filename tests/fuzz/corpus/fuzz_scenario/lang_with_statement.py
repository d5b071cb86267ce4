# with statements: a class-based context manager, __exit__ arguments, suppression, nesting order.
class Resource:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print("exit", self.name, "exception:", kind, repr(exc))
        return self.suppress


with Resource("a") as handle:
    print("body with", handle)

with Resource("b", suppress=True):
    print("body raising")
    raise KeyError("swallowed")
print("after suppressed block")

try:
    with Resource("c"):
        raise ValueError("propagates")
except ValueError as e:
    print("outside caught", e)

with Resource("outer") as o, Resource("inner") as i:
    print("nested body", o, i)


def use():
    with Resource("ret"):
        return "value from inside with"


print(use())
for n in range(2):
    with Resource(f"loop{n}"):
        if n == 1:
            break
        continue
print("done")
