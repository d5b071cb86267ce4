// Recording in the app: record -> save -> reopen -> replay shows what the live run showed, without
// running anything; bookmarks, notes and settings round trip; the notes dock; autosave.

#include "autosave.h"
#include "chartspanel.h"
#include "gui/sessionfixtures.h"
#include "sessionui/notespanel.h"
#include "sessionui/recordcontroller.h"
#include "sessionui/replaytimeline.h"
#include "sessionui/sessionui.h"

#include <QAction>
#include <QDockWidget>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::test;

class TestRecord : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_temp;

    /// Keeps a copy in $LOOPSCOPE_SESSION_DIR when set (to open it in the app and look at it).
    static void keep(const QString& path)
    {
        const QString dir = qEnvironmentVariable("LOOPSCOPE_SESSION_DIR");
        if (dir.isEmpty()) return;
        const QString target = QDir(dir).filePath(QFileInfo(path).fileName());
        QFile::remove(target);
        QFile::copy(path, target);
    }

    /// A live window on `scenario` with its run finished, and its session UI.
    static SessionUi* liveWindow(MainWindow& window, const QString& scenario)
    {
        // As main.cpp does: each run evaluates the window's watch expressions.
        window.setTimelineFactory([&window](const QString& path, const QString& source) -> Timeline* {
            return new EngineTimeline(path, source, window.watchExpressions());
        });
        window.setAnimationDuration(0);
        auto* ui = new SessionUi(&window);
        if (!window.openScenario(dataPath(scenario)) || !finishLiveRun(window)) return nullptr;
        return ui;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_record"));
        QSettings().clear();
        QVERIFY(m_temp.isValid());
    }

    void recordSaveReopenReplaysTheLiveRun()
    {
        MainWindow live;
        SessionUi* ui = liveWindow(live, QStringLiteral("wait_first.py"));
        QVERIFY(ui);
        const qint64 count = qint64(live.session()->timeline()->eventCount());
        QVERIFY(count > 60);
        // Several steps, among them a line with locals (only Loopscope runs have those).
        QList<qint64> steps { 0, 9, count / 3, count / 2, count - 1 };
        for (qint64 i = 0; i < count; ++i) {
            const EventInfo e = live.session()->timeline()->event(quint64(i));
            if (e.kind == EventKind::Line && e.line == 6) {
                steps << i;
                break;
            }
        }
        QCOMPARE(steps.size(), 6);
        QMap<qint64, QStringList> shown;
        QMap<qint64, LoopState> states;
        for (qint64 s : steps) {
            shown[s] = viewSnapshot(live, s);
            states[s] = live.session()->state();
        }
        QVERIFY(shown[steps.last()].join(QLatin1Char('\n')).contains(QStringLiteral("delay")));

        live.session()->goTo(5);
        QSignalSpy recorded(ui->recorder(), &RecordController::runRecorded);
        QVERIFY(ui->startRecording());
        QVERIFY(ui->isRecording());
        QVERIFY(!ui->isReplaying()); // the live run stays on screen
        // The run is recorded on a worker and handed over through the event loop.
        QTRY_COMPARE(recorded.count(), 1);
        QVERIFY(!ui->recorder()->isRecordingRun());
        // The recorded log is the run on screen, event for event.
        const auto& log = ui->recorder()->session().log;
        QCOMPARE(qint64(log->size()), count);
        for (qint64 i = 0; i < count; ++i)
            QCOMPARE(
                ReplayTimeline::describe(*log, quint64(i)).text, live.session()->timeline()->event(quint64(i)).text);
        QVERIFY(live.action(QStringLiteral("recordSession"))->isChecked());
        QVERIFY(live.sourceEditor()->isReadOnly());
        QVERIFY(!ui->notesDock()->isHidden());
        QCOMPARE(live.session()->position(), 5);
        QVERIFY(ui->recorder()->autosaver()->isActive());
        for (qint64 s : steps)
            QCOMPARE(viewSnapshot(live, s), shown[s]);

        ui->recorder()->setNote(9, QStringLiteral("the two sleeps are on the heap"));
        ui->recorder()->toggleBookmark(quint64(count / 2));
        const QString path = m_temp.filePath(QStringLiteral("talk.lsn"));
        QString error;
        QVERIFY2(ui->saveSession(path, &error), qPrintable(error));
        ui->stopRecording();
        QVERIFY(!ui->isRecording());
        QVERIFY(!ui->recorder()->autosaver()->isActive());
        QVERIFY(!live.sourceEditor()->isReadOnly());

        MainWindow replay;
        int runs = 0;
        replay.setTimelineFactory([&runs](const QString&, const QString&) -> Timeline* {
            ++runs;
            return nullptr;
        });
        replay.setAnimationDuration(0);
        auto* ui2 = new SessionUi(&replay);
        QVERIFY2(ui2->openSession(path, &error), qPrintable(error));
        QCOMPARE(runs, 0); // a replay never runs the scenario
        QVERIFY(ui2->isReplaying());
        QVERIFY(replay.windowTitle().contains(QStringLiteral("talk.lsn")));
        QCOMPARE(replay.sourceEditor()->toPlainText(), live.sourceEditor()->toPlainText());
        QCOMPARE(qint64(replay.session()->timeline()->eventCount()), count);
        for (qint64 s : steps) {
            QCOMPARE(viewSnapshot(replay, s), shown[s]);
            QVERIFY(replay.session()->state() == states[s]);
        }
        QCOMPARE(ui2->recorder()->note(9), QStringLiteral("the two sleeps are on the heap"));
        QVERIFY(ui2->recorder()->isBookmarked(quint64(count / 2)));
        QCOMPARE(runs, 0);
    }

    void bookmarksNotesAndSettingsRoundTrip()
    {
        MainWindow live;
        SessionUi* ui = liveWindow(live, QStringLiteral("wait_all.py"));
        QVERIFY(ui);
        live.sourceEditor()->setBreakpoints({ 7, 15 });
        live.action(QStringLiteral("breakOnTimer"))->setChecked(true);
        live.chartsPanel()->addWatch(QStringLiteral("len(tasks)"));
        QVERIFY(finishLiveRun(live)); // a new watch re-runs the program
        QVERIFY(ui->startRecording());
        QCOMPARE(live.sourceEditor()->breakpoints(), (QSet<int> { 7, 15 }));
        // Watches are evaluated by the live run without changing it: the recording has its events.
        QCOMPARE(ui->recorder()->session().log->size(), size_t(live.session()->timeline()->eventCount()));
        // A watch added while recording is recorded too (the program is recorded again, same events).
        live.chartsPanel()->addWatch(QStringLiteral("x"));
        QVERIFY(finishLiveRun(live));
        QCOMPARE(ui->recorder()->session().log->watches(), (std::vector<std::string> { "len(tasks)", "x" }));
        QCOMPARE(ui->recorder()->session().log->size(), size_t(live.session()->timeline()->eventCount()));

        RecordController* rec = ui->recorder();
        QVERIFY(rec->toggleBookmark(40));
        QVERIFY(rec->toggleBookmark(3, QStringLiteral("tasks created")));
        QVERIFY(rec->toggleBookmark(20));
        QVERIFY(!rec->toggleBookmark(20)); // toggling again removes it
        QVERIFY(rec->toggleBookmark(25));
        rec->setBookmarkTitle(25, QStringLiteral("first sleep"));
        rec->setNote(3, QStringLiteral("main creates both workers"));
        rec->setNote(11, QStringLiteral("wait() parks main"));
        rec->setNote(12, QStringLiteral("temporary"));
        rec->setNote(12, QString()); // an empty note is no note
        // The bookmark action works on the current step.
        live.session()->goTo(30);
        live.findChild<QAction*>(QStringLiteral("toggleBookmark"))->trigger();
        QVERIFY(rec->isBookmarked(30));
        // Typing into the notes dock writes the current step's note.
        live.session()->goTo(33);
        QTest::keyClicks(ui->notesPanel()->editor(), QStringLiteral("typed live"));
        QCOMPARE(rec->note(33), QStringLiteral("typed live"));
        if (const QString dir = qEnvironmentVariable("LOOPSCOPE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            live.show();
            live.renderImage().save(QDir(dir).filePath(QStringLiteral("recording.png")));
        }

        const QString path = m_temp.filePath(QStringLiteral("marks.lsn"));
        QString error;
        QVERIFY2(ui->saveSession(path, &error), qPrintable(error));

        keep(path);
        Session loaded;
        QVERIFY2(SessionFile::load(path, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.bookmarks.size(), 4);
        QCOMPARE(loaded.notes.size(), 3);
        QCOMPARE(loaded.notes.value(11), QStringLiteral("wait() parks main"));
        QCOMPARE(loaded.settings.value(QStringLiteral("breakpoints")).toArray().size(), 2);
        QCOMPARE(loaded.settings.value(QStringLiteral("watches")).toArray().first().toString(),
            QStringLiteral("len(tasks)"));
        QCOMPARE(loaded.source, live.sourceEditor()->toPlainText());
        QVERIFY(loaded.scenarioPath.endsWith(QStringLiteral("wait_all.py")));

        MainWindow replay;
        replay.setAnimationDuration(0);
        auto* ui2 = new SessionUi(&replay);
        QVERIFY2(ui2->openSession(path, &error), qPrintable(error));
        QCOMPARE(ui2->recorder()->bookmarks(), rec->bookmarks());
        QCOMPARE(ui2->recorder()->bookmarkTitle(3), QStringLiteral("tasks created"));
        QCOMPARE(ui2->recorder()->bookmarkTitle(25), QStringLiteral("first sleep"));
        QCOMPARE(ui2->recorder()->session().notes, rec->session().notes);
        QCOMPARE(replay.sourceEditor()->breakpoints(), (QSet<int> { 7, 15 }));
        QVERIFY(replay.action(QStringLiteral("breakOnTimer"))->isChecked());
        QVERIFY(replay.chartsPanel()->watches().contains(QStringLiteral("len(tasks)")));
        // The replay shows the values the live run computed, without running anything.
        Timeline* recorded = replay.session()->timeline();
        Timeline* computed = live.session()->timeline();
        bool sawValue = false;
        for (const QString& w : { QStringLiteral("len(tasks)"), QStringLiteral("x") }) {
            QCOMPARE(recorded->watchValues(w), computed->watchValues(w));
            for (uint64_t i = 0; i < computed->eventCount(); ++i) {
                QCOMPARE(recorded->watchText(w, i), computed->watchText(w, i));
                sawValue = sawValue || !computed->watchText(w, i).isEmpty();
            }
        }
        QVERIFY(sawValue);
        QVERIFY(!recorded->watchValues(QStringLiteral("len(tasks)")).isEmpty());
        replay.session()->goTo(40);
        QCOMPARE(replay.chartsPanel()->watchValueModel()->item(0, 1)->text(),
            computed->watchText(QStringLiteral("len(tasks)"), 40));
        // A watch the recording did not evaluate says so instead of staying blank.
        replay.chartsPanel()->addWatch(QStringLiteral("len(pending)"));
        QCOMPARE(recorded->watchText(QStringLiteral("len(pending)"), 40), QStringLiteral("(not recorded in this session)"));
        QCOMPARE(ui2->notesPanel()->bookmarkList()->count(), 4);

        // Jumping between bookmarks shows each step's note and bookmark state in the dock.
        replay.session()->goTo(0);
        QVERIFY(ui2->goToNextBookmark());
        QCOMPARE(replay.session()->position(), 3);
        QCOMPARE(ui2->notesPanel()->editor()->toPlainText(), QStringLiteral("main creates both workers"));
        QVERIFY(ui2->notesPanel()->bookmarkButton()->isChecked());
        QVERIFY(ui2->goToNextBookmark());
        QCOMPARE(replay.session()->position(), 25);
        QVERIFY(ui2->notesPanel()->editor()->toPlainText().isEmpty());
        QVERIFY(ui2->goToPreviousBookmark());
        QCOMPARE(replay.session()->position(), 3);
        QVERIFY(!ui2->goToPreviousBookmark());
        replay.session()->goTo(40);
        QVERIFY(!ui2->goToNextBookmark());
        replay.session()->goTo(11);
        QVERIFY(!ui2->notesPanel()->bookmarkButton()->isChecked());
        QCOMPARE(ui2->notesPanel()->editor()->toPlainText(), QStringLiteral("wait() parks main"));
    }

    void autosavesWhileRecording()
    {
        MainWindow live;
        SessionUi* ui = liveWindow(live, QStringLiteral("wait_first.py"));
        QVERIFY(ui);
        QVERIFY(ui->startRecording());
        ui->recorder()->setNote(2, QStringLiteral("autosaved note"));
        Autosaver* autosaver = ui->recorder()->autosaver();
        QString error;
        QVERIFY2(autosaver->saveNow(&error), qPrintable(error));
        QVERIFY(QFile::exists(autosaver->autosavePath()));
        Session recovered;
        QVERIFY2(Autosaver::recover(ui->recorder()->documentPath(), &recovered, &error), qPrintable(error));
        QCOMPARE(recovered.notes.value(2), QStringLiteral("autosaved note"));
        QCOMPARE(recovered.log->size(), ui->recorder()->session().log->size());
        // After a crash, File > Recover Autosaved Recording replays it in a new window.
        QVERIFY(Autosaver::hasRecoverableAutosave(QString()));
        {
            MainWindow after;
            auto* ui2 = new SessionUi(&after);
            after.findChild<QAction*>(QStringLiteral("recoverSession"))->trigger();
            QVERIFY(ui2->isReplaying());
            QCOMPARE(ui2->recorder()->note(2), QStringLiteral("autosaved note"));
            QCOMPARE(after.session()->timeline()->eventCount(), quint64(recovered.log->size()));
        }
        // Saving the document supersedes the untitled sidecar.
        const QString untitled = autosaver->autosavePath();
        QVERIFY(ui->saveSession(m_temp.filePath(QStringLiteral("auto.lsn")), &error));
        QVERIFY(!QFile::exists(untitled));
        QCOMPARE(autosaver->documentPath(), m_temp.filePath(QStringLiteral("auto.lsn")));
    }

    void openingAnotherScenarioStopsTheRecording()
    {
        MainWindow live;
        SessionUi* ui = liveWindow(live, QStringLiteral("wait_first.py"));
        QVERIFY(ui);
        live.action(QStringLiteral("recordSession"))->trigger();
        QVERIFY(ui->isRecording());
        // Adding a watch re-runs the same program: the recording goes on.
        Timeline* before = live.session()->timeline();
        live.chartsPanel()->addWatch(QStringLiteral("len(tasks)"));
        QVERIFY(live.session()->timeline() != before);
        QVERIFY(ui->isRecording());
        QVERIFY(live.openScenario(dataPath(QStringLiteral("wait_all.py"))));
        QVERIFY(!ui->isRecording());
        QVERIFY(!ui->isReplaying());
        QVERIFY(!live.action(QStringLiteral("recordSession"))->isChecked());
        // The recording is kept, ready to be saved.
        QVERIFY(ui->recorder()->hasDocument());
        QVERIFY(ui->recorder()->session().scenarioPath.endsWith(QStringLiteral("wait_first.py")));
    }

    void closingAsksAboutAnUnsavedRecording()
    {
        MainWindow live;
        SessionUi* ui = liveWindow(live, QStringLiteral("wait_first.py"));
        QVERIFY(ui);
        live.show();
        QVERIFY(ui->startRecording());
        QString error;
        QVERIFY(ui->recorder()->autosaver()->saveNow(&error));
        const QString sidecar = ui->recorder()->autosaver()->autosavePath();
        QVERIFY(QFile::exists(sidecar));
        const auto answer = [this](QMessageBox::StandardButton button) {
            whenModal<QMessageBox>(this, [button](QMessageBox* box) { box->button(button)->click(); });
        };
        answer(QMessageBox::Cancel);
        QVERIFY(!live.close());
        QVERIFY(live.isVisible());
        QVERIFY(ui->isRecording());
        answer(QMessageBox::Discard);
        QVERIFY(live.close());
        QVERIFY(!ui->isRecording());
        QVERIFY(!QFile::exists(sidecar)); // a deliberate discard leaves nothing to recover
    }

    void nothingToRecordWithoutAScenario()
    {
        MainWindow empty;
        auto* ui = new SessionUi(&empty);
        QVERIFY(!ui->startRecording());
        QVERIFY(!ui->isRecording());
        QVERIFY(!ui->recorder()->hasDocument());
        QString error;
        QVERIFY(!ui->saveSession(m_temp.filePath(QStringLiteral("none.lsn")), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(m_temp.filePath(QStringLiteral("none.lsn"))));
    }

    void sessionActionsAreInTheMenus()
    {
        MainWindow window;
        new SessionUi(&window);
        for (const char* name : { "recordSession", "openSession", "saveSession", "saveSessionAs", "compareRuns" }) {
            QAction* a = window.findChild<QAction*>(QString::fromLatin1(name));
            QVERIFY2(a, name);
            bool inMenu = false;
            for (QObject* o : a->associatedObjects())
                inMenu = inMenu || qobject_cast<QMenu*>(o);
            QVERIFY2(inMenu, name);
        }
        QCOMPARE(window.findChild<QAction*>(QStringLiteral("recordSession"))->shortcut(),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
        QVERIFY(window.findChild<QDockWidget*>(QStringLiteral("notesDock")));
    }
};

QTEST_MAIN(TestRecord)
#include "tst_record.moc"
