# f-string format specs: widths, precision, thousands separators, signs, bases, !r and nested specs, in a report table.
items = [("widget", 4, 3.5), ("gadget", 12, 12.25), ("doohickey", 1, 1999.999), ("thing", 1000, 0.125)]
print(f"{'name':<10}|{'qty':>6}|{'price':>10}|{'total':>12}")
print("-" * 41)
grand = 0
for name, qty, price in items:
    total = qty * price
    grand += total
    print(f"{name:<10}|{qty:>6}|{price:>10.2f}|{total:>12,.2f}")
print(f"{'':<10} {'':>6} {'TOTAL':>10} {grand:>12,.3f}")
x = 3.14159265
n = 1234567890
d = {"a": 1, "b": [1, 2]}
s = "héllo"
print(f"{x:.3f} {x:8.3f}| {x:<8.2f}| {x:^9.1f}| {x:+.2e} {x:g} {x:%} {x:.1%}")
print(f"{n:,} {n:_} {n:>15,} {n:015,} {-n:,}")
print(f"{d!r} {s!r} {s!s} {s!a} {d['b']} {len(s)=}")
print(f"{255:x} {255:X} {255:#x} {255:o} {255:#o} {255:b} {255:#010b} {-42:x}")
print(f"{42:+d} {42: d} {-42: d} {42:*^10} {42:=+8} {'ab':>{n % 7}}")
width, prec = 12, 4
print(f"[{x:{width}.{prec}f}] [{x:>{width}}] [{'mid':-^{width}}]")
print(f"{1e-7:f} {1e-7} {1e22:,.0f} {123.456:,.1f} {0.5:.0f} {1.5:.0f} {2.5:.0f}")
print(f"{True} {None!r} {[1, 'a']!s:>12}")
print(f"{'x'!r:>5}|{12.0:g}|{1e20:g}|{1e-5:g}|{123456789.0:g}|{0.0001:.2g}")
print(f"{float('inf'):>8} {float('nan'):f} {-0.0:+.1f} {1/3:.15f}")
print(f"{{literal}} {{{n}}}")
print(format(1234.5678, ",.2f"), format(42, "08b"), format("txt", "^7"), format(3, ""))
print("{:>8.3f}|{:<6}|{:^6}|{!r}".format(2.0 / 3, "ab", "cd", "ef"))
print("{0}{1}{0}".format("ab", "-"), "{name} is {age:d}".format(name="Bo", age=7))
print("{0[1]} {1[k]} {2.real}".format([10, 20], {"k": "v"}, 5))
for i in range(1, 4):
    print(f"row {i:02d}: {'#' * i:<4}| {i / 7:.4f} | {i ** 10:>12,}")
