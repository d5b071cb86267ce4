// Soak: record real runs (Engine -> EventLog), then seek back and forth 100 000 times through
// StateFold the way a lecturer steps (far jumps and single steps of every granularity). Every
// sampled state must equal a fresh fold's, and the resident set must stay flat after warm-up.
#include <QFile>
#include <QFileInfo>
#include <QtTest>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>
#include <memory>
#include <random>
#include <sstream>
#include <unistd.h>

using namespace loopscope;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// Under ASan (make test-asan) a tenth of the seeks, to stay inside QtTest's 5-minute watchdog.
constexpr int kSeeks = kSanitized ? 10000 : 100000;
constexpr int kWarmUp = kSeeks / 10;
constexpr int kSampleEvery = kSeeks / 100; // 100 fresh folds per scenario
// RSS may grow by allocator noise only; a leak of one LoopState per seek would be far above this.
constexpr long kRssBoundKb = 8 * 1024;

long residentKb()
{
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return -1;
    long size = 0, resident = 0;
    const int n = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    return n == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1024) : -1;
}

void sinkLocals(void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals)
{
    static_cast<EventLog*>(ctx)->recordLocals(locals);
}

// The same recording the GUI makes (gui/enginetimeline.cpp): locals on, finish reason set.
std::unique_ptr<EventLog> record(const QString& path, RunResult* result)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return nullptr;
    const std::string source = f.readAll().toStdString();
    auto log = std::make_unique<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(&sinkLocals, log.get());
    *result = engine.run(source, QFileInfo(path).fileName().toStdString());
    log->finish(result->status == RunResult::Status::Completed ? "completed" : "error " + result->errorType);
    return log;
}

void dumpHandle(std::ostream& o, const HandleView& h)
{
    o << h.id << ' ' << h.callback << ' ' << h.task << ' ' << h.argTask << ' ' << h.timer << ' ' << h.when << ' '
      << h.cancelled << ';';
}

// Every field of a LoopState, so two states compare equal only when they draw the same picture.
std::string dump(const LoopState& s)
{
    std::ostringstream o;
    o.precision(17);
    o << s.eventIndex << ' ' << s.clock << ' ' << s.iteration << ' ' << int(s.phase) << ' '
      << (std::isnan(s.selectTimeout) ? std::string("None") : std::to_string(s.selectTimeout)) << '\n';
    o << "ready ";
    for (const auto& h : s.ready)
        dumpHandle(o, h);
    o << "\nheap ";
    for (const auto& h : s.heap)
        dumpHandle(o, h);
    o << "\nrunning " << s.running << ' ';
    dumpHandle(o, s.runningHandle);
    o << s.runningTaskId << ' ' << s.currentFile << ':' << s.currentLine << '\n';
    for (const auto& t : s.tasks) {
        o << "task " << t.id << ' ' << t.name << ' ' << t.coro << ' ' << int(t.state) << ' ' << t.awaiting << ' '
          << t.awaitingId << ' ' << t.result << ' ' << t.exception << " cb";
        for (const auto& c : t.doneCallbacks)
            o << ' ' << c;
        for (const auto& fr : t.frames) {
            o << " | " << fr.function << ' ' << fr.filename << ':' << fr.line << ' ' << fr.localsKnown;
            for (const auto& [name, value] : fr.locals)
                o << ' ' << name << '=' << value;
        }
        o << '\n';
    }
    for (const auto& f : s.futures) {
        o << "future " << f.id << ' ' << f.label << ' ' << int(f.state);
        for (const auto& c : f.doneCallbacks)
            o << ' ' << c;
        o << '\n';
    }
    o << "finished " << s.finished << ' ' << s.finishReason << '\n';
    return o.str();
}

// The events a step of each granularity stops at (gui/timeline.cpp Timeline::stopsAt).
std::vector<std::vector<size_t>> stopLists(const EventLog& log)
{
    std::vector<std::vector<size_t>> stops(5);
    for (size_t i = 0; i < log.size(); ++i) {
        const RecordKind k = log.event(i).kind;
        stops[0].push_back(i);
        if (k == RecordKind::Line) stops[1].push_back(i);
        if (k == RecordKind::RunBegin) stops[2].push_back(i);
        if (k == RecordKind::PhaseBegin || k == RecordKind::Iteration) stops[3].push_back(i);
        if (k == RecordKind::Iteration) stops[4].push_back(i);
    }
    return stops;
}

} // namespace

class TestSoak : public QObject {
    Q_OBJECT
private slots:
    void seekBackAndForth_data();
    void seekBackAndForth();
};

void TestSoak::seekBackAndForth_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<size_t>("checkpoints"); // at least this many fold checkpoints to cross
    QTest::newRow("potatoes") << QStringLiteral(LOOPSCOPE_SOURCE_DIR "/resources/scenarios/potatoes.py") << size_t(0);
    QTest::newRow("workloads") << QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/core/data_soak/workloads.py")
                               << size_t(8);
}

void TestSoak::seekBackAndForth()
{
    QFETCH(QString, path);
    QFETCH(size_t, checkpoints);
    const long atStart = residentKb();
    RunResult result;
    std::unique_ptr<EventLog> log = record(path, &result);
    QVERIFY2(log, qPrintable(path));
    QVERIFY2(result.status == RunResult::Status::Completed, result.traceback.c_str());
    const size_t count = log->size();
    const auto stops = stopLists(*log);
    for (const auto& s : stops)
        QVERIFY(!s.empty());
    QVERIFY2(count > 100 && count > checkpoints * StateFold::kCheckpointInterval, qPrintable(QString::number(count)));

    StateFold fold(*log);
    std::mt19937 rng(20261202);
    size_t position = 0;
    long afterWarmUp = 0;
    int sampled = 0;
    size_t checksum = 0;
    for (int i = 0; i < kSeeks; ++i) {
        if (i == kWarmUp) afterWarmUp = residentKb();
        const auto& list = stops[size_t(i) % stops.size()];
        size_t target;
        if (i % 2 == 0) {
            // Far: a stop in the other half of the run from where we are.
            const size_t half = list.size() / 2;
            const bool inFirstHalf = position < list[half];
            const size_t from = inFirstHalf ? half : 0, to = inFirstHalf ? list.size() : std::max<size_t>(half, 1);
            target = list[from + rng() % (to - from)];
        } else {
            // Near: the next or previous stop of this granularity, alternating direction.
            auto it = std::upper_bound(list.begin(), list.end(), position);
            if ((i / 2) % 2 == 0 && it != list.end())
                target = *it;
            else {
                auto before = std::lower_bound(list.begin(), list.end(), position);
                target = before == list.begin() ? list.front() : *(before - 1);
            }
        }
        position = target;
        const LoopState state = fold.stateAt(position);
        QCOMPARE(state.eventIndex, uint64_t(position)); // the fold stores the index of the last event applied
        checksum += state.tasks.size() + state.heap.size() + state.ready.size();
        if (i % kSampleEvery == kSampleEvery - 1) {
            StateFold fresh(*log);
            const std::string want = dump(fresh.stateAt(position));
            const std::string got = dump(state);
            QVERIFY2(got == want,
                qPrintable(QStringLiteral("seek %1 to event %2 differs from a fresh fold:\n%3\nfresh:\n%4")
                               .arg(i)
                               .arg(position)
                               .arg(QString::fromStdString(got), QString::fromStdString(want))));
            ++sampled;
        }
    }
    const long atEnd = residentKb();
    StateFold fresh(*log);
    QCOMPARE(dump(fold.stateAt(count - 1)), dump(fresh.stateAt(count - 1)));
    qInfo("%s: %zu events, %d seeks (%d compared with a fresh fold, checksum %zu); RSS %ld kB at start, "
          "%ld kB after %d warm-up seeks, %ld kB at the end (%+ld kB)",
        qPrintable(QFileInfo(path).fileName()), count, kSeeks, sampled, checksum, atStart, afterWarmUp, kWarmUp, atEnd,
        atEnd - afterWarmUp);
    QVERIFY(sampled >= kSeeks / kSampleEvery);
    QVERIFY(atStart > 0 && afterWarmUp > 0 && atEnd > 0);
    // ASan's quarantine keeps freed blocks resident by design (up to 256 MB), so RSS says nothing there.
    if (!kSanitized)
        QVERIFY2(atEnd - afterWarmUp < kRssBoundKb,
            qPrintable(
                QStringLiteral("RSS grew by %1 kB over %2 seeks").arg(atEnd - afterWarmUp).arg(kSeeks - kWarmUp)));
}

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
