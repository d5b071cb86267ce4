#include <loopscope/debug/loopstate.h>

#include <cmath>

namespace loopscope {

const char* loopPhaseName(LoopPhase phase) noexcept
{
    switch (phase) {
    case LoopPhase::Idle: return "idle";
    case LoopPhase::PurgeCancelled: return "purge cancelled timers";
    case LoopPhase::ComputeTimeout: return "compute timeout";
    case LoopPhase::Select: return "select";
    case LoopPhase::ProcessEvents: return "process I/O events";
    case LoopPhase::MoveDueTimers: return "move due timers";
    case LoopPhase::RunReady: return "run ready handles";
    }
    return "?";
}

bool LoopState::operator==(const LoopState& o) const
{
    const bool sameTimeout = (std::isnan(selectTimeout) && std::isnan(o.selectTimeout)) || selectTimeout == o.selectTimeout;
    return sameTimeout && eventIndex == o.eventIndex && clock == o.clock && iteration == o.iteration && phase == o.phase
        && ready == o.ready && heap == o.heap && running == o.running && runningHandle == o.runningHandle
        && runningTaskId == o.runningTaskId && currentFile == o.currentFile && currentLine == o.currentLine
        && lineInHandle == o.lineInHandle
        && tasks == o.tasks && futures == o.futures && finished == o.finished && finishReason == o.finishReason;
}

} // namespace loopscope
