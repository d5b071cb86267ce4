#pragma once
// OutputModel: the program's printed lines up to the current event, with virtual timestamps.

#include <QAbstractListModel>

#include <loopscope/debug/loopstate.h>

#include <vector>

namespace loopscope {

/// Printed lines, one row each, shown as "[2.000] add potato 3, left on shelf 5".
class OutputModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles {
        ClockRole = Qt::UserRole + 1, ///< double
        EventIndexRole, ///< quint64
        TextRole, ///< the line without timestamp
    };
    Q_ENUM(Roles)

    explicit OutputModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    /// Shows exactly `lines` (appends or removes only the difference when it is a prefix change).
    void setLines(std::vector<OutputLine> lines);

private:
    std::vector<OutputLine> m_lines;
};

} // namespace loopscope
