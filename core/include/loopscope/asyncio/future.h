#pragma once
// Future (futures.py) with 3.11 semantics: an explicit state enum whose illegal transitions are
// refused with CPython's InvalidStateError texts, done callbacks always scheduled through
// call_soon (never run inline), cancellation messages and `_make_cancelled_error`.

#include <loopscope/asyncio/handle.h>
#include <loopscope/asyncio/observer.h>
#include <loopscope/runtime/object.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace loopscope {

class EventLoop;
class RunContext;

enum class FutureState : uint8_t { Pending, Cancelled, Finished };
/// "PENDING", "CANCELLED", "FINISHED" (CPython's state strings).
const char* futureStateName(FutureState s) noexcept;

/// asyncio.Future. Task derives from it.
class Future : public Object {
public:
    /// A Future bound to `loop` (type: futureType() or a Task type).
    Future(TypeObject* type, EventLoop* loop);
    ~Future() override;

    static Ref<Future> create(EventLoop* loop);

    FutureState state() const noexcept { return m_state; }
    bool done() const noexcept { return m_state != FutureState::Pending; }
    bool cancelled() const noexcept { return m_state == FutureState::Cancelled; }
    EventLoop* loop() const noexcept { return m_loop.get(); }
    RunContext* context() const noexcept;
    uint64_t id() const noexcept { return m_id; }
    bool isTask() const noexcept { return m_isTask; }

    /// result(): the value, or raises the exception / CancelledError / InvalidStateError.
    Ref<Object> result();
    /// exception(): the exception or None; raises CancelledError when cancelled.
    Ref<Object> exception();
    /// Borrowed views for observers and the scheduler (no state change, no raising).
    Object* resultRef() const noexcept
    {
        return m_state == FutureState::Finished && !m_hasException ? m_value.get() : nullptr;
    }
    Object* exceptionRef() const noexcept { return m_hasException ? m_value.get() : nullptr; }

    void setResult(Object* value);
    /// set_exception: accepts an instance or a class (instantiated); refuses StopIteration.
    void setException(Object* exc);
    /// Future.cancel(msg): false when already done.
    virtual bool cancel(Object* msg = nullptr);
    /// _make_cancelled_error: the stored CancelledError, or a new one carrying the message.
    Ref<Object> makeCancelledError();

    void addDoneCallback(Callback cb);
    /// Removes every equal callback; returns how many.
    size_t removeDoneCallback(const Callback& cb);
    const std::vector<Callback>& doneCallbacks() const noexcept;
    /// The contextvars.Context done callback `index` will run in (`_callbacks`), made now when it
    /// is a new empty one.
    Ref<Object> doneCallbackContext(size_t index);

    /// `_asyncio_future_blocking`
    bool blocking() const noexcept { return m_blocking; }
    void setBlocking(bool b) noexcept { m_blocking = b; }
    bool logTraceback() const noexcept { return m_logTraceback; }
    void setLogTraceback(bool b) noexcept { m_logTraceback = b; }
    Object* cancelMessage() const noexcept { return m_extra ? m_extra->cancelMessage.get() : nullptr; }
    /// gather's `_cancel_requested` flag on the outer future.
    bool cancelRequested() const noexcept { return m_cancelRequested; }
    void setCancelRequested(bool b) noexcept { m_cancelRequested = b; }

    /// "Future-3" or the task's name, for observers.
    virtual std::string label() const;
    virtual std::string repr();
    /// " cb=[…]" of the reprs (empty without callbacks): base_futures._format_callbacks.
    std::string callbacksRepr() const;
    FutureEvent eventInfo() const;

    void clearRefs() override;

protected:
    /// Schedules the done callbacks (loop.call_soon(cb, self) each) and reports the state change.
    void scheduleCallbacks();
    /// loop.call_soon(cb, self)
    void scheduleCallback(Callback&& cb);
    /// Set the terminal state without the Task overrides (Task's __step uses these as super()).
    void futureSetResult(Object* value);
    void futureSetException(Object* exc);
    bool futureCancel(Object* msg);
    void checkStateTransition(const char* op);
    /// Reports a state change; Task overrides to also emit taskDone first.
    virtual void announceDone();
    /// Future.__del__: "<type> exception was never retrieved" through the loop's exception handler.
    void finalizeInstance() noexcept override;

    /// Fields most futures never use, allocated on first use (keeps a pending Task small).
    struct Extra {
        Ref<Object> cancelMessage;
        Ref<Object> cancelledExc;
        std::vector<Callback> callbacks;
        Ref<Object> taskName; // Task: a name given or asked for (else Task-N from its number)
        Ref<Object> context; // Task: its contextvars.Context (null: a new empty one, not made yet)
        int numCancelsRequested = 0; // Task: cancelling()
        static void* operator new(size_t n);
        static void operator delete(void* p, size_t n) noexcept;
    };
    Extra& extra()
    {
        if (!m_extra) m_extra.reset(new Extra);
        return *m_extra;
    }

    // State and flags sit in the object header's tail padding; the two 32-bit numbers share 8 bytes.
    FutureState m_state = FutureState::Pending;
    bool m_blocking : 1 = false;
    bool m_logTraceback : 1 = false;
    bool m_cancelRequested : 1 = false;
    bool m_isTask : 1 = false;
    bool m_mustCancel : 1 = false; // Task's _must_cancel
    bool m_hasException : 1 = false; // m_value is the exception, not the result
    uint32_t m_taskNameNumber = 0; // Task: N of "Task-N"; 0: the name is Extra::taskName
    uint32_t m_id = 0; // a run makes fewer than 2**32 futures long before its instruction budget ends
    Ref<EventLoop> m_loop;
    Ref<Object> m_value; // once done: the result or (m_hasException) the exception; a pending Task's _fut_waiter
    std::unique_ptr<Extra> m_extra;
};

/// The Python types `Future` and its await-iterator (static, made on first use).
TypeObject* futureType();
TypeObject* futureIterType();
/// True for asyncio Futures and Tasks (isfuture: has `_asyncio_future_blocking`).
bool isFuture(Object* o) noexcept;
/// `futures._set_result_unless_cancelled` as a native callback: args (future, result).
void setResultUnlessCancelled(Object* self, Object* const* args, size_t nargs);

} // namespace loopscope
