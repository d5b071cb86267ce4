#include "timeline.h"

#include <algorithm>

namespace loopscope {

QString eventKindName(EventKind kind)
{
    switch (kind) {
    case EventKind::TaskCreated: return QStringLiteral("task-created");
    case EventKind::Soon: return QStringLiteral("soon");
    case EventKind::Timer: return QStringLiteral("timer");
    case EventKind::Cancel: return QStringLiteral("cancel");
    case EventKind::Iteration: return QStringLiteral("iteration");
    case EventKind::Phase: return QStringLiteral("phase");
    case EventKind::Select: return QStringLiteral("select");
    case EventKind::Due: return QStringLiteral("due");
    case EventKind::Skip: return QStringLiteral("skip");
    case EventKind::RunBegin: return QStringLiteral("run-begin");
    case EventKind::RunEnd: return QStringLiteral("run-end");
    case EventKind::TaskDone: return QStringLiteral("task-done");
    case EventKind::Output: return QStringLiteral("output");
    case EventKind::Line: return QStringLiteral("line");
    case EventKind::Error: return QStringLiteral("error");
    case EventKind::Deadlock: return QStringLiteral("deadlock");
    case EventKind::Purge: return QStringLiteral("purge");
    case EventKind::Clock: return QStringLiteral("clock");
    case EventKind::TaskStep: return QStringLiteral("task-step");
    case EventKind::TaskSuspend: return QStringLiteral("task-suspend");
    case EventKind::Future: return QStringLiteral("future");
    case EventKind::Callback: return QStringLiteral("callback");
    case EventKind::Loop: return QStringLiteral("loop");
    }
    return QStringLiteral("?");
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

bool Timeline::stopsAt(const EventInfo& event, Granularity granularity)
{
    switch (granularity) {
    case Granularity::Event: return true;
    case Granularity::Line: return event.kind == EventKind::Line;
    case Granularity::Handle: return event.kind == EventKind::RunBegin;
    case Granularity::Phase: return event.kind == EventKind::Phase || event.kind == EventKind::Iteration;
    case Granularity::Iteration: return event.kind == EventKind::Iteration;
    }
    return false;
}

// The defaults scan events one by one; an implementation with an index may answer faster.
std::optional<uint64_t> Timeline::nextStop(uint64_t index, Granularity granularity) const
{
    const uint64_t count = eventCount();
    for (uint64_t i = index + 1; i < count; ++i) {
        if (stopsAt(event(i), granularity))
            return i;
    }
    return std::nullopt;
}

std::optional<uint64_t> Timeline::previousStop(uint64_t index, Granularity granularity) const
{
    const uint64_t count = eventCount();
    for (uint64_t i = std::min(index, count); i-- > 0;) {
        if (stopsAt(event(i), granularity))
            return i;
    }
    return std::nullopt;
}

} // namespace loopscope
