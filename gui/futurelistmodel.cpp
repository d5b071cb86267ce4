#include "futurelistmodel.h"

#include <QStringList>

#include <algorithm>

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
    // As TaskListModel: rows whose future the step did not change stay untouched.
    const size_t kept = std::min(state.futures.size(), m_futures.size());
    bool samePrefix = state.futures.size() >= m_futures.size();
    for (size_t i = 0; samePrefix && i < kept; ++i)
        samePrefix = state.futures.same(i, m_futures, i) || state.futures[i].id == m_futures[i].id;
    if (!samePrefix) {
        beginResetModel();
        m_futures = state.futures;
        endResetModel();
        return;
    }
    std::vector<std::pair<int, int>> changed; // row ranges, first and last
    for (size_t i = 0; i < kept; ++i) {
        if (state.futures.same(i, m_futures, i) || state.futures[i] == m_futures[i])
            continue;
        if (!changed.empty() && changed.back().second == int(i) - 1)
            changed.back().second = int(i);
        else
            changed.emplace_back(int(i), int(i));
    }
    // The rows already shown change first, then new futures are appended.
    const size_t shown = m_futures.size();
    SharedList<FutureView> head = state.futures;
    while (head.size() > shown)
        head.erase(head.end() - 1);
    m_futures = std::move(head);
    for (const auto& [first, last] : changed)
        emit dataChanged(index(first), index(last));
    if (state.futures.size() > shown) {
        beginInsertRows({}, int(shown), int(state.futures.size()) - 1);
        m_futures = state.futures;
        endInsertRows();
    }
}

} // namespace loopscope
