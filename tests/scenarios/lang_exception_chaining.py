# Exception chaining and finally ordering printed step by step; custom hierarchies, args, notes, tracebacks as text.
class AppError(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

    def __str__(self):
        return f"[{self.code}] {self.args[0]}"


class DbError(AppError):
    pass


def load(key):
    print("load", key)
    try:
        return {"a": 1}[key]
    except KeyError as e:
        raise DbError(404, f"no row {key!r}") from e
    finally:
        print("load finally", key)


def service(key):
    try:
        value = load(key)
    except AppError as e:
        print("service caught", type(e).__name__, e, repr(e), e.code)
        print("  cause:", repr(e.__cause__), "context is cause:", e.__context__ is e.__cause__)
        raise RuntimeError("service failed") 
    else:
        print("service got", value)
        return value
    finally:
        print("service finally", key)


for k in ["a", "zz"]:
    try:
        print("result", service(k))
    except RuntimeError as e:
        print("top:", e, "| context:", type(e.__context__).__name__, e.__context__, "| cause:", e.__cause__)
        print("suppress:", e.__suppress_context__)


def nested():
    try:
        try:
            1 / 0
        finally:
            print("inner finally")
    except ZeroDivisionError as e:
        print("outer caught", e)
        try:
            int("x")
        except ValueError as e2:
            print("second", e2, "context:", repr(e2.__context__))
    finally:
        print("outer finally")
    return "done"


print(nested())


def gen_cleanup():
    try:
        yield 1
        yield 2
    finally:
        print("generator cleanup")


g = gen_cleanup()
print(next(g))
g.close()

err = ValueError("bad", 42)
print(err.args, str(err), repr(err), len(err.args))
e = Exception()
print(repr(e), str(e) == "", repr(KeyError("k")), str(KeyError("k")), str(KeyError()))
try:
    raise TypeError("with note")
except TypeError as ex:
    ex.add_note("extra context")
    print(ex.__notes__, isinstance(ex, Exception), isinstance(ex, BaseException))

try:
    try:
        raise ValueError("original")
    except ValueError:
        raise KeyError("replacement") from None
except KeyError as ex:
    print(repr(ex), ex.__cause__, ex.__suppress_context__, repr(ex.__context__))


def counter():
    log = []
    for i in range(4):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            log.append(i)
        finally:
            log.append(f"f{i}")
    return log


print(counter())

try:
    [].pop()
except IndexError as ex:
    print("IndexError:", ex)
try:
    None.upper()
except AttributeError as ex:
    print("AttributeError:", ex)
try:
    "a" + 1
except TypeError as ex:
    print("TypeError:", ex)
try:
    int("12x")
except ValueError as ex:
    print("ValueError:", ex)
try:
    {}["k"]
except LookupError as ex:
    print("LookupError:", type(ex).__name__, ex)
try:
    raise AppError(500, "boom")
except Exception as ex:
    print(f"{ex}", f"{ex!r}", ex.args)
print("unhandled next")
service("missing")
