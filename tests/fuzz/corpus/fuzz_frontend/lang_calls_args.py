# Calls: defaults, keywords, *args, **kwargs, keyword-only and positional-only parameters.
def describe(a, b=2, *args, c, d=4, **kwargs):
    return f"a={a} b={b} args={args} c={c} d={d} kwargs={kwargs}"


print(describe(1, c=3))
print(describe(1, 5, 6, 7, c=8, e=9, f=10))
print(describe(*[1, 2, 3], **{"c": 0, "z": "zz"}))


def pos_only(x, y, /, z=0):
    return x + y + z


print(pos_only(1, 2), pos_only(1, 2, z=3))
try:
    pos_only(x=1, y=2)
except TypeError:
    print("TypeError for positional-only passed by keyword")
try:
    describe(1)
except TypeError:
    print("TypeError for missing keyword-only c")


def append_to(item, target=[]):
    target.append(item)
    return target


print(append_to(1), append_to(2), append_to(3, []))


def total(*numbers, start=0):
    result = start
    for n in numbers:
        result += n
    return result


print(total(), total(1, 2, 3), total(1, start=10))
opts = dict(sep="-", end=".\n")
print("x", "y", "z", **opts)
f = lambda *a, **k: (a, sorted(k.items()))
print(f(1, 2, b=2, a=1))
print((lambda: "no args")(), (lambda x, y=1: x * y)(6, y=7))
