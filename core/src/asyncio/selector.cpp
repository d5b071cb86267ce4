// VirtualSelector: version 1 has no I/O; waiting is a jump of the virtual clock.
#include <loopscope/asyncio/handle.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/selector.h>

namespace loopscope {

SelectResult VirtualSelector::select(RunContext& ctx, bool hasTimeout, double timeout)
{
    SelectResult r;
    if (!hasTimeout) {
        r.deadlock = true; // nothing ready, no timers, no I/O: CPython would block forever
        return r;
    }
    ctx.advance(timeout);
    return r;
}

} // namespace loopscope
