// The canonical trace writer against CPython's recorded traces (copied from the conformance
// suite into data_asyncio/). Each scenario is the .py program rewritten as NativeCoroutines.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include "asyncio_testutil.h"

using namespace loopscope;
using namespace loopscope::testutil;

namespace {

std::string num(int v) { return std::to_string(v); }
Ref<Object> pystr(const std::string& s) { return newStr(s); }

// --- sleep_ties.py --------------------------------------------------------------------------
Coro sleeper(RunContext& ctx, std::string name, int delay)
{
    print(ctx, name + " sleeps " + num(delay));
    co_await aio::sleep(ctx, delay);
    print(ctx, name + " woke");
    co_return pystr(name);
}

Coro sleepTiesMain(RunContext& ctx)
{
    const std::vector<int> delays { 3, 1, 2, 1, 3, 2, 1 };
    std::vector<Ref<Object>> tasks;
    for (int i = 0; i < 7; ++i)
        tasks.push_back(aio::createTask(ctx, sleeper(ctx, "s" + num(i), delays[i]).named("sleeper")));
    Ref<Object> results = co_await aio::gather(ctx, tasks);
    print(ctx, "gathered " + reprText(results.get()));
    co_return none();
}

// --- wait_first_completed.py ----------------------------------------------------------------
Coro job(RunContext& ctx, std::string name, double delay)
{
    co_await aio::sleep(ctx, delay);
    print(ctx, "finished " + name);
    co_return newFloat(delay);
}

Coro waitFirstMain(RunContext& ctx)
{
    Ref<Task> a = aio::createTask(ctx, job(ctx, "a", 1.5).named("job"));
    Ref<Task> b = aio::createTask(ctx, job(ctx, "b", 0.5).named("job"));
    Ref<Task> c = aio::createTask(ctx, job(ctx, "c", 1.0).named("job"));
    Ref<Object> r = co_await aio::wait(ctx, refs(a, b, c), std::nullopt, aio::ReturnWhen::FirstCompleted);
    auto parts = tupleItems(r.get());
    print(ctx, "done " + num(int(length(parts[0].get()))) + " pending " + num(int(length(parts[1].get()))));
    Ref<Object> r2 = co_await aio::wait(ctx, toVector(parts[1].get()));
    auto parts2 = tupleItems(r2.get());
    print(ctx, "done " + num(int(length(parts2[0].get()))) + " pending " + num(int(length(parts2[1].get()))));
    print(ctx, "results " + strText(a->result().get()) + " " + strText(b->result().get()) + " "
                   + strText(c->result().get()));
    co_return none();
}

// --- wait_timeout.py ------------------------------------------------------------------------
Coro slow(RunContext& ctx, int n)
{
    for (int i = 0; i < n; ++i) {
        co_await aio::sleep(ctx, 0.4);
        print(ctx, "slow step " + num(i));
    }
    co_return newInt(n);
}

void waitTimeoutMain(RunContext& ctx)
{
    Ref<EventLoop> loop = ctx.newEventLoop();
    Ref<Task> t1 = loop->createTask(slow(ctx, 3).named("slow"));
    Ref<Task> t2 = loop->createTask(slow(ctx, 1).named("slow"));
    Ref<Object> w = aio::wait(ctx, refs(t1, t2), 1.0);
    Ref<Object> r = loop->runUntilComplete(w.get());
    auto parts = tupleItems(r.get());
    print(ctx, "after timeout: done " + num(int(length(parts[0].get()))) + " pending "
                   + num(int(length(parts[1].get()))));
    loop->runUntilComplete(t1.get());
    print(ctx, "t1 result " + strText(t1->result().get()));
    loop->close();
}

// --- cancel_sleep.py ------------------------------------------------------------------------
Coro worker(RunContext& ctx)
{
    Ref<Object> error;
    try {
        print(ctx, "worker sleeping");
        co_await aio::sleep(ctx, 10);
        print(ctx, "never printed");
    } catch (const PyException& e) {
        error = e.exception();
    }
    if (error && isCancelledError(error.get())) print(ctx, "worker cancelled");
    print(ctx, "worker cleanup");
    if (error) raise(error);
    co_return none();
}

Coro cancelSleepMain(RunContext& ctx)
{
    Ref<Task> task = aio::createTask(ctx, worker(ctx).named("worker"));
    co_await aio::sleep(ctx, 1);
    task->cancel();
    try {
        co_await task;
    } catch (const PyException& e) {
        if (!isCancelledError(e.exception().get())) throw;
        print(ctx, std::string("main saw cancellation ") + (task->cancelled() ? "True" : "False"));
    }
    co_return none();
}

// --- callbacks.py ---------------------------------------------------------------------------
void callbacksMain(RunContext& ctx)
{
    Ref<Object> say = newNativeFunction("say", [](Object*, CallArgs args) -> Ref<Object> {
        RunContext::current()->output("say " + strText(args[0]) + "\n");
        return none();
    });
    Ref<EventLoop> loop = ctx.newEventLoop();
    auto sayCb = [&] { return Callback::python(say); };
    loop->callSoon(sayCb(), { pystr("first") });
    Ref<Handle> h = loop->callSoon(sayCb(), { pystr("cancelled soon") });
    loop->callLater(0.2, sayCb(), { pystr("later 0.2") });
    Ref<TimerHandle> t = loop->callLater(0.1, sayCb(), { pystr("cancelled timer") });
    loop->callAt(loop->time() + 0.3, sayCb(), { pystr("at 0.3") });
    loop->callLater(0.3, Callback::python(getAttr(loop.get(), "stop")));
    h->cancel();
    t->cancel();
    loop->runForever();
    print(ctx, "stopped at " + strText(newFloat(loop->time()).get()));
    loop->close();
}

// --- queue_pc.py ----------------------------------------------------------------------------
Coro producer(RunContext& ctx, Ref<Object> q, int n)
{
    for (int i = 0; i < n; ++i) {
        co_await method(q.get(), "put", newInt(i).get());
        print(ctx, "put " + num(i) + " size " + strText(callMethod(q.get(), "qsize").get()));
    }
    for (int i = 0; i < 2; ++i) co_await method(q.get(), "put", None());
    co_return none();
}

Coro consumer(RunContext& ctx, std::string name, Ref<Object> q, double delay)
{
    int64_t total = 0;
    for (;;) {
        Ref<Object> item = co_await callMethod(q.get(), "get");
        if (item.get() == None()) {
            callMethod(q.get(), "task_done");
            break;
        }
        co_await aio::sleep(ctx, delay);
        total += intValue(item.get());
        print(ctx, name + " got " + strText(item.get()));
        callMethod(q.get(), "task_done");
    }
    co_return newInt(total);
}

Coro queueMain(RunContext& ctx)
{
    Ref<Object> q = aio::newQueue(ctx, 2);
    std::vector<Ref<Object>> consumers;
    consumers.push_back(aio::createTask(ctx, consumer(ctx, "c1", q, 0.3).named("consumer")));
    consumers.push_back(aio::createTask(ctx, consumer(ctx, "c2", q, 0.5).named("consumer")));
    co_await producer(ctx, q, 6).named("producer");
    co_await callMethod(q.get(), "join");
    Ref<Object> totals = co_await aio::gather(ctx, consumers);
    print(ctx, "totals " + reprText(totals.get()));
    co_return none();
}

// --- potatoes.py ----------------------------------------------------------------------------
// CPython's random.randint(1, 10) after random.seed(7), as recorded from python3 3.11.
const int kSeed7RandInt[] = { 6, 3, 7, 1, 2, 9, 2, 6, 10, 1 };

struct Shelves {
    int potatoes = 2;
    int tomatoes = 3;
    size_t nextRandom = 0;
    int randint() { return kSeed7RandInt[nextRandom++]; }
};

Coro askFor(RunContext& ctx, Shelves& s, bool potato)
{
    co_await aio::sleep(ctx, 2);
    (potato ? s.potatoes : s.tomatoes) += s.randint();
    co_return none();
}

// buy_potatos with its async generator take_potatos inlined (the generator adds no events).
Coro buy(RunContext& ctx, Shelves& s, bool potato, int num)
{
    int bucket = 0;
    int count = 0;
    int& shelf = potato ? s.potatoes : s.tomatoes;
    for (;;) {
        if (shelf == 0) co_await askFor(ctx, s, potato).named(potato ? "ask_for_potatos" : "ask_for_tomatos");
        --shelf;
        ++count;
        ++bucket;
        print(ctx, std::string("add ") + (potato ? "potato " : "tomato ") + std::to_string(bucket) + ", left on shelf "
                       + std::to_string(shelf));
        if (count == num) break;
    }
    co_return none();
}

void potatoesMain(RunContext& ctx)
{
    Shelves shelves;
    Ref<EventLoop> loop = ctx.newEventLoop();
    std::vector<Ref<Object>> tasks;
    tasks.push_back(loop->createTask(buy(ctx, shelves, true, 12).named("buy_potatos")));
    tasks.push_back(loop->createTask(buy(ctx, shelves, false, 15).named("buy_tomatos")));
    loop->runUntilComplete(aio::wait(ctx, tasks).get());
    loop->close();
}

} // namespace

class TestTraceWriter : public QObject {
    Q_OBJECT

    void check(const char* name, const std::function<void(RunContext&)>& program)
    {
        Run run;
        TraceLines trace(run.ctx);
        try {
            program(run.ctx);
        } catch (const PyException& e) {
            QFAIL(("uncaught " + e.exception()->type()->name() + ": " + strText(e.exception().get())).c_str());
        }
        trace.writer.flush();
        const std::vector<std::string> expected = expectedTrace(name);
        QVERIFY2(!expected.empty(), name);
        QCOMPARE(joined(trace.lines), joined(expected));
    }

private Q_SLOTS:
    void sleepTies()
    {
        check("sleep_ties", [](RunContext& ctx) { aio::run(ctx, sleepTiesMain(ctx).named("main")); });
    }
    void waitFirstCompleted()
    {
        check("wait_first_completed", [](RunContext& ctx) { aio::run(ctx, waitFirstMain(ctx).named("main")); });
    }
    void waitTimeout() { check("wait_timeout", waitTimeoutMain); }
    void cancelSleep()
    {
        check("cancel_sleep", [](RunContext& ctx) { aio::run(ctx, cancelSleepMain(ctx).named("main")); });
    }
    void callbacks() { check("callbacks", callbacksMain); }
    void queueProducerConsumer()
    {
        check("queue_pc", [](RunContext& ctx) { aio::run(ctx, queueMain(ctx).named("main")); });
    }
    void potatoes() { check("potatoes", potatoesMain); }

    void handleNaming()
    {
        HandleEvent e;
        e.callback = "__wakeup";
        e.task = "Task-1";
        e.argTask = "Task-2";
        QCOMPARE(TraceWriter::handleName(e), std::string("__wakeup Task-1 arg=Task-2"));
        e.task.clear();
        QCOMPARE(TraceWriter::handleName(e), std::string("__wakeup arg=Task-2"));
    }
    void outputSplitsLinesAndFlushesPartial()
    {
        Run run;
        TraceLines trace(run.ctx);
        run.ctx.output("a\nb");
        run.ctx.output("c\n\nd");
        trace.writer.flush();
        QCOMPARE(joined(trace.lines), QStringLiteral("0.000000 out a\n0.000000 out bc\n0.000000 out \n0.000000 out d\n"));
    }
    void deadlockEndsTheRun()
    {
        Run run;
        TraceLines trace(run.ctx);
        Ref<EventLoop> loop = run.ctx.newEventLoop();
        Ref<Future> never = loop->createFuture();
        bool deadlocked = false;
        try {
            loop->runUntilComplete(never.get());
        } catch (const DeadlockError&) {
            deadlocked = true;
        }
        QVERIFY(deadlocked);
        QCOMPARE(trace.lines.back(), std::string("0.000000 deadlock"));
        QCOMPARE(trace.lines[trace.lines.size() - 2], std::string("0.000000 select timeout=None"));
        QVERIFY(!loop->isRunning());
    }
};

QTEST_GUILESS_MAIN(TestTraceWriter)
#include "tst_tracewriter.moc"
