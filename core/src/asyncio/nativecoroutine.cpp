// NativeCoroutine: C++20 coroutines speaking the send/throw protocol of Python coroutines.
#include "freelist.h"
#include "nativestate.h"

#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <mutex>
#include <string>
#include <unordered_set>

namespace loopscope {

using namespace detail::asyncioimpl;

TypeObject* detail::g_nativeCoroutineType = nullptr;

namespace {
// A body's escaping C++ exception, from unhandled_exception() to resumeBody(), which takes it right
// after resume() returns (nothing runs in between): one slot per thread instead of one per coroutine.
thread_local std::exception_ptr t_bodyError;
} // namespace

NativeCoroutine::NativeCoroutine(FrameHandle frame)
    : Object(detail::g_nativeCoroutineType ? detail::g_nativeCoroutineType : nativeCoroutineType())
    , m_frame(frame)
{
    setNeedsFinalize(true);
}

void NativeCoroutine::finalizeInstance() noexcept
{
    if (m_started || m_finished) return;
    try {
        if (RunContext* ctx = RunContext::current())
            ctx->warn("RuntimeWarning", "coroutine '" + std::string(m_qualname) + "' was never awaited", true);
    } catch (...) {
    }
}

void NativeCoroutine::setQualname(std::string_view q)
{
    static std::mutex mutex;
    static std::unordered_set<std::string> names; // node-based: the strings never move
    std::lock_guard<std::mutex> lock(mutex);
    m_qualname = names.emplace(q).first->c_str();
}

void* NativeCoroutine::Promise::operator new(size_t n)
{
    return FreeLists::allocate(n);
}

void NativeCoroutine::Promise::operator delete(void* p, size_t n) noexcept
{
    FreeLists::release(p, n);
}

NativeCoroutine::~NativeCoroutine()
{
    if (m_frame) m_frame.destroy();
}

std::string NativeCoroutine::name() const
{
    const std::string_view q = m_qualname;
    const size_t dot = q.rfind('.');
    return std::string(dot == std::string_view::npos ? q : q.substr(dot + 1));
}

std::string NativeCoroutine::repr() const
{
    return "<coroutine object " + std::string(m_qualname) + ">";
}

void NativeCoroutine::clearRefs()
{
    m_delegate = nullptr;
    m_transfer = nullptr;
    m_inIsExc = false;
    // The frame's locals may hold references too: destroying it runs their destructors.
    if (m_frame && !m_running) {
        m_frame.destroy();
        m_frame = nullptr;
        m_finished = true;
    }
}

SendResult NativeCoroutine::send(Object* value)
{
    return resume(value ? value : None(), nullptr);
}

SendResult NativeCoroutine::throwIn(Object* exc)
{
    Ref<Object> instance = isExceptionType(exc) ? call(exc) : Ref<Object>(exc);
    return resume(nullptr, instance.get());
}

SendResult NativeCoroutine::resume(Object* value, Object* exc)
{
    Ref<NativeCoroutine> keepAlive(this); // the body may drop the caller's last reference
    if (m_finished || !m_frame) raise(types().RuntimeError, "cannot reuse already awaited coroutine");
    if (m_running) raise(types().ValueError, "coroutine already executing");
    if (!m_started) {
        if (exc) {
            // Throwing into a coroutine that never ran: it closes and the exception comes straight back.
            m_finished = true;
            raise(Ref<Object>(exc));
        }
        if (value && value != None())
            raise(types().TypeError, "can't send non-None value to a just-started coroutine");
        m_started = true;
        return resumeBody();
    }
    if (m_delegate) {
        m_running = true;
        SendResult r;
        try {
            Object* d = m_delegate.get();
            if (isNativeCoroutine(d)) // `await` of a native coroutine: no slot dispatch
                r = static_cast<NativeCoroutine*>(d)->resume(exc ? nullptr : value ? value : None(), exc);
            else
                r = exc ? throwInto(d, exc) : loopscope::send(d, value);
        } catch (const PyException& e) {
            m_running = false;
            m_delegate = nullptr;
            setPendingExc(e.exception());
            return resumeBody();
        } catch (...) {
            m_running = false;
            throw;
        }
        m_running = false;
        if (r.status == SendResult::Status::Yielded) return r;
        m_delegate = nullptr;
        setResumeValue(std::move(r.value));
        return resumeBody();
    }
    if (exc)
        setPendingExc(Ref<Object>(exc));
    else
        setResumeValue(Ref<Object>(value));
    return resumeBody();
}

void NativeCoroutine::raisePendingExc()
{
    if (m_inIsExc) {
        m_inIsExc = false;
        Ref<Object> exc = std::move(m_transfer);
        raise(std::move(exc));
    }
    m_transfer = nullptr;
}

SendResult NativeCoroutine::resumeBody()
{
    m_running = true;
    m_frame.resume(); // m_transfer: the resumption value in, the yielded or returned value out
    m_running = false;
    if (m_frame.done()) {
        m_finished = true;
        m_delegate = nullptr;
        if (t_bodyError) {
            m_transfer = nullptr;
            std::exception_ptr e = std::move(t_bodyError);
            t_bodyError = nullptr;
            std::rethrow_exception(e);
        }
        SendResult r;
        r.status = SendResult::Status::Returned;
        r.value = m_transfer ? std::move(m_transfer) : newRef(None()); // the co_return value
        return r;
    }
    SendResult r;
    r.status = SendResult::Status::Yielded;
    r.value = m_transfer ? std::move(m_transfer) : newRef(None());
    return r;
}

void NativeCoroutine::close()
{
    if (m_finished || !m_started) {
        m_finished = true;
        return;
    }
    try {
        SendResult r = resume(nullptr, newException(types().GeneratorExit, std::vector<Ref<Object>> {}).get());
        if (r.status == SendResult::Status::Yielded) raise(types().RuntimeError, "coroutine ignored GeneratorExit");
    } catch (const PyException& e) {
        Object* exc = e.exception().get();
        if (!isInstance(exc, types().GeneratorExit) && !isInstance(exc, types().StopIteration)) throw;
    }
    m_finished = true;
}

// --- the promise and its awaiters -----------------------------------------------------------

Coro NativeCoroutine::Promise::get_return_object()
{
    auto frame = FrameHandle::from_promise(*this);
    Ref<NativeCoroutine> obj = make<NativeCoroutine>(frame);
    self = obj.get();
    return Coro(std::move(obj));
}

void NativeCoroutine::Promise::return_value(Ref<Object> value) noexcept
{
    self->m_transfer = std::move(value);
}

void NativeCoroutine::Promise::unhandled_exception() noexcept
{
    t_bodyError = std::current_exception();
}

void NativeCoroutine::Promise::FutureAwaiter::await_suspend(std::coroutine_handle<>) noexcept
{
    future->setBlocking(true);
    self->m_transfer = Ref<Object>(future);
}

Ref<Object> NativeCoroutine::Promise::FutureAwaiter::await_resume()
{
    self->raisePendingExc();
    if (!future->done()) raise(types().RuntimeError, "await wasn't used with future");
    return future->result();
}

bool NativeCoroutine::Promise::DelegateAwaiter::await_ready()
{
    Object* aw = awaitable.get();
    Ref<Object> iter;
    if (isNativeCoroutine(aw))
        iter = awaitable; // its __await__ is itself
    else if (aw->type()->slots.await)
        iter = aw->type()->slots.await(aw);
    else
        iter = callMethod(aw, "__await__");
    SendResult r = isNativeCoroutine(iter.get()) ? static_cast<NativeCoroutine*>(iter.get())->resume(None(), nullptr)
                                                 : loopscope::send(iter.get(), None());
    if (r.status == SendResult::Status::Returned) {
        value = std::move(r.value);
        return true;
    }
    self->m_delegate = std::move(iter);
    self->m_transfer = std::move(r.value);
    return false;
}

Ref<Object> NativeCoroutine::Promise::DelegateAwaiter::await_resume()
{
    if (value) return std::move(value);
    if (self->m_inIsExc) self->raisePendingExc();
    Ref<Object> v = std::move(self->m_transfer);
    return v ? v : newRef(None());
}

NativeCoroutine::Promise::DelegateAwaiter NativeCoroutine::Promise::await_transform(Coro&& c)
{
    return DelegateAwaiter { self, c.object(), nullptr };
}

bool NativeCoroutine::Promise::SleepAwaiter::delegateReady()
{
    DelegateAwaiter d { self, std::move(value), nullptr };
    if (d.await_ready()) {
        value = std::move(d.value);
        ready = true;
        return true;
    }
    return false;
}

Ref<Object> NativeCoroutine::Promise::SleepAwaiter::slowResume()
{
    if (ready) return std::move(value);
    if (!zero) return DelegateAwaiter { self, nullptr, nullptr }.await_resume();
    self->raisePendingExc();
    return value ? std::move(value) : newRef(None());
}

void NativeCoroutine::Promise::YieldNoneAwaiter::await_suspend(std::coroutine_handle<>) noexcept
{
    self->m_transfer = nullptr;
}

void NativeCoroutine::Promise::YieldNoneAwaiter::await_resume()
{
    self->raisePendingExc();
}

// --- the Python type ------------------------------------------------------------------------

namespace {

NativeCoroutine* asCoro(Object* self)
{
    if (!isNativeCoroutine(self)) raise(types().TypeError, "a coroutine method needs a native coroutine");
    return static_cast<NativeCoroutine*>(self);
}

Ref<Object> sendResultOrStop(SendResult r)
{
    if (r.status == SendResult::Status::Yielded) return std::move(r.value);
    raise(newException(types().StopIteration, std::vector<Ref<Object>> { r.value }));
}

} // namespace

TypeObject* nativeCoroutineType()
{
    static TypeObject* t = [] {
        TypeObject* type = types().nativeCoroutine;
        if (!type) type = newStaticType("coroutine", types().object, 0, "builtins");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asCoro(self)->repr()); };
        type->slots.await = [](Object* self) -> Ref<Object> { return newRef(self); };
        type->slots.send = [](Object* self, Object* v) { return asCoro(self)->send(v); };
        type->slots.throwExc = [](Object* self, Object* e) { return asCoro(self)->throwIn(e); };
        addMethod(type, "send", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("send", args, { "value" }, out);
            return sendResultOrStop(asCoro(self)->send(out[0]));
        });
        addMethod(type, "throw", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("throw", args, { "typ" }, out);
            return sendResultOrStop(asCoro(self)->throwIn(out[0]));
        });
        addMethod(type, "close", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("close", args, {}, {});
            asCoro(self)->close();
            return newRef(None());
        });
        addProperty(type, "__qualname__", [](Object* self, CallArgs) -> Ref<Object> {
            return pyStr(asCoro(self)->qualname());
        });
        addProperty(type, "__name__", [](Object* self, CallArgs) -> Ref<Object> { return pyStr(asCoro(self)->name()); });
        addProperty(type, "cr_running", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asCoro(self)->running()));
        });
        addProperty(type, "cr_await", [](Object* self, CallArgs) -> Ref<Object> {
            Object* a = asCoro(self)->awaiting();
            return newRef(a ? a : None());
        });
        if (type != types().nativeCoroutine) type->finalize();
        detail::g_nativeCoroutineType = type;
        return type;
    }();
    return t;
}

std::string coroutineQualname(Object* coro)
{
    if (isNativeCoroutine(coro)) return std::string(static_cast<NativeCoroutine*>(coro)->qualname());
    try {
        Ref<Object> q = getAttrOrNull(coro, internStr("__qualname__"));
        if (q && isStr(q.get())) return std::string(strView(q.get()));
    } catch (const PyException&) {
    }
    return "?";
}

} // namespace loopscope
