#pragma once
// The asyncio API of CPython 3.11 for C++ callers (the core's tests and benchmarks) and the
// Python-visible `asyncio` module the VM imports. Every schedule and every state change
// happens in CPython's order, because the canonical trace compares exactly that.

#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <optional>
#include <vector>

namespace loopscope {

/// asyncio's own exception classes and constants (static types, made on first use).
struct AsyncioTypes {
    TypeObject* CancelledError; ///< derives from BaseException
    TypeObject* InvalidStateError;
    TypeObject* QueueEmpty;
    TypeObject* QueueFull;
    TypeObject* LimitOverrunError;
};
const AsyncioTypes& asyncioTypes();
bool isCancelledError(Object* exc) noexcept;

namespace aio {

enum class ReturnWhen : uint8_t { AllCompleted, FirstCompleted, FirstException };

/// What asyncio.sleep(delay, result) gives C++ callers: converts to the coroutine object (qualname
/// `sleep`); `co_await` on it in a native coroutine does what that coroutine does, and for
/// delay <= 0 (one bare yield, then `result`) without making it: nobody could see it.
class Sleep {
public:
    /// `result` null: None.
    Sleep(RunContext& ctx, double delay, Ref<Object> result)
        : m_ctx(&ctx)
        , m_delay(delay)
        , m_result(std::move(result))
    {
    }
    /// The `sleep` coroutine object.
    Ref<Object> coroutine() const;
    operator Ref<Object>() const { return coroutine(); }
    double delay() const noexcept { return m_delay; }
    Ref<Object> takeResult() noexcept { return std::move(m_result); }

private:
    RunContext* m_ctx;
    double m_delay;
    Ref<Object> m_result;
};

/// asyncio.sleep(delay, result)
inline Sleep sleep(RunContext& ctx, double delay, Object* result = nullptr)
{
    return Sleep(ctx, delay, Ref<Object>(result)); // null: None, without touching its count
}
/// asyncio.ensure_future(obj, loop=loop)
Ref<Future> ensureFuture(RunContext& ctx, Object* obj, EventLoop* loop = nullptr);
/// asyncio.create_task(coro, name=name, context=context) on the running loop (`context` null: a
/// copy of the current contextvars.Context).
Ref<Task> createTask(RunContext& ctx, Ref<Object> coro, Object* name = nullptr, Object* context = nullptr);
/// asyncio.wait(fs, timeout=timeout, return_when=…): a coroutine (qualname `wait`) returning (done, pending).
Ref<Object> wait(RunContext& ctx, std::vector<Ref<Object>> fs, std::optional<double> timeout = std::nullopt,
                 ReturnWhen returnWhen = ReturnWhen::AllCompleted);
/// asyncio.wait_for(aw, timeout): coroutine (qualname `wait_for`).
Ref<Object> waitFor(RunContext& ctx, Ref<Object> aw, std::optional<double> timeout);
/// asyncio.as_completed(fs, timeout=timeout): the generator of `_wait_for_one()` coroutines
/// (its body, with the TypeError for a lone future or coroutine, runs at the first next()).
Ref<Object> asCompleted(RunContext& ctx, Ref<Object> fs, std::optional<double> timeout = std::nullopt);
Ref<Object> asCompleted(RunContext& ctx, std::vector<Ref<Object>> fs, std::optional<double> timeout = std::nullopt);
/// asyncio.gather(*aws, return_exceptions=…): the _GatheringFuture.
Ref<Future> gather(RunContext& ctx, std::vector<Ref<Object>> aws, bool returnExceptions = false);
/// asyncio.shield(aw)
Ref<Future> shield(RunContext& ctx, Object* aw);
/// asyncio.run(main): Runner semantics of 3.11 (new loop, main task, _cancel_all_tasks,
/// shutdown_asyncgens, shutdown_default_executor, close). Returns main's result.
/// `debug`: run(main, debug=...), null for None.
Ref<Object> run(RunContext& ctx, Ref<Object> main, Object* debug = nullptr);
/// asyncio.current_task(loop)
Task* currentTask(RunContext& ctx, EventLoop* loop = nullptr);
/// asyncio.all_tasks(loop): pending tasks of the running loop, creation order.
std::vector<Task*> allTasks(RunContext& ctx, EventLoop* loop = nullptr);
bool isCoroutine(Object* o) noexcept;
/// asyncio.iscoroutinefunction (inspect's test, bound methods and partials unwrapped).
bool isCoroutineFunction(Object* f);

/// asyncio.Queue / LifoQueue / PriorityQueue(maxsize), asyncio.Lock(), Event(), Semaphore(v),
/// BoundedSemaphore(v), Condition(lock): Python objects; use callMethod() or the module.
Ref<Object> newQueue(RunContext& ctx, int64_t maxsize = 0, const char* kind = "Queue");
Ref<Object> newLock(RunContext& ctx);
Ref<Object> newEvent(RunContext& ctx);
Ref<Object> newSemaphore(RunContext& ctx, int64_t value = 1, bool bounded = false);
Ref<Object> newCondition(RunContext& ctx, Object* lock = nullptr);
/// asyncio.timeout(delay) / timeout_at(when): the Timeout async context manager.
Ref<Object> timeout(RunContext& ctx, std::optional<double> delay);
Ref<Object> timeoutAt(RunContext& ctx, std::optional<double> when);
/// asyncio.TaskGroup()
Ref<Object> newTaskGroup(RunContext& ctx);

} // namespace aio

inline NativeCoroutine::Promise::SleepAwaiter NativeCoroutine::Promise::await_transform(aio::Sleep&& s)
{
    if (s.delay() <= 0) return SleepAwaiter { self, s.takeResult(), true };
    return SleepAwaiter { self, s.coroutine(), false };
}

/// The Python-visible `asyncio` module for one run: functions, classes, exceptions, constants.
Ref<Object> makeAsyncioModule(RunContext& ctx);

} // namespace loopscope
