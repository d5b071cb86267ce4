# Seeded random distributions: lognormvariate, vonmisesvariate, gammavariate (all three
# algorithms), betavariate, paretovariate, weibullvariate, used in a tiny queue simulation.
import asyncio
import random

random.seed(2024)
print([round(random.lognormvariate(0, 1), 12) for _ in range(3)])
print([round(random.vonmisesvariate(1, k), 12) for k in (0, 0.5, 4)])
print([round(random.gammavariate(a, 2), 12) for a in (0.5, 1.0, 3.5)])
print([round(random.betavariate(2, 3), 12) for _ in range(3)], random.betavariate(0.5, 0.5) >= 0)
print(round(random.paretovariate(3), 12), round(random.weibullvariate(1, 2), 12))
for bad in [(0, 1), (1, -1)]:
    try:
        random.gammavariate(*bad)
    except ValueError as e:
        print("ValueError", e)
r = random.Random(7)
print(round(r.gammavariate(2.5, 1), 12), round(r.betavariate(1, 1), 12), round(r.weibullvariate(2, 0.5), 12))


async def customer(i, arrival):
    await asyncio.sleep(arrival)
    service = round(random.gammavariate(2, 0.1), 3)
    print(f"t={asyncio.get_running_loop().time():.3f} customer {i} arrives, service {service}")
    await asyncio.sleep(service)
    return service


async def main():
    t = 0.0
    arrivals = []
    for _ in range(4):
        t += round(random.paretovariate(4) - 1, 3)
        arrivals.append(t)
    served = await asyncio.gather(*(customer(i, a) for i, a in enumerate(arrivals)))
    print(f"mean service {sum(served) / len(served):.4f}")


asyncio.run(main())
