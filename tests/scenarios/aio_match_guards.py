# match inside coroutines: an awaited guard suspends mid-match, break/continue/return leave a case
# body, nested matches, tuple subjects, deep mapping patterns and a walrus in a guard.
import asyncio


async def check(x):
    await asyncio.sleep(0.01)
    return x > 2


async def classify(items):
    out = []
    for item in items:
        match item:
            case int(n) if await check(n):
                out.append(("big", n))
            case int(n):
                if n == 0:
                    continue
                out.append(("small", n))
            case [x, y] if x == y:
                break
            case [x, [y, *_]]:
                match y:
                    case str():
                        out.append(("nested-str", y))
                    case _:
                        out.append(("nested", y))
            case _:
                return out + ["bail"]
    return out


async def main():
    print(await classify([1, 5, 0, [1, ["a", 2]], [3, [4]], 2, [7, 7], 9]))
    print(await classify([None, 1]))
    results = []
    for v in range(4):
        match v % 3, v:
            case (0, w):
                results.append(f"zero{w}")
            case (r, _) if r == 1:
                results.append("one")
            case other:
                results.append(str(other))
    print(results)
    match {"a": {"b": [1, 2]}}:
        case {"a": {"b": [_, last]}}:
            print("deep", last)
    x = 3
    match x:
        case 1 | 2:
            print("low")
        case 3 if (y := x * 2) > 5:
            print("walrus", y)


asyncio.run(main())
