#include "timeline.h"

#include <algorithm>
#include <loopscope/debug/eventlog.h>

namespace loopscope {

QString eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::TaskCreated:
        return QStringLiteral("task-created");
    case EventKind::Soon:
        return QStringLiteral("soon");
    case EventKind::Timer:
        return QStringLiteral("timer");
    case EventKind::Cancel:
        return QStringLiteral("cancel");
    case EventKind::Iteration:
        return QStringLiteral("iteration");
    case EventKind::Phase:
        return QStringLiteral("phase");
    case EventKind::Select:
        return QStringLiteral("select");
    case EventKind::Due:
        return QStringLiteral("due");
    case EventKind::Skip:
        return QStringLiteral("skip");
    case EventKind::RunBegin:
        return QStringLiteral("run-begin");
    case EventKind::RunEnd:
        return QStringLiteral("run-end");
    case EventKind::TaskDone:
        return QStringLiteral("task-done");
    case EventKind::Output:
        return QStringLiteral("output");
    case EventKind::Line:
        return QStringLiteral("line");
    case EventKind::Error:
        return QStringLiteral("error");
    case EventKind::Deadlock:
        return QStringLiteral("deadlock");
    case EventKind::Purge:
        return QStringLiteral("purge");
    case EventKind::Clock:
        return QStringLiteral("clock");
    case EventKind::TaskStep:
        return QStringLiteral("task-step");
    case EventKind::TaskSuspend:
        return QStringLiteral("task-suspend");
    case EventKind::Future:
        return QStringLiteral("future");
    case EventKind::Callback:
        return QStringLiteral("callback");
    case EventKind::Loop:
        return QStringLiteral("loop");
    }
    return QStringLiteral("?");
}

bool samplesTaskStates(EventKind k)
{
    return k == EventKind::TaskCreated || k == EventKind::RunBegin || k == EventKind::RunEnd || k == EventKind::TaskDone
        || k == EventKind::Soon || k == EventKind::Due;
}

std::vector<TaskStateSample> Timeline::taskStateSamples(uint64_t begin, uint64_t end) const
{
    if (begin != m_sampledUpTo) {
        // Not following on: sample from the start again, reporting only from `begin`.
        m_sampled.clear();
        m_sampledUpTo = 0;
        taskStateSamples(0, begin);
    }
    std::vector<TaskStateSample> out;
    for (uint64_t i = begin; i < end; ++i) {
        const EventInfo e = event(i);
        if (!samplesTaskStates(e.kind)) continue;
        const LoopState s = stateAt(i);
        for (const TaskView& t : s.tasks) {
            auto [found, added] = m_sampled.try_emplace(t.id, t.state);
            if (!added && found->second == t.state) continue;
            found->second = t.state;
            out.push_back(TaskStateSample { i, s.clock, t.id, t.state, QString::fromStdString(t.name) });
        }
    }
    m_sampledUpTo = std::max(m_sampledUpTo, end);
    return out;
}

std::vector<IterationStart> Timeline::iterationStarts(uint64_t begin, uint64_t end) const
{
    std::vector<IterationStart> out;
    for (uint64_t i = begin; i < end; ++i) {
        if (event(i).kind != EventKind::Iteration) continue;
        const LoopState s = stateAt(i);
        out.push_back(IterationStart { i, s.iteration, s.clock, int(s.ready.size()), int(s.heap.size()) });
    }
    return out;
}

Timeline::Timeline(QObject* parent)
    : QObject(parent)
{
}

Timeline::~Timeline() = default;

QList<QPointF> Timeline::watchValues(const QString&) const
{
    return {};
}

QString Timeline::watchText(const QString&, uint64_t) const
{
    return {};
}

std::optional<uint64_t> Timeline::lineTask(uint64_t index) const
{
    if (index >= eventCount()) return std::nullopt;
    const EventInfo e = event(index);
    if (e.kind == EventKind::Line) return e.taskId;
    const LoopState s = stateAt(index);
    if (s.runningTaskId != 0) return s.runningTaskId;
    if (e.kind == EventKind::RunBegin && e.taskId != 0)
        return e.taskId; // __step is about to run: its task's lines come next

    return std::nullopt;
}

bool Timeline::stopsAt(const EventInfo& event, Granularity granularity)
{
    switch (granularity) {
    case Granularity::Event:
        return true;
    case Granularity::Line:
    case Granularity::TaskLine:
        return event.kind == EventKind::Line;
    case Granularity::Handle:
        return event.kind == EventKind::RunBegin;
    case Granularity::Phase:
        return event.kind == EventKind::Phase || event.kind == EventKind::Iteration;
    case Granularity::Iteration:
        return event.kind == EventKind::Iteration;
    }
    return false;
}

// The defaults scan events one by one; an implementation with an index may answer faster.
std::optional<uint64_t> Timeline::nextStop(uint64_t index, Granularity granularity) const
{
    const uint64_t count = eventCount();
    const std::optional<uint64_t> task = granularity == Granularity::TaskLine ? lineTask(index) : std::nullopt;
    for (uint64_t i = index + 1; i < count; ++i) {
        const EventInfo e = event(i);
        if (stopsAt(e, granularity) && (!task || e.taskId == *task)) return i;
    }
    return std::nullopt;
}

std::optional<uint64_t> Timeline::previousStop(uint64_t index, Granularity granularity) const
{
    const uint64_t count = eventCount();
    const std::optional<uint64_t> task = granularity == Granularity::TaskLine ? lineTask(index) : std::nullopt;
    for (uint64_t i = std::min(index, count); i-- > 0;) {
        const EventInfo e = event(i);
        if (stopsAt(e, granularity) && (!task || e.taskId == *task)) return i;
    }
    return std::nullopt;
}

EventKind guiKind(RecordKind kind)
{
    switch (kind) {
    case RecordKind::TaskCreated:
        return EventKind::TaskCreated;
    case RecordKind::Soon:
        return EventKind::Soon;
    case RecordKind::Timer:
        return EventKind::Timer;
    case RecordKind::Cancel:
        return EventKind::Cancel;
    case RecordKind::Purge:
        return EventKind::Purge;
    case RecordKind::Iteration:
        return EventKind::Iteration;
    case RecordKind::PhaseBegin:
        return EventKind::Phase;
    case RecordKind::Select:
        return EventKind::Select;
    case RecordKind::Clock:
        return EventKind::Clock;
    case RecordKind::Due:
        return EventKind::Due;
    case RecordKind::Skip:
        return EventKind::Skip;
    case RecordKind::RunBegin:
        return EventKind::RunBegin;
    case RecordKind::RunEnd:
        return EventKind::RunEnd;
    case RecordKind::StepBegin:
        return EventKind::TaskStep;
    case RecordKind::StepEnd:
        return EventKind::TaskSuspend;
    case RecordKind::TaskDone:
        return EventKind::TaskDone;
    case RecordKind::FutureState:
        return EventKind::Future;
    case RecordKind::CallbackAdded:
    case RecordKind::CallbackRemoved:
        return EventKind::Callback;
    case RecordKind::Output:
        return EventKind::Output;
    case RecordKind::Line:
        return EventKind::Line;
    case RecordKind::Error:
        return EventKind::Error;
    case RecordKind::Deadlock:
        return EventKind::Deadlock;
    case RecordKind::LoopStarted:
    case RecordKind::LoopStopped:
        return EventKind::Loop;
    }
    return EventKind::Loop;
}

EventInfo describeRecordedEvent(const EventLog& log, uint64_t index)
{
    const RecordedEvent e = log.event(index);
    EventInfo info;
    info.index = index;
    info.clock = e.clock;
    info.kind = guiKind(e.kind);
    info.text = QString::fromStdString(log.describe(e));
    if (e.kind == RecordKind::Line) {
        info.file = QString::fromStdString(log.string(e.text2));
        info.line = static_cast<int>(e.b);
        info.taskId = e.a;
    } else if (isTaskEvent(e.kind)) {
        info.taskId = e.a;
    } else if (isHandleEvent(e.kind)) {
        info.handleId = e.a;
        info.taskId = log.handle(e.a).taskId;
    }
    return info;
}

std::optional<size_t> recordedWatchIndex(const EventLog& log, const QString& expression)
{
    const std::vector<std::string> watches = log.watches();
    const auto it = std::find(watches.begin(), watches.end(), expression.toStdString());
    if (it == watches.end()) return std::nullopt;
    return size_t(it - watches.begin());
}

QList<QPointF> recordedWatchPlot(const EventLog& log, const QString& expression, uint64_t endEvent)
{
    const std::optional<size_t> w = recordedWatchIndex(log, expression);
    if (!w || endEvent == 0) return {};
    QList<QPointF> points;
    // A step plot: each change is drawn at the time it happened, the old value held until then.
    for (const WatchSample& s : log.watchSamples(*w, endEvent)) {
        if (!s.numeric) continue;
        const double clock = log.event(s.event).clock;
        if (!points.isEmpty() && points.back().x() < clock) points.append(QPointF(clock, points.back().y()));
        points.append(QPointF(clock, s.number));
    }
    if (!points.isEmpty()) {
        const double end = log.event(std::min<uint64_t>(endEvent, log.size()) - 1).clock;
        if (end > points.back().x()) points.append(QPointF(end, points.back().y()));
    }
    return points;
}

QString recordedWatchText(const EventLog& log, const QString& expression, uint64_t index)
{
    const std::optional<size_t> w = recordedWatchIndex(log, expression);
    if (!w) return {};
    const std::optional<WatchSample> s = log.watchAt(*w, index);
    return s ? QString::fromStdString(s->text) : QString();
}

} // namespace loopscope
