// Future (3.11): every state transition, the refused ones with CPython's texts, done callbacks
// scheduled through call_soon, cancellation messages and the await protocol.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

std::string raised(const std::function<void()>& f)
{
    try {
        f();
    } catch (const PyException& e) {
        std::string msg = strText(e.exception().get());
        return e.exception()->type()->name() + (msg.empty() ? "" : ": " + msg);
    }
    return "no exception";
}

Ref<Object> counterFn()
{
    return newNativeFunction("on_done", [](Object*, CallArgs args) -> Ref<Object> {
        RunContext::current()->output("done " + reprText(args[0]) + "\n");
        return none();
    });
}

} // namespace

class TestFuture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pendingToFinished()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        QCOMPARE(f->state(), FutureState::Pending);
        QCOMPARE(raised([&] { f->result(); }), std::string("InvalidStateError: Result is not ready."));
        QCOMPARE(raised([&] { f->exception(); }), std::string("InvalidStateError: Exception is not set."));
        f->setResult(newInt(42).get());
        QCOMPARE(f->state(), FutureState::Finished);
        QCOMPARE(intValue(f->result().get()), int64_t(42));
        QVERIFY(f->exception().get() == None());
        QCOMPARE(raised([&] { f->setResult(None()); }), std::string("InvalidStateError: FINISHED: <Future finished result=42>"));
        QCOMPARE(raised([&] { f->setException(newException(types().ValueError, "x").get()); }),
                 std::string("InvalidStateError: FINISHED: <Future finished result=42>"));
        QVERIFY(!f->cancel());
        QCOMPARE(f->state(), FutureState::Finished);
    }

    void resultAndExceptionAreNeverBothSet()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> ok = loop->createFuture();
        QVERIFY(!ok->resultRef() && !ok->exceptionRef());
        ok->setResult(newInt(7).get());
        QCOMPARE(intValue(ok->resultRef()), int64_t(7));
        QVERIFY(!ok->exceptionRef());
        Ref<Future> bad = loop->createFuture();
        bad->setException(newException(types().ValueError, "v").get());
        QVERIFY(!bad->resultRef());
        QCOMPARE(bad->exceptionRef()->type(), types().ValueError);
        QCOMPARE(strText(bad->exception().get()), std::string("v"));
        QCOMPARE(reprText(bad.get()), std::string("<Future finished exception=ValueError('v')>"));
    }

    void pendingToFailed()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        f->setException(types().ValueError); // a class is instantiated
        QCOMPARE(f->exceptionRef()->type(), types().ValueError);
        QCOMPARE(raised([&] { f->result(); }), std::string("ValueError"));
        QVERIFY(!f->logTraceback()); // result() retrieved it
    }

    void stopIterationIsRefused()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        QCOMPARE(raised([&] { f->setException(newException(types().StopIteration, "x").get()); }),
                 std::string("TypeError: StopIteration interacts badly with generators and cannot be raised into a Future"));
        QCOMPARE(f->state(), FutureState::Pending);
    }

    void pendingToCancelledWithMessage()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        QVERIFY(f->cancel(newStr("stop it").get()));
        QVERIFY(f->cancelled());
        QVERIFY(!f->cancel());
        QCOMPARE(raised([&] { f->result(); }), std::string("CancelledError: stop it"));
        QCOMPARE(raised([&] { f->exception(); }), std::string("CancelledError: stop it"));
        QCOMPARE(raised([&] { f->setResult(None()); }), std::string("InvalidStateError: CANCELLED: <Future cancelled>"));
        Ref<Future> g = loop->createFuture();
        g->cancel();
        QCOMPARE(raised([&] { g->result(); }), std::string("CancelledError"));
        QVERIFY(isInstance(g->makeCancelledError().get(), types().BaseException));
        QVERIFY(!isInstance(g->makeCancelledError().get(), types().Exception));
    }

    void doneCallbacksAreScheduledNeverInline()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        Ref<Object> cb = counterFn();
        f->addDoneCallback(Callback::python(cb));
        f->setResult(newInt(1).get());
        QCOMPARE(loop->readyCount(), size_t(1)); // scheduled, not run
        QVERIFY(std::none_of(rec.events.begin(), rec.events.end(), [](const std::string& e) { return e.rfind("out ", 0) == 0; }));
        // Adding a callback to a done future schedules it too.
        f->addDoneCallback(Callback::python(cb));
        QCOMPARE(loop->readyCount(), size_t(2));
        loop->callSoon(Callback::python(getAttr(loop.get(), "stop")));
        loop->runForever();
        QCOMPARE(std::count(rec.events.begin(), rec.events.end(), std::string("out done <Future finished result=1>\n")), 2);
    }

    void removeDoneCallbackRemovesEveryCopy()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        Ref<Object> cb = counterFn();
        Ref<Object> other = counterFn();
        f->addDoneCallback(Callback::python(cb));
        f->addDoneCallback(Callback::python(other));
        f->addDoneCallback(Callback::python(cb));
        QCOMPARE(intValue(callMethod(f.get(), "remove_done_callback", { cb.get() }).get()), int64_t(2));
        QCOMPARE(f->doneCallbacks().size(), size_t(1));
        f->setResult(None());
        QCOMPARE(loop->readyCount(), size_t(1));
    }

    void awaitProtocolYieldsItselfThenReturnsTheResult()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        Ref<Object> it = futureType()->slots.await(f.get());
        SendResult r = send(it.get(), None());
        QCOMPARE(r.status, SendResult::Status::Yielded);
        QCOMPARE(r.value.get(), static_cast<Object*>(f.get()));
        QVERIFY(f->blocking());
        QCOMPARE(raised([&] { send(it.get(), None()); }), std::string("RuntimeError: await wasn't used with future"));
        Ref<Future> g = loop->createFuture();
        Ref<Object> it2 = futureType()->slots.await(g.get());
        send(it2.get(), None());
        g->setResult(newInt(7).get());
        r = send(it2.get(), None());
        QCOMPARE(r.status, SendResult::Status::Returned);
        QCOMPARE(intValue(r.value.get()), int64_t(7));
        // throw() raises the exception at the yield.
        Ref<Future> h = loop->createFuture();
        Ref<Object> it3 = futureType()->slots.await(h.get());
        send(it3.get(), None());
        QCOMPARE(raised([&] { throwInto(it3.get(), newException(types().KeyError, "k").get()); }), std::string("KeyError: 'k'"));
    }

    void pythonMethodsAndRepr()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        QCOMPARE(reprText(f.get()), std::string("<Future pending>"));
        f->addDoneCallback(Callback::python(counterFn()));
        QCOMPARE(reprText(f.get()), std::string("<Future pending cb=[on_done()]>"));
        QVERIFY(!isTrue(callMethod(f.get(), "done").get()));
        callMethod(f.get(), "set_result", { newStr("ok").get() });
        QCOMPARE(strText(callMethod(f.get(), "result").get()), std::string("ok"));
        QCOMPARE(reprText(f.get()), std::string("<Future finished result='ok'>"));
        QCOMPARE(callMethod(f.get(), "get_loop").get(), static_cast<Object*>(loop.get()));
        QVERIFY(isFuture(f.get()));
        QVERIFY(!isFuture(newInt(1).get()));
        QCOMPARE(strText(getAttr(f.get(), "_state").get()), std::string("FINISHED"));
    }

    void reprsAbbreviateAndLocateLikeCPython()
    {
        Run run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        // reprlib.repr of the result: long text keeps its ends, long lists their first six items.
        Ref<Future> text = loop->createFuture();
        text->setResult(newStr(std::string(50, 'a')).get());
        QCOMPARE(reprText(text.get()), std::string("<Future finished result='aaaaaaaaaaaa...aaaaaaaaaaaaa'>"));
        Ref<Future> list = loop->createFuture();
        std::vector<Ref<Object>> items;
        for (int i = 0; i < 8; ++i) items.push_back(newInt(i));
        list->setResult(newList(items).get());
        QCOMPARE(reprText(list.get()), std::string("<Future finished result=[0, 1, 2, 3, 4, 5, ...]>"));
        // asyncio's own callbacks: qualname, and where the installed CPython defines them.
        std::vector<std::string> asked;
        setAsyncioSourceLocator([&](std::string_view module, std::string_view qualname) -> std::optional<AsyncioSourceLine> {
            asked.push_back(std::string(module) + " " + std::string(qualname));
            return AsyncioSourceLine { "/py/asyncio/" + std::string(module), 764 };
        });
        Ref<Future> child = loop->createFuture();
        Ref<Future> outer = aio::gather(run.ctx, { Ref<Object>(child) });
        const std::string shown = reprText(child.get());
        setAsyncioSourceLocator({});
        QCOMPARE(shown, std::string("<Future pending cb=[gather.<locals>._done_callback() at /py/asyncio/tasks.py:764]>"));
        QCOMPARE(asked, std::vector<std::string> { "tasks.py gather.<locals>._done_callback" });
        QCOMPARE(reprText(outer.get()), std::string("<_GatheringFuture pending>"));
        // Without a locator the location is left out, never guessed.
        QCOMPARE(reprText(child.get()), std::string("<Future pending cb=[gather.<locals>._done_callback()]>"));
        child->setResult(None());
    }

    void observersSeeCreationCallbacksAndStates()
    {
        Run run;
        Recorder rec;
        run.ctx.attach(&rec);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> f = loop->createFuture();
        Ref<Object> cb = counterFn();
        f->addDoneCallback(Callback::python(cb));
        f->removeDoneCallback(Callback::python(cb));
        f->cancel();
        const std::string label = f->label();
        QCOMPARE(rec.events, (std::vector<std::string> { "future " + label, "cb+ " + label + " on_done",
                                                         "cb- " + label + " on_done", "state " + label + " 1" }));
    }
};

QTEST_GUILESS_MAIN(TestFuture)
#include "tst_future.moc"
