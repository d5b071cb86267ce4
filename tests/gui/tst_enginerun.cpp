// The real window on a real run: MainWindow with EngineTimeline (the Engine on its worker thread)
// on the potatoes example. Every stop of every step granularity, forward and back, is checked
// against the core's own record (EventLog, folded by a StateFold of the test's own): the models and
// the loop view must show exactly the core's state. Breakpoints, watches and stopping a run too.

#include "chartspanel.h"
#include "debugsession.h"
#include "enginetimeline.h"
#include "handleitem.h"
#include "iterationstatsmodel.h"
#include "localsmodel.h"
#include "loopview.h"
#include "mainwindow.h"
#include "outputmodel.h"
#include "sourceeditor.h"
#include "tasklistmodel.h"

#include <QAction>
#include <QChart>
#include <QFile>
#include <QLineSeries>
#include <QSlider>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QtTest>
#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>

using namespace loopscope;

namespace {

const QString kPotatoes = QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py");

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

/// A window whose runs are real engine runs with the window's watch expressions.
struct Window {
    MainWindow window;
    Window()
    {
        window.setAnimationDuration(0);
        window.setTimelineFactory([this](const QString& path, const QString& source) -> Timeline* {
            return new EngineTimeline(path, source, window.watchExpressions());
        });
    }
    EngineTimeline* run() const { return qobject_cast<EngineTimeline*>(window.session()->timeline()); }
    /// Waits for the current run to end and lets the session take in every event.
    EngineTimeline* finish()
    {
        EngineTimeline* t = run();
        if (t) t->waitForCompletion();
        return t;
    }
};

/// The step's stop, computed from the core's records alone.
std::optional<uint64_t> expectedStop(const EventLog& log, StateFold& fold, uint64_t from, Granularity g, bool forward)
{
    std::optional<uint64_t> task; // TaskLine: the task whose lines are followed
    if (g == Granularity::TaskLine) {
        const RecordedEvent here = log.event(from);
        const LoopState s = fold.stateAt(from);
        if (here.kind == RecordKind::Line)
            task = here.a;
        else if (s.runningTaskId != 0)
            task = s.runningTaskId;
        else if (here.kind == RecordKind::RunBegin && log.handle(here.a).taskId != 0)
            task = log.handle(here.a).taskId;
    }
    const auto stops = [&](const RecordedEvent& e) {
        switch (g) {
        case Granularity::Event:
            return true;
        case Granularity::Line:
            return e.kind == RecordKind::Line;
        case Granularity::TaskLine:
            return e.kind == RecordKind::Line && (!task || e.a == *task);
        case Granularity::Handle:
            return e.kind == RecordKind::RunBegin;
        case Granularity::Phase:
            return e.kind == RecordKind::PhaseBegin || e.kind == RecordKind::Iteration;
        case Granularity::Iteration:
            return e.kind == RecordKind::Iteration;
        }
        return false;
    };
    if (forward) {
        for (uint64_t i = from + 1; i < log.size(); ++i)
            if (stops(log.event(i))) return i;
    } else {
        for (uint64_t i = from; i-- > 0;)
            if (stops(log.event(i))) return i;
    }
    return std::nullopt;
}

/// Compares everything the window shows at its position with the core's state there.
void checkWindowMatchesCore(MainWindow& window, const EventLog& log, StateFold& fold)
{
    DebugSession* session = window.session();
    const qint64 pos = session->position();
    QVERIFY(pos >= 0 && uint64_t(pos) < log.size());
    const LoopState core = fold.stateAt(size_t(pos));
    const LoopState& gui = session->state();
    const QString where
        = QStringLiteral("at event %1 (%2)").arg(pos).arg(QString::fromStdString(log.describe(log.event(size_t(pos)))));
    const char* at = qPrintable(where);

    QCOMPARE(gui.eventIndex, core.eventIndex);
    QCOMPARE(gui.clock, core.clock);
    QCOMPARE(gui.iteration, core.iteration);
    QCOMPARE(gui.phase, core.phase);
    QCOMPARE(gui.currentLine, core.currentLine);
    QCOMPARE(gui.runningTaskId, core.runningTaskId);

    // The task list model.
    TaskListModel* tasks = session->taskModel();
    QVERIFY2(tasks->rowCount() == int(core.tasks.size()), at);
    for (int r = 0; r < tasks->rowCount(); ++r) {
        const TaskView& t = core.tasks[size_t(r)];
        const QModelIndex i = tasks->index(r);
        QVERIFY2(i.data(TaskListModel::IdRole).toULongLong() == t.id, at);
        QVERIFY2(i.data(TaskListModel::NameRole).toString() == QString::fromStdString(t.name), at);
        QVERIFY2(i.data(TaskListModel::StateRole).toInt() == int(t.state), at);
        QVERIFY2(i.data(TaskListModel::AwaitingRole).toString() == QString::fromStdString(t.awaiting), at);
        const bool running = t.id == core.runningTaskId && t.state == TaskView::State::Running;
        QVERIFY2(i.data(TaskListModel::RunningRole).toBool() == running, at);
    }

    // The loop view: the ready deque head first, the heap in heapq layout, the running handle.
    // Long queues draw their head as cards and count the rest.
    const QList<HandleItem*> ready = window.loopView()->readyCards();
    QVERIFY2(ready.size() == std::min<qsizetype>(qsizetype(core.ready.size()), LoopView::MaxReadyCards), at);
    QVERIFY2(ready.size() + window.loopView()->hiddenReadyCount() == qsizetype(core.ready.size()), at);
    for (qsizetype k = 0; k < ready.size(); ++k) {
        QVERIFY2(ready[k]->handle().id == core.ready[size_t(k)].id, at);
        QVERIFY2(ready[k]->title() == QString::fromStdString(core.ready[size_t(k)].callback), at);
    }
    const QList<HandleItem*> heap = window.loopView()->heapNodes();
    QVERIFY2(heap.size() == std::min<qsizetype>(qsizetype(core.heap.size()), (1 << LoopView::MaxHeapLevels) - 1), at);
    QVERIFY2(heap.size() + window.loopView()->hiddenHeapCount() == qsizetype(core.heap.size()), at);
    for (qsizetype k = 0; k < heap.size(); ++k) {
        QVERIFY2(heap[k]->handle().id == core.heap[size_t(k)].id, at);
        QVERIFY2(heap[k]->handle().when == core.heap[size_t(k)].when, at);
    }
    if (core.running) {
        QVERIFY2(window.loopView()->runningCard(), at);
        QVERIFY2(window.loopView()->runningCard()->handle().id == core.runningHandle.id, at);
    }

    // The console: every line printed up to here, in order.
    std::vector<std::string> printed;
    for (size_t i = 0; i <= size_t(pos); ++i) {
        const RecordedEvent e = log.event(i);
        if (e.kind == RecordKind::Output) printed.push_back(log.string(e.text));
    }
    OutputModel* output = session->outputModel();
    QVERIFY2(output->rowCount() == int(printed.size()), at);
    for (int r = 0; r < output->rowCount(); ++r)
        QVERIFY2(
            output->index(r).data(OutputModel::TextRole).toString() == QString::fromStdString(printed[size_t(r)]), at);

    // The locals of the running task at a line: exactly what the engine reported with that line.
    const RecordedEvent here = log.event(size_t(pos));
    if (here.kind == RecordKind::Line && here.a != 0 && log.hasLocals(size_t(pos)) && session->selectedTask() == 0) {
        const auto locals = log.localsAt(size_t(pos));
        LocalsModel* model = session->localsModel();
        QVERIFY2(model->rowCount() == 1, at);
        const QModelIndex frame = model->index(0, 0);
        QVERIFY2(frame.data().toString().contains(QString::fromStdString(log.string(here.text))), at);
        QVERIFY2(model->rowCount(frame) == int(locals.size()), at);
        for (int r = 0; r < model->rowCount(frame); ++r) {
            QVERIFY2(model->index(r, LocalsModel::NameColumn, frame).data().toString()
                    == QString::fromStdString(locals[size_t(r)].first),
                at);
            QVERIFY2(model->index(r, LocalsModel::ValueColumn, frame).data().toString()
                    == QString::fromStdString(locals[size_t(r)].second),
                at);
        }
    }
    // The status label and slider follow the position.
    QCOMPARE(window.timelineSlider()->value(), int(pos));
}

QString actionName(Granularity g, bool forward)
{
    QString name;
    switch (g) {
    case Granularity::Event:
        name = QStringLiteral("stepEvent");
        break;
    case Granularity::Line:
        name = QStringLiteral("stepLine");
        break;
    case Granularity::TaskLine:
        name = QStringLiteral("stepTaskLine");
        break;
    case Granularity::Handle:
        name = QStringLiteral("stepHandle");
        break;
    case Granularity::Phase:
        name = QStringLiteral("stepPhase");
        break;
    case Granularity::Iteration:
        name = QStringLiteral("stepIteration");
        break;
    }
    return forward ? name : name + QStringLiteral("Back");
}

/// Every position where "continue to breakpoint" stops, from the start to the end of the run.
QList<qint64> breakStops(MainWindow& window)
{
    QList<qint64> stops;
    window.session()->goTo(0);
    if (window.session()->isBreak(window.session()->currentEvent())) stops << 0;
    for (;;) {
        const qint64 before = window.session()->position();
        window.action(QStringLiteral("runToBreakpoint"))->trigger();
        const qint64 after = window.session()->position();
        if (after == before || !window.session()->isBreak(window.session()->currentEvent())) break;
        stops << after;
    }
    return stops;
}

} // namespace

class TestEngineRun : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_enginerun"));
    }

    void stepMatchesCore_data()
    {
        QTest::addColumn<Granularity>("granularity");
        QTest::newRow("event") << Granularity::Event;
        QTest::newRow("handle") << Granularity::Handle;
        QTest::newRow("phase") << Granularity::Phase;
        QTest::newRow("iteration") << Granularity::Iteration;
        QTest::newRow("line") << Granularity::Line;
        QTest::newRow("task line") << Granularity::TaskLine;
    }
    void stepMatchesCore()
    {
        QFETCH(Granularity, granularity);
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* run = w.finish();
        QVERIFY(run && run->isComplete());
        QCOMPARE(run->finishMessage(), QStringLiteral("completed"));
        const EventLog& log = run->log();
        QVERIFY(log.size() > 100);
        QCOMPARE(w.window.session()->timeline()->eventCount(), uint64_t(log.size()));
        StateFold fold(log);
        DebugSession* session = w.window.session();
        QCOMPARE(session->position(), 0);
        checkWindowMatchesCore(w.window, log, fold);
        if (QTest::currentTestFailed()) return;

        // Forward with the window's action until the last stop, checking every stop.
        QList<qint64> forward { 0 };
        for (;;) {
            const qint64 from = session->position();
            const std::optional<uint64_t> expected = expectedStop(log, fold, uint64_t(from), granularity, true);
            w.window.action(actionName(granularity, true))->trigger();
            if (!expected) {
                QCOMPARE(session->position(), from);
                break;
            }
            QCOMPARE(session->position(), qint64(*expected));
            checkWindowMatchesCore(w.window, log, fold);
            if (QTest::currentTestFailed()) return;
            forward << session->position();
        }
        QVERIFY(forward.size() > 3);
        if (granularity == Granularity::Event) {
            // From the first event to the last: the run is over and every line was printed.
            QCOMPARE(session->position(), qint64(log.size()) - 1);
            QVERIFY(session->state().finished);
            QCOMPARE(session->outputModel()->rowCount(), 12 + 15);
        }

        // And back to the start, stop by stop.
        for (;;) {
            const qint64 from = session->position();
            if (from == 0) break;
            const std::optional<uint64_t> expected = expectedStop(log, fold, uint64_t(from), granularity, false);
            w.window.action(actionName(granularity, false))->trigger();
            QCOMPARE(session->position(), expected ? qint64(*expected) : 0);
            checkWindowMatchesCore(w.window, log, fold);
            if (QTest::currentTestFailed()) return;
        }
        QCOMPARE(session->position(), 0);
        QVERIFY(!w.window.action(actionName(granularity, false))->isEnabled());
        QCOMPARE(session->outputModel()->rowCount(), 0);
    }

    void iterationChartsMatchCore()
    {
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* run = w.finish();
        QVERIFY(run && run->isComplete());
        const EventLog& log = run->log();
        StateFold fold(log);
        // One row per _run_once, with the counts the fold has at its Iteration event.
        IterationStatsModel* iterations = w.window.session()->iterationModel();
        int row = 0;
        for (size_t i = 0; i < log.size(); ++i) {
            if (log.event(i).kind != RecordKind::Iteration) continue;
            const LoopState s = fold.stateAt(i);
            const auto cell = [&](int column) { return iterations->index(row, column).data(); };
            QCOMPARE(cell(IterationStatsModel::IterationColumn).toInt(), s.iteration);
            QCOMPARE(cell(IterationStatsModel::ClockColumn).toDouble(), s.clock);
            QCOMPARE(cell(IterationStatsModel::ReadyColumn).toInt(), int(s.ready.size()));
            QCOMPARE(cell(IterationStatsModel::TimersColumn).toInt(), int(s.heap.size()));
            QCOMPARE(cell(IterationStatsModel::EventColumn).toULongLong(), quint64(i));
            ++row;
        }
        QVERIFY(row > 3);
        QCOMPARE(iterations->rowCount(), row);
    }

    void taskLineStaysInItsTask()
    {
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* run = w.finish();
        const EventLog& log = run->log();
        DebugSession* session = w.window.session();
        // The task running buy_tomatos, from the core's record.
        uint64_t tomatoes = 0;
        for (size_t i = 0; i < log.size() && tomatoes == 0; ++i) {
            const RecordedEvent e = log.event(i);
            if (e.kind == RecordKind::Line && log.string(e.text) == "buy_tomatos") tomatoes = e.a;
        }
        QVERIFY(tomatoes != 0);
        // Its first line, then line by line within it: never another task's line, although the
        // potato buyer runs in between.
        QVERIFY(session->stepForward(Granularity::Line));
        while (!(session->currentEvent().kind == EventKind::Line && session->currentEvent().taskId == tomatoes))
            QVERIFY(session->stepForward(Granularity::Line));
        int steps = 0;
        bool otherTaskInBetween = false;
        while (session->stepForward(Granularity::TaskLine) && steps < 40) {
            const qint64 pos = session->position();
            QCOMPARE(session->currentEvent().kind, EventKind::Line);
            QCOMPARE(session->currentEvent().taskId, tomatoes);
            const RecordedEvent e = log.event(size_t(pos));
            QCOMPARE(e.a, tomatoes);
            ++steps;
            const auto line = run->previousStop(uint64_t(pos), Granularity::Line);
            otherTaskInBetween |= line && log.event(size_t(*line)).a != tomatoes;
        }
        QCOMPARE(steps, 40);
        QVERIFY(otherTaskInBetween);
    }

    void lineBreakpointsStopAtEachExecution()
    {
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* run = w.finish();
        const EventLog& log = run->log();
        // Line 66 prints each potato bought; the editor's gutter sets the break condition.
        const int printLine = 66;
        QVERIFY(
            readFile(kPotatoes).split(QLatin1Char('\n')).value(printLine - 1).contains(QLatin1String("add potato")));
        w.window.sourceEditor()->toggleBreakpoint(printLine);
        QCOMPARE(w.window.session()->breakConditions().lines, (QSet<int> { printLine }));
        QList<qint64> expected;
        for (size_t i = 0; i < log.size(); ++i) {
            const RecordedEvent e = log.event(i);
            if (e.kind == RecordKind::Line && e.b == uint64_t(printLine)) expected << qint64(i);
        }
        QCOMPARE(expected.size(), 12);
        const QList<qint64> stops = breakStops(w.window);
        QCOMPARE(stops, expected);
        // Stopped there, the editor shows that line.
        w.window.session()->goTo(stops.first());
        QCOMPARE(w.window.sourceEditor()->currentLine(), printLine);
    }

    void timerAndTaskBreakConditions()
    {
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* run = w.finish();
        const EventLog& log = run->log();

        w.window.action(QStringLiteral("breakOnTimer"))->setChecked(true);
        QList<qint64> dues;
        for (size_t i = 0; i < log.size(); ++i)
            if (log.event(i).kind == RecordKind::Due) dues << qint64(i);
        QVERIFY(!dues.isEmpty());
        QCOMPARE(breakStops(w.window), dues);
        w.window.action(QStringLiteral("breakOnTimer"))->setChecked(false);

        // "Break when Task-2 finishes": its TaskDone and nothing else.
        w.window.session()->breakConditions().taskFinishes = { QStringLiteral("Task-2") };
        QList<qint64> done;
        for (size_t i = 0; i < log.size(); ++i) {
            const RecordedEvent e = log.event(i);
            if (e.kind == RecordKind::TaskDone && log.task(e.a).name == "Task-2") done << qint64(i);
        }
        QCOMPARE(done.size(), 1);
        QCOMPARE(breakStops(w.window), done);
        QCOMPARE(w.window.session()
                     ->taskModel()
                     ->index(w.window.session()->taskModel()->rowOfTask(log.event(size_t(done[0])).a))
                     .data(TaskListModel::StateRole)
                     .toInt(),
            int(TaskView::State::Done));
    }

    void exceptionBreakStopsWhereTheTaskFails()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fails.py"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("import asyncio\n"
                "async def bad():\n"
                "    await asyncio.sleep(1)\n"
                "    raise ValueError('boom')\n"
                "async def main():\n"
                "    t = asyncio.create_task(bad())\n"
                "    try:\n"
                "        await t\n"
                "    except ValueError:\n"
                "        print('caught')\n"
                "asyncio.run(main())\n");
        f.close();
        Window w;
        QVERIFY(w.window.openScenario(path));
        EngineTimeline* run = w.finish();
        QCOMPARE(run->finishMessage(), QStringLiteral("completed"));
        const EventLog& log = run->log();
        w.window.action(QStringLiteral("breakOnException"))->setChecked(true);
        QList<qint64> failures;
        for (size_t i = 0; i < log.size(); ++i) {
            const RecordedEvent e = log.event(i);
            if (e.kind == RecordKind::Error
                || (e.kind == RecordKind::TaskDone && e.b == uint64_t(TaskDoneEvent::Kind::Exception)))
                failures << qint64(i);
        }
        QCOMPARE(failures.size(), 1);
        QCOMPARE(breakStops(w.window), failures);
        w.window.session()->goTo(failures[0]);
        const TaskListModel* tasks = w.window.session()->taskModel();
        const QModelIndex bad = tasks->index(tasks->rowOfTask(log.event(size_t(failures[0])).a));
        QCOMPARE(bad.data(TaskListModel::StateRole).toInt(), int(TaskView::State::Failed));
        QVERIFY(bad.data(TaskListModel::ExceptionRole).toString().contains(QLatin1String("boom")));
        // Line breakpoint on the raise: stops at the line before the task fails.
        w.window.action(QStringLiteral("breakOnException"))->setChecked(false);
        w.window.sourceEditor()->toggleBreakpoint(4);
        const QList<qint64> raise = breakStops(w.window);
        QCOMPARE(raise.size(), 1);
        QVERIFY(raise[0] < failures[0]);
        w.window.session()->goTo(raise[0]);
        QCOMPARE(w.window.session()->state().currentLine, 4);
    }

    void watchesComeFromTheEngine()
    {
        Window w;
        QVERIFY(w.window.openScenario(kPotatoes));
        EngineTimeline* first = w.finish();
        w.window.session()->goTo(200);
        const QStringList watches { QStringLiteral("len(all_potatos)"), QStringLiteral("count"),
            QStringLiteral("nope + 1") };
        for (const QString& e : watches)
            w.window.chartsPanel()->addWatch(e);
        // Adding a watch re-runs the scenario and comes back to the same event.
        EngineTimeline* run = w.finish();
        QVERIFY(run != first);
        QCOMPARE(run->watches(), watches);
        QCOMPARE(w.window.session()->position(), 200);
        const EventLog& log = run->log();

        // The core alone, with the same watches: the value after each event must be the GUI's.
        EventLog coreLog;
        std::vector<std::vector<std::pair<size_t, std::string>>> values(size_t(watches.size()));
        struct Sink {
            EventLog* log;
            std::vector<std::vector<std::pair<size_t, std::string>>>* values;
        } sink { &coreLog, &values };
        Engine engine;
        engine.attach(&coreLog);
        std::vector<std::string> expressions;
        for (const QString& e : watches)
            expressions.push_back(e.toStdString());
        engine.setWatches(
            expressions,
            [](void* ctx, const WatchValue& v) {
                auto* s = static_cast<Sink*>(ctx);
                (*s->values)[v.watch].emplace_back(s->log->size() - 1, v.repr);
            },
            &sink);
        QCOMPARE(engine.run(readFile(kPotatoes).toStdString(), "potatoes.py").status, RunResult::Status::Completed);
        QCOMPARE(coreLog.size(), log.size());
        for (qsizetype k = 0; k < watches.size(); ++k) {
            const auto& samples = values[size_t(k)];
            QVERIFY(!samples.empty());
            size_t next = 0;
            std::string now;
            for (size_t i = 0; i < log.size(); ++i) {
                while (next < samples.size() && samples[next].first <= i)
                    now = samples[next++].second;
                QCOMPARE(run->watchText(watches[k], i), QString::fromStdString(now));
            }
        }
        QCOMPARE(
            run->watchText(QStringLiteral("nope + 1"), 200), QStringLiteral("NameError: name 'nope' is not defined"));

        // The watch list shows the values at the position; the chart plots the numeric ones.
        QStandardItemModel* list = w.window.chartsPanel()->watchValueModel();
        QCOMPARE(list->rowCount(), 3);
        for (int r = 0; r < 3; ++r) {
            QCOMPARE(list->item(r, 0)->text(), watches[r]);
            QCOMPARE(list->item(r, 1)->text(), run->watchText(watches[r], 200));
        }
        w.window.session()->goTo(qint64(log.size()) - 1);
        QCOMPARE(list->item(0, 1)->text(), run->watchText(watches[0], log.size() - 1));
        const QList<QPointF> len = run->watchValues(watches[0]);
        QVERIFY(len.size() > 2);
        QCOMPARE(len.first().y(), 2.0); // Potato.make(2)
        QVERIFY(run->watchValues(watches[2]).isEmpty());
        QStringList plotted;
        for (QAbstractSeries* s : w.window.chartsPanel()->watchChart()->series())
            plotted << s->name();
        QCOMPARE(plotted, (QStringList { watches[0], watches[1] }));

        // Removing a watch re-runs without it.
        w.window.chartsPanel()->removeWatch(watches[2]);
        EngineTimeline* again = w.finish();
        QVERIFY(again != run);
        QCOMPARE(again->watches(), (QStringList { watches[0], watches[1] }));
    }

    void stopEndsALongRun()
    {
        // 100000 loop iterations if nobody stops it (the engine's iteration budget).
        EngineTimeline run(QStringLiteral("spin.py"),
            QStringLiteral("import asyncio\nasync def spin():\n    while True:\n        await "
                           "asyncio.sleep(0)\nasyncio.run(spin())\n"));
        run.stop();
        run.waitForCompletion();
        QCOMPARE(run.finishMessage(), QStringLiteral("stopped"));
        QVERIFY(run.isComplete());
    }
};

QTEST_MAIN(TestEngineRun)
#include "tst_enginerun.moc"
