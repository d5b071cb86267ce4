#include <loopscope/debug/loopstate.h>

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

} // namespace loopscope
