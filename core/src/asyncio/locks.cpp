// locks.py (3.11.7): Lock, Event, Semaphore, BoundedSemaphore, Condition.
#include "loopbound.h"
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* lockType();
TypeObject* eventType();
TypeObject* semaphoreType();
TypeObject* boundedSemaphoreType();
TypeObject* conditionType();

// --- Lock -----------------------------------------------------------------------------------

class Lock final : public LoopBound {
public:
    explicit Lock(RunContext& ctx) : LoopBound(lockType(), ctx) { }
    bool locked = false;
    std::deque<Ref<Future>> waiters;

    void release()
    {
        if (!locked) raise(types().RuntimeError, "Lock is not acquired.");
        locked = false;
        wakeUpFirst();
    }
    void wakeUpFirst()
    {
        if (waiters.empty()) return;
        Future* fut = waiters.front().get();
        if (!fut->done()) fut->setResult(True());
    }
    std::string repr() const
    {
        std::string extra = locked ? "locked" : "unlocked";
        if (!waiters.empty()) extra += ", waiters:" + std::to_string(waiters.size());
        return "<asyncio.locks.Lock object at " + detail::addressText(const_cast<Lock*>(this)) + " [" + extra + "]>";
    }
    void clearRefs() override
    {
        LoopBound::clearRefs();
        waiters.clear();
    }
};

Coro lockAcquire(Ref<Lock> self)
{
    bool allCancelled = true;
    for (const Ref<Future>& w : self->waiters)
        if (!w->cancelled()) allCancelled = false;
    if (!self->locked && allCancelled) {
        self->locked = true;
        co_return newRef(True());
    }
    Ref<Future> fut = self->getLoop()->createFuture();
    self->waiters.push_back(fut);
    bool cancelled = false;
    Ref<Object> error;
    try {
        co_await fut;
    } catch (const PyException& e) {
        error = e.exception();
        cancelled = isCancelledError(error.get());
    }
    removeWaiter(self->waiters, fut.get()); // the inner finally
    if (error) {
        if (cancelled && !self->locked) self->wakeUpFirst();
        raise(std::move(error));
    }
    self->locked = true;
    co_return newRef(True());
}

// --- Event ----------------------------------------------------------------------------------

class Event final : public LoopBound {
public:
    explicit Event(RunContext& ctx) : LoopBound(eventType(), ctx) { }
    bool value = false;
    std::deque<Ref<Future>> waiters;

    void set()
    {
        if (value) return;
        value = true;
        for (const Ref<Future>& fut : std::deque<Ref<Future>>(waiters))
            if (!fut->done()) fut->setResult(True());
    }
    std::string repr() const
    {
        std::string extra = value ? "set" : "unset";
        if (!waiters.empty()) extra += ", waiters:" + std::to_string(waiters.size());
        return "<asyncio.locks.Event object at " + detail::addressText(const_cast<Event*>(this)) + " [" + extra + "]>";
    }
    void clearRefs() override
    {
        LoopBound::clearRefs();
        waiters.clear();
    }
};

Coro eventWait(Ref<Event> self)
{
    if (self->value) co_return newRef(True());
    Ref<Future> fut = self->getLoop()->createFuture();
    self->waiters.push_back(fut);
    struct Finally {
        Event* e;
        Future* f;
        ~Finally() { removeWaiter(e->waiters, f); }
    } fin { self.get(), fut.get() };
    co_await fut;
    co_return newRef(True());
}

// --- Semaphore ------------------------------------------------------------------------------

class Semaphore final : public LoopBound {
public:
    Semaphore(RunContext& ctx, int64_t v, bool isBounded)
        : LoopBound(isBounded ? boundedSemaphoreType() : semaphoreType(), ctx)
        , value(v)
        , bound(v)
        , bounded(isBounded)
    {
    }
    int64_t value;
    int64_t bound;
    bool bounded;
    std::deque<Ref<Future>> waiters;

    bool locked() const
    {
        if (value == 0) return true;
        for (const Ref<Future>& w : waiters)
            if (!w->cancelled()) return true;
        return false;
    }
    void release()
    {
        if (bounded && value >= bound) raise(types().ValueError, "BoundedSemaphore released too many times");
        ++value;
        wakeUpNext();
    }
    void wakeUpNext()
    {
        for (const Ref<Future>& fut : waiters) {
            if (!fut->done()) {
                --value;
                fut->setResult(True());
                return;
            }
        }
    }
    std::string repr() const
    {
        std::string extra = locked() ? "locked" : "unlocked, value:" + std::to_string(value);
        if (!waiters.empty()) extra += ", waiters:" + std::to_string(waiters.size());
        return std::string("<asyncio.locks.") + (bounded ? "BoundedSemaphore" : "Semaphore") + " object at "
            + detail::addressText(const_cast<Semaphore*>(this)) + " [" + extra + "]>";
    }
    void clearRefs() override
    {
        LoopBound::clearRefs();
        waiters.clear();
    }
};

Coro semaphoreAcquire(Ref<Semaphore> self)
{
    if (!self->locked()) {
        --self->value;
        co_return newRef(True());
    }
    Ref<Future> fut = self->getLoop()->createFuture();
    self->waiters.push_back(fut);
    Ref<Object> error;
    try {
        co_await fut;
    } catch (const PyException& e) {
        error = e.exception();
    }
    removeWaiter(self->waiters, fut.get());
    if (error) {
        if (isCancelledError(error.get()) && !fut->cancelled()) {
            ++self->value;
            self->wakeUpNext();
        }
        raise(std::move(error));
    }
    if (self->value > 0) self->wakeUpNext();
    co_return newRef(True());
}

// --- Condition ------------------------------------------------------------------------------

class Condition final : public LoopBound {
public:
    Condition(RunContext& ctx, Ref<Object> l) : LoopBound(conditionType(), ctx), lock(std::move(l)) { }
    Ref<Object> lock;
    std::deque<Ref<Future>> waiters;

    bool locked() { return isTrue(callMethod(lock.get(), "locked").get()); }
    void notify(size_t n)
    {
        if (!locked()) raise(types().RuntimeError, "cannot notify on un-acquired lock");
        size_t idx = 0;
        for (const Ref<Future>& fut : std::deque<Ref<Future>>(waiters)) {
            if (idx >= n) break;
            if (!fut->done()) {
                ++idx;
                fut->setResult(False());
            }
        }
    }
    void clearRefs() override
    {
        LoopBound::clearRefs();
        lock = nullptr;
        waiters.clear();
    }
};

Coro conditionWait(Ref<Condition> self)
{
    if (!self->locked()) raise(types().RuntimeError, "cannot wait on un-acquired lock");
    callMethod(self->lock.get(), "release");
    Ref<Object> error;
    try {
        Ref<Future> fut = self->getLoop()->createFuture();
        self->waiters.push_back(fut);
        struct Finally {
            Condition* c;
            Future* f;
            ~Finally() { removeWaiter(c->waiters, f); }
        } fin { self.get(), fut.get() };
        co_await fut;
    } catch (const PyException& e) {
        error = e.exception();
    }
    // The outer finally: re-acquire, remembering cancellations that arrive meanwhile.
    bool cancelled = false;
    for (;;) {
        bool again = false;
        try {
            co_await callMethod(self->lock.get(), "acquire");
        } catch (const PyException& e) {
            if (!isCancelledError(e.exception().get())) throw;
            cancelled = true;
            again = true;
        }
        if (!again) break;
    }
    if (cancelled) raise(newException(asyncioTypes().CancelledError, std::vector<Ref<Object>> {}));
    if (error) raise(std::move(error));
    co_return newRef(True());
}

Coro conditionWaitFor(Ref<Condition> self, Ref<Object> predicate)
{
    Ref<Object> result = call(predicate.get());
    while (!isTrue(result.get())) {
        co_await conditionWait(self).named("Condition.wait");
        result = call(predicate.get());
    }
    co_return result;
}

// Async context manager glue: __aenter__ awaits acquire() and returns None, __aexit__ releases.
Coro acquireThenNone(Ref<Object> acquireCoro)
{
    co_await acquireCoro.get();
    co_return newRef(None());
}
Coro returnNone()
{
    co_return newRef(None());
}

template <class T>
T* as(Object* self, TypeObject* type)
{
    if (!self || !isInstance(self, type)) raise(types().TypeError, "descriptor requires a '" + type->name() + "' object");
    return static_cast<T*>(self);
}

void addAsyncContextManager(TypeObject* type)
{
    addMethod(type, "__aenter__", [](Object* self, CallArgs) -> Ref<Object> {
        return acquireThenNone(callMethod(self, "acquire")).named("_ContextManagerMixin.__aenter__");
    });
    addMethod(type, "__aexit__", [](Object* self, CallArgs) -> Ref<Object> {
        callMethod(self, "release");
        return returnNone().named("_ContextManagerMixin.__aexit__");
    });
}

TypeObject* lockType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Lock", types().object, TypeObject::BaseType, "asyncio.locks");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(as<Lock>(self, lockType())->repr()); };
        addMethod(type, "acquire", [](Object* self, CallArgs) -> Ref<Object> {
            return lockAcquire(Ref<Lock>(as<Lock>(self, lockType()))).named("Lock.acquire");
        });
        addMethod(type, "release", [](Object* self, CallArgs) -> Ref<Object> {
            as<Lock>(self, lockType())->release();
            return newRef(None());
        });
        addMethod(type, "locked", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(as<Lock>(self, lockType())->locked));
        });
        addAsyncContextManager(type);
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* eventType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Event", types().object, TypeObject::BaseType, "asyncio.locks");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(as<Event>(self, eventType())->repr()); };
        addMethod(type, "wait", [](Object* self, CallArgs) -> Ref<Object> {
            return eventWait(Ref<Event>(as<Event>(self, eventType()))).named("Event.wait");
        });
        addMethod(type, "set", [](Object* self, CallArgs) -> Ref<Object> {
            as<Event>(self, eventType())->set();
            return newRef(None());
        });
        addMethod(type, "clear", [](Object* self, CallArgs) -> Ref<Object> {
            as<Event>(self, eventType())->value = false;
            return newRef(None());
        });
        addMethod(type, "is_set", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(as<Event>(self, eventType())->value));
        });
        type->finalize();
        return type;
    }();
    return t;
}

void fillSemaphore(TypeObject* type)
{
    type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(as<Semaphore>(self, semaphoreType())->repr()); };
    addMethod(type, "acquire", [](Object* self, CallArgs) -> Ref<Object> {
        return semaphoreAcquire(Ref<Semaphore>(as<Semaphore>(self, semaphoreType()))).named("Semaphore.acquire");
    });
    addMethod(type, "release", [](Object* self, CallArgs) -> Ref<Object> {
        as<Semaphore>(self, semaphoreType())->release();
        return newRef(None());
    });
    addMethod(type, "locked", [](Object* self, CallArgs) -> Ref<Object> {
        return newRef(boolObject(as<Semaphore>(self, semaphoreType())->locked()));
    });
    // CPython's counter is a plain attribute that lectures print to show the permits left.
    addProperty(type, "_value", [](Object* self, CallArgs) -> Ref<Object> {
        return newInt(as<Semaphore>(self, semaphoreType())->value);
    });
    addAsyncContextManager(type);
}

TypeObject* semaphoreType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Semaphore", types().object, TypeObject::BaseType, "asyncio.locks");
        fillSemaphore(type);
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* boundedSemaphoreType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("BoundedSemaphore", semaphoreType(), TypeObject::BaseType, "asyncio.locks");
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* conditionType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Condition", types().object, TypeObject::BaseType, "asyncio.locks");
        addMethod(type, "wait", [](Object* self, CallArgs) -> Ref<Object> {
            return conditionWait(Ref<Condition>(as<Condition>(self, conditionType()))).named("Condition.wait");
        });
        addMethod(type, "wait_for", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("wait_for", args, { "predicate" }, out);
            return conditionWaitFor(Ref<Condition>(as<Condition>(self, conditionType())), newRef(out[0]))
                .named("Condition.wait_for");
        });
        addMethod(type, "notify", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("notify", args, { "n=" }, out);
            as<Condition>(self, conditionType())->notify(out[0] ? size_t(intValue(out[0])) : 1);
            return newRef(None());
        });
        addMethod(type, "notify_all", [](Object* self, CallArgs) -> Ref<Object> {
            auto* c = as<Condition>(self, conditionType());
            c->notify(c->waiters.size());
            return newRef(None());
        });
        addMethod(type, "locked", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(as<Condition>(self, conditionType())->locked()));
        });
        addMethod(type, "acquire", [](Object* self, CallArgs) -> Ref<Object> {
            return callMethod(as<Condition>(self, conditionType())->lock.get(), "acquire");
        });
        addMethod(type, "release", [](Object* self, CallArgs) -> Ref<Object> {
            return callMethod(as<Condition>(self, conditionType())->lock.get(), "release");
        });
        addAsyncContextManager(type);
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace aio {

Ref<Object> newLock(RunContext& ctx) { return make<Lock>(ctx); }
Ref<Object> newEvent(RunContext& ctx) { return make<Event>(ctx); }
Ref<Object> newSemaphore(RunContext& ctx, int64_t value, bool bounded)
{
    if (value < 0) raise(types().ValueError, "Semaphore initial value must be >= 0");
    return make<Semaphore>(ctx, value, bounded);
}
Ref<Object> newCondition(RunContext& ctx, Object* lock)
{
    Ref<Object> l = lock && lock != None() ? Ref<Object>(lock) : newLock(ctx);
    return make<Condition>(ctx, std::move(l));
}

} // namespace aio

namespace detail {
/// Python-visible constructors for the module.
TypeObject* asyncioLockType() { return lockType(); }
TypeObject* asyncioEventType() { return eventType(); }
TypeObject* asyncioSemaphoreType() { return semaphoreType(); }
TypeObject* asyncioBoundedSemaphoreType() { return boundedSemaphoreType(); }
TypeObject* asyncioConditionType() { return conditionType(); }
} // namespace detail

} // namespace loopscope
