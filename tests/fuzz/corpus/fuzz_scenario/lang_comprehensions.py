# List, dict and set comprehensions, nested loops, conditions, and generator expressions.
squares = [n * n for n in range(8)]
evens = [n for n in squares if n % 2 == 0]
pairs = [(i, j) for i in range(3) for j in range(i)]
print(squares, evens, pairs)
print({w: len(w) for w in ["event", "loop", "task"]})
print(sorted({n % 4 for n in range(20)}), {n % 3 for n in range(9)})
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[c] for row in matrix] for c in range(3)])
print([x if x > 2 else -x for x in range(5)])
gen = (n * 2 for n in range(4))
print(type(gen).__name__, next(gen), list(gen), list(gen))
print(sum(n for n in range(101) if n % 3 == 0), any(c.isupper() for c in "abC"), max(len(s) for s in ["a", "abc"]))
x = "outer"
print([x for x in "ab"], x)
print(sorted((s for s in ["b", "c", "a"]), reverse=True), tuple(i for i in range(3)))
flat = [v for row in matrix for v in row if v != 4]
print(flat, dict((k, v) for k, v in zip("abc", range(3))))
