# Dict and set operations: views, set algebra on keys, comprehensions with conditions, merging, popitem, copy semantics.
inventory = {"apple": 3, "banana": 0, "cherry": 7, "date": 2}
keys = inventory.keys()
values = inventory.values()
items = inventory.items()
print(keys, values, items)
inventory["elder"] = 5
print(len(keys), list(values), ("cherry", 7) in items, "fig" in keys)
print(keys & {"apple", "fig"}, sorted(keys - {"banana"}), sorted(keys | {"zz"}))
in_stock = {k: v for k, v in inventory.items() if v > 0}
print(in_stock)
print({v: k for k, v in in_stock.items() if v % 2})
print(inventory.pop("banana"), inventory.pop("nope", None), inventory.popitem(), inventory)
defaults = {"color": "red", "size": "M"}
override = {"size": "L", "qty": 2}
merged = {**defaults, **override}
print(merged, defaults | override, override | defaults)
defaults |= {"color": "blue"}
print(defaults, dict(zip("abc", range(3))), dict.fromkeys(["x", "y"], 0), dict(a=1, b=2))
d = {}
for word in "one two three two one two".split():
    d[word] = d.get(word, 0) + 1
print(d, max(d, key=d.get), sorted(d, key=lambda k: d[k]))
nested = {"a": [1, 2], "b": {"c": 3}}
shallow = nested.copy()
shallow["a"].append(99)
shallow["b"] = None
print(nested, shallow)
try:
    print(inventory["missing"])
except KeyError as e:
    print("KeyError", e, repr(e))
try:
    for k in inventory:
        inventory[k + "!"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, a ^ b, a <= {1, 2, 3, 4, 5}, a.isdisjoint({9}), b < a)
a.add(10)
a.discard(1)
a.remove(2)
print(a, a.pop(), sorted(a), {x * x for x in range(-3, 4)}, frozenset({1, 2}) == {2, 1})
try:
    a.remove(42)
except KeyError as e:
    print("remove missing:", repr(e))
print(set(), {}, frozenset(), set("aab") == {"a", "b"}, len(set(range(100)) - set(range(0, 100, 3))))
grid = {(r, c): r * 3 + c for r in range(2) for c in range(3) if (r + c) % 2 == 0}
print(grid, list(reversed(grid)), list(reversed(grid.values())))
print(sorted({3: "c", 1: "a", 2: "b"}.items(), reverse=True), {1: "x", True: "y", 1.0: "z"})
