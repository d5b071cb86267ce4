#pragma once
// StateFold: replays an EventLog into the LoopState after any event. It applies what the loop
// reported (including each heap sift move), so the picture is the loop's own, never re-derived.
// Checkpoints every few hundred events make any seek cost at most that many applications.

#include <loopscope/debug/eventlog.h>
#include <loopscope/debug/loopstate.h>

#include <cstdint>
#include <map>
#include <vector>

namespace loopscope {

class StateFold {
public:
    static constexpr size_t kCheckpointInterval = 256;

    explicit StateFold(const EventLog& log);

    /// The state just after event `index` (index < log.size()).
    LoopState stateAt(size_t index);
    /// The state before any event.
    LoopState initialState() const { return {}; }

private:
    struct Cursor {
        LoopState state;
        size_t applied = 0; ///< events [0, applied) are in `state`
        std::map<uint64_t, size_t> taskIndex; ///< task id -> index in state.tasks
    };
    void apply(Cursor& c, const RecordedEvent& e) const;
    HandleView view(uint64_t handleId) const;
    TaskView* taskOf(Cursor& c, uint64_t taskId) const;
    FutureView& futureOf(Cursor& c, uint64_t futureId, const std::string& label) const;

    const EventLog& m_log;
    std::vector<Cursor> m_checkpoints; ///< m_checkpoints[k] has k * kCheckpointInterval events applied
};

} // namespace loopscope
