#pragma once
// HandleItem: one Handle or TimerHandle drawn as a card; the loop view moves it between the
// ready deque, the running slot and the timer heap, keyed by the handle's id.

#include <QGraphicsObject>

#include <loopscope/debug/loopstate.h>

namespace loopscope {

/// A card showing a handle's callback, its task and (for timers) its deadline.
class HandleItem : public QGraphicsObject {
    Q_OBJECT
public:
    static constexpr qreal Width = 150;
    static constexpr qreal Height = 56;

    explicit HandleItem(const HandleView& handle, QGraphicsItem* parent = nullptr);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    /// Replaces what the card shows (same id, new details such as `cancelled`).
    void setHandle(const HandleView& handle);
    const HandleView& handle() const;
    /// The card's first text line: the callback, e.g. "__step".
    QString title() const;
    /// The card's second text line: "Task-1", "arg=Task-1", "when=2.000" …
    QString subtitle() const;
    /// Where the card should come to rest (the animation's end), in scene coordinates.
    QPointF targetPos() const;
    void setTargetPos(QPointF pos);
    /// Marks the card as the one running now (drawn with a thicker outline).
    void setRunning(bool running);
    /// The colours of the current palette (dark or light), shared by all cards.
    static void setColors(const QColor& base, const QColor& text, const QColor& mid);

private:
    HandleView m_handle;
    QPointF m_target;
    bool m_running = false;
};

} // namespace loopscope
