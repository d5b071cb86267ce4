# pprint in asyncio code: sorted dict keys, wrapping at width/indent/depth/compact, pp's insertion order,
# long strings and bytes split into pieces, dataclasses and collections types, saferepr and friends.
import asyncio
import pprint
from collections import OrderedDict, defaultdict, Counter, deque, namedtuple
from dataclasses import dataclass, field

P = namedtuple("P", "x y")


@dataclass
class Item:
    name: str
    tags: list = field(default_factory=list)


async def main():
    data = {"zeta": list(range(20)), "alpha": {"nested": [{"k": i, "v": "x" * i} for i in range(5)]},
            "mid": (1, 2, 3), "s": {3, 1, 2}, "fs": frozenset({"b", "a"}), "one": (1,), "empty": {}}
    pprint.pprint(data)
    pprint.pprint(data, width=40, indent=2)
    pprint.pprint(data, depth=2)
    pprint.pprint(data, compact=True, width=50)
    pprint.pp({"b": 1, "a": 2})
    pprint.pprint("a long string " * 10, width=30)
    print(pprint.pformat([P(1, 2), Item("potato", ["veg"] * 12)], width=40))
    pprint.pprint(OrderedDict(a=1, b=[2] * 30))
    dd = defaultdict(list, {"x": [1] * 40})
    pprint.pprint(dd)
    pprint.pprint(Counter("mississippi" * 3))
    pprint.pprint(deque(range(25), maxlen=30))
    pprint.pprint(b"bytes bytes bytes bytes bytes bytes bytes bytes bytes bytes bytes bytes ", width=40)
    pprint.pprint({1: "a", "b": 2, (1, 2): None}, width=20)
    r = [1, 2]
    r.append(r)
    print(pprint.saferepr({"k": 1, "a": [3, 2]}), pprint.isreadable([1, "x"]), pprint.isrecursive(r))
    pprint.pprint(12345678, underscore_numbers=True)
    await asyncio.sleep(0)

asyncio.run(main())
