# Integers: floor division and modulo follow the divisor's sign, big ints never overflow.
import math

for a, b in [(7, 2), (-7, 2), (7, -2), (-7, -2)]:
    print(a, "//", b, "=", a // b, " ", a, "%", b, "=", a % b, " divmod", divmod(a, b))

print("2**100 =", 2 ** 100)
print("-2**63 =", -2 ** 63, "(-2)**3 =", (-2) ** 3)
print("20! =", math.factorial(20))
print("30! =", math.factorial(30))
f = 1
for i in range(1, 26):
    f *= i
print("25! by loop =", f, "digits", len(str(f)))
print("big // small =", (10 ** 30 + 7) // 3, (10 ** 30 + 7) % 3)
print("pow(3, 200, 1000) =", pow(3, 200, 1000))
print("2 ** -1 =", 2 ** -1, " 7 / 2 =", 7 / 2, " 6 / 3 =", 6 / 3)
print("bits:", 0b1010 & 0b0110, 0b1010 | 0b0110, 0b1010 ^ 0b0110, ~5, 1 << 70, -17 >> 2)
print("abs", abs(-12), "int('-42')", int("-42"), "int('ff', 16)", int("ff", 16), "int(7.9)", int(7.9), "int(-7.9)", int(-7.9))
print("True + True =", True + True, " 3 * False =", 3 * False)
print("min/max", min(3, -1, 2), max([4, 9, 1]), "sum", sum(range(101)))
print("compare chain", 1 < 2 < 3, 3 > 2 > 2, 10 == 10.0)
print("gcd", math.gcd(84, 36), "isqrt", math.isqrt(10 ** 20 + 1))
