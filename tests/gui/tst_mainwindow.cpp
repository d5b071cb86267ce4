// MainWindow: actions and shortcuts, stepping through a scripted run, screenshots, settings.

#include <QtTest>

#include "chartspanel.h"
#include "debugsession.h"
#include "eventlistmodel.h"
#include "gui/scriptfixtures.h"
#include "handleitem.h"
#include "asynciosource.h"
#include "internalspanel.h"
#include "loopview.h"
#include "mainwindow.h"
#include "outputmodel.h"
#include "sourceeditor.h"
#include "sourcepanel.h"
#include "tasklistmodel.h"

#include <QAction>
#include <QParallelAnimationGroup>
#include <QApplication>
#include <QDockWidget>
#include <QTabWidget>
#include <QListView>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

using namespace loopscope;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    /// Where screenshots go: $LOOPSCOPE_SCREENSHOT_DIR when set (to look at them), else a temp dir.
    QString shotPath(const QString& name)
    {
        const QString dir = qEnvironmentVariable("LOOPSCOPE_SCREENSHOT_DIR");
        return QDir(dir.isEmpty() ? m_temp.path() : dir).filePath(name);
    }
    QTemporaryDir m_temp;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
    }

    void actionsHaveShortcutsInTooltips_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QKeySequence>("shortcut");
        QTest::newRow("stepEvent") << "stepEvent" << QKeySequence(Qt::Key_F11);
        QTest::newRow("stepEventBack") << "stepEventBack" << QKeySequence(Qt::SHIFT | Qt::Key_F11);
        QTest::newRow("stepLine") << "stepLine" << QKeySequence(Qt::Key_F7);
        QTest::newRow("stepHandle") << "stepHandle" << QKeySequence(Qt::Key_F10);
        QTest::newRow("stepHandleBack") << "stepHandleBack" << QKeySequence(Qt::SHIFT | Qt::Key_F10);
        QTest::newRow("stepPhase") << "stepPhase" << QKeySequence(Qt::Key_F6);
        QTest::newRow("stepIteration") << "stepIteration" << QKeySequence(Qt::Key_F8);
        QTest::newRow("stepIterationBack") << "stepIterationBack" << QKeySequence(Qt::SHIFT | Qt::Key_F8);
        QTest::newRow("runPause") << "runPause" << QKeySequence(Qt::Key_F5);
        QTest::newRow("runToBreakpoint") << "runToBreakpoint" << QKeySequence(Qt::CTRL | Qt::Key_F5);
        QTest::newRow("runToCursor") << "runToCursor" << QKeySequence(Qt::CTRL | Qt::Key_F10);
        QTest::newRow("runToTime") << "runToTime" << QKeySequence(Qt::CTRL | Qt::Key_T);
        QTest::newRow("reset") << "reset" << QKeySequence(Qt::CTRL | Qt::Key_R);
        QTest::newRow("zoomIn") << "zoomIn" << QKeySequence(Qt::CTRL | Qt::Key_Equal);
        QTest::newRow("zoomOut") << "zoomOut" << QKeySequence(Qt::CTRL | Qt::Key_Minus);
    }
    void actionsHaveShortcutsInTooltips()
    {
        QFETCH(QString, name);
        QFETCH(QKeySequence, shortcut);
        MainWindow window;
        QAction* action = window.action(name);
        QVERIFY2(action, qPrintable(name));
        QCOMPARE(action->shortcut(), shortcut);
        QVERIFY2(action->toolTip().contains(shortcut.toString(QKeySequence::NativeText)), qPrintable(action->toolTip()));
    }

    void debugMenuListsEveryStep()
    {
        MainWindow window;
        QStringList names;
        for (QAction* a : window.debugActions())
            names << a->objectName();
        for (const char* expected : { "stepEvent", "stepLine", "stepHandle", "stepPhase", "stepIteration", "stepEventBack",
                 "stepLineBack", "stepHandleBack", "stepPhaseBack", "stepIterationBack", "runPause", "runToBreakpoint",
                 "runToCursor", "runToTime", "breakOnTimer", "breakOnException", "breakOnTaskDone", "reset" })
            QVERIFY2(names.contains(QString::fromLatin1(expected)), expected);
    }

    void steppingDrivesEveryPanel()
    {
        MainWindow window;
        window.setAnimationDuration(0);
        auto* timeline = new ScriptedTimeline;
        const test::PotatoesMarks marks = test::buildPotatoes(*timeline);
        timeline->complete();
        window.setTimeline(timeline);
        QCOMPARE(window.session()->position(), 0);

        // F10 (step handle) three times from the start: __step Task-1, __step Task-2, __step Task-3.
        window.action(QStringLiteral("stepHandle"))->trigger();
        QCOMPARE(window.session()->currentEvent().kind, EventKind::RunBegin);
        QCOMPARE(window.session()->currentEvent().text, QStringLiteral("run __step Task-1"));
        QVERIFY(window.loopView()->runningCard());
        QCOMPARE(window.loopView()->runningCard()->title(), QStringLiteral("__step"));
        QCOMPARE(window.loopView()->readyCards().size(), 2);

        window.session()->goTo(qint64(marks.firstDue));
        QCOMPARE(window.timelineSlider()->value(), int(marks.firstDue));
        QCOMPARE(window.eventView()->currentIndex().row(), int(marks.firstDue));
        QCOMPARE(window.loopView()->readyCards().size(), 1);
        QCOMPARE(window.loopView()->heapNodes().size(), 1);
        QCOMPARE(window.loopView()->clockText(), QStringLiteral("2.000"));
        // Both shoppers are parked on their sleeps: the gutter marks both lines in their colours.
        const QList<TaskMarker> markers = window.sourceEditor()->taskMarkers();
        QVERIFY(std::any_of(markers.begin(), markers.end(), [](const TaskMarker& m) { return m.line == 29 && m.task == "Task-1"; }));
        QVERIFY(std::any_of(markers.begin(), markers.end(), [](const TaskMarker& m) { return m.line == 34 && m.task == "Task-2"; }));
        QCOMPARE(window.consoleView()->model()->rowCount(), 5);

        // Back one iteration lands on the start of this iteration, again on the one before.
        window.action(QStringLiteral("stepIterationBack"))->trigger();
        QCOMPARE(window.session()->currentEvent().kind, EventKind::Iteration);
        QCOMPARE(window.session()->state().iteration, 2);
        window.action(QStringLiteral("stepIterationBack"))->trigger();
        QCOMPARE(window.session()->currentEvent().kind, EventKind::Iteration);
        QCOMPARE(window.session()->state().iteration, 1);

        // The timeline slider scrubs.
        window.timelineSlider()->setValue(int(marks.onCompletionRunning));
        QCOMPARE(window.session()->position(), qint64(marks.onCompletionRunning));
        QCOMPARE(window.loopView()->runningCard()->title(), QStringLiteral("_on_completion"));

        // Choosing a row in the event list jumps to that event.
        window.eventView()->setCurrentIndex(window.eventView()->model()->index(7, 0));
        QCOMPARE(window.session()->position(), 7);

        window.action(QStringLiteral("reset"))->trigger();
        QCOMPARE(window.session()->position(), 0);
    }

    void breakpointsStopRuns()
    {
        MainWindow window;
        window.setAnimationDuration(0);
        auto* timeline = new ScriptedTimeline;
        test::buildPotatoes(*timeline);
        timeline->complete();
        window.setTimeline(timeline);
        window.sourceEditor()->setPlainText(QString(80, QLatin1Char('\n')));
        window.sourceEditor()->toggleBreakpoint(34);
        window.action(QStringLiteral("runToBreakpoint"))->trigger();
        QCOMPARE(window.session()->currentEvent().kind, EventKind::Line);
        QCOMPARE(window.session()->currentEvent().line, 34);
        QCOMPARE(window.sourceEditor()->currentLine(), 34);
    }

    void openScenarioUsesTheFactory()
    {
        MainWindow window;
        QString seenPath, seenSource;
        window.setTimelineFactory([&](const QString& path, const QString& source) -> Timeline* {
            seenPath = path;
            seenSource = source;
            auto* t = new ScriptedTimeline;
            test::buildPotatoes(*t);
            return t;
        });
        const QString seed = SourcePanel::builtInExamples().value(0);
        QCOMPARE(seed, QStringLiteral(":/scenarios/potatoes.py"));
        QVERIFY(window.openScenario(seed));
        QCOMPARE(seenPath, seed);
        QVERIFY(seenSource.contains(QStringLiteral("async def buy_potatos")));
        QVERIFY(window.session()->timeline());
        QVERIFY(window.session()->timeline()->eventCount() > 0);
        QVERIFY(!window.openScenario(QStringLiteral("/nonexistent/file.py")));
    }

    void zoomScalesPanelFonts()
    {
        MainWindow window;
        const qreal before = window.sourceEditor()->font().pointSizeF();
        window.action(QStringLiteral("zoomIn"))->trigger();
        QVERIFY(window.sourceEditor()->font().pointSizeF() > before);
        QVERIFY(window.consoleView()->font().pointSizeF() > before);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* events = window.findChild<QDockWidget*>(QStringLiteral("eventsDock"));
        QVERIFY(events->isVisible());
        window.setPresentationMode(true);
        QVERIFY(window.action(QStringLiteral("presentation"))->isChecked());
        QVERIFY(!events->isVisible()); // secondary docks step aside
        const qreal presenting = window.font().pointSizeF();
        window.setPresentationMode(false);
        QVERIFY(presenting > window.font().pointSizeF());
        QVERIFY(events->isVisible());
    }

    void settingsPersist()
    {
        {
            MainWindow window;
            window.resize(1111, 777);
            window.setZoom(1.3);
            window.saveSettings();
        }
        MainWindow window;
        window.restoreSettings();
        QCOMPARE(window.zoom(), 1.3);
        QVERIFY(QSettings().contains(QStringLiteral("window/state")));
    }

    void screenshotsOfThePotatoesRun()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.setAnimationDuration(0);
        auto* timeline = new ScriptedTimeline;
        const test::PotatoesMarks marks = test::buildPotatoes(*timeline);
        timeline->complete();
        QSignalSpy located(window.internalsPanel()->source(), &AsyncioSource::located);
        QVERIFY(window.openScenario(SourcePanel::builtInExamples().value(0)));
        window.setTimeline(timeline);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        located.wait(10000); // CPython's own asyncio text when installed, the outline otherwise
        const struct {
            uint64_t index;
            const char* name;
        } shots[] = {
            { marks.firstSleep, "gui-sleep.png" },
            { marks.firstDue, "gui-due.png" },
            { marks.wakeupRunning, "gui-wakeup.png" },
            { marks.onCompletionRunning, "gui-on-completion.png" },
        };
        for (const auto& shot : shots) {
            window.session()->goTo(qint64(shot.index));
            const QImage image = window.renderImage();
            QCOMPARE(image.size(), window.size() * window.devicePixelRatio());
            QVERIFY(image.save(shotPath(QString::fromLatin1(shot.name))));
            QVERIFY(QFileInfo(shotPath(QString::fromLatin1(shot.name))).size() > 0);
        }

        // One frame in the middle of the due timer's flight from the heap to the deque.
        window.session()->goTo(qint64(marks.firstDue) - 1);
        window.setAnimationDuration(600);
        window.session()->goTo(qint64(marks.firstDue));
        QParallelAnimationGroup* flight = window.loopView()->currentAnimation();
        QVERIFY(flight);
        flight->pause();
        flight->setCurrentTime(300);
        QVERIFY(window.grab().toImage().save(shotPath(QStringLiteral("gui-due-flight.png"))));
        window.loopView()->finishAnimations();
    }

    void screenshotsOfPanelsAndPalettes()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.setAnimationDuration(0);
        auto* timeline = new ScriptedTimeline;
        const test::PotatoesMarks marks = test::buildPotatoes(*timeline);
        timeline->setWatchValues(QStringLiteral("len(all_potatos)"), { { 0, 2 }, { 0, 0 }, { 2, 6 }, { 2, 0 }, { 4, 4 } });
        timeline->complete();
        QVERIFY(window.openScenario(SourcePanel::builtInExamples().value(0)));
        window.setTimeline(timeline);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.session()->goTo(qint64(marks.firstDue));
        window.chartsPanel()->addWatch(QStringLiteral("len(all_potatos)"));

        window.findChild<QDockWidget*>(QStringLiteral("chartsDock"))->raise();
        window.findChild<QDockWidget*>(QStringLiteral("eventsDock"))->raise();
        window.findChild<QDockWidget*>(QStringLiteral("localsDock"))->raise();
        window.session()->selectTask(1);
        QCoreApplication::processEvents();
        for (int tab = 0; tab < 3; ++tab) {
            window.chartsPanel()->tabs()->setCurrentIndex(tab);
            const QString name = QStringLiteral("gui-charts-%1.png").arg(tab);
            QVERIFY(window.renderImage().save(shotPath(name)));
            QVERIFY(QFileInfo(shotPath(name)).size() > 0);
        }

        window.setPresentationMode(true);
        QVERIFY(window.renderImage().save(shotPath(QStringLiteral("gui-presentation.png"))));
        window.setPresentationMode(false);

        const QPalette light = QApplication::palette();
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe0, 0xe0, 0xe0));
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        dark.setColor(QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        QApplication::setPalette(dark);
        window.findChild<QDockWidget*>(QStringLiteral("tasksDock"))->raise();
        window.session()->goTo(qint64(marks.wakeupRunning));
        QCoreApplication::processEvents();
        const QImage image = window.renderImage();
        QVERIFY(image.save(shotPath(QStringLiteral("gui-dark.png"))));
        // The loop view follows the palette: its background is dark now.
        QVERIFY(window.loopView()->grab().toImage().pixelColor(2, 2).lightness() < 128);
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
