# Nested functions, closures with state, decorators with arguments and functools.wraps, a memoising cache, class decorators.
import functools


def make_counter(start=0):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


inc, get = make_counter(10)
inc()
inc(5)
print(get(), inc.__name__, inc.__qualname__)
adders = [lambda x, n=n: x + n for n in range(3)]
late = [lambda x: x + n for n in range(3)]
print([f(10) for f in adders], [f(10) for f in late])


def trace(fn):
    depth = 0

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        nonlocal depth
        print("  " * depth + f"-> {fn.__name__}{args}")
        depth += 1
        try:
            result = fn(*args, **kwargs)
        finally:
            depth -= 1
        print("  " * depth + f"<- {fn.__name__} = {result}")
        return result

    return wrapper


@trace
def fact(n):
    """Factorial."""
    return 1 if n <= 1 else n * fact(n - 1)


print(fact(4), fact.__name__, fact.__doc__, fact.__wrapped__.__name__)


def repeat(times):
    def deco(fn):
        def wrapper(*a):
            return [fn(*a) for _ in range(times)]
        return wrapper
    return deco


@repeat(3)
def greet(name):
    return "hi " + name


print(greet("bo"))

calls = []


@functools.lru_cache(maxsize=None)
def slow_square(n):
    calls.append(n)
    return n * n


print([slow_square(i % 3) for i in range(6)], calls, slow_square.cache_info())


def register(registry):
    def deco(cls):
        registry[cls.__name__.lower()] = cls
        return cls
    return deco


PLUGINS = {}


@register(PLUGINS)
class Csv:
    pass


@register(PLUGINS)
class Json:
    pass


print(sorted(PLUGINS), PLUGINS["csv"].__name__)


def outer():
    x = "outer"

    def middle():
        def inner():
            return x
        return inner

    x = "changed"
    return middle()()


print(outer())


def accumulate():
    total = []

    def add(v):
        total.append(v)
        return sum(total)

    return add


acc = accumulate()
print(acc(1), acc(2), acc(3), acc.__closure__ is not None, len(acc.__closure__))
compose = lambda f, g: lambda x: f(g(x))
print(compose(str.upper, str.strip)("  hi  "), (lambda *a, **k: (a, k))(1, z=2))
partial_pow = functools.partial(pow, 2)
print(partial_pow(10), functools.reduce(lambda a, b: a * b, range(1, 6)), functools.reduce(operator_add := (lambda a, b: a + b), [], 0))


class CountCalls:
    def __init__(self, fn):
        self.fn = fn
        self.calls = 0

    def __call__(self, *args):
        self.calls += 1
        return self.fn(*args)


@CountCalls
def double(x):
    return 2 * x


print(double(4), double(5), double.calls, callable(double), callable(3))
