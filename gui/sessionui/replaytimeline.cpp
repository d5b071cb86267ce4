#include "replaytimeline.h"

namespace loopscope {

namespace {

// The same mapping as EngineTimeline's: a replay must describe events exactly as the live run did.
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

} // namespace

ReplayTimeline::ReplayTimeline(std::shared_ptr<EventLog> log, const QString& origin, QObject* parent)
    : Timeline(parent)
    , m_log(log ? std::move(log) : std::make_shared<EventLog>())
    , m_origin(origin)
    , m_count(m_log->size())
    , m_fold(std::make_unique<StateFold>(*m_log))
{
}

ReplayTimeline::~ReplayTimeline() = default;

uint64_t ReplayTimeline::eventCount() const
{
    return m_count;
}

bool ReplayTimeline::isComplete() const
{
    return true;
}

LoopState ReplayTimeline::stateAt(uint64_t index) const
{
    if (m_count == 0) return {};
    index = std::min(index, m_count - 1);
    LoopState s = m_fold->stateAt(index);
    // A session saved while recording has no finish reason: its last event is not an ending.
    if (index + 1 == m_count && m_log->finished()) {
        s.finished = true;
        if (s.finishReason.empty()) s.finishReason = m_log->finishReason();
    }
    return s;
}

EventInfo ReplayTimeline::describe(const EventLog& log, uint64_t index)
{
    const RecordedEvent e = log.event(index);
    EventInfo info;
    info.index = index;
    info.clock = e.clock;
    info.kind = guiKind(e.kind);
    info.text = QString::fromStdString(log.describe(e));
    switch (e.kind) {
    case RecordKind::Line:
        info.file = QString::fromStdString(log.string(e.text2));
        info.line = static_cast<int>(e.b);
        info.taskId = e.a;
        break;
    case RecordKind::TaskCreated:
    case RecordKind::TaskDone:
    case RecordKind::StepBegin:
    case RecordKind::StepEnd:
        info.taskId = e.a;
        break;
    case RecordKind::Soon:
    case RecordKind::Timer:
    case RecordKind::Cancel:
    case RecordKind::Due:
    case RecordKind::Skip:
    case RecordKind::RunBegin:
    case RecordKind::RunEnd:
        info.handleId = e.a;
        info.taskId = log.handle(e.a).taskId;
        break;
    default:
        break;
    }
    return info;
}

EventInfo ReplayTimeline::event(uint64_t index) const
{
    return describe(*m_log, index);
}

std::vector<OutputLine> ReplayTimeline::output(uint64_t upToIndex) const
{
    std::vector<OutputLine> lines;
    const uint64_t end = std::min<uint64_t>(upToIndex + 1, m_count);
    for (uint64_t i = 0; i < end; ++i) {
        const RecordedEvent e = m_log->event(i);
        if (e.kind == RecordKind::Output) lines.push_back({ e.clock, i, m_log->string(e.text) });
    }
    return lines;
}

} // namespace loopscope
