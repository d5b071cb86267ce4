#pragma once
// TaskActivityModel: each task's life as segments (scheduled / running / suspended / done) over the run.

#include <QAbstractTableModel>
#include <QPointer>

#include "timeline.h"

#include <map>
#include <vector>

namespace loopscope {

/// One row per segment of constant task state; grows with the timeline. Feeds the task-lane chart.
class TaskActivityModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Columns { TaskColumn, StateColumn, FromEventColumn, ToEventColumn, FromClockColumn, ToClockColumn, ColumnCount };
    Q_ENUM(Columns)
    enum Roles {
        TaskIdRole = Qt::UserRole + 1, ///< quint64
        LaneRole, ///< int: the task's lane (creation order, from 0)
        StateRole, ///< int(TaskView::State)
    };
    Q_ENUM(Roles)

    explicit TaskActivityModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Follows `timeline` (may be null).
    void setTimeline(Timeline* timeline);
    /// Task names by lane.
    QStringList laneNames() const;

    /// One row's values, unboxed (the lane chart reads every row on each change).
    struct Segment {
        uint64_t taskId;
        int lane;
        TaskView::State state;
        uint64_t fromEvent, toEvent;
        double fromClock, toClock;
    };
    /// The segment in `row` (0 <= row < rowCount()).
    const Segment& segment(int row) const;

private:
    void scanUpTo(uint64_t count);

    QPointer<Timeline> m_timeline;
    std::vector<Segment> m_segments;
    std::map<uint64_t, size_t> m_open; ///< task id → index of its last segment
    QStringList m_lanes;
    uint64_t m_scanned = 0;
};

} // namespace loopscope
