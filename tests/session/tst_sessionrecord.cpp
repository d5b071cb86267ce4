// Record → save → open: a real run of the engine, saved as a session and loaded back, must fold
// to the same LoopState as the live log at every event, and the loaded session's prepared fold
// (checkpoints built at load) must agree with a fold that builds them lazily.
#include "session.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>
#include <memory>

using namespace loopscope;

namespace {

void keepLocals(void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals)
{
    static_cast<EventLog*>(ctx)->recordLocals(locals);
}

// The live run, recorded as `loopscope-cli record` records it.
std::shared_ptr<EventLog> recordRun(const QString& path, QString* source)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return nullptr;
    *source = QString::fromUtf8(f.readAll());
    auto log = std::make_shared<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(&keepLocals, log.get());
    engine.run(source->toStdString(), QFileInfo(path).absoluteFilePath().toStdString());
    log->finish("completed");
    return log;
}

// Says where two states differ, for a readable failure.
QString firstDifference(const LoopState& a, const LoopState& b)
{
    if (a.eventIndex != b.eventIndex) return QStringLiteral("eventIndex");
    if (a.clock != b.clock || a.iteration != b.iteration || a.phase != b.phase)
        return QStringLiteral("clock/iteration/phase");
    if (a.ready != b.ready) return QStringLiteral("ready deque");
    if (a.heap != b.heap) return QStringLiteral("timer heap");
    if (a.running != b.running || !(a.runningHandle == b.runningHandle)) return QStringLiteral("running handle");
    if (a.currentLine != b.currentLine || a.currentFile != b.currentFile) return QStringLiteral("current line");
    if (a.tasks != b.tasks) return QStringLiteral("tasks");
    if (a.futures != b.futures) return QStringLiteral("futures");
    return QStringLiteral("other fields");
}

} // namespace

class TestSessionRecord : public QObject {
    Q_OBJECT
private slots:
    void everyStepEqualsTheLiveRun_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("potatoes") << QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py");
        QTest::newRow("bulk purge") << QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios/aio_bulk_purge.py");
        QTest::newRow("done callbacks") << QStringLiteral(
            LOOPSCOPE_SOURCE_DIR "/tests/scenarios/aio_done_callbacks.py");
        QTest::newRow("taskgroup fail") << QStringLiteral(
            LOOPSCOPE_SOURCE_DIR "/tests/scenarios/aio_taskgroup_fail.py");
    }

    void everyStepEqualsTheLiveRun()
    {
        QFETCH(QString, path);
        QString source;
        std::shared_ptr<EventLog> live = recordRun(path, &source);
        QVERIFY2(live && live->size() > 0, qPrintable(path));

        Session session;
        session.scenarioPath = path;
        session.source = source;
        session.log = live;
        session.bookmarks = { { 0, QStringLiteral("start") }, { live->size() - 1, QStringLiteral("end") } };
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("run.lsn"));
        QString error;
        QVERIFY2(SessionFile::save(session, file, &error), qPrintable(error));
        Session loaded;
        QVERIFY2(SessionFile::open(file, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.log->size(), live->size());
        QCOMPARE(loaded.source, source);
        QCOMPARE(loaded.bookmarks, session.bookmarks);
        QVERIFY(loaded.fold);
        QCOMPARE(loaded.fold->prepared(), loaded.log->size());

        StateFold liveFold(*live); // builds its checkpoints lazily, as seeks need them
        for (size_t i = 0; i < live->size(); ++i) {
            const LoopState a = liveFold.stateAt(i);
            const LoopState b = loaded.fold->stateAt(i);
            if (!(a == b))
                QFAIL(qPrintable(QStringLiteral("event %1 differs in %2").arg(i).arg(firstDifference(a, b))));
        }
        // Seeking backwards from the end lands on the same states as stepping forward did.
        for (size_t i = live->size(); i-- > 0;)
            if (!(liveFold.stateAt(i) == loaded.fold->stateAt(i)))
                QFAIL(qPrintable(QStringLiteral("backward seek to %1").arg(i)));
    }

    // prepare() called in pieces while a log grows (as a recorder would) gives the same states as
    // a fold that never prepared, including across checkpoint boundaries.
    void incrementalPrepareMatchesLazyFold()
    {
        QString source;
        std::shared_ptr<EventLog> full
            = recordRun(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py"), &source);
        QVERIFY(full);
        const size_t count = full->size();
        QVERIFY2(count > 2 * StateFold::kCheckpointInterval, qPrintable(QString::number(count)));
        // Replay the events into a growing log, preparing after every odd-sized chunk.
        EventLog growing;
        for (uint32_t s = 1; s < 100000; ++s) {
            try {
                if (growing.intern(full->string(s)) != s) break;
            } catch (const std::out_of_range&) {
                break;
            }
        }
        for (uint64_t id = 1; id < count + 1024; ++id) {
            RecordedHandle h = full->handle(id);
            if (!h.callback.empty()) growing.setHandle(id, h);
            RecordedTask t = full->task(id);
            if (!t.name.empty()) growing.setTask(id, t);
        }
        StateFold grown(growing);
        StateFold lazy(*full);
        size_t appended = 0;
        size_t chunk = 37;
        while (appended < count) {
            const size_t end = std::min(count, appended + chunk);
            for (; appended < end; ++appended) {
                RecordedEvent e = full->event(appended);
                if (e.movesCount) e.movesBegin = growing.addMoves(full->moves(e));
                growing.append(e);
                if (full->hasLocals(appended)) growing.recordLocals(full->localsAt(appended));
            }
            grown.prepare(growing.size());
            QCOMPARE(grown.prepared(), growing.size());
            const size_t probe = appended - 1;
            if (!(grown.stateAt(probe) == lazy.stateAt(probe)))
                QFAIL(qPrintable(QStringLiteral("event %1").arg(probe)));
            chunk = chunk * 3 % 1500 + 1;
        }
        for (size_t i = 0; i < count; i += 7)
            if (!(grown.stateAt(i) == lazy.stateAt(i))) QFAIL(qPrintable(QStringLiteral("event %1").arg(i)));
    }
};

QTEST_GUILESS_MAIN(TestSessionRecord)
#include "tst_sessionrecord.moc"
