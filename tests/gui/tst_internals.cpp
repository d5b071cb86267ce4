// AsyncioSource and InternalsPanel: functions found by `def name(`, phases and __step branches
// mapped by their statements, Loopscope's outline when no CPython is there, what follows execution.

#include <QtTest>

#include "asynciosource.h"
#include "internalspanel.h"
#include "sourceeditor.h"

#include <QTemporaryDir>

using namespace loopscope;

namespace {
// A made-up asyncio package: only the statements the panel searches for are real; the rest is
// filler so that the search cannot rely on line numbers.
const char* FakeBaseEvents = R"(# fake base_events
import heapq

def _run_until_complete_cb(fut):
    fut.get_loop().stop()


class BaseEventLoop:
    def run_forever(self):
        while True:
            self._run_once()

    def run_until_complete(self, future):
        self.run_forever()
        return future.result()

    def _run_once(self):
        """Doc."""
        # sched_count = len(self._scheduled) appears in a comment first
        sched_count = len(self._scheduled)
        if sched_count > 100:
            pass

        timeout = None
        if self._ready:
            timeout = 0

        event_list = self._selector.select(timeout)
        self._process_events(event_list)
        event_list = None

        end_time = self.time() + self._clock_resolution
        while self._scheduled:
            handle = heapq.heappop(self._scheduled)
            self._ready.append(handle)

        ntodo = len(self._ready)
        for i in range(ntodo):
            handle = self._ready.popleft()
            handle._run()
        handle = None

    def after(self):
        pass
)";

const char* FakeTasks = R"(# fake tasks
class Task:
    def __step(self, exc=None):
        coro = self._coro
        # coro.send(None) is mentioned here too
        try:
            result = coro.send(None)
        except StopIteration as exc:
            super().set_result(exc.value)
        except exceptions.CancelledError as exc:
            super().cancel()
        except BaseException as exc:
            super().set_exception(exc)
        else:
            if blocking:
                result.add_done_callback(
                    self.__wakeup, context=self._context)
            elif result is None:
                self._loop.call_soon(self.__step)

    def __wakeup(self, future):
        self.__step()


async def wait(fs):
    return await _wait(fs)


async def _wait(fs):
    def _on_completion(f):
        pass
    return fs
)";

const char* FakeFutures = R"(# fake futures
class Future:
    def __await__(self):
        yield self


def _set_result_unless_cancelled(fut, result):
    fut.set_result(result)
)";

int lineOf(const char* text, const QString& needle, int from = 1)
{
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'));
    for (int i = from - 1; i < lines.size(); ++i) {
        if (lines[i].contains(needle) && !lines[i].trimmed().startsWith(QLatin1Char('#')))
            return i + 1;
    }
    return 0;
}

void write(const QString& path, const char* text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}
} // namespace

class TestInternals : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        write(m_dir.filePath(QStringLiteral("base_events.py")), FakeBaseEvents);
        write(m_dir.filePath(QStringLiteral("tasks.py")), FakeTasks);
        write(m_dir.filePath(QStringLiteral("futures.py")), FakeFutures);
    }

    void findsFunctionsByTheirDef()
    {
        AsyncioSource source;
        QVERIFY(!source.isLoaded());
        QVERIFY(!source.loadDirectory(QDir::tempPath() + QStringLiteral("/no-such-asyncio")));
        QVERIFY(source.loadDirectory(m_dir.path()));
        const FunctionSource f = source.function(QStringLiteral("base_events.py"), QStringLiteral("_run_once"));
        QVERIFY(f.isValid());
        QCOMPARE(f.firstLine, lineOf(FakeBaseEvents, QStringLiteral("def _run_once(")));
        QVERIFY(f.lines.first().contains(QStringLiteral("def _run_once(")));
        QCOMPARE(f.lines.last().trimmed(), QStringLiteral("handle = None"));
        QVERIFY(source.function(QStringLiteral("tasks.py"), QStringLiteral("_wait")).lines.first().contains(QStringLiteral("async def _wait(")));
        QVERIFY(source.function(QStringLiteral("tasks.py"), QStringLiteral("_on_completion")).isValid());
        QVERIFY(!source.function(QStringLiteral("tasks.py"), QStringLiteral("nothing_here")).isValid());
    }

    void mapsPhasesByTheirStatements()
    {
        AsyncioSource source;
        QVERIFY(source.loadDirectory(m_dir.path()));
        const int def = lineOf(FakeBaseEvents, QStringLiteral("def _run_once("));
        const LineRange purge = source.phaseLines(LoopPhase::PurgeCancelled);
        QCOMPARE(purge.first, lineOf(FakeBaseEvents, QStringLiteral("sched_count = len(self._scheduled)"), def));
        QCOMPARE(purge.last, lineOf(FakeBaseEvents, QStringLiteral("pass"), def));
        QCOMPARE(source.phaseLines(LoopPhase::ComputeTimeout).first, lineOf(FakeBaseEvents, QStringLiteral("timeout = None")));
        const LineRange select = source.phaseLines(LoopPhase::Select);
        QCOMPARE(select.first, lineOf(FakeBaseEvents, QStringLiteral("self._selector.select(timeout)")));
        QCOMPARE(select.last, select.first);
        QCOMPARE(source.phaseLines(LoopPhase::ProcessEvents).first, lineOf(FakeBaseEvents, QStringLiteral("self._process_events")));
        QCOMPARE(source.phaseLines(LoopPhase::MoveDueTimers).first, lineOf(FakeBaseEvents, QStringLiteral("end_time = self.time()")));
        const LineRange run = source.phaseLines(LoopPhase::RunReady);
        QCOMPARE(run.first, lineOf(FakeBaseEvents, QStringLiteral("ntodo = len(self._ready)")));
        QCOMPARE(run.last, lineOf(FakeBaseEvents, QStringLiteral("handle = None")));
        QVERIFY(!source.phaseLines(LoopPhase::Idle).isValid());
    }

    void mapsStepBranches()
    {
        AsyncioSource source;
        QVERIFY(source.loadDirectory(m_dir.path()));
        const LineRange send = source.stepBranchLines(StepBranch::Send);
        QCOMPARE(send.first, lineOf(FakeTasks, QStringLiteral("try:")));
        QCOMPARE(send.last, lineOf(FakeTasks, QStringLiteral("result = coro.send(None)")));
        const LineRange stop = source.stepBranchLines(StepBranch::StopIteration);
        QCOMPARE(stop.first, lineOf(FakeTasks, QStringLiteral("except StopIteration")));
        QCOMPARE(stop.last, stop.first + 1);
        const LineRange blocking = source.stepBranchLines(StepBranch::BlockingFuture);
        QCOMPARE(blocking.first, lineOf(FakeTasks, QStringLiteral("result.add_done_callback(")));
        QCOMPARE(blocking.last, blocking.first + 1); // its continuation line belongs to it
        QCOMPARE(source.stepBranchLines(StepBranch::BareYield).first, lineOf(FakeTasks, QStringLiteral("elif result is None")));
        QCOMPARE(source.stepBranchLines(StepBranch::Cancelled).first, lineOf(FakeTasks, QStringLiteral("CancelledError")));
        QCOMPARE(source.stepBranchLines(StepBranch::Exception).first, lineOf(FakeTasks, QStringLiteral("except BaseException")));
    }

    void findsTheInstalledCPython()
    {
        AsyncioSource source;
        QSignalSpy located(&source, &AsyncioSource::located);
        source.locate(QStringLiteral("python3"), 20000);
        QVERIFY(located.wait(30000));
        if (!located.first().first().toBool())
            QSKIP("no python3 with asyncio on this machine");
        // Every phase of the real _run_once is found, in order, inside the function.
        const FunctionSource f = source.function(QStringLiteral("base_events.py"), QStringLiteral("_run_once"));
        QVERIFY(f.isValid());
        int previous = f.firstLine;
        for (LoopPhase p : { LoopPhase::PurgeCancelled, LoopPhase::ComputeTimeout, LoopPhase::Select, LoopPhase::ProcessEvents,
                 LoopPhase::MoveDueTimers, LoopPhase::RunReady }) {
            const LineRange r = source.phaseLines(p);
            QVERIFY2(r.isValid(), qPrintable(QString::number(int(p))));
            QVERIFY(r.first > previous);
            QVERIFY(r.last < f.firstLine + f.lines.size());
            previous = r.last;
        }
        for (StepBranch b : { StepBranch::Send, StepBranch::StopIteration, StepBranch::Cancelled, StepBranch::Exception,
                 StepBranch::BlockingFuture, StepBranch::BareYield })
            QVERIFY(source.stepBranchLines(b).isValid());
        QVERIFY(source.versionText().startsWith(QStringLiteral("CPython 3.")));
    }

    void focusFollowsExecution()
    {
        LoopState s;
        EventInfo e;
        QCOMPARE(internalsFocus(s, e).function, AsyncioFunction::RunUntilComplete);
        s.phase = LoopPhase::Select;
        e.kind = EventKind::Select;
        QCOMPARE(internalsFocus(s, e), (InternalsFocus { AsyncioFunction::RunOnce, LoopPhase::Select, std::nullopt }));

        TaskView t;
        t.id = 1;
        t.name = "Task-1";
        t.coro = "main";
        t.state = TaskView::State::Running;
        s.tasks = { t };
        s.phase = LoopPhase::RunReady;
        s.running = true;
        s.runningTaskId = 1;
        s.runningHandle.callback = "__step";
        s.runningHandle.task = "Task-1";
        e.kind = EventKind::RunBegin;
        e.taskId = 1;
        QCOMPARE(internalsFocus(s, e), (InternalsFocus { AsyncioFunction::TaskStep, LoopPhase::Idle, StepBranch::Send }));

        // After the step: parked on a future → the blocking-future branch; done → StopIteration.
        s.tasks.mutate(0).state = TaskView::State::Suspended;
        e.kind = EventKind::RunEnd;
        e.text = QStringLiteral("end __step Task-1");
        QCOMPARE(internalsFocus(s, e).branch, std::optional(StepBranch::BlockingFuture));
        s.tasks.mutate(0).state = TaskView::State::Scheduled;
        QCOMPARE(internalsFocus(s, e).branch, std::optional(StepBranch::BareYield));
        s.tasks.mutate(0).state = TaskView::State::Done;
        e.kind = EventKind::TaskDone;
        QCOMPARE(internalsFocus(s, e).branch, std::optional(StepBranch::StopIteration));
        s.tasks.mutate(0).state = TaskView::State::Failed;
        QCOMPARE(internalsFocus(s, e).branch, std::optional(StepBranch::Exception));

        e = EventInfo {};
        e.kind = EventKind::RunBegin;
        s.runningTaskId = 0;
        s.runningHandle.callback = "_on_completion";
        QCOMPARE(internalsFocus(s, e).function, AsyncioFunction::OnCompletion);
        s.runningHandle.callback = "__wakeup";
        QCOMPARE(internalsFocus(s, e).function, AsyncioFunction::TaskWakeup);
        s.runningHandle.callback = "say_hello";
        QCOMPARE(internalsFocus(s, e), (InternalsFocus { AsyncioFunction::RunOnce, LoopPhase::RunReady, std::nullopt }));
    }

    void panelShowsCPythonTextWithThePhaseLit()
    {
        InternalsPanel panel;
        QVERIFY(panel.source()->loadDirectory(m_dir.path()));
        panel.showFocus(InternalsFocus { AsyncioFunction::RunOnce, LoopPhase::MoveDueTimers, std::nullopt });
        QVERIFY(panel.showsCPython());
        SourceEditor* editor = panel.editor();
        const int def = lineOf(FakeBaseEvents, QStringLiteral("def _run_once("));
        QCOMPARE(editor->firstLineNumber(), def);
        QVERIFY(editor->toPlainText().startsWith(QStringLiteral("    def _run_once(")));
        const LineRange due = panel.source()->phaseLines(LoopPhase::MoveDueTimers);
        QCOMPARE(editor->highlightedLines(), qMakePair(due.first - def + 1, due.last - def + 1));
        QVERIFY(editor->isReadOnly());
    }

    void panelFallsBackToTheOutline()
    {
        InternalsPanel panel; // nothing located: Loopscope's own outline
        QVERIFY(!panel.showsCPython());
        panel.showFocus(InternalsFocus { AsyncioFunction::RunOnce, LoopPhase::Select, std::nullopt });
        const QStringList lines = panel.editor()->toPlainText().split(QLatin1Char('\n'));
        const auto [first, last] = panel.editor()->highlightedLines();
        QVERIFY(first > 0);
        QVERIFY(lines[first - 1].contains(QStringLiteral("select")));
        QVERIFY(!panel.editor()->toPlainText().contains(QStringLiteral("#@")));
        for (AsyncioFunction f : { AsyncioFunction::RunUntilComplete, AsyncioFunction::RunForever, AsyncioFunction::TaskStep,
                 AsyncioFunction::TaskWakeup, AsyncioFunction::FutureAwait, AsyncioFunction::Wait, AsyncioFunction::InnerWait }) {
            panel.showFocus(InternalsFocus { f, LoopPhase::Idle, std::nullopt });
            QVERIFY2(!panel.editor()->toPlainText().isEmpty(), qPrintable(InternalsPanel::title(f)));
        }
        panel.showFocus(InternalsFocus { AsyncioFunction::TaskStep, LoopPhase::Idle, StepBranch::BlockingFuture });
        const auto [bFirst, bLast] = panel.editor()->highlightedLines();
        QVERIFY(bFirst > 0 && bLast >= bFirst);
        QVERIFY(panel.editor()->toPlainText().split(QLatin1Char('\n'))[bFirst - 1].contains(QStringLiteral("future")));
    }
};

QTEST_MAIN(TestInternals)
#include "tst_internals.moc"
