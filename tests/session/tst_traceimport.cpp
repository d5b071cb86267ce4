// SessionFile::importTrace: every recorded CPython trace imports (the importer's heapq replay
// agrees with every `iter` line's counts), counts survive, and garbage gives a line-numbered error.

#include "session.h"

#include <loopscope/debug/statefold.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace loopscope;

namespace {

QStringList traceFiles()
{
    QDir dir(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios"));
    QStringList files;
    for (const QString& name : dir.entryList({ "*.trace" }, QDir::Files, QDir::Name)) files << dir.filePath(name);
    return files;
}

size_t countKind(const EventLog& log, RecordKind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < log.size(); ++i) n += log.event(i).kind == kind;
    return n;
}

int countLines(const QByteArray& text, const QByteArray& word)
{
    int n = 0;
    for (const QByteArray& line : text.split('\n')) {
        QList<QByteArray> parts = line.split(' ');
        n += parts.size() >= 2 && parts[1] == word;
    }
    return n;
}

} // namespace

class TestTraceImport : public QObject {
    Q_OBJECT

private slots:
    void importsEveryScenario()
    {
        const QStringList files = traceFiles();
        QVERIFY(files.size() > 10);
        QStringList approximate;
        qint64 totalBytes = 0;
        size_t totalEvents = 0;
        for (const QString& path : files) {
            Session s;
            QString error;
            QVERIFY2(SessionFile::importTrace(path, &s, &error), qPrintable(error));
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray text = f.readAll();
            const EventLog& log = *s.log;
            QCOMPARE(s.origin, QStringLiteral("cpython"));
            QVERIFY2(s.scenarioPath.endsWith(".py") && !s.source.isEmpty(), qPrintable(path));
            QCOMPARE(int(countKind(log, RecordKind::TaskCreated)), countLines(text, "task"));
            QCOMPARE(int(countKind(log, RecordKind::Output)), countLines(text, "out"));
            QCOMPARE(int(countKind(log, RecordKind::RunBegin)), countLines(text, "run"));
            QCOMPARE(int(countKind(log, RecordKind::Due)), countLines(text, "due"));
            QCOMPARE(int(countKind(log, RecordKind::Cancel)), countLines(text, "cancel"));
            QCOMPARE(int(countKind(log, RecordKind::Iteration)), countLines(text, "iter"));
            QVERIFY(log.finished());
            // Replaying the heap moves gives the heap every `iter` line reports; where the importer had
            // to guess which of several same-named timers a `cancel` hit, only the ready count is exact.
            const bool heapApproximate = s.settings.contains(QStringLiteral("approximateHeapFromLine"));
            StateFold fold(log);
            for (size_t i = 0; i < log.size(); ++i) {
                RecordedEvent e = log.event(i);
                if (e.kind != RecordKind::Iteration || i == 0) continue;
                LoopState before = fold.stateAt(i - 1);
                const QString where = QStringLiteral("%1 event %2").arg(QFileInfo(path).fileName()).arg(i);
                QVERIFY2((heapApproximate || before.heap.size() == size_t(e.x)) && before.ready.size() == size_t(e.b),
                         qPrintable(QStringLiteral("%1: heap %2 ready %3, iter says %4 and %5")
                                        .arg(where)
                                        .arg(before.heap.size())
                                        .arg(before.ready.size())
                                        .arg(size_t(e.x))
                                        .arg(e.b)));
            }
            // An imported trace saves and loads like any session.
            Session loaded;
            const QByteArray bytes = SessionFile::toBytes(s);
            totalBytes += bytes.size();
            totalEvents += log.size();
            QVERIFY2(SessionFile::fromBytes(bytes, &loaded, &error), qPrintable(error));
            QCOMPARE(loaded.log->size(), log.size());
            QCOMPARE(loaded.origin, QStringLiteral("cpython"));
            if (s.settings.contains("approximateHeapFromLine")) approximate << QFileInfo(path).fileName();
        }
        qInfo("%lld traces imported; heap layout approximate (ambiguous cancels) in: %s", qlonglong(files.size()),
              qPrintable(approximate.join(", ")));
        qInfo("as sessions: %zu events in %lld bytes (%.2f bytes/event, headers included)", totalEvents,
              qlonglong(totalBytes), double(totalBytes) / double(totalEvents));
    }

    void openDispatchesOnContent()
    {
        const QString trace = traceFiles().value(0);
        Session viaOpen, viaImport;
        QString error;
        QVERIFY2(SessionFile::open(trace, &viaOpen, &error), qPrintable(error));
        QVERIFY2(SessionFile::importTrace(trace, &viaImport, &error), qPrintable(error));
        QCOMPARE(viaOpen.log->size(), viaImport.log->size());
        QCOMPARE(viaOpen.origin, QStringLiteral("cpython"));
        QTemporaryDir dir;
        const QString lsn = dir.filePath("run.lsn");
        QVERIFY2(SessionFile::save(viaOpen, lsn, &error), qPrintable(error));
        Session reopened;
        QVERIFY2(SessionFile::open(lsn, &reopened, &error), qPrintable(error));
        QCOMPARE(reopened.log->size(), viaOpen.log->size());
    }

    void pythonWriterMatchesImporter()
    {
        // tools/loopscope_trace.py writes the binary format itself; its files must load and agree
        // event for event with the C++ importer.
        const QString python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty()) QSKIP("python3 is not installed");
        QTemporaryDir dir;
        for (const QString& trace : traceFiles()) {
            const QString out = dir.filePath(QFileInfo(trace).completeBaseName() + ".lsn");
            QProcess p;
            p.start(python, { QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tools/loopscope_trace.py"), "--from-trace", trace, "-o", out });
            QVERIFY(p.waitForFinished(60000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            Session fromPython, imported;
            QString error;
            QVERIFY2(SessionFile::load(out, &fromPython, &error), qPrintable(trace + ": " + error));
            QVERIFY2(SessionFile::importTrace(trace, &imported, &error), qPrintable(error));
            const EventLog& a = *imported.log;
            const EventLog& b = *fromPython.log;
            QCOMPARE(fromPython.origin, QStringLiteral("cpython"));
            QCOMPARE(fromPython.source, imported.source);
            QCOMPARE(b.size(), a.size());
            QCOMPARE(b.finishReason(), a.finishReason());
            for (size_t i = 0; i < a.size(); ++i) {
                RecordedEvent x = a.event(i), y = b.event(i);
                QCOMPARE(QFileInfo(trace).fileName() + ": " + QString::fromStdString(b.describe(y)),
                         QFileInfo(trace).fileName() + ": " + QString::fromStdString(a.describe(x)));
                QCOMPARE(y.clock, x.clock);
                QCOMPARE(b.moves(y).size(), a.moves(x).size());
            }
            StateFold fa(a), fb(b);
            if (a.size()) {
                LoopState sa = fa.stateAt(a.size() - 1), sb = fb.stateAt(b.size() - 1);
                QCOMPARE(sb.heap.size(), sa.heap.size());
                QCOMPARE(sb.tasks.size(), sa.tasks.size());
                for (size_t t = 0; t < sa.tasks.size(); ++t) QCOMPARE(int(sb.tasks[t].state), int(sa.tasks[t].state));
            }
        }
    }

    void outputTextAndEndings()
    {
        Session s;
        QString error;
        QVERIFY2(SessionFile::importTraceText("0.000000 task Task-1 coro=main\n"
                                              "0.000000 soon __step Task-1\n"
                                              "0.000000 iter 1 ready=1 timers=0\n"
                                              "0.000000 select timeout=0.000000\n"
                                              "0.000000 run __step Task-1\n"
                                              "0.000000 out hello world\n"
                                              "0.000000 timer _set_result_unless_cancelled when=1.500000\n"
                                              "0.000000 iter 2 ready=0 timers=1\n"
                                              "0.000000 select timeout=1.500000\n"
                                              "1.500000 due _set_result_unless_cancelled\n"
                                              "1.500000 run _set_result_unless_cancelled\n"
                                              "1.500000 done Task-1 exception ValueError\n"
                                              "1.500000 error ValueError\n",
                                              &s, &error),
                 qPrintable(error));
        const EventLog& log = *s.log;
        QCOMPARE(log.finishReason(), std::string("error ValueError"));
        StateFold fold(log);
        LoopState end = fold.stateAt(log.size() - 1);
        QCOMPARE(end.clock, 1.5);
        QCOMPARE(end.tasks.size(), size_t(1));
        QCOMPARE(int(end.tasks[0].state), int(TaskView::State::Failed));
        QCOMPARE(end.tasks[0].exception, std::string("ValueError"));
        QVERIFY(end.finished);
        bool sawHello = false;
        for (size_t i = 0; i < log.size(); ++i)
            if (log.event(i).kind == RecordKind::Output) sawHello = log.string(log.event(i).text) == "hello world";
        QVERIFY(sawHello);
    }

    void garbageNamesTheLine_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "0.000000 task Task-1 coro=main\n0.000000 soon __step Task-1\n";
        QTest::newRow("unknown event") << head + "0.000000 frobnicate x\n" << "line 3: unknown event";
        QTest::newRow("no clock") << head + "hello\n" << "line 3: expected";
        QTest::newRow("bad clock") << QByteArray("abc run x\n") << "line 1: the clock";
        QTest::newRow("bad iter") << head + "0.000000 iter one ready=1\n" << "line 3: expected \"iter";
        QTest::newRow("iter disagrees") << head + "0.000000 iter 1 ready=5 timers=0\n" << "line 3: iter says ready=5";
        QTest::newRow("run of nothing") << head + "0.000000 run say\n" << "line 3: run of a handle";
        QTest::newRow("due of nothing") << head + "0.000000 due say\n" << "line 3: due of a timer";
        QTest::newRow("cancel of nothing") << head + "0.000000 cancel say\n" << "line 3: cancel of a timer";
        QTest::newRow("done of stranger") << head + "0.000000 done Task-9 result\n" << "line 3: done of a task";
        QTest::newRow("after the end") << head + "0.000000 deadlock\n0.000000 out x\n" << "line 4: a line after";
        QTest::newRow("binary") << QByteArray("\x00\x01\xff\xfe garbage\n", 14) << "line 1:";
    }

    void garbageNamesTheLine()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        Session s;
        QString error;
        QVERIFY(!SessionFile::importTraceText(text, &s, &error));
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        QVERIFY(!s.log);
    }

    void corruptLineOfRealTraceIsNamed()
    {
        // Each recorded trace, one line damaged (first, middle, last): importTrace refuses the file,
        // names the file and exactly that line, and leaves the session untouched.
        QTemporaryDir dir;
        int checked = 0;
        for (const QString& path : traceFiles()) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QList<QByteArray> lines = f.readAll().split('\n');
            if (!lines.isEmpty() && lines.last().isEmpty()) lines.removeLast();
            QVERIFY2(lines.size() >= 3, qPrintable(path));
            for (qsizetype at : { qsizetype(0), lines.size() / 2, lines.size() - 1 }) {
                const QList<QByteArray> words = lines[at].split(' ');
                QVERIFY2(words.size() >= 2, qPrintable(path + ": " + lines[at]));
                const struct {
                    QByteArray line;
                    QString message;
                } damages[] = {
                    { words[0] + " bogus" + lines[at].mid(words[0].size() + 1 + words[1].size()), "unknown event" },
                    { "clock" + lines[at].mid(words[0].size()), "the clock" },
                };
                for (const auto& damage : damages) {
                    QList<QByteArray> bad = lines;
                    bad[at] = damage.line;
                    const QString file = dir.filePath(QFileInfo(path).fileName());
                    QFile out(file);
                    QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
                    out.write(bad.join('\n') + '\n');
                    out.close();
                    Session s;
                    s.scenarioPath = QStringLiteral("untouched");
                    QString error;
                    QVERIFY2(!SessionFile::importTrace(file, &s, &error),
                        qPrintable(file + " line " + QString::number(at + 1)));
                    const QString want = QStringLiteral("%1: line %2: %3")
                                             .arg(QFileInfo(path).fileName())
                                             .arg(at + 1)
                                             .arg(damage.message);
                    QVERIFY2(error.startsWith(want), qPrintable(error + "\nwanted: " + want));
                    QCOMPARE(s.scenarioPath, QStringLiteral("untouched"));
                    QVERIFY(!s.log);
                    ++checked;
                }
            }
        }
        qInfo("%d damaged traces refused, each naming its line", checked);
    }

    void mutatedTracesNeverCrash()
    {
        QFile f(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios/aio_bulk_purge.trace"));
        if (!f.exists()) f.setFileName(traceFiles().value(0));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray good = f.readAll();
        std::mt19937 rng(7);
        int ok = 0, refused = 0;
        for (int round = 0; round < 400; ++round) {
            QByteArray bad = good;
            for (int k = 0; k < 1 + int(rng() % 6); ++k) {
                qsizetype at = qsizetype(rng() % bad.size());
                switch (rng() % 3) {
                case 0: bad[at] = char(rng()); break;
                case 1: bad.remove(at, qsizetype(rng() % 40)); break;
                default: bad.insert(at, good.mid(qsizetype(rng() % good.size()), 30)); break;
                }
            }
            Session s;
            QString error;
            if (SessionFile::importTraceText(bad, &s, &error)) {
                ++ok;
                StateFold fold(*s.log);
                if (s.log->size()) fold.stateAt(s.log->size() - 1);
            } else {
                ++refused;
                QVERIFY2(error.startsWith("line "), qPrintable(error));
            }
        }
        qInfo("mutated traces: %d imported, %d refused with a line number", ok, refused);
    }
};

QTEST_GUILESS_MAIN(TestTraceImport)
#include "tst_traceimport.moc"
