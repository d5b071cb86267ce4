# fractions.Fraction: construction from ints, strings and floats, exact arithmetic mixed with int and
# float, rounding, limit_denominator, hashing equal to float's, errors, and a Fraction as a sleep delay.
import asyncio
from fractions import Fraction
import math


async def main():
    a, b = Fraction(1, 3), Fraction("3/4")
    print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(b, a), a ** 2, a ** -2, b ** 0.5)
    print(repr(a), str(Fraction(6, 3)), Fraction(-4, -6), Fraction(3, -9), Fraction(0.125), Fraction("1.5e-2"))
    print(a + 1, 1 - a, a * 2.0, 2 / b, a == Fraction(2, 6), a < b, a > 0.3, b == 0.75, hash(Fraction(1, 2)) == hash(0.5))
    print(float(a), int(Fraction(-7, 2)), round(Fraction(5, 2)), round(Fraction(7, 2)), round(Fraction(22, 7), 3))
    print(math.floor(Fraction(-7, 2)), math.ceil(Fraction(-7, 2)), math.trunc(Fraction(-7, 2)), abs(Fraction(-1, 2)), -a, +a)
    print(Fraction(math.pi).limit_denominator(1000), Fraction(3.1).limit_denominator(10), b.as_integer_ratio())
    print(a.numerator, a.denominator, Fraction.from_float(0.5), bool(Fraction(0)), sum([Fraction(1, n) for n in range(1, 6)]))
    print(sorted([Fraction(1, 2), 0.3, 1, Fraction(1, 5)]), max(Fraction(2, 3), 0.6), f"{a}", {Fraction(1, 2): "half"}[0.5])
    for bad in ["1/0", "abc", "1/2/3"]:
        try:
            Fraction(bad)
        except (ValueError, ZeroDivisionError) as e:
            print(type(e).__name__, e)
    try:
        Fraction(1, 0)
    except ZeroDivisionError as e:
        print(e)
    total = Fraction(0)
    for i in range(1, 4):
        await asyncio.sleep(Fraction(1, 10) * i)
        total += Fraction(1, i)
        print("slept", i, total, asyncio.get_running_loop().time())

asyncio.run(main())
