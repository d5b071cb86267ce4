#pragma once
// ChartsPanel: QtCharts over the run: ready-deque length and heap size per iteration, a lane per
// task (scheduled / running / suspended / done over the events), and watch expressions over time.

#include <QPointer>
#include <QWidget>

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

namespace loopscope {

class DebugSession;

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
    /// The task-lane chart (one series per segment, plus the "now" marker).
    QChart* laneChart() const;
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
    void updateLaneWidth();
    void scheduleLanes();

    DebugSession* m_session;
    QTabWidget* m_tabs;
    QChart* m_countChart;
    QLineSeries* m_ready;
    QLineSeries* m_timers;
    QChart* m_laneChart;
    QLineSeries* m_now = nullptr;
    QChart* m_watchChart;
    QLabel* m_watchNote;
    QStringListModel* m_watches;
    QStandardItemModel* m_watchValues;
    QTreeView* m_watchList;
    QLineEdit* m_watchInput;
    bool m_lanesPending = false;
};

} // namespace loopscope
