#include "taskactivitymodel.h"

#include "taskcolors.h"

namespace loopscope {

TaskActivityModel::TaskActivityModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int TaskActivityModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_segments.size());
}

int TaskActivityModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TaskActivityModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Segment& s = m_segments[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TaskColumn: return m_lanes.value(s.lane);
        case StateColumn: return taskStateName(s.state);
        case FromEventColumn: return QVariant::fromValue<quint64>(s.fromEvent);
        case ToEventColumn: return QVariant::fromValue<quint64>(s.toEvent);
        case FromClockColumn: return s.fromClock;
        case ToClockColumn: return s.toClock;
        }
        return {};
    case TaskIdRole: return QVariant::fromValue<quint64>(s.taskId);
    case LaneRole: return s.lane;
    case StateRole: return int(s.state);
    default: return {};
    }
}

QVariant TaskActivityModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char* names[] = { "task", "state", "from event", "to event", "from time", "to time" };
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

void TaskActivityModel::setTimeline(Timeline* timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    beginResetModel();
    m_timeline = timeline;
    m_segments.clear();
    m_open.clear();
    m_lanes.clear();
    m_scanned = 0;
    endResetModel();
    if (!timeline)
        return;
    connect(timeline, &Timeline::eventsAppended, this, [this](quint64 count) { scanUpTo(count); });
    scanUpTo(timeline->eventCount());
}

QStringList TaskActivityModel::laneNames() const
{
    return m_lanes;
}

void TaskActivityModel::scanUpTo(uint64_t count)
{
    if (!m_timeline || count <= m_scanned)
        return;
    // Task states only change at these events, so the rest need no state.
    const auto changesTasks = [](EventKind k) {
        return k == EventKind::TaskCreated || k == EventKind::RunBegin || k == EventKind::RunEnd
            || k == EventKind::TaskDone || k == EventKind::Soon || k == EventKind::Due;
    };
    const size_t oldCount = m_segments.size();
    std::vector<Segment> all = m_segments; // edited copy, swapped in inside begin/endInsertRows
    std::map<uint64_t, size_t> open = m_open;
    QStringList lanes = m_lanes;
    for (uint64_t i = m_scanned; i < count; ++i) {
        const EventInfo e = m_timeline->event(i);
        if (!changesTasks(e.kind))
            continue;
        const LoopState s = m_timeline->stateAt(i);
        for (const TaskView& t : s.tasks) {
            auto found = open.find(t.id);
            if (found != open.end() && all[found->second].state == t.state)
                continue;
            int lane;
            if (found == open.end()) {
                lane = int(lanes.size());
                lanes << QString::fromStdString(t.name);
            } else {
                Segment& prev = all[found->second];
                prev.toEvent = i;
                prev.toClock = s.clock;
                lane = prev.lane;
            }
            all.push_back(Segment { t.id, lane, t.state, i, i, s.clock, s.clock });
            open[t.id] = all.size() - 1;
        }
    }
    m_scanned = count;
    // Open segments last until the newest known event.
    const double lastClock = m_timeline->event(count - 1).clock;
    for (auto& [id, row] : open) {
        all[row].toEvent = count - 1;
        all[row].toClock = lastClock;
    }
    if (all.size() > oldCount)
        beginInsertRows({}, int(oldCount), int(all.size()) - 1);
    m_segments = std::move(all);
    m_open = std::move(open);
    m_lanes = std::move(lanes);
    if (m_segments.size() > oldCount)
        endInsertRows();
    if (oldCount > 0)
        emit dataChanged(index(0, 0), index(int(oldCount) - 1, ColumnCount - 1));
}

} // namespace loopscope
