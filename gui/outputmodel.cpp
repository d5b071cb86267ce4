#include "outputmodel.h"

namespace loopscope {

OutputModel::OutputModel(QObject* parent)
    : QAbstractListModel(parent)
{
}

int OutputModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant OutputModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OutputLine& l = m_lines[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("[%1] %2").arg(QString::number(l.clock, 'f', 3), QString::fromStdString(l.text));
    case ClockRole: return l.clock;
    case EventIndexRole: return QVariant::fromValue<quint64>(l.eventIndex);
    case TextRole: return QString::fromStdString(l.text);
    default: return {};
    }
}

static bool sameLine(const OutputLine& a, const OutputLine& b)
{
    return a.eventIndex == b.eventIndex && a.text == b.text && a.clock == b.clock;
}

void OutputModel::setLines(std::vector<OutputLine> lines)
{
    size_t common = 0;
    while (common < lines.size() && common < m_lines.size() && sameLine(lines[common], m_lines[common]))
        ++common;
    // Stepping moves output by a few lines at a time: touch only the rows that differ.
    if (common < m_lines.size()) {
        beginRemoveRows({}, int(common), int(m_lines.size()) - 1);
        m_lines.resize(common);
        endRemoveRows();
    }
    if (common < lines.size()) {
        beginInsertRows({}, int(common), int(lines.size()) - 1);
        m_lines.insert(m_lines.end(), lines.begin() + long(common), lines.end());
        endInsertRows();
    }
}

} // namespace loopscope
