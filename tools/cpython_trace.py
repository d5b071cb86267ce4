#!/usr/bin/env python3
"""Run a Python program on real CPython 3.11 and write its canonical trace.

    python3 tools/cpython_trace.py PROGRAM.py [-o OUT] [--max-iterations N] [--wall-timeout S]
                                   [-- PROGRAM_ARGS...]

The canonical trace is defined in /work/shared/conformance/TRACE.md (version 1).
The tracer never reimplements the event loop: it runs CPython's own asyncio and
watches it from the outside (see docs/scenarios.md, "The tracer's design"):

- a virtual selector whose select(timeout) moves a virtual clock instead of waiting,
- a loop subclass whose time() is that clock, whose _run_once is wrapped to write
  the `iter` line, and whose call_at is wrapped to write the `timer` line,
- a deque subclass installed as loop._ready, to see appends (`soon`, `due`) and
  the pops of cancelled handles (`skip`),
- wrappers around Handle._run (`run`), Handle.cancel / TimerHandle.cancel
  (`cancel`), and Future.__schedule_callbacks (`done` for Tasks),
- sys.stdout replaced to turn printed lines into `out` lines, and time.sleep,
  time.time, time.monotonic, time.perf_counter, datetime.datetime.now and the
  argument-less forms of time.gmtime/localtime/ctime/asctime/strftime put on
  the virtual clock.

The C accelerator `_asyncio` is blocked before asyncio is imported, so every
Task and Future is the pure-Python one (asyncio.tasks._PyTask,
asyncio.futures._PyFuture), whatever name the program uses to reach it.

Endings: a normal end writes nothing more; an exception escaping the program
writes `error <Type>` (the traceback goes to stderr); `select(None)` writes
`select timeout=None` then `deadlock`; more than --max-iterations `_run_once`
calls in total writes `error BudgetExceeded` instead of the next `iter` line.
Those three end the process at once (no `finally` of the program runs).  The
wall-clock guard writes `error WallClockTimeout` and exits with status 3: such
a trace is not reproducible and must never be recorded.

Exit status: 0 when a trace was written (whatever the program did), 2 for a
usage error, 3 when the wall-clock guard fired, 4 when the trace could not be
written (for example a closed pipe).
"""

import os
import sys

# Hash randomisation would make str/bytes set order differ between runs; fix it
# before anything is hashed by re-executing the interpreter once.
if os.environ.get("PYTHONHASHSEED") != "0":
    _env = dict(os.environ, PYTHONHASHSEED="0")
    os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], _env)

if "asyncio" in sys.modules:
    sys.exit("cpython_trace: asyncio was imported before the tracer could block _asyncio")
# None in sys.modules makes `import _asyncio` raise ImportError, so asyncio keeps
# its pure-Python Task, Future and running-loop functions.
sys.modules["_asyncio"] = None

import argparse  # noqa: E402
import collections  # noqa: E402
import datetime as _datetime_module  # noqa: E402
import faulthandler  # noqa: E402
import functools  # noqa: E402
import runpy  # noqa: E402
import selectors  # noqa: E402
import threading  # noqa: E402  (imported before time is patched: it keeps the real clock)
import time as _time_module  # noqa: E402
import traceback  # noqa: E402
import weakref  # noqa: E402

import asyncio  # noqa: E402
from asyncio import events, futures, tasks  # noqa: E402

assert tasks.Task is tasks._PyTask and futures.Future is futures._PyFuture

DEFAULT_MAX_ITERATIONS = 100000
DEFAULT_WALL_TIMEOUT = 60.0
CLOCK_RESOLUTION = 1e-09
EPOCH_DATETIME = _datetime_module.datetime(2021, 6, 18, 15, 29, 33)
EPOCH_TIMESTAMP = 1624030173.0  # EPOCH_DATETIME read as UTC

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_WALL_CLOCK = 3
EXIT_SINK = 4


class Tracer:
    """The virtual clock and the trace output; one per process."""

    def __init__(self, sink, max_iterations):
        self.clock = 0.0
        self.sink = sink  # binary file
        self.active = True
        self.max_iterations = max_iterations
        self.iterations = 0  # _run_once calls over the whole run, all loops
        self.lock = threading.Lock()  # the wall-clock watchdog writes from its own thread

    def emit(self, event):
        if not self.active:
            return
        line = "%.6f %s\n" % (self.clock, event)
        with self.lock:
            try:
                self.sink.write(line.encode("utf-8", "backslashreplace"))
            except OSError:
                # The reader went away (a closed pipe): nothing left to trace for.
                os._exit(EXIT_SINK)

    def advance(self, seconds):
        # One IEEE-754 addition, as TRACE.md requires.
        self.clock = self.clock + seconds

    def _flush_partial_output(self):
        capture = sys.stdout
        if isinstance(capture, OutCapture):
            capture.flush_partial()

    def _close(self):
        with self.lock:
            self.active = False
            try:
                self.sink.flush()
            except OSError:
                os._exit(EXIT_SINK)

    def finish(self, event=None):
        """Flush a pending partial `out` line, write `event` if any, then stop tracing."""
        if self.active:
            self._flush_partial_output()
            if event is not None:
                self.emit(event)
        self._close()

    def end_run(self, event, status=EXIT_OK):
        """Write the final line and end the process without unwinding the program."""
        self.finish(event)
        sys.stderr.flush()
        os._exit(status)


TRACER = None  # set by main()


# ---------------------------------------------------------------- naming

_cancelled_names = {}  # id(handle) -> name, for handles whose callback cancel() dropped
_announced_tasks = weakref.WeakSet()  # Tasks whose `task` line has been written


def _task_label(task):
    return task.get_name()


def _callback_name(callback):
    name = getattr(callback, "__name__", None)
    if name is None:
        name = type(callback).__name__
    return name


def handle_name(handle):
    """<callback>[ <task>][ arg=<task>] for a Handle, per TRACE.md."""
    callback = handle._callback
    if callback is None:
        # cancel() cleared the callback; the name was kept just before.
        return _cancelled_names.get(id(handle), "?")
    while isinstance(callback, functools.partial):
        callback = callback.func
    text = _callback_name(callback)
    owner = getattr(callback, "__self__", None)
    if isinstance(owner, tasks.Task):
        text += " " + _task_label(owner)
    # The arguments are the handle's own (what call_soon/call_at received), not a
    # partial's bound ones: a Future's done callbacks always show the Future here.
    args = handle._args
    if args and isinstance(args[0], tasks.Task):
        text += " arg=" + _task_label(args[0])
    return text


def _coro_qualname(coro):
    name = getattr(coro, "__qualname__", None)
    return name if name is not None else type(coro).__qualname__


# ---------------------------------------------------------------- loop pieces

class ObservedReady(collections.deque):
    """loop._ready: appends are `soon` (call_soon) or `due` (a timer leaving the heap)."""

    def append(self, handle):
        if isinstance(handle, events.TimerHandle):
            # Only _run_once moves TimerHandles to the ready deque.
            TRACER.emit("due " + handle_name(handle))
        else:
            callback = handle._callback
            owner = getattr(callback, "__self__", None)
            if (isinstance(owner, tasks.Task) and getattr(callback, "__name__", None) == "__step"
                    and owner not in _announced_tasks):
                # Task.__init__ schedules its first __step last: announce the task here.
                _announced_tasks.add(owner)
                TRACER.emit("task %s coro=%s" % (_task_label(owner), _coro_qualname(owner._coro)))
            TRACER.emit("soon " + handle_name(handle))
        super().append(handle)

    def popleft(self):
        handle = super().popleft()
        if handle._cancelled:
            # _run_once pops every ready handle and drops the cancelled ones unrun.
            TRACER.emit("skip " + handle_name(handle))
        return handle


class VirtualSelector(selectors.SelectSelector):
    """Keeps registrations like a real selector, but select() only moves the clock."""

    def select(self, timeout=None):
        if timeout is None:
            # Nothing ready and no timers: a real selector would wait forever.
            TRACER.emit("select timeout=None")
            TRACER.end_run("deadlock")
        TRACER.emit("select timeout=%.6f" % timeout)
        TRACER.advance(timeout)
        return []


class VirtualLoop(asyncio.SelectorEventLoop):
    """CPython's selector loop on the virtual clock, with its phases observed."""

    def __init__(self, selector=None):
        super().__init__(VirtualSelector())
        self._clock_resolution = CLOCK_RESOLUTION
        self._ready = ObservedReady(self._ready)
        self._trace_iterations = 0

    def time(self):
        return TRACER.clock

    def call_at(self, when, callback, *args, context=None):
        timer = super().call_at(when, callback, *args, context=context)
        TRACER.emit("timer %s when=%.6f" % (handle_name(timer), timer._when))
        return timer

    def _run_once(self):
        TRACER.iterations += 1
        if TRACER.iterations > TRACER.max_iterations:
            TRACER.end_run("error BudgetExceeded")
        self._trace_iterations += 1
        TRACER.emit("iter %d ready=%d timers=%d"
                    % (self._trace_iterations, len(self._ready), len(self._scheduled)))
        super()._run_once()


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


# ---------------------------------------------------------------- handle, future wraps

def _install_handle_hooks():
    original_run = events.Handle._run
    original_cancel = events.Handle.cancel
    original_timer_cancel = events.TimerHandle.cancel

    # functools.wraps keeps CPython's names: a program may schedule handle.cancel itself.
    @functools.wraps(original_run)
    def _run(self):
        TRACER.emit("run " + handle_name(self))
        return original_run(self)

    @functools.wraps(original_cancel)
    def cancel(self):
        if not self._cancelled and self._callback is not None:
            key = id(self)
            _cancelled_names[key] = handle_name(self)
            weakref.finalize(self, _cancelled_names.pop, key, None)
        return original_cancel(self)

    @functools.wraps(original_timer_cancel)
    def timer_cancel(self):
        # Only a live timer still on the heap counts (what _timer_handle_cancelled counts).
        if not self._cancelled and self._scheduled:
            TRACER.emit("cancel " + handle_name(self))
        return original_timer_cancel(self)

    events.Handle._run = _run
    events.Handle.cancel = cancel
    events.TimerHandle.cancel = timer_cancel


def _install_future_hooks():
    original = futures._PyFuture._Future__schedule_callbacks

    @functools.wraps(original)
    def schedule_callbacks(self):
        # Every path to done (set_result, set_exception, cancel) ends here first.
        if isinstance(self, tasks.Task):
            if self._state == futures._CANCELLED:
                state = "cancelled"
            elif self._exception is not None:
                state = "exception " + type(self._exception).__name__
            else:
                state = "result"
            TRACER.emit("done %s %s" % (_task_label(self), state))
        return original(self)

    futures._PyFuture._Future__schedule_callbacks = schedule_callbacks


# ---------------------------------------------------------------- stdout, time, datetime

class OutCapture:
    """sys.stdout for the program: each completed line becomes an `out` line."""

    encoding = "utf-8"
    errors = "strict"
    newlines = None

    def __init__(self):
        self._partial = ""

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        if not TRACER.active:
            return len(text)
        pieces = (self._partial + text).split("\n")
        self._partial = pieces.pop()
        for line in pieces:
            TRACER.emit("out " + line)
        return len(text)

    def flush_partial(self):
        if self._partial:
            line, self._partial = self._partial, ""
            TRACER.emit("out " + line)

    def flush(self):
        pass

    def writable(self):
        return True

    def readable(self):
        return False

    def isatty(self):
        return False

    def fileno(self):
        raise OSError("the traced program's stdout has no file descriptor")

    @property
    def closed(self):
        return False


def _install_time_hooks():
    def sleep(secs):
        if not isinstance(secs, (int, float)):
            raise TypeError("'%s' object cannot be interpreted as an integer" % type(secs).__name__)
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        # The loop is blocked meanwhile, exactly as a real sleep would block it.
        TRACER.advance(secs)

    def time():
        return EPOCH_TIMESTAMP + TRACER.clock

    def monotonic():
        return TRACER.clock

    def perf_counter():
        return TRACER.clock

    # The calendar functions read the system clock when given no time: give them the virtual one.
    real_gmtime, real_localtime = _time_module.gmtime, _time_module.localtime
    real_strftime, real_asctime = _time_module.strftime, _time_module.asctime

    def gmtime(secs=None):
        return real_gmtime(time() if secs is None else secs)

    def localtime(secs=None):
        return real_localtime(time() if secs is None else secs)

    def ctime(secs=None):
        return real_asctime(localtime(secs))

    def asctime(t=None):
        return real_asctime(localtime() if t is None else t)

    def strftime(format, t=None):
        return real_strftime(format, localtime() if t is None else t)

    _time_module.sleep = sleep
    _time_module.time = time
    _time_module.monotonic = monotonic
    _time_module.perf_counter = perf_counter
    _time_module.gmtime = gmtime
    _time_module.localtime = localtime
    _time_module.ctime = ctime
    _time_module.asctime = asctime
    _time_module.strftime = strftime


class _DatetimeMeta(type):
    # Instances are always real datetimes; keep isinstance() true for them.
    def __instancecheck__(cls, obj):
        return isinstance(obj, _RealDatetime)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, _RealDatetime)


_RealDatetime = _datetime_module.datetime


class _VirtualDatetime(_RealDatetime, metaclass=_DatetimeMeta):
    """datetime.datetime whose now() is EPOCH_DATETIME plus the virtual clock."""

    def __new__(cls, *args, **kwargs):
        # Real instances keep the real repr ("datetime.datetime(...)") and type().
        return _RealDatetime(*args, **kwargs)

    @classmethod
    def now(cls, tz=None):
        naive = EPOCH_DATETIME + _datetime_module.timedelta(seconds=TRACER.clock)
        if tz is None:
            return naive
        return naive.replace(tzinfo=_datetime_module.timezone.utc).astimezone(tz)

    @classmethod
    def utcnow(cls):
        return cls.now()

    @classmethod
    def today(cls):
        return cls.now()


_VirtualDatetime.__name__ = _VirtualDatetime.__qualname__ = "datetime"
_VirtualDatetime.__module__ = "datetime"


def _install_datetime_hooks():
    _datetime_module.datetime = _VirtualDatetime


# ---------------------------------------------------------------- running the program

def _program_traceback(exc, program):
    """The exception's traceback from the program's first frame on, as python would show it."""
    tb = exc.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) != program:
        tb = tb.tb_next
    return tb if tb is not None else exc.__traceback__


def _start_wall_clock_guard(seconds):
    if seconds <= 0:
        return None

    def fire():
        TRACER.end_run("error WallClockTimeout", EXIT_WALL_CLOCK)

    guard = threading.Timer(seconds, fire)
    guard.daemon = True
    guard.start()
    # Backstop for a program stuck inside C code that never releases the GIL.
    faulthandler.dump_traceback_later(seconds + 5, exit=True)
    return guard


def _stop_wall_clock_guard(guard):
    if guard is not None:
        guard.cancel()
        faulthandler.cancel_dump_traceback_later()


def _parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="cpython_trace.py",
        description="Run PROGRAM on CPython 3.11 and write its canonical trace (TRACE.md).")
    parser.add_argument("program", help="the Python program to run as __main__")
    parser.add_argument("-o", "--output", help="write the trace here instead of stdout")
    parser.add_argument("--max-iterations", type=int, default=DEFAULT_MAX_ITERATIONS,
                        help="total _run_once calls before the run ends with "
                             "'error BudgetExceeded' (default %(default)s)")
    parser.add_argument("--wall-timeout", type=float, default=DEFAULT_WALL_TIMEOUT,
                        help="real seconds before 'error WallClockTimeout', exit 3; "
                             "0 disables (default %(default)s)")
    # Everything after "--" is the program's own sys.argv[1:].
    program_args = []
    if "--" in argv:
        split = argv.index("--")
        argv, program_args = argv[:split], argv[split + 1:]
    args = parser.parse_args(argv)
    args.program_args = program_args
    return args


def main(argv):
    global TRACER
    args = _parse_args(argv)
    if sys.version_info[:2] != (3, 11):
        print("cpython_trace: warning: TRACE.md's reference is CPython 3.11, this is %s"
              % sys.version.split()[0], file=sys.stderr)
    program = os.path.abspath(args.program)
    if not os.path.isfile(program):
        print("cpython_trace: no such file: %s" % args.program, file=sys.stderr)
        return EXIT_USAGE

    sink = open(args.output, "wb") if args.output else sys.__stdout__.buffer
    TRACER = Tracer(sink, args.max_iterations)

    # Local time is UTC, so anything derived from time.time() agrees with datetime.now().
    os.environ["TZ"] = "UTC"
    _time_module.tzset()

    _install_handle_hooks()
    _install_future_hooks()
    asyncio.set_event_loop_policy(VirtualPolicy())
    asyncio.SelectorEventLoop = VirtualLoop
    asyncio.unix_events.SelectorEventLoop = VirtualLoop
    guard = _start_wall_clock_guard(args.wall_timeout)
    _install_time_hooks()
    _install_datetime_hooks()

    sys.argv = [args.program] + list(args.program_args)
    sys.path[0] = os.path.dirname(program)
    sys.stdout = OutCapture()
    try:
        # `python3 FILE` names the code by FILE joined to the working directory (unnormalised):
        # reprs and tracebacks show that path, so the tracer runs it under the same name.
        runpy.run_path(os.path.join(os.getcwd(), args.program), run_name="__main__")
    except SystemExit:
        pass  # sys.exit() ends the program normally
    except BaseException as exc:  # noqa: BLE001 - every escaping exception is traced
        TRACER.finish("error " + type(exc).__name__)
        _stop_wall_clock_guard(guard)
        traceback.print_exception(type(exc), exc, _program_traceback(exc, program))
        return EXIT_OK
    TRACER.finish()
    _stop_wall_clock_guard(guard)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
