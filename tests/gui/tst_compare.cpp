// Comparing two runs: the first canonical event where they differ (wait FIRST_COMPLETED against
// ALL_COMPLETED), none for identical runs, and the side-by-side view stepping both together.

#include "gui/sessionfixtures.h"
#include "sessionui/compareview.h"
#include "sessionui/recordcontroller.h"
#include "sessionui/sessionui.h"

#include <QDir>
#include <QLabel>
#include <QStandardPaths>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::test;

class TestCompare : public QObject {
    Q_OBJECT

private:
    static Session run(const QString& name)
    {
        Session s;
        QString error;
        if (!CompareView::loadRun(dataPath(name), &s, &error)) qWarning("%s", qPrintable(error));
        return s;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void firstDifferenceOfTwoWaitModes()
    {
        const Session first = run(QStringLiteral("wait_first.py"));
        const Session all = run(QStringLiteral("wait_all.py"));
        QVERIFY(first.log && all.log);
        const auto diff = CompareView::firstDifference(*first.log, *all.log);
        QVERIFY(diff.has_value());
        QVERIFY(diff->leftText != diff->rightText);

        // Everything before the difference is the same canonical line on both sides.
        std::vector<quint64> ia, ib;
        const QStringList la = CompareView::canonicalLines(*first.log, &ia);
        const QStringList lb = CompareView::canonicalLines(*all.log, &ib);
        const auto k = qsizetype(std::find(ia.begin(), ia.end(), diff->left) - ia.begin());
        QVERIFY(k > 0 && k < la.size());
        QCOMPARE(ib[size_t(k)], diff->right);
        QCOMPARE(la.mid(0, k), lb.mid(0, k));
        QCOMPARE(la[k], diff->leftText);
        QCOMPARE(lb[k], diff->rightText);
        // FIRST_COMPLETED wakes main after the first worker; ALL_COMPLETED keeps waiting.
        QVERIFY2(
            diff->leftText.contains(QStringLiteral("Task-1")) || diff->rightText.contains(QStringLiteral("Task-1")),
            qPrintable(diff->leftText + QStringLiteral(" / ") + diff->rightText));
        // Canonical lines are the trace's: "<t> <event>" with the clock in %.6f.
        QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d{6} ")).match(la.first()).hasMatch());
        QVERIFY(la.size() < int(first.log->size())); // lines, phases, steps are not canonical
    }

    void identicalRunsHaveNoDifference()
    {
        const Session a = run(QStringLiteral("wait_first.py"));
        const Session b = run(QStringLiteral("wait_first.py"));
        QVERIFY(!CompareView::firstDifference(*a.log, *b.log).has_value());
        // A saved and reloaded session is the same run too.
        Session reloaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(a), &reloaded, &error), qPrintable(error));
        QVERIFY(!CompareView::firstDifference(*a.log, *reloaded.log).has_value());
    }

    void aRunThatStopsEarlierDiffersAtItsEnd()
    {
        const Session whole = run(QStringLiteral("wait_first.py"));
        // The same program with one print less at the end.
        QString source = whole.source;
        source.replace(QStringLiteral("    print(\"all finished\")\n"), QString());
        QVERIFY(source != whole.source);
        const auto shorter = RecordController::recordRun(QStringLiteral("wait_first.py"), source);
        const auto diff = CompareView::firstDifference(*whole.log, *shorter);
        QVERIFY(diff.has_value());
        QVERIFY(diff->leftText.endsWith(QStringLiteral("out all finished")));
        QVERIFY(!diff->rightText.contains(QStringLiteral("out ")));

        // A log whose canonical lines are a prefix of the other's differs at its last event.
        EventLog longer, prefix;
        for (EventLog* log : { &longer, &prefix }) {
            RecordedEvent e;
            e.kind = RecordKind::Output;
            e.text = log->intern("x");
            log->append(e);
            e.kind = RecordKind::Line; // not canonical: ignored by the comparison
            log->append(e);
        }
        RecordedEvent y;
        y.kind = RecordKind::Output;
        y.text = longer.intern("y");
        longer.append(y);
        const auto end = CompareView::firstDifference(longer, prefix);
        QVERIFY(end.has_value());
        QCOMPARE(end->left, quint64(2));
        QCOMPARE(end->right, quint64(1));
        QCOMPARE(end->leftText, QStringLiteral("0.000000 out y"));
        QCOMPARE(end->rightText, QStringLiteral("(end of run)"));
    }

    void viewStepsBothRunsAndJumpsToTheDifference()
    {
        CompareView view;
        QString error;
        QVERIFY2(
            view.openFiles(dataPath(QStringLiteral("wait_first.py")), dataPath(QStringLiteral("wait_all.py")), &error),
            qPrintable(error));
        QVERIFY(view.difference().has_value());
        const FirstDifference d = *view.difference();
        const qint64 l0 = view.leftPosition(), r0 = view.rightPosition();
        QVERIFY(l0 >= 0 && r0 >= 0);
        QVERIFY(!view.isPastDifference(0) && !view.isPastDifference(1));
        QVERIFY(view.stepForward());
        QVERIFY(view.leftPosition() > l0 && view.rightPosition() > r0);
        // Before the difference both sides show the same event and the same loop.
        QCOMPARE(view.eventLabel(0)->text(), view.eventLabel(1)->text());
        QCOMPARE(view.loopView(0)->heapArrayLabels(), view.loopView(1)->heapArrayLabels());
        QVERIFY(view.stepBackward());
        QCOMPARE(view.leftPosition(), l0);
        QVERIFY(!view.stepBackward()); // both at their first canonical event

        QVERIFY(view.jumpToFirstDifference());
        QCOMPARE(quint64(view.leftPosition()), d.left);
        QCOMPARE(quint64(view.rightPosition()), d.right);
        QVERIFY(view.isPastDifference(0) && view.isPastDifference(1));
        QVERIFY(view.summaryLabel()->text().contains(QString::number(d.left)));
        QVERIFY(view.eventLabel(0)->text() != view.eventLabel(1)->text());

        // Identical runs: nothing to jump to.
        QVERIFY(
            view.openFiles(dataPath(QStringLiteral("wait_all.py")), dataPath(QStringLiteral("wait_all.py")), &error));
        QVERIFY(!view.difference().has_value());
        QVERIFY(!view.jumpToFirstDifference());
        QVERIFY(view.summaryLabel()->text().contains(QStringLiteral("same")));
        QVERIFY(
            !view.openFiles(dataPath(QStringLiteral("missing.py")), dataPath(QStringLiteral("wait_all.py")), &error));
        QVERIFY(!error.isEmpty());
    }

    void compareOpensFromTheWindow()
    {
        MainWindow window;
        auto* ui = new SessionUi(&window);
        QString error;
        CompareView* view = ui->openCompare(
            dataPath(QStringLiteral("wait_first.py")), dataPath(QStringLiteral("wait_all.py")), &error);
        QVERIFY2(view, qPrintable(error));
        QVERIFY(view->isWindow());
        QVERIFY(view->difference().has_value());
        QVERIFY(
            !ui->openCompare(dataPath(QStringLiteral("missing.lsn")), dataPath(QStringLiteral("wait_all.py")), &error));
    }
};

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
