# Value classes with __repr__/__eq__/__hash__/__lt__, sorted with key= and reverse=, used as dict keys.
import functools


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x!r}, {self.y!r})"

    def __eq__(self, other):
        if not isinstance(other, Point):
            return NotImplemented
        return (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)


@functools.total_ordering
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __eq__(self, other):
        return self.parts == other.parts

    def __lt__(self, other):
        return self.parts < other.parts

    def __str__(self):
        return ".".join(map(str, self.parts))

    __repr__ = __str__


class Employee:
    count = 0

    def __init__(self, name, dept, salary):
        self.name = name
        self.dept = dept
        self.salary = salary
        Employee.count += 1

    def __repr__(self):
        return "%s(%s, %d)" % (type(self).__name__, self.name, self.salary)


class Manager(Employee):
    def __init__(self, name, dept, salary, reports=()):
        super().__init__(name, dept, salary)
        self.reports = list(reports)

    def __repr__(self):
        return super().__repr__() + f"+{len(self.reports)}"


pts = [Point(3, 1), Point(1, 2), Point(1, -1), Point(2, 2)]
print(sorted(pts))
print(sorted(pts, key=lambda p: p.y))
print(sorted(pts, key=lambda p: (-p.y, p.x), reverse=True))
print(max(pts), min(pts, key=lambda p: p.x * p.x + p.y * p.y))
print(Point(1, 2) == Point(1, 2), Point(1, 2) != Point(2, 1), Point(1, 2) == (1, 2))
seen = {Point(1, 2): "a", Point(3, 1): "b"}
seen[Point(1, 2)] = "c"
print(seen, len(seen), Point(3, 1) in seen)
print(len({Point(0, 0), Point(0, 0), Point(0, 1)}))
print(Point(0, 0) > Point(-1, 5), Point(0, 0) <= Point(0, 0) if hasattr(Point, "__le__") and Point.__le__ is not object.__le__ else "no le")

vs = [Version("1.10.0"), Version("1.2.3"), Version("1.2"), Version("0.9.9")]
vs.sort()
print(vs, Version("1.2") <= Version("1.2.0"), Version("2.0") >= Version("1.99"))
print(max(vs), sorted(vs, reverse=True)[:2])

staff = [
    Employee("ann", "eng", 120),
    Employee("bob", "ops", 90),
    Manager("cat", "eng", 150, ["ann"]),
    Employee("dan", "eng", 120),
    Manager("eve", "ops", 130, ["bob", "fay"]),
]
by_dept = {}
for e in staff:
    by_dept.setdefault(e.dept, []).append(e)
for dept, people in sorted(by_dept.items()):
    people.sort(key=lambda e: (-e.salary, e.name))
    total = sum(e.salary for e in people)
    print(f"{dept:<5}|{total:>6}|", people)
print(Employee.count, Manager.count, isinstance(staff[2], Employee), type(staff[2]).__mro__[1].__name__)
print([e.name for e in staff if isinstance(e, Manager)], issubclass(Manager, Employee))
print(sorted(staff, key=lambda e: e.name, reverse=True)[0])
print(sorted(["banana", "Apple", "cherry", "apple"], key=str.lower))
print(sorted(["bb", "a", "ccc", "dd"], key=len), sorted("hello"))
