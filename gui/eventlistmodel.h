#pragma once
// EventListModel: the event log of a Timeline, growing as the engine runs ahead.

#include <QAbstractTableModel>
#include <QPointer>

#include "timeline.h"

#include <vector>

namespace loopscope {

/// Every event of a Timeline, one row each; rows are appended when the timeline grows.
class EventListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Columns { IndexColumn, ClockColumn, KindColumn, TextColumn, ColumnCount };
    Q_ENUM(Columns)
    enum Roles {
        EventIndexRole = Qt::UserRole + 1, ///< quint64
        ClockRole, ///< double
        KindRole, ///< int(EventKind)
        LineRole, ///< int, Line events only
    };
    Q_ENUM(Roles)

    explicit EventListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Follows `timeline` (may be null); its events are copied as they arrive.
    void setTimeline(Timeline* timeline);
    /// Marks `index` as the current event (shown bold).
    void setCurrent(qint64 index);

private:
    void fetchUpTo(uint64_t count);

    QPointer<Timeline> m_timeline;
    std::vector<EventInfo> m_events;
    qint64 m_current = -1;
};

} // namespace loopscope
