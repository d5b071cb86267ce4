#pragma once
// ChartsPanel: QtCharts over the run: ready-deque length and heap size per iteration, a lane per
// task (scheduled / running / suspended / done over the events, painted by TaskLaneItem), and watch
// expressions over time.

#include <QPointer>
#include <QWidget>

class QCategoryAxis;
class QChart;
class QChartView;
class QLineEdit;
class QLineSeries;
class QListView;
class QStandardItemModel;
class QStringListModel;
class QTabWidget;
class QTreeView;
class QLabel;
class QValueAxis;

namespace loopscope {

class DebugSession;
class TaskLaneItem;

/// Three chart tabs fed from the session's models and timeline.
class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartsPanel(DebugSession* session, QWidget* parent = nullptr);

    /// Adds a watch expression (ignored when empty or already there).
    void addWatch(const QString& expression);
    /// Removes a watch expression.
    void removeWatch(const QString& expression);
    /// The watch expressions, in order.
    QStringList watches() const;
    /// The model listing the watch expressions.
    QStringListModel* watchModel() const;
    /// The watch list: expression and its value (or exception) at the current position.
    QStandardItemModel* watchValueModel() const;
    /// Series of the deque/heap chart: ready length and heap size, one point per iteration.
    QLineSeries* readySeries() const;
    QLineSeries* timersSeries() const;
    /// The task-lane chart: real axes, an empty series per state for the legend, the "now" marker.
    QChart* laneChart() const;
    /// The item in the lane chart's scene that paints the lanes.
    TaskLaneItem* laneItem() const;
    /// The watch chart (one series per watch with values).
    QChart* watchChart() const;
    QTabWidget* tabs() const;

signals:
    /// The list of watch expressions changed (a run must evaluate them: the window re-runs).
    void watchesChanged(const QStringList& expressions);

protected:
    void changeEvent(QEvent* event) override;

private:
    void rebuildLanes();
    void rebuildWatches();
    void updateWatchValues();
    void updateNowMarker();
    void relabelLanes();
    void styleLanes();
    void scheduleLanes();

    DebugSession* m_session;
    QTabWidget* m_tabs;
    QChart* m_countChart;
    QLineSeries* m_ready;
    QLineSeries* m_timers;
    QChart* m_laneChart;
    QValueAxis* m_laneX;
    QCategoryAxis* m_laneY;
    QLineSeries* m_now;
    QList<QLineSeries*> m_laneKeys; ///< by TaskView::State: legend entries only, no points
    TaskLaneItem* m_lanes;
    int m_laneStride = 0; ///< lanes per y-axis label
    QChart* m_watchChart;
    QLabel* m_watchNote;
    QStringListModel* m_watches;
    QStandardItemModel* m_watchValues;
    QTreeView* m_watchList;
    QLineEdit* m_watchInput;
    bool m_lanesPending = false;
};

} // namespace loopscope
