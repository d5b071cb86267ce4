# Operator overloading: arithmetic, reflected and in-place operators, unary ops, NotImplemented.
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        if not isinstance(other, Vec):
            return NotImplemented
        return Vec(self.x + other.x, self.y + other.y)

    def __sub__(self, other):
        return Vec(self.x - other.x, self.y - other.y)

    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)

    def __rmul__(self, k):
        print("  __rmul__ used")
        return self * k

    def __iadd__(self, other):
        print("  __iadd__ used")
        self.x += other.x
        self.y += other.y
        return self

    def __neg__(self):
        return Vec(-self.x, -self.y)

    def __abs__(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"Vec({self.x}, {self.y})"


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        return Money(self.cents + (other.cents if isinstance(other, Money) else other))

    __radd__ = __add__

    def __str__(self):
        return "$%d.%02d" % divmod(self.cents, 100)


a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a - b, a * 3, 2 * a, -a, abs(b))
c = a
c += b
print(c, a, c is a, a == Vec(4, 6), a != b)
try:
    a + 1
except TypeError as e:
    print("TypeError:", e)
print(sum([Money(150), Money(275)], Money(5)), sum([Money(99)]), Money(1) + 2)
