#pragma once
// Handle and TimerHandle (events.py): a callback with its arguments waiting in the ready deque or
// on the timer heap. Callbacks are either Python callables or native functions that carry the
// name CPython would show (`__step`, `_set_result_unless_cancelled`, …).

#include <loopscope/runtime/object.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace loopscope {

class EventLoop;
class Task;

/// A native callback: `self` is the receiver (a Task for `__step`), args as scheduled.
using NativeCallbackFn = void (*)(Object* self, Object* const* args, size_t nargs);

/// `__name__` from a native callback's `__qualname__`: what follows the last '.'.
inline std::string_view nativeCallbackName(std::string_view qualname) noexcept
{
    const size_t dot = qualname.rfind('.');
    return dot == std::string_view::npos ? qualname : qualname.substr(dot + 1);
}

/// What a Handle or a done-callback calls: a Python callable, or a named native function.
struct Callback {
    Ref<Object> callable; ///< a Python callable (null for native callbacks)
    NativeCallbackFn native = nullptr;
    /// native: the receiver (may be null). Python: the contextvars.Context it runs in, as CPython's
    /// Handle and done-callback list keep one (null: a new empty Context). Shared: a Callback stays 40 bytes.
    Ref<Object> self;
    const char* name = nullptr; ///< native: CPython's __name__ of the function it stands for
    const char* qualname = nullptr; ///< native: its __qualname__ (`name` points into it)

    /// `context` as contextvars.copy_context() or the `context=` argument gave it (see `self`).
    static Callback python(Ref<Object> fn, Ref<Object> context = nullptr)
    {
        Callback c;
        c.callable = std::move(fn);
        c.self = std::move(context);
        return c;
    }
    /// The Context slot of a Python callback (native callbacks run in the current Context).
    Ref<Object>& context() noexcept { return self; }
    /// `qualname` is CPython's __qualname__ of the function it stands for, a literal:
    /// "Task.__wakeup", "gather.<locals>._done_callback", "_run_until_complete_cb".
    static Callback nativeFn(const char* qualname, NativeCallbackFn fn, Ref<Object> self = nullptr)
    {
        Callback c;
        c.native = fn;
        c.self = std::move(self);
        c.qualname = qualname;
        c.name = qualname;
        for (const char* p = qualname; *p; ++p)
            if (*p == '.') c.name = p + 1;
        return c;
    }
    /// Same function and receiver (remove_done_callback's `==`).
    bool sameAs(const Callback& other) const;
    /// Calls it with `args`; Python exceptions propagate as PyException.
    void invoke(Object* const* args, size_t nargs) const;
    /// `__name__` as the trace shows it (partial unwrapped, `<lambda>` …).
    std::string displayName() const;
    /// " at FILE:LINE" of a Python function (through functools.partial), or of one of asyncio's own
    /// functions when the installed CPython's sources were located, else "": what CPython's
    /// format_helpers._format_callback_source appends.
    std::string sourceLocation() const;
    /// The callback called with `args` as CPython's reprs show it (format_helpers._format_callback_source):
    /// `__qualname__`, functools.partial's arguments then `args`, then the source location.
    std::string format(const std::vector<Ref<Object>>& args = {}) const;
    /// What CPython's handle holds in `_callback`: the Python callable, or for a native callback a
    /// callable object with its __name__/__qualname__ (a bound method when it has a receiver).
    Ref<Object> object() const;
    /// The Task this callback is a bound method of, or null.
    Task* boundTask() const;
    /// The contextvars.Context it runs in, as CPython's `_context` shows it (made now when it is a
    /// new empty one): a Python callback's own, a Task's for Task.__step/__wakeup, else an empty one.
    Ref<Object> contextObject();
};

/// Where the installed CPython defines one of asyncio's own functions: `module` is its file in the
/// asyncio package ("tasks.py"), `qualname` CPython's ("gather.<locals>._done_callback").
struct AsyncioSourceLine {
    std::string file; ///< as CPython's co_filename shows it
    int line = 0;
};
using AsyncioSourceLocator
    = std::function<std::optional<AsyncioSourceLine>(std::string_view module, std::string_view qualname)>;
/// Installs the process-wide locator (the CLI and the GUI find python3's asyncio). Without one,
/// reprs leave asyncio's own callbacks without ` at FILE:LINE`. Set it before any run: a run's
/// output must not depend on when the answer arrived.
void setAsyncioSourceLocator(AsyncioSourceLocator locator);
/// Where one of asyncio's own functions or coroutines is defined, by its qualname: asks the
/// installed locator about the file of the asyncio package that holds it (no locator: nullopt).
std::optional<AsyncioSourceLine> locateAsyncioSource(std::string_view qualname);

/// events.Handle. A Python object (type `Handle`).
class Handle : public Object {
public:
    Handle(TypeObject* type, EventLoop* loop, Callback callback, std::vector<Ref<Object>> args, uint64_t id);
    ~Handle() override;

    uint64_t id() const noexcept { return m_id; }
    EventLoop* loop() const noexcept { return m_loop.get(); }
    const Callback& callback() const noexcept { return m_callback; }
    const std::vector<Ref<Object>>& args() const noexcept { return m_args; }
    bool cancelled() const noexcept { return m_cancelled; }
    bool isTimer() const noexcept { return m_timer; }

    /// Handle.cancel(); a TimerHandle still on the heap also tells the loop (_timer_handle_cancelled).
    void cancel();
    /// Handle._run: calls the callback; exceptions other than SystemExit/KeyboardInterrupt go to
    /// the loop's exception handler.
    void run();

    /// `_context`: the contextvars.Context the callback runs in (made now when it is a new empty one).
    Ref<Object> contextObject();
    std::string repr() const;
    /// "cb('a') at FILE:LINE": the callback as CPython's messages show it ("Exception in callback …").
    std::string callbackSource() const;
    void clearRefs() override;

protected:
    friend class EventLoop;
    Ref<EventLoop> m_loop;
    Callback m_callback;
    std::vector<Ref<Object>> m_args;
    uint64_t m_id;
    bool m_cancelled = false;
    bool m_timer = false;
};

/// events.TimerHandle: a Handle with a deadline; compares by `when` only.
class TimerHandle final : public Handle {
public:
    TimerHandle(EventLoop* loop, double when, Callback callback, std::vector<Ref<Object>> args, uint64_t id);

    double when() const noexcept { return m_when; }
    /// `when` as Python holds it: an int when call_at was given a whole int (repr "2", not "2.0").
    Ref<Object> whenObject() const;
    void setWhenIsInt(bool b) noexcept { m_whenIsInt = b; }
    /// True while it is on the loop's heap (CPython's `_scheduled`).
    bool scheduled() const noexcept { return m_scheduled; }

private:
    friend class EventLoop;
    double m_when;
    bool m_scheduled = false;
    bool m_whenIsInt = false;
};

/// The Python types `Handle` and `TimerHandle` (static, made on first use).
TypeObject* handleType();
TypeObject* timerHandleType();

} // namespace loopscope
