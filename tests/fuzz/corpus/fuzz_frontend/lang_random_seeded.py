# random with a seed: randint, choice, shuffle, sample, random, uniform and randrange are reproducible.
import random

random.seed(42)
print([random.randint(1, 6) for _ in range(10)])
print(random.random(), random.random())
print(random.choice("abcdef"), random.choice([10, 20, 30]))
deck = list(range(10))
random.shuffle(deck)
print(deck)
print(random.sample(range(100), 5), random.sample(["x", "y", "z"], 2))
print(random.uniform(1, 2), random.randrange(0, 100, 5), random.randrange(10))
random.seed(42)
print("reseeded:", [random.randint(1, 6) for _ in range(3)])
print(random.randint(0, 10 ** 12), random.choice(range(1000)))
random.seed(2 ** 70 + 3)
print(random.random(), random.getrandbits(40))
rng = random.Random(7)
print(rng.randint(1, 100), rng.choice(["p", "q"]), rng.random())
