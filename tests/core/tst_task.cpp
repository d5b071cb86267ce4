// Task: every branch of __step, __wakeup, cancellation (cancel(msg), cancelling/uncancel, a task
// awaiting a task), names, current_task/all_tasks, and "Task exception was never retrieved".
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"
#include <stdexcept>

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

// An await-iterator that yields one scripted value, then returns (send) or raises (throw).
struct Yielder final : Object {
    static TypeObject* type()
    {
        static TypeObject* t = [] {
            TypeObject* ty = newStaticType("Yielder", types().object, 0, "tests");
            ty->slots.await = [](Object* self) -> Ref<Object> { return newRef(self); };
            ty->slots.send = [](Object* self, Object* v) -> SendResult {
                auto* y = static_cast<Yielder*>(self);
                if (!y->yielded) {
                    y->yielded = true;
                    return { SendResult::Status::Yielded, y->value };
                }
                return { SendResult::Status::Returned, newStr("resumed") };
            };
            ty->slots.throwExc = [](Object*, Object* exc) -> SendResult { raise(newRef(exc)); };
            ty->finalize();
            return ty;
        }();
        return t;
    }
    explicit Yielder(Ref<Object> v) : Object(type()), value(std::move(v)) { }
    Ref<Object> value;
    bool yielded = false;
};

// Awaits the yielder; returns "resumed" or the text of the exception thrown back in.
Coro yieldOnce(Ref<Object> value)
{
    Ref<Object> y = make<Yielder>(std::move(value));
    try {
        Ref<Object> r = co_await y;
        co_return r;
    } catch (const PyException& e) {
        co_return newStr(e.exception()->type()->name() + ": " + strText(e.exception().get()));
    }
}

Coro returns(Ref<Object> v)
{
    co_return v;
}

// A C++ exception that is not a Python one, escaping the body after a suspension.
Coro throwsCpp()
{
    co_await yieldNone();
    throw std::runtime_error("native bug");
    co_return none();
}
Coro raises(TypeObject* type, std::string msg)
{
    raise(type, msg);
    co_return none();
}

Coro awaits(Ref<Object> aw)
{
    Ref<Object> v = co_await aw;
    co_return v;
}

Coro sleeper(RunContext& ctx, double d)
{
    co_await aio::sleep(ctx, d);
    co_return newStr("slept");
}

Coro catchesCancel(RunContext& ctx)
{
    try {
        co_await aio::sleep(ctx, 5);
    } catch (const PyException& e) {
        if (!isCancelledError(e.exception().get())) throw;
        co_return newStr("caught " + strText(e.exception().get()));
    }
    co_return newStr("not cancelled");
}

std::string text(const Ref<Object>& o) { return strText(o.get()); }

// What a pending coroutine saw when it was torn down.
struct Teardown {
    std::vector<std::string> seen;
};

// Parks on a long sleep; records GeneratorExit (and that its cleanup ran) when it is closed.
Coro parked(RunContext& ctx, Teardown* log, std::string name)
{
    struct Cleanup {
        Teardown* log;
        std::string name;
        ~Cleanup() { log->seen.push_back("cleanup " + name); }
    } cleanup { log, name };
    try {
        co_await aio::sleep(ctx, 100);
    } catch (const PyException& e) {
        log->seen.push_back(e.exception()->type()->name() + " " + name);
        print(ctx, "closing " + name);
        throw;
    }
    co_return none();
}

} // namespace

class TestTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesCountPerRun()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> a = loop->createTask(returns(none()).named("a"));
        Ref<Task> b = loop->createTask(returns(none()).named("b"), newStr("custom").get());
        Ref<Task> c = loop->createTask(returns(none()).named("c"));
        QCOMPARE(a->name(), std::string("Task-1"));
        QCOMPARE(b->name(), std::string("custom"));
        QCOMPARE(c->name(), std::string("Task-2"));
        QCOMPARE(c->coroQualname(), std::string("c"));
        QCOMPARE(reprText(a.get()), std::string("<Task pending name='Task-1' coro=<a() running>>"));
        QVERIFY(isInstance(a.get(), futureType()));
        QCOMPARE(loop->readyCount(), size_t(3)); // each __init__ scheduled its first __step
        loop->runUntilComplete(c.get());
    }

    void stopIterationSetsTheResult()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(returns(newInt(5)).named("r"));
        QCOMPARE(intValue(loop->runUntilComplete(t.get()).get()), int64_t(5));
        QCOMPARE(reprText(t.get()), std::string("<Task finished name='Task-1' coro=<r() done> result=5>"));
    }

    void nativeExceptionFromACoroutineBodyReachesTheCaller()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<NativeCoroutine> c = throwsCpp().named("throws_cpp").coroutine();
        QVERIFY(c->sendOrThrow(nullptr).status == SendResult::Status::Yielded);
        bool caught = false;
        try {
            c->sendOrThrow(nullptr);
        } catch (const std::runtime_error& e) {
            caught = std::string(e.what()) == "native bug";
        }
        QVERIFY(caught);
        QVERIFY(c->finished());
        // The error was taken once: the next coroutine returns normally.
        Ref<NativeCoroutine> r = returns(newInt(3)).coroutine();
        SendResult s = r->sendOrThrow(nullptr);
        QVERIFY(s.status == SendResult::Status::Returned);
        QCOMPARE(intValue(s.value.get()), int64_t(3));
    }

    void stopIterationWithMustCancelCancels()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        // cancel() before the first step: _must_cancel throws CancelledError in; catching it and
        // returning normally leaves... the coroutine's return value, so use a coroutine that never
        // sees the throw: cancel while its __step is running is modelled by cancelling from inside.
        static Task* self;
        Ref<Object> coro = [](RunContext&) -> Coro {
            self->cancel(); // the task is running: no waiter, so _must_cancel is set
            co_return newStr("ignored");
        }(run.ctx).named("selfcancel");
        Ref<Task> t = loop->createTask(coro);
        self = t.get();
        try {
            loop->runUntilComplete(t.get());
            QFAIL("expected CancelledError");
        } catch (const PyException& e) {
            QVERIFY(isCancelledError(e.exception().get()));
        }
        QVERIFY(t->cancelled());
    }

    void cancelledErrorCancelsTheTask()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(raises(asyncioTypes().CancelledError, "inner").named("c"));
        loop->beginRunUntilComplete(t.get());
        loop->runUntil([&] { return t->done(); });
        QVERIFY(t->cancelled());
        loop->runUntil([] { return false; });
        try {
            loop->finishRunUntilComplete();
            QFAIL("expected CancelledError");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("inner")); // _cancelled_exc is re-raised
        }
    }

    void keyboardInterruptIsReRaised()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(raises(types().KeyboardInterrupt, "").named("k"));
        try {
            loop->runUntilComplete(t.get());
            QFAIL("expected KeyboardInterrupt");
        } catch (const PyException& e) {
            QVERIFY(isInstance(e.exception().get(), types().KeyboardInterrupt));
        }
        QVERIFY(t->done());
        QVERIFY(!loop->isRunning());
        QVERIFY(isInstance(t->exceptionRef(), types().KeyboardInterrupt));
        // The observers saw the step end before the exception left the loop.
        const auto step = std::find(rec.events.begin(), rec.events.end(), "step Task-1");
        QVERIFY(step != rec.events.end());
        QVERIFY(std::find(step, rec.events.end(), "stepped Task-1 " + std::to_string(int(StepOutcome::Kind::Raised)))
                != rec.events.end());
        QVERIFY(loop->currentTask() == nullptr);
    }

    void otherExceptionsFailTheTaskAndAreReportedWhenNeverRetrieved()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> bad = loop->createTask(raises(types().ValueError, "bad value").named("bad"));
        Ref<Task> ok = loop->createTask(sleeper(run.ctx, 1).named("ok"));
        loop->runUntilComplete(ok.get());
        QVERIFY(bad->done());
        QCOMPARE(bad->exceptionRef()->type(), types().ValueError);
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "done Task-1 2") != rec.events.end());
        run.ctx.finishRun();
        QCOMPARE(rec.events.back(), std::string("never retrieved ValueError bad value"));
        run.ctx.finishRun(); // reported once
        QCOMPARE(std::count(rec.events.begin(), rec.events.end(), rec.events.back()), 1);
    }

    // Future.__del__: when the last reference goes, the loop's default handler logs the task
    // (no interpreter here, so the traceback is the exception's last line only).
    void unretrievedExceptionIsLoggedWhenTheTaskIsCollected()
    {
        Run run;
        std::string err;
        run.ctx.setErrorOutput([&err](std::string_view t) { err += t; });
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> bad = loop->createTask(raises(types().ValueError, "x").named("bad"));
        Ref<Task> ok = loop->createTask(sleeper(run.ctx, 1).named("ok"));
        loop->runUntilComplete(ok.get());
        QCOMPARE(err, std::string()); // still referenced: nothing yet
        bad = nullptr;
        QCOMPARE(err, std::string("Task exception was never retrieved\n"
                                  "future: <Task finished name='Task-1' coro=<bad() done> exception=ValueError('x')>\n"
                                  "ValueError: x\n"));
        err.clear();
        run.ctx.finishRun(); // logged once
        QCOMPARE(err, std::string());
    }

    // A custom handler receives the task itself under 'future' and may keep it (the finalizer's
    // resurrection): the task stays valid after its last outside reference went.
    void exceptionHandlerMayKeepTheCollectedTask()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        static Ref<Object> kept;
        callMethod(loop.get(), "set_exception_handler",
                   { newNativeFunction("keep", [](Object*, CallArgs args) -> Ref<Object> {
                         kept = newRef(args[1]);
                         return none();
                     }).get() });
        Ref<Task> bad = loop->createTask(raises(types().KeyError, "k").named("bad"));
        Ref<Task> ok = loop->createTask(sleeper(run.ctx, 1).named("ok"));
        loop->runUntilComplete(ok.get());
        bad = nullptr;
        QVERIFY(kept);
        Object* message = dictGet(static_cast<DictObject*>(kept.get()), "message");
        QCOMPARE(strText(message), std::string("Task exception was never retrieved"));
        Object* fut = dictGet(static_cast<DictObject*>(kept.get()), "future");
        QVERIFY(fut && isTask(fut));
        QCOMPARE(static_cast<Task*>(fut)->name(), std::string("Task-1"));
        QVERIFY(isInstance(dictGet(static_cast<DictObject*>(kept.get()), "exception"), types().KeyError));
        kept = nullptr; // freed now, without a second report
    }

    void retrievedExceptionIsNotReported()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> bad = loop->createTask(raises(types().ValueError, "x").named("bad"));
        try {
            loop->runUntilComplete(bad.get());
        } catch (const PyException&) {
        }
        run.ctx.finishRun();
        QVERIFY(std::none_of(rec.events.begin(), rec.events.end(),
                             [](const std::string& e) { return e.rfind("never retrieved", 0) == 0; }));
    }

    void blockingFutureParksTheTaskUntilWakeup()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        Ref<Task> t = loop->createTask(awaits(f).named("w"));
        loop->beginRunUntilComplete(t.get());
        loop->runStep(Granularity::Iteration);
        QCOMPARE(t->futWaiter(), f.get());
        QVERIFY(!f->blocking()); // __step reset _asyncio_future_blocking
        QCOMPARE(f->doneCallbacks().size(), size_t(1));
        QCOMPARE(f->doneCallbacks()[0].displayName(), std::string("__wakeup"));
        f->setResult(newStr("v").get());
        loop->runUntil([] { return false; });
        QCOMPARE(text(loop->finishRunUntilComplete()), std::string("v"));
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "run __wakeup Task-1") != rec.events.end());
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "stepped Task-1 0 on " + f->label()) != rec.events.end());
    }

    void futureOfAnotherLoopIsRefused()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<EventLoop> other = run.ctx.newEventLoop();
        Ref<Future> foreign = other->createFuture();
        foreign->setBlocking(true);
        Ref<Task> t = loop->createTask(yieldOnce(foreign).named("y"));
        const std::string r = text(loop->runUntilComplete(t.get()));
        QVERIFY2(r.rfind("RuntimeError: Task <Task pending name='Task-1'", 0) == 0, r.c_str());
        QVERIFY2(r.find("got Future <Future pending> attached to a different loop") != std::string::npos, r.c_str());
    }

    void awaitingItselfIsRefused()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        static Task* self;
        struct SelfYielder {
            static Coro body()
            {
                Ref<Object> y = make<Yielder>(Ref<Object>(self));
                self->setBlocking(true);
                try {
                    co_await y;
                } catch (const PyException& e) {
                    co_return newStr(strText(e.exception().get()));
                }
                co_return newStr("no error");
            }
        };
        Ref<Task> t = loop->createTask(SelfYielder::body().named("me"));
        self = t.get();
        const std::string r = text(loop->runUntilComplete(t.get()));
        QVERIFY2(r.rfind("Task cannot await on itself: <Task pending name='Task-1'", 0) == 0, r.c_str());
    }

    void nonBlockingFutureMeansYieldInsteadOfYieldFrom()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture(); // _asyncio_future_blocking False
        Ref<Task> t = loop->createTask(yieldOnce(f).named("y"));
        const std::string r = text(loop->runUntilComplete(t.get()));
        QVERIFY2(r.rfind("RuntimeError: yield was used instead of yield from in task <Task", 0) == 0, r.c_str());
        QVERIFY2(r.find("with <Future pending>") != std::string::npos, r.c_str());
    }

    void bareYieldReschedulesTheStep()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(yieldOnce(none()).named("y"));
        QCOMPARE(text(loop->runUntilComplete(t.get())), std::string("resumed"));
        QCOMPARE(std::count(rec.events.begin(), rec.events.end(), std::string("soon __step Task-1")), 2);
        QVERIFY(std::find(rec.events.begin(), rec.events.end(), "stepped Task-1 1") != rec.events.end());
    }

    void anythingElseIsABadYield()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(yieldOnce(newInt(42)).named("y"));
        QCOMPARE(text(loop->runUntilComplete(t.get())), std::string("RuntimeError: Task got bad yield: 42"));
    }

    void cancelWhileSleepingCancelsTheWaiter()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(catchesCancel(run.ctx).named("c"));
        loop->beginRunUntilComplete(t.get());
        loop->runStep(Granularity::Iteration);
        Future* waiter = t->futWaiter();
        QVERIFY(waiter);
        QVERIFY(t->cancel(newStr("enough").get()));
        QVERIFY(waiter->cancelled());
        QVERIFY(!t->mustCancel());
        QCOMPARE(t->cancelling(), 1);
        loop->runUntil([] { return false; });
        QCOMPARE(text(loop->finishRunUntilComplete()), std::string("caught enough"));
        QCOMPARE(t->uncancel(), 0);
        QCOMPARE(t->uncancel(), 0);
    }

    void cancelBeforeFirstStepSetsMustCancel()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(catchesCancel(run.ctx).named("c"));
        QVERIFY(t->cancel(newStr("early").get()));
        QVERIFY(t->mustCancel());
        // The CancelledError is thrown into a coroutine that never started: it closes at once.
        try {
            loop->runUntilComplete(t.get());
            QFAIL("expected CancelledError");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("early"));
        }
        QVERIFY(t->cancelled());
        QVERIFY(!t->cancel());
    }

    void cancelATaskAwaitingATask()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> inner = loop->createTask(sleeper(run.ctx, 10).named("inner"));
        Ref<Task> outer = loop->createTask(awaits(inner).named("outer"));
        loop->beginRunUntilComplete(outer.get());
        loop->runStep(Granularity::Iteration);
        QCOMPARE(outer->futWaiter(), static_cast<Future*>(inner.get()));
        outer->cancel(); // cancels the awaited task, which cancels its sleep
        QCOMPARE(inner->cancelling(), 1);
        loop->runUntil([] { return false; });
        QVERIFY(inner->cancelled());
        QVERIFY(outer->cancelled());
        QVERIFY_THROWS_EXCEPTION(PyException, loop->finishRunUntilComplete());
    }

    void currentTaskAndAllTasks()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        static RunContext* ctx;
        ctx = &run.ctx;
        struct Probe {
            static Coro body()
            {
                Task* me = aio::currentTask(*ctx);
                co_await aio::sleep(*ctx, 0);
                std::string names;
                for (Task* t : aio::allTasks(*ctx)) names += t->name() + ",";
                co_return newStr(me->name() + "|" + names);
            }
        };
        Ref<Task> a = loop->createTask(Probe::body().named("probe"));
        Ref<Task> b = loop->createTask(sleeper(run.ctx, 1).named("s"));
        QVERIFY(loop->currentTask() == nullptr);
        QCOMPARE(text(loop->runUntilComplete(a.get())), std::string("Task-1|Task-1,Task-2,"));
        QVERIFY(loop->currentTask() == nullptr);
        QCOMPARE(run.ctx.allTasks(loop.get()).size(), size_t(1));
        loop->runUntilComplete(b.get());
    }

    void enterAndLeaveAreChecked()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> a = loop->createTask(returns(none()).named("a"));
        Ref<Task> b = loop->createTask(returns(none()).named("b"));
        enterTask(loop.get(), a.get());
        try {
            enterTask(loop.get(), b.get());
            QFAIL("expected RuntimeError");
        } catch (const PyException& e) {
            QVERIFY(strText(e.exception().get()).rfind("Cannot enter into task <Task pending name='Task-2'", 0) == 0);
        }
        QVERIFY_THROWS_EXCEPTION(PyException, leaveTask(loop.get(), b.get()));
        leaveTask(loop.get(), a.get());
        loop->runUntilComplete(b.get());
    }

    void stepOnADoneTaskIsRefused()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(returns(none()).named("a"));
        loop->runUntilComplete(t.get());
        try {
            t->step(nullptr);
            QFAIL("expected InvalidStateError");
        } catch (const PyException& e) {
            QCOMPARE(e.exception()->type(), asyncioTypes().InvalidStateError);
            QVERIFY(strText(e.exception().get()).rfind("_step(): already done: <Task finished", 0) == 0);
        }
    }

    void pendingCoroutinesAreClosedWhenTheContextGoes()
    {
        Teardown log;
        {
            Run run;
            Ref<EventLoop> loop = run.ctx.newEventLoop();
            Ref<Task> a = loop->createTask(parked(run.ctx, &log, "a").named("a"));
            Ref<Task> b = loop->createTask(parked(run.ctx, &log, "b").named("b"));
            Ref<Task> done = loop->createTask(returns(none()).named("done"));
            Ref<Task> never = loop->createTask(parked(run.ctx, &log, "never").named("never"));
            Ref<Future> stop = loop->createFuture();
            loop->callLater(1, Callback::python(getAttr(stop.get(), "set_result")), { none() });
            loop->runUntilComplete(stop.get()); // a and b are parked on their sleeps; `never` ran too
            never->cancel();
            QVERIFY_THROWS_EXCEPTION(PyException, loop->runUntilComplete(never.get())); // CancelledError: done
            QVERIFY(log.seen == std::vector<std::string>({ "CancelledError never", "cleanup never" }));
            log.seen.clear();
            QVERIFY(!a->done() && !b->done());
            loop->close();
        } // ~RunContext: coro.close() on each pending task, in creation order
        QCOMPARE(
            log.seen, (std::vector<std::string> { "GeneratorExit a", "cleanup a", "GeneratorExit b", "cleanup b" }));
    }

    void finishRunClosesPendingCoroutinesOutsideTheTrace()
    {
        Teardown log;
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        TraceLines trace(run.ctx);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> a = loop->createTask(parked(run.ctx, &log, "a").named("a"));
        Ref<Task> main = loop->createTask(returns(none()).named("main"));
        loop->runUntilComplete(main.get());
        const size_t traceLines = trace.lines.size();
        rec.events.clear();
        run.ctx.finishRun();
        QCOMPARE(log.seen, (std::vector<std::string> { "GeneratorExit a", "cleanup a" }));
        // The program's output still reaches observers (`run` prints it); nothing of the loop does
        // (the sleep's timer cancel), and the trace, like CPython's, has already ended.
        QCOMPARE(rec.events, (std::vector<std::string> { "out closing a\n" }));
        QCOMPARE(trace.lines.size(), traceLines);
        QVERIFY(!run.ctx.finalizing());
        run.ctx.finishRun(); // closed coroutines are finished: nothing happens twice
        QCOMPARE(log.seen.size(), size_t(2));
        run.ctx.detach(&rec);
        loop->close();
    }

    void pythonSetResultIsRefused()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(returns(none()).named("a"));
        QVERIFY_THROWS_EXCEPTION(PyException, callMethod(t.get(), "set_result", { None() }));
        QCOMPARE(strText(callMethod(t.get(), "get_name").get()), std::string("Task-1"));
        callMethod(t.get(), "set_name", { newStr("renamed").get() });
        QCOMPARE(t->name(), std::string("renamed"));
        loop->runUntilComplete(t.get());
    }
};

QTEST_GUILESS_MAIN(TestTask)
#include "tst_task.moc"
