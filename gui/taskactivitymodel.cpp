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

const TaskActivityModel::Segment& TaskActivityModel::segment(int row) const
{
    return m_segments.at(size_t(row));
}

void TaskActivityModel::scanUpTo(uint64_t count)
{
    if (!m_timeline || count <= m_scanned)
        return;
    // The timeline reports only the tasks whose state moved, so this pass is linear in the changes.
    const std::vector<TaskStateSample> samples = m_timeline->taskStateSamples(m_scanned, count);
    m_scanned = count;
    const size_t oldCount = m_segments.size();
    // Rows already shown change only in their end (their open segment), which dataChanged reports.
    std::vector<Segment> added;
    QStringList lanes = m_lanes;
    std::map<uint64_t, size_t> open = m_open;
    const auto edit = [&](size_t row) -> Segment& { return row < oldCount ? m_segments[row] : added[row - oldCount]; };
    for (const TaskStateSample& t : samples) {
        auto found = open.find(t.taskId);
        if (found != open.end() && edit(found->second).state == t.state)
            continue;
        int lane;
        if (found == open.end()) {
            lane = int(lanes.size());
            lanes << t.name;
        } else {
            Segment& prev = edit(found->second);
            prev.toEvent = t.index;
            prev.toClock = t.clock;
            lane = prev.lane;
        }
        added.push_back(Segment { t.taskId, lane, t.state, t.index, t.index, t.clock, t.clock });
        open[t.taskId] = oldCount + added.size() - 1;
    }
    // Open segments last until the newest known event.
    const double lastClock = m_timeline->event(count - 1).clock;
    for (auto& [id, row] : open) {
        Segment& s = edit(row);
        s.toEvent = count - 1;
        s.toClock = lastClock;
    }
    if (!added.empty()) {
        beginInsertRows({}, int(oldCount), int(oldCount + added.size()) - 1);
        m_segments.insert(m_segments.end(), added.begin(), added.end());
        m_open = std::move(open);
        m_lanes = std::move(lanes);
        endInsertRows();
    }
    if (oldCount > 0)
        emit dataChanged(index(0, 0), index(int(oldCount) - 1, ColumnCount - 1));
}

} // namespace loopscope
