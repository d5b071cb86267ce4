# Traceback carets as CPython 3.11 places them: under assignment targets (a failing attribute
# store, an augmented subscript, a tuple unpacking, the second target of a tuple assignment) and
# under the last comparison of a failing assert (none for a test without one).
import traceback


class Slotted:
    __slots__ = ("a",)


s = Slotted()


def store_attr():
    s.b = 5


def aug_subscript():
    d = {}
    d["k"] += 1


def unpack():
    x, y = [1, 2, 3]


def second_target():
    s.a, s.c = 1, 2


def aug_attr():
    fresh = Slotted()
    fresh.a += 1


def assert_compare(x=-1):
    assert x > 0, f"x must be positive, got {x}"


def assert_chain(x=20):
    assert 0 < x < 10


def assert_call(x="s"):
    assert isinstance(x, int)


def assert_and(x=1, y=-1):
    assert x and y > 0, "and"


def assert_or(x=2, y=0):
    assert x == 1 or y


for fn in (store_attr, aug_subscript, unpack, second_target, aug_attr, assert_compare, assert_chain, assert_call,
           assert_and, assert_or):
    try:
        fn()
    except Exception:
        print(traceback.format_exc().replace(__file__, "scenario.py"), end="")
