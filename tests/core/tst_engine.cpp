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

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
