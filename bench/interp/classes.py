# Class method calls: instances, inheritance, super(), properties, dunder methods, attribute updates.


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __add__(self, other):
        return Vec(self.x + other.x, self.y + other.y)

    def dot(self, other):
        return self.x * other.x + self.y * other.y

    @property
    def norm1(self):
        return abs(self.x) + abs(self.y)


class Particle:
    def __init__(self, pos, vel):
        self.pos = pos
        self.vel = vel

    def step(self):
        self.pos = self.pos + self.vel
        return self.pos.norm1


class Damped(Particle):
    def step(self):
        n = super().step()
        self.vel = Vec(self.vel.x * 3 // 4, self.vel.y * 3 // 4)
        return n


def main():
    ps = [Particle(Vec(i, -i), Vec(1, 2)) if i % 2 else Damped(Vec(i, i), Vec(8, -8)) for i in range(100)]
    total = 0
    for _ in range(800):
        for p in ps:
            total += p.step()
    d = sum(p.pos.dot(p.vel) for p in ps)
    print("classes", total, d)


main()
