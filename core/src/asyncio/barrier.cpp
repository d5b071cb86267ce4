// locks.py (3.11.7): Barrier, built as CPython builds it, on a Condition: every wait enters
// `async with self._cond`, so tasks queue on the condition's lock exactly as they do in CPython.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* barrierType();

TypeObject* brokenBarrierErrorType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("BrokenBarrierError", types().RuntimeError,
            TypeObject::BaseType | TypeObject::ExceptionType, "asyncio.exceptions");
        type->finalize();
        return type;
    }();
    return t;
}

class Barrier final : public Object {
public:
    enum class State { Filling, Draining, Resetting, Broken };
    Barrier(Ref<Object> condition, int64_t parties) : Object(barrierType()), cond(std::move(condition)), parties(parties) { }
    Ref<Object> cond;
    int64_t parties;
    State state = State::Filling;
    int64_t count = 0;

    int64_t nWaiting() const { return state == State::Filling ? count : 0; }
    /// _exit(): the last task out lets the barrier fill again.
    void exit()
    {
        if (count != 0) return;
        if (state == State::Resetting || state == State::Draining) state = State::Filling;
        callMethod(cond.get(), "notify_all");
    }
    static const char* stateName(State s)
    {
        switch (s) {
        case State::Filling: return "filling";
        case State::Draining: return "draining";
        case State::Resetting: return "resetting";
        case State::Broken: return "broken";
        }
        return "?";
    }
    void clearRefs() override { cond = nullptr; }
};

Barrier* asBarrier(Object* self)
{
    if (!self || !isInstance(self, barrierType())) raise(types().TypeError, "descriptor requires a 'Barrier' object");
    return static_cast<Barrier*>(self);
}

// The predicates CPython passes to Condition.wait_for as lambdas.
Ref<Object> notDrainingNorResetting(Object* self, CallArgs)
{
    const Barrier::State s = asBarrier(self)->state;
    return newRef(boolObject(s != Barrier::State::Draining && s != Barrier::State::Resetting));
}
Ref<Object> notFilling(Object* self, CallArgs)
{
    return newRef(boolObject(asBarrier(self)->state != Barrier::State::Filling));
}
Ref<Object> predicate(Barrier* b, NativeFn fn)
{
    return newNativeFunction("<lambda>", fn, b, "Barrier._block.<locals>.<lambda>");
}

// The awaitables of `self._cond.wait_for(lambda: …)` and `self._cond.__aexit__(None, None, None)`
// (made outside the coroutines: GCC cannot keep an initializer list alive across a co_await).
Ref<Object> waitFor(Barrier* b, NativeFn fn)
{
    return callMethod(b->cond.get(), "wait_for", { predicate(b, fn).get() });
}
Ref<Object> condExit(Barrier* b)
{
    return callMethod(b->cond.get(), "__aexit__", { None(), None(), None() });
}

[[noreturn]] void raiseBroken(const char* message)
{
    raise(newException(brokenBarrierErrorType(), std::vector<Ref<Object>> { pyStr(message) }));
}

Coro barrierWait(Ref<Barrier> self)
{
    co_await callMethod(self->cond.get(), "__aenter__");
    Ref<Object> result;
    Ref<Object> error;
    try {
        // _block(): wait while the barrier drains or resets.
        co_await waitFor(self.get(), &notDrainingNorResetting);
        if (self->state == Barrier::State::Broken) raiseBroken("Barrier aborted");
        const int64_t index = self->count++;
        try {
            if (index + 1 == self->parties) {
                // _release(): the last party lets everyone through.
                self->state = Barrier::State::Draining;
                callMethod(self->cond.get(), "notify_all");
            } else {
                // _wait()
                co_await waitFor(self.get(), &notFilling);
                if (self->state == Barrier::State::Broken || self->state == Barrier::State::Resetting)
                    raiseBroken("Abort or reset of barrier");
            }
        } catch (const PyException&) {
            --self->count;
            self->exit();
            throw;
        }
        --self->count;
        self->exit();
        result = newInt(index);
    } catch (const PyException& e) {
        error = e.exception();
    }
    co_await condExit(self.get());
    if (error) raise(std::move(error));
    co_return result;
}

Coro barrierReset(Ref<Barrier> self)
{
    co_await callMethod(self->cond.get(), "__aenter__");
    if (self->count > 0)
        self->state = Barrier::State::Resetting;
    else
        self->state = Barrier::State::Filling;
    callMethod(self->cond.get(), "notify_all");
    co_await condExit(self.get());
    co_return newRef(None());
}

Coro barrierAbort(Ref<Barrier> self)
{
    co_await callMethod(self->cond.get(), "__aenter__");
    self->state = Barrier::State::Broken;
    callMethod(self->cond.get(), "notify_all");
    co_await condExit(self.get());
    co_return newRef(None());
}

Coro awaitThenReturn(Ref<Object> awaitable)
{
    Ref<Object> r = co_await awaitable.get();
    co_return r;
}
Coro returnNone()
{
    co_return newRef(None());
}

TypeObject* barrierType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Barrier", types().object, TypeObject::BaseType, "asyncio.locks");
        type->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("Barrier", args, { "parties" }, out);
            const int64_t parties = intValue(out[0]);
            if (parties < 1) raise(types().ValueError, "parties must be > 0");
            return make<Barrier>(aio::newCondition(currentContext()), parties);
        };
        type->slots.repr = [](Object* self) -> Ref<Object> {
            const Barrier* b = asBarrier(self);
            std::string extra = Barrier::stateName(b->state);
            if (b->state != Barrier::State::Broken)
                extra += ", waiters:" + std::to_string(b->nWaiting()) + "/" + std::to_string(b->parties);
            return pyStr("<asyncio.locks.Barrier object at " + detail::addressText(self) + " [" + extra + "]>");
        };
        addMethod(type, "wait", [](Object* self, CallArgs) -> Ref<Object> {
            return barrierWait(Ref<Barrier>(asBarrier(self))).named("Barrier.wait");
        });
        addMethod(type, "reset", [](Object* self, CallArgs) -> Ref<Object> {
            return barrierReset(Ref<Barrier>(asBarrier(self))).named("Barrier.reset");
        });
        addMethod(type, "abort", [](Object* self, CallArgs) -> Ref<Object> {
            return barrierAbort(Ref<Barrier>(asBarrier(self))).named("Barrier.abort");
        });
        addMethod(type, "__aenter__", [](Object* self, CallArgs) -> Ref<Object> {
            return awaitThenReturn(callMethod(self, "wait")).named("Barrier.__aenter__");
        });
        addMethod(type, "__aexit__", [](Object*, CallArgs) -> Ref<Object> { return returnNone().named("Barrier.__aexit__"); });
        addProperty(type, "parties", [](Object* self, CallArgs) -> Ref<Object> { return newInt(asBarrier(self)->parties); });
        addProperty(type, "n_waiting", [](Object* self, CallArgs) -> Ref<Object> { return newInt(asBarrier(self)->nWaiting()); });
        addProperty(type, "broken", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asBarrier(self)->state == Barrier::State::Broken));
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace detail {
TypeObject* asyncioBarrierType() { return barrierType(); }
TypeObject* asyncioBrokenBarrierErrorType() { return brokenBarrierErrorType(); }
} // namespace detail

} // namespace loopscope
