#pragma once
// EventLoop: BaseEventLoop of CPython 3.11 on a virtual clock and a virtual selector.
// _run_once is a state machine of named phases, in CPython's order:
//   purge cancelled timers -> compute timeout -> select -> process events -> move due timers
//   -> run ready (exactly the handles that were ready when the drain began, skipping cancelled)
// The loop can stop after any phase and after any single handle: run_forever is nothing but
// runUnit() in a loop, so a stepped run and a straight run produce the same events.

#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/handle.h>
#include <loopscope/asyncio/observer.h>
#include <loopscope/asyncio/readyqueue.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/selector.h>
#include <loopscope/asyncio/timerheap.h>
#include <loopscope/debug/loopstate.h>
#include <loopscope/runtime/object.h>
#include <memory>
#include <string>
#include <vector>

namespace loopscope {

class Future;
class Task;
class RunContext;

/// select(None) with nothing that could wake the loop: CPython would hang; the run ends instead.
class DeadlockError : public std::exception {
public:
    const char* what() const noexcept override { return "deadlock"; }
};

/// How far runStep() goes.
enum class Granularity : uint8_t {
    Unit, ///< the finest: one phase, or one handle of the run-ready phase
    Handle, ///< up to and including the next handle that runs (or is skipped)
    Phase, ///< to the end of the current phase (the whole drain for run-ready)
    Iteration, ///< to the end of the current _run_once
};

/// What the last runUnit() did.
enum class UnitResult : uint8_t {
    Phase, ///< a phase completed
    Handle, ///< a handle ran or was skipped (the drain goes on)
    IterationDone, ///< the run-ready phase and the iteration completed
    Stopped, ///< run_forever returned (stop() was called)
    Deadlock, ///< select(None): the run ends
    NotRunning, ///< the loop is not in run_forever
};

/// A task as a stopped loop shows it.
struct TaskSnapshot {
    TaskEvent task;
    FutureState state;
    bool failed = false;
    uint64_t awaitingId = 0;
    std::string awaiting; ///< label of _fut_waiter, or empty
    std::vector<std::string> doneCallbacks;
};

struct HeapLess {
    bool operator()(const Ref<TimerHandle>& a, const Ref<TimerHandle>& b) const noexcept
    {
        return a->when() < b->when();
    }
};

class EventLoop : public Object {
public:
    static constexpr double kMaximumSelectTimeout = 24 * 3600;
    static constexpr double kClockResolution = 1e-09;
    static constexpr size_t kMinScheduledTimerHandles = 100;
    static constexpr double kMinCancelledTimerHandlesFraction = 0.5;

    explicit EventLoop(RunContext& ctx);
    ~EventLoop() override;
    static Ref<EventLoop> create(RunContext& ctx);

    RunContext* context() const noexcept { return m_ctx; }
    /// The context died first (heap teardown after the run): the loop must not be used again.
    void detachContext() noexcept { m_ctx = nullptr; }
    uint64_t id() const noexcept { return m_id; }

    // --- scheduling (base_events.py)
    double time() const noexcept;
    Ref<Handle> callSoon(Callback cb, std::vector<Ref<Object>> args = {});
    /// call_soon for the loop's own native callbacks with at most one argument (Task.__step, done
    /// callbacks): same handle id and events as callSoon, but no Handle object until a program asks
    /// (loop._ready). `name` is CPython's __qualname__ of the callback, a literal ("Task.__step").
    void callSoonNative(const char* name, NativeCallbackFn fn, Object* self, Object* arg = nullptr);
    Ref<TimerHandle> callLater(double delay, Callback cb, std::vector<Ref<Object>> args = {});
    Ref<TimerHandle> callAt(double when, Callback cb, std::vector<Ref<Object>> args = {});
    Ref<Future> createFuture();
    /// create_task(coro, name=name, context=context); `context` null: a copy of the current Context.
    Ref<Task> createTask(Ref<Object> coro, Object* name = nullptr, Object* context = nullptr);

    // --- running
    void runForever();
    /// run_until_complete(future_or_coroutine): ensure_future, _run_until_complete_cb, run_forever.
    Ref<Object> runUntilComplete(Object* futureOrCoro);
    void stop() noexcept { m_stopping = true; }
    void close();
    bool isRunning() const noexcept { return m_running; }
    bool isClosed() const noexcept { return m_closed; }
    bool stopping() const noexcept { return m_stopping; }
    /// get_debug(): what set_debug() was given (null: False, the default without PYTHONASYNCIODEBUG).
    Object* debugFlag() const noexcept { return m_debugFlag.get(); }
    bool debug() const noexcept { return m_debug; }
    /// set_debug(enabled): in debug mode call_soon and friends check their callback and a handle
    /// that runs longer than slow_callback_duration is logged; while the loop runs, CPython also
    /// schedules _set_coroutine_origin_tracking (call_soon_threadsafe), which the trace shows.
    void setDebug(Object* enabled);
    double slowCallbackDuration() const noexcept { return m_slowCallbackDuration; }
    void setSlowCallbackDuration(double seconds) noexcept { m_slowCallbackDuration = seconds; }
    /// _check_closed(): RuntimeError('Event loop is closed').
    void checkClosed() const;

    // --- the steppable driver
    /// run_forever's prologue (checks, running loop set). Then call runUnit()/runStep().
    void beginRun();
    /// One unit: a phase, or one handle of the drain. At the end of an iteration with stop()
    /// requested, performs run_forever's epilogue and returns Stopped. Deadlock ends the run too.
    UnitResult runUnit();
    /// Runs units up to the granularity's boundary; returns the last unit's result.
    UnitResult runStep(Granularity g);
    /// Runs units until `done()` holds or the run ends.
    UnitResult runUntil(const std::function<bool()>& done);
    /// run_until_complete split in two for a driver: begin returns the future to watch.
    Ref<Future> beginRunUntilComplete(Object* futureOrCoro);
    /// Removes _run_until_complete_cb; returns result() or raises (stopped before completion…).
    Ref<Object> finishRunUntilComplete();
    /// Called after every unit while set (an engine may block here to pause a VM-driven run).
    void setUnitHook(std::function<void(EventLoop&, UnitResult)> hook) { m_unitHook = std::move(hook); }

    // --- state queries (a stopped loop)
    LoopPhase phase() const noexcept { return m_phase; }
    uint64_t iteration() const noexcept { return m_iteration; }
    bool deadlocked() const noexcept { return m_deadlocked; }
    size_t readyCount() const noexcept { return m_ready.size(); }
    size_t timerCount() const noexcept { return m_scheduled.size(); }
    size_t timerCancelledCount() const noexcept { return m_timerCancelledCount; }
    /// Handles still to run in the current drain (0 outside run-ready).
    size_t drainRemaining() const noexcept { return m_todo; }
    std::vector<HandleEvent> readySnapshot() const;
    std::vector<HandleEvent> heapSnapshot() const;
    std::vector<TaskSnapshot> taskSnapshots() const;
    const ReadyQueue& ready() const noexcept { return m_ready; }
    /// `loop._ready` as CPython holds it: one Handle per entry (the entry's own, or one made now
    /// for a native callback, as CPython's call_soon would have made it).
    std::vector<Ref<Object>> readyHandles();
    const TimerHeap<Ref<TimerHandle>, HeapLess>& scheduled() const noexcept { return m_scheduled; }

    Task* currentTask() const noexcept { return m_currentTask; }
    void setCurrentTask(Task* t) noexcept { m_currentTask = t; }
    void setSelector(std::unique_ptr<Selector> selector);

    /// loop._timer_handle_cancelled: counts cancelled timers still on the heap.
    void timerHandleCancelled(TimerHandle* handle);
    /// Tells the observers (callbackError) that a callback or task failed; the loop's exception
    /// handler is called separately (callExceptionHandler).
    void reportCallbackError(const std::string& text, Object* exc);
    /// call_exception_handler(context): the handler set by set_exception_handler, else
    /// default_exception_handler; what either raises is logged as CPython does. `handling` is the
    /// exception being handled around the call (what a custom handler raises is chained to it).
    void callExceptionHandler(Object* context, Object* handling = nullptr);
    /// call_exception_handler({'message': message, 'exception': exc, key: subject}); `exc` and
    /// `key` may be null.
    void callExceptionHandler(const std::string& message, Object* exc, const char* key, Object* subject,
                              Object* handling = nullptr);
    /// default_exception_handler(context): the message, each other key sorted as `key: repr`,
    /// and the exception's traceback, to the run's error output (logging.lastResort's format).
    void defaultExceptionHandler(Object* context);
    /// get_exception_handler() (null: None) / set_exception_handler(handler) (TypeError unless callable or None).
    Object* exceptionHandler() const noexcept { return m_exceptionHandler.get(); }
    /// loop.set_task_factory: create_task calls factory(loop, coro) instead of Task(coro).
    Object* taskFactory() const noexcept { return m_taskFactory.get(); }
    void setTaskFactory(Object* factory);
    void setExceptionHandler(Object* handler);
    /// Appends an already built handle (process events uses this; no "soon" event).
    void addReady(Ref<Handle> handle);
    /// The observer payload describing `h` (names, task, when…).
    HandleEvent handleEvent(const Handle* h) const;
    /// The same for a ready entry (a Handle or a native entry).
    HandleEvent entryEvent(const ReadyEntry& e) const;

    std::string repr() const;
    void clearRefs() override;

    /// `_run_until_complete_cb` as a native callback: args (future).
    static void runUntilCompleteCb(Object* self, Object* const* args, size_t nargs);

private:
    void checkRunning() const;
    void endRun();
    // The phases of _run_once, in order.
    void beginIteration();
    void purgeCancelledTimers();
    void computeTimeout();
    bool selectPhase(); ///< false: deadlock (the run has ended)
    void processEvents();
    void moveDueTimers();
    void runOneReady();
    void runEntry(const ReadyEntry& entry);
    /// Debug mode's drain step: the handle is timed and logged when it was slow.
    void runEntryTimed(const ReadyEntry& entry);
    /// runUnit() for run_forever / run_until_complete, which run to the end anyway.
    UnitResult runUnitOrDrain();
    void runNativeEntry(const ReadyEntry& e);
    /// A native callback raised: report it like CPython's Handle._run (called inside the catch).
    void nativeCallbackFailed(const ReadyEntry& e, Object* exc);
    Ref<Handle> handleOf(const ReadyEntry& e);
    [[gnu::noinline]] void notifyNativeScheduled();
    UnitResult endIteration();
    void finishRunUntilCompleteQuietly() noexcept;
    // Phase bookkeeping is on every iteration's path: the observer check is inline, the rest is not.
    void enterPhase(LoopPhase p)
    {
        m_phase = p;
        if (m_observed) notifyPhase(true);
    }
    void leavePhase()
    {
        if (m_observed) notifyPhase(false);
    }
    void notifyPhase(bool begin);
    void pushTimer(Ref<TimerHandle> timer);
    Ref<TimerHandle> popTimer(std::vector<HeapMove>* moves);

    enum class Stage : uint8_t { Idle, Purge, ComputeTimeout, Select, ProcessEvents, MoveDue, RunReady };

    RunContext* m_ctx;
    uint64_t m_id;
    ReadyQueue m_ready;
    TimerHeap<Ref<TimerHandle>, HeapLess> m_scheduled;
    size_t m_timerCancelledCount = 0;
    std::unique_ptr<Selector> m_selector;
    SelectResult m_events;
    bool m_hasTimeout = false;
    double m_timeout = 0.0;
    bool m_stopping = false;
    bool m_closed = false;
    bool m_running = false;
    bool m_deadlocked = false;
    bool m_debug = false;
    bool m_unitRanHandle = false;
    bool m_observed = false; // the context's observers were non-empty when this unit began
    Stage m_stage = Stage::Idle;
    LoopPhase m_phase = LoopPhase::Idle;
    uint64_t m_iteration = 0;
    size_t m_todo = 0;
    Task* m_currentTask = nullptr;
    Ref<Object> m_debugFlag; // set_debug's argument, or null (False)
    double m_slowCallbackDuration = 0.1;
    Ref<Object> m_exceptionHandler; // set_exception_handler's callable, or null (None)
    Ref<Object> m_taskFactory; // set_task_factory's callable, or null (None)
    Ref<Future> m_untilFuture; // run_until_complete's future while a driver runs it
    bool m_untilNewTask = false;
    std::function<void(EventLoop&, UnitResult)> m_unitHook;
};

// Inline: every Task.__step and done callback is scheduled through it.
inline void EventLoop::callSoonNative(const char* name, NativeCallbackFn fn, Object* self, Object* arg)
{
    if (m_closed) checkClosed();
    m_ready.pushNative(name, fn, self, arg, m_ctx->nextHandleId());
    if (m_ctx->observed()) notifyNativeScheduled();
}

TypeObject* eventLoopType();

} // namespace loopscope
