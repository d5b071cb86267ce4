#pragma once
// EventLog: an Observer that writes down every event of a run in a compact, replayable form.
// The GUI folds it into LoopStates (statefold.h) and sessions save it; neither recomputes what
// the loop decided, they only replay what it reported.

#include <loopscope/asyncio/observer.h>

#include <cstdint>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace loopscope {

/// What happened at one recorded event.
enum class RecordKind : uint8_t {
    TaskCreated, ///< a = task id
    Soon, ///< a = handle id
    Timer, ///< a = handle id; moves: the push's sift
    Cancel, ///< a = handle id (a timer still on the heap)
    Purge, ///< a = count, b = 1 when the bulk rebuild; moves: the pops' or heapify's sifts
    Iteration, ///< a = n, b = ready length; x = heap length
    PhaseBegin, ///< a = LoopPhase
    Select, ///< b = 1 with a timeout; x = timeout
    Clock, ///< x = the new clock
    Due, ///< a = handle id; moves: the pop's sift
    Skip, ///< a = handle id
    RunBegin, ///< a = handle id
    RunEnd, ///< a = handle id
    StepBegin, ///< a = task id
    StepEnd, ///< a = task id, b = awaited id; x = StepOutcome::Kind; text = what it awaits
    TaskDone, ///< a = task id, b = TaskDoneEvent::Kind; text = result repr / exception
    FutureState, ///< a = future id, b = state; text = label
    CallbackAdded, ///< a = future id; text = callback name
    CallbackRemoved, ///< a = future id; text = callback name
    Output, ///< text = one line (without the newline)
    Line, ///< a = task id, b = line; text = function; text2 = filename
    Error, ///< text = "Type: message"; text2 = context ("uncaught", "Task exception was never retrieved" …)
    Deadlock,
    LoopStarted, ///< a = loop id
    LoopStopped, ///< a = loop id
};

/// The kinds whose `a` is a handle id (the session writer and the event list both ask).
constexpr bool isHandleEvent(RecordKind k) noexcept
{
    switch (k) {
    case RecordKind::Soon:
    case RecordKind::Timer:
    case RecordKind::Cancel:
    case RecordKind::Due:
    case RecordKind::Skip:
    case RecordKind::RunBegin:
    case RecordKind::RunEnd: return true;
    default: return false;
    }
}

/// The kinds whose `a` is a task id (Line and Error carry one too, as the task running then).
constexpr bool isTaskEvent(RecordKind k) noexcept
{
    return k == RecordKind::TaskCreated || k == RecordKind::StepBegin || k == RecordKind::StepEnd
        || k == RecordKind::TaskDone;
}

struct RecordedEvent {
    RecordKind kind = RecordKind::Soon;
    uint32_t text = 0; ///< index into EventLog::string()
    uint32_t text2 = 0;
    uint64_t a = 0;
    uint64_t b = 0;
    double x = 0.0;
    double clock = 0.0;
    uint32_t movesBegin = 0; ///< into EventLog::moves()
    uint32_t movesCount = 0;
};

/// One change of a watch expression's value (Engine::setWatches), at the event after which it
/// was evaluated. The log keeps only changes, so a run of a million lines stays small.
struct WatchSample {
    uint64_t event = 0;
    std::string text; ///< repr(value), or "Type: message" when it raised
    bool error = false;
    bool numeric = false; ///< an int, bool or float a double can hold: plotted
    double number = 0.0;
    bool operator==(const WatchSample&) const = default;
};

/// A handle as first seen (names never change afterwards).
struct RecordedHandle {
    std::string callback, task, argTask;
    uint64_t taskId = 0;
    bool timer = false;
    double when = 0.0;
};

struct RecordedTask {
    std::string name, coro;
};

class EventLog final : public Observer {
public:
    EventLog();
    std::string observerName() const override { return "event log"; }

    // Readers (thread-safe against the recording thread: take a snapshot of the count first).
    size_t size() const;
    RecordedEvent event(size_t index) const;
    /// Events [begin, end) (clamped to the log) under one lock, for folds that read many.
    std::vector<RecordedEvent> events(size_t begin, size_t end) const;
    std::string string(uint32_t index) const; ///< 0 is the empty string
    std::vector<HeapMove> moves(const RecordedEvent& e) const;
    RecordedHandle handle(uint64_t id) const;
    RecordedTask task(uint64_t id) const;
    /// The trace-style one-line description: "run __step Task-1", "due say" …
    std::string describe(const RecordedEvent& e) const;
    /// True once the run has ended (set by the engine's owner through finish()).
    bool finished() const;
    std::string finishReason() const;
    void finish(std::string reason);

    /// Attaches the locals (name, repr) of the running frame to the latest Line event.
    void recordLocals(const std::vector<std::pair<std::string, std::string>>& locals);
    /// The locals attached to the Line event at `index`; empty when none were recorded.
    std::vector<std::pair<std::string, std::string>> localsAt(size_t index) const;
    bool hasLocals(size_t index) const;

    /// Names the watch expressions of the run (dropping any earlier ones and their samples).
    void setWatches(std::vector<std::string> expressions);
    std::vector<std::string> watches() const;
    /// Records watch `watch`'s value as of the latest event (sample.event is set here); a value
    /// equal to the previous one is dropped. Loaders append with appendWatchSample instead.
    void recordWatch(size_t watch, WatchSample sample);
    void appendWatchSample(size_t watch, WatchSample sample);
    /// The samples of watch `watch` at events before `endEvent`, in event order.
    std::vector<WatchSample> watchSamples(size_t watch, size_t endEvent = SIZE_MAX) const;
    /// The value of watch `watch` as of event `index` (the latest sample at or before it).
    std::optional<WatchSample> watchAt(size_t watch, size_t index) const;

    // Writers used by loaders (sessions) to rebuild a log.
    void append(RecordedEvent e);
    uint32_t intern(std::string_view s);
    void setHandle(uint64_t id, RecordedHandle h);
    void setTask(uint64_t id, RecordedTask t);
    uint32_t addMoves(const std::vector<HeapMove>& moves);

    // Observer hooks.
    void beforeIteration(const IterationEvent& e) override;
    void beforePhase(uint64_t loopId, LoopPhase phase) override;
    void handleScheduled(const HandleEvent& e) override;
    void handleSkipped(const HandleEvent& e) override;
    void beforeHandle(const HandleEvent& e) override;
    void afterHandle(const HandleEvent& e) override;
    void timerPushed(const HandleEvent& e) override;
    void timerDue(const HandleEvent& e) override;
    void timerCancelled(const HandleEvent& e) override;
    void timersPurged(uint64_t loopId, size_t count, bool bulk, const std::vector<HeapMove>& moves) override;
    void select(uint64_t loopId, bool hasTimeout, double timeout) override;
    void clockMoved(double oldTime, double newTime) override;
    void deadlock(uint64_t loopId) override;
    void loopStarted(uint64_t loopId) override;
    void loopStopped(uint64_t loopId) override;
    void taskCreated(const TaskEvent& e) override;
    void beforeTaskStep(const TaskEvent& e) override;
    void afterTaskStep(const TaskEvent& e, const StepOutcome& outcome) override;
    void taskDone(const TaskDoneEvent& e) override;
    void futureStateChanged(const FutureEvent& e) override;
    void callbackAdded(const CallbackEvent& e) override;
    void callbackRemoved(const CallbackEvent& e) override;
    void output(std::string_view text) override;
    void line(const LineEvent& e) override;
    void uncaughtError(const ErrorEvent& e) override;
    void exceptionNeverRetrieved(const ErrorEvent& e) override;

private:
    void push(RecordedEvent e);
    void noteHandle(const HandleEvent& e);
    uint32_t internLocked(std::string_view s);

    mutable std::mutex m_mutex; // the engine thread appends while the GUI thread reads
    std::vector<RecordedEvent> m_events;
    std::vector<std::string> m_strings;
    std::unordered_map<std::string, uint32_t> m_stringIndex; // looked up only, never iterated
    std::vector<HeapMove> m_moves;
    std::vector<RecordedHandle> m_handles; // indexed by handle id
    std::vector<RecordedTask> m_tasks; // indexed by task id
    std::map<size_t, std::vector<std::pair<std::string, std::string>>> m_locals; // by event index
    std::vector<std::string> m_watches;
    std::vector<std::vector<WatchSample>> m_watchSamples; // per watch, by event
    double m_clock = 0.0;
    std::string m_pendingOutput; // print writes partial lines; the log keeps whole ones
    bool m_finished = false;
    std::string m_finishReason;
};

} // namespace loopscope
