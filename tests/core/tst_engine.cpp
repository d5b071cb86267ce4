// The Engine's run endings and determinism.
#include <loopscope/asyncio/task.h>
#include <loopscope/engine.h>

#include <QtTest>

using namespace loopscope;

namespace {

std::vector<std::string> traceOf(const char* source, RunResult* result = nullptr, EngineOptions options = {})
{
    Engine engine(std::move(options));
    std::vector<std::string> lines;
    engine.setTraceSink([&](std::string_view line) { lines.emplace_back(line); });
    RunResult r = engine.run(source, "prog.py");
    if (result) *result = r;
    return lines;
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT
private slots:
    void syntaxError();
    void uncaughtError();
    void deadlock();
    void iterationBudget();
    void deterministic();
    void systemExit();
    void suspendedCoroutineLine();
    void watchValuesAtLinesAndIterations();
    void watchesLeaveTheRunUnchanged();
    void requestStopEndsTheRun();
};

void TestEngine::syntaxError()
{
    RunResult r;
    traceOf("x = (1,\n", &r);
    QCOMPARE(r.status, RunResult::Status::SyntaxError);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.traceback.find("SyntaxError") != std::string::npos);
}

void TestEngine::uncaughtError()
{
    RunResult r;
    auto lines = traceOf("print('hi', end='')\nraise KeyError('k')\n", &r);
    QCOMPARE(r.status, RunResult::Status::UncaughtException);
    QCOMPARE(QString::fromStdString(r.errorType), QString("KeyError"));
    QCOMPARE(lines.size(), size_t(2));
    QCOMPARE(QString::fromStdString(lines[0]), QString("0.000000 out hi"));
    QCOMPARE(QString::fromStdString(lines[1]), QString("0.000000 error KeyError"));
}

void TestEngine::deadlock()
{
    RunResult r;
    auto lines = traceOf("import asyncio\nloop = asyncio.new_event_loop()\nloop.run_until_complete(loop.create_future())\n", &r);
    QCOMPARE(r.status, RunResult::Status::Deadlock);
    QVERIFY(!lines.empty());
    QCOMPARE(QString::fromStdString(lines.back()), QString("0.000000 deadlock"));
}

void TestEngine::iterationBudget()
{
    EngineOptions options;
    options.maxIterations = 5;
    RunResult r;
    auto lines = traceOf("import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(1)\nasyncio.run(main())\n", &r, options);
    QCOMPARE(r.status, RunResult::Status::BudgetExceeded);
    QCOMPARE(QString::fromStdString(lines.back()).section(' ', 1), QString("error BudgetExceeded"));
    int iters = 0;
    for (const auto& l : lines) iters += l.find(" iter ") != std::string::npos;
    QCOMPARE(iters, 5);
}

void TestEngine::deterministic()
{
    const char* src = "import asyncio, random\nrandom.seed(3)\nasync def t(i):\n    await asyncio.sleep(random.random())\n    print(i)\n"
                      "async def main():\n    await asyncio.gather(*(t(i) for i in range(4)))\nasyncio.run(main())\n";
    auto a = traceOf(src);
    auto b = traceOf(src);
    QVERIFY(a.size() > 10);
    QCOMPARE(a, b);
}

void TestEngine::systemExit()
{
    RunResult r;
    auto lines = traceOf("import sys\nprint('bye')\nsys.exit(3)\nprint('never')\n", &r);
    QCOMPARE(r.status, RunResult::Status::Completed);
    QCOMPARE(r.exitCode, 3);
    QCOMPARE(lines.size(), size_t(1));
}

namespace {

/// Records where each task's coroutine is suspended after each of its steps.
class StepRecorder final : public Observer {
public:
    void afterTaskStep(const TaskEvent& e, const StepOutcome&) override
    {
        SuspendedFrame f = suspendedFrame(e.task ? e.task->coro() : nullptr);
        rows.push_back(e.name + " " + f.function + ":" + std::to_string(f.line) + (f.finished ? " finished" : ""));
    }
    std::vector<std::string> rows;
};

} // namespace

void TestEngine::suspendedCoroutineLine()
{
    Engine engine;
    StepRecorder rec;
    engine.attach(&rec);
    RunResult r = engine.run("import asyncio\nasync def main():\n    await asyncio.sleep(0)\n    await asyncio.sleep(1)\n"
                             "    return 1\nasyncio.run(main())\n", "prog.py");
    QCOMPARE(r.status, RunResult::Status::Completed);
    QVERIFY(rec.rows.size() >= 3);
    QCOMPARE(QString::fromStdString(rec.rows[0]), QString("Task-1 main:3"));
    QCOMPARE(QString::fromStdString(rec.rows[1]), QString("Task-1 main:4"));
    QCOMPARE(QString::fromStdString(rec.rows[2]), QString("Task-1 main:0 finished"));
}

namespace {

/// Interleaves line events ("L<line> <function>") and watch values ("W<index> <function>|<repr>").
class WatchRecorder final : public Observer {
public:
    void line(const LineEvent& e) override { rows.push_back("L" + std::to_string(e.line) + " " + std::string(e.function)); }
    void beforeIteration(const IterationEvent& e) override { rows.push_back("I" + std::to_string(e.n)); }
    static void sink(void* ctx, const WatchValue& v)
    {
        auto* self = static_cast<WatchRecorder*>(ctx);
        self->rows.push_back("W" + std::to_string(v.watch) + " " + v.function + "|" + (v.error ? "!" : "") + v.repr);
        self->values.push_back(v);
    }
    std::vector<std::string> rows;
    std::vector<WatchValue> values;
};

const char* kWatchProgram = "import asyncio\n"
                            "items = []\n"
                            "async def worker(n):\n"
                            "    for i in range(n):\n"
                            "        items.append(i * 10)\n"
                            "        await asyncio.sleep(1)\n"
                            "asyncio.run(worker(3))\n";

} // namespace

void TestEngine::watchValuesAtLinesAndIterations()
{
    Engine engine;
    WatchRecorder rec;
    engine.attach(&rec);
    engine.setWatches({ "len(items)", "i", "items[-1] // i", "len(" }, &WatchRecorder::sink, &rec);
    RunResult r = engine.run(kWatchProgram, "prog.py");
    QCOMPARE(r.status, RunResult::Status::Completed);

    // Every line event and every iteration is followed by one value of each watch, in order.
    int lineSix = 0, iterations = 0;
    for (size_t k = 0; k < rec.rows.size(); ++k) {
        const std::string& row = rec.rows[k];
        if (row[0] != 'L' && row[0] != 'I') continue;
        QVERIFY2(k + 4 < rec.rows.size() + 1, row.c_str());
        for (int w = 0; w < 4; ++w)
            QVERIFY2(rec.rows[k + 1 + w].rfind("W" + std::to_string(w) + " ", 0) == 0, rec.rows[k + 1 + w].c_str());
        const std::string len = rec.rows[k + 1], i = rec.rows[k + 2], ratio = rec.rows[k + 3], bad = rec.rows[k + 4];
        QVERIFY2(bad.find("|!SyntaxError: ") != std::string::npos, bad.c_str());
        if (row[0] == 'I') {
            // Between steps only the module globals are visible.
            ++iterations;
            QCOMPARE(QString::fromStdString(i), QString("W1 |!NameError: name 'i' is not defined"));
            continue;
        }
        if (row != "L6 worker") continue;
        // At the await, `i` items have been appended before this one: len(items) == i + 1.
        const int iv = std::stoi(i.substr(i.find('|') + 1));
        QCOMPARE(QString::fromStdString(len), QString("W0 worker|%1").arg(iv + 1));
        QCOMPARE(QString::fromStdString(ratio), iv == 0 ? QString("W2 worker|!ZeroDivisionError: integer division or modulo by zero")
                                                        : QString("W2 worker|10"));
        ++lineSix;
    }
    QCOMPARE(lineSix, 3);
    QVERIFY(iterations >= 4);
    // Values are numeric once `items` exists (a NameError before), and the last len(items) is 3.
    double last = -1;
    for (const WatchValue& v : rec.values) {
        if (v.watch != 0) continue;
        if (last < 0 && v.error) {
            QCOMPARE(QString::fromStdString(v.repr), QString("NameError: name 'items' is not defined"));
            continue;
        }
        QVERIFY(v.numeric && !v.error);
        QVERIFY(v.number >= last); // items only grows
        last = v.number;
    }
    QCOMPARE(last, 3.0);
}

void TestEngine::watchesLeaveTheRunUnchanged()
{
    std::vector<std::string> plain = traceOf(kWatchProgram);
    Engine engine;
    std::vector<std::string> lines;
    engine.setTraceSink([&](std::string_view line) { lines.emplace_back(line); });
    WatchRecorder rec;
    engine.setWatches({ "[x for x in items]", "sum(items)" }, &WatchRecorder::sink, &rec);
    QCOMPARE(engine.run(kWatchProgram, "prog.py").status, RunResult::Status::Completed);
    QVERIFY(!rec.values.empty());
    QCOMPARE(QString::fromStdString(rec.values.back().repr), QString("30"));
    QCOMPARE(lines, plain);
}

namespace {

/// Asks its engine to stop at its `after`-th line event or iteration (as another thread would).
class Stopper final : public Observer {
public:
    Stopper(Engine& engine, int after)
        : m_engine(engine)
        , m_after(after)
    {
    }
    void line(const LineEvent&) override { count(++lines); }
    void beforeIteration(const IterationEvent&) override { count(++iterations); }
    int lines = 0;
    int iterations = 0;

private:
    void count(int n)
    {
        if (n == m_after) m_engine.requestStop();
    }
    Engine& m_engine;
    int m_after;
};

} // namespace

void TestEngine::requestStopEndsTheRun()
{
    // An endless loop of the event loop (few line events: the await resumes on its own line), and
    // one in plain Python code (no iterations).
    for (const char* src : { "import asyncio\nasync def spin():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(spin())\n",
             "x = 0\nwhile True:\n    x += 1\n    x -= 1\n" }) {
        EngineOptions options;
        options.maxIterations = 100'000'000;
        Engine engine(options);
        Stopper stopper(engine, 50);
        engine.attach(&stopper);
        RunResult r = engine.run(src, "prog.py");
        QCOMPARE(r.status, RunResult::Status::Stopped);
        QVERIFY(engine.stopRequested());
        // It ended at the next check, well before any budget.
        QVERIFY(std::max(stopper.lines, stopper.iterations) == 50);
        QVERIFY(stopper.lines < 60 && stopper.iterations < 60);
    }
    // No observer, no loop, one line: only the VM's periodic stop check can see the request
    // (without it the run would go on to the instruction budget and end Blocked).
    EngineOptions options;
    Engine engine(options);
    engine.requestStop();
    RunResult r = engine.run("x = 0\nwhile True: x += 1\n", "prog.py");
    QCOMPARE(r.status, RunResult::Status::Stopped);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
