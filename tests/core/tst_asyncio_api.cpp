// The asyncio API: wait, wait_for, gather, shield, timeout, TaskGroup, Queue, Lock, Event,
// Semaphore, Condition, asyncio.run and the Python-visible module.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

RunContext* g_ctx = nullptr;
RunContext& ctx() { return *g_ctx; }

std::string text(Object* o) { return strText(o); }
std::string excText(const PyException& e)
{
    std::string m = strText(e.exception().get());
    return e.exception()->type()->name() + (m.empty() ? "" : ": " + m);
}

Coro after(double d, Ref<Object> v)
{
    co_await aio::sleep(ctx(), d);
    co_return v;
}

Coro failAfter(double d, TypeObject* type, std::string msg)
{
    co_await aio::sleep(ctx(), d);
    raise(type, msg);
    co_return none();
}

Ref<Task> task(Ref<Object> coro) { return aio::createTask(ctx(), std::move(coro)); }

// Runs `main` with asyncio.run and returns its result.
Ref<Object> runMain(Coro main)
{
    return aio::run(ctx(), std::move(main).named("main"));
}

std::vector<std::string> outLines(const Recorder& r)
{
    std::vector<std::string> out;
    for (const std::string& e : r.events)
        if (e.rfind("out ", 0) == 0) out.push_back(e.substr(4, e.size() - 5));
    return out;
}

} // namespace

class TestAsyncioApi : public QObject {
    Q_OBJECT

    std::unique_ptr<Run> m_run;
    std::unique_ptr<Recorder> m_rec;

private Q_SLOTS:
    void init()
    {
        m_run = std::make_unique<Run>();
        m_rec = std::make_unique<Recorder>();
        m_run->ctx.attach(m_rec.get());
        g_ctx = &m_run->ctx;
    }
    void cleanup()
    {
        m_run->ctx.detach(m_rec.get());
        m_rec.reset();
        m_run.reset();
        g_ctx = nullptr;
    }

    void runReturnsMainsResultAndShutsDown()
    {
        Ref<Object> r = runMain([]() -> Coro { co_return newInt(7); }());
        QCOMPARE(intValue(r.get()), int64_t(7));
        std::vector<std::string> tasks;
        for (const std::string& e : m_rec->events)
            if (e.rfind("task ", 0) == 0) tasks.push_back(e);
        QCOMPARE(tasks, (std::vector<std::string> { "task Task-1 main", "task Task-2 BaseEventLoop.shutdown_asyncgens",
                                                    "task Task-3 BaseEventLoop.shutdown_default_executor" }));
        QVERIFY(m_run->ctx.runningLoop() == nullptr);
    }

    void runCancelsLeftoverTasks()
    {
        static Ref<Task> leftover;
        runMain([]() -> Coro {
            leftover = task(after(100, none()).named("forever"));
            co_return none();
        }());
        QVERIFY(leftover->cancelled());
        leftover = nullptr; // before the heap goes
    }

    void sleepWithResultAndZero()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> a = co_await aio::sleep(ctx(), 0, newStr("zero").get());
            Ref<Object> b = co_await aio::sleep(ctx(), 1.5, newStr("later").get());
            co_return newStr(text(a.get()) + " " + text(b.get()));
        }());
        QCOMPARE(text(r.get()), std::string("zero later"));
        QCOMPARE(m_run->ctx.time(), 1.5);
    }

    void waitAllCompletedAndFirstException()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> a = task(after(1, newInt(1)).named("a"));
            Ref<Task> b = task(failAfter(0.5, types().ValueError, "b failed").named("b"));
            Ref<Task> c = task(after(2, newInt(3)).named("c"));
            Ref<Object> first = co_await aio::wait(ctx(), refs(a, b, c), std::nullopt, aio::ReturnWhen::FirstException);
            std::string s = std::to_string(length(tupleItems(first.get())[0].get())) + "@" + strText(newFloat(ctx().time()).get());
            Ref<Object> all = co_await aio::wait(ctx(), refs(a, b, c));
            s += " " + std::to_string(length(tupleItems(all.get())[0].get())) + "@" + strText(newFloat(ctx().time()).get());
            b->exception();
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("1@0.5 3@2.0"));
    }

    void waitRefusesCoroutinesAndEmptySets()
    {
        Ref<Object> r = runMain([]() -> Coro {
            std::string s;
            try {
                co_await aio::wait(ctx(), refs(after(1, none()).named("c")));
            } catch (const PyException& e) {
                s += excText(e);
            }
            try {
                co_await aio::wait(ctx(), refs());
            } catch (const PyException& e) {
                s += "|" + excText(e);
            }
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("TypeError: Passing coroutines is forbidden, use tasks explicitly.|ValueError: Set of Tasks/Futures is empty."));
    }

    void waitTimeoutUsesReleaseWaiter()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> slow = task(after(5, none()).named("slow"));
            Ref<Object> dp = co_await aio::wait(ctx(), refs(slow), 1.0);
            const int64_t pending = length(tupleItems(dp.get())[1].get());
            slow->cancel();
            co_return newStr(std::to_string(pending) + "@" + strText(newFloat(ctx().time()).get()));
        }());
        QCOMPARE(text(r.get()), std::string("1@1.0"));
        QVERIFY(std::find(m_rec->events.begin(), m_rec->events.end(), "timer _release_waiter @0") != m_rec->events.end()
                || std::find(m_rec->events.begin(), m_rec->events.end(), "timer _release_waiter @1") != m_rec->events.end());
    }

    void waitForCompletesOrTimesOut()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> quick = co_await aio::waitFor(ctx(), after(1, newStr("quick")).named("q"), 2.0);
            std::string s = text(quick.get());
            try {
                co_await aio::waitFor(ctx(), after(10, none()).named("slow"), 0.5);
            } catch (const PyException& e) {
                s += "|" + excText(e) + "@" + strText(newFloat(ctx().time()).get());
            }
            try {
                co_await aio::waitFor(ctx(), after(10, none()).named("slow"), 0);
            } catch (const PyException& e) {
                s += "|" + e.exception()->type()->name();
            }
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("quick|TimeoutError@1.5|TimeoutError"));
    }

    void gatherKeepsOrderAndReturnsExceptions()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> results = co_await aio::gather(
                ctx(), refs(after(2, newStr("slow")).named("a"), after(1, newStr("fast")).named("b"),
                            failAfter(0.5, types().KeyError, "k").named("c")),
                true);
            co_return newStr(reprText(results.get()));
        }());
        QCOMPARE(text(r.get()), std::string("['slow', 'fast', KeyError('k')]"));
    }

    void gatherPropagatesTheFirstException()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> slow = task(after(2, newStr("slow")).named("a"));
            try {
                co_await aio::gather(ctx(), refs(slow, failAfter(1, types().ValueError, "boom").named("c")));
            } catch (const PyException& e) {
                co_return newStr(excText(e) + " slow done=" + (slow->done() ? "1" : "0"));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("ValueError: boom slow done=0"));
    }

    void gatherCancelCancelsChildren()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> a = task(after(5, none()).named("a"));
            Ref<Future> g = aio::gather(ctx(), refs(a));
            co_await aio::sleep(ctx(), 0);
            if (!g->cancel()) co_return newStr("cancel refused");
            try {
                co_await g;
            } catch (const PyException& e) {
                co_return newStr(e.exception()->type()->name() + " child cancelled=" + (a->cancelled() ? "1" : "0"));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("CancelledError child cancelled=1"));
    }

    void shieldProtectsTheInnerTask()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> inner = task(after(2, newStr("inner")).named("inner"));
            Ref<Future> outer = aio::shield(ctx(), inner.get());
            outer->cancel();
            co_await aio::sleep(ctx(), 3);
            co_return newStr(std::string(outer->cancelled() ? "outer cancelled" : "?") + ", " + text(inner->result().get()));
        }());
        QCOMPARE(text(r.get()), std::string("outer cancelled, inner"));
    }

    void timeoutExpiresIntoTimeoutError()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> cm = aio::timeout(ctx(), 1.0);
            Ref<Object> entered = co_await callMethod(cm.get(), "__aenter__");
            std::string s = reprText(entered.get());
            Ref<Object> exc;
            try {
                co_await aio::sleep(ctx(), 5);
            } catch (const PyException& e) {
                exc = e.exception();
            }
            try {
                co_await method(cm.get(), "__aexit__", exc ? static_cast<Object*>(exc->type()) : None(),
                                                              exc ? exc.get() : None(), None());
            } catch (const PyException& e) {
                s += " -> " + e.exception()->type()->name();
            }
            s += " expired=" + text(callMethod(cm.get(), "expired").get()) + " " + reprText(cm.get());
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("<Timeout [active] when=1.0> -> TimeoutError expired=True <Timeout [expired]>"));
    }

    void timeoutRescheduleAndNoExpiry()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> cm = aio::timeout(ctx(), 1.0);
            co_await callMethod(cm.get(), "__aenter__");
            callMethod(cm.get(), "reschedule", { newFloat(10.0).get() });
            co_await aio::sleep(ctx(), 2);
            co_await method(cm.get(), "__aexit__", None(), None(), None());
            co_return newStr("expired=" + text(callMethod(cm.get(), "expired").get()) + " when="
                             + text(callMethod(cm.get(), "when").get()));
        }());
        QCOMPARE(text(r.get()), std::string("expired=False when=10.0"));
    }

    void taskGroupWaitsForAllChildren()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> tg = aio::newTaskGroup(ctx());
            co_await callMethod(tg.get(), "__aenter__");
            Ref<Object> a = callMethod(tg.get(), "create_task", { after(1, newStr("a")).named("a").object().get() });
            Ref<Object> b = callMethod(tg.get(), "create_task", { after(2, newStr("b")).named("b").object().get() });
            co_await method(tg.get(), "__aexit__", None(), None(), None());
            co_return newStr(text(callMethod(a.get(), "result").get()) + text(callMethod(b.get(), "result").get()) + "@"
                             + strText(newFloat(ctx().time()).get()));
        }());
        QCOMPARE(text(r.get()), std::string("ab@2.0"));
    }

    void taskGroupErrorCancelsSiblings()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> tg = aio::newTaskGroup(ctx());
            co_await callMethod(tg.get(), "__aenter__");
            Ref<Object> s = callMethod(tg.get(), "create_task", { after(5, none()).named("s").object().get() });
            callMethod(tg.get(), "create_task", { failAfter(1, types().ValueError, "bad").named("f").object().get() });
            Ref<Object> exc;
            try {
                co_await aio::sleep(ctx(), 10); // the body is cancelled by the group
            } catch (const PyException& e) {
                exc = e.exception();
            }
            try {
                co_await method(tg.get(), "__aexit__", exc ? static_cast<Object*>(exc->type()) : None(),
                                                              exc ? exc.get() : None(), None());
            } catch (const PyException& e) {
                co_return newStr(e.exception()->type()->name() + " sibling cancelled="
                                 + text(callMethod(s.get(), "cancelled").get()));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("ExceptionGroup sibling cancelled=True"));
    }

    void queueFifoLifoPriority()
    {
        Ref<Object> r = runMain([]() -> Coro {
            std::string s;
            for (const std::string& kind : std::vector<std::string> { "Queue", "LifoQueue", "PriorityQueue" }) {
                Ref<Object> q = aio::newQueue(ctx(), 0, kind.c_str());
                for (int v : std::vector<int> { 3, 1, 2 }) callMethod(q.get(), "put_nowait", { newInt(v).get() });
                for (int i = 0; i < 3; ++i) s += text(callMethod(q.get(), "get_nowait").get());
                s += " ";
            }
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("312 213 123 "));
    }

    void queueLimitsAndErrors()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> q = aio::newQueue(ctx(), 1);
            std::string s;
            callMethod(q.get(), "put_nowait", { newInt(1).get() });
            s += text(callMethod(q.get(), "full").get());
            try {
                callMethod(q.get(), "put_nowait", { newInt(2).get() });
            } catch (const PyException& e) {
                s += " " + e.exception()->type()->name();
            }
            callMethod(q.get(), "get_nowait");
            try {
                callMethod(q.get(), "get_nowait");
            } catch (const PyException& e) {
                s += " " + e.exception()->type()->name();
            }
            callMethod(q.get(), "task_done");
            try {
                callMethod(q.get(), "task_done");
            } catch (const PyException& e) {
                s += " " + excText(e);
            }
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("True QueueFull QueueEmpty ValueError: task_done() called too many times"));
    }

    void queueBlocksPutterAndWakesGetterInOrder()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> q = aio::newQueue(ctx(), 1);
            auto getter = [](Ref<Object> q, std::string name) -> Coro {
                Ref<Object> v = co_await callMethod(q.get(), "get");
                print(ctx(), name + " got " + text(v.get()));
                co_return none();
            };
            Ref<Task> g1 = task(getter(q, "g1").named("getter"));
            Ref<Task> g2 = task(getter(q, "g2").named("getter"));
            co_await aio::sleep(ctx(), 0);
            co_await method(q.get(), "put", newInt(1).get());
            co_await method(q.get(), "put", newInt(2).get()); // full: parks until g1 takes 1
            co_await aio::wait(ctx(), refs(g1, g2));
            co_return newStr(text(callMethod(q.get(), "qsize").get()));
        }());
        QCOMPARE(text(r.get()), std::string("0"));
        QCOMPARE(outLines(*m_rec), (std::vector<std::string> { "g1 got 1", "g2 got 2" }));
    }

    void lockIsFairAndRefusesBadRelease()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> lock = aio::newLock(ctx());
            auto user = [](Ref<Object> lock, std::string name) -> Coro {
                co_await callMethod(lock.get(), "acquire");
                print(ctx(), name + " in");
                co_await aio::sleep(ctx(), 1);
                print(ctx(), name + " out");
                callMethod(lock.get(), "release");
                co_return none();
            };
            std::vector<Ref<Object>> users;
            for (const std::string& n : std::vector<std::string> { "a", "b", "c" }) users.push_back(task(user(lock, n).named("user")));
            co_await aio::gather(ctx(), users);
            try {
                callMethod(lock.get(), "release");
            } catch (const PyException& e) {
                co_return newStr(excText(e));
            }
            co_return newStr("released?");
        }());
        QCOMPARE(text(r.get()), std::string("RuntimeError: Lock is not acquired."));
        QCOMPARE(outLines(*m_rec), (std::vector<std::string> { "a in", "a out", "b in", "b out", "c in", "c out" }));
        QCOMPARE(m_run->ctx.time(), 3.0);
    }

    void eventWakesAllWaiters()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> ev = aio::newEvent(ctx());
            auto waiter = [](Ref<Object> ev, std::string name) -> Coro {
                co_await callMethod(ev.get(), "wait");
                print(ctx(), name + " woke");
                co_return none();
            };
            Ref<Task> a = task(waiter(ev, "a").named("w"));
            Ref<Task> b = task(waiter(ev, "b").named("w"));
            co_await aio::sleep(ctx(), 1);
            callMethod(ev.get(), "set");
            co_await aio::wait(ctx(), refs(a, b));
            co_return newStr(text(callMethod(ev.get(), "is_set").get()));
        }());
        QCOMPARE(text(r.get()), std::string("True"));
        QCOMPARE(outLines(*m_rec), (std::vector<std::string> { "a woke", "b woke" }));
    }

    void semaphoreLimitsConcurrency()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> sem = aio::newSemaphore(ctx(), 2);
            auto user = [](Ref<Object> sem, std::string name) -> Coro {
                co_await callMethod(sem.get(), "acquire");
                print(ctx(), name + "@" + strText(newFloat(ctx().time()).get()));
                co_await aio::sleep(ctx(), 1);
                callMethod(sem.get(), "release");
                co_return none();
            };
            std::vector<Ref<Object>> users;
            for (const std::string& n : std::vector<std::string> { "a", "b", "c", "d", "e" }) users.push_back(task(user(sem, n).named("user")));
            co_await aio::gather(ctx(), users);
            Ref<Object> bounded = aio::newSemaphore(ctx(), 1, true);
            try {
                callMethod(bounded.get(), "release");
            } catch (const PyException& e) {
                co_return newStr(excText(e));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("ValueError: BoundedSemaphore released too many times"));
        QCOMPARE(outLines(*m_rec), (std::vector<std::string> { "a@0.0", "b@0.0", "c@1.0", "d@1.0", "e@2.0" }));
    }

    void conditionNotify()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Object> cond = aio::newCondition(ctx());
            auto waiter = [](Ref<Object> cond, std::string name) -> Coro {
                co_await callMethod(cond.get(), "acquire");
                co_await callMethod(cond.get(), "wait");
                print(ctx(), name + " notified");
                callMethod(cond.get(), "release");
                co_return none();
            };
            Ref<Task> a = task(waiter(cond, "a").named("w"));
            Ref<Task> b = task(waiter(cond, "b").named("w"));
            co_await aio::sleep(ctx(), 1);
            co_await callMethod(cond.get(), "acquire");
            callMethod(cond.get(), "notify", { newInt(1).get() });
            callMethod(cond.get(), "release");
            co_await aio::sleep(ctx(), 1);
            print(ctx(), "between");
            co_await callMethod(cond.get(), "acquire");
            callMethod(cond.get(), "notify_all");
            callMethod(cond.get(), "release");
            co_await aio::wait(ctx(), refs(a, b));
            try {
                callMethod(cond.get(), "notify");
            } catch (const PyException& e) {
                co_return newStr(excText(e));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("RuntimeError: cannot notify on un-acquired lock"));
        QCOMPARE(outLines(*m_rec), (std::vector<std::string> { "a notified", "between", "b notified" }));
    }

    void cancellationWithMessageReachesTheAwaiter()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> t = task(after(10, none()).named("victim"));
            co_await aio::sleep(ctx(), 1);
            t->cancel(newStr("shutdown").get());
            try {
                co_await t;
            } catch (const PyException& e) {
                co_return newStr(excText(e) + " cancelling=" + std::to_string(t->cancelling()));
            }
            co_return newStr("no error");
        }());
        QCOMPARE(text(r.get()), std::string("CancelledError: shutdown cancelling=1"));
    }

    void asCompletedYieldsInCompletionOrder()
    {
        Ref<Object> r = runMain([]() -> Coro {
            std::vector<Ref<Object>> ts; // one statement each: argument order is unspecified in C++
            ts.emplace_back(task(after(0.3, newStr("x")).named("job")));
            ts.emplace_back(task(after(0.1, newStr("y")).named("job")));
            ts.emplace_back(task(after(0.2, newStr("z")).named("job")));
            Ref<Object> gen = aio::asCompleted(ctx(), ts);
            std::string s;
            for (Ref<Object> next = iterNext(gen.get()); next; next = iterNext(gen.get())) {
                if (s.empty()) s = coroutineQualname(next.get()) + ": ";
                Ref<Object> v = co_await next;
                s += text(v.get()) + "@" + strText(newFloat(ctx().time()).get()) + " ";
            }
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("as_completed.<locals>._wait_for_one: y@0.1 z@0.2 x@0.3 "));
        std::vector<std::string> callbacks;
        for (const std::string& e : m_rec->events)
            if ((e.rfind("soon ", 0) == 0 || e.rfind("run ", 0) == 0)
                && (e.find("_on_completion") != std::string::npos || e.find("_on_timeout") != std::string::npos))
                callbacks.push_back(e);
        QCOMPARE(joined(callbacks),
            joined({ "soon _on_completion arg=Task-3", "run _on_completion arg=Task-3",
                "soon _on_completion arg=Task-4", "run _on_completion arg=Task-4", "soon _on_completion arg=Task-2",
                "run _on_completion arg=Task-2" }));
    }

    void asCompletedTimeoutAndErrors()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> slow = task(after(2, newStr("slow")).named("slow"));
            Ref<Task> bad = task(failAfter(0.1, types().ValueError, "bad").named("bad"));
            Ref<Task> ok = task(after(0.2, newStr("ok")).named("ok"));
            std::vector<Ref<Object>> ts = refs(slow, bad, ok);
            Ref<Object> gen = aio::asCompleted(ctx(), ts, 0.5);
            std::string s;
            for (Ref<Object> next = iterNext(gen.get()); next; next = iterNext(gen.get())) {
                try {
                    Ref<Object> v = co_await next;
                    s += text(v.get());
                } catch (const PyException& e) {
                    s += excText(e);
                }
                s += "@" + strText(newFloat(ctx().time()).get()) + " ";
            }
            // Everything done before the timeout: _on_completion cancels the timer.
            Ref<Object> quick = aio::asCompleted(ctx(), refs(task(after(0.1, newStr("q")).named("q"))), 10.0);
            for (Ref<Object> next = iterNext(quick.get()); next; next = iterNext(quick.get())) {
                Ref<Object> v = co_await next;
                s += text(v.get());
            }
            co_await slow;
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()), std::string("ValueError: bad@0.1 ok@0.2 TimeoutError@0.5 q"));
        int timers = 0, cancels = 0;
        for (const std::string& e : m_rec->events) {
            if (e.rfind("timer _on_timeout", 0) == 0) ++timers;
            if (e == "cancel _on_timeout") ++cancels;
        }
        QCOMPARE(timers, 2);
        QCOMPARE(cancels, 1);
        QVERIFY(std::find(m_rec->events.begin(), m_rec->events.end(), "run _on_timeout") != m_rec->events.end());
    }

    void asCompletedIsAGeneratorThatRefusesAFuture()
    {
        Ref<Object> r = runMain([]() -> Coro {
            Ref<Task> t = task(after(0.1, newStr("t")).named("t"));
            Ref<Object> gen = aio::asCompleted(ctx(), Ref<Object>(t)); // nothing runs before next()
            std::string s = gen->type()->name();
            try {
                iterNext(gen.get());
            } catch (const PyException& e) {
                s += " " + excText(e);
            }
            s += iterNext(gen.get()) ? " more" : " exhausted";
            Ref<Object> empty = aio::asCompleted(ctx(), refs());
            s += iterNext(empty.get()) ? " more" : " empty";
            // Duplicates collapse, as in set(fs).
            Ref<Object> dup = aio::asCompleted(ctx(), refs(t, t));
            int n = 0;
            for (Ref<Object> next = iterNext(dup.get()); next; next = iterNext(dup.get())) {
                co_await next;
                ++n;
            }
            s += " " + std::to_string(n);
            co_return newStr(s);
        }());
        QCOMPARE(text(r.get()),
            std::string("generator TypeError: expect an iterable of futures, not Task exhausted empty 1"));
    }

    void moduleNamespace()
    {
        Ref<Object> mod = makeAsyncioModule(m_run->ctx);
        for (const char* name : { "run", "sleep", "wait", "wait_for", "as_completed", "gather", "shield", "create_task",
                 "ensure_future", "get_event_loop", "set_event_loop", "new_event_loop", "get_running_loop",
                 "current_task", "all_tasks", "iscoroutine", "isfuture", "timeout", "timeout_at", "Future", "Task",
                 "Queue", "LifoQueue", "PriorityQueue", "Lock", "Event", "Semaphore", "BoundedSemaphore", "Condition",
                 "TaskGroup", "CancelledError", "InvalidStateError", "TimeoutError", "QueueEmpty", "QueueFull",
                 "FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED" })
            QVERIFY2(getAttrOrNull(mod.get(), internStr(name)), name);
        QCOMPARE(getAttr(mod.get(), "TimeoutError").get(), static_cast<Object*>(types().TimeoutError));
        QVERIFY(isSubclass(getAttr(mod.get(), "CancelledError").get(), types().BaseException));
        QVERIFY(!isSubclass(getAttr(mod.get(), "CancelledError").get(), types().Exception));
        // asyncio.Queue(maxsize=2) through the class, and sleep() through the module function.
        Ref<Object> q = call(getAttr(mod.get(), "Queue").get(), { newInt(2).get() });
        QCOMPARE(intValue(getAttr(q.get(), "maxsize").get()), int64_t(2));
        Ref<Object> coro = callMethod(mod.get(), "sleep", { newInt(0).get() });
        QCOMPARE(coroutineQualname(coro.get()), std::string("sleep"));
        Ref<Object> loop = callMethod(mod.get(), "new_event_loop");
        QCOMPARE(callMethod(loop.get(), "run_until_complete", { coro.get() }).get(), None());
        QVERIFY(isTrue(callMethod(mod.get(), "iscoroutine", { callMethod(mod.get(), "sleep", { newInt(1).get() }).get() }).get()));
        callMethod(loop.get(), "close");
    }
};

QTEST_GUILESS_MAIN(TestAsyncioApi)
#include "tst_asyncio_api.moc"
