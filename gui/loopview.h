#pragma once
// LoopView: the centrepiece. Draws one LoopState as _run_once's phase strip, the clock and the
// selector, the running slot, the ready deque and the timer heap (tree and array), and animates
// the handles between two consecutive states.

#include <QGraphicsView>
#include <QHash>
#include <QPointer>

#include <loopscope/debug/loopstate.h>

class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QParallelAnimationGroup;

namespace loopscope {

class HandleItem;

/// The event loop drawn as a scene; `setState` moves the cards to the new state.
class LoopView : public QGraphicsView {
    Q_OBJECT
public:
    /// The ready deque draws its head's handles as cards, the rest as one "+k more" card.
    static constexpr int MaxReadyCards = 16;
    /// The heap tree draws this many levels as cards; deeper timers are counted under it.
    static constexpr int MaxHeapLevels = 5;
    /// The heap array draws this many cells, then one "… +k" cell.
    static constexpr int MaxArrayCells = 15;

    explicit LoopView(QWidget* parent = nullptr);
    ~LoopView() override;

    /// Shows `state`; with `animate` and a non-zero duration, cards travel to their new places.
    void setState(const LoopState& state, bool animate = true);
    /// Length of one transition in milliseconds; 0 turns animations off.
    void setAnimationDuration(int milliseconds);
    int animationDuration() const;
    /// Jumps every running animation to its end.
    void finishAnimations();
    /// The transition running now, or null (for frame-exact video export and tests).
    QParallelAnimationGroup* currentAnimation() const;

    /// Cards in the ready deque, head first (at most MaxReadyCards).
    QList<HandleItem*> readyCards() const;
    /// Handles of the ready deque behind the cards, shown as "+k more".
    int hiddenReadyCount() const;
    /// Cards in the timer heap, in heap-array order (node i's children are 2i+1 and 2i+2; the
    /// first MaxHeapLevels levels).
    QList<HandleItem*> heapNodes() const;
    /// Timers in the heap's deeper levels, counted under the tree.
    int hiddenHeapCount() const;
    /// The card in the running slot, or null.
    HandleItem* runningCard() const;
    /// The phase drawn lit (Idle when none is).
    LoopPhase litPhase() const;
    /// Text of the clock display ("2.000").
    QString clockText() const;
    /// Text of the selector box ("timeout = 2.000", "timeout = None").
    QString selectorText() const;
    /// Labels of the heap array cells drawn, in order ("[0] 2.000"; at most MaxArrayCells).
    QStringList heapArrayLabels() const;
    /// The phase strip's box for `phase` (not Idle).
    QGraphicsRectItem* phaseBox(LoopPhase phase) const;

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildStaticItems();
    void applyPalette();
    void layoutHeapDecorations(const LoopState& state, int levels, int shownNodes);
    void fitScene();
    HandleItem* takeOrCreate(const HandleView& handle, QHash<uint64_t, HandleItem*>& old, QPointF entry, bool& created);
    void setClockValue(double clock);

    QGraphicsScene* m_scene;
    QHash<uint64_t, HandleItem*> m_items; ///< every card on screen by handle id
    QList<HandleItem*> m_ready;
    QList<HandleItem*> m_heap;
    HandleItem* m_running = nullptr;
    QList<QGraphicsRectItem*> m_phaseBoxes;
    QList<QGraphicsSimpleTextItem*> m_phaseTexts;
    QGraphicsSimpleTextItem* m_iterationText = nullptr;
    QGraphicsSimpleTextItem* m_clockText = nullptr;
    QGraphicsSimpleTextItem* m_selectorText = nullptr;
    QGraphicsSimpleTextItem* m_lineText = nullptr;
    QGraphicsSimpleTextItem* m_readyEmpty = nullptr;
    QGraphicsSimpleTextItem* m_heapEmpty = nullptr;
    QGraphicsSimpleTextItem* m_runningEmpty = nullptr;
    QGraphicsSimpleTextItem* m_finishedText = nullptr;
    QList<QGraphicsRectItem*> m_frames;
    QList<QGraphicsSimpleTextItem*> m_labels;
    QList<QGraphicsItem*> m_heapDecorations; ///< edges and array cells, rebuilt per state
    QGraphicsRectItem* m_readyMore = nullptr; ///< the "+k more" card after the ready deque's cards
    QGraphicsSimpleTextItem* m_readyMoreText = nullptr;
    int m_hiddenReady = 0;
    int m_hiddenHeap = 0;
    QStringList m_heapArrayLabels;
    QList<bool> m_heapCancelled; ///< with the labels and m_heapLevels: what the decorations show
    int m_heapLevels = -1;
    int m_heapSize = -1;
    QList<QColor> m_appliedColors; ///< the palette colours last applied (cached cards need a repaint when they change)
    QPointer<QParallelAnimationGroup> m_animation;
    LoopPhase m_phase = LoopPhase::Idle;
    double m_clock = 0.0;
    int m_duration = 450;
    qreal m_sceneHeight = 0;
};

} // namespace loopscope
