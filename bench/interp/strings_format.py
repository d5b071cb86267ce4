# String building and formatting: f-strings, %-format, str.format, join, split, replace, slicing.


def main():
    parts = []
    for i in range(60000):
        parts.append(f"{i:05d}-{i * 1.5:.2f}-{hex(i)}")
    text = ",".join(parts)
    fields = text.split(",")
    lines = []
    for i, f in enumerate(fields[:30000]):
        lines.append("%s|%-8s|%6.1f" % (f.upper(), f[:4], i / 7))
        lines.append("{0}:{1!r}:{2:>6}".format(i, f[-3:], len(f)))
    joined = "\n".join(lines).replace("0", "o")
    words = 0
    for line in joined.splitlines():
        if line.startswith("oo") or line.endswith("x"):
            words += 1
    print("strings", len(text), len(joined), words, joined.splitlines()[0])


main()
