#pragma once
// LocalsModel: one task's coroutine frames (outermost first) with their locals as children.

#include <QAbstractItemModel>

#include <loopscope/debug/loopstate.h>

#include <vector>

namespace loopscope {

/// A two-level tree: frames at the top, their locals below.
class LocalsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Columns { NameColumn, ValueColumn, ColumnCount };
    Q_ENUM(Columns)
    enum Roles {
        FileRole = Qt::UserRole + 1, ///< frames: filename
        LineRole, ///< frames: line
    };
    Q_ENUM(Roles)

    explicit LocalsModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Shows the frames of `task`.
    void setTask(const TaskView& task);
    /// Shows nothing.
    void clear();

private:
    std::vector<FrameView> m_frames;
};

} // namespace loopscope
