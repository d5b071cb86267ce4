#pragma once
// FutureListModel: the plain futures somebody waits on in the current LoopState.

#include <QAbstractListModel>

#include <loopscope/debug/loopstate.h>

namespace loopscope {

/// The futures of one LoopState, one row each.
class FutureListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1, ///< quint64 future id
        LabelRole, ///< "Future-3 (sleep 2.0)"
        StateRole, ///< int(FutureView::State)
        StateTextRole, ///< "pending", "cancelled", "finished"
        DoneCallbacksRole, ///< QStringList
    };
    Q_ENUM(Roles)

    explicit FutureListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /// Shows the futures of `state`, updating only the rows whose future changed.
    void setState(const LoopState& state);

private:
    SharedList<FutureView> m_futures; ///< shared with the LoopState it came from
};

} // namespace loopscope
