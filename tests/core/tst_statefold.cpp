// StateFold: the LoopState at any event of a recorded run, whatever order the events are asked
// for in, and whether the current line is the one executing (a native callback runs none).

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>

#include <QtTest>

using namespace loopscope;

namespace {

// asyncio.wait's _on_completion and a sleep's _set_result_unless_cancelled run no Python line.
constexpr const char* kScenario = R"(import asyncio

async def worker(delay):
    await asyncio.sleep(delay)
    return delay

async def main():
    tasks = [asyncio.create_task(worker(0.2)), asyncio.create_task(worker(0.1))]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(len(done), len(pending))
    await asyncio.gather(*pending)

asyncio.run(main())
)";

std::shared_ptr<EventLog> record(const char* source)
{
    auto log = std::make_shared<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(*log);
    log->finish(engine.run(source, "scenario.py").finishReason());
    return log;
}

} // namespace

class TestStateFold : public QObject {
    Q_OBJECT

private slots:
    void lineIsLiveOnlyWhileItsHandleRunsLines()
    {
        auto log = record(kScenario);
        StateFold fold(*log);
        int nativeCallbacks = 0, lines = 0, moduleLines = 0;
        for (size_t i = 0; i < log->size(); ++i) {
            const RecordedEvent e = log->event(i);
            const LoopState s = fold.stateAt(i);
            if (e.kind == RecordKind::Line) {
                QVERIFY2(s.currentLineIsLive(), qPrintable(QString::number(i)));
                ++lines;
                if (s.phase == LoopPhase::Idle) ++moduleLines;
            }
            if (e.kind == RecordKind::RunBegin) {
                const std::string callback = log->handle(e.a).callback;
                // A handle that has not run a line yet shows none, though the state keeps the last.
                QVERIFY(!s.currentLineIsLive());
                if (callback == "_on_completion" || callback == "_set_result_unless_cancelled") {
                    QVERIFY(s.currentLine > 0);
                    ++nativeCallbacks;
                }
            }
            if (e.kind == RecordKind::RunEnd) QVERIFY(!s.currentLineIsLive());
        }
        QVERIFY(lines > 10);
        QVERIFY(moduleLines > 0); // module level runs outside _run_once: its lines are live
        QVERIFY(nativeCallbacks >= 3);
    }

    void anyOrderOfSeeksGivesTheSameStates()
    {
        auto log = record(kScenario);
        StateFold forward(*log), backward(*log), jumping(*log);
        const size_t n = log->size();
        QVERIFY(n > 100);
        std::vector<LoopState> states;
        for (size_t i = 0; i < n; ++i) states.push_back(forward.stateAt(i));
        for (size_t i = n; i-- > 0;) QVERIFY2(backward.stateAt(i) == states[i], qPrintable(QString::number(i)));
        for (size_t k = 0; k < n; ++k) {
            const size_t i = (k * 7919) % n; // every index once, in a scattered order
            QVERIFY2(jumping.stateAt(i) == states[i], qPrintable(QString::number(i)));
        }
        QCOMPARE(states.back().eventIndex, uint64_t(n - 1));
        // main, its two workers, and the Runner's shutdown_asyncgens and shutdown_default_executor
        QCOMPARE(states.back().tasks.size(), size_t(5));
    }

    void iterationBeginsWithThePurgePhase()
    {
        auto log = record(kScenario);
        StateFold fold(*log);
        int iterations = 0;
        for (size_t i = 0; i < log->size(); ++i) {
            if (log->event(i).kind != RecordKind::Iteration) continue;
            const LoopState s = fold.stateAt(i);
            // Not the previous iteration's run-ready: _run_once starts over with the purge.
            QCOMPARE(s.phase, LoopPhase::PurgeCancelled);
            QCOMPARE(s.iteration, ++iterations);
        }
        QVERIFY(iterations > 3);
    }

    void timeSleepMovesTheClockTheStatesShow()
    {
        // time.sleep blocks the loop but the virtual clock moves: the states (the GUI's clock, the
        // console's stamps) must show it from that moment, not only at the next select.
        auto log = record(R"(import asyncio, time

async def main():
    print("before")
    time.sleep(0.75)
    print("after")

asyncio.run(main())
)");
        StateFold fold(*log);
        double before = -1, after = -1;
        bool clockEvent = false;
        for (size_t i = 0; i < log->size(); ++i) {
            const RecordedEvent& e = log->event(i);
            if (e.kind == RecordKind::Clock) clockEvent = true;
            if (e.kind != RecordKind::Output) continue;
            (before < 0 ? before : after) = fold.stateAt(i).clock;
        }
        QVERIFY(clockEvent);
        QCOMPARE(before, 0.0);
        QCOMPARE(after, 0.75);
    }

    void sharedTasksAreNeverWrittenInPlace()
    {
        // Enough events for several checkpoints: states after one share the tasks it holds.
        auto log = record(R"(import asyncio

async def worker(i):
    await asyncio.sleep(i / 10)
    return i

async def main():
    await asyncio.gather(*(worker(i) for i in range(40)))

asyncio.run(main())
)");
        StateFold fold(*log);
        const size_t n = log->size();
        QVERIFY(n > 3 * StateFold::kCheckpointInterval);
        std::vector<LoopState> states;
        for (size_t i = 0; i < n; ++i) states.push_back(fold.stateAt(i));
        StateFold fresh(*log);
        int shared = 0;
        for (size_t i = 1; i < n; ++i) {
            // A later fold must not have changed an earlier state through a task they share.
            QVERIFY2(fresh.stateAt(i) == states[i], qPrintable(QString::number(i)));
            const LoopState& before = states[i - 1];
            for (size_t k = 0; k < std::min(before.tasks.size(), states[i].tasks.size()); ++k)
                shared += states[i].tasks.same(k, before.tasks, k) ? 1 : 0;
        }
        QVERIFY(shared > int(n)); // tasks untouched since a checkpoint are one value, not copies
    }
};

QTEST_MAIN(TestStateFold)
#include "tst_statefold.moc"
