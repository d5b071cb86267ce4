# Numbers in reports: integer and float arithmetic, rounding, math and statistics by hand, base conversions, and formatted averages.
import math

scores = {"ann": [88, 92, 79], "bob": [65, 70, 81.5], "cat": [95, 98, 100], "dan": [55, 61, 48]}
for name, marks in scores.items():
    avg = sum(marks) / len(marks)
    var = sum((m - avg) ** 2 for m in marks) / (len(marks) - 1)
    print(f"{name:>4}: avg={avg:6.2f} sd={math.sqrt(var):.3f} max={max(marks)} min={min(marks)} grade={'A' if avg >= 90 else 'B' if avg >= 75 else 'C'}")
allm = sorted(m for ms in scores.values() for m in ms)
n = len(allm)
median = (allm[n // 2 - 1] + allm[n // 2]) / 2 if n % 2 == 0 else allm[n // 2]
print("median", median, "mean", round(sum(allm) / n, 4), "range", allm[-1] - allm[0])
print(7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** -1, 10 ** 20, 2 ** 0.5, divmod(-17, 5), abs(-3.5))
print(round(2.675, 2), round(0.5), round(1.5), round(-2.5), round(1234.5678, -2), round(7), int(3.99), int(-3.99), math.floor(-3.5), math.ceil(-3.5))
print(0.1 + 0.2, 0.1 + 0.2 == 0.3, math.isclose(0.1 + 0.2, 0.3), 1e300 * 1e10, -1e300 * 1e10, 1 / 3, 2 / 3, 100 / 3)
print(math.pi, math.e, math.tau, math.sqrt(2), math.log(100, 10), math.log2(1024), math.log10(0.001), math.exp(1))
print(math.sin(math.pi / 6), math.cos(0), math.atan2(1, 1), math.degrees(math.pi), math.radians(180), math.hypot(3, 4))
print(math.factorial(20), math.gcd(84, 36), math.lcm(4, 6), math.comb(10, 3), math.perm(5, 2), math.prod([1, 2, 3, 4]), math.fsum([0.1] * 10), sum([0.1] * 10))
print(bin(42), oct(42), hex(255), int("ff", 16), int("0b101", 0), int("777", 8), int(" 42 "), float("3.5e2"), float("-inf"))
print((255).bit_length(), (3.0).is_integer(), (2.5).as_integer_ratio())
print(max(3, 7.5, -1), min([4, 2, 8], key=lambda v: -v), sum(range(101)), sum([[1], [2]], []), pow(3, 4, 5), pow(2, 10))
print(1_000_000, 0x1F, 0o17, 0b1010, 1e3, 1.5e-3, 12345678901234567890 * 98765432109876543210)
print(float("nan") == float("nan"), math.isnan(float("nan")), math.isinf(1e309), math.trunc(-4.7), 5 // 0.3, 5 % 0.3)
total = 0
for i in range(1, 11):
    total += 1 / i
print(f"harmonic {total:.10f} {total!r}")
celsius = [-40, 0, 37, 100]
print([(c, c * 9 / 5 + 32) for c in celsius])
print(sorted([3.5, -1, 2, 10 ** 3, 0.0001]), [round(x, 1) for x in [0.05, 0.15, 0.25, 0.35]])
print(f"{12345.6789:,.2f} {0.000123:.2e} {1234567:,d} {0.25:.0%} {-0.0} {2 ** 64} {10 / 4:g}")
