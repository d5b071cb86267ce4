# Building a text report: str.format and f-string alignment in tables, ljust/rjust/center, wrapping words by hand, and sorting records by several keys.
records = [
    ("Widget", "tools", 4, 3.5),
    ("Gizmo", "toys", 12, 12.25),
    ("Doohickey", "tools", 1, 1999.999),
    ("Thingamajig", "misc", 1000, 0.125),
    ("Whatsit", "toys", 7, 8.0),
]
header = f"{'#':>2} {'Item':<12}{'Category':^10}{'Qty':>6}{'Price':>10}{'Total':>12}"
print(header)
print("=" * len(header))
for i, (name, cat, qty, price) in enumerate(sorted(records, key=lambda r: (r[1], -r[2] * r[3])), 1):
    print("{:>2} {:<12}{:^10}{:>6d}{:>10.2f}{:>12,.2f}".format(i, name, cat, qty, price, qty * price))
print("-" * len(header))
totals = {}
for _, cat, qty, price in records:
    totals[cat] = totals.get(cat, 0) + qty * price
for cat, total in sorted(totals.items(), key=lambda kv: kv[1], reverse=True):
    bar = "#" * int(total // 200)
    print(f"{cat.title():<8}|{bar:<12}| {total:>10.2f} ({total / sum(totals.values()):6.1%})")


def wrap(text, width):
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


blurb = "The quick brown fox jumps over the lazy dog while the event loop keeps every task moving in order."
for row in wrap(blurb, 28):
    print("|" + row.ljust(28) + "|", "|" + row.rjust(28) + "|")
print("[" + "title".center(20, "~") + "]", "[" + "x".center(4) + "]", "%-10s|%10s|" % ("left", "right"))
table = [["name", "score"], ["ann", 93], ["bob", 7], ["catherine", 100]]
widths = [max(len(str(row[i])) for row in table) for i in range(2)]
for row in table:
    print(" | ".join(str(cell).ljust(w) if j == 0 else str(cell).rjust(w) for j, (cell, w) in enumerate(zip(row, widths))))
print("{0:-^30}".format(" END "), "{:*<8}{:*>8}".format("ab", "cd"), "{!r:>10}".format("q"))
