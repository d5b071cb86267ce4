// The asyncio API (tasks.py, futures.py, runners.py of 3.11) for C++ callers.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace loopscope {

namespace detail::asyncioimpl {

TypeObject* closureStateType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("_closure", types().object, 0, "asyncio");
        type->finalize();
        return type;
    }();
    return t;
}

double toDouble(Object* o)
{
    if (isFloat(o)) return floatValue(o);
    if (isInt(o)) return double(intValue(o));
    raise(types().TypeError, "must be real number, not " + o->type()->name());
}

Object* keywordArg(CallArgs args, std::string_view name)
{
    if (!args.kwnames) return nullptr;
    auto names = tupleItems(asObject(args.kwnames));
    for (size_t i = 0; i < names.size(); ++i)
        if (strView(names[i].get()) == name) return args[args.nargs + i];
    return nullptr;
}

} // namespace detail::asyncioimpl

using namespace detail::asyncioimpl;

const AsyncioTypes& asyncioTypes()
{
    static AsyncioTypes t = [] {
        AsyncioTypes a {};
        auto exc = [](const char* name, TypeObject* base) {
            TypeObject* type = newStaticType(name, base, TypeObject::BaseType | TypeObject::ExceptionType,
                                             "asyncio.exceptions");
            type->finalize();
            return type;
        };
        a.CancelledError = exc("CancelledError", types().BaseException);
        a.InvalidStateError = exc("InvalidStateError", types().Exception);
        a.LimitOverrunError = exc("LimitOverrunError", types().Exception);
        a.QueueEmpty = exc("QueueEmpty", types().Exception);
        a.QueueFull = exc("QueueFull", types().Exception);
        a.QueueEmpty->setModule("asyncio.queues");
        a.QueueFull->setModule("asyncio.queues");
        return a;
    }();
    return t;
}

bool isCancelledError(Object* exc) noexcept
{
    return exc && isInstance(exc, asyncioTypes().CancelledError);
}

namespace aio {

bool isCoroutine(Object* o) noexcept
{
    if (!o) return false;
    const TypeObject* t = o->type();
    return t == nativeCoroutineType() || (types().coroutine && t == types().coroutine);
}

// --- sleep ----------------------------------------------------------------------------------

namespace {

Coro sleepBody(RunContext& ctx, double delay, Ref<Object> result)
{
    if (delay <= 0) {
        co_await yieldNone(); // __sleep0: one bare yield
        co_return result;
    }
    EventLoop* loop = ctx.getRunningLoop();
    Ref<Future> future = loop->createFuture();
    Ref<TimerHandle> h = loop->callLater(delay, Callback::nativeFn("_set_result_unless_cancelled", &setResultUnlessCancelled),
                                         { Ref<Object>(future), result });
    // try: return await future / finally: h.cancel()
    struct CancelOnExit {
        TimerHandle* h;
        ~CancelOnExit() { h->cancel(); }
    } guard { h.get() };
    Ref<Object> value = co_await future;
    co_return value;
}

} // namespace

Ref<Object> Sleep::coroutine() const
{
    return sleepBody(*m_ctx, m_delay, m_result ? m_result : newRef(None())).named("sleep");
}

} // namespace aio

namespace aio {

// --- ensure_future / create_task ------------------------------------------------------------

namespace {
Coro wrapAwaitable(Ref<Object> awaitable)
{
    Ref<Object> v = co_await awaitable.get();
    co_return v;
}
} // namespace

Ref<Future> ensureFuture(RunContext& ctx, Object* obj, EventLoop* loop)
{
    if (isFuture(obj)) {
        Future* f = static_cast<Future*>(obj);
        if (loop && loop != f->loop())
            raise(types().ValueError, "The future belongs to a different loop than the one specified as the loop argument");
        return Ref<Future>(f);
    }
    Ref<Object> coro;
    if (isCoroutine(obj)) {
        coro = Ref<Object>(obj);
    } else if (obj->type()->slots.await || obj->type()->lookup("__await__")) {
        coro = wrapAwaitable(Ref<Object>(obj)).named("_wrap_awaitable");
    } else {
        raise(types().TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    }
    if (!loop) loop = ctx.getEventLoop();
    return loop->createTask(std::move(coro));
}

Ref<Task> createTask(RunContext& ctx, Ref<Object> coro, Object* name, Object* context)
{
    EventLoop* loop = ctx.getRunningLoop();
    // tasks.create_task: the task is made with its Task-N name, then renamed (3.11).
    Ref<Task> task = loop->createTask(std::move(coro), nullptr, context);
    if (name && name != None()) task->setName(name);
    return task;
}

Task* currentTask(RunContext& ctx, EventLoop* loop)
{
    if (!loop) loop = ctx.getRunningLoop();
    return loop->currentTask();
}

std::vector<Task*> allTasks(RunContext& ctx, EventLoop* loop)
{
    if (!loop) loop = ctx.getRunningLoop();
    return ctx.allTasks(loop);
}

// --- wait -----------------------------------------------------------------------------------

namespace {

void releaseWaiter(Object*, Object* const* args, size_t)
{
    Future* waiter = static_cast<Future*>(args[0]);
    if (!waiter->done()) waiter->setResult(None());
}

// functools.partial(_release_waiter, waiter) used as a done callback: the waiter is `self`.
void releaseWaiterPartial(Object* self, Object* const*, size_t)
{
    Future* waiter = static_cast<Future*>(self);
    if (!waiter->done()) waiter->setResult(None());
}

struct WaitState final : ClosureState {
    Ref<Future> waiter;
    Ref<TimerHandle> timeoutHandle;
    size_t counter = 0;
    ReturnWhen returnWhen = ReturnWhen::AllCompleted;
    void clearRefs() override
    {
        waiter = nullptr;
        timeoutHandle = nullptr;
    }
};

void onCompletion(Object* self, Object* const* args, size_t)
{
    auto* st = static_cast<WaitState*>(self);
    Future* f = static_cast<Future*>(args[0]);
    --st->counter;
    bool wake = st->counter == 0 || st->returnWhen == ReturnWhen::FirstCompleted;
    if (!wake && st->returnWhen == ReturnWhen::FirstException && !f->cancelled())
        wake = f->exception().get() != None();
    if (wake) {
        if (st->timeoutHandle) st->timeoutHandle->cancel();
        if (!st->waiter->done()) st->waiter->setResult(None());
    }
}

Coro waitInner(std::vector<Ref<Object>> items, std::optional<double> timeout, ReturnWhen returnWhen, EventLoop* loop)
{
    Ref<WaitState> st = make<WaitState>();
    st->waiter = loop->createFuture();
    if (timeout)
        st->timeoutHandle = loop->callLater(*timeout, Callback::nativeFn("_release_waiter", &releaseWaiter), { st->waiter });
    st->counter = items.size();
    st->returnWhen = returnWhen;
    const Callback cb = Callback::nativeFn("_wait.<locals>._on_completion", &onCompletion, st);
    // 3.11's _wait takes the awaitables as they are: something that is not a future fails at its
    // add_done_callback, before the try/finally (earlier futures keep the callback, the timer stays).
    std::vector<Ref<Future>> fs;
    fs.reserve(items.size());
    for (const Ref<Object>& item : items) {
        if (!isFuture(item.get()))
            raise(types().AttributeError, "'" + item->type()->name() + "' object has no attribute 'add_done_callback'");
        fs.emplace_back(static_cast<Future*>(item.get()));
        fs.back()->addDoneCallback(cb);
    }
    struct Finally {
        WaitState* st;
        const std::vector<Ref<Future>>& fs;
        const Callback& cb;
        ~Finally()
        {
            if (st->timeoutHandle) st->timeoutHandle->cancel();
            for (const Ref<Future>& f : fs) f->removeDoneCallback(cb);
        }
    };
    {
        Finally fin { st.get(), fs, cb };
        co_await st->waiter;
    }
    std::vector<Ref<Object>> done, pending;
    for (const Ref<Future>& f : fs) (f->done() ? done : pending).emplace_back(f);
    co_return Ref<Object>(pyTuple({ newSet(std::move(done)).get(), newSet(std::move(pending)).get() }));
}

Coro waitOuter(RunContext& ctx, std::vector<Ref<Object>> fs, std::optional<double> timeout, ReturnWhen returnWhen)
{
    if (fs.empty()) raise(types().ValueError, "Set of Tasks/Futures is empty.");
    EventLoop* loop = ctx.getRunningLoop();
    // fs = set(fs): duplicates collapse (first occurrence kept; set order is out of the trace's scope).
    std::vector<Ref<Object>> unique;
    std::unordered_set<const Object*> seen; // looked up only, never iterated
    for (Ref<Object>& f : fs)
        if (seen.insert(f.get()).second) unique.push_back(std::move(f));
    for (const Ref<Object>& f : unique)
        if (isCoroutine(f.get())) raise(types().TypeError, "Passing coroutines is forbidden, use tasks explicitly.");
    Ref<Object> r = co_await waitInner(std::move(unique), timeout, returnWhen, loop).named("_wait");
    co_return r;
}

} // namespace

Ref<Object> wait(RunContext& ctx, std::vector<Ref<Object>> fs, std::optional<double> timeout, ReturnWhen returnWhen)
{
    return waitOuter(ctx, std::move(fs), timeout, returnWhen).named("wait");
}

// --- wait_for -------------------------------------------------------------------------------

namespace {

Coro cancelAndWait(Ref<Future> fut, EventLoop* loop)
{
    Ref<Future> waiter = loop->createFuture();
    const Callback cb = Callback::nativeFn("_release_waiter", &releaseWaiterPartial, waiter);
    fut->addDoneCallback(cb);
    struct Finally {
        Future* fut;
        const Callback& cb;
        ~Finally() { fut->removeDoneCallback(cb); }
    } fin { fut.get(), cb };
    fut->cancel();
    co_await waiter;
    co_return newRef(None());
}

[[noreturn]] void raiseTimeoutFrom(const PyException& cause)
{
    Ref<Object> exc = newException(types().TimeoutError, std::vector<Ref<Object>> {});
    setExceptionCause(exc.get(), cause.exception().get());
    raise(std::move(exc));
}

Coro waitForBody(RunContext& ctx, Ref<Object> aw, std::optional<double> timeout)
{
    EventLoop* loop = ctx.getRunningLoop();
    if (!timeout) {
        Ref<Object> v = co_await aw.get();
        co_return v;
    }
    if (*timeout <= 0) {
        Ref<Future> fut = ensureFuture(ctx, aw.get(), loop);
        if (fut->done()) co_return fut->result();
        co_await cancelAndWait(fut, loop).named("_cancel_and_wait");
        try {
            co_return fut->result();
        } catch (const PyException& e) {
            if (!isCancelledError(e.exception().get())) throw;
            raiseTimeoutFrom(e);
        }
    }
    Ref<Future> waiter = loop->createFuture();
    Ref<TimerHandle> timeoutHandle
        = loop->callLater(*timeout, Callback::nativeFn("_release_waiter", &releaseWaiter), { waiter });
    const Callback cb = Callback::nativeFn("_release_waiter", &releaseWaiterPartial, waiter);
    // Outside CPython's try/finally: when ensure_future fails, the timer stays on the heap and fires.
    Ref<Future> fut = ensureFuture(ctx, aw.get(), loop);
    fut->addDoneCallback(cb);
    struct Finally {
        TimerHandle* h;
        ~Finally() { h->cancel(); }
    } fin { timeoutHandle.get() };
    bool cancelled = false;
    Ref<Object> cancelExc;
    try {
        co_await waiter;
    } catch (const PyException& e) {
        if (!isCancelledError(e.exception().get())) throw;
        cancelled = true;
        cancelExc = e.exception();
    }
    if (cancelled) {
        if (fut->done()) co_return fut->result();
        fut->removeDoneCallback(cb);
        co_await cancelAndWait(fut, loop).named("_cancel_and_wait");
        raise(std::move(cancelExc));
    }
    if (fut->done()) co_return fut->result();
    fut->removeDoneCallback(cb);
    co_await cancelAndWait(fut, loop).named("_cancel_and_wait");
    try {
        co_return fut->result();
    } catch (const PyException& e) {
        if (!isCancelledError(e.exception().get())) throw;
        raiseTimeoutFrom(e);
    }
}

} // namespace

Ref<Object> waitFor(RunContext& ctx, Ref<Object> aw, std::optional<double> timeout)
{
    return waitForBody(ctx, std::move(aw), timeout).named("wait_for");
}

// --- gather ---------------------------------------------------------------------------------

namespace {

class GatheringFuture final : public Future {
public:
    GatheringFuture(EventLoop* loop, std::vector<Ref<Future>> children)
        : Future(gatheringFutureType(), loop)
        , m_children(std::move(children))
    {
    }
    bool cancel(Object* msg) override
    {
        if (done()) return false;
        bool ret = false;
        for (const Ref<Future>& child : m_children)
            if (child->cancel(msg)) ret = true;
        if (ret) m_cancelRequested = true;
        return ret;
    }
    const std::vector<Ref<Future>>& children() const { return m_children; }
    void clearRefs() override
    {
        Future::clearRefs();
        m_children.clear();
    }
    static TypeObject* gatheringFutureType()
    {
        static TypeObject* t = [] {
            TypeObject* type = newStaticType("_GatheringFuture", futureType(), 0, "asyncio.tasks");
            type->finalize();
            return type;
        }();
        return t;
    }

private:
    std::vector<Ref<Future>> m_children;
};

struct GatherState final : ClosureState {
    Ref<GatheringFuture> outer;
    std::vector<Ref<Future>> children;
    size_t nfuts = 0, nfinished = 0;
    bool returnExceptions = false;
    void clearRefs() override
    {
        outer = nullptr;
        children.clear();
    }
};

void gatherDoneCallback(Object* self, Object* const* args, size_t)
{
    auto* st = static_cast<GatherState*>(self);
    Future* fut = static_cast<Future*>(args[0]);
    ++st->nfinished;
    GatheringFuture* outer = st->outer.get();
    if (!outer || outer->done()) {
        if (!fut->cancelled()) fut->exception(); // mark the exception as retrieved
        return;
    }
    if (!st->returnExceptions) {
        if (fut->cancelled()) {
            outer->setException(fut->makeCancelledError().get());
            return;
        }
        Ref<Object> exc = fut->exception();
        if (exc.get() != None()) {
            outer->setException(exc.get());
            return;
        }
    }
    if (st->nfinished == st->nfuts) {
        std::vector<Ref<Object>> results;
        results.reserve(st->children.size());
        for (const Ref<Future>& child : st->children) {
            if (child->cancelled()) {
                Object* msg = child->cancelMessage();
                results.push_back(newException(asyncioTypes().CancelledError,
                                               std::vector<Ref<Object>> { msg ? Ref<Object>(msg) : Ref<Object>(pyStr("")) }));
            } else {
                Ref<Object> res = child->exception();
                results.push_back(res.get() != None() ? res : child->result());
            }
        }
        if (outer->cancelRequested()) {
            outer->setException(fut->makeCancelledError().get());
        } else {
            outer->setResult(newList(std::move(results)).get());
        }
        st->outer = nullptr; // the closure's job is done: drop the cycle through outer
        st->children.clear();
    }
}

} // namespace

Ref<Future> gather(RunContext& ctx, std::vector<Ref<Object>> aws, bool returnExceptions)
{
    if (aws.empty()) {
        EventLoop* loop = ctx.getEventLoop();
        Ref<Future> outer = loop->createFuture();
        outer->setResult(newList().get());
        return outer;
    }
    Ref<GatherState> st = make<GatherState>();
    st->returnExceptions = returnExceptions;
    const Callback cb = Callback::nativeFn("gather.<locals>._done_callback", &gatherDoneCallback, st);
    EventLoop* loop = nullptr;
    std::unordered_map<const Object*, Ref<Future>> argToFut; // looked up only, never iterated
    for (const Ref<Object>& arg : aws) {
        Ref<Future> fut;
        auto found = argToFut.find(arg.get());
        if (found != argToFut.end()) {
            fut = found->second;
        } else {
            fut = ensureFuture(ctx, arg.get(), loop);
            if (!loop) loop = fut->loop();
            ++st->nfuts;
            argToFut.emplace(arg.get(), fut);
            fut->addDoneCallback(cb);
        }
        st->children.push_back(fut);
    }
    Ref<GatheringFuture> outer = make<GatheringFuture>(loop, st->children);
    st->outer = outer;
    if (st->nfinished == st->nfuts && st->nfuts == 0) st->outer = nullptr;
    return outer;
}

// --- shield ---------------------------------------------------------------------------------

namespace {

struct ShieldState final : ClosureState {
    Ref<Future> inner, outer;
    void clearRefs() override
    {
        inner = nullptr;
        outer = nullptr;
    }
};

void innerDoneCallback(Object* self, Object* const* args, size_t)
{
    auto* st = static_cast<ShieldState*>(self);
    Future* inner = static_cast<Future*>(args[0]);
    Ref<Future> outer = st->outer;
    if (outer->cancelled()) {
        if (!inner->cancelled()) inner->exception();
        return;
    }
    if (inner->cancelled()) {
        outer->cancel();
    } else {
        Ref<Object> exc = inner->exception();
        if (exc.get() != None())
            outer->setException(exc.get());
        else
            outer->setResult(inner->result().get());
    }
}

void outerDoneCallback(Object* self, Object* const*, size_t)
{
    auto* st = static_cast<ShieldState*>(self);
    if (!st->inner->done())
        st->inner->removeDoneCallback(Callback::nativeFn("shield.<locals>._inner_done_callback", &innerDoneCallback, Ref<Object>(st)));
}

} // namespace

Ref<Future> shield(RunContext& ctx, Object* aw)
{
    Ref<Future> inner = ensureFuture(ctx, aw);
    if (inner->done()) return inner;
    EventLoop* loop = inner->loop();
    Ref<Future> outer = loop->createFuture();
    Ref<ShieldState> st = make<ShieldState>();
    st->inner = inner;
    st->outer = outer;
    inner->addDoneCallback(Callback::nativeFn("shield.<locals>._inner_done_callback", &innerDoneCallback, st));
    outer->addDoneCallback(Callback::nativeFn("shield.<locals>._outer_done_callback", &outerDoneCallback, st));
    return outer;
}

} // namespace aio

} // namespace loopscope
