#include "tasklistmodel.h"

#include "taskcolors.h"

#include <QColor>
#include <QStringList>

#include <algorithm>

namespace loopscope {

TaskListModel::TaskListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int TaskListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

QVariant TaskListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TaskView& t = m_tasks[size_t(index.row())];
    const auto str = [](const std::string& s) { return QString::fromStdString(s); };
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1 (%2): %3").arg(str(t.name), str(t.coro), taskStateText(t));
    case Qt::ToolTipRole: return taskStateText(t);
    case Qt::DecorationRole:
    case ColorRole: return taskColor(t.id);
    case IdRole: return QVariant::fromValue<quint64>(t.id);
    case NameRole: return str(t.name);
    case CoroRole: return str(t.coro);
    case StateRole: return int(t.state);
    case StateTextRole: return taskStateText(t);
    case AwaitingRole: return str(t.awaiting);
    case AwaitingIdRole: return QVariant::fromValue<quint64>(t.awaitingId);
    case ResultRole: return str(t.result);
    case ExceptionRole: return str(t.exception);
    case DoneCallbacksRole: {
        QStringList names;
        for (const std::string& c : t.doneCallbacks)
            names << str(c);
        return names;
    }
    case FileRole: return t.frames.empty() ? QString() : str(t.frames.back().filename);
    case LineRole: return t.frames.empty() ? 0 : t.frames.back().line;
    case StateColorRole: return taskStateColor(t.state);
    case RunningRole: return t.id == m_runningTaskId && t.state == TaskView::State::Running;
    default: return {};
    }
}

QHash<int, QByteArray> TaskListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "taskId");
    names.insert(NameRole, "name");
    names.insert(CoroRole, "coro");
    names.insert(StateRole, "state");
    names.insert(StateTextRole, "stateText");
    names.insert(AwaitingRole, "awaiting");
    names.insert(AwaitingIdRole, "awaitingId");
    names.insert(ResultRole, "result");
    names.insert(ExceptionRole, "exception");
    names.insert(DoneCallbacksRole, "doneCallbacks");
    names.insert(FileRole, "file");
    names.insert(LineRole, "line");
    names.insert(ColorRole, "color");
    names.insert(StateColorRole, "stateColor");
    names.insert(RunningRole, "running");
    return names;
}

void TaskListModel::setState(const LoopState& state)
{
    // A step shares every task it did not change with the state before it: those rows stay as
    // they are, and only rows whose task is a new value (or whose running mark moved) change.
    const size_t kept = std::min(state.tasks.size(), m_tasks.size());
    bool samePrefix = state.tasks.size() >= m_tasks.size();
    for (size_t i = 0; samePrefix && i < kept; ++i)
        samePrefix = state.tasks.same(i, m_tasks, i) || state.tasks[i].id == m_tasks[i].id;
    if (!samePrefix) {
        beginResetModel();
        m_tasks = state.tasks;
        m_runningTaskId = state.runningTaskId;
        endResetModel();
        return;
    }
    std::vector<std::pair<int, int>> changed; // row ranges, first and last
    const auto mark = [&changed](int row) {
        if (!changed.empty() && changed.back().second == row - 1)
            changed.back().second = row;
        else
            changed.emplace_back(row, row);
    };
    const uint64_t runningBefore = m_runningTaskId;
    for (size_t i = 0; i < kept; ++i) {
        const uint64_t id = m_tasks[i].id;
        // Unshared tasks may still be equal (folded again from a checkpoint): compare those few.
        const bool differs = !state.tasks.same(i, m_tasks, i) && !(state.tasks[i] == m_tasks[i]);
        if (differs || (runningBefore != state.runningTaskId && (id == runningBefore || id == state.runningTaskId)))
            mark(int(i));
    }
    // The rows already shown change first, then new tasks are appended.
    const size_t shown = m_tasks.size();
    SharedList<TaskView> head = state.tasks;
    while (head.size() > shown)
        head.erase(head.end() - 1);
    m_tasks = std::move(head);
    m_runningTaskId = state.runningTaskId;
    for (const auto& [first, last] : changed)
        emit dataChanged(index(first), index(last));
    if (state.tasks.size() > shown) {
        beginInsertRows({}, int(shown), int(state.tasks.size()) - 1);
        m_tasks = state.tasks;
        endInsertRows();
    }
}

const TaskView& TaskListModel::task(int row) const
{
    return m_tasks[size_t(row)];
}

int TaskListModel::rowOfTask(uint64_t id) const
{
    for (size_t i = 0; i < m_tasks.size(); ++i) {
        if (m_tasks[i].id == id)
            return int(i);
    }
    return -1;
}

} // namespace loopscope
