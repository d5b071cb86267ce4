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
            exc = record.exc_info[1] if isinstance(record.exc_info, tuple) else record.exc_info
            if isinstance(exc, BaseException):
                text += "\n" + type(exc).__name__ + ": " + str(exc)
        return text


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
        record = LogRecord(self.name, level, msg, args, exc_info)
        logger = self
        found = False
        while logger is not None:
            for handler in logger.handlers:
                found = True
                handler.handle(record)
            logger = logger.parent if logger.propagate else None
        if not found and level >= WARNING:
            _sys.stderr.write(record.getMessage() + "\n")

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
    return {globals().get(n) for n in ("Enum", "ReprEnum", "IntEnum", "StrEnum")} | {object}


class EnumType(type):
    def __new__(mcls, name, bases, namespace, **kwargs):
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
            cls._member_names_.append(key)
            cls._value2member_map_[value] = member
            type.__setattr__(cls, key, member)
        return cls

    def __call__(cls, value, *args, **kwargs):
        if args or kwargs or not hasattr(cls, "_value2member_map_"):
            return super().__call__(value, *args, **kwargs)
        if isinstance(value, cls):
            return value
        try:
            return cls._value2member_map_[value]
        except (KeyError, TypeError):
            raise ValueError("%r is not a valid %s" % (value, cls.__qualname__)) from None

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


def unique(enumeration):
    duplicates = [(name, member.name) for name, member in enumeration.__members__.items() if name != member.name]
    if duplicates:
        details = ", ".join("%s -> %s" % (alias, name) for alias, name in duplicates)
        raise ValueError("duplicate values found in %r: %s" % (enumeration, details))
    return enumeration
)PY";

struct Source {
    std::string_view name;
    std::string_view text;
};

constexpr Source kSources[] = {
    { "abc", kAbc },
    { "bisect", kBisect },
    { "contextlib", kContextlib },
    { "copy", kCopy },
    { "enum", kEnum },
    { "functools", kFunctools },
    { "logging", kLogging },
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
