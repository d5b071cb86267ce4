# Classic algorithms a lecture walks through: recursion with memo, merge sort and quicksort with step prints, binary search, BFS on a grid, Hanoi.
from collections import deque


def fib_memo(n, memo={}):
    if n in memo:
        return memo[n]
    result = n if n < 2 else fib_memo(n - 1) + fib_memo(n - 2)
    memo[n] = result
    return result


def merge_sort(xs, depth=0):
    if len(xs) <= 1:
        return xs
    mid = len(xs) // 2
    left = merge_sort(xs[:mid], depth + 1)
    right = merge_sort(xs[mid:], depth + 1)
    merged = []
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    merged += left[i:] + right[j:]
    print("  " * depth + f"merge {left} + {right} -> {merged}")
    return merged


def quicksort(xs):
    if len(xs) < 2:
        return xs
    pivot, *rest = xs
    return quicksort([x for x in rest if x < pivot]) + [pivot] + quicksort([x for x in rest if x >= pivot])


def binary_search(xs, target):
    lo, hi = 0, len(xs) - 1
    steps = 0
    while lo <= hi:
        steps += 1
        mid = (lo + hi) // 2
        if xs[mid] == target:
            return mid, steps
        if xs[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1, steps


def hanoi(n, src, dst, via, moves):
    if n == 0:
        return
    hanoi(n - 1, src, via, dst, moves)
    moves.append((n, src, dst))
    hanoi(n - 1, via, dst, src, moves)


def bfs(grid, start, goal):
    rows, cols = len(grid), len(grid[0])
    queue = deque([(start, 0)])
    seen = {start}
    while queue:
        (r, c), dist = queue.popleft()
        if (r, c) == goal:
            return dist
        for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1)):
            nr, nc = r + dr, c + dc
            if 0 <= nr < rows and 0 <= nc < cols and grid[nr][nc] == "." and (nr, nc) not in seen:
                seen.add((nr, nc))
                queue.append(((nr, nc), dist + 1))
    return None


print([fib_memo(i) for i in range(15)], fib_memo(90))
data = [38, 27, 43, 3, 9, 82, 10]
print("sorted", merge_sort(data))
print("quick", quicksort([5, 3, 8, 1, 9, 2, 7, 5]), sorted(data) == quicksort(data))
xs = list(range(0, 100, 7))
for target in (0, 49, 98, 50):
    print("search", target, binary_search(xs, target))
moves = []
hanoi(3, "A", "C", "B", moves)
print(len(moves), moves[:4])
grid = ["..#....", ".##.##.", "...#...", "#.....#"]
print("bfs", bfs(grid, (0, 0), (2, 6)), bfs(grid, (0, 0), (0, 2)))


def permutations(items):
    if len(items) <= 1:
        return [items]
    out = []
    for i, x in enumerate(items):
        for p in permutations(items[:i] + items[i + 1:]):
            out.append([x] + p)
    return out


print(["".join(p) for p in permutations(list("abc"))])
primes = [n for n in range(2, 60) if all(n % d for d in range(2, int(n ** 0.5) + 1))]
print(primes, sum(primes), len(primes))
matrix = [[1, 2, 3], [4, 5, 6]]
print([list(row) for row in zip(*matrix)], [[sum(a * b for a, b in zip(r, c)) for c in zip(*matrix)] for r in matrix])
