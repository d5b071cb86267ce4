#include "internalsoutline.h"

#include <QHash>

namespace loopscope::detail {

// Each outline is plain prose in Python-comment form. A line "#@key" starts a section and is
// not shown; the panel highlights sections by key (phase1..phase6, send, stop, cancelled, failed,
// blocking, bare).
QString internalsOutline(const QString& name)
{
    static const QHash<QString, QString> outlines = {
        { QStringLiteral("run_until_complete"), QStringLiteral(
R"(# BaseEventLoop.run_until_complete(future)  (Loopscope's outline)
# Wrap a coroutine in a Task (ensure_future), so the loop has something to drive.
# Add a done callback on it that stops the loop once the future is done.
# Run the loop forever; it returns when that callback has called stop().
# Remove the callback again, then give back the future's result
# (or raise its exception, or complain that the loop stopped too early).
)") },
        { QStringLiteral("run_forever"), QStringLiteral(
R"(# BaseEventLoop.run_forever()  (Loopscope's outline)
# Refuse to start when this loop or another is already running in the thread.
# Mark the loop as running, make it the thread's current loop,
# then repeat _run_once() until someone sets the stopping flag.
# Finally clear the flags so the loop can be run again.
)") },
        { QStringLiteral("_run_once"), QStringLiteral(
R"(# BaseEventLoop._run_once(): one turn of the loop  (Loopscope's outline)
#@phase1
# 1. purge cancelled timers
#    when the heap is big and mostly cancelled: rebuild it without them (heapify);
#    otherwise pop cancelled timers off the top of the heap only.
#@phase2
# 2. compute the select timeout
#    anything ready (or stopping)  -> 0
#    else a timer on the heap       -> until the earliest deadline (clamped to a day)
#    else                           -> None: wait forever
#@phase3
# 3. select(timeout): wait for I/O; in Loopscope the virtual clock jumps by the timeout
#@phase4
# 4. process the I/O events the selector reported (none in Loopscope)
#@phase5
# 5. move due timers: while the earliest timer is due before now + clock resolution,
#    pop it from the heap and append it to the ready deque
#@phase6
# 6. run ready handles: only the ones that were in the deque when this step began
#    (ntodo of them). Pop each from the left; skip it if cancelled; else call it.
#    Callbacks scheduled by these calls wait for the next turn.
)") },
        { QStringLiteral("__step"), QStringLiteral(
R"(# Task.__step(exc=None): advance the task's coroutine by one step  (Loopscope's outline)
# The task must not be done already; forget the future it was waiting on.
#@send
# Drive the coroutine: send None into it, or throw the pending exception into it.
# Everything below depends on how that ended.
#@stop
# The coroutine returned (StopIteration): set the task's result
# (or cancel it, when cancellation was requested meanwhile).
#@cancelled
# CancelledError escaped: the task becomes cancelled.
#@failed
# Another exception escaped: the task fails with it (KeyboardInterrupt and SystemExit re-raise).
#@blocking
# It yielded a future that wants to block: the task parks on it by adding __wakeup
# as the future's done callback (and cancels it if cancellation was requested).
#@bare
# It yielded None (a bare yield): schedule __step again with call_soon.
#@end
# Anything else it yields is an error that is thrown back into it on the next step.
)") },
        { QStringLiteral("__wakeup"), QStringLiteral(
R"(# Task.__wakeup(future): the awaited future is done  (Loopscope's outline)
# Read the future's result: if that raises, step the task with the exception,
# otherwise step it with nothing (the coroutine reads the result itself).
# It calls __step directly: no extra trip through the ready deque.
)") },
        { QStringLiteral("__await__"), QStringLiteral(
R"(# Future.__await__()  (Loopscope's outline)
# When the future is not done yet: mark it as blocking and yield the future itself,
# which is how Task.__step learns what to wait on.
# When resumed, the future must be done: return its result (or raise).
)") },
        { QStringLiteral("wait"), QStringLiteral(
R"(# asyncio.wait(fs, timeout=None, return_when=ALL_COMPLETED)  (Loopscope's outline)
# Check the arguments (a non-empty collection of tasks/futures; bare coroutines are refused),
# turn them into a set of futures, then await _wait with the running loop.
)") },
        { QStringLiteral("_wait"), QStringLiteral(
R"(# asyncio._wait(fs, timeout, return_when, loop)  (Loopscope's outline)
# Create a waiter future; with a timeout, schedule _release_waiter for it with call_later.
# Count the pending futures and add _on_completion as a done callback to each.
# _on_completion counts down; it releases the waiter when all are done,
# or at the first one for FIRST_COMPLETED, or at a failure for FIRST_EXCEPTION.
# Await the waiter, then cancel the timeout timer and remove the callbacks.
# Return (done, pending) sets.
)") },
        { QStringLiteral("_on_completion"), QStringLiteral(
R"(# _wait's inner _on_completion(f)  (Loopscope's outline)
# One fewer future pending. When the return_when condition is met
# (none left, first completed, first exception): cancel the timeout timer
# and set the waiter's result so that _wait resumes.
)") },
        { QStringLiteral("_set_result_unless_cancelled"), QStringLiteral(
R"(# futures._set_result_unless_cancelled(fut, result)  (Loopscope's outline)
# Set the future's result, unless somebody cancelled it meanwhile.
# asyncio.sleep schedules this with call_later: it is the timer that wakes a sleeper.
)") },
        { QStringLiteral("_release_waiter"), QStringLiteral(
R"(# tasks._release_waiter(waiter)  (Loopscope's outline)
# The timeout of wait()/wait_for(): finish the waiter if it is still pending.
)") },
        { QStringLiteral("_run_until_complete_cb"), QStringLiteral(
R"(# base_events._run_until_complete_cb(fut)  (Loopscope's outline)
# The future given to run_until_complete is done: stop its loop
# (the current _run_once finishes, then run_forever returns).
)") },
    };
    return outlines.value(name);
}

} // namespace loopscope::detail
