#pragma once
// RunContext: everything asyncio keeps per process in CPython (the running loop, the policy's
// loop, the task registry, the Task-N counter) plus the virtual clock and the observers, held
// per run so that two runs can coexist and nothing leaks from one run into the next.

#include <loopscope/asyncio/clock.h>
#include <loopscope/asyncio/observer.h>
#include <loopscope/runtime/object.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

class ContextScope;
class EventLoop;
class Task;

class RunContext {
public:
    /// initRuntime() must have run; objects made for this run go to Heap::current().
    RunContext();
    ~RunContext();
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    /// The context whose asyncio module is in use on this thread (set by Scope); asyncio classes
    /// constructed from Python (`asyncio.Queue()`, `asyncio.Lock()`) bind to it. May be null.
    static RunContext* current() noexcept;
    /// Makes `ctx` current for the lifetime of the scope (restores the previous one after).
    class Scope {
    public:
        explicit Scope(RunContext& ctx) noexcept;
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        RunContext* m_previous;
    };

    // --- the virtual clock, shared by every loop of the run
    double time() const noexcept { return m_clock.now(); }
    /// The clock itself, for the stdlib's time module (ModuleContext::clock).
    VirtualClock& clock() noexcept { return m_clock; }
    /// Moves the clock by `dt` (select with a timeout, time.sleep in the VM) and reports it.
    void advance(double dt);

    // --- observers
    ObserverSet& observers() noexcept { return m_observers; }
    bool observed() const noexcept { return !m_observers.empty(); }
    void attach(Observer* observer) { m_observers.attach(observer); }
    void detach(Observer* observer) { m_observers.detach(observer); }
    /// What the program writes to stdout (print): goes to the observers' output hook.
    void output(std::string_view text);
    /// An exception escaped the program's top level.
    void reportUncaught(Object* exc);
    /// Where asyncio's logger writes (CPython's logging.lastResort: sys.stderr). Unset: dropped.
    void setErrorOutput(std::function<void(std::string_view text)> sink) { m_errorOutput = std::move(sink); }
    void errorOutput(std::string_view text) const
    {
        if (m_errorOutput) m_errorOutput(text);
    }
    /// asyncio's `logger` (logging.getLogger('asyncio')) at `level` (logging's numbers: 10 DEBUG …
    /// 40 ERROR) with exc_info=`exc` (may be null). The hook hands it to the program's logging
    /// module when it has one (so a configured handler sees it, as in CPython) and returns false
    /// when it has none; then logging.lastResort's behaviour: WARNING and up to the error output.
    void setLogHandler(std::function<bool(int level, std::string_view message, Object* exc)> h)
    {
        m_logHandler = std::move(h);
    }
    void log(int level, std::string_view message, Object* exc = nullptr) const;
    /// Renders "Traceback (most recent call last): …" for an exception (the interpreter's formatter
    /// when one is set, else just "Type: message").
    void setExceptionFormatter(std::function<std::string(Object* exc)> f) { m_formatException = std::move(f); }
    std::string formatException(Object* exc) const;
    /// warnings.warn(message, category) at the running Python line (the interpreter's; unset: dropped).
    /// `aboutObject`: the warning names an object (CPython then suggests tracemalloc).
    void setWarningHandler(std::function<void(std::string_view category, std::string_view message, bool aboutObject)> h)
    {
        m_warn = std::move(h);
    }
    void warn(std::string_view category, std::string_view message, bool aboutObject) const
    {
        if (m_warn && !m_pythonCallsEnded) m_warn(category, message, aboutObject);
    }
    /// No Python code may run any more (the interpreter is going away): exception handlers set by
    /// the program are no longer called, the default handler still logs.
    void endPythonCalls() noexcept { m_pythonCallsEnded = true; }
    bool pythonCallsEnded() const noexcept { return m_pythonCallsEnded; }

    // --- per-run counters (ids never depend on addresses)
    uint64_t nextHandleId() noexcept { return ++m_handleIds; }
    uint64_t nextFutureId() noexcept { return ++m_futureIds; }
    uint64_t nextLoopId() noexcept { return ++m_loopIds; }
    uint64_t nextTaskNameNumber() noexcept { return ++m_taskNames; }

    // --- events.py: the running loop and the policy's loop
    EventLoop* runningLoop() const noexcept { return m_runningLoop; }
    void setRunningLoop(EventLoop* loop) noexcept { m_runningLoop = loop; }
    /// get_running_loop(): raises RuntimeError('no running event loop').
    EventLoop* getRunningLoop();
    /// get_event_loop(): the running loop, else the policy's (made on first use).
    EventLoop* getEventLoop();
    void setEventLoop(EventLoop* loop);
    Ref<EventLoop> newEventLoop();

    // --- tasks.py: _all_tasks (creation order, weak)
    void registerTask(Task* task) noexcept;
    void unregisterTask(Task* task) noexcept;
    /// Live tasks of `loop` (all loops when null) that are not done, in creation order.
    std::vector<Task*> allTasks(EventLoop* loop) const;
    /// Every live task in creation order, done or not.
    std::vector<Task*> liveTasks() const;

    /// End of the run: reports "Task exception was never retrieved" for failed tasks whose
    /// exception nobody read, and clears the flags so it is reported once; then closes the
    /// coroutines of tasks still pending (closePendingCoroutines).
    void finishRun();
    /// What CPython's garbage collection does to a pending task's coroutine: coro.close(), i.e.
    /// GeneratorExit thrown in at its await, in task creation order. Exceptions it raises are
    /// ignored (CPython prints "Exception ignored"). The run is over: observers see only what the
    /// coroutines print (output), nothing of the loop. `nativeOnly`: VM coroutines are left alone
    /// (no interpreter is running any more: the context's destructor).
    void closePendingCoroutines(bool nativeOnly = false);
    /// True while closePendingCoroutines() runs (the trace ends before it: TraceWriter ignores it).
    bool finalizing() const noexcept { return m_finalizing; }

    // Loops register so the context can detach them when it dies first.
    void registerLoop(EventLoop* loop);
    void unregisterLoop(EventLoop* loop) noexcept;

    // --- contextvars: the current Context, which CPython keeps in the thread state
    /// The Context outside every Context.run and Handle (null: a new empty one, not made yet).
    Ref<Object>& baseContextSlot() noexcept { return m_baseContext; }
    /// The innermost entered ContextScope (Context.run, a Handle's callback), or null.
    ContextScope* innermostContextScope() const noexcept { return m_innermostContextScope; }
    void setInnermostContextScope(ContextScope* scope) noexcept { m_innermostContextScope = scope; }

private:
    VirtualClock m_clock;
    ObserverSet m_observers;
    uint64_t m_handleIds = 0, m_futureIds = 0, m_loopIds = 0, m_taskNames = 0;
    EventLoop* m_runningLoop = nullptr;
    Ref<EventLoop> m_policyLoop;
    // _all_tasks in creation order, which is also id order. An entry is a live Task*, or a
    // tombstone `id << 1 | 1` for a freed one (kept so the ids stay searchable), compacted when
    // the dead outnumber the living. Chunked: 8 bytes a task, and no doubling.
    std::deque<uintptr_t> m_tasks;
    size_t m_deadTasks = 0;
    size_t m_taskHint = 0; // where the next unregistered task probably is (tasks tend to die in order)
    template <class F> void forEachTask(F&& f) const
    {
        for (uintptr_t e : m_tasks)
            if (!(e & 1)) f(reinterpret_cast<Task*>(e));
    }
    std::vector<EventLoop*> m_loops;
    std::function<void(std::string_view)> m_errorOutput;
    std::function<std::string(Object*)> m_formatException;
    std::function<bool(int, std::string_view, Object*)> m_logHandler;
    std::function<void(std::string_view, std::string_view, bool)> m_warn;
    ObserverSet* m_finalizingObservers = nullptr; // who hears output while finalizing
    bool m_finalizing = false;
    bool m_pythonCallsEnded = false;
    Ref<Object> m_baseContext;
    ContextScope* m_innermostContextScope = nullptr;
};

} // namespace loopscope
