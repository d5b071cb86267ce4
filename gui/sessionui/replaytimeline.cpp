#include "replaytimeline.h"

namespace loopscope {

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

EventInfo ReplayTimeline::describe(const EventLog& log, uint64_t index) { return describeRecordedEvent(log, index); }

EventInfo ReplayTimeline::event(uint64_t index) const
{
    return describe(*m_log, index);
}

QList<QPointF> ReplayTimeline::watchValues(const QString& expression) const
{
    return recordedWatchPlot(*m_log, expression, m_count);
}

QString ReplayTimeline::watchText(const QString& expression, uint64_t index) const
{
    // A replay runs nothing: a watch added after recording has no values to show.
    if (!recordedWatchIndex(*m_log, expression)) return tr("(not recorded in this session)");
    return recordedWatchText(*m_log, expression, index);
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
