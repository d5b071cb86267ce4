#pragma once
// Future (futures.py) with 3.11 semantics: an explicit state enum whose illegal transitions are
// refused with CPython's InvalidStateError texts, done callbacks always scheduled through
// call_soon (never run inline), cancellation messages and `_make_cancelled_error`.

#include <loopscope/asyncio/handle.h>
#include <loopscope/asyncio/observer.h>
#include <loopscope/runtime/object.h>

#include <cstdint>
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
    Object* resultRef() const noexcept { return m_result.get(); }
    Object* exceptionRef() const noexcept { return m_exception.get(); }

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
    const std::vector<Callback>& doneCallbacks() const noexcept { return m_callbacks; }

    /// `_asyncio_future_blocking`
    bool blocking() const noexcept { return m_blocking; }
    void setBlocking(bool b) noexcept { m_blocking = b; }
    bool logTraceback() const noexcept { return m_logTraceback; }
    void setLogTraceback(bool b) noexcept { m_logTraceback = b; }
    Object* cancelMessage() const noexcept { return m_cancelMessage.get(); }
    /// gather's `_cancel_requested` flag on the outer future.
    bool cancelRequested() const noexcept { return m_cancelRequested; }
    void setCancelRequested(bool b) noexcept { m_cancelRequested = b; }

    /// "Future-3" or the task's name, for observers.
    virtual std::string label() const;
    virtual std::string repr();
    FutureEvent eventInfo() const;

    void clearRefs() override;

protected:
    /// Schedules the done callbacks (loop.call_soon(cb, self) each) and reports the state change.
    void scheduleCallbacks();
    /// Set the terminal state without the Task overrides (Task's __step uses these as super()).
    void futureSetResult(Object* value);
    void futureSetException(Object* exc);
    bool futureCancel(Object* msg);
    void checkStateTransition(const char* op);
    /// Reports a state change; Task overrides to also emit taskDone first.
    virtual void announceDone();

    FutureState m_state = FutureState::Pending;
    bool m_blocking = false;
    bool m_logTraceback = false;
    bool m_cancelRequested = false;
    bool m_isTask = false;
    Ref<EventLoop> m_loop;
    Ref<Object> m_result;
    Ref<Object> m_exception;
    Ref<Object> m_cancelMessage;
    Ref<Object> m_cancelledExc;
    std::vector<Callback> m_callbacks;
    uint64_t m_id = 0;
};

/// The Python types `Future` and its await-iterator (static, made on first use).
TypeObject* futureType();
TypeObject* futureIterType();
/// True for asyncio Futures and Tasks (isfuture: has `_asyncio_future_blocking`).
bool isFuture(Object* o) noexcept;
/// `futures._set_result_unless_cancelled` as a native callback: args (future, result).
void setResultUnlessCancelled(Object* self, Object* const* args, size_t nargs);

} // namespace loopscope
