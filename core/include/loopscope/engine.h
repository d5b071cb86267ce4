#pragma once
// Engine: the composition root of one scenario run. It owns the run's heap, RunContext, module
// context and interpreter, compiles the source, runs it as __main__, and reports how the run
// ended to the observers exactly as the CPython tracer does (docs/scenarios.md).

#include <loopscope/asyncio/observer.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

class Object;
class EventLog;

/// Where a VM coroutine/generator object stands, for a debugger (CPython's cr_frame.f_lineno).
struct SuspendedFrame {
    std::string function; ///< co_name
    std::string filename;
    int line = 0; ///< the suspension line; the `def` line before the first step; 0 when finished
    bool started = false;
    bool finished = true;
};
/// Describes `coroutine` when it is a coroutine, generator or async generator of the VM (else nullopt-like: finished).
SuspendedFrame suspendedFrame(const Object* coroutine) noexcept;

struct EngineOptions {
    /// `_run_once` calls allowed over all loops of the run; the next one ends it with BudgetExceeded.
    uint64_t maxIterations = 100000;
    /// VM instructions allowed without the event loop getting control back (0: unlimited).
    uint64_t instructionBudget = 50'000'000;
    /// sys.getrecursionlimit(): Python frames allowed on the stack.
    int recursionLimit = 1000;
    /// Report the locals of the frame with each line event (see Engine::setLocalsSink).
    bool captureLocals = false;
    /// sys.argv; empty means { filename }.
    std::vector<std::string> argv;
};

/// One evaluation of a watch expression (see Engine::setWatches).
struct WatchValue {
    size_t watch = 0; ///< index into the expressions given to setWatches
    std::string function; ///< the frame whose locals were visible (co_name), empty for the module globals alone
    std::string repr; ///< repr(value), or "Type: message" when the expression raised or did not compile
    bool error = false;
    bool numeric = false; ///< an int, bool or float that a double can hold
    double number = 0.0; ///< the value when numeric
};

/// How a run ended.
struct RunResult {
    enum class Status : uint8_t {
        Completed, ///< the program returned, or called sys.exit
        SyntaxError, ///< it did not compile; `traceback` holds CPython's rendering
        UncaughtException, ///< an exception escaped the top level
        Deadlock, ///< select(None) with nothing that could wake the loop
        BudgetExceeded, ///< the iteration budget ran out
        Blocked, ///< the instruction budget ran out: the loop was blocked
        Stopped, ///< requestStop() ended the run
        InternalError, ///< a bug in Loopscope (a C++ exception), described in `message`
    };
    Status status = Status::Completed;
    std::string errorType; ///< the exception's class name (SyntaxError, ZeroDivisionError, BudgetExceeded …)
    std::string message; ///< str(exc), or a description
    std::string traceback; ///< "Traceback (most recent call last): …" as CPython prints it
    int exitCode = 0; ///< sys.exit's code for Completed; 1 for an uncaught exception or syntax error

    /// How the run ended in the words a log keeps (EventLog::finish): "completed", "deadlock",
    /// "error ValueError: bad" … The GUI and sessions show it as the run's last word.
    std::string finishReason() const;
};

class Engine {
public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    /// Observers get every event of the following runs (attach before run()).
    void attach(Observer* observer);
    void detach(Observer* observer);
    /// Receives (function, locals as name/repr pairs) with each line event when captureLocals is set.
    using LocalsSink = void (*)(void* ctx, std::string_view function,
                                const std::vector<std::pair<std::string, std::string>>& locals);
    void setLocalsSink(LocalsSink sink, void* ctx);
    /// The same, attaching the locals to `log`'s Line events (EventLog::recordLocals).
    void setLocalsSink(EventLog& log);

    /// Receives the value of every watch expression at each line event (the running frame's
    /// locals, then its module's globals, then builtins, as eval would see them) and at the start
    /// of each `_run_once` (the __main__ globals only). Each expression is compiled once per run;
    /// a SyntaxError or an exception it raises is delivered as an error value. Evaluating runs no
    /// observer hooks, but what the expression itself does (calls, mutations) happens in the run.
    using WatchSink = void (*)(void* ctx, const WatchValue& value);
    void setWatches(std::vector<std::string> expressions, WatchSink sink, void* ctx);
    /// The same, writing the values into `log` (EventLog::watchSamples) as the run records it.
    void setWatches(std::vector<std::string> expressions, EventLog& log);

    /// Asks a run in progress on another thread to end soon (RunResult::Status::Stopped). Checked
    /// at every loop hook and line event, and by the VM's instruction-budget check.
    void requestStop() noexcept;
    bool stopRequested() const noexcept { return m_stop.load(std::memory_order_relaxed); }

    /// Writes the canonical trace (TraceWriter) of the following runs to `sink`, one line per call.
    void setTraceSink(std::function<void(std::string_view line)> sink);

    /// Receives what the program writes to sys.stderr (dropped when unset).
    void setStderrSink(std::function<void(std::string_view text)> sink);

    /// Compiles and runs `source` as __main__. Never throws; a run never crashes the process.
    RunResult run(std::string_view source, std::string filename);

    /// The disassembly of `source` (or its SyntaxError rendering).
    static std::string disassemble(std::string_view source, std::string filename);

private:
    EngineOptions m_options;
    std::vector<Observer*> m_observers;
    std::function<void(std::string_view)> m_traceSink;
    std::function<void(std::string_view)> m_stderrSink;
    LocalsSink m_localsSink = nullptr;
    void* m_localsCtx = nullptr;
    std::vector<std::string> m_watches;
    WatchSink m_watchSink = nullptr;
    void* m_watchCtx = nullptr;
    std::atomic<bool> m_stop { false };
};

} // namespace loopscope
