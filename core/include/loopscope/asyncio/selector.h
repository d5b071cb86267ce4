#pragma once
// The selector seam. Version 1 has no I/O: VirtualSelector advances the clock by the timeout and
// reports a deadlock for select(None). Simulated I/O plugs in by implementing Selector.

#include <loopscope/runtime/object.h>

#include <vector>

namespace loopscope {

class Handle;
class RunContext;

/// What one poll produced.
struct SelectResult {
    bool deadlock = false; ///< select(None) with nothing that could ever wake the loop
    std::vector<Ref<Handle>> events; ///< I/O callbacks to append to the ready deque (process events)
};

class Selector {
public:
    virtual ~Selector() = default;
    /// Polls; `hasTimeout` false means select(None) (block until something happens).
    virtual SelectResult select(RunContext& ctx, bool hasTimeout, double timeout) = 0;
};

/// No I/O: a finite timeout moves the virtual clock; None is a deadlock.
class VirtualSelector final : public Selector {
public:
    SelectResult select(RunContext& ctx, bool hasTimeout, double timeout) override;
};

} // namespace loopscope
