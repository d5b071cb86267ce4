# Enums mixed with str, int and float: Enum's str/format/repr win over the data type's, IntEnum
# and StrEnum keep the value's str, a class's own __str__ is kept; functools cache_info fields.
import functools
from enum import Enum, IntEnum, StrEnum, auto


class Color(str, Enum):
    RED = "r"
    GREEN = "g"


class Num(int, Enum):
    ONE = 1
    TWO = 2


class Half(float, Enum):
    HALF = 0.5


class Mode(StrEnum):
    FAST = auto()


class Level(IntEnum):
    HIGH = 3


class Shout(str, Enum):
    HI = "hi"

    def __str__(self):
        return self.value.upper()


for m in (Color.RED, Num.TWO, Half.HALF, Mode.FAST, Level.HIGH, Shout.HI):
    print(str(m), repr(m), f"{m}", f"{m!r}", "{}".format(m), format(m, ""), m == m.value, m.value)
print(Color("g"), Num(1) + 1, sorted([Num.TWO, Num.ONE]), Color.RED.upper(), f"{Num.TWO:>9}|", f"{Level.HIGH:03d}")
print(list(Color), Color.RED in Color, list(Color.__members__))


@functools.lru_cache(maxsize=2)
def square(x):
    return x * x


print([square(n) for n in (1, 2, 1, 3, 1)])
info = square.cache_info()
print(info, info.hits, info.misses, info.maxsize, info.currsize, type(info).__name__, info._fields)
square.cache_clear()
print(square.cache_info())
