# Classes: inheritance, super(), classmethod, staticmethod, property, class vs instance attributes.
class Animal:
    kingdom = "animalia"
    count = 0

    def __init__(self, name):
        self.name = name
        Animal.count += 1

    def speak(self):
        return f"{self.name} makes {self.sound()}"

    def sound(self):
        return "a noise"

    @classmethod
    def create(cls, name):
        return cls(name)

    @staticmethod
    def legs_of(kind):
        return {"dog": 4, "bird": 2}.get(kind, 0)

    def __repr__(self):
        return f"{type(self).__name__}({self.name!r})"

    def __str__(self):
        return self.name


class Dog(Animal):
    def __init__(self, name, trick="sit"):
        super().__init__(name)
        self.trick = trick

    def sound(self):
        return "woof"

    def speak(self):
        return super().speak() + f" and can {self.trick}"


class Puppy(Dog):
    def sound(self):
        return "yip"


class Temperature:
    def __init__(self, celsius):
        self._celsius = celsius

    @property
    def fahrenheit(self):
        return self._celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self._celsius = (value - 32) * 5 / 9


a = Animal("generic")
d = Dog.create("rex")
p = Puppy("bit", trick="roll")
print(a.speak())
print(d.speak())
print(p.speak())
print(repr(p), str(p), [a, d], f"{d}")
print(Animal.count, Dog.kingdom, p.kingdom, Animal.legs_of("dog"), p.legs_of("bird"))
print(isinstance(p, Animal), isinstance(a, Dog), issubclass(Puppy, Dog), type(p).__name__, Puppy.__mro__[1].__name__)
t = Temperature(100)
print(t.fahrenheit)
t.fahrenheit = 32
print(t._celsius, t.fahrenheit)
d.kingdom = "changed"
print(d.kingdom, Animal.kingdom, hasattr(d, "trick"), getattr(a, "trick", "none"))
setattr(a, "color", "brown")
print(a.color, vars(d))
