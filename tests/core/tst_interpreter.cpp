// The interpreter seen through the Engine: small programs whose printed output is checked.
#include "program_testutil.h"

#include <QtTest>

using namespace loopscope;

namespace {

using testutil::runProgram;
using Outcome = testutil::ProgramOutcome;

} // namespace

class TestInterpreter : public QObject {
    Q_OBJECT
private slots:
    void arithmetic();
    void closures();
    void classesAndSuper();
    void generators();
    void exceptionsAndTracebacks();
    void chainedTraceback();
    void argumentErrors();
    void awaitNativeCoroutines();
    void asyncGeneratorsAndWith();
    void recursionLimit();
    void instructionBudget();
    void unknownModule();
    void lineEventsAndLocals();
    void deepRecursionIsCaught();
    void lineEventsOnLoops_data();
    void lineEventsOnLoops();
    void libraryFeatures_data();
    void libraryFeatures();
    void annotations_data();
    void annotations();
};

void TestInterpreter::arithmetic()
{
    Outcome o = runProgram("print(1 + 2 * 3, 7 // 2, -7 % 3, 2 ** 10, 1 / 4)\nx = [i * i for i in range(5)]\nprint(x, f'{x[2]:>4}|')\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("7 3 2 1024 0.25\n[0, 1, 4, 9, 16]    4|\n"));
}

void TestInterpreter::closures()
{
    Outcome o = runProgram("def counter():\n    n = 0\n    def inc(step=1):\n        nonlocal n\n        n += step\n        return n\n"
                           "    return inc\nc = counter()\nc()\nprint(c(5), [f() for f in [lambda i=i: i for i in range(3)]])\n");
    QCOMPARE(QString::fromStdString(o.out), QString("6 [0, 1, 2]\n"));
}

void TestInterpreter::classesAndSuper()
{
    Outcome o = runProgram("class A:\n    def __init__(self, x):\n        self.x = x\n    def show(self):\n        return 'A' + str(self.x)\n"
                           "class B(A):\n    def __init__(self):\n        super().__init__(3)\n    def show(self):\n        return 'B' + super().show()\n"
                           "b = B()\nprint(b.show(), isinstance(b, A), type(b).__name__)\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("BA3 True B\n"));
}

void TestInterpreter::generators()
{
    Outcome o = runProgram("def inner():\n    x = yield 1\n    yield x * 2\n    return 'done'\n"
                           "def outer():\n    r = yield from inner()\n    yield r\n"
                           "g = outer()\nprint(next(g), g.send(21), next(g))\n"
                           "try:\n    next(g)\nexcept StopIteration:\n    print('stop')\n"
                           "print(sum(i for i in range(4)))\n");
    QCOMPARE(QString::fromStdString(o.out), QString("1 42 done\nstop\n6\n"));
}

void TestInterpreter::exceptionsAndTracebacks()
{
    Outcome o = runProgram("def f():\n    return 1 / 0\ntry:\n    f()\nexcept ZeroDivisionError as e:\n    print('caught', e)\nfinally:\n    print('finally')\nf()\n");
    QCOMPARE(o.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(QString::fromStdString(o.out), QString("caught division by zero\nfinally\n"));
    QCOMPARE(QString::fromStdString(o.result.errorType), QString("ZeroDivisionError"));
    QCOMPARE(QString::fromStdString(o.result.traceback),
        QString("Traceback (most recent call last):\n  File \"prog.py\", line 9, in <module>\n    f()\n"
                "  File \"prog.py\", line 2, in f\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero\n"));
}

void TestInterpreter::chainedTraceback()
{
    Outcome o = runProgram("try:\n    {}['k']\nexcept KeyError as e:\n    raise ValueError('bad') from e\n");
    const QString tb = QString::fromStdString(o.result.traceback);
    QVERIFY2(tb.contains("KeyError: 'k'\n\nThe above exception was the direct cause of the following exception:\n\n"), qPrintable(tb));
    QVERIFY(tb.endsWith("ValueError: bad\n"));
    Outcome o2 = runProgram("try:\n    1 / 0\nexcept ZeroDivisionError:\n    undefined_name\n");
    const QString tb2 = QString::fromStdString(o2.result.traceback);
    QVERIFY2(tb2.contains("During handling of the above exception, another exception occurred:"), qPrintable(tb2));
    QVERIFY(tb2.endsWith("NameError: name 'undefined_name' is not defined\n"));
}

void TestInterpreter::argumentErrors()
{
    Outcome o = runProgram("def f(a, b, *, c):\n    pass\n"
                           "for call in (lambda: f(1), lambda: f(1, 2, 3), lambda: f(1, 2), lambda: f(1, 2, c=3, d=4)):\n"
                           "    try:\n        call()\n    except TypeError as e:\n        print(e)\n");
    QCOMPARE(QString::fromStdString(o.out),
        QString("f() missing 1 required positional argument: 'b'\nf() takes 2 positional arguments but 3 were given\n"
                "f() missing 1 required keyword-only argument: 'c'\nf() got an unexpected keyword argument 'd'\n"));
}

void TestInterpreter::awaitNativeCoroutines()
{
    Outcome o = runProgram("import asyncio\nasync def work(n):\n    await asyncio.sleep(0.5)\n    return n * 2\n"
                           "async def main():\n    r = await asyncio.gather(work(1), work(2))\n    print(r, asyncio.get_running_loop().time())\n"
                           "asyncio.run(main())\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("[2, 4] 0.5\n"));
}

void TestInterpreter::asyncGeneratorsAndWith()
{
    Outcome o = runProgram("import asyncio\nasync def agen():\n    for i in range(3):\n        await asyncio.sleep(0)\n        yield i\n"
                           "class CM:\n    async def __aenter__(self):\n        print('enter')\n        return self\n"
                           "    async def __aexit__(self, *exc):\n        print('exit', exc[0].__name__ if exc[0] else None)\n        return True\n"
                           "async def main():\n    print([x async for x in agen()])\n    async with CM():\n        raise KeyError('x')\n    print('after')\n"
                           "asyncio.run(main())\n");
    QCOMPARE(QString::fromStdString(o.out), QString("[0, 1, 2]\nenter\nexit KeyError\nafter\n"));
}

void TestInterpreter::recursionLimit()
{
    Outcome o = runProgram("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("maximum recursion depth exceeded\n"));
}

void TestInterpreter::instructionBudget()
{
    EngineOptions options;
    options.instructionBudget = 100000;
    Outcome o = runProgram("def spin():\n    while True:\n        pass\nspin()\n", options);
    QCOMPARE(o.result.status, RunResult::Status::Blocked);
    QVERIFY2(o.result.message.find("the loop is blocked in spin at line") != std::string::npos, o.result.message.c_str());
}

void TestInterpreter::unknownModule()
{
    Outcome o = runProgram("import socket\n");
    QCOMPARE(o.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(QString::fromStdString(o.result.errorType), QString("ModuleNotFoundError"));
    QVERIFY(o.result.traceback.find("ModuleNotFoundError: No module named 'socket'\n") != std::string::npos);
    QVERIFY(o.result.traceback.find("asyncio") != std::string::npos);
}

namespace {

class LineRecorder final : public Observer {
public:
    void line(const LineEvent& e) override { lines.push_back(std::string(e.function) + ":" + std::to_string(e.line) + (e.taskId ? "@task" : "")); }
    std::vector<std::string> lines;
};

void recordLocals(void* ctx, std::string_view function, const std::vector<std::pair<std::string, std::string>>& locals)
{
    auto* out = static_cast<std::vector<std::string>*>(ctx);
    std::string row(function);
    for (const auto& [k, v] : locals) row += " " + k + "=" + v;
    out->push_back(row);
}

} // namespace

void TestInterpreter::lineEventsAndLocals()
{
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    LineRecorder rec;
    std::vector<std::string> locals;
    engine.attach(&rec);
    engine.setLocalsSink(&recordLocals, &locals);
    RunResult r = engine.run("def f(a):\n    b = a + 1\n    return b\nx = f(1)\nimport asyncio\nasync def m():\n    return 1\nasyncio.run(m())\n", "prog.py");
    QCOMPARE(r.status, RunResult::Status::Completed);
    const std::vector<std::string> head(rec.lines.begin(), rec.lines.begin() + 6);
    const std::vector<std::string> expected { "<module>:1", "<module>:4", "f:2", "f:3", "<module>:5", "<module>:6" };
    QCOMPARE(head, expected);
    QVERIFY(std::find(rec.lines.begin(), rec.lines.end(), "m:7@task") != rec.lines.end());
    QVERIFY(std::find(locals.begin(), locals.end(), "f a=1 b=2") != locals.end());
}

void TestInterpreter::lineEventsOnLoops_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("lines");
    // The module's line events as CPython 3.11's sys.settrace reports them for the same program.
    QTest::newRow("one-line while") << "n = 0\nwhile n < 3: n += 1\nelse: print('else')\n" << "1 2 2 2 3";
    QTest::newRow("while with a body") << "n = 0\nwhile n < 2:\n    n += 1\nprint(n)\n" << "1 2 3 2 3 2 4";
    QTest::newRow("while True with break") << "n = 0\nwhile True:\n    n += 1\n    if n == 3:\n        break\nprint(n)\n"
                                           << "1 2 3 4 2 3 4 2 3 4 5 6";
    QTest::newRow("one-line for") << "for j in range(2): pass\nprint(j)\n" << "1 1 1 2";
}

void TestInterpreter::lineEventsOnLoops()
{
    QFETCH(QString, source);
    QFETCH(QString, lines);
    Engine engine;
    LineRecorder rec;
    engine.attach(&rec);
    const QByteArray utf8 = source.toUtf8();
    RunResult r = engine.run(utf8.constData(), "prog.py");
    QCOMPARE(r.status, RunResult::Status::Completed);
    QStringList got;
    for (const std::string& l : rec.lines)
        if (l.rfind("<module>:", 0) == 0) got << QString::fromStdString(l.substr(9));
    QCOMPARE(got.join(' '), lines);
}

void TestInterpreter::deepRecursionIsCaught()
{
    // A raised limit must not overflow the C++ stack: the VM's stack guard answers first.
    Outcome o = runProgram("import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return sorted([1], key=lambda x: f(n + 1))\n"
                           "try:\n    f(0)\nexcept RecursionError:\n    print('deep')\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("deep\n"));
}

void TestInterpreter::libraryFeatures_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    // Expected outputs were printed by CPython 3.11 for the same programs.
    QTest::newRow("functools.total_ordering") << QString("import functools\n@functools.total_ordering\nclass V:\n    def __init__(self, n):\n        self.n = n\n    def __eq__(self, o):\n        return self.n == o.n\n    def __lt__(self, o):\n        return self.n < o.n\nprint(V(1) <= V(2), V(2) >= V(2), V(3) > V(2), V(1) > V(1), V.__gt__.__name__)\ntry:\n    functools.total_ordering(type(\"E\", (), {}))\nexcept ValueError as e:\n    print(e)\n") << QString("True True True False __gt__\nmust define at least one ordering operation: < > <= >=\n");
    QTest::newRow("functools.cmp_to_key") << QString("import functools\ndef cmp(a, b):\n    return (a % 3) - (b % 3) or a - b\nprint(sorted([5, 3, 9, 1, 4], key=functools.cmp_to_key(cmp)))\n") << QString("[3, 9, 1, 4, 5]\n");
    QTest::newRow("contextlib") << QString("import asyncio, contextlib\n@contextlib.contextmanager\ndef tag(name):\n    print(\"<\" + name + \">\")\n    try:\n        yield name.upper()\n    finally:\n        print(\"</\" + name + \">\")\nwith tag(\"b\") as t:\n    print(t)\ntry:\n    with tag(\"i\"):\n        raise KeyError(\"k\")\nexcept KeyError as e:\n    print(\"propagated\", repr(e))\nwith contextlib.suppress(ZeroDivisionError):\n    1 / 0\nprint(\"suppressed\")\n@contextlib.asynccontextmanager\nasync def res():\n    try:\n        yield 1\n    except ValueError:\n        print(\"handled inside\")\n    finally:\n        await asyncio.sleep(0.1)\n        print(\"released\")\nasync def main():\n    async with res() as r:\n        raise ValueError(r)\n    print(\"after\")\nasyncio.run(main())\n") << QString("<b>\nB\n</b>\n<i>\n</i>\npropagated KeyError('k')\nsuppressed\nhandled inside\nreleased\nafter\n");
    QTest::newRow("athrow into a generator that returns") << QString("import asyncio\nasync def agen():\n    try:\n        yield 1\n    except KeyError:\n        await asyncio.sleep(0)\nasync def main():\n    g = agen()\n    await anext(g)\n    try:\n        await g.athrow(KeyError(\"x\"))\n    except StopAsyncIteration:\n        print(\"StopAsyncIteration\")\n    print(await anext(g, \"default\"), await anext(agen(), None))\nasyncio.run(main())\n") << QString("StopAsyncIteration\ndefault 1\n");
    QTest::newRow("ExceptionGroup split and subgroup") << QString("eg = ExceptionGroup(\"top\", [ValueError(1), ExceptionGroup(\"sub\", [TypeError(2), ValueError(3)])])\nm, r = eg.split(ValueError)\nprint(repr(m))\nprint(repr(r))\nprint(repr(eg.subgroup(lambda e: isinstance(e, TypeError))), eg.subgroup(KeyError), eg.subgroup(ExceptionGroup) is eg)\nprint(repr(eg.derive([KeyError(\"k\")])), m is eg)\n") << QString("ExceptionGroup('top', [ValueError(1), ExceptionGroup('sub', [ValueError(3)])])\nExceptionGroup('top', [ExceptionGroup('sub', [TypeError(2)])])\nExceptionGroup('top', [ExceptionGroup('sub', [TypeError(2)])]) None True\nExceptionGroup('top', [KeyError('k')]) False\n");
    QTest::newRow("__slots__") << QString("class P:\n    __slots__ = (\"x\", \"y\")\n    def __init__(self):\n        self.x = 1\nclass Q(P):\n    __slots__ = (\"z\",)\nclass R(P):\n    pass\nq = Q()\nq.z = 3\nr = R()\nr.w = 4\nprint(q.x, q.z, r.w, hasattr(q, \"__dict__\"), hasattr(r, \"__dict__\"))\ntry:\n    q.w = 5\nexcept AttributeError as e:\n    print(e)\n") << QString("1 3 4 False True\n'Q' object has no attribute 'w'\n");
    QTest::newRow("__init_subclass__ keywords") << QString("class Base:\n    seen = []\n    def __init_subclass__(cls, tag=\"none\", **kw):\n        super().__init_subclass__(**kw)\n        Base.seen.append((cls.__name__, tag))\nclass A(Base, tag=\"a\"):\n    pass\nclass B(A):\n    pass\nprint(Base.seen)\ntry:\n    class C(object, flavour=1):\n        pass\nexcept TypeError as e:\n    print(e)\n") << QString("[('A', 'a'), ('B', 'none')]\nC.__init_subclass__() takes no keyword arguments\n");
    QTest::newRow("reversed dict views") << QString("d = {\"a\": 1, \"b\": 2, \"c\": 3}\nprint(list(reversed(d)), list(reversed(d.keys())), list(reversed(d.values())), list(reversed(d.items())))\n") << QString("['c', 'b', 'a'] ['c', 'b', 'a'] [3, 2, 1] [('c', 3), ('b', 2), ('a', 1)]\n");
    QTest::newRow("datetime.time") << QString("import datetime\nt = datetime.time(9, 5)\nprint(t, repr(t), repr(datetime.time(1, 2, 3, 4)), datetime.time(), t.isoformat(\"minutes\"), t.strftime(\"%I:%M %p\"))\nprint(t < datetime.time(10), t == datetime.time(9, 5, 0), t.replace(minute=30), datetime.time.max)\ndt = datetime.datetime(2021, 6, 18, 15, 29, 33, 5)\nprint(dt.time(), datetime.datetime.combine(dt.date(), t), f\"{t:%H.%M}\", hash(t) == hash(datetime.time(9, 5)))\n") << QString("09:05:00 datetime.time(9, 5) datetime.time(1, 2, 3, 4) 00:00:00 09:05 09:05 AM\nTrue True 09:30:00 23:59:59.999999\n15:29:33.000005 2021-06-18 09:05:00 09.05 True\n");
    QTest::newRow("dir without arguments") << QString("def f(b, a):\n    c = 1\n    return dir()\nprint(f(1, 2))\n") << QString("['a', 'b', 'c']\n");
    QTest::newRow("metaclass __new__ and __call__") << QString("class Meta(type):\n    def __new__(mcls, name, bases, ns, **kw):\n        cls = super().__new__(mcls, name, bases, ns)\n        cls.tag = kw.get(\"tag\", name.lower())\n        return cls\n    def __call__(cls, *a):\n        print(\"making\", cls.__name__)\n        return super().__call__(*a)\nclass A(metaclass=Meta, tag=\"x\"):\n    def __init__(self, v):\n        self.v = v\nclass B(A):\n    pass\nprint(A.tag, B.tag, B(2).v, type(B).__name__, isinstance(B, Meta))\n") << QString("making B\nx b 2 Meta True\n");
    QTest::newRow("Counter set operations") << QString("from collections import Counter\na, b = Counter(x=3, y=1, z=-2), Counter(x=1, y=4)\nprint(a | b, a & b, +a, -a)\n") << QString("Counter({'y': 4, 'x': 3}) Counter({'x': 1, 'y': 1}) Counter({'x': 3, 'y': 1}) Counter({'z': 2})\n");
    QTest::newRow("hasattr __dict__") << QString("class A:\n    pass\nprint(hasattr(A(), \"__dict__\"), getattr(A(), \"__dict__\"))\n") << QString("True {}\n");
    QTest::newRow("logging to stdout") << QString("import logging\nimport sys\nlog = logging.getLogger(\"app.db\")\nlogging.basicConfig(level=logging.INFO, stream=sys.stdout, format=\"%(levelname)-8s %(name)s: %(message)s\")\nlog.debug(\"hidden %d\", 1)\nlog.info(\"connected to %s:%d\", \"db\", 5432)\nlogging.warning(\"root warning\")\nother = logging.getLogger(\"app\")\nother.setLevel(logging.ERROR)\nlog.info(\"now hidden? %s\", log.getEffectiveLevel())\nlog.error(\"boom\")\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    print(\"caught\")\nprint(logging.getLevelName(20), logging.getLevelName(\"DEBUG\"), log.isEnabledFor(logging.WARNING), logging.getLogger() is logging.root)\n") << QString("INFO     app.db: connected to db:5432\nWARNING  root: root warning\nERROR    app.db: boom\ncaught\nINFO 10 False True\n");
    QTest::newRow("abc, copy and bisect") << QString("import abc\nimport bisect\nimport copy\nfrom abc import ABC, abstractmethod\n\n\nclass Shape(ABC):\n    @abstractmethod\n    def area(self):\n        ...\n\n    @abstractmethod\n    def perimeter(self):\n        ...\n\n    def describe(self):\n        return f\"{type(self).__name__}: {self.area()}\"\n\n\nclass Square(Shape):\n    def __init__(self, s):\n        self.s = s\n\n    def area(self):\n        return self.s ** 2\n\n    def perimeter(self):\n        return 4 * self.s\n\n\nclass Half(Shape):\n    def area(self):\n        return 1\n\n\nfor cls in (Shape, Half):\n    try:\n        cls()\n    except TypeError as e:\n        print(e)\nprint(Square(3).describe(), isinstance(Square(2), Shape), Shape.__abstractmethods__ == frozenset({\"area\", \"perimeter\"}), type(Shape).__name__)\ngrades = [60, 70, 80, 90]\nprint(bisect.bisect(grades, 75), bisect.bisect_left(grades, 70), bisect.bisect_right(grades, 70), \"FDCBA\"[bisect.bisect(grades, 85)])\nxs = []\nfor v in [5, 1, 4, 1, 3]:\n    bisect.insort(xs, v)\nprint(xs, bisect.bisect_left(xs, 4, key=None))\na = {\"k\": [1, [2, 3]], \"t\": (1, [4])}\nb = copy.copy(a)\nc = copy.deepcopy(a)\na[\"k\"][1].append(99)\na[\"t\"][1].append(5)\nprint(b, c, b[\"k\"] is a[\"k\"], c[\"k\"] is a[\"k\"])\n\n\nclass Node:\n    def __init__(self, v):\n        self.v = v\n        self.children = []\n\n\nn = Node(1)\nn.children.append(Node(2))\nn.children.append(n)\nm = copy.deepcopy(n)\nprint(m.v, m.children[0].v, m.children[1] is m, m is n, copy.copy(n).children is n.children)\n") << QString("Can't instantiate abstract class Shape with abstract methods area, perimeter\nCan't instantiate abstract class Half with abstract method perimeter\nSquare: 9 True True ABCMeta\n2 1 2 B\n[1, 1, 3, 4, 5] 3\n{'k': [1, [2, 3, 99]], 't': (1, [4, 5])} {'k': [1, [2, 3]], 't': (1, [4])} True False\n1 2 True False True\n");
    QTest::newRow("two library modules in one run") << QString("import abc\nimport bisect\nimport contextlib\nimport copy\nprint(bisect.bisect([1, 2], 1), copy.copy([1]), contextlib.nullcontext(3).enter_result)\n") << QString("1 [1] 3\n");
    QTest::newRow("enum") << QString("from enum import Enum, IntEnum, auto, unique\n\n\nclass Color(Enum):\n    RED = 1\n    GREEN = 2\n    BLUE = 3\n    CRIMSON = 1\n\n    def describe(self):\n        return f\"{self.name.lower()} ({self.value})\"\n\n\nclass State(Enum):\n    PENDING = auto()\n    RUNNING = auto()\n    DONE = auto()\n\n\nclass Priority(IntEnum):\n    LOW = 1\n    HIGH = 5\n\n\nclass Planet(Enum):\n    EARTH = (5.97, 6371)\n    MARS = (0.642, 3389)\n\n    def __init__(self, mass, radius):\n        self.mass = mass\n        self.radius = radius\n\n\nprint(Color.RED, repr(Color.GREEN), Color(3), Color[\"BLUE\"], Color.CRIMSON is Color.RED, len(Color), list(Color))\nprint(Color.RED.describe(), f\"{Color.BLUE}\", f\"[{Color.RED:>12}]\", Color.RED == Color.RED, Color.RED == 1, Color.RED in Color)\nprint([s.name for s in State], [s.value for s in State], State.DONE.value, State(2))\nprint(Priority.HIGH > Priority.LOW, Priority.HIGH + 1, str(Priority.LOW), f\"{Priority.HIGH}\", repr(Priority.HIGH), sorted([Priority.HIGH, Priority.LOW]))\nprint(Planet.MARS.mass, Planet.EARTH.radius, Planet.MARS.value, list(Color.__members__), {Color.RED: \"r\"}[Color.CRIMSON])\ntry:\n    Color(7)\nexcept ValueError as e:\n    print(\"ValueError:\", e)\ntry:\n    Color[\"PURPLE\"]\nexcept KeyError as e:\n    print(\"KeyError:\", e)\ntry:\n    @unique\n    class Dup(Enum):\n        A = 1\n        B = 1\nexcept ValueError as e:\n    print(\"ValueError:\", e)\nprint(type(Color.RED).__name__, isinstance(Color.RED, Color), Color.RED.name, type(Color).__name__)\n") << QString("Color.RED <Color.GREEN: 2> Color.BLUE Color.BLUE True 3 [<Color.RED: 1>, <Color.GREEN: 2>, <Color.BLUE: 3>]\nred (1) Color.BLUE [   Color.RED] True False True\n['PENDING', 'RUNNING', 'DONE'] [1, 2, 3] 3 State.RUNNING\nTrue 6 1 5 <Priority.HIGH: 5> [<Priority.LOW: 1>, <Priority.HIGH: 5>]\n0.642 6371 (0.642, 3389) ['RED', 'GREEN', 'BLUE', 'CRIMSON'] r\nValueError: 7 is not a valid Color\nKeyError: 'PURPLE'\nValueError: duplicate values found in <enum 'Dup'>: B -> A\nColor True RED EnumType\n");
    QTest::newRow("metaclass from a later base") << QString("class M(type):\n    pass\nclass E(metaclass=M):\n    pass\nclass IE(int, E):\n    pass\nprint(type(IE).__name__)\nclass N(type):\n    pass\ntry:\n    class X(E, metaclass=N):\n        pass\nexcept TypeError as e:\n    print(e)\n") << QString("M\nmetaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases\n");
    QTest::newRow("collections.ChainMap") << QString("from collections import ChainMap\ncm = ChainMap({\"a\": 1}, {\"a\": 2, \"b\": 3})\nprint(cm[\"a\"], cm[\"b\"], dict(cm), len(cm), list(cm), cm, \"b\" in cm, cm.get(\"z\", 0))\nchild = cm.new_child({\"c\": 4})\nchild[\"a\"] = 9\nprint(child, child.parents, sorted(child.items()), list(child.values()))\ntry:\n    del cm[\"b\"]\nexcept KeyError as e:\n    print(e)\nprint(cm == {\"a\": 1, \"b\": 3}, bool(ChainMap()))\n") << QString("1 3 {'a': 1, 'b': 3} 2 ['a', 'b'] ChainMap({'a': 1}, {'a': 2, 'b': 3}) True 0\nChainMap({'c': 4, 'a': 9}, {'a': 1}, {'a': 2, 'b': 3}) ChainMap({'a': 1}, {'a': 2, 'b': 3}) [('a', 9), ('b', 3), ('c', 4)] [9, 3, 4]\n\"Key not found in the first mapping: 'b'\"\nTrue False\n");
    QTest::newRow("enum Flag and IntFlag") << QString("from enum import Flag, IntFlag, auto\nclass P(Flag):\n    R = 4\n    W = 2\n    X = 1\nclass C(Flag):\n    RED = auto()\n    GREEN = auto()\n    BLUE = auto()\n    WHITE = RED | GREEN | BLUE\nprint(P.R|P.X, P(3), P(7), repr(P(7)), ~P.R, repr(~P.R), P(0).name, (P.R|P.W).name, list(P.R|P.W), len(P.R|P.W))\nprint(C.WHITE, repr(C.RED|C.GREEN), list(C), C(7), ~C.RED, C.RED ^ C.WHITE, C.RED & C.GREEN, bool(C.RED & C.GREEN))\nprint(P.R in (P.R | P.W), hash(P.R) == hash(P(4)), P.R.value, list(C.WHITE))\ntry:\n    P(8)\nexcept ValueError as e:\n    print(e)\nclass I(IntFlag):\n    A = 1\n    B = 2\nprint(I.A | I.B, repr(I.A | I.B), I.A | 4, I.A + 1, I(3))\n") << QString("P.R|X P.W|X P.R|W|X <P.R|W|X: 7> P.W|X <P.W|X: 3> None R|W [<P.R: 4>, <P.W: 2>] 2\nC.WHITE <C.RED|GREEN: 3> [<C.RED: 1>, <C.GREEN: 2>, <C.BLUE: 4>] C.WHITE C.GREEN|BLUE C.GREEN|BLUE C(0) False\nTrue True 4 [<C.RED: 1>, <C.GREEN: 2>, <C.BLUE: 4>]\n<flag 'P'> invalid value 8\n    given 0b0 1000\n  allowed 0b0 0111\n3 <I.A|B: 3> 5 2 3\n");
    QTest::newRow("asyncio.iscoroutinefunction") << QString("import asyncio\nimport functools\n\n\nasync def f():\n    pass\n\n\ndef g():\n    pass\n\n\nclass A:\n    async def m(self):\n        pass\n\n\nprint(asyncio.iscoroutinefunction(f), asyncio.iscoroutinefunction(g), asyncio.iscoroutinefunction(A().m), asyncio.iscoroutinefunction(A.m), asyncio.iscoroutinefunction(functools.partial(f)), asyncio.iscoroutinefunction(print), asyncio.iscoroutinefunction(42))\n") << QString("True False True True True False False\n");
    QTest::newRow("match semantics") << QString("from collections import OrderedDict, defaultdict\nclass P:\n    __match_args__ = (\"x\",)\n    def __init__(self, x):\n        self.x = x\nclass Q(P):\n    pass\nclass Bad:\n    __match_args__ = [\"x\"]\ndef f(v):\n    match v:\n        case str() | bytes():\n            return \"text\"\n        case [*_]:\n            return \"seq\"\n        case {\"k\": 1}:\n            return \"k1\"\n        case {}:\n            return \"map\"\n        case Q(x=3):\n            return \"Q3\"\n        case P(y):\n            return f\"P{y}\"\n        case _:\n            return \"other\"\nfor v in [\"ab\", b\"ab\", [], (1,), range(2), {\"k\": 1}, OrderedDict(k=2), defaultdict(int), Q(3), Q(4), P(5), 1.5, {1, 2}]:\n    print(f(v), end=\" \")\nprint()\nmatch 5:\n    case int(x) if x > 10:\n        pass\n    case y:\n        print(\"fell through, x =\", x, \"y =\", y)\ntry:\n    match Bad():\n        case Bad(1):\n            pass\nexcept TypeError as e:\n    print(e)\ntry:\n    match 1:\n        case len():\n            pass\nexcept TypeError as e:\n    print(e)\nclass K:\n    def __init__(self):\n        self.a = 1\nmatch K():\n    case K(a=1, b=2):\n        print(\"no\")\n    case K(a=1):\n        print(\"missing attribute is a mismatch\")\nmatch {\"a\": 1, \"b\": 2, \"c\": 3}:\n    case {\"a\": _, **rest}:\n        print(rest)\n") << QString("text text seq seq seq k1 map map Q3 P4 P5 other other \nfell through, x = 5 y = 5\nBad.__match_args__ must be a tuple (got list)\ncalled match pattern must be a type\nmissing attribute is a mismatch\n{'b': 2, 'c': 3}\n");
}

void TestInterpreter::libraryFeatures()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    testutil::verifyPrints(source, expected);
}

// Annotations as CPython 3.11 records them (outputs from python3): evaluated in module and class
// bodies and for defs, never for a function's locals, kept as text under the annotations future.
void TestInterpreter::annotations_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("class module") << QString("class A:\n    x: int\n    y: str = \"s\"\n    if True:\n        z: float\nprint(A.__annotations__, hasattr(A, \"x\"), A.y)\nq: int = 3\nprint(__annotations__, q)\n")
                                << QString("{'x': <class 'int'>, 'y': <class 'str'>, 'z': <class 'float'>} False s\n{'q': <class 'int'>} 3\n");
    QTest::newRow("function") << QString("def g(a: int, b: \"str\" = \"q\") -> None:\n    v: no_such_name = 1\n    return v\ndef f(a: int, /, b: str, *c: float, d: \"x\" = 1, **e: list) -> None:\n    pass\ndef plain(a, b=2):\n    pass\nprint(g.__annotations__, g(1), f.__annotations__, plain.__annotations__)\nplain.__annotations__ = {\"a\": int}\nprint(plain.__annotations__)\n")
                                << QString("{'a': <class 'int'>, 'b': 'str', 'return': None} 1 {'b': <class 'str'>, 'a': <class 'int'>, 'c': <class 'float'>, 'd': 'x', 'e': <class 'list'>, 'return': None} {}\n{'a': <class 'int'>}\n");
    QTest::newRow("future") << QString("from __future__ import annotations\nclass A:\n    x: list[int]\n    y: Undefined = 1\ndef g(a: Missing, *, b: dict[str, int] = None) -> \"str\":\n    pass\nprint(A.__annotations__, g.__annotations__)\n")
                                << QString("{'x': 'list[int]', 'y': 'Undefined'} {'a': 'Missing', 'b': 'dict[str, int]', 'return': \"'str'\"}\n");
    QTest::newRow("order of evaluation") << QString("def note(text):\n    print(\"eval\", text)\n    return text\nclass C:\n    a: note(\"a\") = note(\"value a\")\n    b: note(\"b\")\nobj = C()\nobj.attr: note(\"attr\") = 5\nprint(C.__annotations__, obj.attr)\n")
                                << QString("eval value a\neval a\neval b\neval attr\n{'a': 'a', 'b': 'b'} 5\n");
}

void TestInterpreter::annotations()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    testutil::verifyPrints(source, expected);
}

QTEST_GUILESS_MAIN(TestInterpreter)
#include "tst_interpreter.moc"
