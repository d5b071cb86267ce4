#pragma once
// DebugSession: the one adapter between a Timeline and the GUI. It owns the position in the run,
// copies the LoopState at that position into the models, steps, runs and evaluates breakpoints.

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include "timeline.h"

#include <functional>
#include <optional>

namespace loopscope {

class EventListModel;
class FutureListModel;
class IterationStatsModel;
class LocalsModel;
class OutputModel;
class TaskActivityModel;
class TaskListModel;

/// Conditions that stop Run and "run to next breakpoint", evaluated on events.
struct BreakConditions {
    QSet<int> lines; ///< Line events reaching one of these lines
    QSet<QString> taskFinishes; ///< TaskDone of a task with one of these names
    bool timerFires = false; ///< any Due event
    bool exception = false; ///< Error events, and TaskDone of a task that failed
};

/// Position, stepping, running and breakpoints over one Timeline; feeds every model.
class DebugSession : public QObject {
    Q_OBJECT
public:
    explicit DebugSession(QObject* parent = nullptr);
    ~DebugSession() override;

    /// Replaces the timeline (the session takes ownership; null clears) and goes to event 0.
    void setTimeline(Timeline* timeline);
    Timeline* timeline() const;

    /// The current event index, or -1 while there is no event yet.
    qint64 position() const;
    /// The state at the current position (an empty LoopState when there is none).
    const LoopState& state() const;
    /// The event at the current position (default when there is none).
    const EventInfo& currentEvent() const;
    /// The previous position's state (for animations), equal to state() after a reset.
    const LoopState& previousState() const;

    /// Goes to `index` (clamped to the known events).
    void goTo(qint64 index);
    /// Steps forward by `granularity`; returns false when there is no further stop (yet).
    bool stepForward(Granularity granularity);
    /// Steps backward by `granularity`; returns false at the start.
    bool stepBackward(Granularity granularity);
    /// Goes back to event 0.
    void reset();

    /// Starts stepping one event per tick at `eventsPerSecond` until a break condition or the end.
    void run();
    /// Stops running (and cancels a pending run-to).
    void pause();
    bool isRunning() const;
    /// Events per second while running (1..1000).
    void setRunRate(int eventsPerSecond);
    int runRate() const;

    /// Jumps to the next event matching the break conditions; waits for more events when needed.
    void runToBreakpoint();
    /// Jumps to the next Line event on `line`.
    void runToLine(int line);
    /// Jumps to the first event whose clock is at least `clock`.
    void runToTime(double clock);
    /// Jumps to event `index`, waiting for the engine to record it when it has not yet.
    void runToEvent(qint64 index);
    /// True when state().currentLine is running now: program code outside the loop, or a line
    /// reached since the running handle began (false between handles and in native callbacks).
    bool currentLineIsLive() const;

    BreakConditions& breakConditions();
    /// True when `event` matches the break conditions.
    bool isBreak(const EventInfo& event) const;

    TaskListModel* taskModel() const;
    FutureListModel* futureModel() const;
    EventListModel* eventModel() const;
    OutputModel* outputModel() const;
    LocalsModel* localsModel() const;
    IterationStatsModel* iterationModel() const;
    TaskActivityModel* activityModel() const;

    /// Shows the frames of the task with `taskId` in the locals model (0: the running task).
    void selectTask(uint64_t taskId);
    uint64_t selectedTask() const;

signals:
    /// The position moved; views read state() and previousState().
    void positionChanged(qint64 index);
    /// A new timeline was set.
    void timelineChanged();
    /// The number of known events changed.
    void eventCountChanged(quint64 count);
    void runningChanged(bool running);
    /// Running or a run-to stopped; `reason` says why ("breakpoint at line 12", "end of run").
    void stopped(const QString& reason);

private:
    void applyPosition(qint64 index);
    void onEventsAppended(quint64 count);
    void tick();
    /// Searches forward from the current position for an event satisfying `match`.
    bool seek(std::function<bool(const EventInfo&)> match, const QString& reason);
    QString breakReason(const EventInfo& event) const;

    QPointer<Timeline> m_timeline;
    qint64 m_position = -1;
    LoopState m_state;
    LoopState m_previous;
    EventInfo m_event;
    BreakConditions m_breaks;
    QTimer m_runTimer;
    int m_runRate = 4;
    // A run-to that found no match yet: retried when more events arrive.
    std::function<bool(const EventInfo&)> m_pending;
    QString m_pendingReason;
    uint64_t m_selectedTask = 0;

    TaskListModel* m_tasks;
    FutureListModel* m_futures;
    EventListModel* m_events;
    OutputModel* m_output;
    LocalsModel* m_locals;
    IterationStatsModel* m_iterations;
    TaskActivityModel* m_activity;
};

} // namespace loopscope
