# json, statistics and textwrap as small reports use them: dumps (indent, sort_keys, separators,
# ensure_ascii), loads and its error messages, exact means and variances (of Fractions too),
# harmonic means, a correctly rounded stdev, wrap/fill/shorten/dedent.
import asyncio
import json
import statistics
import textwrap
from fractions import Fraction as F


async def measure(i):
    await asyncio.sleep(0.01 * i)
    return i * 1.5


async def main():
    data = await asyncio.gather(*(measure(i) for i in range(1, 6)))
    print(statistics.mean(data), statistics.median(data), statistics.stdev(data))
    print(statistics.pvariance(data), statistics.median([1, 3, 2, 4]), statistics.mode([1, 2, 2, 3]))
    print(statistics.fmean([1, 2, 3, 4]), statistics.variance([1, 2, 3, 4]), statistics.pstdev([2, 4, 4, 4, 5, 5, 7, 9]))
    record = {"name": "loop", "values": data, "ok": True, "none": None, "nested": {"a": [1, 2, {"b": "c"}]}}
    text = json.dumps(record)
    print(text)
    print(json.dumps(record, indent=2, sort_keys=True))
    print(json.dumps([1, "two", 3.0, "é\n\"q\""]), json.dumps("é", ensure_ascii=False))
    back = json.loads(text)
    print(back == record, back["nested"]["a"][2]["b"], type(json.loads("1.0")).__name__)
    print(json.loads('{"x": [true, false, null], "y": -1.5e3, "z": "\\u00e9"}'))
    print(json.dumps({"a": 1, "b": 2}, separators=(",", ":")), json.dumps({1: 2}))
    para = "Asyncio is a library to write concurrent code using the async/await syntax. " * 2
    print(textwrap.fill(para, width=40))
    print(textwrap.wrap("short words here", width=6))
    print(textwrap.indent("a\nb\n", "> "), end="")
    print(textwrap.dedent("""
        hello
          world
    """))
    print(textwrap.shorten("The quick brown fox jumps over the lazy dog", width=25))


asyncio.run(main())


def decode_errors():
    for text in ['{"a": 1,}', '[1,]', '"\\x"', '[1, 2', '{"a" 1}', '', '[1,,2]', '{"a": }', 'nul', '{"a": 1} x']:
        try:
            print(repr(json.loads(text)))
        except json.JSONDecodeError as e:
            print(repr(text), "->", e, "|", e.msg, e.pos, e.lineno, e.colno)


def exact_statistics():
    print(statistics.mean([F(1, 3), F(1, 6)]), statistics.variance([F(1), F(2)]), statistics.pvariance([F(1, 2), F(3, 4), 1]))
    print(statistics.harmonic_mean([40, 60]), statistics.harmonic_mean([2.5, 5, 10]),
          statistics.harmonic_mean([40, 60], weights=[5, 30]), statistics.harmonic_mean([F(1, 2), F(1, 4)]))
    print(statistics.harmonic_mean([0, 5]), statistics.harmonic_mean([7]), statistics.median([F(1), F(2)]))
    for bad in ([], [-1, 2]):
        try:
            statistics.harmonic_mean(bad)
        except statistics.StatisticsError as e:
            print("StatisticsError", e)


decode_errors()
exact_statistics()
