#include "futurelistmodel.h"

#include <QStringList>

namespace loopscope {

namespace {
QString futureStateText(FutureView::State state)
{
    switch (state) {
    case FutureView::State::Pending: return QStringLiteral("pending");
    case FutureView::State::Cancelled: return QStringLiteral("cancelled");
    case FutureView::State::Finished: return QStringLiteral("finished");
    }
    return {};
}
} // namespace

FutureListModel::FutureListModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int FutureListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_futures.size());
}

QVariant FutureListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const FutureView& f = m_futures[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole: return QStringLiteral("%1: %2").arg(QString::fromStdString(f.label), futureStateText(f.state));
    case IdRole: return QVariant::fromValue<quint64>(f.id);
    case LabelRole: return QString::fromStdString(f.label);
    case StateRole: return int(f.state);
    case StateTextRole: return futureStateText(f.state);
    case DoneCallbacksRole: {
        QStringList names;
        for (const std::string& c : f.doneCallbacks)
            names << QString::fromStdString(c);
        return names;
    }
    default: return {};
    }
}

void FutureListModel::setState(const LoopState& state)
{
    bool same = state.futures.size() == m_futures.size();
    for (size_t i = 0; same && i < m_futures.size(); ++i)
        same = state.futures[i].id == m_futures[i].id;
    if (same) {
        m_futures = state.futures;
        if (!m_futures.empty())
            emit dataChanged(index(0), index(int(m_futures.size()) - 1));
        return;
    }
    beginResetModel();
    m_futures = state.futures;
    endResetModel();
}

} // namespace loopscope
