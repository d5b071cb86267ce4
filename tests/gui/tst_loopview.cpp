// LoopView: its items match the state (deque cards, heap nodes and tree positions, running slot,
// phase strip, clock, selector), cards are followed by handle id, animations can be turned off.

#include <QtTest>

#include "gui/scriptfixtures.h"
#include "handleitem.h"
#include "loopview.h"

#include <QGraphicsRectItem>
#include <QParallelAnimationGroup>

using namespace loopscope;

namespace {
LoopState heapState(int n)
{
    ScriptedTimeline t;
    test::buildDeepHeap(t, n);
    return t.stateAt(t.eventCount() - 1);
}
QPointF centre(const HandleItem* item)
{
    return item->targetPos() + QPointF(HandleItem::Width * item->scale() / 2, 0);
}
} // namespace

class TestLoopView : public QObject {
    Q_OBJECT

private slots:
    void itemsMatchTheState()
    {
        LoopView view;
        view.setAnimationDuration(0);
        ScriptedTimeline t;
        const auto marks = test::buildPotatoes(t);
        for (uint64_t i = 0; i < t.eventCount(); ++i) {
            const LoopState s = t.stateAt(i);
            view.setState(s);
            QCOMPARE(view.readyCards().size(), qsizetype(s.ready.size()));
            QCOMPARE(view.heapNodes().size(), qsizetype(s.heap.size()));
            for (size_t k = 0; k < s.ready.size(); ++k) {
                QCOMPARE(view.readyCards()[qsizetype(k)]->handle().id, s.ready[k].id);
                QCOMPARE(view.readyCards()[qsizetype(k)]->title(), QString::fromStdString(s.ready[k].callback));
            }
            QCOMPARE(view.runningCard() != nullptr, s.running);
            QCOMPARE(view.litPhase(), s.phase);
            QCOMPARE(view.clockText(), QString::number(s.clock, 'f', 3));
        }
        view.setState(t.stateAt(marks.onCompletionRunning));
        QCOMPARE(view.runningCard()->title(), QStringLiteral("_on_completion"));
        QCOMPARE(view.runningCard()->subtitle(), QStringLiteral("arg=Task-1"));
        QCOMPARE(view.selectorText(), QStringLiteral("timeout = 0.000"));
    }

    void readyCardsRunHeadFirstLeftToRight()
    {
        LoopView view;
        view.setAnimationDuration(0);
        ScriptedTimeline t;
        test::buildPotatoes(t);
        view.setState(t.stateAt(5)); // three __step handles queued
        const auto cards = view.readyCards();
        QCOMPARE(cards.size(), 3);
        QVERIFY(cards[0]->pos().x() < cards[1]->pos().x());
        QVERIFY(cards[1]->pos().x() < cards[2]->pos().x());
        QCOMPARE(cards[0]->pos().y(), cards[2]->pos().y());
        QCOMPARE(cards[0]->subtitle(), QStringLiteral("Task-1"));
    }

    void heapIsDrawnAsABinaryTreeWithItsArray()
    {
        LoopView view;
        view.setAnimationDuration(0);
        const LoopState s = heapState(7);
        view.setState(s);
        const auto nodes = view.heapNodes();
        QCOMPARE(nodes.size(), 7);
        for (int i = 0; i < 7; ++i) {
            QCOMPARE(nodes[i]->handle().when, s.heap[size_t(i)].when);
            QCOMPARE(nodes[i]->subtitle(), QStringLiteral("when=%1").arg(s.heap[size_t(i)].when, 0, 'f', 3));
            QCOMPARE(nodes[i]->pos(), nodes[i]->targetPos());
            for (int c : { 2 * i + 1, 2 * i + 2 }) {
                if (c >= 7)
                    continue;
                // Children sit one level lower; the left child left of its parent, the right one right.
                QVERIFY(nodes[c]->pos().y() > nodes[i]->pos().y());
                if (c == 2 * i + 1)
                    QVERIFY(centre(nodes[c]).x() < centre(nodes[i]).x());
                else
                    QVERIFY(centre(nodes[c]).x() > centre(nodes[i]).x());
                // The heap property, as drawn.
                QVERIFY(nodes[i]->handle().when <= nodes[c]->handle().when);
            }
        }
        QCOMPARE(nodes[1]->pos().y(), nodes[2]->pos().y());
        QCOMPARE(nodes[3]->pos().y(), nodes[6]->pos().y());
        QStringList expected;
        for (int i = 0; i < 7; ++i)
            expected << QStringLiteral("[%1] %2").arg(i).arg(s.heap[size_t(i)].when, 0, 'f', 3);
        QCOMPARE(view.heapArrayLabels(), expected);
    }

    void cancelledTimersAreMarked()
    {
        LoopView view;
        view.setAnimationDuration(0);
        LoopState s = heapState(3);
        s.heap[1].cancelled = true;
        view.setState(s);
        QVERIFY(view.heapNodes()[1]->handle().cancelled);
        QVERIFY(!view.heapNodes()[0]->handle().cancelled);
        QVERIFY(view.heapNodes()[1]->toolTip().contains(QStringLiteral("cancelled")));
    }

    void dueTimerKeepsItsCard()
    {
        // The same handle id moves from the heap to the deque: the same card flies.
        LoopView view;
        view.setAnimationDuration(300);
        ScriptedTimeline t;
        const auto marks = test::buildPotatoes(t);
        view.setState(t.stateAt(marks.firstDue - 1), false);
        HandleItem* root = view.heapNodes().value(0);
        QVERIFY(root);
        const QPointF before = root->pos();
        view.setState(t.stateAt(marks.firstDue), true);
        QCOMPARE(view.readyCards().value(0), root);
        QVERIFY(view.currentAnimation());
        view.currentAnimation()->pause();
        view.currentAnimation()->setCurrentTime(150);
        QVERIFY(root->pos() != before);
        QVERIFY(root->pos() != root->targetPos());
        view.finishAnimations();
        QCOMPARE(root->pos(), root->targetPos());
        QVERIFY(!view.currentAnimation());
    }

    void drainedHandleMovesToRunning()
    {
        LoopView view;
        view.setAnimationDuration(200);
        ScriptedTimeline t;
        test::buildPotatoes(t);
        const uint64_t run = *t.nextStop(0, Granularity::Handle);
        view.setState(t.stateAt(run - 1), false);
        HandleItem* head = view.readyCards().value(0);
        view.setState(t.stateAt(run), true);
        QCOMPARE(view.runningCard(), head);
        view.finishAnimations();
        QCOMPARE(head->pos(), head->targetPos());
    }

    void animationsOffAreInstant()
    {
        LoopView view;
        view.setAnimationDuration(0);
        ScriptedTimeline t;
        const auto marks = test::buildPotatoes(t);
        view.setState(t.stateAt(marks.firstDue - 1));
        view.setState(t.stateAt(marks.firstDue));
        QVERIFY(!view.currentAnimation());
        for (HandleItem* card : view.readyCards() + view.heapNodes())
            QCOMPARE(card->pos(), card->targetPos());
    }

    void phaseStripLightsTheCurrentPhase()
    {
        LoopView view;
        LoopState s;
        s.phase = LoopPhase::Select;
        s.iteration = 2;
        s.selectTimeout = 2.0;
        view.setState(s, false);
        QCOMPARE(view.litPhase(), LoopPhase::Select);
        QCOMPARE(view.selectorText(), QStringLiteral("timeout = 2.000"));
        const QColor lit = view.phaseBox(LoopPhase::Select)->brush().color();
        QVERIFY(lit != view.phaseBox(LoopPhase::RunReady)->brush().color());
        s.selectTimeout = std::numeric_limits<double>::quiet_NaN();
        view.setState(s, false);
        QCOMPARE(view.selectorText(), QStringLiteral("timeout = None"));
    }

    void manyHandlesStayInsideTheScene()
    {
        LoopView view;
        view.setAnimationDuration(0);
        LoopState s;
        for (uint64_t i = 1; i <= 12; ++i)
            s.ready.push_back(test::PotatoesScript::handle(i, "say"));
        view.setState(s);
        const QRectF scene = view.scene()->sceneRect();
        for (HandleItem* card : view.readyCards())
            QVERIFY(scene.contains(card->mapRectToScene(card->boundingRect()).adjusted(2, 2, -2, -2)));
    }

    void longQueuesAreSummarised()
    {
        // A thousand timers and ready handles: the head as cards, the rest counted, the order kept.
        LoopView view;
        view.setAnimationDuration(0);
        LoopState s = heapState(1000);
        for (uint64_t i = 1; i <= 300; ++i)
            s.ready.push_back(test::PotatoesScript::handle(5000 + i, "say"));
        view.setState(s);
        QCOMPARE(view.readyCards().size(), LoopView::MaxReadyCards);
        QCOMPARE(view.hiddenReadyCount(), 300 - LoopView::MaxReadyCards);
        for (qsizetype k = 0; k < view.readyCards().size(); ++k)
            QCOMPARE(view.readyCards()[k]->handle().id, s.ready[size_t(k)].id);
        const int drawn = (1 << LoopView::MaxHeapLevels) - 1;
        QCOMPARE(view.heapNodes().size(), drawn);
        QCOMPARE(view.hiddenHeapCount(), 1000 - drawn);
        for (int k = 0; k < drawn; ++k)
            QCOMPARE(view.heapNodes()[k]->handle().id, s.heap[size_t(k)].id);
        QStringList expected;
        for (int i = 0; i < LoopView::MaxArrayCells; ++i)
            expected << QStringLiteral("[%1] %2").arg(i).arg(s.heap[size_t(i)].when, 0, 'f', 3);
        QCOMPARE(view.heapArrayLabels(), expected);
        // The same counts when the queues shrink below the caps again.
        s.ready.resize(3);
        s.heap.resize(5);
        view.setState(s);
        QCOMPARE(view.readyCards().size(), 3);
        QCOMPARE(view.hiddenReadyCount(), 0);
        QCOMPARE(view.heapNodes().size(), 5);
        QCOMPARE(view.hiddenHeapCount(), 0);
    }

    void rendersADeepHeap()
    {
        LoopView view;
        view.resize(820, 560);
        view.setAnimationDuration(0);
        LoopState s = heapState(12);
        s.heap[4].cancelled = true;
        s.phase = LoopPhase::PurgeCancelled;
        s.iteration = 7;
        s.clock = 0.5;
        view.setState(s);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Four levels: the deepest nodes are scaled down to fit their slots, never overlapping.
        const auto nodes = view.heapNodes();
        for (int i = 7; i < 11; ++i)
            QVERIFY(nodes[i]->mapRectToScene(nodes[i]->boundingRect()).right() < nodes[i + 1]->mapRectToScene(nodes[i + 1]->boundingRect()).left());
        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
        const QString dir = qEnvironmentVariable("LOOPSCOPE_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("gui-deep-heap.png"))));
    }
};

QTEST_MAIN(TestLoopView)
#include "tst_loopview.moc"
