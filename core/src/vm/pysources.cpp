// Stdlib pieces written in Python. They go through the same lexer/compiler as scenarios, so any
// construct used here must be in the VM's subset; tst_interpreter imports each of them.
#include "vm/pysources.h"

namespace loopscope {

namespace {

constexpr std::string_view kFunctools = R"PY(
# For each root comparison: the missing ones, each as (negate the root's answer, combine with ==/!=).
_ORDER_RULES = {
    '__lt__': (('__gt__', True, 'and_ne'), ('__le__', False, 'or_eq'), ('__ge__', True, '')),
    '__le__': (('__ge__', True, 'or_eq'), ('__lt__', False, 'and_ne'), ('__gt__', True, '')),
    '__gt__': (('__lt__', True, 'and_ne'), ('__ge__', False, 'or_eq'), ('__le__', True, '')),
    '__ge__': (('__le__', True, 'or_eq'), ('__gt__', False, 'and_ne'), ('__lt__', True, '')),
}


def _make_comparison(root, name, negate, combine):
    def compare(self, other):
        answer = getattr(type(self), root)(self, other)
        if answer is NotImplemented:
            return answer
        if negate:
            answer = not answer
        if combine == 'and_ne':
            return answer and self != other
        if combine == 'or_eq':
            return answer or self == other
        return answer
    compare.__name__ = name
    compare.__qualname__ = '_' + name.strip('_') + '_from_' + root.strip('_')
    return compare


def total_ordering(cls):
    """Class decorator that fills in missing ordering methods"""
    defined = [op for op in _ORDER_RULES if getattr(cls, op, None) is not getattr(object, op, None)]
    if not defined:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = max(defined)
    for name, negate, combine in _ORDER_RULES[root]:
        if name not in defined:
            setattr(cls, name, _make_comparison(root, name, negate, combine))
    return cls


def cmp_to_key(mycmp):
    """Convert a cmp= function into a key= function"""
    class K(object):
        __slots__ = ['obj']

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


_NOT_FOUND = object()


class cached_property:
    """A property computed once per instance, then kept in the instance's __dict__."""

    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError("Cannot assign the same cached_property to two different names "
                            f"({self.attrname!r} and {name!r}).")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError("Cannot use cached_property instance without calling __set_name__ on it.")
        try:
            cache = instance.__dict__
        except AttributeError:
            raise TypeError(f"No '__dict__' attribute on {type(instance).__name__!r} "
                            f"instance to cache {self.attrname!r} property.") from None
        val = cache.get(self.attrname, _NOT_FOUND)
        if val is _NOT_FOUND:
            val = self.func(instance)
            cache[self.attrname] = val
        return val


def singledispatch(func):
    """A generic function dispatching on its first argument's class, along that class's MRO."""
    registry = {object: func}
    funcname = getattr(func, '__name__', 'singledispatch function')

    def dispatch(cls):
        for klass in cls.__mro__:
            if klass in registry:
                return registry[klass]
        return func

    def register(cls, func=None):
        if func is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            annotations = getattr(cls, '__annotations__', {})
            if not annotations:
                raise TypeError(f"Invalid first argument to `register()`: {cls!r}. Use either "
                                "`@register(some_class)` or plain `@register` on an annotated function.")
            func = cls
            argname, cls = next(iter(annotations.items()))
            if not isinstance(cls, type):
                raise TypeError(f"Invalid annotation for {argname!r}. {cls!r} is not a class.")
        registry[cls] = func
        return func

    def wrapper(*args, **kw):
        if not args:
            raise TypeError(f'{funcname} requires at least 1 positional argument')
        return dispatch(args[0].__class__)(*args, **kw)

    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper
)PY";

constexpr std::string_view kContextlib = R"PY(
import functools as _functools


class AbstractContextManager:
    def __enter__(self):
        return self


class AbstractAsyncContextManager:
    async def __aenter__(self):
        return self


def _unwrapped_stop(raised, thrown):
    # PEP 479 turns a StopIteration thrown into a generator into RuntimeError from it.
    return isinstance(raised, RuntimeError) and raised.__cause__ is thrown and isinstance(thrown, (StopIteration, StopAsyncIteration))


class _GeneratorContextManager:
    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self._factory = (func, args, kwds)
        self.__doc__ = getattr(func, "__doc__", None)

    def __call__(self, func):
        factory = self._factory

        @_functools.wraps(func)
        def inner(*args, **kwds):
            with type(self)(*factory):
                return func(*args, **kwds)
        return inner

    def __enter__(self):
        del self._factory
        try:
            return next(self.gen)
        except StopIteration:
            raise RuntimeError("generator didn't yield") from None

    def __exit__(self, typ, value, tb):
        if typ is None:
            try:
                next(self.gen)
            except StopIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            self.gen.throw(typ, value, tb)
        except StopIteration as raised:
            return raised is not value
        except BaseException as raised:
            if raised is value or _unwrapped_stop(raised, value):
                return False
            raise
        raise RuntimeError("generator didn't stop after throw()")


class _AsyncGeneratorContextManager:
    def __init__(self, func, args, kwds):
        self.gen = func(*args, **kwds)
        self._factory = (func, args, kwds)
        self.__doc__ = getattr(func, "__doc__", None)

    def __call__(self, func):
        factory = self._factory

        @_functools.wraps(func)
        async def inner(*args, **kwds):
            async with type(self)(*factory):
                return await func(*args, **kwds)
        return inner

    async def __aenter__(self):
        del self._factory
        try:
            return await anext(self.gen)
        except StopAsyncIteration:
            raise RuntimeError("generator didn't yield") from None

    async def __aexit__(self, typ, value, tb):
        if typ is None:
            try:
                await anext(self.gen)
            except StopAsyncIteration:
                return False
            raise RuntimeError("generator didn't stop")
        if value is None:
            value = typ()
        try:
            await self.gen.athrow(typ, value, tb)
        except StopAsyncIteration as raised:
            return raised is not value
        except BaseException as raised:
            if raised is value or _unwrapped_stop(raised, value):
                return False
            raise
        raise RuntimeError("generator didn't stop after athrow()")


def contextmanager(func):
    @_functools.wraps(func)
    def helper(*args, **kwds):
        return _GeneratorContextManager(func, args, kwds)
    return helper


def asynccontextmanager(func):
    @_functools.wraps(func)
    def helper(*args, **kwds):
        return _AsyncGeneratorContextManager(func, args, kwds)
    return helper


class closing(AbstractContextManager):
    def __init__(self, thing):
        self.thing = thing

    def __enter__(self):
        return self.thing

    def __exit__(self, *exc_info):
        self.thing.close()


class aclosing(AbstractAsyncContextManager):
    def __init__(self, thing):
        self.thing = thing

    async def __aenter__(self):
        return self.thing

    async def __aexit__(self, *exc_info):
        await self.thing.aclose()


class suppress(AbstractContextManager):
    def __init__(self, *exceptions):
        self._exceptions = exceptions

    def __enter__(self):
        pass

    def __exit__(self, typ, value, tb):
        return typ is not None and issubclass(typ, self._exceptions)


class nullcontext(AbstractContextManager, AbstractAsyncContextManager):
    def __init__(self, enter_result=None):
        self.enter_result = enter_result

    def __enter__(self):
        return self.enter_result

    def __exit__(self, *exc_info):
        pass

    async def __aenter__(self):
        return self.enter_result

    async def __aexit__(self, *exc_info):
        pass


class ExitStack(AbstractContextManager):
    def __init__(self):
        self._callbacks = []

    def enter_context(self, cm):
        cls = type(cm)
        if not hasattr(cls, "__enter__") or not hasattr(cls, "__exit__"):
            raise TypeError(f"'{cls.__module__}.{cls.__qualname__}' object does not support the context manager protocol")
        result = cls.__enter__(cm)
        self._callbacks.append(lambda *exc: cls.__exit__(cm, *exc))
        return result

    def push(self, exit):
        self._callbacks.append(exit)
        return exit

    def callback(self, callback, /, *args, **kwds):
        self._callbacks.append(lambda *exc: callback(*args, **kwds))
        return callback

    def pop_all(self):
        other = type(self)()
        other._callbacks, self._callbacks = self._callbacks, []
        return other

    def close(self):
        self.__exit__(None, None, None)

    def __exit__(self, *exc):
        had_error = exc[0] is not None
        suppressed = False
        pending = None
        while self._callbacks:
            cb = self._callbacks.pop()
            try:
                if cb(*exc):
                    suppressed = True
                    pending = None
                    exc = (None, None, None)
            except BaseException as raised:
                exc = (type(raised), raised, raised.__traceback__)
                pending = raised
        if pending is not None:
            raise pending
        return had_error and suppressed


class AsyncExitStack(AbstractAsyncContextManager):
    # Callbacks are (is_sync, callback): the async ones are awaited on exit.
    def __init__(self):
        self._callbacks = []

    def enter_context(self, cm):
        cls = type(cm)
        if not hasattr(cls, "__enter__") or not hasattr(cls, "__exit__"):
            raise TypeError(f"'{cls.__module__}.{cls.__qualname__}' object does not support the context manager protocol")
        result = cls.__enter__(cm)
        self._callbacks.append((True, lambda *exc: cls.__exit__(cm, *exc)))
        return result

    async def enter_async_context(self, cm):
        cls = type(cm)
        if not hasattr(cls, "__aenter__") or not hasattr(cls, "__aexit__"):
            raise TypeError(f"'{cls.__module__}.{cls.__qualname__}' object does not support the asynchronous context manager protocol")
        result = await cls.__aenter__(cm)
        self._callbacks.append((False, lambda *exc: cls.__aexit__(cm, *exc)))
        return result

    def push(self, exit):
        self._callbacks.append((True, exit))
        return exit

    def push_async_exit(self, exit):
        self._callbacks.append((False, exit))
        return exit

    def callback(self, callback, /, *args, **kwds):
        self._callbacks.append((True, lambda *exc: callback(*args, **kwds)))
        return callback

    def push_async_callback(self, callback, /, *args, **kwds):
        self._callbacks.append((False, lambda *exc: callback(*args, **kwds)))
        return callback

    def pop_all(self):
        other = type(self)()
        other._callbacks, self._callbacks = self._callbacks, []
        return other

    async def aclose(self):
        await self.__aexit__(None, None, None)

    async def __aexit__(self, *exc):
        had_error = exc[0] is not None
        suppressed = False
        pending = None
        while self._callbacks:
            is_sync, cb = self._callbacks.pop()
            try:
                if is_sync:
                    cb_suppress = cb(*exc)
                else:
                    cb_suppress = await cb(*exc)
                if cb_suppress:
                    suppressed = True
                    pending = None
                    exc = (None, None, None)
            except BaseException as raised:
                exc = (type(raised), raised, raised.__traceback__)
                pending = raised
        if pending is not None:
            raise pending
        return had_error and suppressed
)PY";

constexpr std::string_view kLogging = R"PY(
import sys as _sys

CRITICAL = 50
FATAL = CRITICAL
ERROR = 40
WARNING = 30
WARN = WARNING
INFO = 20
DEBUG = 10
NOTSET = 0
_level_names = {CRITICAL: 'CRITICAL', ERROR: 'ERROR', WARNING: 'WARNING', INFO: 'INFO', DEBUG: 'DEBUG', NOTSET: 'NOTSET'}
BASIC_FORMAT = "%(levelname)s:%(name)s:%(message)s"


def getLevelName(level):
    if level in _level_names:
        return _level_names[level]
    for number, name in _level_names.items():
        if name == level:
            return number
    return "Level %s" % level


class LogRecord:
    def __init__(self, name, level, msg, args, exc_info=None):
        self.name = name
        self.levelno = level
        self.levelname = getLevelName(level)
        self.msg = msg
        self.args = args
        self.exc_info = exc_info
        self.exc_text = None
        self.message = None

    def getMessage(self):
        msg = str(self.msg)
        if self.args:
            msg = msg % self.args
        return msg


class Formatter:
    def __init__(self, fmt=None, datefmt=None, style='%'):
        self._fmt = fmt or "%(message)s"
        self.datefmt = datefmt
        self._style = style

    def format(self, record):
        record.message = record.getMessage()
        fields = dict(vars(record))
        fields.setdefault("asctime", "")
        if self._style == '{':
            text = self._fmt.format(**fields)
        else:
            text = self._fmt % fields
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            if text[-1:] != "\n":
                text = text + "\n"
            text = text + record.exc_text
        return text

    def formatException(self, ei):
        import traceback
        s = "".join(traceback.format_exception(ei[0], ei[1], ei[2]))
        if s[-1:] == "\n":
            s = s[:-1]
        return s


class Handler:
    def __init__(self, level=NOTSET):
        self.level = level
        self.formatter = None

    def setLevel(self, level):
        self.level = level

    def setFormatter(self, fmt):
        self.formatter = fmt

    def format(self, record):
        return (self.formatter or Formatter()).format(record)

    def handle(self, record):
        if record.levelno >= self.level:
            self.emit(record)


class StreamHandler(Handler):
    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream

    def emit(self, record):
        stream = self.stream if self.stream is not None else _sys.stderr
        stream.write(self.format(record) + "\n")


class Logger:
    def __init__(self, name, level=NOTSET, parent=None):
        self.name = name
        self.level = level
        self.parent = parent
        self.handlers = []
        self.propagate = True
        self.disabled = False

    def setLevel(self, level):
        self.level = level

    def getEffectiveLevel(self):
        logger = self
        while logger is not None:
            if logger.level:
                return logger.level
            logger = logger.parent
        return NOTSET

    def isEnabledFor(self, level):
        return not self.disabled and level >= self.getEffectiveLevel()

    def addHandler(self, handler):
        if handler not in self.handlers:
            self.handlers.append(handler)

    def removeHandler(self, handler):
        if handler in self.handlers:
            self.handlers.remove(handler)

    def hasHandlers(self):
        logger = self
        while logger is not None:
            if logger.handlers:
                return True
            logger = logger.parent if logger.propagate else None
        return False

    def log(self, level, msg, *args, exc_info=None, **kwargs):
        if not self.isEnabledFor(level):
            return
        if exc_info:
            if isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            elif not isinstance(exc_info, tuple):
                exc_info = _sys.exc_info()
        record = LogRecord(self.name, level, msg, args, exc_info)
        logger = self
        found = False
        while logger is not None:
            for handler in logger.handlers:
                found = True
                handler.handle(record)
            logger = logger.parent if logger.propagate else None
        if not found and level >= WARNING:
            _sys.stderr.write(Formatter().format(record) + "\n")  # logging.lastResort

    def debug(self, msg, *args, **kwargs):
        self.log(DEBUG, msg, *args, **kwargs)

    def info(self, msg, *args, **kwargs):
        self.log(INFO, msg, *args, **kwargs)

    def warning(self, msg, *args, **kwargs):
        self.log(WARNING, msg, *args, **kwargs)

    warn = warning

    def error(self, msg, *args, **kwargs):
        self.log(ERROR, msg, *args, **kwargs)

    def exception(self, msg, *args, exc_info=True, **kwargs):
        if exc_info is True:
            exc_info = _sys.exc_info()
        self.log(ERROR, msg, *args, exc_info=exc_info, **kwargs)

    def critical(self, msg, *args, **kwargs):
        self.log(CRITICAL, msg, *args, **kwargs)

    fatal = critical


root = Logger("root", WARNING)
_loggers = {}


def getLogger(name=None):
    if not name or name == "root":
        return root
    if name not in _loggers:
        parent = root
        if "." in name:
            parent = getLogger(name.rsplit(".", 1)[0])
        _loggers[name] = Logger(name, NOTSET, parent)
    return _loggers[name]


def basicConfig(level=None, format=None, stream=None, style='%', force=False, **kwargs):
    if force:
        root.handlers = []
    if not root.handlers:
        handler = StreamHandler(stream)
        handler.setFormatter(Formatter(format or BASIC_FORMAT, kwargs.get("datefmt"), style))
        root.addHandler(handler)
    if level is not None:
        root.setLevel(getLevelName(level) if isinstance(level, str) else level)


def _root_call(level):
    def log_at(msg, *args, **kwargs):
        if not root.handlers:
            basicConfig()
        root.log(level, msg, *args, **kwargs)
    return log_at


debug = _root_call(DEBUG)
info = _root_call(INFO)
warning = _root_call(WARNING)
warn = warning
error = _root_call(ERROR)
critical = _root_call(CRITICAL)
fatal = critical


def exception(msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.exception(msg, *args, **kwargs)


def log(level, msg, *args, **kwargs):
    if not root.handlers:
        basicConfig()
    root.log(level, msg, *args, **kwargs)


def disable(level=CRITICAL):
    root.disabled = level >= CRITICAL
)PY";

constexpr std::string_view kBisect = R"PY(
def bisect_left(a, x, lo=0, hi=None, *, key=None):
    if lo < 0:
        raise ValueError('lo must be non-negative')
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        probe = a[mid] if key is None else key(a[mid])
        if probe < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    if lo < 0:
        raise ValueError('lo must be non-negative')
    if hi is None:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        probe = a[mid] if key is None else key(a[mid])
        if x < probe:
            hi = mid
        else:
            lo = mid + 1
    return lo


def insort_left(a, x, lo=0, hi=None, *, key=None):
    a.insert(bisect_left(a, x if key is None else key(x), lo, hi, key=key), x)


def insort_right(a, x, lo=0, hi=None, *, key=None):
    a.insert(bisect_right(a, x if key is None else key(x), lo, hi, key=key), x)


bisect = bisect_right
insort = insort_right
)PY";

constexpr std::string_view kCopy = R"PY(
class Error(Exception):
    pass


error = Error
_atomic = (type(None), int, float, bool, str, bytes, type, range, type(len), type(lambda: 0))


def copy(x):
    cls = type(x)
    if isinstance(x, _atomic) or cls is tuple or cls is frozenset:
        return x
    if cls in (list, dict, set):
        return cls(x)
    hook = getattr(cls, "__copy__", None)
    if hook is not None:
        return hook(x)
    if isinstance(x, (list, dict, set)):
        return x.copy() if hasattr(x, "copy") else cls(x)
    new = cls.__new__(cls)
    state = getattr(x, "__dict__", None)
    if state is not None:
        new.__dict__.update(state)
    for name in getattr(cls, "__slots__", ()):
        if hasattr(x, name):
            setattr(new, name, getattr(x, name))
    return new


def deepcopy(x, memo=None):
    if memo is None:
        memo = {}
    key = id(x)
    if key in memo:
        return memo[key]
    cls = type(x)
    if isinstance(x, _atomic):
        return x
    hook = getattr(cls, "__deepcopy__", None)
    if hook is not None:
        result = hook(x, memo)
    elif cls is list:
        result = []
        memo[key] = result
        for item in x:
            result.append(deepcopy(item, memo))
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        if key in memo:
            return memo[key]
        result = x if all(a is b for a, b in zip(items, x)) else tuple(items)
    elif cls is dict:
        result = {}
        memo[key] = result
        for k, v in x.items():
            result[deepcopy(k, memo)] = deepcopy(v, memo)
    elif cls is set:
        result = {deepcopy(item, memo) for item in x}
    elif cls is frozenset:
        result = frozenset(deepcopy(item, memo) for item in x)
    elif isinstance(x, dict):
        result = cls.__new__(cls) if not hasattr(x, "default_factory") else cls(x.default_factory)
        memo[key] = result
        for k, v in x.items():
            result[deepcopy(k, memo)] = deepcopy(v, memo)
    elif isinstance(x, list):
        result = cls()
        memo[key] = result
        for item in x:
            result.append(deepcopy(item, memo))
    elif isinstance(x, tuple):
        result = cls(*[deepcopy(item, memo) for item in x]) if hasattr(cls, "_fields") else cls(deepcopy(item, memo) for item in x)
    else:
        result = cls.__new__(cls)
        memo[key] = result
        state = getattr(x, "__dict__", None)
        if state is not None:
            for k, v in state.items():
                result.__dict__[k] = deepcopy(v, memo)
        for name in getattr(cls, "__slots__", ()):
            if hasattr(x, name):
                setattr(result, name, deepcopy(getattr(x, name), memo))
    memo[key] = result
    return result
)PY";

constexpr std::string_view kAbc = R"PY(
def abstractmethod(funcobj):
    funcobj.__isabstractmethod__ = True
    return funcobj


def _is_abstract(value):
    if getattr(value, "__isabstractmethod__", False):
        return True
    for part in ("fget", "fset", "fdel", "__func__"):
        inner = getattr(value, part, None)
        if inner is not None and getattr(inner, "__isabstractmethod__", False):
            return True
    return False


class ABCMeta(type):
    def __new__(mcls, name, bases, namespace, **kwargs):
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        abstracts = {name for name, value in namespace.items() if _is_abstract(value)}
        for base in bases:
            for name in getattr(base, "__abstractmethods__", ()):
                if _is_abstract(getattr(cls, name, None)):
                    abstracts.add(name)
        cls.__abstractmethods__ = frozenset(abstracts)
        cls._abc_registry = []
        return cls

    def __call__(cls, *args, **kwargs):
        if cls.__abstractmethods__:
            names = sorted(cls.__abstractmethods__)
            raise TypeError("Can't instantiate abstract class %s with abstract method%s %s"
                            % (cls.__name__, "s" if len(names) > 1 else "", ", ".join(names)))
        return super().__call__(*args, **kwargs)

    def register(cls, subclass):
        cls._abc_registry.append(subclass)
        return subclass


class ABC(metaclass=ABCMeta):
    __slots__ = ()
)PY";

constexpr std::string_view kEnum = R"PY(
class auto:
    """Instances are replaced by the next value of the enumeration."""

    def __init__(self):
        self.value = None

    def __repr__(self):
        return "auto(%r)" % (self.value,)


def _is_member_candidate(key, value):
    if key.startswith("_"):
        return False
    if isinstance(value, auto):
        return True
    if isinstance(value, (classmethod, staticmethod, property)) or callable(value):
        return False
    return True


def _base_classes():
    return {globals().get(n) for n in ("Enum", "ReprEnum", "IntEnum", "StrEnum", "Flag", "IntFlag")} | {object}


def _flag_bin(num, max_bits):
    # CPython's enum.bin(): two's-complement digits after a sign group ("0b0 0111").
    ceiling = 2 ** num.bit_length()
    if num >= 0:
        text = bin(num + ceiling).replace('1', '0', 1)
    else:
        text = bin(~num ^ (ceiling - 1) + ceiling)
    sign, digits = text[:3], text[3:]
    if len(digits) < max_bits:
        digits = (sign[-1] * max_bits + digits)[-max_bits:]
    return "%s %s" % (sign, digits)


class _EnumDict(dict):
    # Resolves auto() as each member is assigned, so later lines of the class body can use the value.
    def __init__(self, generate):
        super().__init__()
        self._generate_next_value = generate
        self._member_count = 0
        self._last_values = []

    def __setitem__(self, key, value):
        if key == "_generate_next_value_":
            self._generate_next_value = getattr(value, "__func__", value)
        elif _is_member_candidate(key, value):
            if isinstance(value, auto) and value.value is None and self._generate_next_value is not None:
                value.value = self._generate_next_value(key, 1, self._member_count, self._last_values[:])
            if isinstance(value, auto) and value.value is not None:
                value = value.value
            self._member_count += 1
            self._last_values.append(value)
        super().__setitem__(key, value)


class EnumType(type):
    @classmethod
    def __prepare__(mcls, name, bases, **kwargs):
        generate = None
        for base in bases:
            generate = getattr(base, "_generate_next_value_", None)
            if generate is not None:
                break
        return _EnumDict(generate)

    def __new__(mcls, name, bases, namespace, **kwargs):
        namespace = dict(namespace)
        candidates = [(k, v) for k, v in namespace.items() if _is_member_candidate(k, v)]
        for key, _ in candidates:
            del namespace[key]
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        cls._member_map_ = {}
        cls._member_names_ = []
        cls._value2member_map_ = {}
        mixin = None
        for base in cls.__mro__[1:]:
            if base in (int, str, float):
                mixin = base
                break
        own_init = None
        for klass in cls.__mro__:
            if "__init__" in klass.__dict__ and klass not in _base_classes() and klass is not mixin:
                own_init = klass.__dict__["__init__"]
                break
        last_values = []
        is_flag = any(getattr(base, "_is_flag_", False) for base in bases)
        for key, value in candidates:
            if isinstance(value, auto):
                value = cls._generate_next_value_(key, 1, len(last_values), last_values[:])
            last_values.append(value)
            if value in cls._value2member_map_:
                alias = cls._value2member_map_[value]
                cls._member_map_[key] = alias
                type.__setattr__(cls, key, alias)
                continue
            args = value if isinstance(value, tuple) else (value,)
            if mixin is not None:
                member = mixin.__new__(cls, *args)
            else:
                member = object.__new__(cls)
            member._name_ = key
            member._value_ = value
            if own_init is not None:
                own_init(member, *args)
            cls._member_map_[key] = member
            # A flag's multi-bit members are aliases: iteration shows single bits only.
            if not is_flag or (isinstance(value, int) and value > 0 and value & (value - 1) == 0):
                cls._member_names_.append(key)
            cls._value2member_map_[value] = member
            type.__setattr__(cls, key, member)
        if is_flag:
            mask = 0
            for member in cls._member_map_.values():
                mask |= member._value_
            cls._flag_mask_ = mask
        # A data type mixed in before the enum base must not provide repr, str and format.
        if mixin is not None and bases and isinstance(bases[-1], EnumType):
            for attr in ("__repr__", "__str__", "__format__"):
                if attr not in namespace:
                    found = getattr(cls, attr)
                    if found in (getattr(mixin, attr, None), getattr(object, attr, None)):
                        type.__setattr__(cls, attr, getattr(bases[-1], attr))
        return cls

    def __call__(cls, value, *args, **kwargs):
        if args or kwargs or not hasattr(cls, "_value2member_map_"):
            return super().__call__(value, *args, **kwargs)
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            pass
        if cls.__dict__.get("_flag_mask_") is not None and isinstance(value, int):
            return cls._pseudo_member_(value)
        raise ValueError("%r is not a valid %s" % (value, cls.__qualname__))

    def __getitem__(cls, name):
        return cls._member_map_[name]

    def __iter__(cls):
        return (cls._member_map_[name] for name in cls._member_names_)

    def __reversed__(cls):
        return (cls._member_map_[name] for name in reversed(cls._member_names_))

    def __len__(cls):
        return len(cls._member_names_)

    def __contains__(cls, member):
        return isinstance(member, cls) and member._name_ in cls._member_map_

    def __setattr__(cls, name, value):
        if name in cls.__dict__.get("_member_map_", {}):
            raise AttributeError("cannot reassign member %r" % (name,))
        super().__setattr__(name, value)

    @property
    def __members__(cls):
        return dict(cls._member_map_)

    def __repr__(cls):
        if getattr(cls, "_is_flag_", False):
            return "<flag %r>" % (cls.__name__,)
        return "<enum %r>" % (cls.__name__,)


EnumMeta = EnumType


class Enum(metaclass=EnumType):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        for value in reversed(last_values):
            if isinstance(value, int):
                return value + 1
        return start

    @property
    def name(self):
        return self._name_

    @property
    def value(self):
        return self._value_

    def __repr__(self):
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        return "%s.%s" % (type(self).__name__, self._name_)

    def __format__(self, spec):
        return format(str(self), spec)

    def __hash__(self):
        return hash(self._name_)

    def __reduce_ex__(self, proto):
        return type(self), (self._value_,)


class ReprEnum(Enum):
    pass


class IntEnum(int, ReprEnum):
    def __repr__(self):
        return Enum.__repr__(self)

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return int.__format__(self, spec)


class StrEnum(str, ReprEnum):
    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        return name.lower()

    def __repr__(self):
        return Enum.__repr__(self)

    def __str__(self):
        return str.__str__(self)

    def __format__(self, spec):
        return str.__format__(self, spec)


class Flag(Enum):
    _is_flag_ = True
    _keep_bits_ = False

    @staticmethod
    def _generate_next_value_(name, start, count, last_values):
        if not count:
            return start if start is not None else 1
        return 2 ** max(last_values).bit_length()

    @classmethod
    def _pseudo_member_(cls, value):
        mask = cls._flag_mask_
        if value & ~mask and not cls._keep_bits_:
            max_bits = max(value.bit_length(), mask.bit_length())
            raise ValueError("%r invalid value %r\n    given %s\n  allowed %s"
                             % (cls, value, _flag_bin(value, max_bits), _flag_bin(mask, max_bits)))
        member = int.__new__(cls, value) if issubclass(cls, int) else object.__new__(cls)
        member._value_ = value
        names = [m._name_ for m in cls if m._value_ & value == m._value_]
        member._name_ = "|".join(names) if names else None
        cls._value2member_map_[value] = member
        return member

    def __repr__(self):
        if self._name_ is None:
            return "<%s: %r>" % (type(self).__name__, self._value_)
        return "<%s.%s: %r>" % (type(self).__name__, self._name_, self._value_)

    def __str__(self):
        if self._name_ is None:
            return "%s(%r)" % (type(self).__name__, self._value_)
        return "%s.%s" % (type(self).__name__, self._name_)

    def __contains__(self, other):
        if not isinstance(other, type(self)):
            raise TypeError("unsupported operand type(s) for 'in': %r and %r"
                            % (type(other).__qualname__, type(self).__qualname__))
        return other._value_ & self._value_ == other._value_

    def __iter__(self):
        return (m for m in type(self) if m._value_ & self._value_ == m._value_ and m._value_)

    def __len__(self):
        return len([m for m in self])

    def __bool__(self):
        return bool(self._value_)

    def _operand(self, other):
        if isinstance(other, type(self)):
            return other._value_
        if issubclass(type(self), int) and isinstance(other, int):
            return other
        return None

    def __or__(self, other):
        value = self._operand(other)
        if value is None:
            return NotImplemented
        return type(self)(self._value_ | value)

    def __and__(self, other):
        value = self._operand(other)
        if value is None:
            return NotImplemented
        return type(self)(self._value_ & value)

    def __xor__(self, other):
        value = self._operand(other)
        if value is None:
            return NotImplemented
        return type(self)(self._value_ ^ value)

    __ror__ = __or__
    __rand__ = __and__
    __rxor__ = __xor__

    def __invert__(self):
        return type(self)(type(self)._flag_mask_ & ~self._value_)

    def __hash__(self):
        return hash(self._name_)


class IntFlag(int, ReprEnum, Flag):
    _keep_bits_ = True
    # int comes first in the MRO, so the flag operators must be named here to win over int's.
    __or__ = Flag.__or__
    __and__ = Flag.__and__
    __xor__ = Flag.__xor__
    __ror__ = Flag.__ror__
    __rand__ = Flag.__rand__
    __rxor__ = Flag.__rxor__
    __invert__ = Flag.__invert__

    def __repr__(self):
        return Flag.__repr__(self)

    def __str__(self):
        return int.__repr__(self)

    def __format__(self, spec):
        return int.__format__(self, spec)


def unique(enumeration):
    duplicates = [(name, member.name) for name, member in enumeration.__members__.items() if name != member.name]
    if duplicates:
        details = ", ".join("%s -> %s" % (alias, name) for alias, name in duplicates)
        raise ValueError("duplicate values found in %r: %s" % (enumeration, details))
    return enumeration
)PY";

// CPython's dataclasses without exec: the generated methods are closures over the field list, and
// __init__ binds its arguments itself with the messages CPython's generated signature would give.
constexpr std::string_view kDataclasses = R"PY(
import copy as _copy
import typing as _typing


class FrozenInstanceError(AttributeError):
    pass


class _HAS_DEFAULT_FACTORY_CLASS:
    def __repr__(self):
        return '<factory>'


_HAS_DEFAULT_FACTORY = _HAS_DEFAULT_FACTORY_CLASS()


class _MISSING_TYPE:
    pass


MISSING = _MISSING_TYPE()


class _KW_ONLY_TYPE:
    pass


KW_ONLY = _KW_ONLY_TYPE()


class _FIELD_BASE:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


_FIELD = _FIELD_BASE('_FIELD')
_FIELD_CLASSVAR = _FIELD_BASE('_FIELD_CLASSVAR')
_FIELD_INITVAR = _FIELD_BASE('_FIELD_INITVAR')


class InitVar:
    __slots__ = ('type', )

    def __init__(self, type):
        self.type = type

    def __repr__(self):
        if isinstance(self.type, type):
            type_name = self.type.__name__
        else:
            type_name = repr(self.type)
        return f'dataclasses.InitVar[{type_name}]'

    def __class_getitem__(cls, type):
        return InitVar(type)


class Field:
    __slots__ = ('name', 'type', 'default', 'default_factory', 'repr', 'hash', 'init', 'compare',
                 'metadata', 'kw_only', '_field_type')

    def __init__(self, default, default_factory, init, repr, hash, compare, metadata, kw_only):
        self.name = None
        self.type = None
        self.default = default
        self.default_factory = default_factory
        self.init = init
        self.repr = repr
        self.hash = hash
        self.compare = compare
        self.metadata = {} if metadata is None else metadata
        self.kw_only = kw_only
        self._field_type = None

    def __repr__(self):
        return ('Field('
                f'name={self.name!r},'
                f'type={self.type!r},'
                f'default={self.default!r},'
                f'default_factory={self.default_factory!r},'
                f'init={self.init!r},'
                f'repr={self.repr!r},'
                f'hash={self.hash!r},'
                f'compare={self.compare!r},'
                f'metadata={self.metadata!r},'
                f'kw_only={self.kw_only!r},'
                f'_field_type={self._field_type}'
                ')')


class _DataclassParams:
    __slots__ = ('init', 'repr', 'eq', 'order', 'unsafe_hash', 'frozen')

    def __init__(self, init, repr, eq, order, unsafe_hash, frozen):
        self.init = init
        self.repr = repr
        self.eq = eq
        self.order = order
        self.unsafe_hash = unsafe_hash
        self.frozen = frozen

    def __repr__(self):
        return ('_DataclassParams('
                f'init={self.init!r},'
                f'repr={self.repr!r},'
                f'eq={self.eq!r},'
                f'order={self.order!r},'
                f'unsafe_hash={self.unsafe_hash!r},'
                f'frozen={self.frozen!r}'
                ')')


def field(*, default=MISSING, default_factory=MISSING, init=True, repr=True,
          hash=None, compare=True, metadata=None, kw_only=MISSING):
    if default is not MISSING and default_factory is not MISSING:
        raise ValueError('cannot specify both default and default_factory')
    return Field(default, default_factory, init, repr, hash, compare, metadata, kw_only)


def _fields_in_init_order(fields):
    return (tuple(f for f in fields if f.init and not f.kw_only),
            tuple(f for f in fields if f.init and f.kw_only))


def _join_names(names):
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        return quoted[0]
    if len(quoted) == 2:
        return quoted[0] + ' and ' + quoted[1]
    return ', '.join(quoted[:-1]) + ', and ' + quoted[-1]


def _has_default(f):
    return f.default is not MISSING or f.default_factory is not MISSING


def _bind_init(qualname, std_fields, kw_fields, args, kwargs):
    # Binds __init__'s arguments as CPython binds the function dataclass generates, with its messages.
    values = {}
    nstd = len(std_fields)
    for f, value in zip(std_fields, args):
        values[f.name] = value
    for name, value in kwargs.items():
        known = False
        for f in std_fields + kw_fields:
            if f.name == name:
                known = True
        if not known:
            raise TypeError(f"{qualname}() got an unexpected keyword argument '{name}'")
        if name in values:
            raise TypeError(f"{qualname}() got multiple values for argument '{name}'")
        values[name] = value
    if len(args) > nstd:
        ndefaults = len([f for f in std_fields if _has_default(f)])
        if ndefaults:
            takes = f'from {nstd - ndefaults + 1} to {nstd + 1} positional arguments'
        else:
            takes = f'{nstd + 1} positional argument' + ('' if nstd == 0 else 's')
        kw_given = len([f for f in kw_fields if f.name in values])
        if kw_given:
            given = (f'{len(args) + 1} positional argument' + ('' if len(args) == 0 else 's')
                     + f' (and {kw_given} keyword-only argument' + ('' if kw_given == 1 else 's') + ') were given')
        else:
            given = f'{len(args) + 1} ' + ('was given' if len(args) == 0 else 'were given')
        raise TypeError(f'{qualname}() takes {takes} but {given}')
    for group, kind in ((std_fields, 'positional'), (kw_fields, 'keyword-only')):
        missing = [f.name for f in group if f.name not in values and not _has_default(f)]
        if missing:
            raise TypeError(f'{qualname}() missing {len(missing)} required {kind} argument'
                            + ('' if len(missing) == 1 else 's') + ': ' + _join_names(missing))
    return values


def _make_init(cls, fields, std_fields, kw_fields, frozen, has_post_init):
    qualname = cls.__qualname__ + '.__init__'

    def __init__(self, *args, **kwargs):
        values = _bind_init(qualname, std_fields, kw_fields, args, kwargs)
        initvars = []
        for f in fields:
            if f.init and f.name in values:
                value = values[f.name]
            elif f.default_factory is not MISSING:
                value = f.default_factory()
            elif f.default is not MISSING:
                value = f.default
            else:
                continue
            if f._field_type is _FIELD_INITVAR:
                initvars.append(value)
            elif frozen:
                object.__setattr__(self, f.name, value)
            else:
                setattr(self, f.name, value)
        if has_post_init:
            self.__post_init__(*initvars)

    __init__.__qualname__ = qualname
    annotations = {f.name: f.type for f in std_fields + kw_fields}
    annotations['return'] = None
    __init__.__annotations__ = annotations
    return __init__


def _make_repr(cls, fields):
    # CPython's shape: the generated function, wrapped by a recursion guard that keeps it as
    # __wrapped__ (pprint recognises a dataclass's own repr by that).
    def __repr__(self):
        parts = [f'{f.name}={getattr(self, f.name)!r}' for f in fields]
        return self.__class__.__qualname__ + '(' + ', '.join(parts) + ')'

    __repr__.__qualname__ = '__create_fn__.<locals>.__repr__'
    running = set()

    def wrapper(self):
        key = id(self)
        if key in running:
            return '...'
        running.add(key)
        try:
            return __repr__(self)
        finally:
            running.discard(key)

    wrapper.__wrapped__ = __repr__
    wrapper.__name__ = '__repr__'
    wrapper.__qualname__ = cls.__qualname__ + '.__repr__'
    return wrapper


def _make_compare(cls, name, op, fields):
    names = [f.name for f in fields]

    def compare(self, other):
        if other.__class__ is self.__class__:
            mine = tuple(getattr(self, n) for n in names)
            theirs = tuple(getattr(other, n) for n in names)
            if op == '==':
                return mine == theirs
            if op == '<':
                return mine < theirs
            if op == '<=':
                return mine <= theirs
            if op == '>':
                return mine > theirs
            return mine >= theirs
        return NotImplemented

    compare.__name__ = name
    compare.__qualname__ = cls.__qualname__ + '.' + name
    return compare


def _make_hash(cls, fields):
    names = [f.name for f in fields]

    def __hash__(self):
        return hash(tuple(getattr(self, n) for n in names))

    __hash__.__qualname__ = cls.__qualname__ + '.__hash__'
    return __hash__


def _make_frozen(cls, fields):
    names = tuple(f.name for f in fields)

    def __setattr__(self, name, value):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f'cannot assign to field {name!r}')
        super(cls, self).__setattr__(name, value)

    def __delattr__(self, name):
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f'cannot delete field {name!r}')
        super(cls, self).__delattr__(name)

    __setattr__.__qualname__ = cls.__qualname__ + '.__setattr__'
    __delattr__.__qualname__ = cls.__qualname__ + '.__delattr__'
    return __setattr__, __delattr__


def _set_new_attribute(cls, name, value):
    if name in cls.__dict__:
        return True
    setattr(cls, name, value)
    return False


def _is_classvar(a_type):
    if isinstance(a_type, str):
        return a_type.startswith('ClassVar') or a_type.startswith('typing.ClassVar')
    if a_type is _typing.ClassVar:
        return True
    return not isinstance(a_type, type) and repr(a_type).startswith('typing.ClassVar[')


def _is_initvar(a_type):
    if isinstance(a_type, str):
        return a_type.startswith('InitVar') or a_type.startswith('dataclasses.InitVar')
    return a_type is InitVar or type(a_type) is InitVar


def _is_kw_only(a_type):
    if isinstance(a_type, str):
        return a_type == 'KW_ONLY' or a_type == 'dataclasses.KW_ONLY'
    return a_type is KW_ONLY


def _is_unhashable_class(cls):
    # CPython checks cls.__hash__ is None; here the built-in containers keep a raising __hash__ instead.
    for klass in cls.__mro__:
        if klass in (list, dict, set):
            return True
        if '__hash__' in klass.__dict__:
            return klass.__dict__['__hash__'] is None
    return False


def _get_field(cls, a_name, a_type, default_kw_only):
    default = getattr(cls, a_name, MISSING)
    if isinstance(default, Field):
        f = default
    else:
        f = field(default=default)
    f.name = a_name
    f.type = a_type
    f._field_type = _FIELD
    if _is_classvar(a_type):
        f._field_type = _FIELD_CLASSVAR
    elif _is_initvar(a_type):
        f._field_type = _FIELD_INITVAR
    if f._field_type is _FIELD_CLASSVAR or f._field_type is _FIELD_INITVAR:
        if f.default_factory is not MISSING:
            raise TypeError(f'field {f.name} cannot have a default factory')
    if f._field_type is _FIELD or f._field_type is _FIELD_INITVAR:
        if f.kw_only is MISSING:
            f.kw_only = default_kw_only
    else:
        if f.kw_only is not MISSING:
            raise TypeError(f'field {f.name} is a ClassVar but specifies kw_only')
    if f._field_type is _FIELD and f.default is not MISSING and _is_unhashable_class(f.default.__class__):
        raise ValueError(f'mutable default {type(f.default)!s} for field {f.name} is not allowed: use default_factory')
    return f


def _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots):
    fields = {}
    setattr(cls, '__dataclass_params__', _DataclassParams(init, repr, eq, order, unsafe_hash, frozen))
    any_frozen_base = False
    has_dataclass_bases = False
    for b in cls.__mro__[-1:0:-1]:
        base_fields = getattr(b, '__dataclass_fields__', None)
        if base_fields is not None:
            has_dataclass_bases = True
            for f in base_fields.values():
                fields[f.name] = f
            if getattr(b, '__dataclass_params__').frozen:
                any_frozen_base = True
    cls_annotations = cls.__dict__.get('__annotations__', {})
    cls_fields = []
    kw_only_seen = False
    for name, a_type in cls_annotations.items():
        if _is_kw_only(a_type):
            if kw_only_seen:
                raise TypeError(f'{name!r} is KW_ONLY, but KW_ONLY has already been specified')
            kw_only_seen = True
            kw_only = True
        else:
            cls_fields.append(_get_field(cls, name, a_type, kw_only))
    for f in cls_fields:
        fields[f.name] = f
        if isinstance(getattr(cls, f.name, None), Field):
            if f.default is MISSING:
                delattr(cls, f.name)
            else:
                setattr(cls, f.name, f.default)
    for name, value in cls.__dict__.items():
        if isinstance(value, Field) and not name in cls_annotations:
            raise TypeError(f'{name!r} is a field but has no type annotation')
    if has_dataclass_bases:
        if any_frozen_base and not frozen:
            raise TypeError('cannot inherit non-frozen dataclass from a frozen one')
        if not any_frozen_base and frozen:
            raise TypeError('cannot inherit frozen dataclass from a non-frozen one')
    setattr(cls, '__dataclass_fields__', fields)
    class_hash = cls.__dict__.get('__hash__', MISSING)
    has_explicit_hash = not (class_hash is MISSING or (class_hash is None and '__eq__' in cls.__dict__))
    if order and not eq:
        raise ValueError('eq must be true if order is true')
    all_init_fields = [f for f in fields.values() if f._field_type is _FIELD or f._field_type is _FIELD_INITVAR]
    std_init_fields, kw_only_init_fields = _fields_in_init_order(all_init_fields)
    if init:
        seen_default = False
        for f in std_init_fields:
            if _has_default(f):
                seen_default = True
            elif seen_default:
                raise TypeError(f'non-default argument {f.name!r} follows default argument')
        has_post_init = hasattr(cls, '__post_init__')
        _set_new_attribute(cls, '__init__', _make_init(cls, all_init_fields, std_init_fields,
                                                       kw_only_init_fields, frozen, has_post_init))
    field_list = [f for f in fields.values() if f._field_type is _FIELD]
    if repr:
        _set_new_attribute(cls, '__repr__', _make_repr(cls, [f for f in field_list if f.repr]))
    if eq:
        _set_new_attribute(cls, '__eq__', _make_compare(cls, '__eq__', '==', [f for f in field_list if f.compare]))
    if order:
        compared = [f for f in field_list if f.compare]
        for name, op in (('__lt__', '<'), ('__le__', '<='), ('__gt__', '>'), ('__ge__', '>=')):
            if _set_new_attribute(cls, name, _make_compare(cls, name, op, compared)):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}. '
                                'Consider using functools.total_ordering')
    if frozen:
        setter, deleter = _make_frozen(cls, field_list)
        for name, fn in (('__setattr__', setter), ('__delattr__', deleter)):
            if _set_new_attribute(cls, name, fn):
                raise TypeError(f'Cannot overwrite attribute {name} in class {cls.__name__}')
    hashed = [f for f in field_list if (f.compare if f.hash is None else f.hash)]
    if unsafe_hash:
        if has_explicit_hash:
            raise TypeError(f'Cannot overwrite attribute __hash__ in class {cls.__name__}')
        cls.__hash__ = _make_hash(cls, hashed)
    elif eq and not has_explicit_hash:
        if frozen:
            cls.__hash__ = _make_hash(cls, hashed)
        else:
            cls.__hash__ = None
    if not getattr(cls, '__doc__'):
        parts = [_signature_part(f) for f in std_init_fields]
        if kw_only_init_fields:
            parts.append('*')
            parts.extend(_signature_part(f) for f in kw_only_init_fields)
        cls.__doc__ = cls.__name__ + '(' + ', '.join(parts) + ')'
    if match_args:
        _set_new_attribute(cls, '__match_args__', tuple(f.name for f in std_init_fields))
    if slots:
        cls = _add_slots(cls, frozen)
    return cls


def _annotation_text(a_type):
    if isinstance(a_type, type):
        if a_type.__module__ == 'builtins':
            return a_type.__qualname__
        return a_type.__module__ + '.' + a_type.__qualname__
    text = repr(a_type)
    if text.startswith('typing.'):
        text = text.replace('typing.', '')
    return text


def _signature_part(f):
    text = f.name + ': ' + _annotation_text(f.type)
    if f.default_factory is not MISSING:
        return text + ' = <factory>'
    if f.default is not MISSING:
        return text + ' = ' + repr(f.default)
    return text


def _add_slots(cls, is_frozen):
    cls_dict = dict(cls.__dict__)
    field_names = tuple(f.name for f in fields(cls))
    cls_dict['__slots__'] = field_names
    for field_name in field_names:
        cls_dict.pop(field_name, None)
    cls_dict.pop('__dict__', None)
    cls_dict.pop('__weakref__', None)
    # The new class takes its __qualname__ from the namespace, as a class statement's does.
    cls_dict['__qualname__'] = cls.__qualname__
    return type(cls)(cls.__name__, cls.__bases__, cls_dict)


def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, unsafe_hash=False,
              frozen=False, match_args=True, kw_only=False, slots=False):
    def wrap(cls):
        return _process_class(cls, init, repr, eq, order, unsafe_hash, frozen, match_args, kw_only, slots)
    if cls is None:
        return wrap
    return wrap(cls)


def fields(class_or_instance):
    try:
        fields = getattr(class_or_instance, '__dataclass_fields__')
    except AttributeError:
        raise TypeError('must be called with a dataclass type or instance') from None
    return tuple(f for f in fields.values() if f._field_type is _FIELD)


def _is_dataclass_instance(obj):
    return hasattr(type(obj), '__dataclass_fields__')


def is_dataclass(obj):
    cls = obj if isinstance(obj, type) else type(obj)
    return hasattr(cls, '__dataclass_fields__')


def asdict(obj, *, dict_factory=dict):
    if not _is_dataclass_instance(obj):
        raise TypeError('asdict() should be called on dataclass instances')
    return _convert_inner(obj, dict_factory, True)


def astuple(obj, *, tuple_factory=tuple):
    if not _is_dataclass_instance(obj):
        raise TypeError('astuple() should be called on dataclass instances')
    return _convert_inner(obj, tuple_factory, False)


# asdict and astuple recurse alike; a dataclass becomes factory((name, value) pairs) or factory(values).
def _convert_inner(obj, factory, named):
    if _is_dataclass_instance(obj):
        result = []
        for f in fields(obj):
            value = _convert_inner(getattr(obj, f.name), factory, named)
            result.append((f.name, value) if named else value)
        return factory(result)
    elif isinstance(obj, tuple) and hasattr(obj, '_fields'):
        return type(obj)(*[_convert_inner(v, factory, named) for v in obj])
    elif isinstance(obj, (list, tuple)):
        return type(obj)(_convert_inner(v, factory, named) for v in obj)
    elif isinstance(obj, dict):
        return type(obj)((_convert_inner(k, factory, named), _convert_inner(v, factory, named)) for k, v in obj.items())
    else:
        return _copy.deepcopy(obj)


def replace(obj, /, **changes):
    if not _is_dataclass_instance(obj):
        raise TypeError('replace() should be called on dataclass instances')
    for f in getattr(obj, '__dataclass_fields__').values():
        if f._field_type is _FIELD_CLASSVAR:
            continue
        if not f.init:
            if f.name in changes:
                raise ValueError(f'field {f.name} is declared with init=False, it cannot be specified with replace()')
            continue
        if f.name not in changes:
            if f._field_type is _FIELD_INITVAR and f.default is MISSING:
                raise ValueError(f"InitVar {f.name!r} must be specified with replace()")
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)
)PY";

// The features the compiler knows; only `annotations` changes what it does.
constexpr std::string_view kFuture = R"PY(
class _Feature:
    def __init__(self, optionalRelease, mandatoryRelease, compiler_flag):
        self.optional = optionalRelease
        self.mandatory = mandatoryRelease
        self.compiler_flag = compiler_flag

    def getOptionalRelease(self):
        return self.optional

    def getMandatoryRelease(self):
        return self.mandatory

    def __repr__(self):
        return "_Feature" + repr((self.optional, self.mandatory, self.compiler_flag))


all_feature_names = ["nested_scopes", "generators", "division", "absolute_import", "with_statement",
                     "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations"]
nested_scopes = _Feature((2, 1, 0, "beta", 1), (2, 2, 0, "alpha", 0), 0x0010)
generators = _Feature((2, 2, 0, "alpha", 1), (2, 3, 0, "final", 0), 0)
division = _Feature((2, 2, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x20000)
absolute_import = _Feature((2, 5, 0, "alpha", 1), (3, 0, 0, "alpha", 0), 0x40000)
with_statement = _Feature((2, 5, 0, "alpha", 1), (2, 6, 0, "alpha", 0), 0x80000)
print_function = _Feature((2, 6, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x100000)
unicode_literals = _Feature((2, 6, 0, "alpha", 2), (3, 0, 0, "alpha", 0), 0x200000)
barry_as_FLUFL = _Feature((3, 1, 0, "alpha", 2), (4, 0, 0, "alpha", 0), 0x400000)
generator_stop = _Feature((3, 5, 0, "beta", 1), (3, 7, 0, "alpha", 0), 0x800000)
annotations = _Feature((3, 7, 0, "beta", 1), None, 0x1000000)
)PY";

// time's calendar functions over the native clock: local time is UTC, as in the tracer (TZ=UTC);
// gmtime's zone is 'GMT' and localtime's 'UTC', as glibc names them.
constexpr std::string_view kTime = R"PY(
import datetime as _datetime

_DAY_NAMES = ('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')
_MONTH_NAMES = ('Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec')
_FIELD_NAMES = ('tm_year', 'tm_mon', 'tm_mday', 'tm_hour', 'tm_min', 'tm_sec', 'tm_wday', 'tm_yday', 'tm_isdst')
_EPOCH = _datetime.datetime(1970, 1, 1)


class struct_time:
    """The time value as returned by gmtime(), localtime(), and strptime()"""

    n_sequence_fields = 9
    n_fields = 11
    n_unnamed_fields = 0

    def __init__(self, sequence):
        values = tuple(sequence)
        if len(values) < 9:
            raise TypeError(f'time.struct_time() takes an at least 9-sequence ({len(values)}-sequence given)')
        if len(values) > 11:
            raise TypeError(f'time.struct_time() takes an at most 11-sequence ({len(values)}-sequence given)')
        self._values = values[:9]
        self.tm_zone = values[9] if len(values) > 9 else None
        self.tm_gmtoff = values[10] if len(values) > 10 else None

    def __getattr__(self, name):
        if name in _FIELD_NAMES:
            return self._values[_FIELD_NAMES.index(name)]
        raise AttributeError(f"'time.struct_time' object has no attribute '{name}'")

    def __getitem__(self, index):
        return self._values[index]

    def __len__(self):
        return 9

    def __iter__(self):
        return iter(self._values)

    def __eq__(self, other):
        if isinstance(other, struct_time):
            return self._values == other._values
        return self._values == other

    def __ne__(self, other):
        return not self == other

    def __lt__(self, other):
        return self._values < tuple(other)

    def __hash__(self):
        return hash(self._values)

    def __repr__(self):
        return 'time.struct_time(' + ', '.join(f'{n}={v!r}' for n, v in zip(_FIELD_NAMES, self._values)) + ')'


def _seconds(secs):
    if secs is None:
        return int(time() // 1)
    return int(secs // 1)


def _broken_down(secs, zone):
    moment = _EPOCH + _datetime.timedelta(seconds=_seconds(secs))
    return struct_time((moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                        moment.weekday(), _year_day(moment), 0, zone, 0))


def _year_day(moment):
    return (_datetime.date(moment.year, moment.month, moment.day) - _datetime.date(moment.year, 1, 1)).days + 1


def gmtime(secs=None):
    """Convert seconds since the Epoch to a time tuple expressing UTC."""
    return _broken_down(secs, 'GMT')


def localtime(secs=None):
    """Convert seconds since the Epoch to a time tuple expressing local time (UTC in Loopscope)."""
    return _broken_down(secs, 'UTC')


def _as_struct(t, caller):
    if t is None:
        return localtime()
    if isinstance(t, struct_time):
        return t
    if not isinstance(t, tuple):
        raise TypeError('Tuple or struct_time argument required')
    if len(t) != 9:
        raise TypeError(f'{caller}(): illegal time tuple argument')
    return struct_time(t)


def mktime(t):
    """Convert a time tuple in local time to seconds since the Epoch."""
    t = _as_struct(t, 'mktime')
    year = t[0] + (t[1] - 1) // 12
    month = (t[1] - 1) % 12 + 1
    days = (_datetime.date(year, month, 1) - _datetime.date(1970, 1, 1)).days + t[2] - 1
    return float(days * 86400 + t[3] * 3600 + t[4] * 60 + t[5])


def asctime(t=None):
    """Convert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'."""
    t = _as_struct(t, 'asctime')
    return '%s %s %2d %02d:%02d:%02d %d' % (_DAY_NAMES[t[6] % 7], _MONTH_NAMES[(t[1] - 1) % 12], t[2], t[3], t[4], t[5], t[0])


def ctime(secs=None):
    """Convert a time in seconds since the Epoch to a string in local time."""
    return asctime(localtime(secs))


def strftime(format, t=None):
    """Convert a time tuple to a string according to a format specification."""
    if not isinstance(format, str):
        raise TypeError(f'strftime() argument 1 must be str, not {type(format).__name__}')
    t = _as_struct(t, 'strftime')
    if not 1 <= t[1] <= 12:
        raise ValueError('month out of range')
    zone = t.tm_zone if t.tm_zone is not None else 'UTC'
    # %z and %Z come from the struct; datetime's strftime (the one shared implementation) does the rest.
    parts = []
    i = 0
    while i < len(format):
        if format[i] == '%' and i + 1 < len(format):
            code = format[i + 1]
            if code == 'z':
                parts.append('+0000')
            elif code == 'Z':
                parts.append(zone)
            else:
                parts.append(format[i:i + 2])
            i += 2
        else:
            parts.append(format[i])
            i += 1
    moment = _datetime.datetime(t[0], t[1], max(t[2], 1), t[3] % 24, t[4] % 60, t[5] % 60)
    return moment.strftime(''.join(parts))
)PY";

constexpr std::string_view kJson = R"PY(
"""JSON encoding and decoding: CPython's json (dumps/dump/loads/load), same output, same error messages."""


class JSONDecodeError(ValueError):
    def __init__(self, msg, doc, pos):
        lineno = doc.count('\n', 0, pos) + 1
        colno = pos - doc.rfind('\n', 0, pos)
        ValueError.__init__(self, '%s: line %d column %d (char %d)' % (msg, lineno, colno, pos))
        self.msg = msg
        self.doc = doc
        self.pos = pos
        self.lineno = lineno
        self.colno = colno


_ESCAPES = {'\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'}


def _encode_str(s, ensure_ascii):
    out = ['"']
    for ch in s:
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
            continue
        n = ord(ch)
        if n < 0x20 or (ensure_ascii and n > 0x7e):
            if n > 0xffff:
                n -= 0x10000
                out.append('\\u%04x\\u%04x' % (0xd800 | (n >> 10), 0xdc00 | (n & 0x3ff)))
            else:
                out.append('\\u%04x' % n)
        else:
            out.append(ch)
    out.append('"')
    return ''.join(out)


def _floatstr(o, allow_nan):
    if o != o:
        text = 'NaN'
    elif o == float('inf'):
        text = 'Infinity'
    elif o == -float('inf'):
        text = '-Infinity'
    else:
        return float.__repr__(o)
    if not allow_nan:
        raise ValueError("Out of range float values are not JSON compliant: " + repr(o))
    return text


class JSONEncoder:
    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True,
                 sort_keys=False, indent=None, separators=None, default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError(f'Object of type {o.__class__.__name__} is not JSON serializable')

    def encode(self, o):
        if isinstance(o, str):
            return _encode_str(o, self.ensure_ascii)
        return ''.join(self.iterencode(o))

    def iterencode(self, o):
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        out = []
        self._encode(o, out, indent, 0, {} if self.check_circular else None)
        return out

    def _encode(self, o, out, indent, level, markers):
        if isinstance(o, str):
            out.append(_encode_str(o, self.ensure_ascii))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(_floatstr(o, self.allow_nan))
        elif isinstance(o, (list, tuple)):
            self._encode_list(o, out, indent, level, markers)
        elif isinstance(o, dict):
            self._encode_dict(o, out, indent, level, markers)
        else:
            self._enter(o, markers)
            self._encode(self.default(o), out, indent, level, markers)
            self._leave(o, markers)

    def _enter(self, o, markers):
        if markers is not None:
            if id(o) in markers:
                raise ValueError("Circular reference detected")
            markers[id(o)] = o

    def _leave(self, o, markers):
        if markers is not None:
            del markers[id(o)]

    # A container opens with its bracket (and, indented, a new line one level deeper); returns the
    # separator between its items and the level they are written at.
    def _open(self, bracket, out, indent, level):
        separator = self.item_separator
        if indent is None:
            out.append(bracket)
            return separator, level
        level += 1
        newline_indent = '\n' + indent * level
        out.append(bracket + newline_indent)
        return separator + newline_indent, level

    def _close(self, bracket, out, indent, level):
        if indent is not None:
            out.append('\n' + indent * (level - 1))
        out.append(bracket)

    def _encode_list(self, lst, out, indent, level, markers):
        if not lst:
            out.append('[]')
            return
        self._enter(lst, markers)
        separator, level = self._open('[', out, indent, level)
        first = True
        for value in lst:
            if not first:
                out.append(separator)
            first = False
            self._encode(value, out, indent, level, markers)
        self._close(']', out, indent, level)
        self._leave(lst, markers)

    def _encode_dict(self, dct, out, indent, level, markers):
        if not dct:
            out.append('{}')
            return
        self._enter(dct, markers)
        separator, level = self._open('{', out, indent, level)
        items = sorted(dct.items()) if self.sort_keys else dct.items()
        first = True
        for key, value in items:
            if isinstance(key, str):
                pass
            elif isinstance(key, float):
                key = _floatstr(key, self.allow_nan)
            elif key is True:
                key = 'true'
            elif key is False:
                key = 'false'
            elif key is None:
                key = 'null'
            elif isinstance(key, int):
                key = int.__repr__(key)
            elif self.skipkeys:
                continue
            else:
                raise TypeError(f'keys must be str, int, float, bool or None, not {key.__class__.__name__}')
            if not first:
                out.append(separator)
            first = False
            out.append(_encode_str(key, self.ensure_ascii))
            out.append(self.key_separator)
            self._encode(value, out, indent, level, markers)
        self._close('}', out, indent, level)
        self._leave(dct, markers)


def dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None,
          separators=None, default=None, sort_keys=False, **kw):
    if cls is None:
        cls = JSONEncoder
    return cls(skipkeys=skipkeys, ensure_ascii=ensure_ascii, check_circular=check_circular, allow_nan=allow_nan,
               indent=indent, separators=separators, default=default, sort_keys=sort_keys, **kw).encode(obj)


def dump(obj, fp, **kw):
    fp.write(dumps(obj, **kw))


_WHITESPACE = ' \t\n\r'
_BACKSLASH = {'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}
_CONSTANTS = {'NaN': float('nan'), 'Infinity': float('inf'), '-Infinity': float('-inf')}


class JSONDecoder:
    def __init__(self, *, object_hook=None, parse_float=None, parse_int=None, parse_constant=None, strict=True,
                 object_pairs_hook=None):
        self.object_hook = object_hook
        self.parse_float = parse_float or float
        self.parse_int = parse_int or int
        self.parse_constant = parse_constant or _CONSTANTS.__getitem__
        self.strict = strict
        self.object_pairs_hook = object_pairs_hook

    def decode(self, s):
        end = self._skip(s, 0)
        obj, end = self.raw_decode(s, end)
        end = self._skip(s, end)
        if end != len(s):
            raise JSONDecodeError("Extra data", s, end)
        return obj

    def raw_decode(self, s, idx=0):
        return self._value(s, idx)

    def _skip(self, s, i):
        while i < len(s) and s[i] in _WHITESPACE:
            i += 1
        return i

    def _value(self, s, i):
        ch = s[i] if i < len(s) else ''
        if ch == '"':
            return self._string(s, i + 1)
        if ch == '{':
            return self._object(s, i + 1)
        if ch == '[':
            return self._array(s, i + 1)
        if ch == 'n' and s.startswith('null', i):
            return None, i + 4
        if ch == 't' and s.startswith('true', i):
            return True, i + 4
        if ch == 'f' and s.startswith('false', i):
            return False, i + 5
        if ch == 'N' and s.startswith('NaN', i):
            return self.parse_constant('NaN'), i + 3
        if ch == 'I' and s.startswith('Infinity', i):
            return self.parse_constant('Infinity'), i + 8
        if ch == '-' and s.startswith('-Infinity', i):
            return self.parse_constant('-Infinity'), i + 9
        return self._number(s, i)

    def _number(self, s, i):
        start = i
        n = len(s)
        if i < n and s[i] == '-':
            i += 1
        if i < n and s[i] == '0':
            i += 1
        elif i < n and '1' <= s[i] <= '9':
            while i < n and '0' <= s[i] <= '9':
                i += 1
        else:
            raise JSONDecodeError("Expecting value", s, start)
        integer_end = i
        is_float = False
        if i + 1 < n and s[i] == '.' and '0' <= s[i + 1] <= '9':
            i += 2
            while i < n and '0' <= s[i] <= '9':
                i += 1
            is_float = True
        if i < n and s[i] in 'eE':
            j = i + 1
            if j < n and s[j] in '+-':
                j += 1
            if j < n and '0' <= s[j] <= '9':
                while j < n and '0' <= s[j] <= '9':
                    j += 1
                i = j
                is_float = True
        if is_float:
            return self.parse_float(s[start:i]), i
        return self.parse_int(s[start:integer_end]), integer_end

    def _string(self, s, i):
        begin = i - 1
        chunks = []
        n = len(s)
        while True:
            j = i
            while j < n and s[j] != '"' and s[j] != '\\' and (s[j] >= ' ' or not self.strict):
                j += 1
            if j >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            chunks.append(s[i:j])
            ch = s[j]
            if ch == '"':
                return ''.join(chunks), j + 1
            if ch != '\\':
                raise JSONDecodeError("Invalid control character at", s, j)
            if j + 1 >= n:
                raise JSONDecodeError("Unterminated string starting at", s, begin)
            esc = s[j + 1]
            if esc != 'u':
                if esc not in _BACKSLASH:
                    raise JSONDecodeError("Invalid \\escape", s, j)  # the C scanner's wording
                chunks.append(_BACKSLASH[esc])
                i = j + 2
                continue
            uni = self._hex4(s, j + 1)
            i = j + 6
            if 0xd800 <= uni <= 0xdbff and s[i:i + 2] == '\\u':
                low = self._hex4(s, i + 1)
                if 0xdc00 <= low <= 0xdfff:
                    uni = 0x10000 + (((uni - 0xd800) << 10) | (low - 0xdc00))
                    i += 6
            chunks.append(chr(uni))

    def _hex4(self, s, pos):
        digits = s[pos + 1:pos + 5]
        if len(digits) == 4 and all(c in '0123456789abcdefABCDEF' for c in digits):
            return int(digits, 16)
        raise JSONDecodeError("Invalid \\uXXXX escape", s, pos)

    def _object(self, s, i):
        pairs = []
        i = self._skip(s, i)
        if i < len(s) and s[i] == '}':
            return self._finish_object(pairs), i + 1
        while True:
            if i >= len(s) or s[i] != '"':
                raise JSONDecodeError("Expecting property name enclosed in double quotes", s, i)
            key, i = self._string(s, i + 1)
            i = self._skip(s, i)
            if i >= len(s) or s[i] != ':':
                raise JSONDecodeError("Expecting ':' delimiter", s, i)
            i = self._skip(s, i + 1)
            try:
                value, i = self._value(s, i)
            except StopIteration as err:
                raise JSONDecodeError("Expecting value", s, err.value) from None
            pairs.append((key, value))
            i = self._skip(s, i)
            if i < len(s) and s[i] == '}':
                return self._finish_object(pairs), i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self._skip(s, i + 1)

    def _finish_object(self, pairs):
        if self.object_pairs_hook is not None:
            return self.object_pairs_hook(pairs)
        obj = dict(pairs)
        if self.object_hook is not None:
            return self.object_hook(obj)
        return obj

    def _array(self, s, i):
        values = []
        i = self._skip(s, i)
        if i < len(s) and s[i] == ']':
            return values, i + 1
        while True:
            value, i = self._value(s, i)
            values.append(value)
            i = self._skip(s, i)
            if i < len(s) and s[i] == ']':
                return values, i + 1
            if i >= len(s) or s[i] != ',':
                raise JSONDecodeError("Expecting ',' delimiter", s, i)
            i = self._skip(s, i + 1)


def loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None, parse_constant=None,
          object_pairs_hook=None, **kw):
    if isinstance(s, bytes):
        s = s.decode('utf-8')
    elif not isinstance(s, str):
        raise TypeError(f'the JSON object must be str, bytes or bytearray, not {s.__class__.__name__}')
    if s.startswith('\ufeff'):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
    if cls is None:
        cls = JSONDecoder
    return cls(object_hook=object_hook, parse_float=parse_float, parse_int=parse_int, parse_constant=parse_constant,
               object_pairs_hook=object_pairs_hook, **kw).decode(s)


def load(fp, **kw):
    return loads(fp.read(), **kw)
)PY";

constexpr std::string_view kStatistics = R"PY(
"""Basic statistics: CPython's statistics for int and float data, with the same exact (rational) sums."""
import math
from collections import Counter


class StatisticsError(ValueError):
    pass


def _exact_ratio(x):
    # (numerator, denominator) exactly; (x, None) for an infinity or a NaN, as CPython does.
    if isinstance(x, int):
        return (int(x), 1)
    if isinstance(x, float):
        if math.isfinite(x):
            return x.as_integer_ratio()
        return (x, None)
    try:
        return x.as_integer_ratio()
    except AttributeError:
        raise TypeError(f"can't convert type '{type(x).__name__}' to numerator/denominator") from None


def _coerce(T, S):
    if T is S:
        return T
    if S is int or S is bool:
        return T
    if T is int:
        return S
    if issubclass(S, T):
        return S
    if issubclass(T, S):
        return T
    if issubclass(T, int):
        return S
    if issubclass(S, int):
        return T
    raise TypeError(f"don't know how to coerce {T.__name__} and {S.__name__}")


def _reduce(n, d):
    g = math.gcd(n, d)
    if d < 0:
        g = -g
    return (n // g, d // g)


def _add(a, b):
    return _reduce(a[0] * b[1] + b[0] * a[1], a[1] * b[1])


def _sum(data):
    # (type, exact total as (numerator, denominator), count); a non-finite value makes the total a float.
    count = 0
    T = int
    total = (0, 1)
    special = None
    for x in data:
        T = _coerce(T, type(x))
        n, d = _exact_ratio(x)
        count += 1
        if d is None:
            special = n if special is None else special + n
        else:
            total = _add(total, (n, d))
    if special is not None:
        return (T, special, count)
    return (T, total, count)


def _convert(value, T):
    # value is (numerator, denominator), or a float for a non-finite result.
    if not isinstance(value, tuple):
        return T(value) if T is not int else value
    n, d = value
    if issubclass(T, int) and d != 1:
        T = float
    if T is float or issubclass(T, float):
        return T(n / d)
    if issubclass(T, int):
        return T(n)
    return T(n, d)  # fractions.Fraction keeps the exact value


def _divide(value, k):
    if not isinstance(value, tuple):
        return value / k
    return _reduce(value[0], value[1] * k)


def _ss(data, c=None):
    # (type, exact sum of squared deviations, mean, count).
    data = list(data)
    if c is not None:
        T, total, count = _sum([(x - c) * (x - c) for x in data])
        return (T, total, c, count)
    T, total, count = _sum(data)
    if not count:
        return (T, (0, 1), (0, 1), 0)
    if not isinstance(total, tuple):
        return (T, total, total, count)
    sxx = (0, 1)
    for x in data:
        n, d = _exact_ratio(x)
        sxx = _add(sxx, (n * n, d * d))
    sx_n, sx_d = total
    # ssd = (count * sxx - sx * sx) / count, exactly
    ssd = _reduce(count * sxx[0] * sx_d * sx_d - sx_n * sx_n * sxx[1], sxx[1] * sx_d * sx_d * count)
    return (T, ssd, _divide(total, count), count)


def _integer_sqrt_of_frac_rto(n, m):
    a = math.isqrt(n // m)
    return a | (a * a * m != n)


_SQRT_BIT_WIDTH = 2 * 53 + 3


def _float_sqrt_of_frac(n, m):
    # The square root of n/m, correctly rounded (CPython 3.11's algorithm).
    q = (n.bit_length() - m.bit_length() - _SQRT_BIT_WIDTH) // 2
    if q >= 0:
        numerator = _integer_sqrt_of_frac_rto(n, m << 2 * q) << q
        denominator = 1
    else:
        numerator = _integer_sqrt_of_frac_rto(n << -2 * q, m)
        denominator = 1 << -q
    return numerator / denominator


def mean(data):
    T, total, n = _sum(data)
    if n < 1:
        raise StatisticsError('mean requires at least one data point')
    return _convert(_divide(total, n), T)


def fmean(data, weights=None):
    data = list(data)
    if weights is None:
        n = len(data)
        if not n:
            raise StatisticsError('fmean requires at least one data point')
        return math.fsum(data) / n
    weights = list(weights)
    if len(weights) != len(data):
        raise StatisticsError('data and weights must be the same length')
    num = math.fsum(x * w for x, w in zip(data, weights))
    den = math.fsum(weights)
    if not den:
        raise StatisticsError('sum of weights must be non-zero')
    return num / den


def geometric_mean(data):
    try:
        return math.exp(fmean([math.log(x) for x in data]))
    except ValueError:
        raise StatisticsError('geometric mean requires a non-empty dataset containing positive numbers') from None


def _fail_neg(values, errmsg='negative value'):
    for x in values:
        if x < 0:
            raise StatisticsError(errmsg)
        yield x


def harmonic_mean(data, weights=None):
    errmsg = 'harmonic mean does not support negative values'
    data = list(data)
    n = len(data)
    if n < 1:
        raise StatisticsError('harmonic_mean requires at least one data point')
    if n == 1 and weights is None:
        x = data[0]
        if not (isinstance(x, (int, float)) or hasattr(x, 'as_integer_ratio')):
            raise TypeError('unsupported type')
        if x < 0:
            raise StatisticsError(errmsg)
        return x
    if weights is None:
        weights = [1] * n
        sum_weights = (n, 1)
    else:
        weights = list(weights)
        if len(weights) != n:
            raise StatisticsError('Number of weights does not match data size')
        _, sum_weights, _ = _sum(_fail_neg(weights, errmsg))
    try:
        T, total, count = _sum(w / x if w else 0 for w, x in zip(weights, _fail_neg(data, errmsg)))
    except ZeroDivisionError:
        return 0
    if not isinstance(total, tuple):
        if total <= 0:
            raise StatisticsError('Weighted sum must be positive')
        return _convert(sum_weights[0] / sum_weights[1] / total, T)
    if total[0] <= 0:
        raise StatisticsError('Weighted sum must be positive')
    return _convert(_reduce(sum_weights[0] * total[1], sum_weights[1] * total[0]), T)


def median(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    i = n // 2
    return (data[i - 1] + data[i]) / 2


def median_low(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    if n % 2 == 1:
        return data[n // 2]
    return data[n // 2 - 1]


def median_high(data):
    data = sorted(data)
    n = len(data)
    if n == 0:
        raise StatisticsError("no median for empty data")
    return data[n // 2]


def mode(data):
    pairs = Counter(iter(data)).most_common(1)
    try:
        return pairs[0][0]
    except IndexError:
        raise StatisticsError('no mode for empty data') from None


def multimode(data):
    counts = Counter(iter(data))
    if not counts:
        return []
    maxcount = max(counts.values())
    return [value for value, count in counts.items() if count == maxcount]


def variance(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError('variance requires at least two data points')
    return _convert(_divide(ss, n - 1), T)


def pvariance(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError('pvariance requires at least one data point')
    return _convert(_divide(ss, n), T)


def stdev(data, xbar=None):
    T, ss, c, n = _ss(data, xbar)
    if n < 2:
        raise StatisticsError('stdev requires at least two data points')
    mss = _divide(ss, n - 1)
    if not isinstance(mss, tuple):
        return math.sqrt(mss)
    return _float_sqrt_of_frac(mss[0], mss[1])


def pstdev(data, mu=None):
    T, ss, c, n = _ss(data, mu)
    if n < 1:
        raise StatisticsError('pstdev requires at least one data point')
    mss = _divide(ss, n)
    if not isinstance(mss, tuple):
        return math.sqrt(mss)
    return _float_sqrt_of_frac(mss[0], mss[1])


def quantiles(data, *, n=4, method='exclusive'):
    if n < 1:
        raise StatisticsError('n must be at least 1')
    data = sorted(data)
    ld = len(data)
    if ld < 2:
        raise StatisticsError('must have at least two data points')
    if method == 'inclusive':
        m = ld - 1
        result = []
        for i in range(1, n):
            j, delta = divmod(i * m, n)
            interpolated = (data[j] * (n - delta) + data[j + 1] * delta) / n
            result.append(interpolated)
        return result
    if method == 'exclusive':
        m = ld + 1
        result = []
        for i in range(1, n):
            j = i * m // n
            j = 1 if j < 1 else ld - 1 if j > ld - 1 else j
            delta = i * m - j * n
            interpolated = (data[j - 1] * (n - delta) + data[j] * delta) / n
            result.append(interpolated)
        return result
    raise ValueError(f'Unknown method: {method!r}')
)PY";

constexpr std::string_view kTextwrap = R"PY(
"""Text wrapping and filling: CPython's textwrap (TextWrapper, wrap, fill, shorten, dedent, indent)."""

_WHITESPACE = '\t\n\x0b\x0c\r '


def _is_letter(ch):
    return ch.isalpha() or ch == '_'


def _split_word(word, break_on_hyphens):
    # CPython's wordsep_re: a hyphenated word breaks after a '-' that follows two letters and
    # precedes a letter (optionally through one more '-').
    if not break_on_hyphens:
        return [word]
    parts = []
    start = 0
    n = len(word)
    for i in range(1, n - 1):
        if word[i] != '-' or i - start < 1:
            continue
        before = i >= 2 and _is_letter(word[i - 1]) and _is_letter(word[i - 2])
        if not before and i >= 3:
            before = _is_letter(word[i - 1]) and word[i - 2] == '-' and _is_letter(word[i - 3])
        after = _is_letter(word[i + 1]) and (
            (i + 2 < n and _is_letter(word[i + 2])) or (i + 3 < n and word[i + 2] == '-' and _is_letter(word[i + 3])))
        if before and after:
            parts.append(word[start:i + 1])
            start = i + 1
    parts.append(word[start:])
    return parts


class TextWrapper:
    sentence_end = '.!?'

    def __init__(self, width=70, initial_indent="", subsequent_indent="", expand_tabs=True,
                 replace_whitespace=True, fix_sentence_endings=False, break_long_words=True,
                 drop_whitespace=True, break_on_hyphens=True, tabsize=8, *, max_lines=None, placeholder=' [...]'):
        self.width = width
        self.initial_indent = initial_indent
        self.subsequent_indent = subsequent_indent
        self.expand_tabs = expand_tabs
        self.replace_whitespace = replace_whitespace
        self.fix_sentence_endings = fix_sentence_endings
        self.break_long_words = break_long_words
        self.drop_whitespace = drop_whitespace
        self.break_on_hyphens = break_on_hyphens
        self.tabsize = tabsize
        self.max_lines = max_lines
        self.placeholder = placeholder

    def _munge_whitespace(self, text):
        if self.expand_tabs:
            text = text.expandtabs(self.tabsize)
        if self.replace_whitespace:
            for ch in '\t\n\x0b\x0c\r':
                text = text.replace(ch, ' ')
        return text

    def _split(self, text):
        chunks = []
        i = 0
        n = len(text)
        while i < n:
            j = i
            if text[i] in _WHITESPACE:
                while j < n and text[j] in _WHITESPACE:
                    j += 1
                chunks.append(text[i:j])
            else:
                while j < n and text[j] not in _WHITESPACE:
                    j += 1
                chunks.extend(_split_word(text[i:j], self.break_on_hyphens))
            i = j
        return chunks

    def _fix_sentence_endings(self, chunks):
        i = 0
        while i < len(chunks) - 1:
            word = chunks[i]
            if chunks[i + 1] == " " and len(word) >= 2 and word[-1] in self.sentence_end and word[-2].islower():
                chunks[i + 1] = "  "
                i += 2
            else:
                i += 1

    def _handle_long_word(self, reversed_chunks, cur_line, cur_len, width):
        if width < 1:
            space_left = 1
        else:
            space_left = width - cur_len
        if self.break_long_words:
            end = space_left
            chunk = reversed_chunks[-1]
            if self.break_on_hyphens and len(chunk) > space_left:
                hyphen = chunk.rfind('-', 0, space_left)
                if hyphen > 0 and any(c != '-' for c in chunk[:hyphen]):
                    end = hyphen + 1
            cur_line.append(chunk[:end])
            reversed_chunks[-1] = chunk[end:]
        elif not cur_line:
            cur_line.append(reversed_chunks.pop())

    def _wrap_chunks(self, chunks):
        lines = []
        if self.width <= 0:
            raise ValueError("invalid width %r (must be > 0)" % self.width)
        if self.max_lines is not None:
            if self.max_lines > 1:
                indent = self.subsequent_indent
            else:
                indent = self.initial_indent
            if len(indent) + len(self.placeholder.lstrip()) > self.width:
                raise ValueError("placeholder too large for max width")
        chunks.reverse()
        while chunks:
            cur_line = []
            cur_len = 0
            if lines:
                indent = self.subsequent_indent
            else:
                indent = self.initial_indent
            width = self.width - len(indent)
            if self.drop_whitespace and chunks[-1].strip() == '' and lines:
                del chunks[-1]
            while chunks:
                length = len(chunks[-1])
                if cur_len + length <= width:
                    cur_line.append(chunks.pop())
                    cur_len += length
                else:
                    break
            if chunks and len(chunks[-1]) > width:
                self._handle_long_word(chunks, cur_line, cur_len, width)
                cur_len = sum(map(len, cur_line))
            if self.drop_whitespace and cur_line and cur_line[-1].strip() == '':
                cur_len -= len(cur_line[-1])
                del cur_line[-1]
            if cur_line:
                if (self.max_lines is None or len(lines) + 1 < self.max_lines
                        or (not chunks or self.drop_whitespace and len(chunks) == 1 and not chunks[0].strip())
                        and cur_len <= width):
                    lines.append(indent + ''.join(cur_line))
                else:
                    while cur_line:
                        if cur_line[-1].strip() and cur_len + len(self.placeholder) <= width:
                            cur_line.append(self.placeholder)
                            lines.append(indent + ''.join(cur_line))
                            break
                        cur_len -= len(cur_line[-1])
                        del cur_line[-1]
                    else:
                        if lines:
                            prev_line = lines[-1].rstrip()
                            if len(prev_line) + len(self.placeholder) <= self.width:
                                lines[-1] = prev_line + self.placeholder
                                break
                        lines.append(indent + self.placeholder.lstrip())
                    break
        return lines

    def _split_chunks(self, text):
        return self._split(self._munge_whitespace(text))

    def wrap(self, text):
        chunks = self._split_chunks(text)
        if self.fix_sentence_endings:
            self._fix_sentence_endings(chunks)
        return self._wrap_chunks(chunks)

    def fill(self, text):
        return "\n".join(self.wrap(text))


def wrap(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).wrap(text)


def fill(text, width=70, **kwargs):
    return TextWrapper(width=width, **kwargs).fill(text)


def shorten(text, width, **kwargs):
    w = TextWrapper(width=width, max_lines=1, **kwargs)
    return w.fill(' '.join(text.strip().split()))


def dedent(text):
    lines = text.split('\n')
    # Lines of only blanks and tabs become empty; they do not count towards the margin.
    lines = ['' if line and line.strip(' \t') == '' else line for line in lines]
    margin = None
    for line in lines:
        stripped = line.lstrip(' \t')
        if not stripped:
            continue
        indent = line[:len(line) - len(stripped)]
        if margin is None:
            margin = indent
        elif indent.startswith(margin):
            pass
        elif margin.startswith(indent):
            margin = indent
        else:
            for i, (x, y) in enumerate(zip(margin, indent)):
                if x != y:
                    margin = margin[:i]
                    break
    if margin:
        lines = [line[len(margin):] if line.startswith(margin) else line for line in lines]
    return '\n'.join(lines)


def indent(text, prefix, predicate=None):
    if predicate is None:
        def predicate(line):
            return line.strip()
    return ''.join(prefix + line if predicate(line) else line for line in text.splitlines(True))
)PY";

constexpr std::string_view kTypes = R"PY(
# types: the names of the interpreter's own types, SimpleNamespace, and coroutine() for
# generator-based coroutines (wrapped so that `await` accepts them).
import sys as _sys


def _f():
    pass


FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)


def _g():
    yield 1


GeneratorType = type(_g())


async def _c():
    pass


_c = _c()
CoroutineType = type(_c)
_c.close()


async def _ag():
    yield


AsyncGeneratorType = type(_ag())


class _C:
    def _m(self):
        pass


MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
WrapperDescriptorType = type(object.__init__)
MethodDescriptorType = type(str.join)
ModuleType = type(_sys)
try:
    raise TypeError
except TypeError as _e:
    TracebackType = type(_e.__traceback__)
GenericAlias = type(list[int])
UnionType = type(int | str)
EllipsisType = type(Ellipsis)
NoneType = type(None)
NotImplementedType = type(NotImplemented)
del _f, _g, _c, _ag, _C


class SimpleNamespace:
    def __init__(self, /, **kwargs):
        self.__dict__.update(kwargs)

    def __repr__(self):
        name = "namespace" if type(self) is SimpleNamespace else type(self).__name__
        if id(self) in _repr_running:
            return name + "(...)"
        _repr_running.add(id(self))
        try:
            items = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        finally:
            _repr_running.discard(id(self))
        return f"{name}({items})"

    def __eq__(self, other):
        if isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented


_repr_running = set()


class _GeneratorWrapper:
    def __init__(self, gen):
        self.__wrapped = gen
        self.__name__ = getattr(gen, "__name__", None)
        self.__qualname__ = getattr(gen, "__qualname__", None)

    def send(self, val):
        return self.__wrapped.send(val)

    def throw(self, tp, *rest):
        return self.__wrapped.throw(tp, *rest)

    def close(self):
        return self.__wrapped.close()

    @property
    def gi_code(self):
        return self.__wrapped.gi_code

    @property
    def gi_frame(self):
        return self.__wrapped.gi_frame

    @property
    def gi_running(self):
        return self.__wrapped.gi_running

    @property
    def gi_yieldfrom(self):
        return self.__wrapped.gi_yieldfrom

    cr_code = gi_code
    cr_frame = gi_frame
    cr_running = gi_running
    cr_await = gi_yieldfrom

    def __next__(self):
        return next(self.__wrapped)

    def __iter__(self):
        return self.__wrapped

    __await__ = __iter__


def coroutine(func):
    if not callable(func):
        raise TypeError('types.coroutine() expects a callable')
    if func.__class__ is FunctionType and func.__code__.co_flags & 0x180:
        return func
    import functools

    @functools.wraps(func)
    def wrapped(*args, **kwargs):
        coro = func(*args, **kwargs)
        if coro.__class__ is CoroutineType:
            return coro
        if coro.__class__ is GeneratorType:
            return _GeneratorWrapper(coro)
        return coro

    return wrapped
)PY";

constexpr std::string_view kInspect = R"PY(
# inspect: what kind of object something is, and the state of generators and coroutines.
import functools as _functools
import types as _types

CO_OPTIMIZED = 1
CO_NEWLOCALS = 2
CO_VARARGS = 4
CO_VARKEYWORDS = 8
CO_NESTED = 16
CO_GENERATOR = 32
CO_NOFREE = 64
CO_COROUTINE = 128
CO_ITERABLE_COROUTINE = 256
CO_ASYNC_GENERATOR = 512

GEN_CREATED = 'GEN_CREATED'
GEN_RUNNING = 'GEN_RUNNING'
GEN_SUSPENDED = 'GEN_SUSPENDED'
GEN_CLOSED = 'GEN_CLOSED'
CORO_CREATED = 'CORO_CREATED'
CORO_RUNNING = 'CORO_RUNNING'
CORO_SUSPENDED = 'CORO_SUSPENDED'
CORO_CLOSED = 'CORO_CLOSED'


def ismodule(object):
    return isinstance(object, _types.ModuleType)


def isclass(object):
    return isinstance(object, type)


def ismethod(object):
    return isinstance(object, _types.MethodType)


def isfunction(object):
    return isinstance(object, _types.FunctionType)


def isbuiltin(object):
    return isinstance(object, _types.BuiltinFunctionType)


def ismethoddescriptor(object):
    if isclass(object) or ismethod(object) or isfunction(object):
        return False
    tp = type(object)
    return hasattr(tp, "__get__") and not hasattr(tp, "__set__")


def isroutine(object):
    return isbuiltin(object) or isfunction(object) or ismethod(object) or ismethoddescriptor(object)


def istraceback(object):
    return isinstance(object, _types.TracebackType)


def iscode(object):
    return isinstance(object, _types.CodeType)


def _has_code_flag(f, flag):
    while ismethod(f):
        f = f.__func__
    while isinstance(f, _functools.partial):
        f = f.func
    if not isfunction(f):
        return False
    return bool(f.__code__.co_flags & flag)


def isgeneratorfunction(obj):
    return _has_code_flag(obj, CO_GENERATOR)


def iscoroutinefunction(obj):
    return _has_code_flag(obj, CO_COROUTINE)


def isasyncgenfunction(obj):
    return _has_code_flag(obj, CO_ASYNC_GENERATOR)


def isgenerator(object):
    return isinstance(object, _types.GeneratorType)


def iscoroutine(object):
    return isinstance(object, _types.CoroutineType)


def isasyncgen(object):
    return isinstance(object, _types.AsyncGeneratorType)


def isawaitable(object):
    return isinstance(object, _types.CoroutineType) or any("__await__" in vars(c) for c in type(object).__mro__)


def isabstract(object):
    return bool(isinstance(object, type) and getattr(object, "__abstractmethods__", None))


def getgeneratorstate(generator):
    if generator.gi_running:
        return GEN_RUNNING
    if generator.gi_suspended:
        return GEN_SUSPENDED
    if generator.gi_frame is None:
        return GEN_CLOSED
    return GEN_CREATED


def getcoroutinestate(coroutine):
    if coroutine.cr_running:
        return CORO_RUNNING
    if coroutine.cr_suspended:
        return CORO_SUSPENDED
    if coroutine.cr_frame is None:
        return CORO_CLOSED
    return CORO_CREATED


def unwrap(func, *, stop=None):
    f = func
    memo = {id(f): f}
    while hasattr(func, "__wrapped__") and (stop is None or not stop(func)):
        func = func.__wrapped__
        if id(func) in memo:
            raise ValueError('wrapper loop when unwrapping {!r}'.format(f))
        memo[id(func)] = func
    return func


def getmembers(object, predicate=None):
    results = []
    for key in dir(object):
        try:
            value = getattr(object, key)
        except AttributeError:
            continue
        if not predicate or predicate(value):
            results.append((key, value))
    results.sort(key=lambda pair: pair[0])
    return results
)PY";

constexpr std::string_view kTyping = R"PY(
# typing.NamedTuple: the class form and the functional form both make a collections.namedtuple.
import collections as _collections

_prohibited = frozenset({'__new__', '__init__', '__slots__', '__getnewargs__', '_fields', '_field_defaults', '_make',
                         '_replace', '_asdict', '_source'})
_special = frozenset({'__module__', '__name__', '__annotations__', '__qualname__', '__classcell__'})


def _make_nmtuple(name, types, module, defaults=()):
    types = list(types)
    nm_tpl = _collections.namedtuple(name, [n for n, t in types], defaults=defaults, module=module)
    nm_tpl.__annotations__ = {n: t for n, t in types}
    return nm_tpl


class NamedTupleMeta(type):
    def __new__(cls, typename, bases, ns):
        for base in bases:
            if base is not _NamedTuple:
                raise TypeError('can only inherit from a NamedTuple type and Generic')
        types = ns.get('__annotations__', {})
        default_names = []
        for field_name in types:
            if field_name in ns:
                default_names.append(field_name)
            elif default_names:
                raise TypeError(f"Non-default namedtuple field {field_name} "
                                f"cannot follow default field{'s' if len(default_names) > 1 else ''} "
                                f"{', '.join(default_names)}")
        nm_tpl = _make_nmtuple(typename, types.items(), defaults=[ns[n] for n in default_names],
                               module=ns.get('__module__', '__main__'))
        for key in ns:
            if key in _prohibited:
                raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
            elif key not in _special and key not in nm_tpl._fields:
                setattr(nm_tpl, key, ns[key])
        return nm_tpl


def NamedTuple(typename, fields=None, /, **kwargs):
    if fields is None:
        fields = kwargs.items()
    elif kwargs:
        raise TypeError("Either list of fields or keywords can be provided to NamedTuple, not both")
    return _make_nmtuple(typename, fields, module='__main__')


_NamedTuple = type.__new__(NamedTupleMeta, 'NamedTuple', (), {})


def _namedtuple_mro_entries(bases):
    return (_NamedTuple,)


NamedTuple.__mro_entries__ = _namedtuple_mro_entries

# typing.TypedDict: the class form and the functional form make dict subclasses whose instances are
# plain dicts; their annotations, __total__ and required/optional keys are CPython's.
class _TypedDictMeta(type):
    def __new__(cls, name, bases, ns, total=True):
        tp = type.__new__(_TypedDictMeta, name, (dict,), ns)
        annotations = {}
        required = set()
        optional = set()
        for base in bases:
            annotations.update(base.__dict__.get('__annotations__', {}))
            required.update(base.__dict__.get('__required_keys__', ()))
            optional.update(base.__dict__.get('__optional_keys__', ()))
        own = ns.get('__annotations__', {})
        annotations.update(own)
        (required if total else optional).update(own)
        tp.__annotations__ = annotations
        tp.__required_keys__ = frozenset(required)
        tp.__optional_keys__ = frozenset(optional)
        tp.__total__ = total
        return tp

    __call__ = dict  # a type, so it does not bind: Movie(name=...) is dict(name=...)


def TypedDict(typename, fields=None, /, *, total=True, **kwargs):
    if fields is None:
        fields = kwargs
    elif kwargs:
        raise TypeError("TypedDict takes either a dict or keyword arguments, but not both")
    return _TypedDictMeta(typename, (), {'__annotations__': dict(fields)}, total=total)


_TypedDict = type.__new__(_TypedDictMeta, 'TypedDict', (), {})
TypedDict.__mro_entries__ = lambda bases: (_TypedDict,)


def is_typeddict(tp):
    return isinstance(tp, _TypedDictMeta)


def get_origin(tp):
    return getattr(tp, '__origin__', None)


def get_args(tp):
    return getattr(tp, '__args__', ())


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    # Without eval, a string annotation is resolved when it is a plain name.
    def resolve(value, namespace):
        if value is None:
            return type(None)
        if isinstance(value, str) and value.isidentifier():
            if value in namespace:
                return namespace[value]
            found = __builtins__.get(value) if isinstance(__builtins__, dict) else getattr(__builtins__, value, None)
            return value if found is None else found
        return value

    hints = {}
    if isinstance(obj, type):
        for base in reversed(obj.__mro__):
            namespace = globalns if globalns is not None else {}
            for name, value in base.__dict__.get('__annotations__', {}).items():
                hints[name] = resolve(value, namespace)
        return hints
    namespace = globalns if globalns is not None else getattr(obj, '__globals__', {})
    for name, value in getattr(obj, '__annotations__', {}).items():
        hints[name] = resolve(value, namespace)
    return hints


def assert_never(arg, /):
    value = repr(arg)
    if len(value) > 100:  # CPython cuts long reprs
        value = value[:100] + '...'
    raise AssertionError(f"Expected code to be unreachable, but got: {value}")


def assert_type(val, typ, /):
    return val


def reveal_type(obj, /):
    import sys
    print(f"Runtime type is {type(obj).__name__!r}", file=sys.stderr)
    return obj


def dataclass_transform(**kwargs):
    return lambda cls_or_fn: cls_or_fn


def no_type_check_decorator(decorator):
    return decorator


Text = str
AnyStr = TypeVar('AnyStr')
ParamSpec = TypeVar


def TypeVarTuple(name):
    return name
)PY";

constexpr std::string_view kCollections = R"PY(
# collections.ChainMap: several mappings searched in order; writes and deletes go to the first.


class ChainMap:
    def __init__(self, *maps):
        self.maps = list(maps) or [{}]

    def __missing__(self, key):
        raise KeyError(key)

    def __getitem__(self, key):
        for mapping in self.maps:
            try:
                return mapping[key]
            except KeyError:
                pass
        return self.__missing__(key)

    def get(self, key, default=None):
        return self[key] if key in self else default

    def __len__(self):
        return len(set().union(*self.maps))

    def __iter__(self):
        d = {}
        for mapping in reversed(self.maps):
            d.update(dict.fromkeys(mapping))
        return iter(d)

    def __contains__(self, key):
        return any(key in m for m in self.maps)

    def __bool__(self):
        return any(self.maps)

    def __eq__(self, other):
        if not isinstance(other, (dict, ChainMap)):
            return NotImplemented
        return dict(self.items()) == dict(other.items())

    def __repr__(self):
        return f'{self.__class__.__name__}({", ".join(map(repr, self.maps))})'

    def keys(self):
        return {key: None for key in self}.keys()

    def items(self):
        return {key: self[key] for key in self}.items()

    def values(self):
        return {key: self[key] for key in self}.values()

    @classmethod
    def fromkeys(cls, iterable, *args):
        return cls(dict.fromkeys(iterable, *args))

    def copy(self):
        return self.__class__(self.maps[0].copy(), *self.maps[1:])

    __copy__ = copy

    def new_child(self, m=None, **kwargs):
        if m is None:
            m = kwargs
        elif kwargs:
            m.update(kwargs)
        return self.__class__(m, *self.maps)

    @property
    def parents(self):
        return self.__class__(*self.maps[1:])

    def __setitem__(self, key, value):
        self.maps[0][key] = value

    def __delitem__(self, key):
        try:
            del self.maps[0][key]
        except KeyError:
            raise KeyError(f'Key not found in the first mapping: {key!r}')

    def popitem(self):
        try:
            return self.maps[0].popitem()
        except KeyError:
            raise KeyError('No keys found in the first mapping.')

    def pop(self, key, *args):
        try:
            return self.maps[0].pop(key, *args)
        except KeyError:
            raise KeyError(f'Key not found in the first mapping: {key!r}')

    def clear(self):
        self.maps[0].clear()
)PY";

constexpr std::string_view kFractions = R"PY(
"""Loopscope's own implementation of `fractions`, matching CPython 3.11's behaviour."""

import math

try:
    complex
except NameError:  # Loopscope's VM has no complex numbers: no value is ever one
    class complex:
        pass

__all__ = ['Fraction']

# Numeric hashing constants of CPython on 64-bit builds (sys.hash_info).
_HASH_MODULUS = 2 ** 61 - 1
_HASH_INF = 314159


def _is_rational(x):
    # Without the `numbers` ABCs, "Rational" means int (incl. bool) or Fraction.
    return isinstance(x, (int, Fraction))


# ----- string parsing (CPython uses a regex; this is a hand-written scanner) -----

def _digit_run(s, i):
    """Scan digits with single underscores between them: 1_000. Return end."""
    n = len(s)
    if i >= n or not s[i].isdecimal():
        return i
    while i < n and s[i].isdecimal():
        i += 1
    while i + 1 < n and s[i] == '_' and s[i + 1].isdecimal():
        i += 1
        while i < n and s[i].isdecimal():
            i += 1
    return i


def _skip_space(s, i):
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _parse(text):
    """Return (numerator, denominator) for a numeric string, else raise."""
    def invalid():
        return ValueError('Invalid literal for Fraction: %r' % (text,))

    s = text
    n = len(s)
    i = _skip_space(s, 0)
    negative = False
    if i < n and s[i] in '+-':
        negative = s[i] == '-'
        i += 1
    # A digit, or a point followed by a digit, must come next.
    starts_ok = i < n and (s[i].isdecimal() or
                           (s[i] == '.' and i + 1 < n and s[i + 1].isdecimal()))
    if not starts_ok:
        raise invalid()
    end = _digit_run(s, i)
    num_text = s[i:end]
    i = end
    numerator = int(num_text or '0')
    denominator = 1

    if i < n and s[i] == '/':
        end = _digit_run(s, i + 1)
        if end == i + 1:
            raise invalid()
        denom_text = s[i + 1:end]
        i = end
        if _skip_space(s, i) != n:
            raise invalid()
        denominator = int(denom_text)
    else:
        frac_text = ''
        if i < n and s[i] == '.':
            i += 1
            end = _digit_run(s, i)
            if end == i:
                # CPython 3.11's pattern has `d*` (a typo for \d*) here, so
                # "1.d" is accepted by the pattern and then int('d') fails.
                while end < n and s[end] in 'dD':
                    end += 1
            frac_text = s[i:end]
            i = end
        exp_text = ''
        if i < n and s[i] in 'eE':
            j = i + 1
            if j < n and s[j] in '+-':
                j += 1
            end = _digit_run(s, j)
            if end == j:
                raise invalid()
            exp_text = s[i + 1:end]
            i = end
        if _skip_space(s, i) != n:
            raise invalid()
        if frac_text:
            frac_text = frac_text.replace('_', '')
            scale = 10 ** len(frac_text)
            numerator = numerator * scale + int(frac_text)
            denominator *= scale
        if exp_text:
            exp = int(exp_text)
            if exp >= 0:
                numerator *= 10 ** exp
            else:
                denominator *= 10 ** -exp
    if negative:
        numerator = -numerator
    return numerator, denominator


class Fraction:
    """Exact rational number numerator/denominator, always in lowest terms."""

    def __init__(self, numerator=0, denominator=None, *, _normalize=True):
        if denominator is None:
            if type(numerator) is int:
                self._numerator = numerator
                self._denominator = 1
                return
            if _is_rational(numerator):
                self._numerator = numerator.numerator
                self._denominator = numerator.denominator
                return
            if isinstance(numerator, float):
                # Exact conversion; raises for inf and nan like CPython.
                self._numerator, self._denominator = numerator.as_integer_ratio()
                return
            if isinstance(numerator, str):
                numerator, denominator = _parse(numerator)
            else:
                raise TypeError("argument should be a string "
                                "or a Rational instance")
        elif type(numerator) is int and type(denominator) is int:
            pass
        elif _is_rational(numerator) and _is_rational(denominator):
            numerator, denominator = (
                numerator.numerator * denominator.denominator,
                denominator.numerator * numerator.denominator)
        else:
            raise TypeError("both arguments should be "
                            "Rational instances")

        if denominator == 0:
            raise ZeroDivisionError('Fraction(%s, 0)' % numerator)
        if _normalize:
            g = math.gcd(numerator, denominator)
            if denominator < 0:
                g = -g  # keep the sign on the numerator
            numerator //= g
            denominator //= g
        self._numerator = numerator
        self._denominator = denominator

    @classmethod
    def from_float(cls, f):
        """Exact Fraction equal to the float f."""
        if isinstance(f, int):
            return cls(f)
        if not isinstance(f, float):
            raise TypeError("%s.from_float() only takes floats, not %r (%s)" %
                            (cls.__name__, f, type(f).__name__))
        return cls(*f.as_integer_ratio())

    def as_integer_ratio(self):
        return (self._numerator, self._denominator)

    def limit_denominator(self, max_denominator=1000000):
        """Closest Fraction to self whose denominator is <= max_denominator."""
        if max_denominator < 1:
            raise ValueError("max_denominator should be at least 1")
        if self._denominator <= max_denominator:
            return Fraction(self)
        # Walk the continued fraction, keeping the last two convergents
        # p_prev/q_prev and p_cur/q_cur, until the next denominator is too big.
        p_prev, q_prev, p_cur, q_cur = 0, 1, 1, 0
        n, d = self._numerator, self._denominator
        while True:
            a = n // d
            q_next = q_prev + a * q_cur
            if q_next > max_denominator:
                break
            p_prev, q_prev, p_cur, q_cur = p_cur, q_cur, p_prev + a * p_cur, q_next
            n, d = d, n - a * d
        # Best semiconvergent on the other side of self.
        k = (max_denominator - q_prev) // q_cur
        semi = Fraction(p_prev + k * p_cur, q_prev + k * q_cur)
        conv = Fraction(p_cur, q_cur)
        # On a tie the convergent (smaller denominator) wins.
        if abs(conv - self) <= abs(semi - self):
            return conv
        return semi

    @property
    def numerator(self):
        return self._numerator

    @property
    def denominator(self):
        return self._denominator

    # numbers.Real/Complex mixins that CPython's Fraction inherits
    @property
    def real(self):
        return +self

    @property
    def imag(self):
        return 0

    def conjugate(self):
        return +self

    def __repr__(self):
        return '%s(%s, %s)' % (self.__class__.__name__,
                               self._numerator, self._denominator)

    def __str__(self):
        if self._denominator == 1:
            return str(self._numerator)
        return '%s/%s' % (self._numerator, self._denominator)

    # ----- arithmetic -----
    # Each operator: Fraction/int -> exact; float -> float; complex -> complex;
    # anything else -> NotImplemented so the other operand gets a turn.

    def __add__(a, b):
        if _is_rational(b):
            return _add(a, b)
        if isinstance(b, float):
            return float(a) + b
        if isinstance(b, complex):
            return complex(a) + b
        return NotImplemented

    def __radd__(b, a):
        if _is_rational(a):
            return _add(a, b)
        if isinstance(a, float):
            return float(a) + float(b)
        if isinstance(a, complex):
            return complex(a) + complex(b)
        return NotImplemented

    def __sub__(a, b):
        if _is_rational(b):
            return _sub(a, b)
        if isinstance(b, float):
            return float(a) - b
        if isinstance(b, complex):
            return complex(a) - b
        return NotImplemented

    def __rsub__(b, a):
        if _is_rational(a):
            return _sub(a, b)
        if isinstance(a, float):
            return float(a) - float(b)
        if isinstance(a, complex):
            return complex(a) - complex(b)
        return NotImplemented

    def __mul__(a, b):
        if _is_rational(b):
            return _mul(a, b)
        if isinstance(b, float):
            return float(a) * b
        if isinstance(b, complex):
            return complex(a) * b
        return NotImplemented

    def __rmul__(b, a):
        if _is_rational(a):
            return _mul(a, b)
        if isinstance(a, float):
            return float(a) * float(b)
        if isinstance(a, complex):
            return complex(a) * complex(b)
        return NotImplemented

    def __truediv__(a, b):
        if _is_rational(b):
            return _div(a, b)
        if isinstance(b, float):
            return float(a) / b
        if isinstance(b, complex):
            return complex(a) / b
        return NotImplemented

    def __rtruediv__(b, a):
        if _is_rational(a):
            return _div(a, b)
        if isinstance(a, float):
            return float(a) / float(b)
        if isinstance(a, complex):
            return complex(a) / complex(b)
        return NotImplemented

    def __floordiv__(a, b):
        if _is_rational(b):
            return _floordiv(a, b)
        if isinstance(b, float):
            return float(a) // b
        if isinstance(b, complex):
            return complex(a) // b
        return NotImplemented

    def __rfloordiv__(b, a):
        if _is_rational(a):
            return _floordiv(a, b)
        if isinstance(a, float):
            return float(a) // float(b)
        if isinstance(a, complex):
            return complex(a) // complex(b)
        return NotImplemented

    def __mod__(a, b):
        if _is_rational(b):
            return _mod(a, b)
        if isinstance(b, float):
            return float(a) % b
        if isinstance(b, complex):
            return complex(a) % b
        return NotImplemented

    def __rmod__(b, a):
        if _is_rational(a):
            return _mod(a, b)
        if isinstance(a, float):
            return float(a) % float(b)
        if isinstance(a, complex):
            return complex(a) % complex(b)
        return NotImplemented

    def __divmod__(a, b):
        if _is_rational(b):
            return _divmod(a, b)
        if isinstance(b, float):
            return divmod(float(a), b)
        if isinstance(b, complex):
            return divmod(complex(a), b)
        return NotImplemented

    def __rdivmod__(b, a):
        if _is_rational(a):
            return _divmod(a, b)
        if isinstance(a, float):
            return divmod(float(a), float(b))
        if isinstance(a, complex):
            return divmod(complex(a), complex(b))
        return NotImplemented

    def __pow__(a, b):
        """a ** b: exact for integral b, float (or complex) otherwise."""
        if _is_rational(b):
            if b.denominator == 1:
                power = b.numerator
                if power >= 0:
                    return Fraction(a._numerator ** power,
                                    a._denominator ** power, _normalize=False)
                if a._numerator >= 0:
                    return Fraction(a._denominator ** -power,
                                    a._numerator ** -power, _normalize=False)
                # Negative base: move the sign to the new numerator.
                return Fraction((-a._denominator) ** -power,
                                (-a._numerator) ** -power, _normalize=False)
            return float(a) ** float(b)
        return float(a) ** b

    def __rpow__(b, a):
        """a ** b where only b is a Fraction."""
        if b._denominator == 1 and b._numerator >= 0:
            return a ** b._numerator  # int ** int stays int
        if _is_rational(a):
            return Fraction(a.numerator, a.denominator) ** b
        if b._denominator == 1:
            return a ** b._numerator
        return a ** float(b)

    def __pos__(a):
        return Fraction(a._numerator, a._denominator, _normalize=False)

    def __neg__(a):
        return Fraction(-a._numerator, a._denominator, _normalize=False)

    def __abs__(a):
        return Fraction(abs(a._numerator), a._denominator, _normalize=False)

    # ----- conversions -----

    def __int__(a):
        if a._numerator < 0:
            return -(-a._numerator // a._denominator)
        return a._numerator // a._denominator

    def __trunc__(a):
        if a._numerator < 0:
            return -(-a._numerator // a._denominator)
        return a._numerator // a._denominator

    def __floor__(a):
        return a.numerator // a.denominator

    def __ceil__(a):
        return -(-a.numerator // a.denominator)

    def __float__(a):
        # int / int is correctly rounded, even for huge values.
        return a.numerator / a.denominator

    def __complex__(a):
        return complex(float(a))

    def __round__(self, ndigits=None):
        """Round half to even, to an int (no ndigits) or a Fraction."""
        if ndigits is None:
            floor, rest = divmod(self.numerator, self.denominator)
            twice = rest * 2
            if twice < self.denominator:
                return floor
            if twice > self.denominator:
                return floor + 1
            return floor if floor % 2 == 0 else floor + 1
        shift = 10 ** abs(ndigits)
        if ndigits > 0:
            return Fraction(round(self * shift), shift)
        return Fraction(round(self / shift) * shift)

    def __hash__(self):
        # Same value as hash() of an equal int or float: |n| / d mod 2**61-1.
        try:
            inverse = pow(self._denominator, -1, _HASH_MODULUS)
        except ValueError:
            # d is a multiple of the modulus: no inverse, hash as infinity.
            result = _HASH_INF
        else:
            result = (abs(self._numerator) % _HASH_MODULUS) * inverse % _HASH_MODULUS
        if self._numerator < 0:
            result = -result
        return -2 if result == -1 else result

    # ----- comparisons -----

    def __eq__(a, b):
        if type(b) is int:
            return a._numerator == b and a._denominator == 1
        if _is_rational(b):
            return (a._numerator == b.numerator and
                    a._denominator == b.denominator)
        if isinstance(b, complex) and b.imag == 0:
            b = b.real
        if isinstance(b, float):
            if math.isnan(b) or math.isinf(b):
                # Every finite value compares like 0 against inf/nan.
                return 0.0 == b
            return a == a.from_float(b)
        return NotImplemented

    def _cross(self, other):
        """Two values whose comparison equals self <op> other, or None."""
        if _is_rational(other):
            return (self._numerator * other.denominator,
                    self._denominator * other.numerator)
        if isinstance(other, float):
            if math.isnan(other) or math.isinf(other):
                return 0.0, other
            exact = self.from_float(other)
            return (self._numerator * exact.denominator,
                    self._denominator * exact.numerator)
        return None

    def __lt__(a, b):
        pair = a._cross(b)
        return NotImplemented if pair is None else pair[0] < pair[1]

    def __gt__(a, b):
        pair = a._cross(b)
        return NotImplemented if pair is None else pair[0] > pair[1]

    def __le__(a, b):
        pair = a._cross(b)
        return NotImplemented if pair is None else pair[0] <= pair[1]

    def __ge__(a, b):
        pair = a._cross(b)
        return NotImplemented if pair is None else pair[0] >= pair[1]

    def __bool__(a):
        return bool(a._numerator)

    # ----- copying and pickling -----

    def __reduce__(self):
        return (self.__class__, (self._numerator, self._denominator))

    def __copy__(self):
        if type(self) == Fraction:
            return self  # immutable
        return self.__class__(self._numerator, self._denominator)

    def __deepcopy__(self, memo):
        if type(self) == Fraction:
            return self
        return self.__class__(self._numerator, self._denominator)


# ----- exact kernels; a and b are int or Fraction (ints have .numerator) -----

def _add(a, b):
    return Fraction(a.numerator * b.denominator + b.numerator * a.denominator,
                    a.denominator * b.denominator)


def _sub(a, b):
    return Fraction(a.numerator * b.denominator - b.numerator * a.denominator,
                    a.denominator * b.denominator)


def _mul(a, b):
    return Fraction(a.numerator * b.numerator, a.denominator * b.denominator)


def _div(a, b):
    # Cancel common factors first, as CPython does; this also decides the
    # numerator shown in the 'Fraction(n, 0)' error for division by zero.
    na, da = a.numerator, a.denominator
    nb, db = b.numerator, b.denominator
    g1 = math.gcd(na, nb)
    if g1 > 1:
        na //= g1
        nb //= g1
    g2 = math.gcd(db, da)
    if g2 > 1:
        da //= g2
        db //= g2
    n, d = na * db, nb * da
    if d < 0:
        n, d = -n, -d
    return Fraction(n, d, _normalize=False)


def _floordiv(a, b):
    return (a.numerator * b.denominator) // (a.denominator * b.numerator)


def _divmod(a, b):
    quotient, rest = divmod(a.numerator * b.denominator,
                            a.denominator * b.numerator)
    return quotient, Fraction(rest, a.denominator * b.denominator)


def _mod(a, b):
    return Fraction((a.numerator * b.denominator) % (b.numerator * a.denominator),
                    a.denominator * b.denominator)
)PY";

constexpr std::string_view kPprint = R"PY(
"""Loopscope's own implementation of `pprint`, matching CPython 3.11's output."""

import sys as _sys
import collections as _collections
import dataclasses as _dataclasses

import types as _types

__all__ = ["pprint", "pformat", "isreadable", "isrecursive", "saferepr",
           "PrettyPrinter", "pp"]


def pprint(object, stream=None, indent=1, width=80, depth=None, *,
           compact=False, sort_dicts=True, underscore_numbers=False):
    """Pretty-print `object` to `stream` (sys.stdout when None)."""
    printer = PrettyPrinter(indent=indent, width=width, depth=depth,
                            stream=stream, compact=compact,
                            sort_dicts=sort_dicts,
                            underscore_numbers=underscore_numbers)
    printer.pprint(object)


def pformat(object, indent=1, width=80, depth=None, *,
            compact=False, sort_dicts=True, underscore_numbers=False):
    """Return the pretty-printed text of `object`."""
    printer = PrettyPrinter(indent=indent, width=width, depth=depth,
                            compact=compact, sort_dicts=sort_dicts,
                            underscore_numbers=underscore_numbers)
    return printer.pformat(object)


def pp(object, *args, sort_dicts=False, **kwargs):
    """Like pprint() but keeps dict insertion order by default."""
    pprint(object, *args, sort_dicts=sort_dicts, **kwargs)


def saferepr(object):
    """repr() that survives recursive containers."""
    return PrettyPrinter()._safe_repr(object, {}, None, 0)[0]


def isreadable(object):
    """True when saferepr(object) could be eval()'d back."""
    return PrettyPrinter()._safe_repr(object, {}, None, 0)[1]


def isrecursive(object):
    """True when object contains itself."""
    return PrettyPrinter()._safe_repr(object, {}, None, 0)[2]


class _SafeKey:
    """Sort key that orders unorderable values by (type name, id) instead."""

    def __init__(self, obj):
        self.obj = obj

    def __lt__(self, other):
        try:
            return self.obj < other.obj
        except TypeError:
            # CPython's fallback: compare str(type) first, then identity
            mine = (str(type(self.obj)), id(self.obj))
            theirs = (str(type(other.obj)), id(other.obj))
            return mine < theirs


def _key_of_item(item):
    # Dict items are sorted by key only; keys are unique, so values never decide.
    return _SafeKey(item[0])


def _recursion(obj):
    return "<Recursion on %s with id=%s>" % (type(obj).__name__, id(obj))


def _split_words(line):
    """Split into pieces of (non-space run + following space run)."""
    pieces = []
    n = len(line)
    start = 0
    while start < n:
        end = start
        while end < n and not line[end].isspace():
            end += 1
        while end < n and line[end].isspace():
            end += 1
        pieces.append(line[start:end])
        start = end
    return pieces


def _fit_chunks(pieces, width, allowance, empty):
    """Greedily join `pieces` into reprs no wider than `width`; the last one also leaves `allowance`."""
    chunks = []
    current = empty
    for i, piece in enumerate(pieces):
        candidate = current + piece
        if i == len(pieces) - 1:
            width -= allowance  # the final piece must also leave room for the closer
        if len(repr(candidate)) > width:
            if current:
                chunks.append(repr(current))
            current = piece
        else:
            current = candidate
    if current:
        chunks.append(repr(current))
    return chunks


def _bytes_chunks(data, width, allowance):
    """Group bytes in 4-byte steps into reprs that fit `width`."""
    # CPython leaves room for the closer only when the last step is a short one.
    if len(data) % 4 == 0:
        allowance = 0
    return _fit_chunks([data[i:i + 4] for i in range(0, len(data), 4)], width, allowance, b'')


def _has_generated_repr(obj):
    # 3.11 only special-cases dataclasses whose __repr__ came from @dataclass.
    if isinstance(obj, type) or not _dataclasses.is_dataclass(obj):
        return False
    if not obj.__dataclass_params__.repr:
        return False
    if not hasattr(obj.__repr__, "__wrapped__"):
        return False
    return "__create_fn__" in obj.__repr__.__wrapped__.__qualname__


try:
    _bytearray = bytearray
except NameError:  # Loopscope's VM has no bytearray
    _bytearray = None
try:
    _complex = complex
except NameError:  # nor complex numbers
    _complex = None
_SCALARS = tuple(t for t in (str, bytes, _bytearray, float, _complex, bool, type(None)) if t is not None)


class PrettyPrinter:
    """Formats objects over several lines to fit a width."""

    def __init__(self, indent=1, width=80, depth=None, stream=None, *,
                 compact=False, sort_dicts=True, underscore_numbers=False):
        indent = int(indent)
        width = int(width)
        if indent < 0:
            raise ValueError('indent must be >= 0')
        if depth is not None and depth <= 0:
            raise ValueError('depth must be > 0')
        if not width:
            raise ValueError('width must be != 0')
        self._depth = depth
        self._indent_per_level = indent
        self._width = width
        # Like CPython, the default stream is sys.stdout as of construction.
        self._stream = stream if stream is not None else _sys.stdout
        self._compact = bool(compact)
        self._sort_dicts = sort_dicts
        self._underscore_numbers = underscore_numbers

    # ----- public API -----

    def pprint(self, object):
        if self._stream is not None:
            self._stream.write(self.pformat(object) + "\n")

    def pformat(self, object):
        out = []
        self._format(object, out, 0, 0, {}, 0)
        return "".join(out)

    def isrecursive(self, object):
        return self.format(object, {}, 0, 0)[2]

    def isreadable(self, object):
        text, readable, recursive = self.format(object, {}, 0, 0)
        return readable and not recursive

    def format(self, object, context, maxlevels, level):
        """Return (text, readable, recursive); subclasses may override."""
        return self._safe_repr(object, context, maxlevels, level)

    # ----- layout engine -----

    def _format(self, obj, out, indent, allowance, context, level):
        key = id(obj)
        if key in context:
            out.append(_recursion(obj))
            return
        text = self._repr(obj, context, level)
        if len(text) > self._width - indent - allowance:
            handler = self._handler_for(obj)
            if handler is not None:
                context[key] = 1
                handler(obj, out, indent, allowance, context, level + 1)
                del context[key]
                return
        out.append(text)

    def _handler_for(self, obj):
        rep_fn = getattr(type(obj), "__repr__", None)
        for known, name in _HANDLERS:
            if rep_fn == known:  # == not `is`: method objects may be rebuilt per lookup
                return getattr(self, name)
        if _has_generated_repr(obj):
            return self._pprint_dataclass
        return None

    def _repr(self, obj, context, level):
        return self.format(obj, context.copy(), self._depth, level)[0]

    def _open_pad(self, out):
        # With indent > 1 CPython pads after the opening bracket.
        if self._indent_per_level > 1:
            out.append(" " * (self._indent_per_level - 1))

    def _format_items(self, items, out, indent, allowance, context, level):
        indent += self._indent_per_level
        self._open_pad(out)
        items = list(items)
        newline_sep = ",\n" + " " * indent
        sep = ""
        full = room = self._width - indent + 1
        for i, item in enumerate(items):
            last = i == len(items) - 1
            if last:
                full -= allowance
                room -= allowance
            if self._compact:
                text = self._repr(item, context, level)
                need = len(text) + 2
                if room < need:
                    room = full  # start a fresh line
                    if sep:
                        sep = newline_sep
                if room >= need:
                    room -= need
                    out.append(sep)
                    sep = ", "
                    out.append(text)
                    continue
            out.append(sep)
            sep = newline_sep
            self._format(item, out, indent, allowance if last else 1,
                         context, level)

    def _format_dict_items(self, items, out, indent, allowance, context,
                           level):
        indent += self._indent_per_level
        newline_sep = ",\n" + " " * indent
        items = list(items)
        for i, (key, value) in enumerate(items):
            last = i == len(items) - 1
            key_text = self._repr(key, context, level)
            out.append(key_text)
            out.append(": ")
            self._format(value, out, indent + len(key_text) + 2,
                         allowance if last else 1, context, level)
            if not last:
                out.append(newline_sep)

    def _format_namespace_items(self, items, out, indent, allowance, context,
                                level):
        newline_sep = ",\n" + " " * indent
        items = list(items)
        for i, (name, value) in enumerate(items):
            last = i == len(items) - 1
            out.append(name)
            out.append("=")
            if id(value) in context:
                out.append("...")  # mirrors the dataclass repr's recursion marker
            else:
                self._format(value, out, indent + len(name) + 1,
                             allowance if last else 1, context, level)
            if not last:
                out.append(newline_sep)

    def _sorted_items(self, mapping):
        if self._sort_dicts:
            return sorted(mapping.items(), key=_key_of_item)
        return list(mapping.items())

    # ----- per-type handlers (called only when the one-line repr is too wide) -----

    def _pprint_dict(self, obj, out, indent, allowance, context, level):
        out.append("{")
        self._open_pad(out)
        if len(obj):
            self._format_dict_items(self._sorted_items(obj), out, indent,
                                    allowance + 1, context, level)
        out.append("}")

    def _pprint_ordered_dict(self, obj, out, indent, allowance, context, level):
        if not len(obj):
            out.append(repr(obj))
            return
        name = obj.__class__.__name__
        out.append(name + "(")
        self._format(list(obj.items()), out, indent + len(name) + 1,
                     allowance + 1, context, level)
        out.append(")")

    def _pprint_list(self, obj, out, indent, allowance, context, level):
        out.append("[")
        self._format_items(obj, out, indent, allowance + 1, context, level)
        out.append("]")

    def _pprint_tuple(self, obj, out, indent, allowance, context, level):
        closer = ",)" if len(obj) == 1 else ")"
        out.append("(")
        self._format_items(obj, out, indent, allowance + len(closer),
                           context, level)
        out.append(closer)

    def _pprint_set(self, obj, out, indent, allowance, context, level):
        if not len(obj):
            out.append(repr(obj))
            return
        cls = obj.__class__
        if cls is set:
            out.append("{")
            closer = "}"
        else:
            out.append(cls.__name__ + "({")
            closer = "})"
            indent += len(cls.__name__) + 1
        ordered = sorted(obj, key=_SafeKey)
        self._format_items(ordered, out, indent, allowance + len(closer),
                           context, level)
        out.append(closer)

    def _pprint_str(self, obj, out, indent, allowance, context, level):
        if not len(obj):
            out.append(repr(obj))
            return
        if level == 1:
            indent += 1  # room for the wrapping parentheses
            allowance += 1
        chunks = []
        lines = obj.splitlines(True)
        line_room = total_room = self._width - indent
        for i, line in enumerate(lines):
            last_line = i == len(lines) - 1
            if last_line:
                line_room -= allowance
            text = repr(line)
            if len(text) <= line_room:
                chunks.append(text)
                continue
            chunks.extend(_fit_chunks(_split_words(line), total_room,
                                      allowance if last_line else 0, ""))
        if len(chunks) == 1:
            out.append(chunks[0])
            return
        if level == 1:
            out.append("(")
        out.append(("\n" + " " * indent).join(chunks))
        if level == 1:
            out.append(")")

    def _pprint_bytes(self, obj, out, indent, allowance, context, level):
        if len(obj) <= 4:
            out.append(repr(obj))
            return
        wrap = level == 1
        if wrap:
            indent += 1
            allowance += 1
            out.append("(")
        chunks = _bytes_chunks(obj, self._width - indent, allowance)
        out.append(("\n" + " " * indent).join(chunks))
        if wrap:
            out.append(")")

    def _pprint_bytearray(self, obj, out, indent, allowance, context, level):
        out.append("bytearray(")
        self._pprint_bytes(bytes(obj), out, indent + 10, allowance + 1,
                           context, level + 1)
        out.append(")")

    def _pprint_mappingproxy(self, obj, out, indent, allowance, context, level):
        out.append("mappingproxy(")
        self._format(obj.copy(), out, indent + 13, allowance + 1, context,
                     level)
        out.append(")")

    def _pprint_simplenamespace(self, obj, out, indent, allowance, context,
                                level):
        # The base class reprs as "namespace"; subclasses use their own name.
        if type(obj) is _types.SimpleNamespace:
            name = "namespace"
        else:
            name = obj.__class__.__name__
        out.append(name + "(")
        self._format_namespace_items(obj.__dict__.items(), out,
                                     indent + len(name) + 1, allowance,
                                     context, level)
        out.append(")")

    def _pprint_dataclass(self, obj, out, indent, allowance, context, level):
        name = obj.__class__.__name__
        fields = [(f.name, getattr(obj, f.name))
                  for f in _dataclasses.fields(obj) if f.repr]
        out.append(name + "(")
        self._format_namespace_items(fields, out, indent + len(name) + 1,
                                     allowance, context, level)
        out.append(")")

    def _pprint_default_dict(self, obj, out, indent, allowance, context,
                             level):
        if not len(obj):
            out.append(repr(obj))
            return
        factory = self._repr(obj.default_factory, context, level)
        name = obj.__class__.__name__
        indent += len(name) + 1
        out.append("%s(%s,\n%s" % (name, factory, " " * indent))
        self._pprint_dict(obj, out, indent, allowance + 1, context, level)
        out.append(")")

    def _pprint_counter(self, obj, out, indent, allowance, context, level):
        if not len(obj):
            out.append(repr(obj))
            return
        name = obj.__class__.__name__
        out.append(name + "({")
        self._open_pad(out)
        self._format_dict_items(obj.most_common(), out,
                                indent + len(name) + 1, allowance + 2,
                                context, level)
        out.append("})")

    def _pprint_chain_map(self, obj, out, indent, allowance, context, level):
        if not len(obj.maps):
            out.append(repr(obj))
            return
        name = obj.__class__.__name__
        out.append(name + "(")
        indent += len(name) + 1
        maps = obj.maps
        for i, m in enumerate(maps):
            if i == len(maps) - 1:
                self._format(m, out, indent, allowance + 1, context, level)
                out.append(")")
            else:
                self._format(m, out, indent, 1, context, level)
                out.append(",\n" + " " * indent)

    def _pprint_deque(self, obj, out, indent, allowance, context, level):
        if not len(obj):
            out.append(repr(obj))
            return
        name = obj.__class__.__name__
        out.append(name + "([")
        indent += len(name) + 1
        if obj.maxlen is None:
            self._format_items(obj, out, indent, allowance + 2, context,
                               level)
            out.append("])")
        else:
            self._format_items(obj, out, indent, 2, context, level)
            maxlen = self._repr(obj.maxlen, context, level)
            out.append("],\n%smaxlen=%s)" % (" " * indent, maxlen))

    def _pprint_user_wrapper(self, obj, out, indent, allowance, context,
                             level):
        # UserDict/UserList/UserString print exactly like their .data
        self._format(obj.data, out, indent, allowance, context, level - 1)

    # ----- one-line repr with depth and recursion control -----

    def _safe_repr(self, obj, context, maxlevels, level):
        """Return (text, readable, recursive) for a single-line repr."""
        typ = type(obj)
        if typ in _SCALARS:
            return repr(obj), True, False

        rep_fn = getattr(typ, "__repr__", None)

        if issubclass(typ, int) and rep_fn == int.__repr__:
            if self._underscore_numbers:
                return f"{obj:_d}", True, False
            return repr(obj), True, False

        if issubclass(typ, dict) and rep_fn == dict.__repr__:
            if not obj:
                return "{}", True, False
            key = id(obj)
            if maxlevels and level >= maxlevels:
                return "{...}", False, key in context
            if key in context:
                return _recursion(obj), False, True
            context[key] = 1
            readable, recursive = True, False
            parts = []
            for k, v in self._sorted_items(obj):
                ktext, kreadable, krecur = self.format(k, context, maxlevels,
                                                       level + 1)
                vtext, vreadable, vrecur = self.format(v, context, maxlevels,
                                                       level + 1)
                parts.append("%s: %s" % (ktext, vtext))
                readable = readable and kreadable and vreadable
                if krecur or vrecur:
                    recursive = True
            del context[key]
            return "{%s}" % ", ".join(parts), readable, recursive

        is_list = issubclass(typ, list) and rep_fn == list.__repr__
        is_tuple = issubclass(typ, tuple) and rep_fn == tuple.__repr__
        if is_list or is_tuple:
            if is_list:
                if not obj:
                    return "[]", True, False
                template = "[%s]"
            elif len(obj) == 1:
                template = "(%s,)"
            else:
                if not obj:
                    return "()", True, False
                template = "(%s)"
            key = id(obj)
            if maxlevels and level >= maxlevels:
                return template % "...", False, key in context
            if key in context:
                return _recursion(obj), False, True
            context[key] = 1
            readable, recursive = True, False
            parts = []
            for item in obj:
                text, item_readable, item_recur = self.format(
                    item, context, maxlevels, level + 1)
                parts.append(text)
                if not item_readable:
                    readable = False
                if item_recur:
                    recursive = True
            del context[key]
            return template % ", ".join(parts), readable, recursive

        text = repr(obj)
        # Same truthiness as CPython: an empty repr yields '' (falsy), not False.
        return text, (text and not text.startswith("<")), False


# (repr function, handler method name): dispatch is by the type's __repr__,
# so subclasses that keep the base repr are pretty-printed like the base.
_HANDLERS = [
    (dict.__repr__, "_pprint_dict"),
    (_collections.OrderedDict.__repr__, "_pprint_ordered_dict"),
    (list.__repr__, "_pprint_list"),
    (tuple.__repr__, "_pprint_tuple"),
    (set.__repr__, "_pprint_set"),
    (frozenset.__repr__, "_pprint_set"),
    (str.__repr__, "_pprint_str"),
    (bytes.__repr__, "_pprint_bytes"),
    (_collections.defaultdict.__repr__, "_pprint_default_dict"),
    (_collections.Counter.__repr__, "_pprint_counter"),
    (_collections.ChainMap.__repr__, "_pprint_chain_map"),
    (_collections.deque.__repr__, "_pprint_deque"),
]
# Loopscope's collections may lack the User* wrappers.
for _name in ("UserDict", "UserList", "UserString"):
    if hasattr(_collections, _name):
        _HANDLERS.append((getattr(_collections, _name).__repr__, "_pprint_user_wrapper"))
del _name
if _bytearray is not None:
    _HANDLERS.append((_bytearray.__repr__, "_pprint_bytearray"))
# Loopscope's types module may lack these two.
if hasattr(_types, "MappingProxyType"):
    _HANDLERS.append((_types.MappingProxyType.__repr__, "_pprint_mappingproxy"))
if hasattr(_types, "SimpleNamespace"):
    _HANDLERS.append((_types.SimpleNamespace.__repr__, "_pprint_simplenamespace"))
)PY";

constexpr std::string_view kWarnings = R"PY(
"""Loopscope's own implementation of `warnings`, matching CPython 3.11's behaviour.

Differences from CPython, by necessity:
- `re` is unavailable, so filter `message`/`module` patterns use a small
  matcher: literal text, '.', the quantifiers '*', '+', '?', backslash
  escapes of a single character, a leading '^' and a trailing '$' or '\\Z'.
  Like re.match it is anchored at the start only, so a plain string is a
  prefix match (message: case-insensitive; module: case-sensitive).
- No source line is looked up (no linecache): a shown warning is just
  "{filename}:{lineno}: {category}: {message}\\n" unless `line` is given.
- The caller's file/line come from sys._getframe when the VM provides it;
  otherwise (or past the top of the stack) they are 'sys', 1 and module 'sys'.
- -W options (sys.warnoptions) are not processed, and warn_explicit()
  ignores module_globals (it only serves source-line lookup).
"""

import sys

__all__ = ["warn", "warn_explicit", "showwarning",
           "formatwarning", "filterwarnings", "simplefilter",
           "resetwarnings", "catch_warnings"]

_ACTIONS = ("error", "ignore", "always", "default", "module", "once")


# ----- minimal pattern matching, standing in for re.compile(...).match -----

class _Pattern:
    """A compiled filter pattern; .match(text) is truthy when text matches."""

    def __init__(self, pattern, ignore_case=False):
        self.pattern = pattern
        self.ignore_case = ignore_case
        self._atoms, self._end = _parse_pattern(pattern)

    def match(self, text):
        fold = self.ignore_case
        if fold:
            text = text.lower()
        return _match_from(self._atoms, 0, text, 0, self._end, fold) or None

    def __eq__(self, other):
        if not isinstance(other, _Pattern):
            return NotImplemented
        return (self.pattern, self.ignore_case) == (other.pattern,
                                                    other.ignore_case)

    def __hash__(self):
        return hash((self.pattern, self.ignore_case))

    def __repr__(self):
        # Print like the re object CPython would keep in `filters`.
        if self.ignore_case:
            return "re.compile(%r, re.IGNORECASE)" % (self.pattern,)
        return "re.compile(%r)" % (self.pattern,)


def _parse_pattern(pattern):
    """Return ([(char, or None for '.', quantifier)], end anchor)."""
    atoms = []
    end = ""  # "", "$" or "Z"
    i = 1 if pattern.startswith("^") else 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "$" and i == n - 1:
            end = "$"
            break
        if c == "\\" and i + 1 < n:
            if pattern[i + 1] == "Z" and i + 2 == n:
                end = "Z"
                break
            atom = pattern[i + 1]
            i += 2
        elif c == ".":
            atom = None
            i += 1
        else:
            atom = c
            i += 1
        quant = ""
        if i < n and pattern[i] in "*+?":
            quant = pattern[i]
            i += 1
        atoms.append((atom, quant))
    return atoms, end


def _one(atom, text, pos, fold):
    """Does the single atom match text[pos]?"""
    if pos >= len(text):
        return False
    if atom is None:
        return text[pos] != "\n"  # '.' skips newlines, as in re
    return text[pos] == (atom.lower() if fold else atom)


def _match_from(atoms, k, text, pos, end, fold):
    """Backtracking match of atoms[k:] against text[pos:]."""
    if k == len(atoms):
        if end == "Z":
            return pos == len(text)
        if end == "$":  # re's '$' also matches before a final newline
            return pos == len(text) or (pos == len(text) - 1 and
                                        text[pos] == "\n")
        return True
    atom, quant = atoms[k]
    if quant == "":
        return (_one(atom, text, pos, fold) and
                _match_from(atoms, k + 1, text, pos + 1, end, fold))
    if quant == "?":
        if _one(atom, text, pos, fold) and _match_from(atoms, k + 1, text,
                                                       pos + 1, end, fold):
            return True
        return _match_from(atoms, k + 1, text, pos, end, fold)
    # '*' or '+': greedy, then back off one character at a time
    stop = pos
    while _one(atom, text, stop, fold):
        stop += 1
    lowest = pos + 1 if quant == "+" else pos
    while stop >= lowest:
        if _match_from(atoms, k + 1, text, stop, end, fold):
            return True
        stop -= 1
    return False


def _matches(pattern, text):
    # None matches all; a plain str (the built-in '__main__' filter) must be equal.
    if pattern is None:
        return True
    if type(pattern) is str:
        return pattern == text
    return pattern.match(text)


# ----- showing and formatting -----

def showwarning(message, category, filename, lineno, file=None, line=None):
    """Write a warning to `file` (default sys.stderr); replace if you like."""
    msg = WarningMessage(message, category, filename, lineno, file, line)
    _showwarnmsg_impl(msg)


def formatwarning(message, category, filename, lineno, line=None):
    """Return the standard text for a warning."""
    msg = WarningMessage(message, category, filename, lineno, None, line)
    return _formatwarnmsg_impl(msg)


def _showwarnmsg_impl(msg):
    file = msg.file
    if file is None:
        file = sys.stderr
        if file is None:
            return  # no stderr: the warning is lost
    text = _formatwarnmsg(msg)
    try:
        file.write(text)
    except OSError:
        pass  # an unusable stderr must not turn a warning into an error


def _formatwarnmsg_impl(msg):
    category = msg.category.__name__
    text = f"{msg.filename}:{msg.lineno}: {category}: {msg.message}\n"
    line = msg.line  # no linecache lookup when None (see module docstring)
    if line:
        text += "  %s\n" % line.strip()
    if msg.source is not None:
        # CPython's hint when tracemalloc is not tracing (it never is here).
        text += (f"{category}: Enable tracemalloc to get the object "
                 f"allocation traceback\n")
    return text


def _showwarnmsg(msg):
    # Honour a user-replaced showwarning(), as CPython does.
    hook = showwarning
    if hook is not _showwarning_orig:
        if not callable(hook):
            raise TypeError("warnings.showwarning() must be set to a "
                            "function or method")
        hook(msg.message, msg.category, msg.filename, msg.lineno,
             msg.file, msg.line)
        return
    _showwarnmsg_impl(msg)


def _formatwarnmsg(msg):
    # Honour a user-replaced formatwarning().
    if formatwarning is not _formatwarning_orig:
        return formatwarning(msg.message, msg.category,
                             msg.filename, msg.lineno, msg.line)
    return _formatwarnmsg_impl(msg)


_showwarning_orig = showwarning
_formatwarning_orig = formatwarning


class WarningMessage:
    """The details of one warning, as passed to showwarning()."""

    _WARNING_DETAILS = ("message", "category", "filename", "lineno", "file",
                        "line", "source")

    def __init__(self, message, category, filename, lineno, file=None,
                 line=None, source=None):
        self.message = message
        self.category = category
        self.filename = filename
        self.lineno = lineno
        self.file = file
        self.line = line
        self.source = source
        self._category_name = category.__name__ if category else None

    def __str__(self):
        return ("{message : %r, category : %r, filename : %r, lineno : %s, "
                "line : %r}" % (self.message, self._category_name,
                                self.filename, self.lineno, self.line))


# ----- the filter list -----

# Each filter is (action, message pattern, category, module pattern, lineno).
filters = [
    ("default", None, DeprecationWarning, "__main__", 0),
    ("ignore", None, DeprecationWarning, None, 0),
    ("ignore", None, PendingDeprecationWarning, None, 0),
    ("ignore", None, ImportWarning, None, 0),
    ("ignore", None, ResourceWarning, None, 0),
]
defaultaction = "default"
onceregistry = {}
_filters_version = 1


def _filters_mutated():
    # Registries remember the version they were filled under; bumping it
    # makes every "already shown" mark stale.
    global _filters_version
    _filters_version += 1


def filterwarnings(action, message="", category=Warning, module="", lineno=0,
                   append=False):
    """Add a filter (at the front unless append) for matching warnings."""
    if action not in _ACTIONS:
        raise AssertionError("invalid action: %r" % (action,))
    if not isinstance(message, str):
        raise AssertionError("message must be a string")
    if not isinstance(category, type):
        raise AssertionError("category must be a class")
    if not issubclass(category, Warning):
        raise AssertionError("category must be a Warning subclass")
    if not isinstance(module, str):
        raise AssertionError("module must be a string")
    if not (isinstance(lineno, int) and lineno >= 0):
        raise AssertionError("lineno must be an int >= 0")
    message_pat = _Pattern(message, True) if message else None
    module_pat = _Pattern(module) if module else None
    _add_filter(action, message_pat, category, module_pat, lineno,
                append=append)


def simplefilter(action, category=Warning, lineno=0, append=False):
    """Add a filter that matches every message and module."""
    if action not in _ACTIONS:
        raise AssertionError("invalid action: %r" % (action,))
    if not (isinstance(lineno, int) and lineno >= 0):
        raise AssertionError("lineno must be an int >= 0")
    _add_filter(action, None, category, None, lineno, append=append)


def _add_filter(*item, append):
    # A duplicate moves to the front; when appending, a duplicate stays put.
    if not append:
        if item in filters:
            filters.remove(item)
        filters.insert(0, item)
    elif item not in filters:
        filters.append(item)
    _filters_mutated()


def resetwarnings():
    """Remove every filter."""
    filters[:] = []
    _filters_mutated()


# ----- issuing warnings -----

def _is_internal_frame(frame):
    # CPython hides importlib bootstrap frames when counting stacklevel.
    code = getattr(frame, "f_code", None)
    filename = getattr(code, "co_filename", "")
    return "importlib" in filename and "_bootstrap" in filename


def _caller(stacklevel):
    """(globals, filename, lineno) of the frame `stacklevel` above warn()."""
    getframe = getattr(sys, "_getframe", None)
    frame = None
    if getframe is not None:
        try:
            frame = getframe(2)  # 0 is _caller, 1 is warn, 2 is warn's caller
        except ValueError:
            frame = None
        skip_internal = stacklevel > 0 and frame is not None and \
            not _is_internal_frame(frame)
        while stacklevel > 1 and frame is not None:
            frame = frame.f_back
            while skip_internal and frame is not None and \
                    _is_internal_frame(frame):
                frame = frame.f_back
            stacklevel -= 1
    if frame is None:
        return _sys_globals(), "sys", 1
    return frame.f_globals, frame.f_code.co_filename, frame.f_lineno


def _sys_globals():
    # CPython files frameless warnings under the `sys` module's namespace.
    try:
        return vars(sys)
    except TypeError:
        return _fallback_sys_globals


_fallback_sys_globals = {"__name__": "sys"}


def warn(message, category=None, stacklevel=1, source=None):
    """Issue a warning, or ignore it, or raise it, as the filters decide."""
    if isinstance(message, Warning):
        category = message.__class__
    if category is None:
        category = UserWarning
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError("category must be a Warning subclass, "
                        "not '{:s}'".format(type(category).__name__))
    globals_, filename, lineno = _caller(stacklevel)
    if "__warningregistry__" not in globals_:
        globals_["__warningregistry__"] = {}
    registry = globals_["__warningregistry__"]
    module = globals_.get("__name__", "<string>")
    if module is not None and not isinstance(module, str):
        module = "<string>"  # a missing or odd __name__ reads as "<string>"
    warn_explicit(message, category, filename, lineno, module, registry,
                  None, source)


def _already_warned(registry, key, mark):
    """True if `key` is recorded in the current filter version; else
    record it when `mark` is true and return False."""
    version = registry.get("version")
    if type(version) is not int or version != _filters_version:
        registry.clear()
        registry["version"] = _filters_version
    elif registry.get(key):
        return True
    if mark:
        registry[key] = True
    return False


_NOT_GIVEN = object()  # CPython tells an omitted `module` apart from None


def warn_explicit(message, category, filename, lineno,
                  module=_NOT_GIVEN, registry=None, module_globals=None,
                  source=None):
    """Issue a warning with explicit location details."""
    if not isinstance(filename, str):
        raise TypeError("warn_explicit() argument 3 must be str, not %s"
                        % ("None" if filename is None else type(filename).__name__))
    if not isinstance(lineno, int):
        raise TypeError("'%s' object cannot be interpreted as an integer"
                        % type(lineno).__name__)
    lineno = int(lineno)  # True -> 1
    if module is None:
        return  # CPython silently drops warnings whose module is None
    if registry is not None and not isinstance(registry, dict):
        raise TypeError("'registry' must be a dict or None")
    if module is _NOT_GIVEN:
        module = filename[:-3] if filename.endswith(".py") else filename
        if not filename:
            module = "<unknown>"
    if isinstance(message, Warning):
        text = str(message)
        category = message.__class__
    else:
        text = message
        message = category(message)
    key = (text, category, lineno)
    if registry is not None and _already_warned(registry, key, False):
        return

    action = defaultaction
    for item in filters:
        act, msg_pat, cat, mod_pat, ln = item
        if (_matches(msg_pat, text) and issubclass(category, cat) and
                _matches(mod_pat, module) and (ln == 0 or lineno == ln)):
            action = act
            break

    if action == "error":
        raise message
    if action == "ignore":
        return
    if action != "always":
        if registry is not None:
            registry[key] = True
        if action == "once":
            # Once per (text, category) in the caller's registry if given.
            target = registry if registry is not None else onceregistry
            if _already_warned(target, (text, category), True):
                return
        elif action == "module":
            if registry is not None and _already_warned(
                    registry, (text, category), True):
                return
        elif action != "default":
            raise RuntimeError("Unrecognized action (%r) in warnings.filters:"
                               "\n %r" % (action, item))
    _showwarnmsg(WarningMessage(message, category, filename, lineno,
                                None, None, source))


# ----- catch_warnings -----

class catch_warnings:
    """Context manager that saves and restores the warning filters and
    showwarning(); with record=True it returns a list of WarningMessage."""

    def __init__(self, *, record=False, module=None,
                 action=None, category=Warning, lineno=0, append=False):
        self._record = record
        self._module = _this_module() if module is None else module
        self._entered = False
        if action is None:
            self._filter = None
        else:
            self._filter = (action, category, lineno, append)

    def __repr__(self):
        args = []
        if self._record:
            args.append("record=True")
        if self._module is not _this_module():
            args.append("module=%r" % (self._module,))
        return "%s(%s)" % (type(self).__name__, ", ".join(args))

    def __enter__(self):
        if self._entered:
            raise RuntimeError("Cannot enter %r twice" % (self,))
        self._entered = True
        mod = self._module
        self._filters = mod.filters
        mod.filters = self._filters[:]
        mod._filters_mutated()
        self._showwarning = mod.showwarning
        self._showwarnmsg_impl = mod._showwarnmsg_impl
        if self._filter is not None:
            simplefilter(*self._filter)
        if self._record:
            log = []
            mod._showwarnmsg_impl = log.append
            # Make sure _showwarnmsg() reaches the recording hook.
            mod.showwarning = mod._showwarning_orig
            return log
        return None

    def __exit__(self, *exc_info):
        if not self._entered:
            raise RuntimeError("Cannot exit %r without entering first" % (self,))
        mod = self._module
        mod.filters = self._filters
        mod._filters_mutated()
        mod.showwarning = self._showwarning
        mod._showwarnmsg_impl = self._showwarnmsg_impl


def _this_module():
    return __import__(__name__)  # the module object itself, without sys.modules
)PY";

struct Source {
    std::string_view name;
    std::string_view text;
};

constexpr Source kSources[] = {
    { "__future__", kFuture },
    { "abc", kAbc },
    { "bisect", kBisect },
    { "collections", kCollections },
    { "contextlib", kContextlib },
    { "copy", kCopy },
    { "dataclasses", kDataclasses },
    { "enum", kEnum },
    { "fractions", kFractions },
    { "functools", kFunctools },
    { "inspect", kInspect },
    { "json", kJson },
    { "logging", kLogging },
    { "pprint", kPprint },
    { "statistics", kStatistics },
    { "textwrap", kTextwrap },
    { "time", kTime },
    { "types", kTypes },
    { "typing", kTyping },
    { "warnings", kWarnings },
};

} // namespace

std::string_view pythonModuleSource(std::string_view name) noexcept
{
    for (const Source& s : kSources)
        if (s.name == name) return s.text;
    return {};
}

std::vector<std::string_view> pythonModuleNames()
{
    std::vector<std::string_view> out;
    for (const Source& s : kSources)
        out.push_back(s.name);
    return out;
}

bool isLibraryFilename(std::string_view filename) noexcept
{
    return filename.starts_with("<frozen ");
}

} // namespace loopscope
