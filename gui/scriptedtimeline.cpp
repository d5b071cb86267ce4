#include "scriptedtimeline.h"

namespace loopscope {

ScriptedTimeline::ScriptedTimeline(QObject* parent)
    : Timeline(parent)
{
}

uint64_t ScriptedTimeline::eventCount() const
{
    return m_events.size();
}

bool ScriptedTimeline::isComplete() const
{
    return m_complete;
}

LoopState ScriptedTimeline::stateAt(uint64_t index) const
{
    if (index >= m_states.size())
        return m_states.empty() ? LoopState {} : m_states.back();
    return m_states[index];
}

EventInfo ScriptedTimeline::event(uint64_t index) const
{
    if (index >= m_events.size())
        return {};
    return m_events[index];
}

std::vector<OutputLine> ScriptedTimeline::output(uint64_t upToIndex) const
{
    std::vector<OutputLine> lines;
    for (const OutputLine& line : m_output) {
        if (line.eventIndex <= upToIndex)
            lines.push_back(line);
    }
    return lines;
}

QList<QPointF> ScriptedTimeline::watchValues(const QString& expression) const
{
    return m_watches.value(expression);
}

void ScriptedTimeline::append(EventInfo event, LoopState state)
{
    event.index = m_events.size();
    state.eventIndex = event.index;
    if (event.kind == EventKind::Output)
        m_output.push_back(OutputLine { event.clock, event.index, event.text.toStdString() });
    m_events.push_back(std::move(event));
    m_states.push_back(std::move(state));
    if (m_emitting)
        emit eventsAppended(m_events.size());
}

LoopState& ScriptedTimeline::state()
{
    return m_working;
}

EventInfo& ScriptedTimeline::record(EventKind kind, const QString& text, uint64_t taskId, uint64_t handleId)
{
    EventInfo info;
    info.clock = m_working.clock;
    info.kind = kind;
    info.text = text;
    info.taskId = taskId;
    info.handleId = handleId;
    if (kind == EventKind::Line) {
        info.file = QString::fromStdString(m_working.currentFile);
        info.line = m_working.currentLine;
    }
    append(info, m_working);
    return m_events.back();
}

EventInfo& ScriptedTimeline::recordLine(int line)
{
    m_working.currentLine = line;
    m_working.lineInHandle = true;
    return record(EventKind::Line, QStringLiteral("line %1").arg(line), m_working.runningTaskId);
}

void ScriptedTimeline::complete()
{
    m_complete = true;
    emit completed();
}

void ScriptedTimeline::setWatchValues(const QString& expression, QList<QPointF> points)
{
    m_watches.insert(expression, std::move(points));
}

void ScriptedTimeline::setEmitting(bool emitting)
{
    m_emitting = emitting;
}

} // namespace loopscope
