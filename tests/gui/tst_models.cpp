// The models: QAbstractItemModelTester on each, and stepping makes them show exactly the LoopState
// at the current index.

#include <QtTest>

#include "debugsession.h"
#include "eventlistmodel.h"
#include "futurelistmodel.h"
#include "gui/scriptfixtures.h"
#include "iterationstatsmodel.h"
#include "localsmodel.h"
#include "outputmodel.h"
#include "taskactivitymodel.h"
#include "tasklistmodel.h"

#include <QAbstractItemModelTester>

using namespace loopscope;

class TestModels : public QObject {
    Q_OBJECT

private:
    /// Attaches a fatal tester to every model of `session`.
    void testAll(DebugSession& session)
    {
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*> { session.taskModel(), session.futureModel(),
                 session.eventModel(), session.outputModel(), session.localsModel(), session.iterationModel(), session.activityModel() })
            new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, &session);
    }

    void compareTasks(const TaskListModel& model, const LoopState& state)
    {
        QCOMPARE(model.rowCount(), int(state.tasks.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            const TaskView& t = state.tasks[size_t(row)];
            const QModelIndex i = model.index(row);
            QCOMPARE(i.data(TaskListModel::IdRole).toULongLong(), t.id);
            QCOMPARE(i.data(TaskListModel::NameRole).toString(), QString::fromStdString(t.name));
            QCOMPARE(i.data(TaskListModel::StateRole).toInt(), int(t.state));
            QCOMPARE(i.data(TaskListModel::AwaitingIdRole).toULongLong(), t.awaitingId);
            QCOMPARE(i.data(TaskListModel::LineRole).toInt(), t.frames.empty() ? 0 : t.frames.back().line);
            QCOMPARE(i.data(TaskListModel::DoneCallbacksRole).toStringList().size(), qsizetype(t.doneCallbacks.size()));
        }
    }

private slots:
    void everyStepMatchesTheTimeline()
    {
        DebugSession session;
        testAll(session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        t->complete();
        session.setTimeline(t);
        QCOMPARE(session.eventModel()->rowCount(), int(t->eventCount()));

        // Forward through every event, then back: the models always show stateAt(position).
        const auto check = [&] {
            const LoopState expected = t->stateAt(uint64_t(session.position()));
            compareTasks(*session.taskModel(), expected);
            QCOMPARE(session.futureModel()->rowCount(), int(expected.futures.size()));
            QCOMPARE(session.outputModel()->rowCount(), int(t->output(uint64_t(session.position())).size()));
            QCOMPARE(session.state().ready.size(), expected.ready.size());
            QCOMPARE(session.state().heap.size(), expected.heap.size());
        };
        check();
        while (session.stepForward(Granularity::Event))
            check();
        QCOMPARE(session.position(), qint64(t->eventCount()) - 1);
        while (session.stepBackward(Granularity::Handle))
            check();
        check();
    }

    void outputShowsVirtualTimestamps()
    {
        DebugSession session;
        testAll(session);
        auto* t = new ScriptedTimeline;
        const auto marks = test::buildPotatoes(*t);
        session.setTimeline(t);
        session.goTo(qint64(marks.onCompletionRunning));
        const int rows = session.outputModel()->rowCount();
        QVERIFY(rows > 10);
        QCOMPARE(session.outputModel()->index(rows - 1).data().toString(), QStringLiteral("[4.000] add tomato 7, left on shelf 0"));
        QCOMPARE(session.outputModel()->index(0).data(OutputModel::ClockRole).toDouble(), 0.0);
        session.goTo(0);
        QCOMPARE(session.outputModel()->rowCount(), 0);
    }

    void eventModelGrowsAndMarksTheCurrentEvent()
    {
        DebugSession session;
        testAll(session);
        auto* t = new ScriptedTimeline;
        session.setTimeline(t);
        QCOMPARE(session.eventModel()->rowCount(), 0);
        QCOMPARE(session.position(), -1);
        t->record(EventKind::Soon, QStringLiteral("soon __step Task-1"));
        QCOMPARE(session.eventModel()->rowCount(), 1);
        QCOMPARE(session.position(), 0); // the first event arrives: the session shows it
        t->record(EventKind::Iteration, QStringLiteral("iter 1 ready=1 timers=0"));
        QCOMPARE(session.eventModel()->rowCount(), 2);
        const QModelIndex text = session.eventModel()->index(1, EventListModel::TextColumn);
        QCOMPARE(text.data().toString(), QStringLiteral("iter 1 ready=1 timers=0"));
        QCOMPARE(session.eventModel()->index(1, EventListModel::KindColumn).data().toString(), QStringLiteral("iteration"));
        QVERIFY(session.eventModel()->index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        session.goTo(1);
        QVERIFY(!session.eventModel()->index(0, 0).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(session.eventModel()->index(1, 0).data(Qt::FontRole).value<QFont>().bold());
    }

    void localsShowFramesOfTheSelectedTask()
    {
        DebugSession session;
        testAll(session);
        auto* t = new ScriptedTimeline;
        const auto marks = test::buildPotatoes(*t);
        session.setTimeline(t);
        session.goTo(qint64(marks.firstDue));
        session.selectTask(1);
        LocalsModel* locals = session.localsModel();
        QCOMPARE(locals->rowCount(), 3);
        QCOMPARE(locals->index(0, LocalsModel::NameColumn).data().toString(), QStringLiteral("buy_potatos"));
        QCOMPARE(locals->index(2, LocalsModel::NameColumn).data().toString(), QStringLiteral("ask_for_potatos"));
        QCOMPARE(locals->index(2, LocalsModel::ValueColumn).data().toString(), QStringLiteral("line 29"));
        const QModelIndex taker = locals->index(1, 0);
        QCOMPARE(locals->rowCount(taker), 2);
        QCOMPARE(locals->index(1, LocalsModel::ValueColumn, taker).data().toString(), QStringLiteral("2"));
        QCOMPARE(locals->parent(locals->index(1, 0, taker)), taker);
        session.selectTask(99);
        QCOMPARE(locals->rowCount(), 0);
    }

    void iterationStatsAndActivity()
    {
        DebugSession session;
        testAll(session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        IterationStatsModel* stats = session.iterationModel();
        QCOMPARE(stats->rowCount(), 6);
        // iter 1 ready=3 timers=0, iter 2 ready=0 timers=2 (as in the canonical potatoes trace).
        QCOMPARE(stats->index(0, IterationStatsModel::ReadyColumn).data().toInt(), 3);
        QCOMPARE(stats->index(0, IterationStatsModel::TimersColumn).data().toInt(), 0);
        QCOMPARE(stats->index(1, IterationStatsModel::ReadyColumn).data().toInt(), 0);
        QCOMPARE(stats->index(1, IterationStatsModel::TimersColumn).data().toInt(), 2);
        QCOMPARE(stats->index(2, IterationStatsModel::ClockColumn).data().toDouble(), 2.0);

        TaskActivityModel* activity = session.activityModel();
        QCOMPARE(activity->laneNames(), (QStringList { "Task-1", "Task-2", "Task-3" }));
        // Task-1: scheduled, running, suspended … done; its last segment is Done.
        int lastTask1 = -1;
        for (int r = 0; r < activity->rowCount(); ++r) {
            if (activity->index(r, 0).data(TaskActivityModel::TaskIdRole).toULongLong() == 1)
                lastTask1 = r;
        }
        QVERIFY(lastTask1 >= 0);
        QCOMPARE(activity->index(lastTask1, 0).data(TaskActivityModel::StateRole).toInt(), int(TaskView::State::Done));
        QCOMPARE(activity->index(0, TaskActivityModel::StateColumn).data().toString(), QStringLiteral("scheduled"));
        // Segments of one task do not overlap and follow each other.
        qulonglong previousEnd = 0;
        for (int r = 0; r < activity->rowCount(); ++r) {
            if (activity->index(r, 0).data(TaskActivityModel::TaskIdRole).toULongLong() != 1)
                continue;
            const auto from = activity->index(r, TaskActivityModel::FromEventColumn).data().toULongLong();
            QVERIFY(from >= previousEnd);
            previousEnd = activity->index(r, TaskActivityModel::ToEventColumn).data().toULongLong();
        }
    }

    void modelsSurviveGrowthAndReplacement()
    {
        DebugSession session;
        testAll(session);
        auto* first = new ScriptedTimeline;
        session.setTimeline(first);
        test::buildPotatoes(*first); // grows while watched
        QCOMPARE(session.eventModel()->rowCount(), int(first->eventCount()));
        QCOMPARE(session.iterationModel()->rowCount(), 6);
        auto* second = new ScriptedTimeline;
        test::buildDeepHeap(*second, 5);
        session.setTimeline(second);
        QCOMPARE(session.eventModel()->rowCount(), 5);
        QCOMPARE(session.taskModel()->rowCount(), 0);
        session.setTimeline(nullptr);
        QCOMPARE(session.eventModel()->rowCount(), 0);
        QCOMPARE(session.position(), -1);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
