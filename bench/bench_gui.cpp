// bench_gui: stepping cost of the real window (MainWindow + EngineTimeline, offscreen) on runs
// with many tasks. Prints one line per measurement: the engine's run, the first position, and the
// mean wall time of each kind of step over the middle of the run (each kind capped at 10 s).
//
//   QT_QPA_PLATFORM=offscreen build/bin/bench_gui [TASKS...]     (default: 1000 10000)

#include "debugsession.h"
#include "enginetimeline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <cstdlib>

using namespace loopscope;

namespace {

/// N tasks that sleep twice on spread-out timers, gathered by main: a big heap, a long ready deque.
QString scenario(int tasks)
{
    return QStringLiteral("import asyncio\n"
                          "async def worker(i):\n"
                          "    await asyncio.sleep((i %% 97) / 10)\n"
                          "    x = i * 2\n"
                          "    await asyncio.sleep(0.5)\n"
                          "    return x\n"
                          "async def main():\n"
                          "    await asyncio.gather(*(worker(i) for i in range(%1)))\n"
                          "asyncio.run(main())\n")
        .arg(tasks)
        .replace(QStringLiteral("%%"), QStringLiteral("%"));
}

/// Each kind of step stops after this long, so that a slow size still reports (with fewer steps).
constexpr qint64 kCapMs = 10000;

double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

void bench(int tasks)
{
    MainWindow window;
    window.setAnimationDuration(0);
    window.resize(1280, 800);
    window.show();
    QApplication::processEvents();

    QElapsedTimer t;
    t.start();
    auto* run = new EngineTimeline(QStringLiteral("tasks%1.py").arg(tasks), scenario(tasks));
    run->waitForCompletion();
    const double engineMs = ms(t);
    const uint64_t events = run->eventCount();
    // The first half now: a caller's time cap may end the run during the first position.
    std::printf(
        "gui  tasks=%-6d events=%-8llu engine run %9.1f ms", tasks, static_cast<unsigned long long>(events), engineMs);
    std::fflush(stdout);
    t.restart();
    window.setTimeline(run);
    QApplication::processEvents();
    const double firstMs = ms(t);
    std::printf("   first position %8.1f ms   (%s)\n", firstMs, qPrintable(run->finishMessage()));

    DebugSession* session = window.session();
    struct Kind {
        const char* name;
        Granularity g;
        bool forward;
        int steps;
    };
    const Kind kinds[] = {
        { "event", Granularity::Event, true, 200 },
        { "event back", Granularity::Event, false, 200 },
        { "handle", Granularity::Handle, true, 200 },
        { "line", Granularity::Line, true, 200 },
        { "phase", Granularity::Phase, true, 100 },
        { "iteration", Granularity::Iteration, true, 20 },
        { "iteration back", Granularity::Iteration, false, 20 },
    };
    for (const Kind& k : kinds) {
        session->goTo(qint64(events / 2));
        QApplication::processEvents();
        int done = 0;
        t.restart();
        for (int i = 0; i < k.steps && t.elapsed() < kCapMs; ++i) {
            if (!(k.forward ? session->stepForward(k.g) : session->stepBackward(k.g))) break;
            QApplication::processEvents(); // repaint and pending layout, as the user would see it
            ++done;
        }
        const double total = ms(t);
        std::printf(
            "gui  tasks=%-6d step %-15s %8.2f ms/step  (%d steps)\n", tasks, k.name, done ? total / done : 0.0, done);
    }
    // Scrubbing: far jumps through the run (checkpointed folds).
    t.restart();
    const int jumps = 50;
    int jumped = 0;
    for (int i = 0; i < jumps && t.elapsed() < kCapMs; ++i, ++jumped) {
        session->goTo(qint64((uint64_t(i) * 7919 * 104729) % events));
        QApplication::processEvents();
    }
    std::printf("gui  tasks=%-6d %-20s %8.2f ms/jump  (%d jumps)\n", tasks, "scrub (goTo)", ms(t) / std::max(jumped, 1),
        jumped);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each line as it is measured, even if a caller's timeout ends the run
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(std::atoi(argv[i]));
    if (sizes.empty()) sizes = { 1000, 10000 };
    for (int n : sizes)
        bench(n);
    return 0;
}
