# bytes as simulated I/O uses them: framing messages with split/join/partition, strip and replace,
# ASCII case and classes, find/count/index, padding, hex round trips, the TypeErrors of mixing str in,
# and ints to and from bytes (byte order, signed, overflow).
import asyncio


async def connection(name, chunks):
    buffer = b""
    for chunk in chunks:
        await asyncio.sleep(0.01)
        buffer += chunk
        while b"\r\n" in buffer:
            line, _, buffer = buffer.partition(b"\r\n")
            command, *args = line.split()
            print(name, command.decode(), [a.upper() for a in args], line.hex()[:12])
    return buffer


CASES = [
    ('b"ab" + b"cd"', lambda: b"ab" + b"cd"),
    ('b"ab" * 3', lambda: b"ab" * 3),
    ('3 * b"ab"', lambda: 3 * b"ab"),
    ('b"ab" * 0', lambda: b"ab" * 0),
    ('b"hello"[1:3]', lambda: b"hello"[1:3]),
    ('b"hello"[1]', lambda: b"hello"[1]),
    ('len(b"abc")', lambda: len(b"abc")),
    ('b"abc".decode()', lambda: b"abc".decode()),
    ('b"a,b".split(b",")', lambda: b"a,b".split(b",")),
    ('b"a,b,c".split(b",", 1)', lambda: b"a,b,c".split(b",", 1)),
    ('b"a,b,c".rsplit(b",", 1)', lambda: b"a,b,c".rsplit(b",", 1)),
    ('b"  a  b c ".split()', lambda: b"  a  b c ".split()),
    ('b"  a  b c ".split(None, 1)', lambda: b"  a  b c ".split(None, 1)),
    ('b"  a  b c ".rsplit(None, 1)', lambda: b"  a  b c ".rsplit(None, 1)),
    ('b"".split()', lambda: b"".split()),
    ('b"-".join([b"a", b"b"])', lambda: b"-".join([b"a", b"b"])),
    ('b"-".join([b"a", "b"])', lambda: b"-".join([b"a", "b"])),
    ('b"ab" in b"cabd"', lambda: b"ab" in b"cabd"),
    ('97 in b"abc"', lambda: 97 in b"abc"),
    ('b"x" in b"abc"', lambda: b"x" in b"abc"),
    ('"a" in b"abc"', lambda: "a" in b"abc"),
    ('b"abc".startswith(b"a")', lambda: b"abc".startswith(b"a")),
    ('b"abc".startswith((b"x", b"ab"))', lambda: b"abc".startswith((b"x", b"ab"))),
    ('b"abc".startswith("a")', lambda: b"abc".startswith("a")),
    ('b"abc".endswith(b"bc", 0, 2)', lambda: b"abc".endswith(b"bc", 0, 2)),
    ('b"abc".hex()', lambda: b"abc".hex()),
    ('bytes.fromhex("61 62")', lambda: bytes.fromhex("61 62")),
    ('bytes.fromhex("6g")', lambda: bytes.fromhex("6g")),
    ('b"abc".upper()', lambda: b"abc".upper()),
    ('b"ABc\\xe9".lower()', lambda: b"ABc\xe9".lower()),
    ('b"hello world".title()', lambda: b"hello world".title()),
    ('b"hELLO".capitalize()', lambda: b"hELLO".capitalize()),
    ('b"AbC".swapcase()', lambda: b"AbC".swapcase()),
    ('b"abcabc".find(b"c")', lambda: b"abcabc".find(b"c")),
    ('b"abcabc".rfind(b"c")', lambda: b"abcabc".rfind(b"c")),
    ('b"abcabc".find(b"c", 3)', lambda: b"abcabc".find(b"c", 3)),
    ('b"abc".find(99)', lambda: b"abc".find(99)),
    ('b"abc".index(b"z")', lambda: b"abc".index(b"z")),
    ('b"abcabc".count(b"bc")', lambda: b"abcabc".count(b"bc")),
    ('b"abc".count(b"")', lambda: b"abc".count(b"")),
    ('b"  x \\t".strip()', lambda: b"  x \t".strip()),
    ('b"xxaxx".strip(b"x")', lambda: b"xxaxx".strip(b"x")),
    ('b"  x ".lstrip()', lambda: b"  x ".lstrip()),
    ('b"  x ".rstrip()', lambda: b"  x ".rstrip()),
    ('b"abcb".replace(b"b", b"B")', lambda: b"abcb".replace(b"b", b"B")),
    ('b"abcb".replace(b"b", b"B", 1)', lambda: b"abcb".replace(b"b", b"B", 1)),
    ('b"ab".replace(b"", b"-")', lambda: b"ab".replace(b"", b"-")),
    ('b"ab\\ncd\\r\\nef\\r".splitlines()', lambda: b"ab\ncd\r\nef\r".splitlines()),
    ('b"ab\\ncd\\r\\n".splitlines(True)', lambda: b"ab\ncd\r\n".splitlines(True)),
    ('b"a=b=c".partition(b"=")', lambda: b"a=b=c".partition(b"=")),
    ('b"a=b=c".rpartition(b"=")', lambda: b"a=b=c".rpartition(b"=")),
    ('b"abc".partition(b"x")', lambda: b"abc".partition(b"x")),
    ('b"12".isdigit()', lambda: b"12".isdigit()),
    ('b"".isdigit()', lambda: b"".isdigit()),
    ('b"ab1".isalnum()', lambda: b"ab1".isalnum()),
    ('b"ab".isalpha()', lambda: b"ab".isalpha()),
    ('b" \\t".isspace()', lambda: b" \t".isspace()),
    ('b"ab1".islower()', lambda: b"ab1".islower()),
    ('b"AB1".isupper()', lambda: b"AB1".isupper()),
    ('b"1".islower()', lambda: b"1".islower()),
    ('b"ab".ljust(5, b"*")', lambda: b"ab".ljust(5, b"*")),
    ('b"ab".rjust(5)', lambda: b"ab".rjust(5)),
    ('b"ab".center(7, b"-")', lambda: b"ab".center(7, b"-")),
    ('b"abc".center(6)', lambda: b"abc".center(6)),
    ('b"-5".zfill(4)', lambda: b"-5".zfill(4)),
    ('b"x".zfill(3)', lambda: b"x".zfill(3)),
    ('b"ab".center(5, b"--")', lambda: b"ab".center(5, b"--")),
    ('sorted([b"b", b"a"])', lambda: sorted([b"b", b"a"])),
    ('b"abc"[::-1]', lambda: b"abc"[::-1]),
    ('list(b"hi")', lambda: list(b"hi")),
    ('bytes(2)', lambda: bytes(2)),
    ('bytes([104, 105])', lambda: bytes([104, 105])),
    ('bytes("hi", "ascii")', lambda: bytes("hi", "ascii")),
    ('str(b"x")', lambda: str(b"x")),
    ('b"abc" == b"abc"', lambda: b"abc" == b"abc"),
    ('b"x" * -1', lambda: b"x" * -1),
]


async def main():
    rest = await asyncio.gather(
        connection("c1", [b"GET /a HT", b"TP/1.1\r\nPING x\r", b"\nQUIT"]),
        connection("c2", [b"set key 42\r\nget key\r\n"]),
    )
    print("left over", rest)
    for n, length, order, signed in [(1024, 3, "little", False), (-1, 2, "big", True), (2**64 + 5, 9, "big", False)]:
        data = n.to_bytes(length, order, signed=signed)
        print(n, data, int.from_bytes(data, order, signed=signed))
    for n, length, signed in [(256, 1, False), (-1, 1, False), (128, 1, True)]:
        try:
            n.to_bytes(length, "big", signed=signed)
        except OverflowError as e:
            print("OverflowError", e)
    print((5).to_bytes(), int.from_bytes(b"\x05"), int.from_bytes([1, 2, 3], "little"), bool.from_bytes(b"\x01", "big"))
    for text, case in CASES:
        try:
            print(text, "->", repr(case()))
        except Exception as e:
            print(text, "!!", type(e).__name__, e)


asyncio.run(main())
