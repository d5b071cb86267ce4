// The event loop: scheduling, _run_once's phases in CPython's order, the purge paths, the
// virtual clock and selector, deadlock, errors, and the steppable driver.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

#include <loopscope/asyncio/timerheap.h>

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

// A Python-callable that records its first argument's str on the run's output.
Ref<Object> recorderFn(const char* name)
{
    return newNativeFunction(name, [](Object*, CallArgs args) -> Ref<Object> {
        RunContext::current()->output(args.nargs ? strText(args[0]) + "\n" : std::string("()\n"));
        return none();
    });
}

std::vector<std::string> outputs(const Recorder& r)
{
    std::vector<std::string> out;
    for (const std::string& e : r.events)
        if (e.rfind("out ", 0) == 0) out.push_back(e.substr(4, e.size() - 5));
    return out;
}

Ref<Object> boomFn()
{
    return newNativeFunction("boom", [](Object*, CallArgs) -> Ref<Object> { raise(types().ValueError, "boom"); });
}

Coro sleepy(RunContext& ctx, double d, int n)
{
    for (int i = 0; i < n; ++i) co_await aio::sleep(ctx, d);
    co_return newInt(n);
}

Coro ticker(RunContext& ctx)
{
    std::vector<Ref<Object>> tasks;
    for (int i = 0; i < 4; ++i) tasks.push_back(aio::createTask(ctx, sleepy(ctx, 0.25 * (i % 3), 3).named("sleepy")));
    co_await aio::gather(ctx, tasks);
    co_return none();
}

std::string phaseLine(LoopPhase p) { return "phase " + std::to_string(int(p)); }

} // namespace

class TestLoop : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void phasesRunInCPythonOrder()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        std::vector<std::string> phases;
        for (const std::string& e : rec.events)
            if (e.rfind("phase ", 0) == 0) phases.push_back(e);
        QCOMPARE(phases, (std::vector<std::string> { phaseLine(LoopPhase::PurgeCancelled), phaseLine(LoopPhase::ComputeTimeout),
                                                     phaseLine(LoopPhase::Select), phaseLine(LoopPhase::ProcessEvents),
                                                     phaseLine(LoopPhase::MoveDueTimers), phaseLine(LoopPhase::RunReady) }));
        // The handle runs inside run-ready, and the loop stops at the end of that iteration.
        auto pos = [&](const std::string& s) { return std::find(rec.events.begin(), rec.events.end(), s) - rec.events.begin(); };
        QVERIFY(pos("run stop") > pos(phaseLine(LoopPhase::RunReady)));
        QVERIFY(pos("end iter 1") > pos("ran stop"));
        QCOMPARE(rec.events.back(), std::string("loop stopped"));
        QCOMPARE(loop->iteration(), uint64_t(1));
    }

    void drainRunsOnlyWhatWasReadyWhenItBegan()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        struct State {
            EventLoop* loop;
            std::vector<uint64_t> iterations;
        } st { loop.get(), {} };
        static State* s;
        s = &st;
        Ref<Object> fnRef;
        static Ref<Object>* fnStatic;
        fnStatic = &fnRef;
        Ref<Object> chain = newNativeFunction("chain", [](Object*, CallArgs) -> Ref<Object> {
            s->iterations.push_back(s->loop->iteration());
            if (s->iterations.size() < 3)
                s->loop->callSoon(Callback::python(*fnStatic));
            else
                s->loop->stop();
            return none();
        });
        fnRef = chain;
        loop->callSoon(Callback::python(chain));
        loop->runForever();
        QCOMPARE(st.iterations, (std::vector<uint64_t> { 1, 2, 3 }));
    }

    void cancelledHandleIsSkipped()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        loop->callSoon(Callback::python(say), { newStr("a") });
        Ref<Handle> h = loop->callSoon(Callback::python(say), { newStr("b") });
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        h->cancel();
        QVERIFY(h->cancelled());
        loop->runForever();
        QCOMPARE(outputs(rec), (std::vector<std::string> { "a" }));
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "skip say") != rec.events.end());
    }

    // heapq fact (python3): whens [3,1,2,1,3,2,1] pushed in order give layout [1,3,6,0,4,5,2].
    void timerHeapHasHeapqLayout()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        const double whens[] = { 3, 1, 2, 1, 3, 2, 1 };
        std::vector<uint64_t> ids;
        for (double w : whens) ids.push_back(loop->callAt(w, Callback::python(say))->id());
        std::vector<size_t> layout;
        for (const HandleEvent& e : loop->heapSnapshot())
            layout.push_back(size_t(std::find(ids.begin(), ids.end(), e.id) - ids.begin()));
        QCOMPARE(layout, (std::vector<size_t> { 1, 3, 6, 0, 4, 5, 2 }));
    }

    void purgePopsCancelledTimersOffTheHead()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        Ref<TimerHandle> a = loop->callAt(1, Callback::python(say), { newStr("a") });
        Ref<TimerHandle> b = loop->callAt(2, Callback::python(say), { newStr("b") });
        Ref<TimerHandle> c = loop->callAt(3, Callback::python(say), { newStr("c") });
        loop->callAt(3, Callback::python(getAttr(loop.get(), "stop")));
        a->cancel();
        c->cancel(); // not at the head: stays until it surfaces
        QCOMPARE(loop->timerCancelledCount(), size_t(2));
        loop->beginRun();
        loop->runStep(Granularity::Unit); // purge
        QCOMPARE(loop->timerCount(), size_t(3));
        QCOMPARE(loop->timerCancelledCount(), size_t(1));
        QVERIFY(!a->scheduled());
        QVERIFY(c->scheduled());
        while (loop->runUnit() != UnitResult::Stopped) { }
        QCOMPARE(outputs(rec), (std::vector<std::string> { "b" }));
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "purge 1") != rec.events.end());
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "cancel say") != rec.events.end());
    }

    // More than 100 scheduled and more than half cancelled: rebuild + heapify in one go.
    void bulkPurgeRebuildsAndHeapifies()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        std::vector<Ref<TimerHandle>> timers;
        for (int i = 0; i < 150; ++i) timers.push_back(loop->callAt(10 + (i * 37) % 101, Callback::python(say)));
        for (int i = 0; i < 150; i += 2) timers[i]->cancel(); // 75 of 150: exactly half is not enough
        QCOMPARE(loop->timerCancelledCount(), size_t(75));
        timers[1]->cancel(); // 76 > 75
        // The expected layout: CPython's list comprehension order, then heapq.heapify.
        struct Less {
            bool operator()(TimerHandle* a, TimerHandle* b) const { return a->when() < b->when(); }
        };
        TimerHeap<TimerHandle*, Less> expected;
        for (const Ref<TimerHandle>& h : loop->scheduled())
            if (!h->cancelled()) expected.rawItems().push_back(h.get());
        expected.heapify();
        loop->beginRun();
        loop->runStep(Granularity::Unit);
        QCOMPARE(loop->timerCount(), size_t(74));
        QCOMPARE(loop->timerCancelledCount(), size_t(0));
        for (size_t i = 0; i < expected.size(); ++i) QCOMPARE(loop->scheduled()[i].get(), expected[i]);
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "bulk purge 76") != rec.events.end());
        QVERIFY(!timers[0]->scheduled());
        loop->stop();
        while (loop->runUnit() != UnitResult::Stopped) { }
    }

    void selectTimeoutMovesTheClock()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->callAt(2.5, Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QCOMPARE(loop->time(), 2.5);
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "select 2.500000") != rec.events.end());
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "clock 0.000000->2.500000") != rec.events.end());
    }

    void selectTimeoutIsCappedAtOneDay()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->callAt(200000, Callback::python(getAttr(loop.get(), "stop")));
        loop->beginRun();
        loop->runStep(Granularity::Iteration);
        QCOMPARE(loop->time(), 86400.0);
        QCOMPARE(loop->timerCount(), size_t(1));
        while (loop->runUnit() != UnitResult::Stopped) { }
        QCOMPARE(loop->time(), 200000.0); // 86400 + 86400 + 27200
    }

    // end_time = time() + 1e-09: a timer within the clock resolution is due now.
    void dueTimersUseClockResolution()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        Ref<TimerHandle> near = loop->callAt(0.5e-9, Callback::python(say));
        Ref<TimerHandle> far = loop->callAt(2e-9, Callback::python(say));
        loop->callSoon(Callback::python(say)); // something ready: select(0), the clock stays at 0
        loop->beginRun();
        loop->runStep(Granularity::Phase); // purge
        loop->runStep(Granularity::Phase); // timeout
        loop->runStep(Granularity::Phase); // select
        loop->runStep(Granularity::Phase); // events
        loop->runStep(Granularity::Phase); // due timers
        QCOMPARE(loop->time(), 0.0);
        QVERIFY(!near->scheduled());
        QVERIFY(far->scheduled());
        QCOMPARE(loop->readyCount(), size_t(2));
        loop->stop();
        while (loop->runUnit() != UnitResult::Stopped) { }
    }

    void deadlockEndsRunForever()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        QVERIFY_THROWS_EXCEPTION(DeadlockError, loop->runForever());
        QVERIFY(loop->deadlocked());
        QVERIFY(!loop->isRunning());
        QVERIFY(run.ctx.runningLoop() == nullptr);
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "select None") != rec.events.end());
        QCOMPARE(rec.events[rec.events.size() - 2], std::string("deadlock"));
    }

    void runtimeErrorsHaveCPythonTexts()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        auto message = [](auto&& f) -> std::string {
            try {
                f();
            } catch (const PyException& e) {
                return e.exception()->type()->name() + ": " + strText(e.exception().get());
            }
            return "no exception";
        };
        static EventLoop* l;
        l = loop.get();
        static std::string seen;
        loop->callSoon(Callback::python(newNativeFunction("probe", [](Object*, CallArgs) -> Ref<Object> {
            try {
                l->close();
            } catch (const PyException& e) {
                seen = strText(e.exception().get());
            }
            try {
                l->runForever();
            } catch (const PyException& e) {
                seen += "|" + strText(e.exception().get());
            }
            l->stop();
            return none();
        })));
        loop->runForever();
        QCOMPARE(seen, std::string("Cannot close a running event loop|This event loop is already running"));
        loop->close();
        QCOMPARE(message([&] { loop->callSoon(Callback::python(recorderFn("x"))); }),
                 std::string("RuntimeError: Event loop is closed"));
        QVERIFY(loop->isClosed());
    }

    void runUntilCompleteStoppedEarly()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        try {
            loop->runUntilComplete(f.get());
            QFAIL("expected RuntimeError");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("Event loop stopped before Future completed."));
        }
        QVERIFY(f->doneCallbacks().empty()); // _run_until_complete_cb removed again
    }

    void callbackExceptionGoesToTheHandlerAndTheLoopGoesOn()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->callSoon(Callback::python(newNativeFunction("boom", [](Object*, CallArgs) -> Ref<Object> {
            raise(types().ValueError, "boom");
        })));
        loop->callSoon(Callback::python(recorderFn("after")), { newStr("still running") });
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "callback error ValueError") != rec.events.end());
        QCOMPARE(outputs(rec), (std::vector<std::string> { "still running" }));
    }

    // base_events.default_exception_handler with no logging configured: the message, the other
    // keys sorted as `key: repr(value)`, then the exception (no interpreter here: its last line).
    void defaultExceptionHandlerLogsLikeCPython()
    {
        Run run;
        std::string err;
        run.ctx.setErrorOutput([&err](std::string_view t) { err += t; });
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        loop->callSoon(Callback::python(boomFn()));
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QCOMPARE(err, std::string("Exception in callback boom()\nhandle: <Handle boom()>\nValueError: boom\n"));
        err.clear();
        Ref<DictObject> context = newDict();
        dictSet(context.get(), "message", newStr("hi").get());
        dictSet(context.get(), "zeta", newInt(2).get());
        dictSet(context.get(), "alpha", newStr("a").get());
        callMethod(loop.get(), "call_exception_handler", { context.get() });
        QCOMPARE(err, std::string("hi\nalpha: 'a'\nzeta: 2\n"));
        err.clear();
        callMethod(loop.get(), "default_exception_handler", { newDict().get() });
        QCOMPARE(err, std::string("Unhandled exception in event loop\n"));
    }

    void customExceptionHandlerGetsTheLoopAndTheContext()
    {
        Run run;
        std::string err;
        run.ctx.setErrorOutput([&err](std::string_view t) { err += t; });
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        QCOMPARE(callMethod(loop.get(), "get_exception_handler").get(), None());
        static std::vector<std::string> seen;
        seen.clear();
        Ref<Object> handler = newNativeFunction("handler", [](Object*, CallArgs args) -> Ref<Object> {
            seen.push_back(args.nargs == 2 && isInstance(args[0], eventLoopType()) ? "loop" : "?");
            Ref<Object> keys = newList();
            for (auto [k, v] : dictItems(static_cast<DictObject*>(args[1]))) listItems(keys.get()).emplace_back(k);
            callMethod(keys.get(), "sort");
            seen.push_back(reprText(keys.get()));
            seen.push_back(strText(dictGet(static_cast<DictObject*>(args[1]), "message")));
            Object* handle = dictGet(static_cast<DictObject*>(args[1]), "handle");
            seen.push_back(handle ? handle->type()->name() : "no handle");
            return none();
        });
        callMethod(loop.get(), "set_exception_handler", { handler.get() });
        QCOMPARE(callMethod(loop.get(), "get_exception_handler").get(), handler.get());
        loop->callSoon(Callback::python(boomFn()));
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QCOMPARE(seen, (std::vector<std::string> { "loop", "['exception', 'handle', 'message']",
                                                   "Exception in callback boom()", "Handle" }));
        QCOMPARE(err, std::string()); // the custom handler replaced the default one
        try {
            callMethod(loop.get(), "set_exception_handler", { newInt(5).get() });
            QFAIL("expected TypeError");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("A callable object or None is expected, got 5"));
        }
        callMethod(loop.get(), "set_exception_handler", { None() });
        QCOMPARE(callMethod(loop.get(), "get_exception_handler").get(), None());
    }

    // What a custom handler raises goes to the default handler with the original context.
    void failingExceptionHandlerIsLogged()
    {
        Run run;
        std::string err;
        run.ctx.setErrorOutput([&err](std::string_view t) { err += t; });
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        callMethod(loop.get(), "set_exception_handler",
                   { newNativeFunction("bad", [](Object*, CallArgs) -> Ref<Object> {
                         raise(types().KeyError, "h");
                     }).get() });
        loop->callSoon(Callback::python(boomFn()));
        loop->callSoon(Callback::python(recorderFn("after")), { newStr("still running") });
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QCOMPARE(err, std::string("Unhandled error in exception handler\n"
                                  "context: {'message': 'Exception in callback boom()', 'exception': "
                                  "ValueError('boom'), 'handle': <Handle boom()>}\n"
                                  "KeyError: 'h'\n"));
    }

    // run_forever and every stepping granularity produce the same events.
    void steppingMatchesAStraightRun()
    {
        auto record = [](int mode) {
            Run run;
            Recorder rec;
            run.ctx.attach(&rec);
            Ref<EventLoop> loop = run.ctx.newEventLoop();
            Ref<Object> main = ticker(run.ctx).named("main");
            if (mode < 0) {
                loop->runUntilComplete(main.get());
            } else {
                loop->beginRunUntilComplete(main.get());
                int steps = 0;
                for (;;) {
                    UnitResult r = loop->runStep(Granularity(mode));
                    ++steps;
                    if (r == UnitResult::Stopped || r == UnitResult::Deadlock || r == UnitResult::NotRunning) break;
                }
                loop->finishRunUntilComplete();
                rec.add("steps>0 " + std::to_string(steps > 0));
            }
            run.ctx.detach(&rec);
            if (mode < 0) rec.add("steps>0 1");
            return rec.events;
        };
        const auto straight = record(-1);
        QVERIFY(straight.size() > 50);
        QCOMPARE(record(int(Granularity::Unit)), straight);
        QCOMPARE(record(int(Granularity::Handle)), straight);
        QCOMPARE(record(int(Granularity::Phase)), straight);
        QCOMPARE(record(int(Granularity::Iteration)), straight);
    }

    void stepGranularitiesStopWhereTheySay()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> say = recorderFn("say");
        for (int i = 0; i < 3; ++i) loop->callSoon(Callback::python(say), { newInt(i) });
        loop->beginRun();
        QCOMPARE(loop->runStep(Granularity::Unit), UnitResult::Phase);
        QCOMPARE(loop->phase(), LoopPhase::PurgeCancelled);
        QCOMPARE(loop->runStep(Granularity::Handle), UnitResult::Handle);
        QCOMPARE(loop->phase(), LoopPhase::RunReady);
        QCOMPARE(loop->drainRemaining(), size_t(2));
        QCOMPARE(loop->readyCount(), size_t(2));
        QCOMPARE(loop->runStep(Granularity::Handle), UnitResult::Handle);
        QCOMPARE(loop->runStep(Granularity::Phase), UnitResult::IterationDone);
        QCOMPARE(loop->iteration(), uint64_t(1));
        loop->callLater(3, Callback::python(say), { newInt(9) });
        QCOMPARE(loop->runStep(Granularity::Iteration), UnitResult::IterationDone);
        QCOMPARE(loop->time(), 3.0);
        loop->stop();
        QCOMPARE(loop->runStep(Granularity::Iteration), UnitResult::Stopped);
        QVERIFY(!loop->isRunning());
    }

    void runUntilPredicates()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(sleepy(run.ctx, 1.0, 5).named("sleepy"));
        loop->beginRunUntilComplete(t.get());
        loop->runUntil([&] { return run.ctx.time() >= 2.0; });
        QCOMPARE(run.ctx.time(), 2.0);
        QVERIFY(!t->done());
        loop->runUntil([&] { return t->done(); });
        QVERIFY(t->done());
        loop->runUntil([] { return false; }); // to the end of run_forever
        QCOMPARE(intValue(loop->finishRunUntilComplete().get()), int64_t(5));
    }

    void timeSleepAdvancesTheSharedClock()
    {
        Run run;
        Ref<EventLoop> a = run.ctx.newEventLoop();
        Ref<EventLoop> b = run.ctx.newEventLoop();
        run.ctx.advance(0.1);
        run.ctx.advance(0.2);
        QCOMPARE(a->time(), 0.1 + 0.2); // one IEEE-754 addition each: 0.30000000000000004
        QCOMPARE(b->time(), a->time());
        QVERIFY(a->id() != b->id());
    }

    void twoRunsCoexist()
    {
        auto r1 = std::make_unique<Run>();
        Ref<EventLoop> l1 = r1->ctx.newEventLoop();
        Ref<Task> t1 = l1->createTask(sleepy(r1->ctx, 1.0, 1).named("sleepy"));
        {
            Run r2;
            Ref<EventLoop> l2 = r2.ctx.newEventLoop();
            Ref<Task> t2 = l2->createTask(sleepy(r2.ctx, 3.0, 1).named("sleepy"));
            QCOMPARE(t2->name(), std::string("Task-1"));
            l2->runUntilComplete(t2.get());
            QCOMPARE(r2.ctx.time(), 3.0);
        }
        QCOMPARE(t1->name(), std::string("Task-1"));
        RunContext::Scope back(r1->ctx);
        Heap::Scope heapBack(r1->heap);
        l1->runUntilComplete(t1.get());
        QCOMPARE(r1->ctx.time(), 1.0);
    }

    void pythonVisibleLoopMethods()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> h = callMethod(loop.get(), "call_later", { newFloat(1.5).get(), recorderFn("say").get(), newStr("x").get() });
        QCOMPARE(floatValue(callMethod(h.get(), "when").get()), 1.5);
        QCOMPARE(reprText(h.get()), std::string("<TimerHandle when=1.5 say('x')>"));
        QCOMPARE(reprText(loop.get()), std::string("<_UnixSelectorEventLoop running=False closed=False debug=False>"));
        QVERIFY(!isTrue(callMethod(loop.get(), "is_running").get()));
        QCOMPARE(floatValue(callMethod(loop.get(), "time").get()), 0.0);
        // Outside debug mode CPython does not check the callback: it is scheduled and fails when run.
        Ref<Object> bad = callMethod(loop.get(), "call_soon", { newInt(3).get() });
        QCOMPARE(reprText(bad.get()), std::string("<Handle 3()>"));
    }

    void privateStateAsCPythonHoldsIt()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(sleepy(run.ctx, 1.0, 1).named("sleepy"));
        callMethod(loop.get(), "call_later", { newFloat(2.0).get(), recorderFn("say").get() });
        callMethod(loop.get(), "call_later", { newFloat(0.5).get(), recorderFn("say").get() });
        // The Task's first __step is a native entry: a Handle is made for it only when asked.
        Ref<Object> ready = getAttr(loop.get(), "_ready");
        QCOMPARE(reprText(ready.get()), std::string("deque([<Handle Task.__step()>])"));
        Ref<Object> step = getAttr(callMethod(ready.get(), "popleft").get(), "_callback");
        QCOMPARE(strText(getAttr(step.get(), "__name__").get()), std::string("__step"));
        QVERIFY(getAttr(step.get(), "__self__").get() == t.get());
        QCOMPARE(length(ready.get()), int64_t(0)); // popped from a snapshot: the loop keeps its entry
        QCOMPARE(loop->readyCount(), size_t(1));
        // _scheduled is the heap array, earliest first.
        Ref<Object> heap = getAttr(loop.get(), "_scheduled");
        QCOMPARE(length(heap.get()), int64_t(2));
        QCOMPARE(floatValue(getAttr(getItem(heap.get(), newInt(0).get()).get(), "_when").get()), 0.5);
        QCOMPARE(reprText(getAttr(loop.get(), "_stopping").get()), std::string("False"));
        QCOMPARE(floatValue(getAttr(loop.get(), "_clock_resolution").get()), 1e-09);
    }
};

QTEST_GUILESS_MAIN(TestLoop)
#include "tst_loop.moc"
