# Exception hierarchy, except-clause order, str(e) and repr(e), custom exception classes.
class AppError(Exception):
    pass


class RetryError(AppError):
    def __init__(self, attempts, reason):
        super().__init__(f"gave up after {attempts}: {reason}")
        self.attempts = attempts


def risky(kind):
    if kind == "key":
        return {}["missing"]
    if kind == "index":
        return [][3]
    if kind == "zero":
        return 1 // 0
    if kind == "value":
        return int("abc")
    if kind == "type":
        return "a" + 1
    if kind == "retry":
        raise RetryError(3, "timeout")
    if kind == "attr":
        return None.nothing
    return "ok"


for kind in ["key", "index", "zero", "value", "type", "retry", "attr", "none"]:
    try:
        result = risky(kind)
    except LookupError as e:
        print(kind, "LookupError branch:", type(e).__name__, str(e), repr(e))
    except ArithmeticError as e:
        print(kind, "ArithmeticError branch:", type(e).__name__, e)
    except AppError as e:
        print(kind, "AppError branch:", type(e).__name__, e, e.attempts, e.args)
    except (ValueError, TypeError) as e:
        print(kind, "tuple branch:", type(e).__name__)
    except Exception as e:
        print(kind, "Exception branch:", type(e).__name__)
    else:
        print(kind, "no exception:", result)

print(repr(ValueError("bad", 2)), str(ValueError("bad", 2)), str(ValueError()), repr(KeyError("k")), str(KeyError("k")))
print(repr(RetryError(1, "x")), issubclass(RetryError, Exception), issubclass(KeyError, LookupError))
print(isinstance(ZeroDivisionError(), ArithmeticError), [c.__name__ for c in ZeroDivisionError.__mro__])
e = AppError("a", "b")
print(e.args, str(e), repr(e), repr(Exception()), str(Exception("only")))
try:
    raise AppError
except AppError as caught:
    print("raised a class:", repr(caught))
try:
    try:
        raise KeyError("inner")
    except KeyError:
        raise
except LookupError as again:
    print("re-raised:", repr(again))
