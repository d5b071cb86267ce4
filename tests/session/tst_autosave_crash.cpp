// Crash safety of autosave: a recorder process (tests/session/session_recorder.cpp: a real Engine
// run, a real Autosaver, notes added as it records) is killed with SIGKILL mid-recording. The
// autosave it leaves must load, hold the notes in order up to at least the last save it reported,
// and hold a prefix of the run's real event log.

#include "autosave.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <loopscope/engine.h>
#include <sys/types.h>

using namespace loopscope;

namespace {

const QString kScenario = QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/core/data_soak/workloads.py");
const QString kRecorder = QStringLiteral(LOOPSCOPE_BINARY_DIR "/tests/session_recorder");

struct Note {
    int number = 0;
    quint64 event = 0;
};

} // namespace

class TestAutosaveCrash : public QObject {
    Q_OBJECT
private slots:
    void sigkillLosesOnlyTheLastNotes();
};

void TestAutosaveCrash::sigkillLosesOnlyTheLastNotes()
{
    QVERIFY2(QFile::exists(kRecorder), qPrintable(kRecorder));
    QTemporaryDir dir;
    const QString document = dir.filePath("lecture.lsn");
    QProcess recorder;
    recorder.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    recorder.start(kRecorder, { kScenario, document, "100", "10", "3000" });
    QVERIFY2(recorder.waitForStarted(30000), qPrintable(recorder.errorString()));

    // Kill once several autosaves have happened and notes keep coming: mid-recording by content.
    QList<Note> notes;
    int saves = 0, savedNotes = 0;
    bool finished = false, killed = false;
    while (!killed && !finished) {
        if (!recorder.canReadLine() && !recorder.waitForReadyRead(60000)) break;
        while (recorder.canReadLine()) {
            const QList<QByteArray> w = recorder.readLine().trimmed().split(' ');
            if (w[0] == "note" && w.size() == 3) {
                notes.append({ w[1].toInt(), w[2].toULongLong() });
                QCOMPARE(notes.last().number, int(notes.size()));
            } else if (w[0] == "saved" && w.size() == 3) {
                ++saves;
                QVERIFY(w[1].toInt() >= savedNotes);
                savedNotes = w[1].toInt();
            } else if (w[0] == "finished") {
                finished = true;
            } else {
                QFAIL(qPrintable("recorder: " + w.join(' ')));
            }
            if (saves >= 3 && savedNotes >= 20 && notes.size() > savedNotes) {
                QCOMPARE(::kill(pid_t(recorder.processId()), SIGKILL), 0);
                killed = true;
                break;
            }
        }
    }
    QVERIFY2(killed, finished ? "the run ended before the kill point: pace it slower" : "the recorder went silent");
    QVERIFY(recorder.waitForFinished(30000));
    QCOMPARE(recorder.exitStatus(), QProcess::CrashExit);
    // Lines the recorder wrote before it died still count as notes it added.
    for (const QByteArray& line : recorder.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> w = line.trimmed().split(' ');
        if (w[0] == "note" && w.size() == 3) notes.append({ w[1].toInt(), w[2].toULongLong() });
        if (w[0] == "saved" && w.size() == 3) savedNotes = std::max(savedNotes, w[1].toInt());
    }

    Session recovered;
    QString error;
    QVERIFY(Autosaver::hasRecoverableAutosave(document));
    QVERIFY2(Autosaver::recover(document, &recovered, &error), qPrintable(error));

    // The notes: the first N in order, each on the event it was added at; N >= the last reported save.
    const QList<quint64> events = recovered.notes.keys();
    const int kept = int(events.size());
    QVERIFY2(kept >= savedNotes,
        qPrintable(QStringLiteral("kept %1 notes, the last save had %2").arg(kept).arg(savedNotes)));
    QVERIFY(kept <= notes.size());
    for (int k = 0; k < kept; ++k) {
        QCOMPARE(events[k], notes[k].event);
        QCOMPARE(recovered.notes.value(events[k]), QStringLiteral("note %1").arg(k + 1));
    }
    qInfo("killed after %lld notes and %d autosaves; the autosave kept %d notes (%lld lost), %zu events",
        qlonglong(notes.size()), saves, kept, qlonglong(notes.size() - kept), recovered.log->size());

    // The log: unfinished (it was killed while recording) and a prefix of the real run.
    QVERIFY(!recovered.log->finished());
    QFile f(kScenario);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(recovered.source, QString::fromUtf8(f.readAll()));
    EventLog full;
    Engine engine;
    engine.attach(&full);
    QCOMPARE(engine.run(recovered.source.toStdString(), "workloads.py").status, RunResult::Status::Completed);
    const EventLog& got = *recovered.log;
    QVERIFY(got.size() > 0 && got.size() < full.size());
    for (size_t i = 0; i < got.size(); ++i) {
        const RecordedEvent a = got.event(i), b = full.event(i);
        QCOMPARE(got.describe(a), full.describe(b));
        QCOMPARE(a.clock, b.clock);
    }
}

QTEST_GUILESS_MAIN(TestAutosaveCrash)
#include "tst_autosave_crash.moc"
