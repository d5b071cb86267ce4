#pragma once
// TaskGraphView: a card per task (name, coroutine, state, what it awaits, done callbacks, line)
// and the futures being waited on, with an arrow from each waiting task to what it waits on.
// It reads only from a TaskListModel and a FutureListModel. Cards sit on a grid, so their places
// are computed from their rows and only the cards in sight are read and painted; a step updates the
// few rows its dataChanged names, which keeps a run of 10,000 tasks as quick as one of ten.

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <vector>

class QAbstractItemModel;

namespace loopscope {

/// The tasks panel's drawing, custom-painted from the task and future models.
class TaskGraphView : public QWidget {
    Q_OBJECT
public:
    static constexpr int CardWidth = 270;
    static constexpr int CardHeight = 84;
    static constexpr int FutureWidth = 190;
    static constexpr int FutureHeight = 52;

    explicit TaskGraphView(QWidget* parent = nullptr);

    /// Reads tasks from `tasks` (TaskListModel roles) and futures from `futures` (FutureListModel roles).
    void setModels(QAbstractItemModel* tasks, QAbstractItemModel* futures);
    /// The card rectangle of the task in `row` (after layout), in widget coordinates.
    QRect taskRect(int row) const;
    /// The box of the future in `row`.
    QRect futureRect(int row) const;
    /// The arrows drawn: (from task id, to task-or-future id).
    QList<QPair<quint64, quint64>> arrows() const;
    /// The task whose card is highlighted as selected (0: none).
    void setSelectedTask(quint64 id);
    quint64 selectedTask() const;

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override;
    int heightForWidth(int width) const override;

signals:
    /// A task card was clicked.
    void taskClicked(quint64 taskId);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void reloadTasks();
    void reloadFutures();
    void readTasks(int first, int last);
    void relayout();
    /// Rows of tasks whose cards meet `area` (first, one past the last).
    std::pair<int, int> taskRowsIn(const QRect& area) const;
    std::pair<int, int> futureRowsIn(const QRect& area) const;

    QPointer<QAbstractItemModel> m_tasks;
    QPointer<QAbstractItemModel> m_futures;
    // What the layout needs of every row, kept up to date row by row from the models' signals.
    std::vector<quint64> m_taskIds;
    std::vector<quint64> m_awaited; ///< per task row: the id it is suspended on, or 0
    QHash<quint64, int> m_taskRow; ///< task id -> row
    QHash<quint64, int> m_futureRow; ///< future id -> row
    int m_futureCount = 0;
    // The grid, set by relayout() from the width.
    bool m_wide = true;
    int m_columns = 1;
    int m_cardWidth = CardWidth; ///< narrow layout: cards span the width
    int m_futureX = 0;
    int m_laidOutHeight = -1; ///< heightForWidth at the last relayout: the parent layout only hears of changes
    quint64 m_selected = 0;
};

} // namespace loopscope
