#include "handleitem.h"

#include "taskcolors.h"

#include <QPainter>

namespace loopscope {

namespace {
struct Colors {
    QColor base { Qt::white };
    QColor text { Qt::black };
    QColor mid { Qt::gray };
};
Colors& colors()
{
    static Colors c;
    return c;
}

uint64_t taskIdOf(const QString& name)
{
    // "Task-3" → 3, so the card takes the same colour as the task everywhere else.
    if (name.startsWith(QLatin1String("Task-")))
        return name.mid(5).toULongLong();
    return qHash(name) % 7 + 1;
}
} // namespace

HandleItem::HandleItem(const HandleView& handle, QGraphicsItem* parent)
    : QGraphicsObject(parent)
{
    // A big heap repaints hundreds of cards per step: draw each once, then blit it until it changes.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
    setHandle(handle);
}

QRectF HandleItem::boundingRect() const
{
    return QRectF(-2, -2, Width + 4, Height + 4);
}

void HandleItem::setColors(const QColor& base, const QColor& text, const QColor& mid)
{
    colors() = Colors { base, text, mid };
}

QString HandleItem::title() const
{
    return QString::fromStdString(m_handle.callback);
}

QString HandleItem::subtitle() const
{
    QStringList parts;
    if (!m_handle.task.empty())
        parts << QString::fromStdString(m_handle.task);
    if (!m_handle.argTask.empty())
        parts << QStringLiteral("arg=") + QString::fromStdString(m_handle.argTask);
    if (m_handle.timer)
        parts << QStringLiteral("when=%1").arg(m_handle.when, 0, 'f', 3);
    return parts.join(QLatin1Char(' '));
}

void HandleItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    const Colors& c = colors();
    const QString owner = !m_handle.task.empty() ? QString::fromStdString(m_handle.task) : QString::fromStdString(m_handle.argTask);
    QColor accent = owner.isEmpty() ? c.mid : taskColor(taskIdOf(owner));
    QColor fill = c.base;
    QColor text = c.text;
    if (m_handle.cancelled) {
        accent = c.mid;
        text = c.mid;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF card(0, 0, Width, Height);
    painter->setPen(QPen(accent, m_running ? 4 : 2));
    painter->setBrush(fill);
    painter->drawRoundedRect(card, 8, 8);
    // A stripe in the task's colour on the left makes a task's handles easy to follow.
    painter->setPen(Qt::NoPen);
    painter->setBrush(accent);
    painter->drawRoundedRect(QRectF(0, 0, 9, Height), 4, 4);

    QFont font = painter->font();
    font.setBold(true);
    font.setStrikeOut(m_handle.cancelled);
    const QRectF textRect = card.adjusted(16, 5, -6, -Height / 2);
    // Long callback names (_set_result_unless_cancelled) get a smaller font before eliding.
    for (int size = 16; size >= 11; --size) {
        font.setPixelSize(size);
        if (QFontMetricsF(font).horizontalAdvance(title()) <= textRect.width())
            break;
    }
    painter->setFont(font);
    painter->setPen(text);
    painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(title(), Qt::ElideMiddle, int(textRect.width()))); // both ends name a callback
    font.setBold(false);
    font.setPixelSize(13);
    painter->setFont(font);
    const QRectF subRect = card.adjusted(16, Height / 2, -6, -5);
    painter->drawText(subRect, Qt::AlignLeft | Qt::AlignVCenter,
        painter->fontMetrics().elidedText(subtitle(), Qt::ElideRight, int(subRect.width())));
}

void HandleItem::setHandle(const HandleView& handle)
{
    if (handle == m_handle && !toolTip().isEmpty())
        return; // unchanged: no repaint (a big heap keeps most of its nodes on each step)
    m_handle = handle;
    setToolTip(handleText(handle) + (handle.cancelled ? tr(" (cancelled)") : QString()));
    update();
}

const HandleView& HandleItem::handle() const
{
    return m_handle;
}

QPointF HandleItem::targetPos() const
{
    return m_target;
}

void HandleItem::setTargetPos(QPointF pos)
{
    m_target = pos;
}

void HandleItem::setRunning(bool running)
{
    if (m_running == running)
        return;
    m_running = running;
    update();
}

} // namespace loopscope
