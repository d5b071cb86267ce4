// asyncio.as_completed (tasks.py, 3.11): a generator of `_wait_for_one()` coroutines fed by a
// Queue that `_on_completion` done callbacks (and `_on_timeout`, when a timeout is given) fill.
#include "nativestate.h"

#include <algorithm>
#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <unordered_set>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* asCompletedGeneratorType();

// The closure of one as_completed() call: what _on_completion, _on_timeout and _wait_for_one share.
struct AsCompletedState final : ClosureState {
    Ref<Object> done; // the asyncio.Queue
    std::vector<Ref<Future>> todo; // the set `todo`, in the order its futures were made
    Ref<TimerHandle> timeoutHandle;
    void clearRefs() override
    {
        done = nullptr;
        todo.clear();
        timeoutHandle = nullptr;
    }
};

void onCompletion(Object* self, Object* const* args, size_t)
{
    auto* st = static_cast<AsCompletedState*>(self);
    if (st->todo.empty()) return; // _on_timeout() was here first
    Ref<AsCompletedState> keep(st);
    Future* f = static_cast<Future*>(args[0]);
    auto it = std::find_if(st->todo.begin(), st->todo.end(), [&](const Ref<Future>& x) { return x.get() == f; });
    if (it == st->todo.end()) raise(newException(types().KeyError, std::vector<Ref<Object>> { Ref<Object>(f) }));
    Ref<Future> fut = std::move(*it);
    st->todo.erase(it);
    callMethod(st->done.get(), "put_nowait", { fut.get() });
    if (st->todo.empty() && st->timeoutHandle) st->timeoutHandle->cancel();
}

void onTimeout(Object* self, Object* const*, size_t)
{
    auto* st = static_cast<AsCompletedState*>(self);
    Ref<AsCompletedState> keep(st);
    const Callback cb = Callback::nativeFn("as_completed.<locals>._on_completion", &onCompletion, Ref<Object>(st));
    for (const Ref<Future>& f : st->todo) {
        f->removeDoneCallback(cb);
        callMethod(st->done.get(), "put_nowait", { None() }); // a dummy value for _wait_for_one()
    }
    st->todo.clear();
}

Coro waitForOne(Ref<AsCompletedState> st)
{
    Ref<Object> f = co_await callMethod(st->done.get(), "get");
    if (f.get() == None()) raise(newException(types().TimeoutError, std::vector<Ref<Object>> {}));
    co_return static_cast<Future*>(f.get())->result(); // may raise f.exception()
}

// The generator object as_completed() returns: its body starts at the first next().
class AsCompletedGenerator final : public Object {
public:
    AsCompletedGenerator(RunContext& ctx, Ref<Object> fs, std::optional<double> timeout)
        : Object(asCompletedGeneratorType())
        , m_ctx(&ctx)
        , m_fs(std::move(fs))
        , m_timeout(timeout)
    {
    }

    Ref<Object> next()
    {
        if (m_finished) return {};
        if (!m_started) {
            m_started = true;
            try {
                start();
            } catch (...) {
                finish();
                throw;
            }
        }
        if (m_remaining == 0) {
            finish();
            return {};
        }
        --m_remaining;
        return waitForOne(m_state).named("as_completed.<locals>._wait_for_one");
    }

    void clearRefs() override
    {
        m_fs = nullptr;
        m_state = nullptr;
    }

private:
    void start()
    {
        Object* fs = m_fs.get();
        if (isFuture(fs) || aio::isCoroutine(fs))
            raise(types().TypeError, "expect an iterable of futures, not " + fs->type()->name());
        Ref<AsCompletedState> st = make<AsCompletedState>();
        st->done = aio::newQueue(*m_ctx);
        EventLoop* loop = m_ctx->getEventLoop();
        // set(fs): duplicates collapse; CPython's set order is hash order, ours the first occurrence.
        std::vector<Ref<Object>> unique;
        std::unordered_set<const Object*> seen; // looked up only, never iterated
        for (Ref<Object>& f : toVector(fs))
            if (seen.insert(f.get()).second) unique.push_back(std::move(f));
        for (const Ref<Object>& f : unique) {
            Ref<Future> fut = aio::ensureFuture(*m_ctx, f.get(), loop);
            if (std::none_of(st->todo.begin(), st->todo.end(), [&](const Ref<Future>& x) { return x == fut; }))
                st->todo.push_back(std::move(fut));
        }
        const Callback cb = Callback::nativeFn("as_completed.<locals>._on_completion", &onCompletion, st);
        for (const Ref<Future>& f : st->todo)
            f->addDoneCallback(cb);
        if (!st->todo.empty() && m_timeout)
            st->timeoutHandle = loop->callLater(*m_timeout, Callback::nativeFn("as_completed.<locals>._on_timeout", &onTimeout, st));
        m_remaining = st->todo.size();
        m_state = std::move(st);
        m_fs = nullptr;
    }
    void finish()
    {
        m_finished = true;
        m_state = nullptr;
        m_fs = nullptr;
    }

    RunContext* m_ctx;
    Ref<Object> m_fs;
    std::optional<double> m_timeout;
    Ref<AsCompletedState> m_state;
    size_t m_remaining = 0;
    bool m_started = false;
    bool m_finished = false;
};

TypeObject* asCompletedGeneratorType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("generator", types().object, 0, "builtins");
        type->slots.repr = [](Object*) -> Ref<Object> { return pyStr("<generator object as_completed>"); };
        type->slots.iter = [](Object* self) -> Ref<Object> { return newRef(self); };
        type->slots.next = [](Object* self) -> Ref<Object> { return static_cast<AsCompletedGenerator*>(self)->next(); };
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace aio {

Ref<Object> asCompleted(RunContext& ctx, Ref<Object> fs, std::optional<double> timeout)
{
    return make<AsCompletedGenerator>(ctx, std::move(fs), timeout);
}

Ref<Object> asCompleted(RunContext& ctx, std::vector<Ref<Object>> fs, std::optional<double> timeout)
{
    return asCompleted(ctx, newList(std::move(fs)), timeout);
}

} // namespace aio

} // namespace loopscope
