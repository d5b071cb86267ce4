#include "tasklistmodel.h"

#include "taskcolors.h"

#include <QColor>
#include <QStringList>

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
    bool sameTasks = state.tasks.size() == m_tasks.size();
    for (size_t i = 0; sameTasks && i < m_tasks.size(); ++i)
        sameTasks = state.tasks[i].id == m_tasks[i].id;
    if (sameTasks) {
        m_tasks = state.tasks;
        m_runningTaskId = state.runningTaskId;
        if (!m_tasks.empty())
            emit dataChanged(index(0), index(int(m_tasks.size()) - 1));
        return;
    }
    beginResetModel();
    m_tasks = state.tasks;
    m_runningTaskId = state.runningTaskId;
    endResetModel();
}

const TaskView& TaskListModel::task(int row) const
{
    return m_tasks.at(size_t(row));
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
