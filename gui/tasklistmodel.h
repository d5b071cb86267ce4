#pragma once
// TaskListModel: the tasks of the current LoopState, one row per task in creation order.

#include <QAbstractListModel>

#include <loopscope/debug/loopstate.h>


namespace loopscope {

/// The tasks of one LoopState. `setState` updates only the rows whose task changed (dataChanged
/// on them, rowsInserted for new tasks); a list that is not an extension of the last one resets.
class TaskListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1, ///< quint64 task id
        NameRole, ///< "Task-1"
        CoroRole, ///< coroutine qualname
        StateRole, ///< int(TaskView::State)
        StateTextRole, ///< "suspended on sleep future (Future-3)"
        AwaitingRole, ///< what it waits on, or empty
        AwaitingIdRole, ///< quint64 id of the awaited future/task, or 0
        ResultRole, ///< repr of the result
        ExceptionRole, ///< "ValueError: …"
        DoneCallbacksRole, ///< QStringList
        FileRole, ///< file of the innermost frame
        LineRole, ///< line of the innermost frame (0 when unknown)
        ColorRole, ///< the task's colour (QColor)
        StateColorRole, ///< the state's colour (QColor)
        RunningRole, ///< bool: this task is in __step now
    };
    Q_ENUM(Roles)

    explicit TaskListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// Shows the tasks of `state`.
    void setState(const LoopState& state);
    /// The task in `row` (row must be valid).
    const TaskView& task(int row) const;
    /// Row of the task with `id`, or -1.
    int rowOfTask(uint64_t id) const;

private:
    SharedList<TaskView> m_tasks; ///< shared with the LoopState it came from
    uint64_t m_runningTaskId = 0;
};

} // namespace loopscope
