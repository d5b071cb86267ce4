// ChartsPanel: the deque/heap series follow the iteration model through their mappers, the lane
// chart's item has a lane per task showing each task's state at every step (aggregated by pixel
// row when the lanes outnumber the rows), watch expressions plot the timeline's values.

#include <QtTest>

#include "chartspanel.h"
#include "debugsession.h"
#include "taskactivitymodel.h"
#include "taskcolors.h"
#include "tasklaneitem.h"
#include "gui/scriptfixtures.h"

#include <QAbstractAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QStringListModel>
#include <QTabWidget>

using namespace loopscope;

/// Where the lane chart's value `v` (event, lane) is drawn, in `panel`'s pixels.
QPointF chartPixel(ChartsPanel& panel, QPointF v)
{
    QChart* chart = panel.laneChart();
    QChartView* view = qobject_cast<QChartView*>(chart->scene()->views().value(0));
    const QPointF scene = chart->mapToScene(chart->mapToPosition(v, chart->series().constLast()));
    return QPointF(view->viewport()->mapTo(&panel, view->mapFromScene(scene)));
}

/// Shows `panel` on its lane tab at a fixed size: how many lane names fit needs the plot's height.
bool showLanes(ChartsPanel& panel)
{
    panel.tabs()->setCurrentIndex(1);
    panel.resize(500, 320);
    panel.show();
    return QTest::qWaitForWindowExposed(&panel);
}

class TestChartsPanel : public QObject {
    Q_OBJECT

private slots:
    void dequeAndHeapSeriesFollowTheModel()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        QCOMPARE(panel.readySeries()->count(), 0);
        auto* t = new ScriptedTimeline;
        session.setTimeline(t);
        test::buildPotatoes(*t); // grows while the chart watches
        QCOMPARE(panel.readySeries()->count(), 6);
        QCOMPARE(panel.readySeries()->at(0), QPointF(1, 3));
        QCOMPARE(panel.timersSeries()->at(1), QPointF(2, 2));
    }

    void lanesPerTask()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        QVERIFY(showLanes(panel));
        QCoreApplication::processEvents(); // lanes are rebuilt once per batch of rows
        const TaskLaneItem* lanes = panel.laneItem();
        QCOMPARE(lanes->laneCount(), 3);
        // The item draws exactly the activity model's rows.
        const TaskActivityModel* model = session.activityModel();
        QCOMPARE(int(lanes->segments().size()), model->rowCount());
        QSet<int> lanesSeen;
        for (int row = 0; row < model->rowCount(); ++row) {
            const TaskLaneItem::Segment& s = lanes->segments()[size_t(row)];
            QCOMPARE(s.lane, model->index(row, 0).data(TaskActivityModel::LaneRole).toInt());
            QCOMPARE(int(s.state), model->index(row, 0).data(TaskActivityModel::StateRole).toInt());
            QCOMPARE(s.from, model->index(row, TaskActivityModel::FromEventColumn).data().toDouble());
            QCOMPARE(s.to, model->index(row, TaskActivityModel::ToEventColumn).data().toDouble());
            lanesSeen.insert(s.lane);
        }
        QCOMPARE(lanesSeen, (QSet<int> { 0, 1, 2 }));
        // Real axes: the lanes are named on the y axis, one label per lane while they fit.
        auto* yAxis = qobject_cast<QCategoryAxis*>(panel.laneChart()->axes(Qt::Vertical).value(0));
        QVERIFY(yAxis);
        QCOMPARE(yAxis->categoriesLabels(), (QStringList { "Task-1", "Task-2", "Task-3" }));
        QCOMPARE(lanes->lanesPerRow(), 1);
    }

    void laneStatesMatchTheTasksAtEachStep()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        QCoreApplication::processEvents();
        const TaskLaneItem* lanes = panel.laneItem();
        int checked = 0;
        do {
            // The lanes sample task states after these events; in between they hold the last sample.
            if (!samplesTaskStates(session.currentEvent().kind))
                continue;
            const SharedList<TaskView>& tasks = session.state().tasks;
            for (size_t lane = 0; lane < tasks.size(); ++lane) {
                const auto shown = lanes->stateAt(int(lane), qreal(session.position()));
                QVERIFY2(shown, qPrintable(QStringLiteral("no state for lane %1 at %2").arg(lane).arg(session.position())));
                QCOMPARE(int(*shown), int(tasks[lane].state));
                ++checked;
            }
            // No lane before its task exists.
            QVERIFY(!lanes->stateAt(int(tasks.size()), qreal(session.position())));
        } while (session.stepForward(Granularity::Event));
        QVERIFY(checked > 20);
    }

    void lanesArePaintedInTheirStateColours()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        session.setTimeline(t);
        QVERIFY(showLanes(panel));
        const QImage image = panel.grab().toImage();
        const TaskLaneItem* lanes = panel.laneItem();
        QCOMPARE(lanes->lanesPerRow(), 1);
        int checked = 0;
        for (const TaskLaneItem::Segment& s : lanes->segments()) {
            const QPointF from = chartPixel(panel, QPointF(s.from, s.lane));
            const QPointF to = chartPixel(panel, QPointF(s.to, s.lane));
            const QPointF now = chartPixel(panel, QPointF(qreal(session.position()), s.lane));
            const QPointF mid = (from + to) / 2;
            if (to.x() - from.x() < 8 || std::abs(mid.x() - now.x()) < 4)
                continue; // too thin to hit, or under the "now" marker
            QCOMPARE(image.pixelColor(mid.toPoint()), taskStateColor(s.state));
            ++checked;
        }
        QVERIFY(checked >= 3);
    }

    void nowMarkerStandsOutFromTheLanes()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        auto* t = new ScriptedTimeline;
        const auto marks = test::buildPotatoes(*t);
        session.setTimeline(t);
        session.goTo(qint64(marks.firstDue));
        QVERIFY(showLanes(panel));
        // Drawn over the lanes in its own colour, which is far from every state's and the highlight's.
        const QImage image = panel.grab().toImage();
        for (int lane = 0; lane < panel.laneItem()->laneCount(); ++lane)
            QCOMPARE(image.pixelColor(chartPixel(panel, QPointF(qreal(session.position()), lane)).toPoint()), nowMarkerColor());
        const auto distance = [](const QColor& a, const QColor& b) {
            return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue());
        };
        for (int state = 0; state <= int(TaskView::State::Failed); ++state)
            QVERIFY2(distance(nowMarkerColor(), taskStateColor(TaskView::State(state))) > 150, qPrintable(QString::number(state)));
        QVERIFY(distance(nowMarkerColor(), panel.palette().color(QPalette::Highlight)) > 150);
    }

    void manyLanesShareAPixelRow()
    {
        // More tasks than the plot has pixel rows: every lane is kept, rows summarise them.
        constexpr int tasks = 600;
        auto* t = new ScriptedTimeline;
        test::PotatoesScript p(*t);
        for (int i = 1; i <= tasks; ++i)
            p.createTask(uint64_t(i), "worker", uint64_t(10000 + i));
        const auto pause = [&] {
            for (int i = 0; i < 1200; ++i)
                t->record(EventKind::Clock, QStringLiteral("clock"));
        };
        pause(); // every task scheduled
        const qreal scheduledAt = qreal(t->eventCount()) - 600;
        for (size_t i = 0; i < p.state().tasks.size(); ++i)
            p.state().tasks.mutate(i).state = TaskView::State::Suspended;
        t->record(EventKind::RunEnd, QStringLiteral("end"));
        pause(); // every task suspended
        const qreal suspendedAt = qreal(t->eventCount()) - 600;
        DebugSession session;
        ChartsPanel panel(&session);
        session.setTimeline(t);
        QVERIFY(showLanes(panel));
        const TaskLaneItem* lanes = panel.laneItem();
        QCOMPARE(lanes->laneCount(), tasks);
        QVERIFY(lanes->lanesPerRow() > 1);
        QCOMPARE(*lanes->stateAt(tasks - 1, scheduledAt), TaskView::State::Scheduled);
        QCOMPARE(*lanes->stateAt(0, suspendedAt), TaskView::State::Suspended);
        // The axis names every k-th lane, starting with the first.
        auto* yAxis = qobject_cast<QCategoryAxis*>(panel.laneChart()->axes(Qt::Vertical).value(0));
        const QStringList labels = yAxis->categoriesLabels();
        QVERIFY(labels.size() > 2 && labels.size() < tasks / 10);
        QCOMPARE(labels.first(), QStringLiteral("Task-1"));
        const QImage image = panel.grab().toImage();
        for (int lane : { 0, tasks / 2, tasks - 1 }) {
            QCOMPARE(image.pixelColor(chartPixel(panel, QPointF(scheduledAt, lane)).toPoint()),
                taskStateColor(TaskView::State::Scheduled));
            QCOMPARE(image.pixelColor(chartPixel(panel, QPointF(suspendedAt, lane)).toPoint()),
                taskStateColor(TaskView::State::Suspended));
        }
    }

    void watchesPlotTimelineValues()
    {
        DebugSession session;
        ChartsPanel panel(&session);
        auto* t = new ScriptedTimeline;
        test::buildPotatoes(*t);
        t->setWatchValues(QStringLiteral("len(all_potatos)"), { { 0, 2 }, { 2, 6 }, { 4, 4 } });
        session.setTimeline(t);
        panel.addWatch(QStringLiteral("len(all_potatos)"));
        panel.addWatch(QStringLiteral("len(all_potatos)")); // once only
        panel.addWatch(QStringLiteral("   "));
        panel.addWatch(QStringLiteral("unknown"));
        QCOMPARE(panel.watches(), (QStringList { "len(all_potatos)", "unknown" }));
        QCOMPARE(panel.watchChart()->series().size(), 1);
        auto* series = qobject_cast<QLineSeries*>(panel.watchChart()->series().first());
        QCOMPARE(series->count(), 3);
        QCOMPARE(series->at(1), QPointF(2, 6));
    }
};

QTEST_MAIN(TestChartsPanel)
#include "tst_chartspanel.moc"
