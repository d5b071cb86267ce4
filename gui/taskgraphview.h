#pragma once
// TaskGraphView: a card per task (name, coroutine, state, what it awaits, done callbacks, line)
// and the futures being waited on, with an arrow from each waiting task to what it waits on.
// It reads only from a TaskListModel and a FutureListModel.

#include <QPointer>
#include <QWidget>

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
    void relayout();
    QPoint cardOrigin(int row, int width) const;

    QPointer<QAbstractItemModel> m_tasks;
    QPointer<QAbstractItemModel> m_futures;
    QList<QRect> m_taskRects;
    QList<QRect> m_futureRects;
    QList<QPair<quint64, quint64>> m_arrows;
    int m_laidOutHeight = -1; ///< heightForWidth at the last relayout: the parent layout only hears of changes
    quint64 m_selected = 0;
};

} // namespace loopscope
