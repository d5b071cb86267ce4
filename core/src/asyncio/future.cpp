// Future (futures.py, 3.11): states, results, done callbacks, cancellation.
#include "formathelpers.h"
#include "freelist.h"
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <loopscope/stdlib/contextvars.h>

namespace loopscope {

using namespace detail::asyncioimpl;

const char* futureStateName(FutureState s) noexcept
{
    switch (s) {
    case FutureState::Pending: return "PENDING";
    case FutureState::Cancelled: return "CANCELLED";
    case FutureState::Finished: return "FINISHED";
    }
    return "?";
}

Future::Future(TypeObject* type, EventLoop* loop)
    : Object(type)
    , m_loop(loop)
{
    if (loop && loop->context()) m_id = static_cast<uint32_t>(loop->context()->nextFutureId());
}

Future::~Future() = default;

Ref<Future> Future::create(EventLoop* loop)
{
    Ref<Future> f = make<Future>(futureType(), loop);
    RunContext* ctx = f->context();
    if (ctx && ctx->observed()) {
        FutureEvent e = f->eventInfo();
        ctx->observers().notify([&](Observer& o) { o.futureCreated(e); });
    }
    return f;
}

void* Future::Extra::operator new(size_t n)
{
    return FreeLists::allocate(n);
}

void Future::Extra::operator delete(void* p, size_t n) noexcept
{
    FreeLists::release(p, n);
}

const std::vector<Callback>& Future::doneCallbacks() const noexcept
{
    static const std::vector<Callback> none;
    return m_extra ? m_extra->callbacks : none;
}

RunContext* Future::context() const noexcept
{
    return m_loop ? m_loop->context() : nullptr;
}

FutureEvent Future::eventInfo() const
{
    FutureEvent e;
    e.id = m_id;
    e.label = label();
    e.isTask = m_isTask;
    e.state = m_state == FutureState::Pending ? FutureEvent::State::Pending
        : m_state == FutureState::Cancelled   ? FutureEvent::State::Cancelled
                                              : FutureEvent::State::Finished;
    e.future = this;
    return e;
}

std::string Future::label() const
{
    return "Future-" + std::to_string(m_id);
}

Ref<Object> Future::result()
{
    if (m_state == FutureState::Cancelled) raise(makeCancelledError());
    if (m_state != FutureState::Finished) raise(asyncioTypes().InvalidStateError, "Result is not ready.");
    m_logTraceback = false;
    if (m_hasException) raise(m_value);
    return m_value ? m_value : newRef(None());
}

Ref<Object> Future::exception()
{
    if (m_state == FutureState::Cancelled) raise(makeCancelledError());
    if (m_state != FutureState::Finished) raise(asyncioTypes().InvalidStateError, "Exception is not set.");
    m_logTraceback = false;
    return m_hasException && m_value ? m_value : newRef(None());
}

void Future::checkStateTransition(const char*)
{
    if (m_state != FutureState::Pending)
        raise(asyncioTypes().InvalidStateError, std::string(futureStateName(m_state)) + ": " + repr());
}

void Future::setResult(Object* value)
{
    futureSetResult(value);
}

void Future::setException(Object* exc)
{
    futureSetException(exc);
}

void Future::futureSetResult(Object* value)
{
    checkStateTransition("set_result");
    m_value = Ref<Object>(value ? value : None());
    m_state = FutureState::Finished;
    scheduleCallbacks();
}

void Future::futureSetException(Object* exc)
{
    checkStateTransition("set_exception");
    Ref<Object> instance;
    if (isExceptionType(exc))
        instance = call(exc);
    else
        instance = Ref<Object>(exc);
    if (instance->type() == types().StopIteration)
        raise(types().TypeError,
              "StopIteration interacts badly with generators and cannot be raised into a Future");
    m_value = std::move(instance);
    m_hasException = true;
    m_state = FutureState::Finished;
    scheduleCallbacks();
    m_logTraceback = true;
    setNeedsFinalize(true); // __del__ may have to log it
}

void Future::finalizeInstance() noexcept
{
    if (!m_logTraceback || m_state != FutureState::Finished || !exceptionRef() || !m_loop) return;
    m_logTraceback = false;
    try {
        Ref<Object> exc(exceptionRef());
        m_loop->callExceptionHandler(type()->name() + " exception was never retrieved", exc.get(), "future", this);
    } catch (...) {
        // CPython: "Exception ignored in: <function Future.__del__>"; a finalizer never throws.
    }
}

bool Future::cancel(Object* msg)
{
    return futureCancel(msg);
}

bool Future::futureCancel(Object* msg)
{
    m_logTraceback = false;
    if (m_state != FutureState::Pending) return false;
    m_state = FutureState::Cancelled;
    if (msg && msg != None())
        extra().cancelMessage = Ref<Object>(msg);
    else if (m_extra)
        m_extra->cancelMessage = nullptr;
    scheduleCallbacks();
    return true;
}

Ref<Object> Future::makeCancelledError()
{
    if (m_extra && m_extra->cancelledExc) {
        Ref<Object> exc = std::move(m_extra->cancelledExc);
        return exc;
    }
    Ref<Object> exc = cancelMessage() ? newException(asyncioTypes().CancelledError, { Ref<Object>(cancelMessage()) })
                                      : newException(asyncioTypes().CancelledError, std::vector<Ref<Object>> {});
    return exc;
}

void Future::announceDone()
{
    RunContext* ctx = context();
    if (ctx && ctx->observed()) {
        FutureEvent e = eventInfo();
        ctx->observers().notify([&](Observer& o) { o.futureStateChanged(e); });
    }
}

void Future::scheduleCallbacks()
{
    announceDone();
    if (!m_extra || m_extra->callbacks.empty()) return;
    std::vector<Callback> callbacks = std::move(m_extra->callbacks);
    m_extra->callbacks.clear();
    for (Callback& cb : callbacks)
        scheduleCallback(std::move(cb));
}

void Future::scheduleCallback(Callback&& cb)
{
    // Native callbacks need no Handle object: the loop's native entries carry the same id and events.
    if (cb.native)
        m_loop->callSoonNative(cb.qualname ? cb.qualname : cb.name, cb.native, cb.self.get(), this);
    else
        m_loop->callSoon(std::move(cb), { Ref<Object>(this) });
}

void Future::addDoneCallback(Callback cb)
{
    if (m_state != FutureState::Pending) {
        scheduleCallback(std::move(cb));
        return;
    }
    RunContext* ctx = context();
    if (ctx && ctx->observed()) {
        CallbackEvent e { eventInfo(), cb.displayName(), {} };
        if (Task* t = cb.boundTask()) e.task = t->name();
        extra().callbacks.push_back(std::move(cb));
        ctx->observers().notify([&](Observer& o) { o.callbackAdded(e); });
        return;
    }
    extra().callbacks.push_back(std::move(cb));
}

Ref<Object> Future::doneCallbackContext(size_t index)
{
    return m_extra->callbacks[index].contextObject();
}

size_t Future::removeDoneCallback(const Callback& cb)
{
    size_t removed = 0;
    if (!m_extra) return removed;
    std::vector<Callback>& cbs = m_extra->callbacks;
    std::vector<Callback> kept;
    kept.reserve(cbs.size());
    std::vector<Callback> gone;
    for (Callback& c : cbs) {
        if (c.sameAs(cb)) {
            ++removed;
            gone.push_back(std::move(c));
        } else {
            kept.push_back(std::move(c));
        }
    }
    cbs = std::move(kept);
    RunContext* ctx = context();
    if (removed && ctx && ctx->observed()) {
        for (const Callback& c : gone) {
            CallbackEvent e { eventInfo(), c.displayName(), {} };
            ctx->observers().notify([&](Observer& o) { o.callbackRemoved(e); });
        }
    }
    return removed;
}

namespace {
std::string formatCallbacks(const std::vector<Callback>& cbs)
{
    auto one = [](const Callback& c) { return c.format(); };
    std::string s = "cb=[";
    if (cbs.size() == 1) {
        s += one(cbs[0]);
    } else if (cbs.size() == 2) {
        s += one(cbs[0]) + ", " + one(cbs[1]);
    } else if (cbs.size() > 2) {
        s += one(cbs[0]) + ", <" + std::to_string(cbs.size() - 2) + " more>, " + one(cbs.back());
    }
    return s + "]";
}
} // namespace

std::string Future::callbacksRepr() const
{
    return doneCallbacks().empty() ? std::string() : " " + formatCallbacks(doneCallbacks());
}

std::string Future::repr()
{
    std::string s = "<" + type()->name() + " ";
    switch (m_state) {
    case FutureState::Pending: s += "pending"; break;
    case FutureState::Cancelled: s += "cancelled"; break;
    case FutureState::Finished:
        s += "finished ";
        s += exceptionRef() ? "exception=" + reprText(exceptionRef())
                            : "result=" + reprlibRepr(resultRef() ? resultRef() : None());
        break;
    }
    return s + callbacksRepr() + ">";
}

void Future::clearRefs()
{
    m_loop = nullptr;
    m_value = nullptr;
    if (m_extra) {
        // The task name stays: a str holds no references, and observers may still ask for it.
        m_extra->cancelMessage = nullptr;
        m_extra->cancelledExc = nullptr;
        m_extra->context = nullptr;
        m_extra->callbacks.clear();
    }
}

void setResultUnlessCancelled(Object*, Object* const* args, size_t nargs)
{
    Future* fut = static_cast<Future*>(args[0]);
    if (fut->cancelled()) return;
    fut->setResult(nargs > 1 ? args[1] : None());
}

bool isFuture(Object* o) noexcept
{
    return o && isInstance(o, futureType());
}

// ---------------------------------------------------------------------------------------------
// The Python types.

namespace {

Future* asFuture(Object* self)
{
    if (!isFuture(self)) raise(types().TypeError, "a Future method needs a Future");
    return static_cast<Future*>(self);
}

// The await-iterator of a Future (Future.__await__): yields the future once, then its result.
struct FutureIter final : Object {
    explicit FutureIter(Future* f) : Object(futureIterType()), future(f) { }
    Ref<Future> future;
    bool yielded = false;
    void clearRefs() override { future = nullptr; }
};

SendResult futureIterSend(Object* self, Object*)
{
    auto* it = static_cast<FutureIter*>(self);
    Future* f = it->future.get();
    if (!f) return { SendResult::Status::Returned, newRef(None()) };
    if (!f->done()) {
        if (it->yielded) raise(types().RuntimeError, "await wasn't used with future");
        it->yielded = true;
        f->setBlocking(true);
        return { SendResult::Status::Yielded, Ref<Object>(f) };
    }
    Ref<Future> keep = std::move(it->future);
    return { SendResult::Status::Returned, keep->result() };
}

SendResult futureIterThrow(Object* self, Object* exc)
{
    static_cast<FutureIter*>(self)->future = nullptr;
    if (isExceptionType(exc)) raise(call(exc));
    raise(newRef(exc));
}

Ref<Object> futureAwait(Object* self)
{
    return make<FutureIter>(asFuture(self));
}

Object* optionalArg(Object* o) { return o && o != None() ? o : nullptr; }

} // namespace

TypeObject* futureIterType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("FutureIter", types().object, 0, "_asyncio");
        type->slots.send = futureIterSend;
        type->slots.throwExc = futureIterThrow;
        type->slots.iter = [](Object* self) -> Ref<Object> { return newRef(self); };
        type->slots.next = [](Object* self) -> Ref<Object> {
            SendResult r = futureIterSend(self, None());
            if (r.status == SendResult::Status::Yielded) return r.value;
            raise(newException(types().StopIteration, { r.value }));
        };
        addMethod(type, "send", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("send", args, { "value" }, out);
            SendResult r = futureIterSend(self, out[0]);
            if (r.status == SendResult::Status::Yielded) return r.value;
            raise(newException(types().StopIteration, { r.value }));
        });
        addMethod(type, "throw", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("throw", args, { "typ" }, out);
            futureIterThrow(self, out[0]);
            return newRef(None());
        });
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* futureType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Future", types().object, TypeObject::BaseType, "asyncio.futures");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asFuture(self)->repr()); };
        type->slots.await = futureAwait;
        type->slots.iter = futureAwait;
        addMethod(type, "result", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("result", args, {}, {});
            return asFuture(self)->result();
        });
        addMethod(type, "exception", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("exception", args, {}, {});
            return asFuture(self)->exception();
        });
        addMethod(type, "set_result", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_result", args, { "result" }, out);
            if (isTask(self)) raise(types().RuntimeError, "Task does not support set_result operation");
            asFuture(self)->setResult(out[0]);
            return newRef(None());
        });
        addMethod(type, "set_exception", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_exception", args, { "exception" }, out);
            if (isTask(self)) raise(types().RuntimeError, "Task does not support set_exception operation");
            asFuture(self)->setException(out[0]);
            return newRef(None());
        });
        addMethod(type, "cancel", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("cancel", args, { "msg=" }, out);
            return newRef(boolObject(asFuture(self)->cancel(optionalArg(out[0]))));
        });
        addMethod(type, "cancelled", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("cancelled", args, {}, {});
            return newRef(boolObject(asFuture(self)->cancelled()));
        });
        addMethod(type, "done", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("done", args, {}, {});
            return newRef(boolObject(asFuture(self)->done()));
        });
        addMethod(type, "get_loop", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_loop", args, {}, {});
            return Ref<Object>(asFuture(self)->loop());
        });
        addMethod(type, "add_done_callback", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[2] = {};
            parseArgs("add_done_callback", args, { "fn", "*context=" }, out);
            Future* f = asFuture(self);
            // context=None: contextvars.copy_context(), taken now.
            Ref<Object> context = optionalArg(out[1]) ? Ref<Object>(out[1])
                : f->context()                        ? captureContext(*f->context())
                                                      : Ref<Object>();
            f->addDoneCallback(Callback::python(newRef(out[0]), std::move(context)));
            return newRef(None());
        });
        addMethod(type, "remove_done_callback", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("remove_done_callback", args, { "fn" }, out);
            return newInt(int64_t(asFuture(self)->removeDoneCallback(Callback::python(newRef(out[0])))));
        });
        addMethod(type, "_make_cancelled_error", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("_make_cancelled_error", args, {}, {});
            return asFuture(self)->makeCancelledError();
        });
        addProperty(
            type, "_asyncio_future_blocking",
            [](Object* self, CallArgs) -> Ref<Object> { return newRef(boolObject(asFuture(self)->blocking())); },
            [](Object* self, CallArgs args) -> Ref<Object> {
                asFuture(self)->setBlocking(isTrue(args[0]));
                return newRef(None());
            });
        addProperty(type, "_state", [](Object* self, CallArgs) -> Ref<Object> {
            return pyStr(futureStateName(asFuture(self)->state()));
        });
        addProperty(type, "_loop", [](Object* self, CallArgs) -> Ref<Object> { return Ref<Object>(asFuture(self)->loop()); });
        addProperty(type, "_result", [](Object* self, CallArgs) -> Ref<Object> {
            Future* f = asFuture(self);
            Object* r = f->state() == FutureState::Finished ? f->resultRef() : nullptr;
            return newRef(r ? r : None());
        });
        addProperty(type, "_exception", [](Object* self, CallArgs) -> Ref<Object> {
            Object* e = asFuture(self)->exceptionRef();
            return newRef(e ? e : None());
        });
        addProperty(type, "_cancel_message", [](Object* self, CallArgs) -> Ref<Object> {
            Object* m = asFuture(self)->cancelMessage();
            return newRef(m ? m : None());
        });
        addProperty(type, "_log_traceback", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asFuture(self)->logTraceback()));
        });
        // (callback, context) pairs, as 3.11 keeps them.
        addProperty(type, "_callbacks", [](Object* self, CallArgs) -> Ref<Object> {
            Future* f = asFuture(self);
            std::vector<Ref<Object>> items;
            for (size_t i = 0; i < f->doneCallbacks().size(); ++i) {
                Ref<Object> context = f->doneCallbackContext(i);
                items.push_back(newTuple({ f->doneCallbacks()[i].object().get(), context.get() }));
            }
            return newList(std::move(items));
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace loopscope
