#include "localsmodel.h"

namespace loopscope {

// Internal ids: 0 marks a frame row; frame f's locals carry f + 1.
LocalsModel::LocalsModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

QModelIndex LocalsModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_frames.size()) ? createIndex(row, column, quintptr(0)) : QModelIndex();
    if (parent.internalId() != 0 || parent.column() != 0)
        return {};
    const size_t frame = size_t(parent.row());
    if (frame >= m_frames.size() || row >= int(m_frames[frame].locals.size()))
        return {};
    return createIndex(row, column, quintptr(frame + 1));
}

QModelIndex LocalsModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int LocalsModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_frames.size());
    if (parent.internalId() != 0 || parent.column() != 0)
        return 0;
    return int(m_frames[size_t(parent.row())].locals.size());
}

int LocalsModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant LocalsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == 0) {
        const FrameView& f = m_frames[size_t(index.row())];
        switch (role) {
        case Qt::DisplayRole:
            if (index.column() == NameColumn)
                return QString::fromStdString(f.function);
            if (f.line > 0)
                return QStringLiteral("line %1").arg(f.line);
            return QString();
        case Qt::ToolTipRole: return QStringLiteral("%1:%2").arg(QString::fromStdString(f.filename)).arg(f.line);
        case FileRole: return QString::fromStdString(f.filename);
        case LineRole: return f.line;
        default: return {};
        }
    }
    const FrameView& f = m_frames[size_t(index.internalId() - 1)];
    const auto& local = f.locals[size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        if (index.column() == NameColumn)
            return QString::fromStdString(local.first);
        return local.second.empty() ? tr("(unknown)") : QString::fromStdString(local.second);
    }
    return {};
}

QVariant LocalsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return section == NameColumn ? tr("name") : tr("value");
    return QAbstractItemModel::headerData(section, orientation, role);
}

void LocalsModel::setTask(const TaskView& task)
{
    beginResetModel();
    m_frames = task.frames;
    endResetModel();
}

void LocalsModel::clear()
{
    beginResetModel();
    m_frames.clear();
    endResetModel();
}

} // namespace loopscope
