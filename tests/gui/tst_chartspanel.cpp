// ChartsPanel: the deque/heap series follow the iteration model through their mappers, the lane
// chart has a lane per task, watch expressions plot the timeline's values.

#include <QtTest>

#include "chartspanel.h"
#include "debugsession.h"
#include "gui/scriptfixtures.h"

#include <QAbstractAxis>
#include <QChart>
#include <QLineSeries>
#include <QStringListModel>

using namespace loopscope;

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
        QCoreApplication::processEvents(); // lanes are rebuilt once per batch of rows
        QVERIFY(panel.laneChart()->series().size() > 3);
        QSet<qreal> lanes;
        for (QAbstractSeries* s : panel.laneChart()->series()) {
            auto* line = qobject_cast<QLineSeries*>(s);
            if (line && line->name() != QStringLiteral("now"))
                lanes.insert(line->at(0).y());
        }
        QCOMPARE(lanes, (QSet<qreal> { 0, 1, 2 }));
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
