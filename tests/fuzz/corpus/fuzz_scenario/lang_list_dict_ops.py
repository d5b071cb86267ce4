# list and dict operations: mutation, sorting with keys, slicing assignment, dict order and views.
xs = [5, 3, 8]
xs.append(1)
xs.extend([9, 2])
xs.insert(0, 7)
print(xs, xs.pop(), xs.pop(0), xs)
xs.remove(8)
print(xs, xs.index(3), xs.count(3), len(xs), 3 in xs, 4 not in xs)
xs.sort()
print(xs, sorted(xs, reverse=True), sorted(["bb", "a", "ccc"], key=len))
words = ["pear", "Fig", "apple", "date"]
print(sorted(words), sorted(words, key=str.lower), sorted(words, key=lambda w: (len(w), w)))
xs[1:3] = [10, 20, 30]
print(xs, xs[::-1], xs[1:-1])
del xs[0]
print(xs, list(enumerate("ab", start=1)), list(zip([1, 2, 3], "xyz")))
print(min(words, key=len), max(words), sum([1.5, 2.5]), any([0, 0, 1]), all([]))
print(list(map(abs, [-1, 2, -3])), list(filter(None, [0, 1, "", "a"])))

d = {"b": 2, "a": 1}
d["c"] = 3
print(d, list(d.keys()), list(d.values()), list(d.items()))
print(d.get("z"), d.get("z", 0), d.setdefault("a", 100), d.setdefault("e", 5), d)
print(d.pop("b"), d.pop("nope", "default"), d)
d.update({"a": 10, "f": 6})
print(d, "a" in d, len(d), {**d, "g": 7})
del d["c"]
print(d, dict(zip("xy", [1, 2])), dict(a=1, b=2), d | {"z": 0})
for key, value in sorted(d.items()):
    print(key, "->", value)
counts = {}
for ch in "mississippi":
    counts[ch] = counts.get(ch, 0) + 1
print(counts)
