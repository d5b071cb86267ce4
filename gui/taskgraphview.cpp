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
    for (QAbstractItemModel* model : { tasks, futures }) {
        if (!model)
            continue;
        connect(model, &QAbstractItemModel::modelReset, this, &TaskGraphView::relayout);
        connect(model, &QAbstractItemModel::rowsInserted, this, &TaskGraphView::relayout);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &TaskGraphView::relayout);
        connect(model, &QAbstractItemModel::dataChanged, this, &TaskGraphView::relayout);
    }
    relayout();
}

QRect TaskGraphView::taskRect(int row) const
{
    return m_taskRects.value(row);
}

QRect TaskGraphView::futureRect(int row) const
{
    return m_futureRects.value(row);
}

QList<QPair<quint64, quint64>> TaskGraphView::arrows() const
{
    return m_arrows;
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
    m_taskRects.clear();
    m_futureRects.clear();
    m_arrows.clear();
    const int tasks = m_tasks ? m_tasks->rowCount() : 0;
    const int futures = m_futures ? m_futures->rowCount() : 0;
    if (isWide(width())) {
        // Task cards in columns on the left, the futures they wait on in a column on the right.
        const int columns = std::max(1, (width() - FutureWidth - ArrowRoom - Gap) / (CardWidth + Gap));
        for (int row = 0; row < tasks; ++row)
            m_taskRects << QRect(Gap + (row % columns) * (CardWidth + Gap), Gap + (row / columns) * (CardHeight + Gap), CardWidth, CardHeight);
        const int futureX = width() - FutureWidth - Gap;
        for (int row = 0; row < futures; ++row)
            m_futureRects << QRect(futureX, Gap + row * (FutureHeight + Gap), FutureWidth, FutureHeight);
    } else {
        // One column: tasks, then futures; arrows loop through a gutter on the right.
        const int w = std::max(120, width() - 2 * Gap - Gutter);
        int y = Gap;
        for (int row = 0; row < tasks; ++row, y += CardHeight + Gap)
            m_taskRects << QRect(Gap, y, w, CardHeight);
        for (int row = 0; row < futures; ++row, y += FutureHeight + Gap)
            m_futureRects << QRect(Gap, y, w, FutureHeight);
    }

    for (int row = 0; row < tasks; ++row) {
        const QModelIndex index = m_tasks->index(row, 0);
        const quint64 target = index.data(TaskListModel::AwaitingIdRole).toULongLong();
        if (target != 0 && index.data(TaskListModel::StateRole).toInt() == int(TaskView::State::Suspended))
            m_arrows << qMakePair(index.data(TaskListModel::IdRole).toULongLong(), target);
    }
    // Re-laying out the window on every step cost more than painting: only when the height moves.
    if (const int needed = heightForWidth(width()); needed != m_laidOutHeight) {
        m_laidOutHeight = needed;
        updateGeometry();
        if (minimumHeight() != needed)
            setMinimumHeight(needed);
    }
    update();
}

QPoint TaskGraphView::cardOrigin(int row, int) const
{
    return m_taskRects.value(row).topLeft();
}

void TaskGraphView::mousePressEvent(QMouseEvent* event)
{
    for (int row = 0; row < m_taskRects.size(); ++row) {
        if (m_taskRects[row].contains(event->position().toPoint())) {
            const quint64 id = m_tasks->index(row, 0).data(TaskListModel::IdRole).toULongLong();
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
    p.fillRect(rect(), pal.color(QPalette::Window));
    const int tasks = m_tasks ? m_tasks->rowCount() : 0;
    const int futures = m_futures ? m_futures->rowCount() : 0;
    if (tasks == 0) {
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
    for (int row = 0; row < futures; ++row) {
        const QRect r = m_futureRects[row];
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

    for (int row = 0; row < tasks; ++row) {
        const QRect r = m_taskRects[row];
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

    // Arrows from a waiting task to what it waits on. Ids are looked up once per paint: with
    // thousands of tasks a search per arrow made painting quadratic.
    QHash<quint64, int> taskRow, futureRow;
    for (int row = 0; row < tasks; ++row)
        taskRow.insert(m_tasks->index(row, 0).data(TaskListModel::IdRole).toULongLong(), row);
    for (int row = 0; row < futures; ++row)
        futureRow.insert(m_futures->index(row, 0).data(FutureListModel::IdRole).toULongLong(), row);
    const auto rectOf = [&](quint64 id) -> std::optional<QRect> {
        if (const auto t = taskRow.constFind(id); t != taskRow.constEnd())
            return m_taskRects[*t];
        if (const auto f = futureRow.constFind(id); f != futureRow.constEnd())
            return m_futureRects[*f];
        return std::nullopt;
    };
    for (const auto& [from, to] : std::as_const(m_arrows)) {
        const auto a = rectOf(from);
        const auto b = rectOf(to);
        if (!a || !b)
            continue;
        QPointF start, end, startNormal, endNormal;
        if (b->left() > a->right()) {
            start = QPointF(a->right(), a->center().y());
            end = QPointF(b->left(), b->center().y());
            startNormal = QPointF(1, 0);
            endNormal = QPointF(-1, 0);
        } else {
            // Stacked layout: leave by the right edge and come back in by the target's right edge.
            start = QPointF(a->right(), a->center().y());
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
        const int row = taskRow.value(from, 0);
        const QColor color = m_tasks->index(row, 0).data(TaskListModel::ColorRole).value<QColor>();
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
