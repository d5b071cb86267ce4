#include "debugsession.h"

#include "eventlistmodel.h"
#include "futurelistmodel.h"
#include "iterationstatsmodel.h"
#include "localsmodel.h"
#include "outputmodel.h"
#include "taskactivitymodel.h"
#include "tasklistmodel.h"

namespace loopscope {

DebugSession::DebugSession(QObject* parent)
    : QObject(parent)
    , m_tasks(new TaskListModel(this))
    , m_futures(new FutureListModel(this))
    , m_events(new EventListModel(this))
    , m_output(new OutputModel(this))
    , m_locals(new LocalsModel(this))
    , m_iterations(new IterationStatsModel(this))
    , m_activity(new TaskActivityModel(this))
{
    m_runTimer.setInterval(1000 / m_runRate);
    connect(&m_runTimer, &QTimer::timeout, this, &DebugSession::tick);
}

DebugSession::~DebugSession() = default;

void DebugSession::setTimeline(Timeline* timeline)
{
    pause();
    if (m_timeline) {
        disconnect(m_timeline, nullptr, this, nullptr);
        m_timeline->deleteLater();
    }
    m_timeline = timeline;
    if (timeline) {
        timeline->setParent(this);
        connect(timeline, &Timeline::eventsAppended, this, &DebugSession::onEventsAppended);
        connect(timeline, &Timeline::completed, this, [this] { onEventsAppended(m_timeline->eventCount()); });
    }
    m_events->setTimeline(timeline);
    m_iterations->setTimeline(timeline);
    m_activity->setTimeline(timeline);
    m_position = -2; // forces applyPosition to refresh
    m_selectedTask = 0;
    emit timelineChanged();
    applyPosition(timeline && timeline->eventCount() > 0 ? 0 : -1);
    m_previous = m_state;
    emit eventCountChanged(timeline ? timeline->eventCount() : 0);
}

Timeline* DebugSession::timeline() const
{
    return m_timeline;
}

qint64 DebugSession::position() const
{
    return m_position;
}

const LoopState& DebugSession::state() const
{
    return m_state;
}

const EventInfo& DebugSession::currentEvent() const
{
    return m_event;
}

const LoopState& DebugSession::previousState() const
{
    return m_previous;
}

void DebugSession::goTo(qint64 index)
{
    const qint64 count = m_timeline ? qint64(m_timeline->eventCount()) : 0;
    if (count == 0)
        return applyPosition(-1);
    applyPosition(std::clamp<qint64>(index, 0, count - 1));
}

bool DebugSession::stepForward(Granularity granularity)
{
    if (!m_timeline || m_position < 0)
        return false;
    const auto next = m_timeline->nextStop(uint64_t(m_position), granularity);
    if (!next)
        return false;
    applyPosition(qint64(*next));
    return true;
}

bool DebugSession::stepBackward(Granularity granularity)
{
    if (!m_timeline || m_position <= 0)
        return false;
    const auto prev = m_timeline->previousStop(uint64_t(m_position), granularity);
    applyPosition(prev ? qint64(*prev) : 0);
    return true;
}

void DebugSession::reset()
{
    pause();
    goTo(0);
}

void DebugSession::run()
{
    if (!m_timeline || m_runTimer.isActive())
        return;
    m_pending = nullptr;
    m_runTimer.start();
    emit runningChanged(true);
}

void DebugSession::pause()
{
    m_pending = nullptr;
    if (!m_runTimer.isActive())
        return;
    m_runTimer.stop();
    emit runningChanged(false);
}

bool DebugSession::isRunning() const
{
    return m_runTimer.isActive();
}

void DebugSession::setRunRate(int eventsPerSecond)
{
    m_runRate = std::clamp(eventsPerSecond, 1, 1000);
    m_runTimer.setInterval(1000 / m_runRate);
}

int DebugSession::runRate() const
{
    return m_runRate;
}

void DebugSession::tick()
{
    if (!stepForward(Granularity::Event)) {
        // The engine may still be running ahead: keep ticking until the run is complete.
        if (!m_timeline || m_timeline->isComplete()) {
            pause();
            emit stopped(tr("end of run"));
        }
        return;
    }
    if (isBreak(m_event)) {
        pause();
        emit stopped(breakReason(m_event));
    }
}

void DebugSession::runToBreakpoint()
{
    seek([this](const EventInfo& e) { return isBreak(e); }, QString());
}

void DebugSession::runToLine(int line)
{
    seek([line](const EventInfo& e) { return e.kind == EventKind::Line && e.line == line; },
        tr("reached line %1").arg(line));
}

void DebugSession::runToTime(double clock)
{
    seek([clock](const EventInfo& e) { return e.clock >= clock; }, tr("reached time %1").arg(clock, 0, 'f', 3));
}

bool DebugSession::currentLineIsLive() const
{
    return m_timeline && m_position >= 0 && m_state.currentLineIsLive();
}

void DebugSession::runToEvent(qint64 index)
{
    seek([index](const EventInfo& e) { return qint64(e.index) >= index; }, tr("reached event %1").arg(index));
}

bool DebugSession::seek(std::function<bool(const EventInfo&)> match, const QString& reason)
{
    pause();
    if (!m_timeline)
        return false;
    const uint64_t count = m_timeline->eventCount();
    for (uint64_t i = uint64_t(std::max<qint64>(m_position, -1) + 1); i < count; ++i) {
        const EventInfo e = m_timeline->event(i);
        if (match(e)) {
            applyPosition(qint64(i));
            emit stopped(reason.isEmpty() ? breakReason(e) : reason);
            return true;
        }
    }
    if (m_timeline->isComplete()) {
        if (count > 0)
            applyPosition(qint64(count) - 1);
        emit stopped(tr("end of run"));
        return false;
    }
    // Not there yet: go as far as is known and retry when the engine appends events.
    if (count > 0)
        applyPosition(qint64(count) - 1);
    m_pending = std::move(match);
    m_pendingReason = reason;
    return false;
}

void DebugSession::onEventsAppended(quint64 count)
{
    emit eventCountChanged(count);
    if (m_position < 0 && count > 0)
        applyPosition(0);
    if (m_pending) {
        auto match = std::move(m_pending);
        m_pending = nullptr;
        seek(std::move(match), m_pendingReason);
    }
}

BreakConditions& DebugSession::breakConditions()
{
    return m_breaks;
}

bool DebugSession::isBreak(const EventInfo& e) const
{
    switch (e.kind) {
    case EventKind::Line: return m_breaks.lines.contains(e.line);
    case EventKind::Due: return m_breaks.timerFires;
    case EventKind::Error: return m_breaks.exception;
    case EventKind::TaskDone: {
        if (m_breaks.taskFinishes.isEmpty() && !m_breaks.exception)
            return false;
        const LoopState s = m_timeline->stateAt(e.index);
        for (const TaskView& t : s.tasks) {
            if (t.id != e.taskId)
                continue;
            if (m_breaks.taskFinishes.contains(QString::fromStdString(t.name)))
                return true;
            return m_breaks.exception && t.state == TaskView::State::Failed;
        }
        return false;
    }
    default: return false;
    }
}

QString DebugSession::breakReason(const EventInfo& e) const
{
    switch (e.kind) {
    case EventKind::Line: return tr("breakpoint at line %1").arg(e.line);
    case EventKind::Due: return tr("timer fired: %1").arg(e.text);
    case EventKind::Error: return tr("exception: %1").arg(e.text);
    case EventKind::TaskDone: return tr("task finished: %1").arg(e.text);
    default: return e.text;
    }
}

TaskListModel* DebugSession::taskModel() const { return m_tasks; }
FutureListModel* DebugSession::futureModel() const { return m_futures; }
EventListModel* DebugSession::eventModel() const { return m_events; }
OutputModel* DebugSession::outputModel() const { return m_output; }
LocalsModel* DebugSession::localsModel() const { return m_locals; }
IterationStatsModel* DebugSession::iterationModel() const { return m_iterations; }
TaskActivityModel* DebugSession::activityModel() const { return m_activity; }

void DebugSession::selectTask(uint64_t taskId)
{
    m_selectedTask = taskId;
    const uint64_t shown = taskId != 0 ? taskId : m_state.runningTaskId;
    for (const TaskView& t : m_state.tasks) {
        if (t.id == shown)
            return m_locals->setTask(t);
    }
    m_locals->clear();
}

uint64_t DebugSession::selectedTask() const
{
    return m_selectedTask;
}

void DebugSession::applyPosition(qint64 index)
{
    if (index == m_position)
        return;
    m_previous = m_state;
    m_position = index;
    if (index < 0 || !m_timeline) {
        m_position = -1;
        m_state = LoopState {};
        m_event = EventInfo {};
        m_output->setLines({});
    } else {
        m_state = m_timeline->stateAt(uint64_t(index));
        m_event = m_timeline->event(uint64_t(index));
        m_output->setLines(m_timeline->output(uint64_t(index)));
    }
    m_tasks->setState(m_state);
    m_futures->setState(m_state);
    m_events->setCurrent(m_position);
    selectTask(m_selectedTask);
    emit positionChanged(m_position);
}

} // namespace loopscope
