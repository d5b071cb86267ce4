// bench_session: what a long recording costs. Records a real run of the engine (locals on, as
// `loopscope-cli record` does) of about 1,000,000 events, then measures the session file's bytes
// per event, save and load times (load includes building the fold's checkpoints), the first seek
// after loading and random seeks (median and max). Prints a table, then one JSON line for
// bench/run_bench.py.
//
//   bench_session [--events N] [--seeks N]
#include "session.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/statefold.h>
#include <loopscope/engine.h>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

using namespace loopscope;

namespace {

// Workers sleeping random amounts: timers, wake-ups, lines with locals, output, task ends.
std::string scenario(int workers, int rounds)
{
    return "import asyncio\nimport random\n\n"
           "async def worker(n, rounds):\n"
           "    total = 0\n"
           "    for i in range(rounds):\n"
           "        await asyncio.sleep(random.random())\n"
           "        total += i\n"
           "        if i % 50 == 0:\n"
           "            print('worker', n, 'round', i)\n"
           "    return total\n\n"
           "async def main():\n"
           "    random.seed(7)\n"
           "    tasks = [asyncio.create_task(worker(n, "
        + std::to_string(rounds) + ")) for n in range(" + std::to_string(workers)
        + ")]\n"
          "    await asyncio.gather(*tasks)\n\n"
          "asyncio.run(main())\n";
}

void keepLocals(void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals)
{
    static_cast<EventLog*>(ctx)->recordLocals(locals);
}

std::shared_ptr<EventLog> record(const std::string& source)
{
    auto log = std::make_shared<EventLog>();
    EngineOptions options;
    options.captureLocals = true;
    options.maxIterations = 100'000'000;
    Engine engine(options);
    engine.attach(log.get());
    engine.setLocalsSink(&keepLocals, log.get());
    engine.run(source, "bench_session.py");
    log->finish("completed");
    return log;
}

// Resident memory in MiB (Linux), for the memory the checkpoints take.
double residentMiB()
{
    long pages = 0, resident = 0;
    if (FILE* f = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    size_t target = 1'000'000;
    int seeks = 1000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (!std::strcmp(argv[i], "--events"))
            target = std::stoull(argv[++i]);
        else if (!std::strcmp(argv[i], "--seeks"))
            seeks = std::stoi(argv[++i]);
    }
    const int workers = 100;
    // Calibrate: events per round of every worker, then enough rounds for the target.
    const size_t small = record(scenario(workers, 10))->size();
    const int rounds = std::max<int>(1, int(double(target) / (double(small) / 10.0) + 0.5));

    QElapsedTimer t;
    t.start();
    std::shared_ptr<EventLog> log = record(scenario(workers, rounds));
    const double recordMs = ms(t);
    Session session;
    session.scenarioPath = QStringLiteral("bench_session.py");
    session.source = QString::fromStdString(scenario(workers, rounds));
    session.log = log;

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.lsn"));
    QString error;
    t.restart();
    if (!SessionFile::save(session, path, &error)) {
        std::fprintf(stderr, "bench_session: %s\n", qPrintable(error));
        return 1;
    }
    const double saveMs = ms(t);
    const qint64 bytes = QFileInfo(path).size();

    session = Session {};
    log.reset(); // only the loaded copy stays
    const double beforeLoad = residentMiB();
    Session loaded;
    t.restart();
    if (!SessionFile::load(path, &loaded, &error)) {
        std::fprintf(stderr, "bench_session: %s\n", qPrintable(error));
        return 1;
    }
    const double loadMs = ms(t);
    const double loadedMiB = residentMiB() - beforeLoad;
    // The part of loading that builds the checkpoints, measured again on its own.
    double checkpointMs = 0, foldMiB = 0;
    {
        const double before = residentMiB();
        t.restart();
        auto again = SessionFile::prepareFold(loaded.log);
        checkpointMs = ms(t);
        foldMiB = residentMiB() - before;
    }

    const size_t count = loaded.log->size();
    std::mt19937_64 rng(20261202);
    StateFold& fold = *loaded.fold;
    const size_t firstAt = count - 1 - rng() % (count / 10); // near the end: the worst place for a fold from 0
    t.restart();
    LoopState first = fold.stateAt(firstAt);
    const double firstSeekMs = ms(t);
    std::vector<double> times;
    for (int i = 0; i < seeks; ++i) {
        const size_t at = rng() % count;
        t.restart();
        LoopState s = fold.stateAt(at);
        times.push_back(ms(t));
        if (s.eventIndex != at) return 1;
    }
    std::sort(times.begin(), times.end());
    const double median = times.empty() ? 0 : times[times.size() / 2];
    const double worst = times.empty() ? 0 : times.back();
    // The same first seek on a fold that never prepared: what a lazy fold would cost.
    StateFold lazy(*loaded.log);
    t.restart();
    lazy.stateAt(firstAt);
    const double lazyFirstMs = ms(t);

    const double perEvent = double(bytes) / double(count);
    std::printf("session of %zu events (%d workers x %d rounds, %zu tasks at the end)\n", count, workers, rounds,
        first.tasks.size());
    std::printf("  file              %lld bytes, %.2f bytes/event (limit 32)\n", qlonglong(bytes), perEvent);
    std::printf("  record            %.0f ms\n", recordMs);
    std::printf("  save              %.0f ms\n", saveMs);
    std::printf("  load              %.0f ms, %.0f MiB resident (building the checkpoints alone: %.0f ms, %.0f MiB)\n",
        loadMs, loadedMiB, checkpointMs, foldMiB);
    std::printf("  first seek        %.3f ms (to event %zu; without prepared checkpoints %.0f ms)\n", firstSeekMs,
        firstAt, lazyFirstMs);
    std::printf("  random seeks      median %.3f ms, max %.3f ms over %d (limit 50 ms)\n", median, worst, seeks);
    std::printf("{\"events\": %zu, \"bytes\": %lld, \"bytes_per_event\": %.3f, \"record_ms\": %.1f, \"save_ms\": %.1f, "
                "\"load_ms\": %.1f, \"load_mib\": %.0f, \"checkpoint_ms\": %.1f, \"checkpoint_mib\": %.0f, "
                "\"first_seek_ms\": %.3f, \"lazy_first_seek_ms\": %.1f, "
                "\"seek_median_ms\": %.3f, \"seek_max_ms\": %.3f, \"seeks\": %d}\n",
        count, qlonglong(bytes), perEvent, recordMs, saveMs, loadMs, loadedMiB, checkpointMs, foldMiB, firstSeekMs,
        lazyFirstMs, median, worst, seeks);
    return 0;
}
