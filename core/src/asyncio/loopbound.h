#pragma once
// mixins._LoopBoundMixin: a primitive binds to the running loop the first time it needs one.

#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>
#include <deque>

namespace loopscope::detail::asyncioimpl {

class LoopBound : public Object {
public:
    LoopBound(TypeObject* type, RunContext& ctx) : Object(type), m_ctx(&ctx) { }

    /// _get_loop(): the running loop, which must be the one this primitive first saw.
    EventLoop* getLoop()
    {
        EventLoop* loop = m_ctx->getRunningLoop();
        if (!m_loop) m_loop = Ref<EventLoop>(loop);
        if (loop != m_loop.get()) raise(types().RuntimeError, reprText(this) + " is bound to a different event loop");
        return loop;
    }
    RunContext& ctx() const noexcept { return *m_ctx; }
    void clearRefs() override { m_loop = nullptr; }

protected:
    RunContext* m_ctx;
    Ref<EventLoop> m_loop;
};

/// deque.remove(x) for waiter deques (ValueError is impossible here: we only remove our own).
inline void removeWaiter(std::deque<Ref<Future>>& waiters, Future* fut)
{
    auto it = std::find_if(waiters.begin(), waiters.end(), [&](const Ref<Future>& f) { return f.get() == fut; });
    if (it != waiters.end()) waiters.erase(it);
}

/// A primitive's `_waiters` as CPython holds it: a collections.deque of the waiting futures (a
/// snapshot: programs read it to show who waits). `made` false: the primitive has not needed one
/// yet, and CPython's attribute is still None (Lock, Semaphore).
inline Ref<Object> waitersObject(const std::deque<Ref<Future>>& waiters, bool made = true)
{
    if (!made) return newRef(None());
    return newDeque(std::vector<Ref<Object>>(waiters.begin(), waiters.end()));
}

} // namespace loopscope::detail::asyncioimpl
