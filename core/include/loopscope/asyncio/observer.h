#pragma once
// Observer: optional hooks, in the spirit of Trio's Instrument, that the loop, its handles,
// futures and tasks call as things happen. Every hook does nothing by default; payloads carry
// counter ids, names and plain values (never pointer values), so a recorder can store them and a
// GUI can copy them into snapshots. The objects are reachable for observers that want more.

#include <loopscope/debug/loopstate.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

class Handle;
class Future;
class Task;
class EventLoop;

/// One step of a heap operation (see HeapMoveSink): Lifted/Placed use `from` only.
struct HeapMove {
    enum class Kind : uint8_t { Lifted, Moved, Placed };
    Kind kind = Kind::Moved;
    size_t from = 0;
    size_t to = 0;
};

/// A Handle or TimerHandle as the trace names it.
struct HandleEvent {
    uint64_t loopId = 0;
    uint64_t id = 0; ///< per-run handle counter
    std::string callback; ///< `__step`, `say`, `<lambda>` …
    std::string task; ///< name of the Task the callback is a bound method of, or empty
    std::string argTask; ///< name of the Task passed as first argument, or empty
    uint64_t taskId = 0; ///< id of `task`, 0 when none
    bool timer = false;
    double when = 0.0;
    bool cancelled = false;
    size_t heapIndex = 0; ///< timers: where it settled (pushed), 0 (due), its index (snapshots); 0 for cancel
    std::vector<HeapMove> moves; ///< timers: sift moves of the push/pop that produced the event
    const Handle* handle = nullptr;
};

struct IterationEvent {
    uint64_t loopId = 0;
    uint64_t n = 0; ///< 1-based count of _run_once calls of this loop
    size_t ready = 0;
    size_t timers = 0;
};

struct TaskEvent {
    uint64_t id = 0;
    std::string name; ///< Task-1 …
    std::string coro; ///< the coroutine's __qualname__
    const Task* task = nullptr;
};

/// How one __step ended.
struct StepOutcome {
    enum class Kind : uint8_t {
        Suspended, ///< parked on a future (awaitingId/awaiting say which)
        BareYield, ///< `yield` None: __step rescheduled with call_soon
        BadYield, ///< a RuntimeError was scheduled into the task (bad yield, other loop, itself)
        Returned, ///< the coroutine returned (the task is done or cancelled)
        Raised, ///< the coroutine raised (the task is done)
    };
    Kind kind = Kind::Suspended;
    uint64_t awaitingId = 0; ///< the future's or task's id
    std::string awaiting; ///< "Task-2", "Future-3" …
};

struct TaskDoneEvent {
    enum class Kind : uint8_t { Result, Cancelled, Exception };
    TaskEvent task;
    Kind kind = Kind::Result;
    std::string exceptionType; ///< for Exception
    std::string detail; ///< repr of the result, or the exception's str
};

struct FutureEvent {
    uint64_t id = 0;
    std::string label; ///< "Future-3" or the task's name
    bool isTask = false;
    enum class State : uint8_t { Pending, Cancelled, Finished } state = State::Pending;
    const Future* future = nullptr;
};

struct CallbackEvent {
    FutureEvent future;
    std::string callback; ///< the done callback's name
    std::string task; ///< the Task it is a bound method of, or empty
};

/// A line about to execute in the VM (the VM calls ObserverSet::line()).
struct LineEvent {
    uint64_t taskId = 0; ///< 0 outside any task
    std::string_view function;
    std::string_view filename;
    int line = 0;
};

struct ErrorEvent {
    std::string type; ///< exception class name
    std::string message; ///< str(exc)
    std::string context; ///< "Task exception was never retrieved", "Exception in callback say()" …
    uint64_t taskId = 0;
};

/// Optional hooks; override what you need. A hook that throws detaches its observer.
class Observer {
public:
    virtual ~Observer() = default;
    /// Shown in the report when this observer throws and is detached.
    virtual std::string observerName() const { return "observer"; }

    virtual void beforeIteration(const IterationEvent&) { }
    virtual void afterIteration(const IterationEvent&) { }
    virtual void beforePhase(uint64_t loopId, LoopPhase) { }
    virtual void afterPhase(uint64_t loopId, LoopPhase) { }

    virtual void handleScheduled(const HandleEvent&) { } ///< call_soon appended it to the ready deque
    virtual void handleSkipped(const HandleEvent&) { } ///< a cancelled handle popped and not run
    virtual void beforeHandle(const HandleEvent&) { }
    virtual void afterHandle(const HandleEvent&) { }

    virtual void timerPushed(const HandleEvent&) { } ///< heapIndex: where it settled
    virtual void timerDue(const HandleEvent&) { } ///< popped from the heap to the ready deque
    virtual void timerCancelled(const HandleEvent&) { } ///< cancelled while on the heap
    /// Cancelled timers dropped: `bulk` true for the rebuild + heapify path (moves: the heapify).
    virtual void timersPurged(uint64_t loopId, size_t count, bool bulk, const std::vector<HeapMove>& moves) { }

    virtual void select(uint64_t loopId, bool hasTimeout, double timeout) { }
    virtual void clockMoved(double oldTime, double newTime) { }
    virtual void deadlock(uint64_t loopId) { }
    virtual void loopStarted(uint64_t loopId) { } ///< run_forever begins
    virtual void loopStopped(uint64_t loopId) { } ///< run_forever returns

    virtual void taskCreated(const TaskEvent&) { }
    virtual void beforeTaskStep(const TaskEvent&) { }
    virtual void afterTaskStep(const TaskEvent&, const StepOutcome&) { }
    virtual void taskDone(const TaskDoneEvent&) { } ///< before its done callbacks are scheduled

    virtual void futureCreated(const FutureEvent&) { }
    virtual void futureStateChanged(const FutureEvent&) { }
    virtual void callbackAdded(const CallbackEvent&) { }
    virtual void callbackRemoved(const CallbackEvent&) { }

    virtual void output(std::string_view text) { } ///< what the program wrote to stdout
    virtual void line(const LineEvent&) { }
    virtual void uncaughtError(const ErrorEvent&) { } ///< an exception escaped the top level
    virtual void callbackError(const ErrorEvent&) { } ///< the loop's default exception handler
    virtual void exceptionNeverRetrieved(const ErrorEvent&) { }
    virtual void observerFailed(std::string_view name, std::string_view message) { }
};

/// The observers of one run. Dispatch catches what a hook throws, detaches that observer and
/// reports it to the others; the loop goes on.
class ObserverSet {
public:
    void attach(Observer* observer);
    void detach(Observer* observer);
    /// Check this before building any payload: with no observer, hooks cost one branch.
    bool empty() const noexcept { return m_observers.empty(); }
    size_t size() const noexcept { return m_observers.size(); }

    /// Calls `f(observer)` on each attached observer.
    template <class F>
    void notify(F&& f)
    {
        ++m_depth;
        for (size_t i = 0; i < m_observers.size(); ++i) {
            Observer* o = m_observers[i];
            if (!o) continue;
            try {
                f(*o);
            } catch (const std::exception& e) {
                failed(i, e.what());
            } catch (...) {
                failed(i, "unknown exception");
            }
        }
        if (--m_depth == 0 && m_dirty) settle();
    }

    /// The VM calls this before each line (cheap when nobody listens).
    void line(const LineEvent& e)
    {
        if (!empty()) notify([&](Observer& o) { o.line(e); });
    }

private:
    void failed(size_t index, std::string message);
    // After the outermost dispatch: drop detached entries, then report failures to the rest.
    void settle();

    struct Failure {
        std::string name, message;
    };
    std::vector<Observer*> m_observers; // null entries are detached ones awaiting compaction
    std::vector<Failure> m_failures;
    int m_depth = 0;
    bool m_dirty = false;
};

} // namespace loopscope
