# The traceback module and sys.exc_info(): format_exc, format_exception with chains, limits and
# exception groups drawn as nested boxes (notes, more than 15 members), recursion collapsed to
# "[Previous line repeated ...]", and except* wrapping a naked exception in a tuple.
import sys
import traceback


class Cleaned:
    """A stdout that shows this file's path as scenario.py (tracebacks name it)."""

    def write(self, text):
        sys.stdout.write(text.replace(__file__, "scenario.py"))


out = Cleaned()


def show(*items, end="\n"):
    print(*items, end=end, file=out)


def parse(text):
    return int(text)


def load(text):
    try:
        return parse(text)
    except ValueError as e:
        raise RuntimeError("cannot load " + repr(text)) from e


def dive(n):
    if n == 0:
        raise LookupError("bottom")
    dive(n - 1)


def group():
    try:
        raise KeyError("context")
    except KeyError:
        inner = ValueError("in group")
        inner.add_note("first note\nsecond line")
        nested = ExceptionGroup("inner", [inner, TypeError("t")])
        raise ExceptionGroup("outer", [nested] + [OSError(i) for i in range(16)]) from RuntimeError("cause")


show(sys.exc_info(), sys.exception())
try:
    load("abc")
except RuntimeError as e:
    show(sys.exc_info()[0].__name__, repr(sys.exc_info()[1]), sys.exception() is e)
    show(traceback.format_exc(), end="")
    lines = traceback.format_exception(e, chain=False)
    show(len(lines), repr(lines[0]), repr(lines[-1]))
    show(traceback.format_exception_only(type(e), e), traceback.format_exception_only(e.__cause__))
    traceback.print_exc(limit=1, file=out)
    traceback.print_exception(type(e), e, e.__traceback__, limit=-1, chain=False, file=out)
show(repr(traceback.format_exc()))

try:
    dive(8)
except LookupError as e:
    show("".join(traceback.format_exception(e)), end="")

try:
    group()
except ExceptionGroup as eg:
    traceback.print_exception(eg, file=out)

try:
    raise ValueError("naked")
except* ValueError as g:
    show("wrapped:", repr(g), type(g.exceptions).__name__)
    show("".join(traceback.format_exception(g)), end="")

note_only = KeyError("never raised")
note_only.add_note("a note")
show(traceback.format_exception(note_only))
