#include "loopview.h"

#include "handleitem.h"
#include "taskcolors.h"

#include <QEvent>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QParallelAnimationGroup>
#include <QPropertyAnimation>
#include <QVariantAnimation>

#include <cmath>

namespace loopscope {

namespace {
constexpr qreal SceneWidth = 820;
constexpr qreal Margin = 16;
constexpr qreal StripY = 34;
constexpr qreal StripHeight = 56;
constexpr qreal RowBY = 104;
constexpr qreal RowBHeight = 100;
constexpr qreal ReadyLabelY = 218;
constexpr qreal ReadyY = 246;
constexpr qreal HeapLabelY = 326;
constexpr qreal HeapTop = 358;
constexpr qreal LevelGap = 80;
constexpr qreal ClockWidth = 190;
constexpr qreal SelectorWidth = 250;
constexpr qreal Gap = 12;

const LoopPhase Phases[] = { LoopPhase::PurgeCancelled, LoopPhase::ComputeTimeout, LoopPhase::Select,
    LoopPhase::ProcessEvents, LoopPhase::MoveDueTimers, LoopPhase::RunReady };

QFont sceneFont(int pixelSize, bool bold = false, bool mono = false)
{
    QFont f;
    if (mono)
        f.setFamily(QStringLiteral("monospace"));
    f.setStyleHint(mono ? QFont::Monospace : QFont::SansSerif);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

QPointF runningSlotPos()
{
    return QPointF(Margin + ClockWidth + Gap + SelectorWidth + Gap + 16, RowBY + 30);
}
} // namespace

LoopView::LoopView(QWidget* parent)
    : QGraphicsView(parent)
    , m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    setFrameShape(QFrame::NoFrame);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setMinimumSize(480, 300);
    buildStaticItems();
    applyPalette();
    setState(LoopState {}, false);
}

LoopView::~LoopView()
{
    if (m_animation)
        m_animation->stop();
}

void LoopView::buildStaticItems()
{
    const auto label = [this](const QString& text, QPointF pos, int size = 15, bool bold = true) {
        auto* item = m_scene->addSimpleText(text, sceneFont(size, bold));
        item->setPos(pos);
        m_labels << item;
        return item;
    };
    const auto frame = [this](QRectF rect) {
        auto* item = m_scene->addRect(rect);
        item->setZValue(-10);
        m_frames << item;
        return item;
    };

    label(tr("BaseEventLoop._run_once"), QPointF(Margin, 6), 17);
    m_iterationText = label(QString(), QPointF(SceneWidth - Margin - 300, 6), 17);

    const qreal boxWidth = (SceneWidth - 2 * Margin - 5 * 8) / 6;
    for (int i = 0; i < 6; ++i) {
        auto* box = m_scene->addRect(QRectF(0, 0, boxWidth, StripHeight));
        box->setPos(Margin + i * (boxWidth + 8), StripY);
        box->setZValue(-5);
        // Two lines ("5 move due" / "timers") keep six phases readable across a narrow strip.
        const QString title = phaseTitle(Phases[i]);
        const int split = title.lastIndexOf(QLatin1Char(' '));
        const QString twoLines = split > 0 ? title.left(split) + QLatin1Char('\n') + title.mid(split + 1) : title;
        auto* text = new QGraphicsSimpleTextItem(QStringLiteral("%1 %2").arg(i + 1).arg(twoLines), box);
        text->setFont(sceneFont(15, true));
        const QRectF r = text->boundingRect();
        text->setPos((boxWidth - r.width()) / 2, (StripHeight - r.height()) / 2);
        m_phaseBoxes << box;
        m_phaseTexts << text;
    }

    frame(QRectF(Margin, RowBY, ClockWidth, RowBHeight));
    label(tr("loop.time()"), QPointF(Margin + 10, RowBY + 6), 14, false);
    m_clockText = m_scene->addSimpleText(QString(), sceneFont(36, true, true));
    m_clockText->setPos(Margin + 14, RowBY + 36);

    const qreal selX = Margin + ClockWidth + Gap;
    frame(QRectF(selX, RowBY, SelectorWidth, RowBHeight));
    label(tr("selector.select(timeout)"), QPointF(selX + 10, RowBY + 6), 14, false);
    m_selectorText = m_scene->addSimpleText(QString(), sceneFont(22, true, true));
    m_selectorText->setPos(selX + 16, RowBY + 40);

    const qreal runX = selX + SelectorWidth + Gap;
    frame(QRectF(runX, RowBY, SceneWidth - Margin - runX, RowBHeight));
    label(tr("running: handle._run()"), QPointF(runX + 10, RowBY + 6), 14, false);
    m_runningEmpty = label(tr("nothing running"), QPointF(runX + 22, RowBY + 50), 16, false);
    m_lineText = label(QString(), QPointF(runX + HandleItem::Width + 28, RowBY + 36), 18, true);
    m_finishedText = label(QString(), QPointF(runX + HandleItem::Width + 28, RowBY + 62), 14, false);

    label(tr("ready deque  self._ready    popleft ← head … tail ← append"), QPointF(Margin, ReadyLabelY), 16);
    m_readyEmpty = label(tr("empty"), QPointF(Margin + 20, ReadyY + 18), 16, false);
    m_readyMore = m_scene->addRect(QRectF(0, 0, HandleItem::Width, HandleItem::Height));
    m_readyMore->setZValue(1);
    m_readyMore->setVisible(false);
    m_readyMoreText = new QGraphicsSimpleTextItem(m_readyMore);
    label(tr("timer heap  self._scheduled    heapq: children of i at 2i+1, 2i+2"), QPointF(Margin, HeapLabelY), 16);
    m_heapEmpty = label(tr("empty"), QPointF(Margin + 20, HeapTop + 10), 16, false);
}

void LoopView::applyPalette()
{
    const QPalette pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const QColor text = pal.color(QPalette::Text);
    const QColor mid = pal.color(QPalette::PlaceholderText);
    m_scene->setBackgroundBrush(pal.color(QPalette::Window));
    HandleItem::setColors(base, text, mid);
    for (auto* item : m_labels)
        item->setBrush(text);
    for (auto* f : m_frames) {
        f->setPen(QPen(mid, 1.5));
        f->setBrush(base);
    }
    for (auto* t : { m_clockText, m_selectorText })
        t->setBrush(text);
    for (auto* t : { m_runningEmpty, m_readyEmpty, m_heapEmpty, m_finishedText })
        t->setBrush(mid);
    m_readyMore->setPen(QPen(mid, 1.5, Qt::DashLine));
    m_readyMore->setBrush(base);
    m_readyMoreText->setBrush(text);
    for (int i = 0; i < m_phaseBoxes.size(); ++i) {
        const bool lit = Phases[i] == m_phase;
        m_phaseBoxes[i]->setPen(QPen(lit ? pal.color(QPalette::Highlight) : mid, lit ? 3 : 1.5));
        m_phaseBoxes[i]->setBrush(lit ? pal.color(QPalette::Highlight) : base);
        m_phaseTexts[i]->setBrush(lit ? pal.color(QPalette::HighlightedText) : mid);
    }
    for (auto* d : m_heapDecorations) {
        if (auto* line = dynamic_cast<QGraphicsLineItem*>(d))
            line->setPen(QPen(mid, 2));
        else if (auto* rect = dynamic_cast<QGraphicsRectItem*>(d)) {
            rect->setPen(QPen(mid, 1));
            rect->setBrush(base);
        } else if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(d))
            t->setBrush(text);
    }
    const QList<QColor> applied { base, text, mid, pal.color(QPalette::Window), pal.color(QPalette::Highlight),
        pal.color(QPalette::HighlightedText) };
    if (applied == m_appliedColors)
        return; // the items above repaint what they changed themselves
    m_appliedColors = applied;
    for (QGraphicsItem* item : m_scene->items()) {
        if (auto* card = dynamic_cast<HandleItem*>(item))
            card->update(); // drops its cached picture
    }
    m_scene->update();
}

void LoopView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QGraphicsView::changeEvent(event);
}

void LoopView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    fitScene();
}

void LoopView::fitScene()
{
    // The whole loop stays in sight: fit both ways (the scene reserves room for a 3-level heap,
    // so the scale only changes when the heap grows deeper than that).
    const QRectF r = m_scene->sceneRect();
    const qreal scale = std::max<qreal>(0.1, std::min((viewport()->width() - 4) / r.width(), (viewport()->height() - 4) / r.height()));
    setTransform(QTransform::fromScale(scale, scale));
}

void LoopView::setAnimationDuration(int milliseconds)
{
    m_duration = std::max(0, milliseconds);
}

int LoopView::animationDuration() const
{
    return m_duration;
}

void LoopView::finishAnimations()
{
    if (m_animation) {
        m_animation->setCurrentTime(m_animation->totalDuration());
        m_animation->stop();
        delete m_animation;
    }
}

QParallelAnimationGroup* LoopView::currentAnimation() const
{
    return m_animation;
}

HandleItem* LoopView::takeOrCreate(const HandleView& handle, QHash<uint64_t, HandleItem*>& old, QPointF entry, bool& created)
{
    if (handle.id != 0) {
        if (HandleItem* item = old.take(handle.id)) {
            item->setHandle(handle);
            created = false;
            return item;
        }
    }
    auto* item = new HandleItem(handle);
    m_scene->addItem(item);
    item->setPos(entry);
    created = true;
    return item;
}

void LoopView::setState(const LoopState& state, bool animate)
{
    finishAnimations();
    const bool animated = animate && m_duration > 0;
    auto* group = new QParallelAnimationGroup(this);

    // Cards without an id cannot be followed from one state to the next; they are rebuilt.
    QHash<uint64_t, HandleItem*> old = m_items;
    QList<HandleItem*> orphans;
    for (HandleItem* item : std::as_const(m_ready) + m_heap) {
        if (item->handle().id == 0)
            orphans << item;
    }
    if (m_running && m_running->handle().id == 0)
        orphans << m_running;
    m_items.clear();
    m_ready.clear();
    m_heap.clear();
    m_running = nullptr;

    struct Placement {
        HandleItem* item;
        QPointF target;
        qreal scale;
        bool created;
    };
    QList<Placement> placements;
    const auto place = [&](const HandleView& h, QPointF target, qreal scale, QPointF entry) {
        bool created = false;
        HandleItem* item = takeOrCreate(h, old, entry, created);
        if (h.id != 0)
            m_items.insert(h.id, item);
        item->setTargetPos(target);
        item->setRunning(false);
        placements.append(Placement { item, target, scale, created });
        return item;
    };

    // Ready deque: shrink the slots when many handles are queued; past MaxReadyCards one card counts the rest.
    const qreal available = SceneWidth - 2 * Margin;
    const int n = std::min<int>(int(state.ready.size()), MaxReadyCards);
    m_hiddenReady = int(state.ready.size()) - n;
    const int slotCount = n + (m_hiddenReady > 0 ? 1 : 0);
    const qreal slot = slotCount > 0 ? std::min<qreal>(HandleItem::Width + 12, available / slotCount) : HandleItem::Width + 12;
    const qreal readyScale = std::min<qreal>(1.0, (slot - 8) / HandleItem::Width);
    for (int i = 0; i < n; ++i) {
        const QPointF target(Margin + i * slot, ReadyY + (1 - readyScale) * HandleItem::Height / 2);
        m_ready << place(state.ready[size_t(i)], target, readyScale, target + QPointF(slot * 1.5, 0));
    }
    m_readyMore->setVisible(m_hiddenReady > 0);
    if (m_hiddenReady > 0) {
        m_readyMore->setRect(0, 0, HandleItem::Width * readyScale, HandleItem::Height * readyScale);
        m_readyMore->setPos(Margin + n * slot, ReadyY + (1 - readyScale) * HandleItem::Height / 2);
        m_readyMore->setToolTip(tr("%n more handle(s) in the ready deque", nullptr, m_hiddenReady));
        m_readyMoreText->setText(tr("+%1 more").arg(m_hiddenReady));
        m_readyMoreText->setFont(sceneFont(std::clamp(int(16 * readyScale * 1.6), 8, 16), true));
        const QRectF box = m_readyMore->rect(), r = m_readyMoreText->boundingRect();
        m_readyMoreText->setPos((box.width() - r.width()) / 2, (box.height() - r.height()) / 2);
    }

    // Timer heap as a binary tree: node i sits at level floor(log2(i+1)); MaxHeapLevels levels are drawn.
    const int heapSize = std::min<int>(int(state.heap.size()), (1 << MaxHeapLevels) - 1);
    m_hiddenHeap = int(state.heap.size()) - heapSize;
    int levels = 0;
    while ((1 << levels) - 1 < heapSize)
        ++levels;
    for (int i = 0; i < heapSize; ++i) {
        const int level = int(std::floor(std::log2(i + 1)));
        const int first = (1 << level) - 1;
        const qreal width = available / (1 << level);
        const qreal scale = std::min<qreal>(1.0, (width - 10) / HandleItem::Width);
        const qreal cx = Margin + (i - first + 0.5) * width;
        const QPointF target(cx - HandleItem::Width * scale / 2, HeapTop + level * LevelGap);
        m_heap << place(state.heap[size_t(i)], target, scale, target - QPointF(0, 40));
    }

    if (state.running) {
        m_running = place(state.runningHandle, runningSlotPos(), 1.0, runningSlotPos() - QPointF(0, 30));
        m_running->setRunning(true);
    }

    for (const Placement& p : placements) {
        p.item->setZValue(p.item == m_running ? 3 : 1);
        if (!animated) {
            p.item->setPos(p.target);
            p.item->setScale(p.scale);
            p.item->setOpacity(1.0);
            continue;
        }
        if (p.item->pos() != p.target) {
            // Cards in flight are drawn above the others.
            p.item->setZValue(p.created ? 1 : 2);
            auto* move = new QPropertyAnimation(p.item, "pos", group);
            move->setStartValue(p.item->pos());
            move->setEndValue(p.target);
            move->setDuration(m_duration);
            move->setEasingCurve(QEasingCurve::InOutCubic);
        }
        if (p.item->scale() != p.scale) {
            auto* grow = new QPropertyAnimation(p.item, "scale", group);
            grow->setStartValue(p.item->scale());
            grow->setEndValue(p.scale);
            grow->setDuration(m_duration);
        }
        if (p.created || p.item->opacity() < 1.0) {
            auto* fade = new QPropertyAnimation(p.item, "opacity", group);
            fade->setStartValue(p.created ? 0.0 : p.item->opacity());
            fade->setEndValue(1.0);
            fade->setDuration(m_duration);
        }
    }

    // Whatever is left has left the loop: it ran, was skipped or was dropped.
    orphans += old.values();
    for (HandleItem* item : std::as_const(orphans)) {
        if (!animated) {
            delete item;
            continue;
        }
        auto* fade = new QPropertyAnimation(item, "opacity", group);
        fade->setStartValue(item->opacity());
        fade->setEndValue(0.0);
        fade->setDuration(m_duration);
        connect(fade, &QAbstractAnimation::finished, item, &QObject::deleteLater);
        // The group may be deleted before finishing (next step): take the card with it.
        connect(group, &QObject::destroyed, item, [item] { delete item; });
    }

    // Phase strip, clock, selector.
    m_phase = state.phase;
    m_iterationText->setText(state.phase == LoopPhase::Idle
            ? (state.finished ? tr("finished: %1").arg(QString::fromStdString(state.finishReason)) : tr("outside _run_once"))
            : tr("iteration %1 · %2").arg(state.iteration).arg(phaseTitle(state.phase)));
    m_iterationText->setPos(SceneWidth - Margin - m_iterationText->boundingRect().width(), 6);
    m_selectorText->setText(std::isnan(state.selectTimeout)
            ? (state.phase == LoopPhase::Idle || state.phase == LoopPhase::PurgeCancelled ? QStringLiteral("—") : tr("timeout = None"))
            : tr("timeout = %1").arg(state.selectTimeout, 0, 'f', 3));
    m_runningEmpty->setVisible(!state.running);
    // The last line stays in the state after a step ends: it is only "the line running" while a handle runs one.
    m_lineText->setText(state.running && state.currentLineIsLive() ? tr("line %1").arg(state.currentLine) : QString());
    QString runningTask;
    for (const TaskView& t : state.tasks) {
        if (t.id == state.runningTaskId && state.runningTaskId != 0)
            runningTask = tr("task %1").arg(QString::fromStdString(t.name));
    }
    m_finishedText->setText(runningTask);
    m_readyEmpty->setVisible(state.ready.empty());
    m_heapEmpty->setVisible(state.heap.empty());

    if (animated && m_clock != state.clock) {
        auto* tick = new QVariantAnimation(group);
        tick->setStartValue(m_clock);
        tick->setEndValue(state.clock);
        tick->setDuration(m_duration);
        connect(tick, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) { setClockValue(v.toDouble()); });
    }
    m_clock = state.clock;
    setClockValue(animated ? m_clockText->data(0).toDouble() : state.clock);
    if (!animated)
        setClockValue(state.clock);

    layoutHeapDecorations(state, levels, heapSize);
    applyPalette();

    if (group->animationCount() == 0) {
        delete group;
        setClockValue(state.clock);
    } else {
        m_animation = group;
        connect(group, &QAbstractAnimation::finished, this, [this, group] {
            setClockValue(m_clock);
            group->deleteLater();
        });
        group->start();
    }
}

void LoopView::setClockValue(double clock)
{
    m_clockText->setData(0, clock);
    m_clockText->setText(QString::number(clock, 'f', 3));
}

void LoopView::layoutHeapDecorations(const LoopState& state, int levels, int shownNodes)
{
    // Most steps leave the heap alone: rebuilding a big heap's edges and cells per step dominated the step.
    const int heapSize = int(state.heap.size());
    const int cells = std::min(heapSize, MaxArrayCells);
    QStringList labels;
    QList<bool> cancelled;
    labels.reserve(cells);
    for (int i = 0; i < cells; ++i) {
        labels << QStringLiteral("[%1] %2").arg(i).arg(state.heap[size_t(i)].when, 0, 'f', 3);
        cancelled << state.heap[size_t(i)].cancelled;
    }
    if (levels == m_heapLevels && heapSize == m_heapSize && labels == m_heapArrayLabels && cancelled == m_heapCancelled)
        return;
    m_heapLevels = levels;
    m_heapSize = heapSize;
    m_heapCancelled = cancelled;
    qDeleteAll(m_heapDecorations);
    m_heapDecorations.clear();
    m_heapArrayLabels.clear();
    const qreal available = SceneWidth - 2 * Margin;
    const auto centre = [&](int i) {
        const int level = int(std::floor(std::log2(i + 1)));
        const qreal width = available / (1 << level);
        return QPointF(Margin + (i - ((1 << level) - 1) + 0.5) * width, HeapTop + level * LevelGap);
    };
    for (int i = 1; i < shownNodes; ++i) {
        const QPointF child = centre(i);
        const QPointF parent = centre((i - 1) / 2);
        const qreal parentLevel = std::floor(std::log2((i - 1) / 2 + 1));
        const qreal parentScale = std::min<qreal>(1.0, (available / (1 << int(parentLevel)) - 10) / HandleItem::Width);
        auto* edge = m_scene->addLine(QLineF(parent + QPointF(0, HandleItem::Height * parentScale), child));
        edge->setZValue(-1);
        m_heapDecorations << edge;
    }
    if (shownNodes < heapSize) {
        auto* more = m_scene->addSimpleText(
            tr("+%1 more timers in deeper levels (in the array below)").arg(heapSize - shownNodes), sceneFont(14, true));
        more->setPos(Margin, HeapTop + (levels - 1) * LevelGap + 30);
        m_heapDecorations << more;
    }
    // The array heapq really keeps, under the tree.
    const qreal arrayY = HeapTop + std::max(levels, 1) * LevelGap + 6;
    const qreal reservedY = HeapTop + std::max(levels, 3) * LevelGap + 6;
    if (heapSize > 0) {
        auto* title = m_scene->addSimpleText(tr("self._scheduled ="), sceneFont(15, true));
        title->setPos(Margin, arrayY + 8);
        m_heapDecorations << title;
        const qreal startX = Margin + 140;
        const int slotCount = cells + (cells < heapSize ? 1 : 0);
        const qreal cell = std::min<qreal>(104, (SceneWidth - Margin - startX) / slotCount);
        for (int i = 0; i < slotCount; ++i) {
            const bool more = i == cells;
            const bool isCancelled = !more && state.heap[size_t(i)].cancelled;
            const QString text = more ? tr("… +%1").arg(heapSize - cells) : labels[i];
            if (!more)
                m_heapArrayLabels << text;
            auto* rect = m_scene->addRect(QRectF(startX + i * cell, arrayY, cell - 4, 36));
            m_heapDecorations << rect;
            auto* t = new QGraphicsSimpleTextItem(text, rect);
            t->setFont(sceneFont(cell > 90 ? 14 : cell > 60 ? 11 : 8, more, true));
            QFont f = t->font();
            f.setStrikeOut(isCancelled);
            t->setFont(f);
            t->setPos(startX + i * cell + 6, arrayY + 9);
            t->setOpacity(isCancelled ? 0.5 : 1.0);
        }
    }
    const qreal height = std::max(arrayY, reservedY) + 50;
    if (height != m_sceneHeight) {
        m_sceneHeight = height;
        m_scene->setSceneRect(0, 0, SceneWidth, m_sceneHeight);
        fitScene();
    }
}

QList<HandleItem*> LoopView::readyCards() const
{
    return m_ready;
}

int LoopView::hiddenReadyCount() const
{
    return m_hiddenReady;
}

QList<HandleItem*> LoopView::heapNodes() const
{
    return m_heap;
}

int LoopView::hiddenHeapCount() const
{
    return m_hiddenHeap;
}

HandleItem* LoopView::runningCard() const
{
    return m_running;
}

LoopPhase LoopView::litPhase() const
{
    return m_phase;
}

QString LoopView::clockText() const
{
    return QString::number(m_clock, 'f', 3);
}

QString LoopView::selectorText() const
{
    return m_selectorText->text();
}

QStringList LoopView::heapArrayLabels() const
{
    return m_heapArrayLabels;
}

QGraphicsRectItem* LoopView::phaseBox(LoopPhase phase) const
{
    for (int i = 0; i < 6; ++i) {
        if (Phases[i] == phase)
            return m_phaseBoxes[i];
    }
    return nullptr;
}

} // namespace loopscope

