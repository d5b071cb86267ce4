# Dataclass-like classes written by hand: __slots__, class-level registries, alternate constructors, properties with validation, vars(), getattr/setattr, __init_subclass__, abstract methods.
class Shape:
    registry = {}

    def __init_subclass__(cls, kind=None, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kind = kind or cls.__name__.lower()
        Shape.registry[cls.kind] = cls

    def area(self):
        raise NotImplementedError(f"{type(self).__name__}.area")

    def describe(self):
        return f"{self.kind} with area {self.area():.2f}"


class Rect(Shape, kind="rectangle"):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @classmethod
    def square(cls, side):
        return cls(side, side)

    def __repr__(self):
        return f"{type(self).__name__}(w={self.w}, h={self.h})"

    def __eq__(self, other):
        return type(self) is type(other) and vars(self) == vars(other)


class Circle(Shape):
    PI = 3.14159

    def __init__(self, r):
        self.radius = r

    @property
    def radius(self):
        return self._r

    @radius.setter
    def radius(self, value):
        if value < 0:
            raise ValueError("radius must be >= 0")
        self._r = value

    @property
    def diameter(self):
        return 2 * self._r

    def area(self):
        return self.PI * self._r ** 2


class Blob(Shape):
    pass


class Vec:
    __slots__ = ("x", "y")

    def __init__(self, x=0, y=0):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"

    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    __rmul__ = __mul__

    def __iter__(self):
        yield self.x
        yield self.y

    def __bool__(self):
        return bool(self.x or self.y)


print(sorted(Shape.registry), Rect.kind, Circle.kind)
shapes = [Rect(2, 3), Rect.square(2), Circle(1), Circle(0.5)]
for s in sorted(shapes, key=lambda s: s.area()):
    print(s.describe())
print(Rect(1, 2) == Rect(1, 2), Rect(1, 2) == Rect(2, 1), Rect(1, 1) != Rect.square(1), repr(Rect.square(3)))
c = Circle(2)
print(c.radius, c.diameter, vars(c))
try:
    c.radius = -1
except ValueError as e:
    print("ValueError:", e)
try:
    c.diameter = 3
except AttributeError as e:
    print("AttributeError:", e)
try:
    Blob().describe()
except NotImplementedError as e:
    print("NotImplementedError:", e)
v = Vec(1, 2)
print(v + Vec(3, 4), 3 * v, v * 2, list(v), tuple(Vec(5, 6)), bool(Vec()), bool(v))
x, y = Vec(7, 8)
print(x, y, hasattr(v, "__dict__"), Vec.__slots__)
try:
    v.z = 1
except AttributeError as e:
    print("AttributeError:", e)
r = Rect(4, 5)
setattr(r, "label", "big")
print(getattr(r, "label"), getattr(r, "missing", "default"), hasattr(r, "w"), sorted(vars(r)))
delattr(r, "label")
print(sorted(r.__dict__), type(r).__name__, r.__class__.__mro__[1].__name__, Rect.__bases__[0].__name__)
print(isinstance(c, (Rect, Circle)), issubclass(Rect, Shape), Rect.area is Shape.area, Rect.describe is Shape.describe)
print(Circle.__name__, Circle.__qualname__, Circle.area.__qualname__)


class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    def __format__(self, spec):
        if spec.endswith("F"):
            return format(self.celsius * 9 / 5 + 32, spec[:-1] or ".1f") + "°F"
        return format(self.celsius, spec or ".1f") + "°C"

    def __lt__(self, other):
        return self.celsius < other.celsius


temps = [Temperature(21.5), Temperature(-3), Temperature(37)]
print(f"{temps[0]} {temps[0]:.0F} {temps[1]:>8.2f} {max(temps)}")
print(sorted(t.celsius for t in temps), min(temps).celsius)
