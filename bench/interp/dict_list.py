# Dict and list work: counting, grouping, sorting with keys, comprehensions, slicing, membership.


def main():
    counts = {}
    for i in range(200000):
        k = (i * 2654435761) % 1009
        counts[k] = counts.get(k, 0) + 1
    groups = {}
    for k, v in counts.items():
        groups.setdefault(v % 17, []).append(k)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    squares = [x * x for x in range(100000) if x % 3]
    evens = {x: x // 2 for x in squares[:50000] if x % 2 == 0}
    seen = set(squares[::7])
    hits = sum(1 for x in range(0, 200000, 3) if x in seen)
    rev = list(reversed(squares))[:10]
    print("dicts", len(counts), len(groups), ordered[:3], len(evens), hits, rev[0])


main()
