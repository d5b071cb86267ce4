// Observers: the order of events for a small program, several observers at once, a throwing
// observer detached and reported while the loop goes on, and the stopped loop's state queries.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

#include <stdexcept>

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

Coro child(RunContext& ctx)
{
    co_await aio::sleep(ctx, 1);
    co_return newStr("c");
}

Coro parentCoro(RunContext& ctx)
{
    Ref<Task> t = aio::createTask(ctx, child(ctx).named("child"));
    Ref<Object> v = co_await t;
    print(ctx, "got " + strText(v.get()));
    co_return none();
}

// Throws from the n-th event it sees.
struct Thrower : Observer {
    int seen = 0;
    int throwAt;
    explicit Thrower(int n) : throwAt(n) { }
    std::string observerName() const override { return "thrower"; }
    void beforeHandle(const HandleEvent&) override
    {
        if (++seen == throwAt) throw std::runtime_error("observer bug");
    }
};

std::vector<std::string> only(const std::vector<std::string>& events, std::initializer_list<const char*> prefixes)
{
    std::vector<std::string> out;
    for (const std::string& e : events)
        for (const char* p : prefixes)
            if (e.rfind(p, 0) == 0) {
                out.push_back(e);
                break;
            }
    return out;
}

} // namespace

class TestObserver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eventsArriveInCPythonOrder()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->runUntilComplete(parentCoro(run.ctx).named("parent").object().get());
        const auto tasks = only(rec.events, { "task ", "soon ", "run ", "step ", "stepped ", "done ", "due ", "timer " });
        QCOMPARE(tasks, (std::vector<std::string> {
                            "task Task-1 parent", "soon __step Task-1", "run __step Task-1", "step Task-1",
                            "task Task-2 child", "soon __step Task-2", "stepped Task-1 0 on Task-2",
                            "run __step Task-2", "step Task-2", "timer _set_result_unless_cancelled @0",
                            "stepped Task-2 0 on Future-3", "due _set_result_unless_cancelled",
                            "run _set_result_unless_cancelled", "soon __wakeup Task-2", "run __wakeup Task-2",
                            "step Task-2", "done Task-2 0", "soon __wakeup Task-1 arg=Task-2", "stepped Task-2 3",
                            "run __wakeup Task-1 arg=Task-2", "step Task-1", "done Task-1 0",
                            "soon _run_until_complete_cb arg=Task-1", "stepped Task-1 3",
                            "run _run_until_complete_cb arg=Task-1" }));
        // Every before has its after, in nesting order.
        QCOMPARE(std::count_if(rec.events.begin(), rec.events.end(), [](const std::string& e) { return e.rfind("run ", 0) == 0; }),
                 std::count_if(rec.events.begin(), rec.events.end(), [](const std::string& e) { return e.rfind("ran ", 0) == 0; }));
    }

    void severalObserversSeeTheSameEvents()
    {
        Run run;
        Recorder a, b;
        run.ctx.attach(&a);
        run.ctx.attach(&b);
        run.ctx.attach(&a); // attaching twice is a no-op
        QCOMPARE(run.ctx.observers().size(), size_t(2));
        aio::run(run.ctx, parentCoro(run.ctx).named("main"));
        QVERIFY(!a.events.empty());
        QCOMPARE(a.events, b.events);
        run.ctx.detach(&b);
        run.ctx.output("x\n");
        QCOMPARE(a.events.back(), std::string("out x\n"));
        QVERIFY(b.events.back() != std::string("out x\n"));
    }

    void throwingObserverIsDetachedAndReported()
    {
        Run run;
        Recorder rec;
        Thrower bad(2);
        Recorder late;
        run.ctx.attach(&rec);
        run.ctx.attach(&bad);
        run.ctx.attach(&late);
        aio::run(run.ctx, parentCoro(run.ctx).named("main"));
        QCOMPARE(bad.seen, 2); // never called again after throwing
        QCOMPARE(run.ctx.observers().size(), size_t(2));
        auto failed = std::find(rec.events.begin(), rec.events.end(), "observer failed thrower: observer bug");
        QVERIFY(failed != rec.events.end());
        QVERIFY(std::find(late.events.begin(), late.events.end(), "observer failed thrower: observer bug") != late.events.end());
        // The loop went on: the program printed and finished.
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "out got c\n") != rec.events.end());
        QCOMPARE(rec.events, late.events);
    }

    void noObserverMeansNoPayloads()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        QVERIFY(!run.ctx.observed());
        loop->runUntilComplete(parentCoro(run.ctx).named("parent").object().get());
        QCOMPARE(run.ctx.time(), 1.0);
    }

    void stoppedLoopStateQueries()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> p = loop->createTask(parentCoro(run.ctx).named("parent"));
        loop->beginRunUntilComplete(p.get());
        loop->runStep(Granularity::Iteration); // parent ran: child created, __step ready
        auto ready = loop->readySnapshot();
        QCOMPARE(ready.size(), size_t(1));
        QCOMPARE(ready[0].callback, std::string("__step"));
        QCOMPARE(ready[0].task, std::string("Task-2"));
        loop->runStep(Granularity::Iteration); // child parked on its sleep
        auto heap = loop->heapSnapshot();
        QCOMPARE(heap.size(), size_t(1));
        QCOMPARE(heap[0].when, 1.0);
        QVERIFY(heap[0].timer);
        QVERIFY(!heap[0].cancelled);
        auto tasks = loop->taskSnapshots();
        QCOMPARE(tasks.size(), size_t(2));
        QCOMPARE(tasks[0].task.name, std::string("Task-1"));
        QCOMPARE(tasks[0].awaiting, std::string("Task-2"));
        QCOMPARE(tasks[0].doneCallbacks, (std::vector<std::string> { "_run_until_complete_cb" }));
        QCOMPARE(tasks[1].state, FutureState::Pending);
        QVERIFY(tasks[1].awaiting.rfind("Future-", 0) == 0);
        QCOMPARE(tasks[1].doneCallbacks, (std::vector<std::string> { "__wakeup" }));
        QCOMPARE(run.ctx.time(), 0.0);
        loop->runUntil([] { return false; });
        loop->finishRunUntilComplete();
        QCOMPARE(loop->taskSnapshots()[0].state, FutureState::Finished);
    }

    void timerEventsCarrySiftMoves()
    {
        Run run;
        struct MoveRecorder : Observer {
            std::vector<std::vector<HeapMove>> pushes;
            void timerPushed(const HandleEvent& e) override { pushes.push_back(e.moves); }
        } rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> fn = newNativeFunction("f", [](Object*, CallArgs) -> Ref<Object> { return none(); });
        loop->callAt(5, Callback::python(fn));
        loop->callAt(1, Callback::python(fn)); // sifts to the root
        QCOMPARE(rec.pushes.size(), size_t(2));
        QCOMPARE(rec.pushes[1].size(), size_t(3));
        QCOMPARE(rec.pushes[1][0].kind, HeapMove::Kind::Lifted);
        QCOMPARE(rec.pushes[1][1].kind, HeapMove::Kind::Moved);
        QCOMPARE(rec.pushes[1][1].from, size_t(0));
        QCOMPARE(rec.pushes[1][1].to, size_t(1));
        QCOMPARE(rec.pushes[1][2].kind, HeapMove::Kind::Placed);
        QCOMPARE(rec.pushes[1][2].from, size_t(0));
        loop->close();
    }
};

QTEST_GUILESS_MAIN(TestObserver)
#include "tst_observer.moc"
