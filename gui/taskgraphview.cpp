#include "taskgraphview.h"

#include "futurelistmodel.h"
#include "tasklistmodel.h"

#include <QAbstractItemModel>
#include <QMouseEvent>
#include <QHash>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace loopscope {

namespace {
constexpr int Gap = 14;
constexpr int ArrowRoom = 70; // between the task cards and the futures column
} // namespace

TaskGraphView::TaskGraphView(QWidget* parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
    setMinimumWidth(CardWidth + 2 * Gap);
}

void TaskGraphView::setModels(QAbstractItemModel* tasks, QAbstractItemModel* futures)
{
    for (QAbstractItemModel* model : { m_tasks.data(), m_futures.data() }) {
        if (model)
            disconnect(model, nullptr, this, nullptr);
    }
    m_tasks = tasks;
    m_futures = futures;
    if (tasks) {
        connect(tasks, &QAbstractItemModel::modelReset, this, &TaskGraphView::reloadTasks);
        connect(tasks, &QAbstractItemModel::rowsRemoved, this, &TaskGraphView::reloadTasks);
        connect(tasks, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex&, int first, int last) {
            if (first != int(m_taskIds.size()))
                return reloadTasks(); // not appended: every row after it moved
            m_taskIds.resize(size_t(last) + 1);
            m_awaited.resize(size_t(last) + 1);
            readTasks(first, last);
            relayout();
        });
        connect(tasks, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from, const QModelIndex& to) {
            readTasks(from.row(), to.row());
            update();
        });
    }
    if (futures) {
        connect(futures, &QAbstractItemModel::modelReset, this, &TaskGraphView::reloadFutures);
        connect(futures, &QAbstractItemModel::rowsRemoved, this, &TaskGraphView::reloadFutures);
        connect(futures, &QAbstractItemModel::rowsInserted, this, &TaskGraphView::reloadFutures);
        connect(futures, &QAbstractItemModel::dataChanged, this, qOverload<>(&TaskGraphView::update));
    }
    reloadTasks();
    reloadFutures();
}

void TaskGraphView::reloadTasks()
{
    const int rows = m_tasks ? m_tasks->rowCount() : 0;
    m_taskIds.assign(size_t(rows), 0);
    m_awaited.assign(size_t(rows), 0);
    m_taskRow.clear();
    if (rows > 0)
        readTasks(0, rows - 1);
    relayout();
}

void TaskGraphView::reloadFutures()
{
    m_futureRow.clear();
    const int rows = m_futures ? m_futures->rowCount() : 0;
    m_futureCount = rows;
    for (int row = 0; row < rows; ++row)
        m_futureRow.insert(m_futures->index(row, 0).data(FutureListModel::IdRole).toULongLong(), row);
    relayout();
}

void TaskGraphView::readTasks(int first, int last)
{
    last = std::min(last, int(m_taskIds.size()) - 1);
    for (int row = std::max(first, 0); row <= last; ++row) {
        const QModelIndex index = m_tasks->index(row, 0);
        const quint64 id = index.data(TaskListModel::IdRole).toULongLong();
        if (m_taskIds[size_t(row)] != id) {
            m_taskRow.remove(m_taskIds[size_t(row)]);
            m_taskIds[size_t(row)] = id;
            m_taskRow.insert(id, row);
        }
        const bool suspended = index.data(TaskListModel::StateRole).toInt() == int(TaskView::State::Suspended);
        m_awaited[size_t(row)] = suspended ? index.data(TaskListModel::AwaitingIdRole).toULongLong() : 0;
    }
}

QRect TaskGraphView::taskRect(int row) const
{
    if (row < 0 || row >= int(m_taskIds.size()))
        return {};
    if (m_wide)
        return QRect(Gap + (row % m_columns) * (CardWidth + Gap), Gap + (row / m_columns) * (CardHeight + Gap), CardWidth, CardHeight);
    return QRect(Gap, Gap + row * (CardHeight + Gap), m_cardWidth, CardHeight);
}

QRect TaskGraphView::futureRect(int row) const
{
    if (row < 0 || row >= m_futureCount)
        return {};
    if (m_wide)
        return QRect(m_futureX, Gap + row * (FutureHeight + Gap), FutureWidth, FutureHeight);
    const int top = Gap + int(m_taskIds.size()) * (CardHeight + Gap);
    return QRect(Gap, top + row * (FutureHeight + Gap), m_cardWidth, FutureHeight);
}

QList<QPair<quint64, quint64>> TaskGraphView::arrows() const
{
    QList<QPair<quint64, quint64>> arrows;
    for (size_t row = 0; row < m_taskIds.size(); ++row) {
        if (m_awaited[row] != 0)
            arrows << qMakePair(m_taskIds[row], m_awaited[row]);
    }
    return arrows;
}

void TaskGraphView::setSelectedTask(quint64 id)
{
    m_selected = id;
    update();
}

quint64 TaskGraphView::selectedTask() const
{
    return m_selected;
}

QSize TaskGraphView::sizeHint() const
{
    return QSize(CardWidth * 2 + FutureWidth + ArrowRoom + 3 * Gap, heightForWidth(CardWidth * 2 + FutureWidth + ArrowRoom + 3 * Gap));
}

bool TaskGraphView::hasHeightForWidth() const
{
    return true;
}

namespace {
constexpr int Gutter = 44; // narrow layout: room on the right where arrows loop down to the futures
bool isWide(int width)
{
    return width >= TaskGraphView::CardWidth + ArrowRoom + TaskGraphView::FutureWidth + 2 * Gap;
}
} // namespace

int TaskGraphView::heightForWidth(int width) const
{
    const int tasks = m_tasks ? m_tasks->rowCount() : 0;
    const int futures = m_futures ? m_futures->rowCount() : 0;
    if (!isWide(width))
        return std::max(60, Gap + tasks * (CardHeight + Gap) + futures * (FutureHeight + Gap));
    const int columns = std::max(1, (width - FutureWidth - ArrowRoom - Gap) / (CardWidth + Gap));
    const int rows = (tasks + columns - 1) / columns;
    return std::max({ 60, Gap + rows * (CardHeight + Gap), Gap + futures * (FutureHeight + Gap) });
}

void TaskGraphView::resizeEvent(QResizeEvent*)
{
    relayout();
}

void TaskGraphView::relayout()
{
    m_wide = isWide(width());
    // Wide: task cards in columns on the left, the futures they wait on in a column on the right.
    // Narrow: one column, tasks then futures; arrows loop through a gutter on the right.
    m_columns = m_wide ? std::max(1, (width() - FutureWidth - ArrowRoom - Gap) / (CardWidth + Gap)) : 1;
    m_cardWidth = m_wide ? CardWidth : std::max(120, width() - 2 * Gap - Gutter);
    m_futureX = width() - FutureWidth - Gap;
    // Re-laying out the window on every step cost more than painting: only when the height moves.
    if (const int needed = heightForWidth(width()); needed != m_laidOutHeight) {
        m_laidOutHeight = needed;
        updateGeometry();
        if (minimumHeight() != needed)
            setMinimumHeight(needed);
    }
    update();
}

std::pair<int, int> TaskGraphView::taskRowsIn(const QRect& area) const
{
    const int count = int(m_taskIds.size());
    const int pitch = CardHeight + Gap;
    const int firstLine = std::max(0, (area.top() - Gap - CardHeight) / pitch);
    const int lastLine = std::max(0, (area.bottom() - Gap) / pitch + 1);
    return { std::min(count, firstLine * m_columns), std::min(count, (lastLine + 1) * m_columns) };
}

std::pair<int, int> TaskGraphView::futureRowsIn(const QRect& area) const
{
    const int count = m_futureCount;
    const int top = m_wide ? Gap : Gap + int(m_taskIds.size()) * (CardHeight + Gap);
    const int pitch = FutureHeight + Gap;
    const int first = std::max(0, (area.top() - top - FutureHeight) / pitch);
    const int last = std::max(0, (area.bottom() - top) / pitch + 1);
    return { std::min(count, first), std::min(count, last + 1) };
}

void TaskGraphView::mousePressEvent(QMouseEvent* event)
{
    const QPoint at = event->position().toPoint();
    const auto [first, last] = taskRowsIn(QRect(at, QSize(1, 1)));
    for (int row = first; row < last; ++row) {
        if (taskRect(row).contains(at)) {
            const quint64 id = m_taskIds[size_t(row)];
            setSelectedTask(id);
            emit taskClicked(id);
            return;
        }
    }
}

void TaskGraphView::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const QColor mid = pal.color(QPalette::PlaceholderText);
    p.fillRect(event->rect(), pal.color(QPalette::Window));
    if (m_taskIds.empty()) {
        p.setPen(mid);
        p.drawText(rect().adjusted(Gap, Gap, -Gap, -Gap), Qt::AlignLeft | Qt::AlignTop, tr("No tasks yet."));
        return;
    }

    QFont normal = font();
    QFont bold = normal;
    bold.setBold(true);
    QFont small = normal;
    small.setPointSizeF(normal.pointSizeF() * 0.9);
    const QFontMetrics fm(normal);
    const int lineHeight = fm.height() + 2;

    // Futures first, so that arrows end on top of them.
    const auto [firstFuture, endFuture] = futureRowsIn(event->rect());
    for (int row = firstFuture; row < endFuture; ++row) {
        const QRect r = futureRect(row);
        if (!event->rect().intersects(r.adjusted(-4, -4, 4, 4)))
            continue; // out of sight, as for the task cards below
        const QModelIndex index = m_futures->index(row, 0);
        p.setPen(QPen(mid, 1.5, Qt::DashLine));
        p.setBrush(base);
        p.drawRoundedRect(r, 6, 6);
        p.setPen(text);
        p.setFont(bold);
        p.drawText(r.adjusted(8, 4, -8, -r.height() / 2), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(index.data(FutureListModel::LabelRole).toString(), Qt::ElideRight, r.width() - 16));
        p.setFont(small);
        QString line2 = index.data(FutureListModel::StateTextRole).toString();
        const QStringList callbacks = index.data(FutureListModel::DoneCallbacksRole).toStringList();
        if (!callbacks.isEmpty())
            line2 += QStringLiteral(" · cb: ") + callbacks.join(QStringLiteral(", "));
        p.drawText(r.adjusted(8, r.height() / 2, -8, -4), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(small).elidedText(line2, Qt::ElideRight, r.width() - 16));
    }

    const auto [firstTask, endTask] = taskRowsIn(event->rect());
    for (int row = firstTask; row < endTask; ++row) {
        const QRect r = taskRect(row);
        if (!event->rect().intersects(r.adjusted(-4, -4, 4, 4)))
            continue; // in a scroll area most cards of a big run are out of sight
        const QModelIndex index = m_tasks->index(row, 0);
        const QColor color = index.data(TaskListModel::ColorRole).value<QColor>();
        const QColor stateColor = index.data(TaskListModel::StateColorRole).value<QColor>();
        const bool running = index.data(TaskListModel::StateRole).toInt() == int(TaskView::State::Running);
        const bool selected = index.data(TaskListModel::IdRole).toULongLong() == m_selected;
        p.setPen(QPen(running ? stateColor : (selected ? pal.color(QPalette::Highlight) : color), running || selected ? 3.5 : 1.5));
        p.setBrush(base);
        p.drawRoundedRect(r, 8, 8);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(QRect(r.left(), r.top(), 8, r.height()), 4, 4);

        const int x = r.left() + 16;
        const int w = r.width() - 24;
        int y = r.top() + 6;
        p.setPen(text);
        p.setFont(bold);
        const QString name = index.data(TaskListModel::NameRole).toString();
        p.drawText(QRect(x, y, w, lineHeight), Qt::AlignLeft | Qt::AlignVCenter, name);
        const int nameWidth = QFontMetrics(bold).horizontalAdvance(name) + 8;
        p.setFont(normal);
        p.setPen(mid);
        p.drawText(QRect(x + nameWidth, y, w - nameWidth, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(index.data(TaskListModel::CoroRole).toString() + QStringLiteral("()"), Qt::ElideRight, w - nameWidth));
        y += lineHeight + 2;

        // State badge.
        const QString state = index.data(TaskListModel::StateTextRole).toString();
        const QString badge = fm.elidedText(state, Qt::ElideRight, w - 12);
        const QRect badgeRect(x, y, std::min(w, fm.horizontalAdvance(badge) + 14), lineHeight);
        p.setPen(Qt::NoPen);
        p.setBrush(stateColor);
        p.drawRoundedRect(badgeRect, lineHeight / 2.0, lineHeight / 2.0);
        p.setPen(Qt::white);
        p.drawText(badgeRect, Qt::AlignCenter, badge);
        y += lineHeight + 2;

        p.setFont(small);
        p.setPen(text);
        QStringList details;
        const int line = index.data(TaskListModel::LineRole).toInt();
        if (line > 0)
            details << tr("line %1").arg(line);
        const QStringList callbacks = index.data(TaskListModel::DoneCallbacksRole).toStringList();
        if (!callbacks.isEmpty())
            details << tr("done cb: %1").arg(callbacks.join(QStringLiteral(", ")));
        p.drawText(QRect(x, y, w, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetrics(small).elidedText(details.join(QStringLiteral(" · ")), Qt::ElideRight, w));
    }

    // Arrows from a waiting task to what it waits on; only those that can reach the exposed area are drawn.
    const auto rectOf = [this](quint64 id) -> std::optional<QRect> {
        if (const auto t = m_taskRow.constFind(id); t != m_taskRow.constEnd())
            return taskRect(*t);
        if (const auto f = m_futureRow.constFind(id); f != m_futureRow.constEnd())
            return futureRect(*f);
        return std::nullopt;
    };
    const QRect exposed = event->rect();
    for (size_t from = 0; from < m_taskIds.size(); ++from) {
        if (m_awaited[from] == 0)
            continue;
        const QRect a = taskRect(int(from));
        const auto b = rectOf(m_awaited[from]);
        if (!b)
            continue;
        // The curve never leaves the vertical span of its ends.
        if (std::max(a.bottom(), b->bottom()) + 12 < exposed.top() || std::min(a.top(), b->top()) - 12 > exposed.bottom())
            continue;
        QPointF start, end, startNormal, endNormal;
        if (b->left() > a.right()) {
            start = QPointF(a.right(), a.center().y());
            end = QPointF(b->left(), b->center().y());
            startNormal = QPointF(1, 0);
            endNormal = QPointF(-1, 0);
        } else {
            // Stacked layout: leave by the right edge and come back in by the target's right edge.
            start = QPointF(a.right(), a.center().y());
            end = QPointF(b->right(), b->center().y());
            startNormal = QPointF(1, 0);
            endNormal = QPointF(1, 0);
        }
        const qreal reach = std::max<qreal>(Gutter - 6, std::abs(end.x() - start.x()) / 2);
        const QPointF c1 = start + startNormal * reach, c2 = end + endNormal * reach;
        // The curve stays inside its control points' hull: skip arrows that cannot reach the exposed area.
        const QRectF hull = QPolygonF({ start, c1, c2, end }).boundingRect().adjusted(-12, -12, 12, 12);
        if (!hull.intersects(QRectF(event->rect())))
            continue;
        const QColor color = m_tasks->index(int(from), 0).data(TaskListModel::ColorRole).value<QColor>();
        QPainterPath path(start);
        path.cubicTo(c1, c2, end);
        p.setPen(QPen(color, 2.2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(path);
        // Arrowhead along the curve's last direction.
        const QPointF tangent = end - path.pointAtPercent(0.97);
        const qreal angle = std::atan2(tangent.y(), tangent.x());
        QPolygonF head;
        head << end << end - QPointF(std::cos(angle - 0.45) * 11, std::sin(angle - 0.45) * 11)
             << end - QPointF(std::cos(angle + 0.45) * 11, std::sin(angle + 0.45) * 11);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawPolygon(head);
    }
}

} // namespace loopscope
