# f-strings: expressions, format specs, !r and !s conversions, nested specs.
name = "loop"
count = 3
ratio = 2 / 3
items = ["a", "b"]
print(f"{name} ran {count} times")
print(f"{name!r} {name!s} {items!r} {items}")
print(f"{ratio:.3f} {ratio:10.2%} {count:04d} {count:>5} {name:*<8}")
width, prec = 10, 4
print(f"[{ratio:{width}.{prec}f}]")
print(f"{count * 2 + 1} {len(items)} {items[0].upper()} {'yes' if count > 2 else 'no'}")
print(f"{1234567:,} {255:#x} {0.000012:e} {-3:+d} {3:+d}")
d = {"k": 1}
print(f"{d['k']} {d} {{braces}} {3.0} {1e16} {0.1 + 0.2}")
for i in range(3):
    print(f"row {i}: {'#' * i:<3}|")
