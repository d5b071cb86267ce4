#pragma once
// Timeline: what the GUI knows about a run. The engine runs ahead on a worker thread and the
// Timeline answers "what did the loop look like at event i"; every view draws from that answer.

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/loopstate.h>

#include <QList>
#include <QObject>
#include <QPointF>
#include <QString>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace loopscope {

/// What kind of thing happened at one event (the canonical trace's vocabulary plus the debugger's).
enum class EventKind : uint8_t {
    TaskCreated, ///< `task Task-1 coro=main`
    Soon, ///< a Handle appended to the ready deque
    Timer, ///< a TimerHandle pushed on the heap
    Cancel, ///< a TimerHandle on the heap cancelled
    Iteration, ///< `_run_once` number n starts
    Phase, ///< `_run_once` enters one of its phases
    Select, ///< the selector is polled (the clock may jump)
    Due, ///< a TimerHandle moves from the heap to the ready deque
    Skip, ///< a cancelled Handle popped from the ready deque and not run
    RunBegin, ///< a Handle's callback starts
    RunEnd, ///< a Handle's callback returned
    TaskDone, ///< a Task became done (result, cancelled or exception)
    Output, ///< one printed line
    Line, ///< the VM reached a new source line
    Error, ///< an exception escaped the program's top level
    Deadlock, ///< select(None) with nothing ready and no timers: the run ends
    Purge, ///< cancelled timers removed from the heap (head pops or the bulk rebuild)
    Clock, ///< the virtual clock moved
    TaskStep, ///< Task.__step begins driving its coroutine
    TaskSuspend, ///< Task.__step ends: parked on a future, rescheduled, or finished
    Future, ///< a plain Future changed state
    Callback, ///< a done callback was added to or removed from a future
    Loop, ///< run_forever started or returned
};

/// Short lowercase name of an event kind ("task-created", "run-begin", …), for lists and filters.
QString eventKindName(EventKind kind);

/// One event as the event list shows it.
struct EventInfo {
    uint64_t index = 0;
    double clock = 0.0;
    EventKind kind = EventKind::Soon;
    QString text; ///< one line: "run __step Task-1", "due _set_result_unless_cancelled" …
    QString file; ///< Line events (and errors when known): the source file
    int line = 0; ///< Line events: the line reached (1-based), else 0
    uint64_t taskId = 0; ///< the task concerned (created, done, running), or 0
    uint64_t handleId = 0; ///< the handle concerned (soon, timer, due, run …), or 0
};

/// The loop at the start of one `_run_once` (an Iteration event): the iteration charts' input.
struct IterationStart {
    uint64_t index = 0; ///< the Iteration event
    int iteration = 0;
    double clock = 0.0;
    int ready = 0; ///< length of the ready deque
    int timers = 0; ///< size of the timer heap (cancelled timers included)
};

/// How far one step goes.
enum class Granularity : uint8_t {
    Event, ///< the next event of any kind
    Line, ///< the next Line event anywhere (across task switches)
    Handle, ///< the next callback that starts running (RunBegin)
    Phase, ///< the next `_run_once` phase (Phase or Iteration)
    Iteration, ///< the next `_run_once`
    TaskLine, ///< the next Line event of the same task (see Timeline::lineTask)
};

/// A task's state as of one task-changing event (the task-lane chart's input).
struct TaskStateSample {
    uint64_t index = 0; ///< the event
    double clock = 0.0; ///< its clock
    uint64_t taskId = 0;
    TaskView::State state = TaskView::State::Scheduled;
    QString name; ///< the task's name then
};

/// True for the events after which the task-lane chart samples task states.
bool samplesTaskStates(EventKind kind);

/// A run as a sequence of events and the loop's state after each.
///
/// Positions are event indices: `stateAt(i)` is the picture just after event `i` happened, for
/// `0 <= i < eventCount()`. Implementations may grow while the GUI watches (the engine runs
/// ahead on a worker thread); they announce growth with `eventsAppended` on the GUI thread
/// (emit it through a queued connection from the worker) and every method is called from the GUI
/// thread only, so an implementation guards the worker's buffer itself. Events never change once
/// announced. `stateAt` is called for the current position on every step, and by the chart
/// models through the default taskStateSamples() for timelines without a log: keep fold
/// checkpoints so that it need not replay from event 0.
///
/// The GUI never computes loop behaviour itself: everything on screen is drawn from stateAt()
/// and event(). MainWindow::setTimelineFactory() is where a run of the real engine is plugged in.
class Timeline : public QObject {
    Q_OBJECT
public:
    explicit Timeline(QObject* parent = nullptr);
    ~Timeline() override;

    /// Number of events known so far.
    virtual uint64_t eventCount() const = 0;
    /// True once the run has ended (no more events will be appended).
    virtual bool isComplete() const = 0;
    /// The loop just after event `index` (0 <= index < eventCount()).
    virtual LoopState stateAt(uint64_t index) const = 0;
    /// Event `index` (0 <= index < eventCount()).
    virtual EventInfo event(uint64_t index) const = 0;
    /// Everything printed by events 0..upToIndex inclusive, in order.
    virtual std::vector<OutputLine> output(uint64_t upToIndex) const = 0;
    /// (virtual clock, value) samples of a watch expression over the run; empty when unknown.
    virtual QList<QPointF> watchValues(const QString& expression) const;
    /// The watch expression's value (its repr, or the exception text) as of event `index`; empty when unknown.
    virtual QString watchText(const QString& expression, uint64_t index) const;

    /// For each event in [begin, end) that samplesTaskStates(), the tasks of stateAt(event) whose
    /// state differs from the previous sample (a task's first sample is its creation); in event
    /// order, tasks in creation order. Calls must follow on from each other or restart at 0.
    /// The default folds stateAt() at each such event; log-backed timelines read the log once.
    virtual std::vector<TaskStateSample> taskStateSamples(uint64_t begin, uint64_t end) const;

    /// The Iteration events in [begin, end), each with the loop's counts at it. The default folds
    /// stateAt() at each; log-backed timelines read the counts the loop recorded with the event.
    virtual std::vector<IterationStart> iterationStarts(uint64_t begin, uint64_t end) const;

    /// The first event after `index` that a step of `granularity` stops at, if known yet.
    virtual std::optional<uint64_t> nextStop(uint64_t index, Granularity granularity) const;
    /// The last event before `index` that a step of `granularity` stops at, if any.
    virtual std::optional<uint64_t> previousStop(uint64_t index, Granularity granularity) const;

    /// True when a step of `granularity` stops at `event` (TaskLine: any Line event; see lineTask).
    static bool stopsAt(const EventInfo& event, Granularity granularity);
    /// The task whose lines a TaskLine step from `index` follows: the Line event's task (0 for code
    /// outside tasks, whose next line comes after the loop returns), else the task that is running
    /// or whose handle runs; nullopt (any line) in the loop's own code.
    std::optional<uint64_t> lineTask(uint64_t index) const;

protected:
    /// The default taskStateSamples' last sampled state of each task.
    mutable std::map<uint64_t, TaskView::State> m_sampled;
    mutable uint64_t m_sampledUpTo = 0;

signals:
    /// More events are known; `eventCount` is the new count.
    void eventsAppended(quint64 eventCount);
    /// The run has ended; no more events will come.
    void completed();
};

/// The GUI's kind of a recorded event.
EventKind guiKind(RecordKind kind);

/// One recorded event as the GUI shows it; live runs and replays both describe events through this.
EventInfo describeRecordedEvent(const EventLog& log, uint64_t index);

/// Which of `log`'s watch expressions `expression` is; nullopt when the run did not watch it.
std::optional<size_t> recordedWatchIndex(const EventLog& log, const QString& expression);
/// A watch recorded in `log` as a step plot over virtual time: its numeric values at events before
/// `endEvent`, held until that last event's clock. Empty when `expression` was not watched.
QList<QPointF> recordedWatchPlot(const EventLog& log, const QString& expression, uint64_t endEvent);
/// The watch's value (repr or exception text) as of event `index`; empty when not evaluated yet.
QString recordedWatchText(const EventLog& log, const QString& expression, uint64_t index);

} // namespace loopscope
