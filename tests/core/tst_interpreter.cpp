// The interpreter seen through the Engine: small programs whose printed output is checked.
#include <loopscope/engine.h>

#include <QtTest>

using namespace loopscope;

namespace {

class Capture final : public Observer {
public:
    void output(std::string_view text) override { out.append(text); }
    std::string out;
};

struct Outcome {
    RunResult result;
    std::string out;
};

Outcome runProgram(const char* source, EngineOptions options = {})
{
    Engine engine(std::move(options));
    Capture capture;
    engine.attach(&capture);
    Outcome o;
    o.result = engine.run(source, "prog.py");
    o.out = capture.out;
    return o;
}

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

void TestInterpreter::deepRecursionIsCaught()
{
    // A raised limit must not overflow the C++ stack: the VM's stack guard answers first.
    Outcome o = runProgram("import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return sorted([1], key=lambda x: f(n + 1))\n"
                           "try:\n    f(0)\nexcept RecursionError:\n    print('deep')\n");
    QCOMPARE(o.result.status, RunResult::Status::Completed);
    QCOMPARE(QString::fromStdString(o.out), QString("deep\n"));
}

QTEST_GUILESS_MAIN(TestInterpreter)
#include "tst_interpreter.moc"
