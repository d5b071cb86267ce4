// SessionFile: round trips (every event and the folded state at every index), defensive loading
// of damaged files, atomic saving, and the size of a million-event session.

#include "session.h"
#include "syntheticrun.h"

#include <loopscope/debug/statefold.h>

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <random>
#include <sstream>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

using namespace loopscope;

namespace {

// Watch values as the engine leaves them in a log: a number that changes now and then, a text,
// and an expression that raises for a while.
void addWatchValues(EventLog& log)
{
    log.setWatches({ "len(all_potatos)", "shelf.state", "1 / n" });
    for (size_t i = 3; i < log.size(); i += 7) {
        log.appendWatchSample(0, { .event = i, .text = std::to_string(i / 50), .numeric = true, .number = double(i / 50) });
        if (i % 11 == 0) log.appendWatchSample(1, { .event = i, .text = "'state " + std::to_string(i) + "'" });
    }
    log.appendWatchSample(2, { .event = 1, .text = "ZeroDivisionError: division by zero", .error = true });
    if (log.size() > 40) log.appendWatchSample(2, { .event = 40, .text = "0.25", .numeric = true, .number = 0.25 });
}

std::shared_ptr<EventLog> syntheticLog(size_t events, uint32_t seed)
{
    auto log = std::make_shared<EventLog>();
    testing::SyntheticRun(*log, seed).run(events);
    addWatchValues(*log);
    return log;
}

Session sessionWith(std::shared_ptr<EventLog> log)
{
    Session s;
    s.scenarioPath = QStringLiteral("/lectures/potatoes.py");
    s.source = QStringLiteral("import asyncio\n\nasync def main():\n    print('potatoes \u00e9')\n");
    s.settings = QJsonObject { { "granularity", "phase" }, { "seed", 42 }, { "breakpoints", QJsonArray { 3, 7 } } };
    s.bookmarks = { { 0, QStringLiteral("start") }, { 17, QStringLiteral("first timer") } };
    s.notes.insert(5, QStringLiteral("Point at the ready deque here."));
    s.notes.insert(17, QStringLiteral("heap sift: watch index 0"));
    s.log = std::move(log);
    return s;
}

std::string describeMoves(const std::vector<HeapMove>& moves)
{
    std::string s;
    for (const HeapMove& m : moves)
        s += std::to_string(int(m.kind)) + ":" + std::to_string(m.from) + ">" + std::to_string(m.to) + " ";
    return s;
}

std::string dump(const HandleView& h)
{
    std::ostringstream o;
    o << h.id << '/' << h.callback << '/' << h.task << '/' << h.argTask << '/' << h.timer << '/' << h.when << '/'
      << h.cancelled;
    return o.str();
}

// Everything a LoopState shows, as text, so a mismatch prints readably.
std::string dump(const LoopState& s)
{
    std::ostringstream o;
    o.precision(17);
    o << s.eventIndex << ' ' << s.clock << ' ' << s.iteration << ' ' << int(s.phase) << ' '
      << (std::isnan(s.selectTimeout) ? std::string("nan") : std::to_string(s.selectTimeout)) << " ready[";
    for (const auto& h : s.ready) o << dump(h) << ',';
    o << "] heap[";
    for (const auto& h : s.heap) o << dump(h) << ',';
    o << "] " << s.running << ' ' << dump(s.runningHandle) << ' ' << s.runningTaskId << ' ' << s.currentFile << ':'
      << s.currentLine << " tasks[";
    for (const auto& t : s.tasks) {
        o << t.id << '/' << t.name << '/' << t.coro << '/' << int(t.state) << '/' << t.awaiting << '/' << t.awaitingId
          << '/' << t.result << '/' << t.exception << '/';
        for (const auto& c : t.doneCallbacks) o << c << ';';
        for (const auto& f : t.frames) {
            o << f.function << '@' << f.filename << ':' << f.line << (f.localsKnown ? "{" : "?{");
            for (const auto& [name, repr] : f.locals) o << name << '=' << repr << ',';
            o << "};";
        }
        o << ',';
    }
    o << "] futures[";
    for (const auto& f : s.futures) {
        o << f.id << '/' << f.label << '/' << int(f.state) << '/';
        for (const auto& c : f.doneCallbacks) o << c << ';';
    }
    o << "] " << s.finished << ' ' << s.finishReason;
    return o.str();
}

void compareLogs(const EventLog& a, const EventLog& b)
{
    QCOMPARE(b.size(), a.size());
    QCOMPARE(b.finished(), a.finished());
    QCOMPARE(b.finishReason(), a.finishReason());
    for (size_t i = 0; i < a.size(); ++i) {
        RecordedEvent x = a.event(i), y = b.event(i);
        QCOMPARE(int(y.kind), int(x.kind));
        QCOMPARE(b.string(y.text), a.string(x.text));
        QCOMPARE(b.string(y.text2), a.string(x.text2));
        QCOMPARE(y.a, x.a);
        QCOMPARE(y.b, x.b);
        QCOMPARE(std::bit_cast<uint64_t>(y.x), std::bit_cast<uint64_t>(x.x));
        QCOMPARE(std::bit_cast<uint64_t>(y.clock), std::bit_cast<uint64_t>(x.clock));
        QCOMPARE(describeMoves(b.moves(y)), describeMoves(a.moves(x)));
        QCOMPARE(b.describe(y), a.describe(x));
        QCOMPARE(b.hasLocals(i), a.hasLocals(i));
        QCOMPARE(b.localsAt(i), a.localsAt(i));
    }
    QCOMPARE(b.watches(), a.watches());
    for (size_t w = 0; w < a.watches().size(); ++w) QVERIFY(b.watchSamples(w) == a.watchSamples(w));
}

// Damaged zlib streams make qUncompress warn; that noise would drown the test's own output.
QtMessageHandler previousHandler = nullptr;
void dropZlibWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.startsWith(QLatin1String("qUncompress"))) return;
    previousHandler(type, context, message);
}

} // namespace

class TestSessionFile : public QObject {
    Q_OBJECT

private slots:
    void roundTripEveryEventAndState()
    {
        auto log = syntheticLog(6000, 7);
        Session original = sessionWith(log);
        QTemporaryDir dir;
        QString path = dir.filePath("talk.lsn");
        QString error;
        QVERIFY2(SessionFile::save(original, path, &error), qPrintable(error));
        Session loaded;
        QVERIFY2(SessionFile::load(path, &loaded, &error), qPrintable(error));

        QCOMPARE(loaded.scenarioPath, original.scenarioPath);
        QCOMPARE(loaded.source, original.source);
        QCOMPARE(loaded.settings, original.settings);
        QCOMPARE(loaded.bookmarks, original.bookmarks);
        QCOMPARE(loaded.notes, original.notes);
        QCOMPARE(loaded.origin, QStringLiteral("loopscope"));
        QVERIFY(!loaded.writtenBy.isEmpty());
        compareLogs(*log, *loaded.log);

        StateFold a(*log), b(*loaded.log);
        for (size_t i = 0; i < log->size(); ++i) QCOMPARE(dump(b.stateAt(i)), dump(a.stateAt(i)));
        // The run is realistic enough to matter: timers moved, tasks finished, a purge happened.
        size_t purges = 0, dues = 0, done = 0;
        for (size_t i = 0; i < log->size(); ++i) {
            RecordKind k = log->event(i).kind;
            purges += k == RecordKind::Purge;
            dues += k == RecordKind::Due;
            done += k == RecordKind::TaskDone;
        }
        QVERIFY(purges > 0 && dues > 0 && done > 0);
    }

    void roundTripEmptyAndCpythonOrigin()
    {
        Session s;
        s.log = std::make_shared<EventLog>();
        s.origin = QStringLiteral("cpython");
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(s), &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.log->size(), size_t(0));
        QCOMPARE(loaded.origin, QStringLiteral("cpython"));
    }

    void unfinishedLogIsSavedAsUnfinished()
    {
        auto log = std::make_shared<EventLog>();
        log->loopStarted(1);
        log->output("partial line without newline");
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(sessionWith(log)), &loaded, &error) == false, "bookmarks past the end must be refused");
        Session s;
        s.log = log;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(s), &loaded, &error), qPrintable(error));
        QVERIFY(!loaded.log->finished());
        QCOMPARE(loaded.log->size(), size_t(1));
    }

    void clearErrors()
    {
        QByteArray good = SessionFile::toBytes(sessionWith(syntheticLog(500, 3)));
        Session s;
        QString error;

        QVERIFY(!SessionFile::fromBytes(QByteArray(), &s, &error));
        QVERIFY2(error.contains("empty"), qPrintable(error));
        QVERIFY(!SessionFile::fromBytes(QByteArray("PK\x03\x04 not a session at all"), &s, &error));
        QVERIFY2(error.contains("not a Loopscope session"), qPrintable(error));
        QVERIFY(!SessionFile::fromBytes(good.left(10), &s, &error));
        QVERIFY2(error.contains("truncated"), qPrintable(error));
        QVERIFY(!SessionFile::fromBytes(good.left(good.size() - 1), &s, &error));
        QVERIFY2(error.contains("truncated"), qPrintable(error));

        QByteArray newer = good;
        newer[4] = 3;
        QVERIFY(!SessionFile::fromBytes(newer, &s, &error));
        QCOMPARE(error, QStringLiteral("This session was written by a newer Loopscope (format 3; this build reads up to 1)."));

        QVERIFY(!SessionFile::load(QStringLiteral("/nonexistent/talk.lsn"), &s, &error));
        QVERIFY2(error.contains("Cannot open"), qPrintable(error));
        QVERIFY(s.log == nullptr); // a failed load leaves the output untouched
    }

    void newerMinorWithUnknownSectionLoads()
    {
        auto log = syntheticLog(300, 5);
        QByteArray bytes = SessionFile::toBytes(sessionWith(log));
        bytes[6] = 9; // minor 9
        bytes[12] = char(bytes[12] + 1); // one more section
        QByteArray extra = qCompress(QByteArray("a future Loopscope's thumbnails"));
        bytes.append("THMB", 4);
        for (int i = 0; i < 4; ++i) bytes.append(char((extra.size() >> (8 * i)) & 0xff));
        bytes.append(extra);
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(bytes, &loaded, &error), qPrintable(error));
        compareLogs(*log, *loaded.log);
    }

    void watchValuesRoundTrip()
    {
        auto log = syntheticLog(600, 21);
        QVERIFY(!log->watchSamples(0).empty());
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(SessionFile::toBytes(sessionWith(log)), &loaded, &error), qPrintable(error));
        compareLogs(*log, *loaded.log);
        // The value as of an event is the latest change at or before it.
        QCOMPARE(loaded.log->watchAt(2, 0), std::nullopt);
        QCOMPARE(loaded.log->watchAt(2, 39)->text, std::string("ZeroDivisionError: division by zero"));
        QVERIFY(loaded.log->watchAt(2, 39)->error);
        QCOMPARE(loaded.log->watchAt(2, 40)->number, 0.25);
        QCOMPARE(loaded.log->watchAt(0, 120)->text, std::string("2"));

        // A log without watches writes no WTCH section, and a file without one loads with none.
        auto plain = std::make_shared<EventLog>();
        testing::SyntheticRun(*plain, 21).run(100);
        const QByteArray bytes = SessionFile::toBytes(sessionWith(plain));
        QVERIFY(!bytes.contains("WTCH"));
        QVERIFY2(SessionFile::fromBytes(bytes, &loaded, &error), qPrintable(error));
        QVERIFY(loaded.log->watches().empty());
    }

    void watchValuesOutsideTheRunAreRefused()
    {
        // A writer never stores such a value: append a hand-made WTCH section to a file without one.
        auto log = std::make_shared<EventLog>();
        testing::SyntheticRun(*log, 23).run(200);
        QByteArray bytes = SessionFile::toBytes(sessionWith(log));
        QVERIFY(!bytes.contains("WTCH"));
        bytes[12] = char(bytes[12] + 1); // one more section
        // One watch (expression: string 0), one value at event 0 + 5000, flags 0, text: string 0.
        const QByteArray payload("\x01\x00\x01\x88\x27\x00\x00", 7);
        const QByteArray section = qCompress(payload);
        bytes.append("WTCH", 4);
        for (int i = 0; i < 4; ++i) bytes.append(char((section.size() >> (8 * i)) & 0xff));
        bytes.append(section);
        Session loaded;
        QString error;
        QVERIFY(!SessionFile::fromBytes(bytes, &loaded, &error));
        QVERIFY2(error.contains("WTCH") && error.contains("outside the run"), qPrintable(error));
        QVERIFY(loaded.log == nullptr);
        // The same section pointing at event 5 is fine.
        bytes.chop(4 + 4 + section.size());
        const QByteArray good = qCompress(QByteArray("\x01\x00\x01\x05\x00\x00", 6));
        bytes.append("WTCH", 4);
        for (int i = 0; i < 4; ++i) bytes.append(char((good.size() >> (8 * i)) & 0xff));
        bytes.append(good);
        QVERIFY2(SessionFile::fromBytes(bytes, &loaded, &error), qPrintable(error));
        QCOMPARE(loaded.log->watchSamples(0).size(), size_t(1));
        QCOMPARE(loaded.log->watchSamples(0).front().event, uint64_t(5));
    }

    void impossibleIdsAreRefused()
    {
        auto log = syntheticLog(200, 9);
        log->append({ .kind = RecordKind::RunBegin, .a = 1'000'000'000 });
        Session loaded;
        QString error;
        QVERIFY(!SessionFile::fromBytes(SessionFile::toBytes(sessionWith(log)), &loaded, &error));
        QVERIFY2(error.contains("damaged") && error.contains("event"), qPrintable(error));

        auto log2 = syntheticLog(200, 9);
        log2->append({ .kind = RecordKind::PhaseBegin, .a = 99 });
        QVERIFY(!SessionFile::fromBytes(SessionFile::toBytes(sessionWith(log2)), &loaded, &error));
        QVERIFY2(error.contains("out-of-range"), qPrintable(error));
    }

    void everyTruncationFails()
    {
        QByteArray good = SessionFile::toBytes(sessionWith(syntheticLog(400, 11)));
        for (qsizetype n = 0; n < good.size(); ++n) {
            Session s;
            QString error;
            QVERIFY2(!SessionFile::fromBytes(good.left(n), &s, &error), qPrintable(QString::number(n)));
            QVERIFY(!error.isEmpty());
        }
    }

    void randomDamageNeverCrashes()
    {
        QByteArray good = SessionFile::toBytes(sessionWith(syntheticLog(400, 13)));
        previousHandler = qInstallMessageHandler(dropZlibWarnings);
        auto restore = qScopeGuard([] { qInstallMessageHandler(previousHandler); });
        std::mt19937 rng(20261124);
        int refused = 0, accepted = 0;
        for (int round = 0; round < 3000; ++round) {
            QByteArray bad = good;
            int flips = 1 + int(rng() % 4);
            for (int f = 0; f < flips; ++f) {
                // Half the damage lands in the header and section frames, where it is subtle.
                qsizetype at = rng() % 2 ? qsizetype(rng() % 64) : qsizetype(rng() % good.size());
                bad[at] = char(rng());
            }
            if (round % 7 == 0) bad.truncate(qsizetype(rng() % good.size()));
            Session s;
            QString error;
            if (SessionFile::fromBytes(bad, &s, &error)) {
                ++accepted;
                QVERIFY(s.log);
                if (s.log->size()) {
                    StateFold fold(*s.log);
                    fold.stateAt(s.log->size() - 1);
                }
            } else {
                ++refused;
                QVERIFY(!error.isEmpty());
            }
        }
        // Pure garbage after a valid signature.
        for (int round = 0; round < 500; ++round) {
            QByteArray junk("LSN1");
            junk.append(QByteArray(1 + int(rng() % 400), '\0'));
            for (qsizetype i = 4; i < junk.size(); ++i) junk[i] = char(rng());
            Session s;
            QString error;
            QVERIFY(!SessionFile::fromBytes(junk, &s, &error));
        }
        qInfo("random damage: %d refused, %d accepted as valid", refused, accepted);
        QVERIFY(refused > 0);
    }

    void atomicSave()
    {
        QTemporaryDir dir;
        QString error;
        Session small = sessionWith(syntheticLog(200, 1));
        // An unwritable target (its parent is a file) fails cleanly.
        QFile blocker(dir.filePath("blocker"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QVERIFY(!SessionFile::save(small, dir.filePath("blocker/talk.lsn"), &error));
        QVERIFY2(error.contains("blocker"), qPrintable(error));

        QString path = dir.filePath("talk.lsn");
        QVERIFY2(SessionFile::save(small, path, &error), qPrintable(error));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray before = f.readAll();
        f.close();
#ifdef Q_OS_LINUX
        // A write that fails halfway (file size limit, which holds even for root) keeps the old file.
        Session big = sessionWith(syntheticLog(50000, 2));
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit old {};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit limited = old;
        limited.rlim_cur = rlim_t(before.size() + 100);
        setrlimit(RLIMIT_FSIZE, &limited);
        bool saved = SessionFile::save(big, path, &error);
        setrlimit(RLIMIT_FSIZE, &old);
        QVERIFY(!saved);
        QVERIFY(!error.isEmpty());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        f.close();
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList({ "blocker", "talk.lsn" }));
#endif
        Session reloaded;
        QVERIFY2(SessionFile::load(path, &reloaded, &error), qPrintable(error));
        QCOMPARE(reloaded.log->size(), small.log->size());
    }

    void millionEventsSizeAndSeek()
    {
        QElapsedTimer timer;
        timer.start();
        auto log = syntheticLog(1'000'000, 2026);
        const qint64 recordMs = timer.restart();
        QByteArray bytes = SessionFile::toBytes(sessionWith(log));
        const qint64 saveMs = timer.restart();
        const double perEvent = double(bytes.size()) / double(log->size());
        Session loaded;
        QString error;
        QVERIFY2(SessionFile::fromBytes(bytes, &loaded, &error), qPrintable(error));
        const qint64 loadMs = timer.restart();
        QCOMPARE(loaded.log->size(), log->size());

        QVERIFY(loaded.fold);
        QCOMPARE(loaded.fold->prepared(), loaded.log->size()); // load built every checkpoint
        StateFold& fold = *loaded.fold;
        const size_t last = loaded.log->size() - 1;
        timer.restart();
        LoopState end = fold.stateAt(last);
        const qint64 coldNs = timer.nsecsElapsed();
        std::mt19937 rng(1);
        qint64 worstNs = 0, totalNs = 0;
        for (int i = 0; i < 200; ++i) {
            size_t at = rng() % loaded.log->size();
            timer.restart();
            LoopState s = fold.stateAt(at);
            qint64 ns = timer.nsecsElapsed();
            worstNs = std::max(worstNs, ns);
            totalNs += ns;
            QCOMPARE(s.eventIndex, uint64_t(at));
        }
        QCOMPARE(end.eventIndex, uint64_t(last));
        qInfo("the run has %zu tasks at its end (checkpoints share unchanged ones)", end.tasks.size());
        qInfo("1M-event session: %zu events, %lld bytes, %.2f bytes/event; record %lld ms, save %lld ms, load %lld ms",
              log->size(), qlonglong(bytes.size()), perEvent, saveMs > 0 ? recordMs : recordMs, saveMs, loadMs);
        qInfo("seek after load (which built the checkpoints): first seek to the last event %.1f ms; "
              "200 random seeks after that: mean %.3f ms, worst %.3f ms",
              coldNs / 1e6, totalNs / 200 / 1e6, worstNs / 1e6);
        QVERIFY2(perEvent <= 32.0, qPrintable(QString::number(perEvent)));
    }
};

QTEST_GUILESS_MAIN(TestSessionFile)
#include "tst_sessionfile.moc"
