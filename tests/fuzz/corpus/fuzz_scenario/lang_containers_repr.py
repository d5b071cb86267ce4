# Reprs of lists, dicts, tuples and sets: nested, empty, single-element tuple, mixed quotes.
print([], {}, (), set(), [[]], [()], ((),))
print((1,), (1, 2), [1, (2, 3), [4, [5, "six"]]])
print({"a": 1, "b": [1, 2], "c": {"d": (3,)}})
print({1: "one", 2.5: None, (1, 2): True, "k": False})
print({3, 1, 2}, {1}, frozenset([2, 1]), {0, 1, 2, 3} - {1}, {1, 2} | {2, 3}, {1, 2} & {2, 3})
print(["it's", 'x"y', "\n"], ("tab\t",), [None, True, 1.0, -0.5])
print(str([1, 2]), repr((3,)), str({"x": "y"}), len([1, [2, 3]]))
nested = [[i * j for j in range(3)] for i in range(3)]
print(nested, nested[2][1], [row[-1] for row in nested])
print(list(range(5)), list(range(10, 0, -3)), range(3), tuple("abc"), list({"p": 1, "q": 2}))
print(sorted({5, 3, 9}), sorted([3, 1, 2], reverse=True), list(reversed((1, 2, 3))))
print([1, 2] + [3], (1,) * 3, [0] * 4, [1, 2] == [1, 2], (1, 2) < (1, 3), [1, 2] < [1, 2, 0])
