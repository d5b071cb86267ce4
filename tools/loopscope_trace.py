#!/usr/bin/env python3
"""Record what CPython's real loop did into a Loopscope session file.

    python3 tools/loopscope_trace.py PROGRAM.py -o run.lsn [--max-iterations N] [--wall-timeout S]
    python3 tools/loopscope_trace.py --from-trace run.trace -o run.lsn

The program runs under tools/cpython_trace.py (imported, never copied: it watches CPython's own
asyncio under the virtual clock and writes the canonical trace). Its trace is then turned into
the session format of docs/session-format.md with origin "cpython", the same way
SessionFile::importTrace does it in C++: heapq is replayed to recover the heap layout and every
sift move, each `iter` line's counts are checked, phases and task steps are inferred. Nothing the
trace does not say (locals, lines, what a task awaits) is invented.

Exit status: 0 written, 1 the trace could not be converted, 2 usage, 3 the wall-clock guard fired.
"""

import argparse
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# RecordKind and LoopPhase values (core/include/loopscope/debug/eventlog.h, loopstate.h).
(TASK_CREATED, SOON, TIMER, CANCEL, PURGE, ITERATION, PHASE_BEGIN, SELECT, CLOCK, DUE, SKIP,
 RUN_BEGIN, RUN_END, STEP_BEGIN, STEP_END, TASK_DONE) = range(16)
OUTPUT, DEADLOCK, ERROR = 19, 22, 21
IDLE, PURGE_CANCELLED, COMPUTE_TIMEOUT, SELECT_PHASE, PROCESS_EVENTS, MOVE_DUE, RUN_READY = range(7)
LIFTED, MOVED, PLACED = range(3)
SUSPENDED, RETURNED, RAISED = 0, 3, 4


class TraceError(Exception):
    pass


class Heap:
    """heapq's algorithms on (when, id) pairs, reporting each element move as the core does."""

    def __init__(self):
        self.items = []
        self.moves = None

    def _note(self, *move):
        if self.moves is not None:
            self.moves.append(move)

    def _siftdown(self, start, pos, item):
        while pos > start:
            parent = (pos - 1) >> 1
            if not item[0] < self.items[parent][0]:
                break
            self.items[pos] = self.items[parent]
            self._note(MOVED, parent, pos)
            pos = parent
        self.items[pos] = item
        self._note(PLACED, pos)

    def _siftup(self, pos, item):
        end, start, child = len(self.items), pos, 2 * pos + 1
        while child < end:
            right = child + 1
            if right < end and not self.items[child][0] < self.items[right][0]:
                child = right
            self.items[pos] = self.items[child]
            self._note(MOVED, child, pos)
            pos, child = child, 2 * child + 1
        self._siftdown(start, pos, item)

    def push(self, item):
        self.items.append(item)
        self._note(LIFTED, len(self.items) - 1)
        self._siftdown(0, len(self.items) - 1, item)

    def pop(self):
        last = self.items.pop()
        if not self.items:
            return last
        self._note(LIFTED, len(self.items))
        top = self.items[0]
        self._siftup(0, last)
        return top

    def heapify(self):
        for i in reversed(range(len(self.items) // 2)):
            self._note(LIFTED, i)
            self._siftup(i, self.items[i])


def parse_handle(text):
    text = text.strip()
    arg = ""
    at = text.rfind(" arg=")
    if at >= 0:
        text, arg = text[:at], text[at + 5:]
    callback, _, task = text.partition(" ")
    if not callback:
        raise TraceError("expected a handle")
    return callback, task, arg


class Converter:
    def __init__(self):
        self.events = []  # [kind, text, text2, a, b, x, clock, moves]
        self.strings, self.string_index = [""], {"": 0}
        self.handles = {}  # id -> [callback, task, arg, task_id, timer, when]
        self.keys = {}
        self.tasks = {}  # id -> [name, coro]
        self.task_ids = {}
        self.clock = 0.0
        self.heap = Heap()
        self.ready = []
        self.cancelled = set()
        self.cancelled_count = 0
        self.in_iteration, self.phase = False, IDLE
        self.running = self.stepping = 0
        self.done_kind = -1
        self.finished = None
        self.ambiguous = False
        self.approximate_from = 0
        self.line_no = 0

    def intern(self, s):
        if s not in self.string_index:
            self.string_index[s] = len(self.strings)
            self.strings.append(s)
        return self.string_index[s]

    def record(self, kind, text=0, text2=0, a=0, b=0, x=0.0, moves=()):
        self.events.append((kind, text, text2, a, b, x, self.clock, tuple(moves)))

    def new_handle(self, h, timer, when):
        hid = len(self.handles) + 1
        self.handles[hid] = [h[0], h[1], h[2], self.task_ids.get(h[1], 0), timer, when]
        self.keys[hid] = h  # how the trace names it now (a task may be renamed later)
        return hid

    def key(self, hid):
        return self.keys[hid]

    def set_phase(self, p):
        self.phase = p
        self.record(PHASE_BEGIN, a=p)

    def advance_to(self, p):
        if self.in_iteration:
            while self.phase < p:
                self.set_phase(self.phase + 1)

    def close_run(self):
        if self.stepping:
            kind = SUSPENDED if self.done_kind < 0 else RETURNED if self.done_kind == 0 else RAISED
            self.record(STEP_END, a=self.stepping, x=float(kind))
            self.stepping, self.done_kind = 0, -1
        if self.running:
            self.record(RUN_END, a=self.running)
            self.running = 0

    def tracked(self, operation):
        self.heap.moves = []
        result = operation()
        moves, self.heap.moves = self.heap.moves, None
        return result, moves

    def purge(self):
        scheduled = len(self.heap.items)
        if scheduled > 100 and self.cancelled_count / scheduled > 0.5:
            def bulk():
                self.heap.items = [t for t in self.heap.items if t[1] not in self.cancelled]
                self.heap.heapify()
            _, moves = self.tracked(bulk)
            self.cancelled_count = 0
            self.record(PURGE, a=scheduled - len(self.heap.items), b=1, moves=moves)
            return
        def heads():
            n = 0
            while self.heap.items and self.heap.items[0][1] in self.cancelled:
                self.heap.pop()
                self.cancelled_count -= 1
                n += 1
            return n
        n, moves = self.tracked(heads)
        if n:
            self.record(PURGE, a=n, moves=moves)

    def line(self, text):
        text = text.rstrip("\r")
        if not text.strip():
            return
        if self.finished:
            raise TraceError("a line after the run ended")
        t, _, rest = text.partition(" ")
        try:
            t = float(t)
        except ValueError:
            raise TraceError("the clock %r is not a number" % t[:40])
        if not rest:
            raise TraceError('expected "<clock> <event>"')
        word, _, args = rest.partition(" ")
        if t != self.clock:
            self.clock = t
            self.record(CLOCK, x=t)
        handler = getattr(self, "on_" + word, None)
        if handler is None:
            raise TraceError("unknown event %r" % word[:40])
        handler(args)

    def on_task(self, args):
        name, sep, coro = args.rpartition(" coro=")
        if not sep or not name:
            raise TraceError('expected "task <name> coro=<qualname>"')
        tid = len(self.tasks) + 1
        self.tasks[tid] = [name, coro]
        self.task_ids[name] = tid
        self.record(TASK_CREATED, a=tid)

    def on_soon(self, args):
        hid = self.new_handle(parse_handle(args), False, 0.0)
        self.ready.append(hid)
        self.record(SOON, a=hid)

    def on_timer(self, args):
        head, sep, when = args.rpartition(" when=")
        if not sep:
            raise TraceError('expected "timer <handle> when=<t>"')
        when = float(when)
        hid = self.new_handle(parse_handle(head), True, when)
        _, moves = self.tracked(lambda: self.heap.push((when, hid)))
        self.record(TIMER, a=hid, moves=moves)

    def on_cancel(self, args):
        key = parse_handle(args)
        found = [(w, i) for w, i in self.heap.items if i not in self.cancelled and self.key(i) == key]
        if not found:
            raise TraceError("cancel of a timer that is not on the heap")
        if len({w for w, _ in found}) > 1:
            self.ambiguous = True
        hid = min(found)[1]  # the one due first: the trace cannot say which
        self.cancelled.add(hid)
        self.cancelled_count += 1
        self.record(CANCEL, a=hid)

    def on_iter(self, args):
        try:
            n, ready, timers = args.split(" ")
            n, ready, timers = int(n), int(ready.split("=")[1]), int(timers.split("=")[1])
        except (ValueError, IndexError):
            raise TraceError('expected "iter <n> ready=<r> timers=<h>"')
        self.close_run()
        self.advance_to(RUN_READY)
        if n == 1 and ready == 0 and timers == 0:
            self.ready, self.heap.items, self.cancelled_count = [], [], 0
        if timers != len(self.heap.items) and self.ambiguous:
            self.approximate_from = self.approximate_from or self.line_no
        elif ready != len(self.ready) or timers != len(self.heap.items):
            raise TraceError("iter says ready=%d timers=%d, but replaying the trace gives ready=%d timers=%d"
                             % (ready, timers, len(self.ready), len(self.heap.items)))
        self.in_iteration = True
        self.record(ITERATION, a=n, b=ready, x=float(timers))
        self.set_phase(PURGE_CANCELLED)
        self.purge()
        self.set_phase(COMPUTE_TIMEOUT)

    def on_select(self, args):
        if not args.startswith("timeout="):
            raise TraceError('expected "select timeout=<x>"')
        value = args[8:]
        self.close_run()
        self.advance_to(SELECT_PHASE)
        if value == "None":
            self.record(SELECT)
        else:
            self.record(SELECT, b=1, x=float(value))

    def on_due(self, args):
        key = parse_handle(args)
        items = self.heap.items
        due = items[0][1] if items else 0
        if not due or self.key(due) != key or due in self.cancelled:
            if not self.ambiguous or not items:
                raise TraceError("due of a timer that is not at the head of the heap")
            found = [(w, i) for w, i in items if i not in self.cancelled and self.key(i) == key]
            if not found:
                raise TraceError("due of a timer that is not on the heap")
            due = min(found)[1]
            self.approximate_from = self.approximate_from or self.line_no
        self.advance_to(MOVE_DUE)
        top, moves = self.tracked(self.heap.pop)
        if top[1] != due:
            self.heap.items = [(w, top[1] if i == due else i) for w, i in self.heap.items]
        self.ready.append(due)
        self.record(DUE, a=due, moves=moves)

    def _take_ready(self, word, args):
        key = parse_handle(args)
        if not self.ready:
            raise TraceError("%s with an empty ready deque" % word)
        head = self.ready[0]
        if self.key(head) != key:
            h = self.handles[head]
            if h[0] != key[0] or h[2] != key[2] or not h[3] or not key[1]:
                raise TraceError("%s of a handle that is not at the head of the ready deque" % word)
            self.tasks[h[3]][0] = key[1]  # renamed with set_name
            self.task_ids[key[1]] = h[3]
            self.keys[head] = key
        self.close_run()
        self.advance_to(RUN_READY)
        return self.ready.pop(0), key

    def on_skip(self, args):
        hid, _ = self._take_ready("skip", args)
        self.record(SKIP, a=hid)

    def on_run(self, args):
        hid, key = self._take_ready("run", args)
        self.record(RUN_BEGIN, a=hid)
        self.running = hid
        tid = self.task_ids.get(key[1], 0)
        if key[0] in ("__step", "__wakeup") and tid:
            self.stepping = tid
            self.record(STEP_BEGIN, a=tid)

    def on_done(self, args):
        detail = ""
        if args.endswith(" result"):
            kind, name = 0, args[:-7]
        elif args.endswith(" cancelled"):
            kind, name = 1, args[:-10]
        elif " exception " in args:
            name, _, detail = args.rpartition(" exception ")
            kind = 2
        else:
            raise TraceError('expected "done <task> result|cancelled|exception <Type>"')
        tid = self.task_ids.get(name)
        if not tid:
            raise TraceError("done of a task that was never created")
        if tid == self.stepping:
            self.done_kind = kind
        self.record(TASK_DONE, text=self.intern(detail), a=tid, b=kind)

    def on_out(self, args):
        self.record(OUTPUT, text=self.intern(args))

    def on_deadlock(self, args):
        self.close_run()
        self.record(DEADLOCK)
        self.finished = "deadlock"

    def on_error(self, args):
        if not args:
            raise TraceError("expected \"error <Type>\"")
        self.close_run()
        self.record(ERROR, text=self.intern(args), text2=self.intern("uncaught"))
        self.finished = "error " + args

    def finish(self):
        if not self.finished:
            self.close_run()
            self.finished = "completed"


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def f64(v):
    return struct.pack("<d", v)


def section(tag, raw):
    payload = struct.pack(">I", len(raw)) + zlib.compress(raw, 6)  # qCompress's layout
    return tag + struct.pack("<I", len(payload)) + payload


def session_bytes(conv, program_path, source):
    strings = list(conv.strings)
    index = dict(conv.string_index)

    def sid(s):
        if s not in index:
            index[s] = len(strings)
            strings.append(s)
        return index[s]

    events, moves = bytearray(varint(len(conv.events))), bytearray()
    move_count = 0
    clock = 0.0
    for kind, text, text2, a, b, x, ev_clock, ms in conv.events:
        mask = 0
        mask |= 1 if text else 0
        mask |= 2 if text2 else 0
        mask |= 4 if a else 0
        mask |= 8 if b else 0
        whole = x != 0.0 and x >= 0 and x < 2 ** 53 and x == int(x)
        if struct.pack("<d", x) != struct.pack("<d", 0.0):
            mask |= 16 | (32 if whole else 0)
        if struct.pack("<d", ev_clock) != struct.pack("<d", clock):
            mask |= 64
        if ms:
            mask |= 128
        out = bytearray([kind, mask])
        for bit, value in ((1, text), (2, text2), (4, a), (8, b)):
            if mask & bit:
                out += varint(value)
        if mask & 16:
            out += varint(int(x)) if mask & 32 else f64(x)
        if mask & 64:
            out += f64(ev_clock)
        clock = ev_clock
        if mask & 128:
            out += varint(len(ms))
            for m in ms:
                moves += bytes([m[0]]) + varint(m[1]) + (varint(m[2]) if m[0] == MOVED else b"")
            move_count += len(ms)
        events += out

    handles = bytearray(varint(len(conv.handles)))
    for hid, (callback, task, arg, task_id, timer, when) in sorted(conv.handles.items()):
        handles += varint(hid) + varint(sid(callback)) + varint(sid(task)) + varint(sid(arg)) + varint(task_id)
        handles += bytes([1 if timer else 0]) + f64(when)
    tasks = bytearray(varint(len(conv.tasks)))
    for tid, (name, coro) in sorted(conv.tasks.items()):
        tasks += varint(tid) + varint(sid(name)) + varint(sid(coro))
    strs = bytearray(varint(len(strings)))
    for s in strings:
        raw = s.encode("utf-8", "surrogateescape")
        strs += varint(len(raw)) + raw

    settings = {}
    if conv.approximate_from:
        settings["approximateHeapFromLine"] = conv.approximate_from
    meta = {"scenarioPath": program_path, "source": source, "settings": settings, "bookmarks": [],
            "notes": {}, "origin": "cpython", "loopscopeVersion": "loopscope_trace.py",
            "eventCount": str(len(conv.events)), "finished": True, "finishReason": conv.finished}
    body = [section(b"META", json.dumps(meta, separators=(",", ":")).encode("utf-8")),
            section(b"STRS", bytes(strs)), section(b"HNDL", bytes(handles)), section(b"TASK", bytes(tasks)),
            section(b"EVNT", bytes(events)), section(b"MOVE", varint(move_count) + bytes(moves))]
    return b"LSN1" + struct.pack("<HHII", 1, 0, 0, len(body)) + b"".join(body)


def convert(trace_text, program_path, source):
    conv = Converter()
    for number, line in enumerate(trace_text.split("\n"), 1):
        conv.line_no = number
        try:
            conv.line(line)
        except (TraceError, ValueError) as exc:
            raise TraceError("line %d: %s" % (number, exc))
    conv.finish()
    return session_bytes(conv, program_path, source)


def write_atomically(path, data):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".lsn-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a session is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv):
    parser = argparse.ArgumentParser(prog="loopscope_trace.py", description=__doc__.split("\n")[1])
    parser.add_argument("program", nargs="?", help="the Python program to run on CPython")
    parser.add_argument("-o", "--output", required=True, help="the session file to write (.lsn)")
    parser.add_argument("--from-trace", help="convert this canonical trace instead of running a program")
    parser.add_argument("--max-iterations", type=int)
    parser.add_argument("--wall-timeout", type=float)
    args, program_args = parser.parse_known_args(argv)
    if bool(args.program) == bool(args.from_trace):
        parser.error("give either PROGRAM or --from-trace")

    if args.from_trace:
        with open(args.from_trace, encoding="utf-8", errors="surrogateescape") as f:
            text = f.read()
        program = os.path.splitext(os.path.abspath(args.from_trace))[0] + ".py"
    else:
        program = os.path.abspath(args.program)
        # cpython_trace re-executes itself and ends with os._exit, so it runs in a child process.
        command = [sys.executable, os.path.join(HERE, "cpython_trace.py"), program]
        if args.max_iterations is not None:
            command += ["--max-iterations", str(args.max_iterations)]
        if args.wall_timeout is not None:
            command += ["--wall-timeout", str(args.wall_timeout)]
        if program_args:
            command += ["--"] + [a for a in program_args if a != "--"]
        run = subprocess.run(command, stdout=subprocess.PIPE)
        if run.returncode == 3:
            print("loopscope_trace: the wall-clock guard fired; nothing written", file=sys.stderr)
            return 3
        if run.returncode != 0:
            return run.returncode
        text = run.stdout.decode("utf-8", "surrogateescape")
    source = ""
    if os.path.isfile(program):
        with open(program, encoding="utf-8", errors="replace") as f:
            source = f.read()
    else:
        program = os.path.abspath(args.from_trace or args.program)
    try:
        data = convert(text, program, source)
    except TraceError as exc:
        print("loopscope_trace: %s" % exc, file=sys.stderr)
        return 1
    write_atomically(args.output, data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
