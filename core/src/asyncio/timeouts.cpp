// timeouts.py (3.11.7): Timeout, timeout(), timeout_at(); taskgroups.py: TaskGroup.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/runtime/typeobject.h>

#include <cmath>
#include <cstdio>
#include <optional>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* timeoutType();
TypeObject* taskGroupType();

// --- Timeout --------------------------------------------------------------------------------

class Timeout final : public Object {
public:
    enum class State : uint8_t { Created, Entered, Expiring, Expired, Exited };
    Timeout(RunContext& ctx, std::optional<double> when) : Object(timeoutType()), m_ctx(&ctx), when(when) { }

    RunContext* m_ctx;
    State state = State::Created;
    std::optional<double> when;
    Ref<Handle> handler;
    Ref<Task> task;
    int cancelling = 0;

    static const char* stateValue(State s)
    {
        switch (s) {
        case State::Created: return "created";
        case State::Entered: return "active";
        case State::Expiring: return "expiring";
        case State::Expired: return "expired";
        case State::Exited: return "finished";
        }
        return "?";
    }
    void reschedule(std::optional<double> w)
    {
        if (state != State::Entered) {
            if (state == State::Created) raise(types().RuntimeError, "Timeout has not been entered");
            raise(types().RuntimeError, std::string("Cannot change state of ") + stateValue(state) + " Timeout");
        }
        when = w;
        if (handler) handler->cancel();
        if (!w) {
            handler = nullptr;
            return;
        }
        EventLoop* loop = m_ctx->getRunningLoop();
        const Callback cb = Callback::nativeFn("Timeout._on_timeout", &Timeout::onTimeout, Ref<Object>(this));
        if (*w <= loop->time())
            handler = loop->callSoon(cb);
        else
            handler = Ref<Handle>(loop->callAt(*w, cb).get());
    }
    static void onTimeout(Object* self, Object* const*, size_t)
    {
        auto* t = static_cast<Timeout*>(self);
        t->task->cancel();
        t->state = State::Expiring;
        t->handler = nullptr;
    }
    std::string repr() const
    {
        std::string info;
        if (state == State::Entered) {
            if (when) {
                // round(when, 3), shown as Python shows floats
                info = " when=" + strText(newFloat(std::round(*when * 1000.0) / 1000.0).get());
            } else {
                info = " when=None";
            }
        }
        return std::string("<Timeout [") + stateValue(state) + "]" + info + ">";
    }
    void clearRefs() override
    {
        handler = nullptr;
        task = nullptr;
    }
};

Coro timeoutEnter(Ref<Timeout> self)
{
    if (self->state != Timeout::State::Created) raise(types().RuntimeError, "Timeout has already been entered");
    EventLoop* loop = self->m_ctx->getRunningLoop();
    Task* task = loop->currentTask();
    if (!task) raise(types().RuntimeError, "Timeout should be used inside a task");
    self->state = Timeout::State::Entered;
    self->task = Ref<Task>(task);
    self->cancelling = task->cancelling();
    self->reschedule(self->when);
    co_return Ref<Object>(self);
}

Coro timeoutExit(Ref<Timeout> self, Ref<Object> excType, Ref<Object> exc)
{
    if (self->handler) {
        self->handler->cancel();
        self->handler = nullptr;
    }
    if (self->state == Timeout::State::Expiring) {
        self->state = Timeout::State::Expired;
        if (self->task->uncancel() <= self->cancelling && excType.get() == asyncioTypes().CancelledError) {
            Ref<Object> te = newException(types().TimeoutError, std::vector<Ref<Object>> {});
            setExceptionCause(te.get(), exc.get());
            raise(std::move(te));
        }
    } else if (self->state == Timeout::State::Entered) {
        self->state = Timeout::State::Exited;
    }
    co_return newRef(None());
}

Timeout* asTimeout(Object* self)
{
    if (!self || self->type() != timeoutType()) raise(types().TypeError, "descriptor requires a 'Timeout' object");
    return static_cast<Timeout*>(self);
}

std::optional<double> optionalTime(Object* o)
{
    if (!o || o == None()) return std::nullopt;
    return toDouble(o);
}

TypeObject* timeoutType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Timeout", types().object, 0, "asyncio.timeouts");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asTimeout(self)->repr()); };
        addMethod(type, "when", [](Object* self, CallArgs) -> Ref<Object> {
            auto w = asTimeout(self)->when;
            return w ? newFloat(*w) : newRef(None());
        });
        addMethod(type, "reschedule", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("reschedule", args, { "when" }, out);
            asTimeout(self)->reschedule(optionalTime(out[0]));
            return newRef(None());
        });
        addMethod(type, "expired", [](Object* self, CallArgs) -> Ref<Object> {
            auto s = asTimeout(self)->state;
            return newRef(boolObject(s == Timeout::State::Expiring || s == Timeout::State::Expired));
        });
        addMethod(type, "__aenter__", [](Object* self, CallArgs) -> Ref<Object> {
            return timeoutEnter(Ref<Timeout>(asTimeout(self))).named("Timeout.__aenter__");
        });
        addMethod(type, "__aexit__", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[3] = {};
            parseArgs("__aexit__", args, { "exc_type", "exc_val", "exc_tb" }, out);
            return timeoutExit(Ref<Timeout>(asTimeout(self)), newRef(out[0]), newRef(out[1])).named("Timeout.__aexit__");
        });
        type->finalize();
        return type;
    }();
    return t;
}

// --- TaskGroup ------------------------------------------------------------------------------

class TaskGroup final : public Object {
public:
    explicit TaskGroup(RunContext& ctx) : Object(taskGroupType()), m_ctx(&ctx) { }

    RunContext* m_ctx;
    bool entered = false, exiting = false, aborting = false, parentCancelRequested = false;
    Ref<EventLoop> loop;
    Ref<Task> parentTask;
    std::vector<Ref<Task>> tasks; // the set, kept in insertion order
    std::vector<Ref<Object>> errors;
    Ref<Object> baseError;
    Ref<Future> onCompletedFut;

    static bool isBaseError(Object* exc)
    {
        return isInstance(exc, types().SystemExit) || isInstance(exc, types().KeyboardInterrupt);
    }
    std::string repr() const
    {
        std::string info;
        if (!tasks.empty()) info += " tasks=" + std::to_string(tasks.size());
        if (!errors.empty()) info += " errors=" + std::to_string(errors.size());
        if (aborting)
            info += " cancelling";
        else if (entered)
            info += " entered";
        return "<TaskGroup" + info + ">";
    }
    void abort()
    {
        aborting = true;
        for (const Ref<Task>& t : std::vector<Ref<Task>>(tasks))
            if (!t->done()) t->cancel();
    }
    Ref<Task> createTask(Ref<Object> coro, Object* name, Object* context)
    {
        if (!entered) raise(types().RuntimeError, "TaskGroup " + repr() + " has not been entered");
        if (exiting && tasks.empty()) raise(types().RuntimeError, "TaskGroup " + repr() + " is finished");
        if (aborting) raise(types().RuntimeError, "TaskGroup " + repr() + " is shutting down");
        // TaskGroup.create_task makes the task with its Task-N name, then renames it (3.11).
        Ref<Task> task = loop->createTask(std::move(coro), nullptr, context);
        if (name && name != None()) task->setName(name);
        task->addDoneCallback(Callback::nativeFn("TaskGroup._on_task_done", &TaskGroup::onTaskDone, Ref<Object>(this)));
        tasks.push_back(task);
        return task;
    }
    static void onTaskDone(Object* self, Object* const* args, size_t)
    {
        auto* g = static_cast<TaskGroup*>(self);
        Task* task = static_cast<Task*>(args[0]);
        for (auto it = g->tasks.begin(); it != g->tasks.end(); ++it)
            if (it->get() == task) {
                g->tasks.erase(it);
                break;
            }
        if (g->onCompletedFut && g->tasks.empty() && !g->onCompletedFut->done()) g->onCompletedFut->setResult(True());
        if (task->cancelled()) return;
        Ref<Object> exc = task->exception();
        if (exc.get() == None()) return;
        g->errors.push_back(exc);
        if (isBaseError(exc.get()) && !g->baseError) g->baseError = exc;
        if (g->parentTask->done()) {
            const std::string message = "Task " + task->repr() + " has errored out but its parent task "
                + g->parentTask->repr() + " is already completed";
            g->loop->reportCallbackError(message, exc.get());
            g->loop->callExceptionHandler(message, exc.get(), "task", task);
            return;
        }
        if (!g->aborting && !g->parentCancelRequested) {
            g->abort();
            g->parentCancelRequested = true;
            g->parentTask->cancel();
        }
    }
    void clearRefs() override
    {
        loop = nullptr;
        parentTask = nullptr;
        tasks.clear();
        errors.clear();
        baseError = nullptr;
        onCompletedFut = nullptr;
    }
};

Coro taskGroupEnter(Ref<TaskGroup> self)
{
    if (self->entered) raise(types().RuntimeError, "TaskGroup " + self->repr() + " has already been entered");
    if (!self->loop) self->loop = Ref<EventLoop>(self->m_ctx->getRunningLoop());
    Task* parent = self->loop->currentTask();
    if (!parent) raise(types().RuntimeError, "TaskGroup " + self->repr() + " cannot determine the parent task");
    self->parentTask = Ref<Task>(parent);
    self->entered = true;
    co_return Ref<Object>(self);
}

Coro taskGroupExit(Ref<TaskGroup> self, Ref<Object> et, Ref<Object> exc)
{
    self->exiting = true;
    const bool hasExc = exc && exc.get() != None();
    if (hasExc && TaskGroup::isBaseError(exc.get()) && !self->baseError) self->baseError = exc;
    Ref<Object> propagateCancellation = et.get() == asyncioTypes().CancelledError ? exc : nullptr;
    if (self->parentCancelRequested) {
        if (self->parentTask->uncancel() == 0) propagateCancellation = nullptr;
    }
    if (et && et.get() != None() && !self->aborting) self->abort();
    while (!self->tasks.empty()) {
        if (!self->onCompletedFut) self->onCompletedFut = self->loop->createFuture();
        try {
            co_await self->onCompletedFut;
        } catch (const PyException& e) {
            if (!isCancelledError(e.exception().get())) throw;
            if (!self->aborting) {
                propagateCancellation = e.exception();
                self->abort();
            }
        }
        self->onCompletedFut = nullptr;
    }
    if (self->baseError) raise(self->baseError);
    if (propagateCancellation && self->errors.empty()) raise(propagateCancellation);
    if (et && et.get() != None() && et.get() != asyncioTypes().CancelledError) self->errors.push_back(exc);
    if (!self->errors.empty()) {
        Ref<Object> list = newList(std::move(self->errors));
        self->errors.clear();
        Ref<Object> me = call(types().BaseExceptionGroup, { pyStr("unhandled errors in a TaskGroup").get(), list.get() });
        setExceptionCause(me.get(), None());
        raise(std::move(me));
    }
    co_return newRef(None());
}

TaskGroup* asTaskGroup(Object* self)
{
    if (!self || self->type() != taskGroupType()) raise(types().TypeError, "descriptor requires a 'TaskGroup' object");
    return static_cast<TaskGroup*>(self);
}

TypeObject* taskGroupType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("TaskGroup", types().object, TypeObject::BaseType, "asyncio.taskgroups");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asTaskGroup(self)->repr()); };
        addMethod(type, "create_task", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[3] = {};
            parseArgs("create_task", args, { "coro", "*name=", "*context=" }, out);
            return asTaskGroup(self)->createTask(newRef(out[0]), nullIfNone(out[1]), nullIfNone(out[2]));
        });
        addMethod(type, "__aenter__", [](Object* self, CallArgs) -> Ref<Object> {
            return taskGroupEnter(Ref<TaskGroup>(asTaskGroup(self))).named("TaskGroup.__aenter__");
        });
        addMethod(type, "__aexit__", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[3] = {};
            parseArgs("__aexit__", args, { "et", "exc", "tb" }, out);
            return taskGroupExit(Ref<TaskGroup>(asTaskGroup(self)), newRef(out[0]), newRef(out[1])).named("TaskGroup.__aexit__");
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace aio {

Ref<Object> timeout(RunContext& ctx, std::optional<double> delay)
{
    std::optional<double> when;
    if (delay) when = ctx.getRunningLoop()->time() + *delay;
    return make<Timeout>(ctx, when);
}

Ref<Object> timeoutAt(RunContext& ctx, std::optional<double> when)
{
    return make<Timeout>(ctx, when);
}

Ref<Object> newTaskGroup(RunContext& ctx)
{
    return make<TaskGroup>(ctx);
}

} // namespace aio

namespace detail {
TypeObject* asyncioTimeoutType() { return timeoutType(); }
TypeObject* asyncioTaskGroupType() { return taskGroupType(); }
} // namespace detail

} // namespace loopscope
