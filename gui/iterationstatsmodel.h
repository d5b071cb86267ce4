#pragma once
// IterationStatsModel: per `_run_once` iteration, the ready deque length and heap size at its start.

#include <QAbstractTableModel>
#include <QPointer>

#include "timeline.h"

#include <vector>

namespace loopscope {

/// One row per Iteration event of a Timeline; grows with the timeline. Feeds the charts' mappers.
class IterationStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Columns { IterationColumn, ClockColumn, ReadyColumn, TimersColumn, EventColumn, ColumnCount };
    Q_ENUM(Columns)

    explicit IterationStatsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Follows `timeline` (may be null).
    void setTimeline(Timeline* timeline);

private:
    struct Row {
        int iteration;
        double clock;
        int ready;
        int timers;
        uint64_t event;
    };
    void scanUpTo(uint64_t count);

    QPointer<Timeline> m_timeline;
    std::vector<Row> m_rows;
    uint64_t m_scanned = 0;
};

} // namespace loopscope
