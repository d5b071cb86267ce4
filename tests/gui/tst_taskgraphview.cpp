// TaskGraphView: a card per task, a box per awaited future, an arrow from each waiting task.

#include <QtTest>

#include "debugsession.h"
#include "futurelistmodel.h"
#include "gui/scriptfixtures.h"
#include "taskgraphview.h"
#include "tasklistmodel.h"

using namespace loopscope;

class TestTaskGraphView : public QObject {
    Q_OBJECT

private slots:
    void cardsAndArrowsFollowTheModels()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        const auto marks = test::buildPotatoes(*t);
        session.setTimeline(t);
        TaskGraphView view;
        view.resize(700, 500);
        view.setModels(session.taskModel(), session.futureModel());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.arrows().isEmpty());
        QVERIFY(!view.taskRect(0).isNull()); // Task-1 was just created
        QVERIFY(view.taskRect(1).isNull());

        session.goTo(qint64(marks.firstDue));
        QCOMPARE(session.taskModel()->rowCount(), 3);
        // Task-1 and Task-2 wait on their sleep futures, Task-3 (wait) on its waiter.
        const QList<QPair<quint64, quint64>> expected { { 1, 11 }, { 2, 12 }, { 3, 13 } };
        QCOMPARE(view.arrows(), expected);
        QVERIFY(!view.taskRect(2).isNull());
        QVERIFY(!view.futureRect(2).isNull());
        QVERIFY(!view.taskRect(0).intersects(view.taskRect(1)));
        QVERIFY(!view.taskRect(0).intersects(view.futureRect(0)));

        // Wide: futures to the right of the cards. Narrow: below them.
        QVERIFY(view.futureRect(0).left() > view.taskRect(0).right());
        view.resize(320, 500);
        QVERIFY(view.futureRect(0).top() > view.taskRect(2).bottom());
        QCOMPARE(view.heightForWidth(320), view.minimumHeight());

        session.goTo(qint64(marks.onCompletionRunning));
        // Task-1 is done: no arrow from it any more.
        for (const auto& arrow : view.arrows())
            QVERIFY(arrow.first != 1);
    }

    void clickingACardSelectsTheTask()
    {
        DebugSession session;
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        session.goTo(5);
        TaskGraphView view;
        view.resize(700, 400);
        view.setModels(session.taskModel(), session.futureModel());
        view.show();
        QSignalSpy clicked(&view, &TaskGraphView::taskClicked);
        QTest::mouseClick(&view, Qt::LeftButton, {}, view.taskRect(1).center());
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.first().first().toULongLong(), 2u);
        QCOMPARE(view.selectedTask(), 2u);
        const QImage image = view.grab().toImage();
        QVERIFY(!image.isNull());
    }
};

QTEST_MAIN(TestTaskGraphView)
#include "tst_taskgraphview.moc"
