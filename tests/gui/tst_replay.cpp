// ReplayTimeline: a session's log replayed gives exactly the live run's events, states, output
// and stops; a run imported from real CPython shows locals and lines as unavailable, not faked.

#include "gui/sessionfixtures.h"
#include "sessionui/notespanel.h"
#include "sessionui/recordcontroller.h"
#include "sessionui/replaytimeline.h"
#include "sessionui/sessionui.h"

#include <QDir>
#include <QLabel>
#include <QSettings>
#include <QStandardPaths>
#include <QTreeView>
#include <QtTest>

using namespace loopscope;
using namespace loopscope::test;

class TestReplay : public QObject {
    Q_OBJECT

private:
    static QString readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    static QList<QLabel*> overlays(MainWindow& window)
    {
        return window.findChildren<QLabel*>(QStringLiteral("unavailableOverlay"));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("LoopscopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_replay"));
        QSettings().clear();
    }

    void replayEqualsTheEngineRun_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::newRow("wait_first") << dataPath(QStringLiteral("wait_first.py"));
        QTest::newRow("wait_all") << dataPath(QStringLiteral("wait_all.py"));
        QTest::newRow("potatoes") << QStringLiteral(":/scenarios/potatoes.py");
    }
    void replayEqualsTheEngineRun()
    {
        QFETCH(QString, scenario);
        const QString source = readAll(scenario);
        QVERIFY(!source.isEmpty());
        EngineTimeline live(scenario, source);
        live.waitForCompletion();
        QVERIFY(live.isComplete());
        ReplayTimeline replay(RecordController::recordRun(scenario, source));
        QVERIFY(replay.isComplete());
        QVERIFY(replay.hasProgramState());
        QCOMPARE(replay.eventCount(), live.eventCount());
        const uint64_t n = live.eventCount();
        QVERIFY(n > 20);
        for (uint64_t i = 0; i < n; ++i) {
            const EventInfo a = live.event(i), b = replay.event(i);
            QCOMPARE(b.text, a.text);
            QCOMPARE(int(b.kind), int(a.kind));
            QCOMPARE(b.clock, a.clock);
            QCOMPARE(b.line, a.line);
            QCOMPARE(b.taskId, a.taskId);
            QCOMPARE(b.handleId, a.handleId);
        }
        // Every state, backwards so that the fold has to seek rather than just move on.
        for (uint64_t i = n; i-- > 0;)
            QVERIFY2(replay.stateAt(i) == live.stateAt(i), qPrintable(QStringLiteral("state %1").arg(i)));
        QVERIFY(replay.stateAt(n - 1).finished);
        QCOMPARE(replay.output(n - 1).size(), live.output(n - 1).size());
        for (Granularity g : { Granularity::Line, Granularity::Handle, Granularity::Iteration }) {
            QCOMPARE(replay.nextStop(0, g), live.nextStop(0, g));
            QCOMPARE(replay.previousStop(n - 1, g), live.previousStop(n - 1, g));
        }
    }

    void savedSessionReplaysItsOwnLog()
    {
        // What SessionFile saved and loaded replays to the same states as the log it came from.
        const QString path = dataPath(QStringLiteral("wait_first.py"));
        Session s;
        s.scenarioPath = path;
        s.source = readAll(path);
        s.log = RecordController::recordRun(path, s.source);
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(s), &loaded, &error), qPrintable(error));
        ReplayTimeline original(s.log), reread(loaded.log, loaded.origin);
        QCOMPARE(reread.eventCount(), original.eventCount());
        for (uint64_t i = 0; i < original.eventCount(); i += 7)
            QVERIFY(reread.stateAt(i) == original.stateAt(i));
    }

    void cpythonRunShowsWhatWasNotRecordedAsUnavailable()
    {
        // A canonical trace of real CPython: the loop is all there, locals and lines are not.
        const QString trace = QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios/aio_wait_all_completed.trace");
        QVERIFY2(QFile::exists(trace), qPrintable(trace));
        MainWindow window;
        int runs = 0;
        window.setTimelineFactory([&runs](const QString&, const QString&) -> Timeline* {
            ++runs;
            return nullptr;
        });
        auto* ui = new SessionUi(&window);
        QString error;
        QVERIFY2(ui->openSession(trace, &error), qPrintable(error));
        QCOMPARE(runs, 0);
        QVERIFY(ui->isReplaying());
        auto* replay = qobject_cast<ReplayTimeline*>(window.session()->timeline());
        QVERIFY(replay);
        QCOMPARE(replay->origin(), QStringLiteral("cpython"));
        QVERIFY(!replay->hasProgramState());
        QVERIFY(ui->recorder()->documentPath().isEmpty()); // a trace is not a session document
        QCOMPARE(overlays(window).size(), 2);
        for (QLabel* overlay : overlays(window))
            QVERIFY(!overlay->isHidden());
        QVERIFY(!ui->notesPanel()->unavailableNote().isEmpty());
        bool sawTask = false;
        for (uint64_t i = 0; i < replay->eventCount(); ++i) {
            window.session()->goTo(qint64(i));
            QCOMPARE(window.sourceEditor()->currentLine(), 0);
            for (const TaskView& t : window.session()->state().tasks) {
                sawTask = true;
                for (const FrameView& f : t.frames) {
                    QVERIFY(!f.localsKnown);
                    QVERIFY(f.locals.empty());
                }
            }
        }
        QVERIFY(sawTask);

        // A Loopscope session in the same window has all of it: the overlays go away.
        const QString path = dataPath(QStringLiteral("wait_first.py"));
        Session s;
        s.scenarioPath = path;
        s.source = readAll(path);
        s.log = RecordController::recordRun(path, s.source);
        const QString file
            = QDir::temp().filePath(QStringLiteral("tst_replay_%1.lsn").arg(QCoreApplication::applicationPid()));
        QVERIFY2(SessionFile::save(s, file, &error), qPrintable(error));
        QVERIFY2(ui->openSession(file, &error), qPrintable(error));
        QFile::remove(file);
        for (QLabel* overlay : overlays(window))
            QVERIFY(overlay->isHidden());
        QVERIFY(ui->notesPanel()->unavailableNote().isEmpty());
    }

    void brokenSessionIsRefusedAndNothingChanges()
    {
        MainWindow window;
        window.setTimelineFactory(&engineRun);
        auto* ui = new SessionUi(&window);
        QVERIFY(window.openScenario(dataPath(QStringLiteral("wait_first.py"))));
        Timeline* before = window.session()->timeline();
        const QString file
            = QDir::temp().filePath(QStringLiteral("tst_replay_bad_%1.lsn").arg(QCoreApplication::applicationPid()));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("LSN1 this is not a session");
        }
        QString error;
        QVERIFY(!ui->openSession(file, &error));
        QFile::remove(file);
        QVERIFY(!error.isEmpty());
        QCOMPARE(window.session()->timeline(), before);
        QVERIFY(!ui->recorder()->hasDocument());
    }
};

QTEST_MAIN(TestReplay)
#include "tst_replay.moc"
