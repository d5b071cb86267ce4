#include "iterationstatsmodel.h"

namespace loopscope {

IterationStatsModel::IterationStatsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int IterationStatsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int IterationStatsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant IterationStatsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const Row& r = m_rows[size_t(index.row())];
    switch (index.column()) {
    case IterationColumn: return r.iteration;
    case ClockColumn: return r.clock;
    case ReadyColumn: return r.ready;
    case TimersColumn: return r.timers;
    case EventColumn: return QVariant::fromValue<quint64>(r.event);
    }
    return {};
}

QVariant IterationStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IterationColumn: return tr("iteration");
    case ClockColumn: return tr("time");
    case ReadyColumn: return tr("ready");
    case TimersColumn: return tr("timers");
    case EventColumn: return tr("event");
    }
    return {};
}

void IterationStatsModel::setTimeline(Timeline* timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    beginResetModel();
    m_timeline = timeline;
    m_rows.clear();
    m_scanned = 0;
    endResetModel();
    if (!timeline)
        return;
    connect(timeline, &Timeline::eventsAppended, this, [this](quint64 count) { scanUpTo(count); });
    scanUpTo(timeline->eventCount());
}

void IterationStatsModel::scanUpTo(uint64_t count)
{
    std::vector<Row> found;
    if (m_scanned < count) {
        for (const IterationStart& s : m_timeline->iterationStarts(m_scanned, count))
            found.push_back(Row { s.iteration, s.clock, s.ready, s.timers, s.index });
        m_scanned = count;
    }
    if (found.empty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + found.size()) - 1);
    m_rows.insert(m_rows.end(), found.begin(), found.end());
    endInsertRows();
}

} // namespace loopscope
