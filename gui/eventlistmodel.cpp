#include "eventlistmodel.h"

#include <QFont>

namespace loopscope {

EventListModel::EventListModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int EventListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventInfo& e = m_events[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IndexColumn: return QVariant::fromValue<quint64>(e.index);
        case ClockColumn: return QString::number(e.clock, 'f', 3);
        case KindColumn: return eventKindName(e.kind);
        case TextColumn: return e.text;
        }
        return {};
    case Qt::FontRole:
        if (qint64(e.index) == m_current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case EventIndexRole: return QVariant::fromValue<quint64>(e.index);
    case ClockRole: return e.clock;
    case KindRole: return int(e.kind);
    case LineRole: return e.line;
    default: return {};
    }
}

QVariant EventListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn: return tr("#");
    case ClockColumn: return tr("time");
    case KindColumn: return tr("kind");
    case TextColumn: return tr("event");
    }
    return {};
}

void EventListModel::setTimeline(Timeline* timeline)
{
    if (m_timeline)
        disconnect(m_timeline, nullptr, this, nullptr);
    beginResetModel();
    m_timeline = timeline;
    m_events.clear();
    m_current = -1;
    endResetModel();
    if (!timeline)
        return;
    connect(timeline, &Timeline::eventsAppended, this, [this](quint64 count) { fetchUpTo(count); });
    fetchUpTo(timeline->eventCount());
}

void EventListModel::setCurrent(qint64 index)
{
    const qint64 old = m_current;
    m_current = index;
    for (qint64 row : { old, index }) {
        if (row >= 0 && row < qint64(m_events.size()))
            emit dataChanged(this->index(int(row), 0), this->index(int(row), ColumnCount - 1), { Qt::FontRole });
    }
}

void EventListModel::fetchUpTo(uint64_t count)
{
    if (!m_timeline || count <= m_events.size())
        return;
    beginInsertRows({}, int(m_events.size()), int(count) - 1);
    for (uint64_t i = m_events.size(); i < count; ++i)
        m_events.push_back(m_timeline->event(i));
    endInsertRows();
}

} // namespace loopscope
