#pragma once
// LoopState: a plain-value picture of a run at one event, everything the GUI draws and a session
// stores. It is folded from the core's observer events (see statefold.h); it never holds objects,
// pointers or anything else that could differ between two runs of the same scenario. Its tasks and
// futures are shared with the states before and after it until an event changes them (SharedList).

#include <loopscope/debug/sharedlist.h>

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace loopscope {

/// The phases of BaseEventLoop._run_once, in order.
enum class LoopPhase : uint8_t {
    Idle, ///< outside _run_once (before the loop starts, between run_until_complete calls, after)
    PurgeCancelled, ///< drop cancelled timers (bulk rebuild or from the head of the heap)
    ComputeTimeout, ///< 0 when something is ready, else until the earliest timer, else None
    Select, ///< the virtual selector: the clock jumps by the timeout
    ProcessEvents, ///< I/O callbacks (none in version 1)
    MoveDueTimers, ///< timers with when < time() + 1e-09 move to the ready deque
    RunReady, ///< run exactly the handles that were ready when the drain began
};
const char* loopPhaseName(LoopPhase phase) noexcept; ///< "purge cancelled timers", …

/// A Handle or TimerHandle as the trace names it.
struct HandleView {
    uint64_t id = 0;
    std::string callback; ///< `__step`, `_set_result_unless_cancelled`, `say`, `<lambda>` …
    std::string task; ///< the Task a bound-method callback belongs to (`Task-1`), or empty
    std::string argTask; ///< the Task passed as first argument, or empty
    bool timer = false;
    double when = 0.0; ///< timers only
    bool cancelled = false;
    bool operator==(const HandleView&) const = default;
};

/// One frame of a task's coroutine chain (outermost first).
struct FrameView {
    std::string function; ///< qualname
    std::string filename;
    int line = 0;
    std::vector<std::pair<std::string, std::string>> locals; ///< name, repr (may be empty when unknown)
    bool localsKnown = false; ///< false for runs recorded from real CPython
    bool operator==(const FrameView&) const = default;
};

struct TaskView {
    enum class State : uint8_t { Scheduled, Running, Suspended, Done, Cancelled, Failed };
    uint64_t id = 0;
    std::string name; ///< `Task-1` or the program's name
    std::string coro; ///< the coroutine's qualname
    State state = State::Scheduled;
    std::string awaiting; ///< what it is suspended on: "sleep future (Future-3)", "Task-2", "Queue.get" …
    uint64_t awaitingId = 0; ///< the future's/task's id, or 0
    std::string result; ///< repr of the result when done
    std::string exception; ///< "ZeroDivisionError: division by zero" when failed
    std::vector<std::string> doneCallbacks; ///< callback names
    std::vector<FrameView> frames; ///< where it is parked (empty when done or unknown)
    bool operator==(const TaskView&) const = default;
};

/// A plain Future somebody waits on (futures nobody waits on are not shown).
struct FutureView {
    uint64_t id = 0;
    std::string label; ///< "Future-3 (sleep 2.0)" …
    enum class State : uint8_t { Pending, Cancelled, Finished } state = State::Pending;
    std::vector<std::string> doneCallbacks;
    bool operator==(const FutureView&) const = default;
};

struct OutputLine {
    double clock = 0.0;
    uint64_t eventIndex = 0;
    std::string text;
};

/// The whole picture at one event.
struct LoopState {
    uint64_t eventIndex = 0; ///< how many events have happened
    double clock = 0.0;
    int iteration = 0; ///< _run_once count of the running loop (0 before the first)
    LoopPhase phase = LoopPhase::Idle;
    double selectTimeout = std::numeric_limits<double>::quiet_NaN(); ///< NaN: None / not computed
    std::vector<HandleView> ready; ///< the ready deque, head first
    std::vector<HandleView> heap; ///< the timer heap array, in heapq layout
    bool running = false; ///< a handle is running now
    HandleView runningHandle;
    uint64_t runningTaskId = 0; ///< 0 when no task is in __step
    std::string currentFile;
    int currentLine = 0; ///< the line executing now (0 when unknown)
    /// A line ran since the running handle began: a native callback such as _on_completion runs
    /// none, and then currentLine still holds the last line of whatever ran before.
    bool lineInHandle = false;
    SharedList<TaskView> tasks; ///< in creation order
    SharedList<FutureView> futures;
    bool finished = false;
    std::string finishReason; ///< "completed", "deadlock", "error ZeroDivisionError", "event budget exhausted" …
    /// Whether currentLine is executing now: at module level (outside _run_once), or inside a
    /// running handle that has run a line. Views light the line only then.
    bool currentLineIsLive() const
    {
        return currentLine > 0 && (phase == LoopPhase::Idle || (running && lineInHandle));
    }
    /// Field by field; a NaN selectTimeout equals a NaN one (both mean None).
    bool operator==(const LoopState& o) const;
};

} // namespace loopscope
