// Handle and TimerHandle (events.py).
#include "nativestate.h"

#include "formathelpers.h"

#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/handle.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <loopscope/stdlib/contextvars.h>

#include <mutex>

namespace loopscope {

using namespace detail::asyncioimpl;

bool Callback::sameAs(const Callback& other) const
{
    if (native || other.native) return native == other.native && self.get() == other.self.get();
    if (!callable || !other.callable) return false;
    return callable.get() == other.callable.get() || equals(callable.get(), other.callable.get());
}

void Callback::invoke(Object* const* args, size_t nargs) const
{
    if (native) {
        native(self.get(), args, nargs);
        return;
    }
    CallArgs ca;
    ca.items = args;
    ca.nargs = nargs;
    call(callable.get(), ca);
}

std::string Callback::displayName() const
{
    if (native) return name ? name : "?";
    if (!callable) return "None";
    try {
        return callableName(callable.get(), UnnamedCallable::TypeName);
    } catch (const PyException&) {
        return "?";
    }
}

namespace {
AsyncioSourceLocator g_locator; // set once, before runs (setAsyncioSourceLocator)
std::mutex g_locatorMutex;

// A qualname with a class part ("Task.__wakeup", not "gather.<locals>._done_callback"): a native
// callback with one is a bound method, which has no source (_get_function_source locates functions).
bool isMethodQualname(std::string_view qualname)
{
    const size_t dot = qualname.rfind('.');
    return dot != std::string_view::npos && !qualname.substr(0, dot).ends_with(".<locals>");
}

// The file of the asyncio package that defines a native callback or coroutine, by its qualname.
const char* asyncioFileOf(std::string_view qualname)
{
    const std::string_view owner = qualname.substr(0, qualname.find('.'));
    for (std::string_view lock : { "Lock", "Event", "Semaphore", "Condition", "Barrier", "_ContextManagerMixin" })
        if (owner == lock) return "locks.py";
    if (owner == "Queue") return "queues.py";
    if (owner == "BaseEventLoop" || owner == "_run_until_complete_cb") return "base_events.py";
    if (owner == "_set_result_unless_cancelled") return "futures.py";
    if (owner == "TaskGroup") return "taskgroups.py";
    if (owner == "Timeout") return "timeouts.py";
    return "tasks.py"; // sleep, wait, wait_for, _release_waiter, the closures of gather, shield, as_completed …
}
} // namespace

void setAsyncioSourceLocator(AsyncioSourceLocator locator)
{
    std::lock_guard lock(g_locatorMutex);
    g_locator = std::move(locator);
}

std::optional<AsyncioSourceLine> locateAsyncioSource(std::string_view qualname)
{
    std::lock_guard lock(g_locatorMutex);
    if (!g_locator) return std::nullopt;
    return g_locator(asyncioFileOf(qualname), qualname);
}

std::string Callback::sourceLocation() const
{
    if (native) {
        if (!qualname || isMethodQualname(qualname)) return {};
        const std::optional<AsyncioSourceLine> at = locateAsyncioSource(qualname);
        return at ? " at " + at->file + ":" + std::to_string(at->line) : std::string();
    }
    if (!callable) return {};
    try {
        Ref<Object> fn = callable;
        while (fn->type()->name() == "partial") {
            Ref<Object> inner = getAttrOrNull(fn.get(), internStr("func"));
            if (!inner) return {};
            fn = inner;
        }
        if (fn->type() != types().function) return {}; // bound methods and builtins have no source
        Ref<Object> code = getAttrOrNull(fn.get(), internStr("__code__"));
        if (!code) return {};
        Ref<Object> file = getAttr(code.get(), "co_filename");
        Ref<Object> line = getAttr(code.get(), "co_firstlineno");
        return " at " + strText(file.get()) + ":" + strText(line.get());
    } catch (const PyException&) {
        return {};
    }
}

std::string Callback::format(const std::vector<Ref<Object>>& args) const
{
    std::string s;
    if (native)
        s = std::string(qualname ? qualname : name ? name : "?") + formatArgs(args);
    else if (callable)
        s = formatPythonCallback(callable.get(), args);
    else
        s = "None" + formatArgs(args);
    return s + sourceLocation();
}

namespace {
/// A native callback as the Python object CPython's handle would hold in `_callback`: a bound
/// method (Task.__step) or a function (_run_until_complete_cb), callable, with its names.
class NativeCallbackObject final : public Object {
public:
    explicit NativeCallbackObject(Callback c);
    Callback cb;
    bool isMethod() const noexcept { return cb.self && cb.qualname && isMethodQualname(cb.qualname); }
    void clearRefs() override { cb.self = nullptr; }
};

NativeCallbackObject* asNativeCallback(Object* o) { return static_cast<NativeCallbackObject*>(o); }

TypeObject* nativeCallbackType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("method", types().object, 0, "builtins");
        type->slots.call = [](Object* self, CallArgs args) -> Ref<Object> {
            asNativeCallback(self)->cb.invoke(args.items, args.nargs);
            return newRef(None());
        };
        type->slots.repr = [](Object* self) -> Ref<Object> {
            NativeCallbackObject* o = asNativeCallback(self);
            const std::string qualname = o->cb.qualname ? o->cb.qualname : "?";
            if (o->isMethod()) return pyStr("<bound method " + qualname + " of " + reprText(o->cb.self.get()) + ">");
            return pyStr("<function " + qualname + " at " + detail::addressText(self) + ">");
        };
        addProperty(type, "__name__", [](Object* self, CallArgs) -> Ref<Object> {
            return pyStr(asNativeCallback(self)->cb.displayName());
        });
        addProperty(type, "__qualname__", [](Object* self, CallArgs) -> Ref<Object> {
            const char* q = asNativeCallback(self)->cb.qualname;
            return pyStr(q ? q : "?");
        });
        addProperty(type, "__self__", [](Object* self, CallArgs) -> Ref<Object> {
            NativeCallbackObject* o = asNativeCallback(self);
            return o->isMethod() ? o->cb.self : newRef(None());
        });
        type->finalize();
        return type;
    }();
    return t;
}

NativeCallbackObject::NativeCallbackObject(Callback c)
    : Object(nativeCallbackType())
    , cb(std::move(c))
{
}
} // namespace

Ref<Object> Callback::object() const
{
    if (!native) return callable ? callable : newRef(None());
    return make<NativeCallbackObject>(*this);
}

Ref<Object> Callback::contextObject()
{
    if (!native) return Ref<Object>(contextIn(context()));
    // Task.__step and Task.__wakeup run in the task's Context.
    if (Task* task = boundTask()) return Ref<Object>(contextIn(task->contextSlot()));
    // asyncio's other callbacks never read a ContextVar, so Loopscope keeps no copy of the Context
    // CPython captured for them: an empty one stands in.
    Ref<Object> empty;
    contextIn(empty);
    return empty;
}

Task* Callback::boundTask() const
{
    if (native) return isTask(self.get()) ? static_cast<Task*>(self.get()) : nullptr;
    if (!callable) return nullptr;
    const TypeObject* t = callable->type();
    if (t != types().method && t != types().builtinFunction) return nullptr;
    try {
        Ref<Object> bound = getAttrOrNull(callable.get(), internStr("__self__"));
        if (bound && isTask(bound.get())) return static_cast<Task*>(bound.get());
    } catch (const PyException&) {
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------

Handle::Handle(TypeObject* type, EventLoop* loop, Callback callback, std::vector<Ref<Object>> args, uint64_t id)
    : Object(type)
    , m_loop(loop)
    , m_callback(std::move(callback))
    , m_args(std::move(args))
    , m_id(id)
{
}

Handle::~Handle() = default;

void Handle::cancel()
{
    if (m_cancelled) return;
    if (m_timer && m_loop) m_loop->timerHandleCancelled(static_cast<TimerHandle*>(this));
    m_cancelled = true;
    // CPython drops _callback/_args here; we keep them so a cancelled handle still shows its name.
}

void Handle::run()
{
    Object* stackArgs[8];
    std::vector<Object*> heapArgs;
    Object** args = stackArgs;
    if (m_args.size() > 8) {
        heapArgs.resize(m_args.size());
        args = heapArgs.data();
    }
    for (size_t i = 0; i < m_args.size(); ++i) args[i] = m_args[i].get();
    try {
        if (m_callback.native) {
            m_callback.invoke(args, m_args.size());
        } else {
            // Handle._run: self._context.run(self._callback, *self._args)
            ContextScope inContext(m_loop ? m_loop->context() : nullptr, m_callback.context());
            m_callback.invoke(args, m_args.size());
        }
    } catch (const PyException& e) {
        Object* exc = e.exception().get();
        if (isInstance(exc, types().SystemExit) || isInstance(exc, types().KeyboardInterrupt)) throw;
        if (m_loop) {
            Ref<Handle> self(this); // the handler may drop the last reference elsewhere
            m_loop->reportCallbackError("Exception in callback " + repr(), exc);
            m_loop->callExceptionHandler("Exception in callback " + callbackSource(), exc, "handle", this, exc);
        }
    }
}

Ref<Object> Handle::contextObject()
{
    return m_callback.contextObject();
}

std::string Handle::repr() const
{
    std::string s = "<";
    s += m_timer ? "TimerHandle" : "Handle";
    if (m_cancelled) s += " cancelled";
    if (m_timer) s += " when=" + reprText(static_cast<const TimerHandle*>(this)->whenObject().get());
    // Handle.cancel() drops the callback and its arguments: a cancelled handle shows neither.
    if (!m_cancelled) s += " " + callbackSource();
    return s + ">";
}

std::string Handle::callbackSource() const
{
    return m_callback.format(m_args);
}

void Handle::clearRefs()
{
    m_callback = Callback();
    m_args.clear();
    m_loop = nullptr;
}

TimerHandle::TimerHandle(EventLoop* loop, double when, Callback callback, std::vector<Ref<Object>> args, uint64_t id)
    : Handle(timerHandleType(), loop, std::move(callback), std::move(args), id)
    , m_when(when)
{
    m_timer = true;
}

Ref<Object> TimerHandle::whenObject() const
{
    return m_whenIsInt ? newInt(static_cast<int64_t>(m_when)) : newFloat(m_when);
}

// ---------------------------------------------------------------------------------------------
// The Python types.

namespace {
Handle* asHandle(Object* self)
{
    if (!self || !isInstance(self, handleType())) raise(types().TypeError, "descriptor requires a 'Handle' object");
    return static_cast<Handle*>(self);
}

Ref<Object> handleRepr(Object* self) { return pyStr(static_cast<Handle*>(self)->repr()); }

Ref<Object> timerCompare(Object* a, Object* b, CompareOp op)
{
    if (!isInstance(b, timerHandleType())) return newRef(NotImplemented());
    const double x = static_cast<TimerHandle*>(a)->when(), y = static_cast<TimerHandle*>(b)->when();
    bool r = false;
    switch (op) {
    case CompareOp::Lt: r = x < y; break;
    case CompareOp::Le: r = x < y || a == b || x == y; break;
    case CompareOp::Gt: r = x > y; break;
    case CompareOp::Ge: r = x > y || x == y; break;
    case CompareOp::Eq: r = a == b || x == y; break;
    case CompareOp::Ne: r = !(a == b || x == y); break;
    }
    return newRef(boolObject(r));
}
} // namespace

TypeObject* handleType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Handle", types().object, TypeObject::BaseType, "asyncio.events");
        type->slots.repr = handleRepr;
        addMethod(type, "cancel", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("cancel", args, {}, {});
            asHandle(self)->cancel();
            return newRef(None());
        });
        addMethod(type, "cancelled", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("cancelled", args, {}, {});
            return newRef(boolObject(asHandle(self)->cancelled()));
        });
        addProperty(type, "_context", [](Object* self, CallArgs) -> Ref<Object> {
            return asHandle(self)->contextObject();
        });
        addProperty(type, "_callback", [](Object* self, CallArgs) -> Ref<Object> {
            return asHandle(self)->callback().object();
        });
        addProperty(type, "_args", [](Object* self, CallArgs) -> Ref<Object> { return newTuple(asHandle(self)->args()); });
        addProperty(type, "_cancelled", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asHandle(self)->cancelled()));
        });
        addProperty(type, "_loop", [](Object* self, CallArgs) -> Ref<Object> {
            EventLoop* loop = asHandle(self)->loop();
            return loop ? Ref<Object>(loop) : newRef(None());
        });
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* timerHandleType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("TimerHandle", handleType(), TypeObject::BaseType, "asyncio.events");
        type->slots.repr = handleRepr;
        type->slots.richcompare = timerCompare;
        addMethod(type, "when", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("when", args, {}, {});
            return static_cast<TimerHandle*>(asHandle(self))->whenObject();
        });
        addProperty(type, "_when", [](Object* self, CallArgs) -> Ref<Object> {
            return static_cast<TimerHandle*>(asHandle(self))->whenObject();
        });
        addProperty(type, "_scheduled", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(static_cast<TimerHandle*>(asHandle(self))->scheduled()));
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace loopscope
