// contextvars: ContextVar/Token/Context against CPython 3.11's results (the script is above each
// test), and how asyncio uses it: the Context a Task captures and runs in, a Handle's Context, and
// the null slot that stands for a new empty Context until a variable is set in it.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/stdlib/contextvars.h>
#include <loopscope/stdlib/modules.h>

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

/// A run with the contextvars module and one ContextVar('v', default='d').
struct VarsRun : Run {
    ModuleContext modules;
    Ref<Object> module = importStdlibModule("contextvars", modules);
    Ref<Object> var = newVar("v", "d");

    Ref<Object> newVar(const char* name, const char* defaultValue = nullptr)
    {
        Ref<Object> type = getAttr(module.get(), "ContextVar");
        Ref<Object> n = newStr(name);
        if (!defaultValue) return call(type.get(), { n.get() });
        Ref<Object> d = newStr(defaultValue);
        Object* items[] = { n.get(), d.get() };
        Ref<TupleObject> kwnames = newTuple({ internStr("default") });
        return call(type.get(), CallArgs { items, 1, kwnames.get() });
    }
    std::string get() { return strText(callMethod(var.get(), "get").get()); }
    Ref<Object> set(const char* value) { return callMethod(var.get(), "set", { newStr(value).get() }); }
};

// Reads the variable in the task's Context, across a suspension.
Coro readsAcrossSleep(RunContext& ctx, Object* var)
{
    Ref<Object> before = callMethod(var, "get");
    co_await aio::sleep(ctx, 0);
    Ref<Object> after = callMethod(var, "get");
    co_return newStr(strText(before.get()) + "/" + strText(after.get()));
}

// Sets the variable, then reads it back after a suspension (the set must outlive the step).
Coro setsThenReads(RunContext& ctx, Object* var, std::string value)
{
    callMethod(var, "set", { newStr(value).get() });
    co_await aio::sleep(ctx, 0);
    co_return callMethod(var, "get");
}

// Tries to run in its own task's Context (entered while it steps): returns what was raised.
Coro entersItsOwnContext(EventLoop* loop, Object* var)
{
    Object* own = contextIn(loop->currentTask()->contextSlot());
    try {
        callMethod(own, "run", { getAttr(var, "get").get() });
    } catch (const PyException& e) {
        co_return newStr(e.exception()->type()->name() + ": " + strText(e.exception().get()).substr(0, 20));
    }
    co_return newStr("entered");
}

} // namespace

class TestStdlibContextvars : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // python3 -c "import contextvars as cv; v = cv.ContextVar('v', default='d'); print(v.get()); t = v.set('x');
    //   print(v.get(), t.old_value, len(cv.copy_context())); v.reset(t); print(v.get(), len(cv.copy_context()))"
    // -> d / x <Token.MISSING> 1 / d 0
    void setGetReset()
    {
        VarsRun run;
        QCOMPARE(run.get(), std::string("d"));
        Ref<Object> token = run.set("x");
        QCOMPARE(run.get(), std::string("x"));
        QCOMPARE(reprText(getAttr(token.get(), "old_value").get()), std::string("<Token.MISSING>"));
        Ref<Object> copy = call(getAttr(run.module.get(), "copy_context").get());
        QCOMPARE(length(copy.get()), int64_t(1));
        callMethod(run.var.get(), "reset", { token.get() });
        QCOMPARE(run.get(), std::string("d"));
        QCOMPARE(length(call(getAttr(run.module.get(), "copy_context").get()).get()), int64_t(0));
        QCOMPARE(length(copy.get()), int64_t(1)); // the copy is a snapshot
        QVERIFY(reprText(run.var.get()).starts_with("<ContextVar name='v' default='d' at 0x"));
    }

    // A Context made by copy_context keeps what was current; a set made after it does not show.
    void copiesShareTheMappingUntilASet()
    {
        VarsRun run;
        run.set("first");
        Ref<Object> a = call(getAttr(run.module.get(), "copy_context").get());
        Ref<Object> b = callMethod(a.get(), "copy");
        QVERIFY(equals(a.get(), b.get()));
        run.set("second");
        QCOMPARE(strText(getItem(a.get(), run.var.get()).get()), std::string("first"));
        QCOMPARE(run.get(), std::string("second"));
        callMethod(b.get(), "run", { getAttr(run.var.get(), "set").get(), newStr("in b").get() });
        QCOMPARE(strText(getItem(b.get(), run.var.get()).get()), std::string("in b"));
        QCOMPARE(strText(getItem(a.get(), run.var.get()).get()), std::string("first"));
        QVERIFY(!equals(a.get(), b.get()));
    }

    // Until a variable is set, what asyncio captures is null (a new empty Context), so a Task of a
    // program that never sets one holds nothing; after a set each capture is its own Context.
    void captureIsNullWhileNothingIsSet()
    {
        VarsRun run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        QVERIFY(!captureContext(run.ctx));
        Ref<Task> plain = loop->createTask(readsAcrossSleep(run.ctx, run.var.get()).named("plain"));
        QVERIFY(!plain->contextSlot());
        Ref<Object> token = run.set("x");
        Ref<Object> first = captureContext(run.ctx);
        Ref<Object> second = captureContext(run.ctx);
        QVERIFY(first && second && first != second && isContext(first.get()));
        QVERIFY(equals(first.get(), second.get()));
        callMethod(run.var.get(), "reset", { token.get() });
        QVERIFY(!captureContext(run.ctx)); // the base Context is empty again
        loop->runUntilComplete(plain.get());
        QVERIFY(!plain->contextSlot()); // reading never makes the Context
    }

    // asyncio.create_task copies the current Context: a task sees the values of its creation
    // time, its own sets persist across its steps and never reach the creator.
    void tasksRunInTheContextOfTheirCreation()
    {
        VarsRun run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        run.set("early");
        Ref<Task> early = loop->createTask(readsAcrossSleep(run.ctx, run.var.get()).named("early"));
        run.set("late");
        Ref<Task> late = loop->createTask(readsAcrossSleep(run.ctx, run.var.get()).named("late"));
        Ref<Task> setter = loop->createTask(setsThenReads(run.ctx, run.var.get(), "mine").named("setter"));
        loop->runUntilComplete(setter.get());
        loop->runUntilComplete(late.get());
        QCOMPARE(strText(early->result().get()), std::string("early/early"));
        QCOMPARE(strText(late->result().get()), std::string("late/late"));
        QCOMPARE(strText(setter->result().get()), std::string("mine"));
        QCOMPARE(run.get(), std::string("late"));
        QCOMPARE(strText(getItem(setter->contextSlot().get(), run.var.get()).get()), std::string("mine"));
    }

    // A task whose Context starts empty makes it on its first set, inside the step, and keeps it.
    void aTaskMakesItsContextOnItsFirstSet()
    {
        VarsRun run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> setter = loop->createTask(setsThenReads(run.ctx, run.var.get(), "v1").named("setter"));
        QVERIFY(!setter->contextSlot());
        QCOMPARE(strText(loop->runUntilComplete(setter.get()).get()), std::string("v1"));
        QVERIFY(setter->contextSlot() && isContext(setter->contextSlot().get()));
        QCOMPARE(run.get(), std::string("d"));
        QVERIFY(!captureContext(run.ctx)); // the base Context was never touched
    }

    // python3: ctx = contextvars.copy_context(); ctx.run(asyncio.run, main()) where main does
    // loop.call_soon(cb, context=ctx): the handle fails with "cannot enter context: ... is already
    // entered" in the loop's exception handler, and the loop goes on.
    void aHandleCannotEnterAnEnteredContext()
    {
        VarsRun run;
        std::string err;
        run.ctx.setErrorOutput([&err](std::string_view t) { err += t; });
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Object> ctx;
        contextIn(ctx); // a new empty Context
        Ref<Object> slot = ctx;
        {
            ContextScope entered(&run.ctx, slot);
            loop->callSoon(Callback::python(getAttr(run.var.get(), "set"), ctx), { Ref<Object>(newStr("never")) });
            Ref<Task> after = loop->createTask(readsAcrossSleep(run.ctx, run.var.get()).named("after"));
            loop->runUntilComplete(after.get());
            QCOMPARE(strText(after->result().get()), std::string("d/d"));
        }
        QVERIFY2(err.find("RuntimeError: cannot enter context: <_contextvars.Context object at 0x") != std::string::npos,
                 err.c_str());
        QVERIFY(err.find("is already entered") != std::string::npos);
        QCOMPARE(length(ctx.get()), int64_t(0));
        // Once left, the same Context can be entered again.
        loop->callSoon(Callback::python(getAttr(run.var.get(), "set"), ctx), { Ref<Object>(newStr("now")) });
        Ref<Task> last = loop->createTask(readsAcrossSleep(run.ctx, run.var.get()).named("last"));
        loop->runUntilComplete(last.get());
        QCOMPARE(strText(getItem(ctx.get(), run.var.get()).get()), std::string("now"));
    }

    // python3: inside a task, asyncio.current_task()._context.run(f) raises "cannot enter context:
    // <_contextvars.Context object at 0x…> is already entered"; after the task, the Context is free.
    void aSteppingTasksContextIsEntered()
    {
        VarsRun run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Task> t = loop->createTask(entersItsOwnContext(loop.get(), run.var.get()).named("own"));
        QCOMPARE(strText(loop->runUntilComplete(t.get()).get()), std::string("RuntimeError: cannot enter context"));
        Ref<Object> own(contextIn(t->contextSlot()));
        QCOMPARE(strText(callMethod(own.get(), "run", { getAttr(run.var.get(), "get").get() }).get()), std::string("d"));
    }

    // A Handle's `_context` is its callback's Context, made on first request and then the same.
    void handleContextIsStable()
    {
        VarsRun run;
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Handle> h = loop->callSoon(Callback::python(getAttr(run.var.get(), "get")));
        Ref<Object> first = getAttr(h.get(), "_context");
        QVERIFY(isContext(first.get()));
        QVERIFY(getAttr(h.get(), "_context") == first);
        QCOMPARE(length(first.get()), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestStdlibContextvars)
#include "tst_stdlib_contextvars.moc"
