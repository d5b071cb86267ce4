#pragma once
// NativeCoroutine: a C++20 coroutine that is a Python coroutine object. Its body can
//   co_await a Future        -> yields the future with _asyncio_future_blocking set, then result()
//   co_await any awaitable   -> delegates send/throw to it, exactly like `yield from`
//   co_await yieldNone()     -> a bare `yield` (what sleep(0) does)
//   co_return Ref<Object>    -> StopIteration(value) for the caller
// Exceptions thrown into it surface as PyException at the co_await. The asyncio API's
// coroutines are written with it, so users see CPython's qualnames (`sleep`, `Queue.get` …).

#include <loopscope/asyncio/future.h>
#include <loopscope/runtime/object.h>
#include <loopscope/runtime/runtime.h>

#include <coroutine>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

namespace loopscope {

class Coro;
namespace aio {
class Sleep;
}

/// The Python object of a native coroutine (type: types().nativeCoroutine).
class NativeCoroutine final : public Object {
public:
    struct Promise;
    using FrameHandle = std::coroutine_handle<Promise>;

    explicit NativeCoroutine(FrameHandle frame);
    ~NativeCoroutine() override;

    std::string_view qualname() const noexcept { return m_qualname; }
    /// `__name__`: the last component of the qualname.
    std::string name() const;
    /// `q` must have static storage duration (a literal): it is kept, not copied.
    void setQualnameStatic(const char* q) noexcept { m_qualname = q; }
    /// Any string: interned for the process (qualnames are few).
    void setQualname(std::string_view q);
    bool running() const noexcept { return m_running; }
    bool started() const noexcept { return m_started; }
    bool finished() const noexcept { return m_finished; }
    /// What it is delegating to (`yield from` target), or null.
    Object* awaiting() const noexcept { return m_delegate.get(); }

    /// coro.send(value)
    SendResult send(Object* value);
    /// coro.throw(exc)
    SendResult throwIn(Object* exc);
    /// send(None) when `exc` is null, else throw(exc) of an exception instance (Task.__step's fast
    /// path). The caller holds a reference to the coroutine for the call.
    SendResult sendOrThrow(Object* exc)
    {
        // Suspended at its own awaiter and resumed with None: the awaiter reads an empty slot as None.
        if (!exc && m_started && !m_running && !m_finished && !m_delegate) return resumeBody();
        return exc ? resume(nullptr, exc) : resume(None(), nullptr);
    }
    /// coro.close(): throws GeneratorExit into a started coroutine.
    void close();

    std::string repr() const;
    void clearRefs() override;

    // --- used by the awaiters
    struct Promise {
        NativeCoroutine* self = nullptr;
        /// Frames are recycled through a per-thread free list (sleep(0) makes one per switch).
        static void* operator new(size_t n);
        static void operator delete(void* p, size_t n) noexcept;
        Coro get_return_object();
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_value(Ref<Object> value) noexcept;
        void unhandled_exception() noexcept;

        struct FutureAwaiter {
            NativeCoroutine* self;
            Future* future;
            bool await_ready() const noexcept { return future->done(); }
            void await_suspend(std::coroutine_handle<>) noexcept;
            Ref<Object> await_resume();
        };
        struct DelegateAwaiter {
            NativeCoroutine* self;
            Ref<Object> awaitable;
            Ref<Object> value;
            bool await_ready();
            void await_suspend(std::coroutine_handle<>) noexcept { }
            Ref<Object> await_resume();
        };
        struct YieldNoneAwaiter {
            NativeCoroutine* self;
            bool await_ready() const noexcept { return false; }
            void await_suspend(std::coroutine_handle<>) noexcept;
            void await_resume();
        };

        /// `co_await aio::sleep(ctx, delay, result)`: what the `sleep` coroutine would do, without
        /// making it when delay <= 0 (one bare yield, then `result`); else it delegates to it.
        struct SleepAwaiter {
            NativeCoroutine* self;
            Ref<Object> value; // zero: the result (null: None); else the sleep coroutine, or its value when it returned at once
            bool zero;
            bool ready = false;
            bool await_ready() { return zero ? false : delegateReady(); }
            void await_suspend(std::coroutine_handle<>) noexcept
            {
                if (zero) self->m_transfer = nullptr;
            }
            Ref<Object> await_resume()
            {
                if (!zero || ready || self->m_inIsExc) return slowResume();
                self->m_transfer = nullptr;
                return value ? std::move(value) : Ref<Object>(None());
            }
            bool delegateReady();
            Ref<Object> slowResume();
        };
        /// Defined in asyncioapi.h, where aio::Sleep is complete.
        inline SleepAwaiter await_transform(aio::Sleep&& s);

        template <class T>
        auto await_transform(const Ref<T>& r)
        {
            if constexpr (std::is_base_of_v<Future, T>)
                return FutureAwaiter { self, r.get() };
            else
                return DelegateAwaiter { self, Ref<Object>(r), nullptr };
        }
        FutureAwaiter await_transform(Future* f) { return { self, f }; }
        DelegateAwaiter await_transform(Object* o) { return { self, Ref<Object>(o), nullptr }; }
        DelegateAwaiter await_transform(Coro&& c);
        struct YieldNone { };
        YieldNoneAwaiter await_transform(YieldNone) { return { self }; }
    };

protected:
    /// _PyGen_Finalize: dropped before its first step, it warns "coroutine '…' was never awaited".
    void finalizeInstance() noexcept override;

private:
    friend struct Promise;
    SendResult resume(Object* value, Object* exc);
    SendResult resumeBody();

    // The flags first: they fill the object header's tail padding.
    bool m_started : 1 = false;
    bool m_running : 1 = false;
    bool m_finished : 1 = false;
    bool m_inIsExc : 1 = false;
    FrameHandle m_frame;
    const char* m_qualname = ""; // static storage: a literal or an interned copy
    Ref<Object> m_delegate; // the awaitable being delegated to
    // Crosses the suspension point both ways: in, what the awaiter returns (or, m_inIsExc, raises);
    // out, what the body yielded or returned. The awaiter consumes the one before the body writes
    // the other, so one slot holds both.
    Ref<Object> m_transfer;
    /// The awaiter's exception for the next resumption.
    void setPendingExc(Ref<Object> exc) noexcept
    {
        m_transfer = std::move(exc);
        m_inIsExc = true;
    }
    void setResumeValue(Ref<Object> value) noexcept
    {
        m_transfer = std::move(value);
        m_inIsExc = false;
    }
    /// Raises the pending exception, if any (clearing it); else clears the resumption value.
    void raisePendingExc();
};

/// The return type of native coroutine functions: `Coro f(...) { co_await …; co_return v; }`.
class Coro {
public:
    using promise_type = NativeCoroutine::Promise;

    explicit Coro(Ref<NativeCoroutine> obj) : m_obj(std::move(obj)) { }
    /// Sets `__qualname__` (CPython's spelling: "sleep", "Queue.get", "main"); a literal is kept
    /// as is, so naming costs nothing on hot paths.
    Coro&& named(const char* qualname) &&
    {
        m_obj->setQualnameStatic(qualname);
        return std::move(*this);
    }
    Coro&& named(const std::string& qualname) &&
    {
        m_obj->setQualname(qualname);
        return std::move(*this);
    }
    Ref<NativeCoroutine> coroutine() const { return m_obj; }
    Ref<Object> object() const { return Ref<Object>(m_obj); }
    operator Ref<Object>() const { return object(); }

private:
    Ref<NativeCoroutine> m_obj;
};

/// `co_await yieldNone()`: a bare yield (the task reschedules its __step with call_soon).
inline NativeCoroutine::Promise::YieldNone yieldNone() noexcept { return {}; }

/// The type native coroutines have (slots send/throw/await/repr filled on first use).
TypeObject* nativeCoroutineType();
namespace detail {
/// nativeCoroutineType() once it is set up (no native coroutine exists before that), else null.
extern TypeObject* g_nativeCoroutineType;
} // namespace detail
/// True for native coroutines; iscoroutine() also accepts the VM's coroutine type. Inline: Task.__step
/// asks on every step.
inline bool isNativeCoroutine(const Object* o) noexcept
{
    return o && detail::g_nativeCoroutineType && o->type() == detail::g_nativeCoroutineType;
}
/// `__qualname__` of a coroutine object of any kind ("?" when it has none).
std::string coroutineQualname(Object* coro);

} // namespace loopscope
