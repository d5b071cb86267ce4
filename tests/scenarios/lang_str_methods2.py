# More str methods: split with maxsplit, rsplit, splitlines, partition, center, zfill, title, format_map, translate, count, startswith tuples.
text = "  The quick brown fox, the lazy dog; THE end  "
print(text.split(), text.split(" ", 3), text.strip().rsplit(" ", 2))
print("a,b,,c".split(","), "a,b,,c".split(",", 1), "".split(","), "".split())
print("line1\nline2\r\nline3\n".splitlines(), "x\ny\n".splitlines(True))
print("key=value=more".partition("="), "key=value=more".rpartition("="), "novalue".partition("="))
print(repr("abc".center(9, "*")), repr("abc".ljust(6, ".")), repr("abc".rjust(6)), "42".zfill(5), "-42".zfill(6))
print("hello world".title(), "Hello World".swapcase(), "hELLO".capitalize(), "ß".upper())
print(text.lower().count("the"), text.find("fox"), text.rfind("the"), text.index("brown"), text.find("cat"))
print("report.csv".endswith((".csv", ".txt")), "report.csv".startswith("rep", 0), "abc".startswith(("x", "a")))
print("-".join(["a", "b", "c"]), ", ".join(str(i) for i in range(5)), "".join(reversed("stressed")))
print("{name}: {score}".format_map({"name": "ann", "score": 93}))
print("hello".replace("l", "L", 1), "a-b-c".replace("-", ""), "tab\there".expandtabs(4))
print("abc123".isalnum(), "abc".isalpha(), "123".isdigit(), "  ".isspace(), "Title Case".istitle(), "abc".isupper())
print("hello".translate(str.maketrans("el", "ip")), "hello".translate(str.maketrans({"h": "J", "o": None})))
print("xxhixx".strip("x"), "xxhixx".lstrip("x"), "xxhixx".rstrip("x"), "www.example.com".removeprefix("www.").removesuffix(".com"))
print("%s has %d chars" % ("word", len("word")), "ab" * 3, "abc"[::-1], "abcdef"[1:5:2], "abc"[-1])
print(ord("A"), chr(9731), "é".encode(), b"abc".decode(), len("日本語"), "日本語"[1])
words = "the cat and the hat and the bat".split()
freq = {}
for w in words:
    freq[w] = freq.get(w, 0) + 1
print(sorted(freq.items(), key=lambda kv: (-kv[1], kv[0])))
print(max(words, key=len), min(words), sorted(set(words)), "cat" in words, "at" in "cat")
print(str(12), str(1.0), str([1, "x"]), repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("\t\n\\"))
print("a b c".split(None, 1), "  lead".lstrip(), "CamelCaseString".casefold(), "é" < "z", "Z" < "a")
print("%-8s|%8s|" % ("left", "right"), "%05.1f" % 3.14159, "%x" % 255, "%+d" % 5)
