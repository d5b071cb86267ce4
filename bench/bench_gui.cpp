// bench_gui: stepping cost of the real window (MainWindow + EngineTimeline, offscreen) on runs
// with many tasks and timers, the charts dock showing the task lanes. Prints one line per
// measurement: the engine's run, the first position, the mean wall time of each kind of step
// including the repaint it causes (each kind capped at 10 s), far jumps, and the frame rate of
// Run with animations on.
//
//   QT_QPA_PLATFORM=offscreen build/bin/bench_gui [TASKS[:TIMERS]...]   (default: 1000:1000 10000:1000)

#include "chartspanel.h"
#include "debugsession.h"
#include "enginetimeline.h"
#include "loopview.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace loopscope;

namespace {

/// N tasks that sleep twice on spread-out timers, gathered by main, and M far timers that stay on
/// the heap all run long: every step shows N tasks and at least M timers.
QString scenario(int tasks, int timers)
{
    return QStringLiteral("import asyncio\n"
                          "def tick(i):\n"
                          "    pass\n"
                          "async def worker(i):\n"
                          "    await asyncio.sleep((i %% 97) / 10)\n"
                          "    x = i * 2\n"
                          "    await asyncio.sleep(0.5)\n"
                          "    return x\n"
                          "async def main():\n"
                          "    loop = asyncio.get_running_loop()\n"
                          "    for i in range(%2):\n"
                          "        loop.call_later(1000 + i, tick, i)\n"
                          "    await asyncio.gather(*(worker(i) for i in range(%1)))\n"
                          "asyncio.run(main())\n")
        .arg(tasks)
        .arg(timers)
        .replace(QStringLiteral("%%"), QStringLiteral("%"));
}

/// Each kind of step stops after this long, so that a slow size still reports (with fewer steps).
constexpr qint64 kCapMs = 10000;

double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

/// Counts the paints of one widget: proof that a step's repaint happened, and Run's frames.
class PaintCounter : public QObject {
public:
    explicit PaintCounter(QWidget* target)
        : m_target(target)
    {
        m_clock.start();
        target->installEventFilter(this);
    }
    int count() const { return int(m_times.size()); }
    const std::vector<qint64>& times() const { return m_times; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched == m_target && event->type() == QEvent::Paint)
            m_times.push_back(m_clock.nsecsElapsed());
        return false;
    }

private:
    QWidget* m_target;
    QElapsedTimer m_clock;
    std::vector<qint64> m_times;
};

void bench(int tasks, int timers)
{
    MainWindow window;
    window.setAnimationDuration(0);
    window.resize(1280, 800);
    window.show();
    // The charts dock in front, on the task lanes: the view that has to scale with the tasks.
    if (auto* charts = window.findChild<QDockWidget*>(QStringLiteral("chartsDock")))
        charts->raise();
    window.chartsPanel()->tabs()->setCurrentIndex(1);
    QApplication::processEvents();
    PaintCounter paints(window.loopView()->viewport());

    QElapsedTimer t;
    t.start();
    auto* run = new EngineTimeline(QStringLiteral("tasks%1.py").arg(tasks), scenario(tasks, timers));
    run->waitForCompletion();
    const double engineMs = ms(t);
    const uint64_t events = run->eventCount();
    // The first half now: a caller's time cap may end the run during the first position.
    std::printf("gui  tasks=%-6d timers=%-5d events=%-8llu engine run %9.1f ms", tasks, timers,
        static_cast<unsigned long long>(events), engineMs);
    std::fflush(stdout);
    t.restart();
    window.setTimeline(run);
    QApplication::processEvents();
    const double firstMs = ms(t);
    std::printf("   first position %8.1f ms   (%s)\n", firstMs, qPrintable(run->finishMessage()));

    DebugSession* session = window.session();
    session->goTo(qint64(events / 2));
    QApplication::processEvents();
    std::printf("gui  tasks=%-6d at the middle: %zu tasks, %zu timers on the heap, %zu handles ready\n", tasks,
        session->state().tasks.size(), session->state().heap.size(), session->state().ready.size());
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
        int done = 0, painted = 0;
        t.restart();
        for (int i = 0; i < k.steps && t.elapsed() < kCapMs; ++i) {
            if (!(k.forward ? session->stepForward(k.g) : session->stepBackward(k.g))) break;
            const int before = paints.count();
            QApplication::processEvents(); // the repaint and pending layout, as the user would see it
            painted += paints.count() > before ? 1 : 0;
            ++done;
        }
        const double total = ms(t);
        std::printf("gui  tasks=%-6d step %-15s %8.2f ms/step  (%d steps, %d repainted)\n", tasks, k.name,
            done ? total / done : 0.0, done, painted);
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

    // Run: one event per tick at the fastest rate the toolbar offers, cards animating (450 ms, the
    // default) between states; a frame is a paint of the loop view.
    window.setAnimationDuration(450);
    session->goTo(qint64(events / 2));
    QApplication::processEvents();
    session->setRunRate(30);
    const int firstFrame = paints.count();
    const uint64_t from = uint64_t(session->position());
    QEventLoop loop;
    QTimer::singleShot(3000, &loop, &QEventLoop::quit);
    t.restart();
    session->run();
    loop.exec();
    session->pause();
    const double runMs = ms(t);
    const std::vector<qint64>& times = paints.times();
    const int frames = paints.count() - firstFrame;
    qint64 worstGap = 0;
    for (size_t i = size_t(firstFrame) + 1; i < times.size(); ++i)
        worstGap = std::max(worstGap, times[i] - times[i - 1]);
    std::printf("gui  tasks=%-6d run animation %8.1f fps  (%d frames in %.0f ms, %llu events stepped, longest frame %.1f ms)\n",
        tasks, frames * 1000.0 / runMs, frames, runMs, static_cast<unsigned long long>(uint64_t(session->position()) - from),
        double(worstGap) / 1e6);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each line as it is measured, even if a caller's timeout ends the run
    std::vector<std::pair<int, int>> sizes;
    for (int i = 1; i < argc; ++i) {
        const QStringList parts = QString::fromLocal8Bit(argv[i]).split(QLatin1Char(':'));
        sizes.emplace_back(parts.value(0).toInt(), parts.size() > 1 ? parts[1].toInt() : 1000);
    }
    if (sizes.empty()) sizes = { { 1000, 1000 }, { 10000, 1000 } };
    for (auto [tasks, timers] : sizes)
        bench(tasks, timers);
    return 0;
}
