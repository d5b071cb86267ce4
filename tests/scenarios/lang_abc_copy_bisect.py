# Library helpers in class code: abc.ABC with abstract methods (instantiation errors), copy.copy vs copy.deepcopy with shared and cyclic data, and bisect for grading and sorted inserts.
import abc
import bisect
import copy
from abc import ABC, abstractmethod


class Shape(ABC):
    @abstractmethod
    def area(self):
        ...

    @abstractmethod
    def perimeter(self):
        ...

    def describe(self):
        return f"{type(self).__name__}: {self.area()}"


class Square(Shape):
    def __init__(self, s):
        self.s = s

    def area(self):
        return self.s ** 2

    def perimeter(self):
        return 4 * self.s


class Half(Shape):
    def area(self):
        return 1


for cls in (Shape, Half):
    try:
        cls()
    except TypeError as e:
        print(e)
print(Square(3).describe(), isinstance(Square(2), Shape), Shape.__abstractmethods__ == frozenset({"area", "perimeter"}), type(Shape).__name__)
grades = [60, 70, 80, 90]
print(bisect.bisect(grades, 75), bisect.bisect_left(grades, 70), bisect.bisect_right(grades, 70), "FDCBA"[bisect.bisect(grades, 85)])
xs = []
for v in [5, 1, 4, 1, 3]:
    bisect.insort(xs, v)
print(xs, bisect.bisect_left(xs, 4, key=None))
a = {"k": [1, [2, 3]], "t": (1, [4])}
b = copy.copy(a)
c = copy.deepcopy(a)
a["k"][1].append(99)
a["t"][1].append(5)
print(b, c, b["k"] is a["k"], c["k"] is a["k"])


class Node:
    def __init__(self, v):
        self.v = v
        self.children = []


n = Node(1)
n.children.append(Node(2))
n.children.append(n)
m = copy.deepcopy(n)
print(m.v, m.children[0].v, m.children[1] is m, m is n, copy.copy(n).children is n.children)
