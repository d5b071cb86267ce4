// Timeline stops, ScriptedTimeline and DebugSession: stepping, running, run-to, break conditions.

#include <QtTest>

#include "debugsession.h"
#include "gui/scriptfixtures.h"

using namespace loopscope;

class TestDebugSession : public QObject {
    Q_OBJECT

private slots:
    void scriptedTimelineRecordsStates()
    {
        ScriptedTimeline t;
        QSignalSpy appended(&t, &Timeline::eventsAppended);
        t.state().clock = 1.5;
        t.record(EventKind::Output, QStringLiteral("hello"));
        t.state().clock = 2.5;
        t.recordLine(7);
        QCOMPARE(t.eventCount(), 2u);
        QCOMPARE(appended.count(), 2);
        QCOMPARE(t.stateAt(0).clock, 1.5);
        QCOMPARE(t.stateAt(1).eventIndex, 1u);
        QCOMPARE(t.stateAt(1).currentLine, 7);
        QCOMPARE(t.event(1).kind, EventKind::Line);
        QCOMPARE(t.event(1).line, 7);
        QCOMPARE(t.output(0).size(), size_t(1));
        QCOMPARE(t.output(0).front().text, std::string("hello"));
        QCOMPARE(t.output(0).front().clock, 1.5);
        QVERIFY(!t.isComplete());
        QSignalSpy done(&t, &Timeline::completed);
        t.complete();
        QVERIFY(t.isComplete());
        QCOMPARE(done.count(), 1);
    }

    void stopsFollowGranularity()
    {
        ScriptedTimeline t;
        test::buildPotatoes(t);
        // The first RunBegin after the start is "run __step Task-1".
        const auto handle = t.nextStop(0, Granularity::Handle);
        QVERIFY(handle);
        QCOMPARE(t.event(*handle).text, QStringLiteral("run __step Task-1"));
        const auto iter = t.nextStop(0, Granularity::Iteration);
        QVERIFY(iter);
        QCOMPARE(t.event(*iter).kind, EventKind::Iteration);
        const auto phase = t.nextStop(*iter, Granularity::Phase);
        QVERIFY(phase);
        QCOMPARE(t.event(*phase).kind, EventKind::Phase);
        QCOMPARE(t.nextStop(*iter, Granularity::Event), std::optional<uint64_t>(*iter + 1));
        const auto line = t.nextStop(0, Granularity::Line);
        QVERIFY(line);
        QCOMPARE(t.event(*line).line, 64);
        QCOMPARE(t.previousStop(*line, Granularity::Iteration), iter);
        QVERIFY(!t.previousStop(*iter, Granularity::Iteration));
        QVERIFY(!t.nextStop(t.eventCount() - 1, Granularity::Event));
    }

    void steppingShowsTheStateAtEachIndex()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        QSignalSpy moved(&session, &DebugSession::positionChanged);
        QCOMPARE(session.position(), 0);
        QVERIFY(session.stepForward(Granularity::Handle));
        QCOMPARE(moved.count(), 1);
        const qint64 first = session.position();
        QCOMPARE(session.state().eventIndex, uint64_t(first));
        QVERIFY(session.state().running);
        QVERIFY(session.stepForward(Granularity::Handle));
        QCOMPARE(session.currentEvent().text, QStringLiteral("run __step Task-2"));
        QVERIFY(session.stepBackward(Granularity::Handle));
        QCOMPARE(session.position(), first);
        QCOMPARE(session.previousState().ready.size(), size_t(1)); // at Task-2's step only Task-3's __step waited
        session.reset();
        QCOMPARE(session.position(), 0);
        QVERIFY(!session.stepBackward(Granularity::Event));
    }

    void runToLineTimeAndBreakpoints()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        const auto marks = test::buildPotatoes(*t);
        t->complete();
        session.setTimeline(t);
        QSignalSpy stopped(&session, &DebugSession::stopped);

        session.runToLine(34);
        QCOMPARE(session.currentEvent().kind, EventKind::Line);
        QCOMPARE(session.currentEvent().line, 34);
        QCOMPARE(stopped.count(), 1);

        session.runToTime(2.0);
        QVERIFY(session.state().clock >= 2.0);
        QVERIFY(session.timeline()->stateAt(uint64_t(session.position() - 1)).clock < 2.0);

        session.reset();
        session.breakConditions().timerFires = true;
        session.runToBreakpoint();
        QCOMPARE(session.position(), qint64(marks.firstDue));
        session.breakConditions().timerFires = false;

        session.reset();
        session.breakConditions().taskFinishes.insert(QStringLiteral("Task-1"));
        session.runToBreakpoint();
        QCOMPARE(session.currentEvent().kind, EventKind::TaskDone);
        QCOMPARE(session.currentEvent().taskId, 1u);

        // No more matches: the run ends at the last event.
        session.runToBreakpoint();
        QCOMPARE(session.position(), qint64(t->eventCount()) - 1);
        QCOMPARE(stopped.last().at(0).toString(), QStringLiteral("end of run"));
    }

    void exceptionBreaksOnFailedTasks()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        TaskView task;
        task.id = 1;
        task.name = "Task-1";
        task.state = TaskView::State::Failed;
        task.exception = "ValueError: bad";
        t->record(EventKind::Soon, QStringLiteral("soon x"));
        t->state().tasks = { task };
        t->record(EventKind::TaskDone, QStringLiteral("done Task-1 exception ValueError"), 1);
        session.setTimeline(t);
        session.runToBreakpoint();
        QCOMPARE(session.position(), 1); // end of run, not a break
        session.reset();
        session.breakConditions().exception = true;
        QVERIFY(session.isBreak(t->event(1)));
        QVERIFY(!session.isBreak(t->event(0)));
    }

    void runToWaitsForTheEngine()
    {
        // The engine runs ahead: a run-to that finds nothing yet resumes when events arrive.
        DebugSession session;
        auto* t = new ScriptedTimeline;
        t->record(EventKind::Soon, QStringLiteral("soon a"));
        session.setTimeline(t);
        session.runToLine(5);
        QCOMPARE(session.position(), 0);
        t->recordLine(3);
        QCOMPARE(session.position(), 1);
        t->recordLine(5);
        QCOMPARE(session.position(), 2);
        QCOMPARE(session.currentEvent().line, 5);
    }

    void runTicksUntilABreakpoint()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        t->complete();
        session.setTimeline(t);
        session.breakConditions().lines.insert(29);
        session.setRunRate(1000);
        QSignalSpy stopped(&session, &DebugSession::stopped);
        session.run();
        QVERIFY(session.isRunning());
        QVERIFY(stopped.wait(10000));
        QVERIFY(!session.isRunning());
        QCOMPARE(session.currentEvent().line, 29);
    }
};

QTEST_MAIN(TestDebugSession)
#include "tst_debugsession.moc"
