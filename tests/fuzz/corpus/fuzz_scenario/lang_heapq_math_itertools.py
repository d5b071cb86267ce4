# heapq as a priority queue, math functions, and the basic itertools.
import heapq
import itertools
import math

heap = []
for value in [5, 1, 8, 3, 9, 2]:
    heapq.heappush(heap, value)
print("heap layout", heap)
print("pops", [heapq.heappop(heap) for _ in range(3)], "left", heap)
data = [7, 2, 9, 4, 1]
heapq.heapify(data)
print("heapified", data, heapq.nsmallest(2, [7, 2, 9]), heapq.nlargest(2, [7, 2, 9]))
tasks = []
heapq.heappush(tasks, (2, "write"))
heapq.heappush(tasks, (1, "plan"))
heapq.heappush(tasks, (2, "test"))
print([heapq.heappop(tasks) for _ in range(3)], heapq.heappushpop([3, 5], 4))

print(math.sqrt(16), math.sqrt(2), math.pi, math.e, math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5))
print(math.pow(2, 10), math.hypot(3, 4), math.isclose(0.1 + 0.2, 0.3), math.inf > 10 ** 100, math.fabs(-3))
print(math.log(math.e), math.log10(1000), math.log2(8), math.exp(0), round(math.sin(math.pi / 2), 6), math.comb(5, 2), math.perm(5, 2))

print(list(itertools.islice(itertools.count(10, 5), 4)))
print(list(itertools.chain([1, 2], "ab")), list(itertools.repeat("x", 3)))
print(list(itertools.product("ab", [0, 1])))
print(list(itertools.permutations([1, 2, 3], 2)))
print(list(itertools.combinations("abcd", 2)))
print(list(itertools.accumulate([1, 2, 3, 4])), list(itertools.zip_longest("ab", [1], fillvalue="-")))
for key, group in itertools.groupby("aaabccdd"):
    print(key, len(list(group)))
print(list(itertools.takewhile(lambda v: v < 3, [1, 2, 5, 1])), list(itertools.islice(itertools.cycle("xy"), 5)))
