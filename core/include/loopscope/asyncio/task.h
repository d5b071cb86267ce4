#pragma once
// Task (tasks.py): a Future that drives a coroutine through send/throw, one __step per handle.
// Invariant (CPython's): either _fut_waiter is None and __step is scheduled, or _fut_waiter is
// some Future and __step is *not* scheduled.

#include <loopscope/asyncio/future.h>

#include <cstdint>
#include <exception>
#include <string>

namespace loopscope {

class Task final : public Future {
public:
    /// Task(coro, loop=loop, name=name, context=context): `name` null: "Task-N" from the run's
    /// counter; `context` is the contextvars.Context every step runs in (null: a new empty one).
    Task(EventLoop* loop, Ref<Object> coro, Object* name, Ref<Object> context);
    ~Task() override;

    /// Makes the task, reports taskCreated, registers it, then call_soon(__step). `context` null
    /// (context=None): a copy of the current Context.
    static Ref<Task> create(EventLoop* loop, Ref<Object> coro, Object* name = nullptr, Object* context = nullptr);

    Object* coro() const noexcept { return m_coro.get(); }
    std::string name() const;
    Ref<Object> nameObject() const;
    void setName(Object* name);
    /// The coroutine's __qualname__ (what the trace shows after coro=).
    std::string coroQualname() const;
    /// _fut_waiter. Kept in the result slot: a pending task has no result, a done one waits for nothing.
    Future* futWaiter() const noexcept
    {
        return m_state == FutureState::Pending ? static_cast<Future*>(m_value.get()) : nullptr;
    }
    /// `_context`: where the task's contextvars.Context is held (null: a new empty one, not made yet).
    Ref<Object>& contextSlot() { return extra().context; }
    /// The task's Context if it has one, without making room for it.
    Object* contextIfAny() const noexcept { return m_extra ? m_extra->context.get() : nullptr; }
    bool mustCancel() const noexcept { return m_mustCancel; }

    /// Task.cancel(msg): cancels the waiter, else arranges CancelledError for the next __step.
    bool cancel(Object* msg = nullptr) override;
    int cancelling() const noexcept { return m_extra ? m_extra->numCancelsRequested : 0; }
    int uncancel() noexcept;

    /// Task.__step(exc=None). Public so tests can drive it; normally scheduled by the loop.
    void step(Object* exc);
    /// Task.__wakeup(future).
    void wakeup(Future* future);

    /// "Task exception was never retrieved" when it failed unread: to the observers, then to the
    /// loop's exception handler with {'message', 'exception', 'future': self}.
    void reportUnretrieved();

    std::string label() const override;
    std::string repr() override;
    TaskEvent taskEvent() const;

    void clearRefs() override;

    // The native callbacks the loop runs (names `__step`, `__wakeup`).
    static void stepCallback(Object* self, Object* const* args, size_t nargs);
    static void wakeupCallback(Object* self, Object* const* args, size_t nargs);

protected:
    /// Task.__del__ (through Future.__del__): "Task exception was never retrieved".
    void finalizeInstance() noexcept override;

private:
    void announceDone() override;
    void notifyUnretrieved();
    /// "running at FILE:LINE" / "done, defined at FILE:LINE" (coroutines._format_coroutine) for a
    /// Python coroutine; empty for a native one.
    std::string coroState() const;
    void scheduleStep(Object* exc);
    /// __step for a caller that holds a reference to the task; step() takes one first.
    void runStep(Object* exc);
    void runStepObserved(Object* exc, RunContext* ctx);
    /// send/throw into the coroutine and act on what it did; returns what must propagate past the
    /// step (KeyboardInterrupt, SystemExit) once the observers have seen the step end.
    std::exception_ptr driveCoroutine(Object* exc, StepOutcome& outcome);
    void handleYieldOutcome(Ref<Object> yielded, StepOutcome& outcome);

    void setFutWaiter(Ref<Future> f) noexcept { m_value = std::move(f); }

    Ref<Object> m_coro;
    // The run (registry, observers) is the loop's: context(), not a field of its own.
};

TypeObject* taskType();
bool isTask(Object* o) noexcept;

/// _enter_task / _leave_task / current_task.
void enterTask(EventLoop* loop, Task* task);
void leaveTask(EventLoop* loop, Task* task);

} // namespace loopscope
