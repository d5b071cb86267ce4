// EventLoop: BaseEventLoop's scheduling, run_forever/run_until_complete and _run_once as phases.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <loopscope/stdlib/contextvars.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>
#include <cmath>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

// Collects the sift moves of one heap operation for the observers.
struct MoveCollector final : HeapMoveSink {
    std::vector<HeapMove>* out;
    explicit MoveCollector(std::vector<HeapMove>* o) : out(o) { }
    void lifted(size_t i) override { out->push_back({ HeapMove::Kind::Lifted, i, i }); }
    void moved(size_t from, size_t to) override { out->push_back({ HeapMove::Kind::Moved, from, to }); }
    void placed(size_t i) override { out->push_back({ HeapMove::Kind::Placed, i, i }); }
};

} // namespace

EventLoop::EventLoop(RunContext& ctx)
    : Object(eventLoopType())
    , m_ctx(&ctx)
    , m_id(ctx.nextLoopId())
    , m_selector(std::make_unique<VirtualSelector>())
{
    ctx.registerLoop(this);
}

EventLoop::~EventLoop()
{
    if (m_ctx) m_ctx->unregisterLoop(this);
}

Ref<EventLoop> EventLoop::create(RunContext& ctx)
{
    return make<EventLoop>(ctx);
}

double EventLoop::time() const noexcept
{
    return m_ctx->time();
}

void EventLoop::setSelector(std::unique_ptr<Selector> selector)
{
    m_selector = std::move(selector);
}

void EventLoop::checkClosed() const
{
    if (m_closed) raise(types().RuntimeError, "Event loop is closed");
}

void EventLoop::checkRunning() const
{
    if (m_running) raise(types().RuntimeError, "This event loop is already running");
    if (m_ctx->runningLoop())
        raise(types().RuntimeError, "Cannot run the event loop while another loop is running");
}

HandleEvent EventLoop::handleEvent(const Handle* h) const
{
    HandleEvent e;
    e.loopId = m_id;
    e.id = h->id();
    e.callback = h->callback().displayName();
    if (Task* t = h->callback().boundTask()) {
        e.task = t->name();
        e.taskId = t->id();
    }
    if (!h->args().empty() && isTask(h->args()[0].get())) e.argTask = static_cast<Task*>(h->args()[0].get())->name();
    e.timer = h->isTimer();
    if (e.timer) e.when = static_cast<const TimerHandle*>(h)->when();
    e.cancelled = h->cancelled();
    e.handle = h;
    return e;
}

HandleEvent EventLoop::entryEvent(const ReadyEntry& r) const
{
    if (r.isHandle()) return handleEvent(r.handle());
    const NativeCall c = m_ready.native(r);
    HandleEvent e;
    e.loopId = m_id;
    e.id = r.id();
    e.callback = c.name ? std::string(nativeCallbackName(c.name)) : std::string("?");
    if (c.self && isTask(c.self)) {
        const Task* t = static_cast<const Task*>(c.self);
        e.task = t->name();
        e.taskId = t->id();
    }
    if (c.arg && isTask(c.arg)) e.argTask = static_cast<const Task*>(c.arg)->name();
    return e;
}

// --- scheduling -----------------------------------------------------------------------------

Ref<Handle> EventLoop::callSoon(Callback cb, std::vector<Ref<Object>> args)
{
    checkClosed();
    Ref<Handle> h = make<Handle>(handleType(), this, std::move(cb), std::move(args), m_ctx->nextHandleId());
    m_ready.push_back(ReadyEntry(h));
    if (m_ctx->observed()) {
        HandleEvent e = handleEvent(h.get());
        m_ctx->observers().notify([&](Observer& o) { o.handleScheduled(e); });
    }
    return h;
}

// Out of line: the event's strings would otherwise weigh on every unobserved call_soon.
void EventLoop::notifyNativeScheduled()
{
    HandleEvent e = entryEvent(m_ready.back());
    m_ctx->observers().notify([&](Observer& o) { o.handleScheduled(e); });
}

void EventLoop::addReady(Ref<Handle> handle)
{
    m_ready.push_back(ReadyEntry(std::move(handle)));
}

Ref<TimerHandle> EventLoop::callLater(double delay, Callback cb, std::vector<Ref<Object>> args)
{
    return callAt(time() + delay, std::move(cb), std::move(args));
}

Ref<TimerHandle> EventLoop::callAt(double when, Callback cb, std::vector<Ref<Object>> args)
{
    checkClosed();
    Ref<TimerHandle> timer = make<TimerHandle>(this, when, std::move(cb), std::move(args), m_ctx->nextHandleId());
    pushTimer(timer);
    return timer;
}

void EventLoop::pushTimer(Ref<TimerHandle> timer)
{
    TimerHandle* t = timer.get();
    t->m_scheduled = true;
    if (!m_ctx->observed()) {
        m_scheduled.push(std::move(timer));
        return;
    }
    HandleEvent e;
    MoveCollector sink(&e.moves);
    m_scheduled.setMoveSink(&sink);
    const size_t index = m_scheduled.push(std::move(timer));
    m_scheduled.setMoveSink(nullptr);
    std::vector<HeapMove> moves = std::move(e.moves);
    e = handleEvent(t);
    e.moves = std::move(moves);
    e.heapIndex = index;
    m_ctx->observers().notify([&](Observer& o) { o.timerPushed(e); });
}

Ref<TimerHandle> EventLoop::popTimer(std::vector<HeapMove>* moves)
{
    if (!moves) return m_scheduled.pop();
    MoveCollector sink(moves);
    m_scheduled.setMoveSink(&sink);
    Ref<TimerHandle> t = m_scheduled.pop();
    m_scheduled.setMoveSink(nullptr);
    return t;
}

void EventLoop::timerHandleCancelled(TimerHandle* handle)
{
    if (!handle->scheduled()) return;
    ++m_timerCancelledCount;
    if (m_ctx && m_ctx->observed()) {
        HandleEvent e = handleEvent(handle); // heapIndex not looked up: a scan per cancel is quadratic
        m_ctx->observers().notify([&](Observer& o) { o.timerCancelled(e); });
    }
}

Ref<Future> EventLoop::createFuture()
{
    return Future::create(this);
}

Ref<Task> EventLoop::createTask(Ref<Object> coro, Object* name, Object* context)
{
    checkClosed();
    if (!m_taskFactory) return Task::create(this, std::move(coro), name, context);
    // BaseEventLoop.create_task with a factory: factory(loop, coro), or factory(loop, coro,
    // context=context) when a context was given, then the name through set_name.
    Ref<Object> made;
    if (context) {
        Object* const items[] = { this, coro.get(), context };
        Ref<TupleObject> kwnames = newTuple({ internStr("context") });
        made = call(m_taskFactory.get(), CallArgs { items, 2, kwnames.get() });
    } else {
        made = call(m_taskFactory.get(), { this, coro.get() });
    }
    if (!isTask(made.get()))
        raise(types().TypeError, "the task factory returned " + reprText(made.get())
                                     + ": Loopscope schedules only asyncio.Task objects");
    if (name) callMethod(made.get(), "set_name", { name });
    return Ref<Task>(static_cast<Task*>(made.get()));
}

void EventLoop::setTaskFactory(Object* factory)
{
    if (factory && factory != None() && !isCallable(factory))
        raise(types().TypeError, "task factory must be a callable or None");
    m_taskFactory = Ref<Object>(factory && factory != None() ? factory : nullptr);
}

void EventLoop::reportCallbackError(const std::string& text, Object* exc)
{
    if (!m_ctx || !m_ctx->observed()) return;
    ErrorEvent e;
    e.context = text;
    if (exc) {
        e.type = exc->type()->name();
        try {
            e.message = strText(exc);
        } catch (const PyException&) {
        }
    }
    m_ctx->observers().notify([&](Observer& o) { o.callbackError(e); });
}

namespace {
bool isExitException(Object* exc)
{
    return isInstance(exc, types().SystemExit) || isInstance(exc, types().KeyboardInterrupt);
}

// logger.error(message, exc_info=exc)
void logError(RunContext* ctx, const std::string& message, Object* exc)
{
    constexpr int kError = 40;
    if (ctx) ctx->log(kError, message, exc && isExceptionInstance(exc) ? exc : nullptr);
}
} // namespace

void EventLoop::defaultExceptionHandler(Object* context)
{
    Ref<Object> message = callMethod(context, "get", { newStr("message").get() });
    std::string text = message && isTrue(message.get()) ? strText(message.get()) : "Unhandled exception in event loop";
    Ref<Object> exception = callMethod(context, "get", { newStr("exception").get() });
    Ref<Object> keys = newList();
    Ref<Object> it = getIter(context);
    while (Ref<Object> key = iterNext(it.get())) listItems(keys.get()).push_back(std::move(key));
    callMethod(keys.get(), "sort");
    for (const Ref<Object>& key : std::vector<Ref<Object>>(listItems(keys.get()))) {
        if (isStr(key.get()) && (strView(key.get()) == "message" || strView(key.get()) == "exception")) continue;
        Ref<Object> value = getItem(context, key.get());
        text += "\n" + strText(key.get()) + ": " + reprText(value.get());
    }
    logError(m_ctx, text, exception && exception.get() != None() ? exception.get() : nullptr);
}

void EventLoop::callExceptionHandler(Object* context, Object* handling)
{
    Ref<EventLoop> keepAlive(this);
    if (!m_exceptionHandler || !m_ctx || m_ctx->pythonCallsEnded()) {
        try {
            defaultExceptionHandler(context);
        } catch (const PyException& e) {
            if (isExitException(e.exception().get())) throw;
            logError(m_ctx, "Exception in default exception handler", e.exception().get());
        }
        return;
    }
    try {
        Ref<Object> handler = m_exceptionHandler;
        call(handler.get(), { this, context });
    } catch (const PyException& e) {
        Object* exc = e.exception().get();
        if (isExitException(exc)) throw;
        // CPython calls the handler inside `except` of the failed callback: implicit chaining.
        if (handling && handling != exc && !exceptionContext(exc)) setExceptionContext(exc, handling);
        try {
            Ref<DictObject> outer = newDict();
            dictSet(outer.get(), "message", newStr("Unhandled error in exception handler").get());
            dictSet(outer.get(), "exception", exc);
            dictSet(outer.get(), "context", context);
            defaultExceptionHandler(outer.get());
        } catch (const PyException& e2) {
            if (isExitException(e2.exception().get())) throw;
            logError(m_ctx,
                     "Exception in default exception handler while handling an unexpected error in custom "
                     "exception handler",
                     e2.exception().get());
        }
    }
}

void EventLoop::callExceptionHandler(const std::string& message, Object* exc, const char* key, Object* subject,
                                     Object* handling)
{
    Ref<DictObject> context = newDict();
    dictSet(context.get(), "message", newStr(message).get());
    if (exc) dictSet(context.get(), "exception", exc);
    if (key && subject) dictSet(context.get(), key, subject);
    callExceptionHandler(context.get(), handling);
}

void EventLoop::setExceptionHandler(Object* handler)
{
    if (handler && handler != None() && !isCallable(handler))
        raise(types().TypeError, "A callable object or None is expected, got " + reprText(handler));
    m_exceptionHandler = Ref<Object>(handler && handler != None() ? handler : nullptr);
}

// --- running --------------------------------------------------------------------------------

void EventLoop::beginRun()
{
    checkClosed();
    checkRunning();
    m_running = true;
    m_deadlocked = false;
    m_ctx->setRunningLoop(this);
    m_stage = Stage::Purge;
    if (m_ctx->observed()) m_ctx->observers().notify([&](Observer& o) { o.loopStarted(m_id); });
}

void EventLoop::endRun()
{
    m_stopping = false;
    m_running = false;
    m_todo = 0;
    m_stage = Stage::Idle;
    m_phase = LoopPhase::Idle;
    if (m_ctx) {
        if (m_ctx->runningLoop() == this) m_ctx->setRunningLoop(nullptr);
        if (m_ctx->observed()) m_ctx->observers().notify([&](Observer& o) { o.loopStopped(m_id); });
    }
}

void EventLoop::runForever()
{
    beginRun();
    for (;;) {
        UnitResult r;
        try {
            r = runUnitOrDrain();
        } catch (...) {
            if (m_running) endRun(); // run_forever's finally
            throw;
        }
        if (r == UnitResult::Stopped) return;
        if (r == UnitResult::Deadlock) throw DeadlockError();
        if (r == UnitResult::NotRunning) return;
    }
}

Ref<Future> EventLoop::beginRunUntilComplete(Object* futureOrCoro)
{
    checkClosed();
    checkRunning();
    m_untilNewTask = !isFuture(futureOrCoro);
    Ref<Future> fut = aio::ensureFuture(*m_ctx, futureOrCoro, this);
    fut->addDoneCallback(Callback::nativeFn("_run_until_complete_cb", &EventLoop::runUntilCompleteCb));
    m_untilFuture = fut;
    beginRun();
    return fut;
}

Ref<Object> EventLoop::finishRunUntilComplete()
{
    Ref<Future> fut = std::move(m_untilFuture);
    if (!fut) raise(types().RuntimeError, "run_until_complete was not started");
    fut->removeDoneCallback(Callback::nativeFn("_run_until_complete_cb", &EventLoop::runUntilCompleteCb));
    if (!fut->done()) raise(types().RuntimeError, "Event loop stopped before Future completed.");
    return fut->result();
}

Ref<Object> EventLoop::runUntilComplete(Object* futureOrCoro)
{
    Ref<Future> fut = beginRunUntilComplete(futureOrCoro);
    try {
        for (;;) {
            UnitResult r = runUnitOrDrain();
            if (r == UnitResult::Stopped || r == UnitResult::NotRunning) break;
            if (r == UnitResult::Deadlock) throw DeadlockError();
        }
    } catch (const PyException&) {
        if (m_running) endRun();
        // The exception is being propagated: the task's own exception counts as retrieved.
        if (m_untilNewTask && fut->done() && !fut->cancelled()) fut->setLogTraceback(false);
        finishRunUntilCompleteQuietly();
        throw;
    } catch (...) {
        if (m_running) endRun();
        finishRunUntilCompleteQuietly();
        throw;
    }
    return finishRunUntilComplete();
}

void EventLoop::finishRunUntilCompleteQuietly() noexcept
{
    if (!m_untilFuture) return;
    Ref<Future> fut = std::move(m_untilFuture);
    try {
        fut->removeDoneCallback(Callback::nativeFn("_run_until_complete_cb", &EventLoop::runUntilCompleteCb));
    } catch (...) {
    }
}

void EventLoop::runUntilCompleteCb(Object*, Object* const* args, size_t nargs)
{
    Future* fut = static_cast<Future*>(args[0]);
    if (!fut->cancelled()) {
        Ref<Object> exc = fut->exception();
        if (exc.get() != None()
            && (isInstance(exc.get(), types().SystemExit) || isInstance(exc.get(), types().KeyboardInterrupt)))
            return; // the loop stops anyway: the exception is propagating out of run_forever
    }
    fut->loop()->stop();
}

void EventLoop::close()
{
    if (m_running) raise(types().RuntimeError, "Cannot close a running event loop");
    if (m_closed) return;
    constexpr int kDebug = 10;
    if (m_debug && m_ctx) m_ctx->log(kDebug, "Close " + repr());
    m_closed = true;
    m_ready.clear();
    m_scheduled.clear();
}

// --- the steppable driver -------------------------------------------------------------------

void EventLoop::notifyPhase(bool begin)
{
    if (!m_ctx->observed()) return;
    const LoopPhase p = m_phase;
    if (begin)
        m_ctx->observers().notify([&](Observer& o) { o.beforePhase(m_id, p); });
    else
        m_ctx->observers().notify([&](Observer& o) { o.afterPhase(m_id, p); });
}

UnitResult EventLoop::runUnitOrDrain()
{
    if (!m_unitHook && !m_ctx->observed()) {
        if (m_stage == Stage::Purge) {
            // Nobody watches units or events: the phases before the drain back to back (no observer
            // can be attached in them: they run no callbacks), in runUnit()'s order.
            ++m_iteration;
            m_phase = LoopPhase::PurgeCancelled;
            if (!m_scheduled.empty()) purgeCancelledTimers();
            m_phase = LoopPhase::ComputeTimeout;
            computeTimeout();
            m_phase = LoopPhase::Select;
            m_observed = false;
            if (!selectPhase()) return UnitResult::Deadlock;
            m_phase = LoopPhase::ProcessEvents;
            if (!m_events.events.empty()) processEvents();
            m_phase = LoopPhase::MoveDueTimers;
            if (!m_scheduled.empty()) moveDueTimers();
            m_phase = LoopPhase::RunReady;
            m_todo = m_ready.size();
            m_stage = Stage::RunReady;
            if (m_todo == 0) return endIteration();
        }
        // Run the drain's handles back to back (the last one ends the unit).
        if (m_stage == Stage::RunReady)
            while (m_todo > 1 && !m_ctx->observed())
                runOneReady();
    }
    return runUnit();
}

UnitResult EventLoop::runUnit()
{
    UnitResult r = UnitResult::Phase;
    m_unitRanHandle = false;
    m_observed = m_ctx->observed();
    switch (m_stage) {
    case Stage::Idle:
        return UnitResult::NotRunning;
    case Stage::Purge:
        beginIteration();
        enterPhase(LoopPhase::PurgeCancelled);
        purgeCancelledTimers();
        leavePhase();
        m_stage = Stage::ComputeTimeout;
        break;
    case Stage::ComputeTimeout:
        enterPhase(LoopPhase::ComputeTimeout);
        computeTimeout();
        leavePhase();
        m_stage = Stage::Select;
        break;
    case Stage::Select:
        enterPhase(LoopPhase::Select);
        if (!selectPhase()) {
            r = UnitResult::Deadlock;
            break;
        }
        leavePhase();
        m_stage = Stage::ProcessEvents;
        break;
    case Stage::ProcessEvents:
        enterPhase(LoopPhase::ProcessEvents);
        processEvents();
        leavePhase();
        m_stage = Stage::MoveDue;
        break;
    case Stage::MoveDue:
        enterPhase(LoopPhase::MoveDueTimers);
        moveDueTimers();
        leavePhase();
        // Only the handles ready now run in this iteration; what they schedule waits for the next.
        enterPhase(LoopPhase::RunReady);
        m_todo = m_ready.size();
        m_stage = Stage::RunReady;
        if (m_todo == 0) r = endIteration();
        break;
    case Stage::RunReady:
        runOneReady();
        m_unitRanHandle = true;
        r = m_todo == 0 ? endIteration() : UnitResult::Handle;
        break;
    }
    if (m_unitHook) m_unitHook(*this, r);
    return r;
}

void EventLoop::beginIteration()
{
    ++m_iteration;
    if (m_ctx->observed()) {
        IterationEvent e { m_id, m_iteration, m_ready.size(), m_scheduled.size() };
        m_ctx->observers().notify([&](Observer& o) { o.beforeIteration(e); });
    }
}

UnitResult EventLoop::endIteration()
{
    leavePhase();
    m_phase = LoopPhase::Idle;
    if (m_ctx->observed()) {
        IterationEvent e { m_id, m_iteration, m_ready.size(), m_scheduled.size() };
        m_ctx->observers().notify([&](Observer& o) { o.afterIteration(e); });
    }
    m_stage = Stage::Purge;
    if (m_stopping) {
        endRun();
        return UnitResult::Stopped;
    }
    return UnitResult::IterationDone;
}

void EventLoop::purgeCancelledTimers()
{
    const size_t schedCount = m_scheduled.size();
    const bool observed = m_ctx->observed();
    std::vector<HeapMove> moves;
    if (schedCount > kMinScheduledTimerHandles
        && double(m_timerCancelledCount) / double(schedCount) > kMinCancelledTimerHandlesFraction) {
        // Bulk: rebuild the list without the cancelled timers, then heapify it.
        auto& items = m_scheduled.rawItems();
        std::vector<Ref<TimerHandle>> kept;
        kept.reserve(items.size());
        for (Ref<TimerHandle>& h : items) {
            if (h->cancelled())
                h->m_scheduled = false;
            else
                kept.push_back(std::move(h));
        }
        const size_t purged = items.size() - kept.size();
        items = std::move(kept);
        MoveCollector sink(&moves);
        if (observed) m_scheduled.setMoveSink(&sink);
        m_scheduled.heapify();
        m_scheduled.setMoveSink(nullptr);
        m_timerCancelledCount = 0;
        if (observed) m_ctx->observers().notify([&](Observer& o) { o.timersPurged(m_id, purged, true, moves); });
        return;
    }
    size_t purged = 0;
    while (!m_scheduled.empty() && m_scheduled.front()->cancelled()) {
        --m_timerCancelledCount;
        Ref<TimerHandle> h = popTimer(observed ? &moves : nullptr);
        h->m_scheduled = false;
        ++purged;
    }
    if (observed && purged)
        m_ctx->observers().notify([&](Observer& o) { o.timersPurged(m_id, purged, false, moves); });
}

void EventLoop::computeTimeout()
{
    if (!m_ready.empty() || m_stopping) {
        m_hasTimeout = true;
        m_timeout = 0.0;
    } else if (!m_scheduled.empty()) {
        m_hasTimeout = true;
        m_timeout = std::min(std::max(0.0, m_scheduled.front()->when() - time()), kMaximumSelectTimeout);
    } else {
        m_hasTimeout = false;
        m_timeout = 0.0;
    }
}

bool EventLoop::selectPhase()
{
    if (m_ctx->observed())
        m_ctx->observers().notify([&](Observer& o) { o.select(m_id, m_hasTimeout, m_timeout); });
    m_events = m_selector->select(*m_ctx, m_hasTimeout, m_timeout);
    if (m_events.deadlock) {
        m_deadlocked = true;
        if (m_ctx->observed()) m_ctx->observers().notify([&](Observer& o) { o.deadlock(m_id); });
        endRun();
        return false;
    }
    return true;
}

void EventLoop::processEvents()
{
    for (Ref<Handle>& h : m_events.events) addReady(std::move(h));
    m_events.events.clear();
}

void EventLoop::moveDueTimers()
{
    const double endTime = time() + kClockResolution;
    const bool observed = m_ctx->observed();
    while (!m_scheduled.empty()) {
        if (m_scheduled.front()->when() >= endTime) break;
        HandleEvent e;
        Ref<TimerHandle> h = popTimer(observed ? &e.moves : nullptr);
        h->m_scheduled = false;
        m_ready.push_back(ReadyEntry(h));
        if (observed) {
            std::vector<HeapMove> moves = std::move(e.moves);
            e = handleEvent(h.get());
            e.moves = std::move(moves);
            e.heapIndex = 0;
            m_ctx->observers().notify([&](Observer& o) { o.timerDue(e); });
        }
    }
}

// Inlined into runOneReady: it is the whole of most handles' cost.
[[gnu::always_inline]] inline void EventLoop::runNativeEntry(const ReadyEntry& r)
{
    const NativeCall c = m_ready.native(r);
    Object* arg = c.arg;
    try {
        c.fn(c.self, &arg, arg ? 1 : 0);
    } catch (const PyException& e) {
        nativeCallbackFailed(r, e.exception().get());
    }
}

void EventLoop::nativeCallbackFailed(const ReadyEntry& r, Object* exc)
{
    if (isInstance(exc, types().SystemExit) || isInstance(exc, types().KeyboardInterrupt)) throw;
    Ref<Handle> handle = handleOf(r); // made only now, for the handler's context
    reportCallbackError("Exception in callback " + handle->repr(), exc);
    callExceptionHandler("Exception in callback " + handle->callbackSource(), exc, "handle", handle.get(), exc);
}

Ref<Handle> EventLoop::handleOf(const ReadyEntry& r)
{
    if (r.isHandle()) return Ref<Handle>(r.handle());
    const NativeCall c = m_ready.native(r);
    std::vector<Ref<Object>> args;
    if (c.arg) args.emplace_back(c.arg);
    return make<Handle>(handleType(), this, Callback::nativeFn(c.name ? c.name : "?", c.fn, Ref<Object>(c.self)),
                        std::move(args), r.id());
}

std::vector<Ref<Object>> EventLoop::readyHandles()
{
    std::vector<Ref<Object>> out;
    out.reserve(m_ready.size());
    for (size_t i = 0; i < m_ready.size(); ++i) out.push_back(handleOf(m_ready[i]));
    return out;
}

void EventLoop::runOneReady()
{
    ReadyEntry entry = m_ready.take_front();
    --m_todo;
    if (!m_debug) [[likely]]
        runEntry(entry);
    else
        runEntryTimed(entry);
}

void EventLoop::runEntryTimed(const ReadyEntry& entry)
{
    if (entry.isHandle() && entry.handle()->cancelled()) return runEntry(entry);
    // _format_handle: a Task's step or wakeup shows the task, anything else the Handle.
    Ref<Handle> handle = handleOf(entry);
    Task* task = handle->callback().boundTask();
    Ref<Object> subject = task ? Ref<Object>(task) : Ref<Object>(handle);
    const double t0 = time();
    runEntry(entry);
    if (!m_ctx) return;
    const double dt = time() - t0;
    if (dt < m_slowCallbackDuration) return;
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "%.3f", dt);
    constexpr int kWarning = 30;
    m_ctx->log(kWarning, "Executing " + reprText(subject.get()) + " took " + seconds + " seconds");
}

[[gnu::always_inline]] inline void EventLoop::runEntry(const ReadyEntry& entry)
{
    const bool observed = m_ctx->observed();
    if (!entry.isHandle()) {
        if (!observed) {
            runNativeEntry(entry);
            return;
        }
        HandleEvent e = entryEvent(entry);
        m_ctx->observers().notify([&](Observer& o) { o.beforeHandle(e); });
        runNativeEntry(entry);
        if (m_ctx && m_ctx->observed()) m_ctx->observers().notify([&](Observer& o) { o.afterHandle(e); });
        return;
    }
    Ref<Handle> h(entry.handle());
    if (h->cancelled()) {
        if (observed) {
            HandleEvent e = handleEvent(h.get());
            m_ctx->observers().notify([&](Observer& o) { o.handleSkipped(e); });
        }
        return;
    }
    if (!observed) {
        h->run();
        return;
    }
    HandleEvent e = handleEvent(h.get());
    m_ctx->observers().notify([&](Observer& o) { o.beforeHandle(e); });
    h->run();
    if (m_ctx && m_ctx->observed()) m_ctx->observers().notify([&](Observer& o) { o.afterHandle(e); });
}

UnitResult EventLoop::runStep(Granularity g)
{
    for (;;) {
        UnitResult r = runUnit();
        switch (r) {
        case UnitResult::Stopped:
        case UnitResult::Deadlock:
        case UnitResult::NotRunning:
            return r;
        default:
            break;
        }
        switch (g) {
        case Granularity::Unit: return r;
        case Granularity::Handle:
            if (m_unitRanHandle) return r;
            break;
        case Granularity::Phase:
            if (r != UnitResult::Handle) return r;
            break;
        case Granularity::Iteration:
            if (r == UnitResult::IterationDone) return r;
            break;
        }
    }
}

UnitResult EventLoop::runUntil(const std::function<bool()>& done)
{
    UnitResult r = m_running ? UnitResult::Phase : UnitResult::NotRunning;
    while (m_running && !done()) r = runUnit();
    return r;
}

// --- state queries --------------------------------------------------------------------------

std::vector<HandleEvent> EventLoop::readySnapshot() const
{
    std::vector<HandleEvent> out;
    out.reserve(m_ready.size());
    for (size_t i = 0; i < m_ready.size(); ++i)
        out.push_back(entryEvent(m_ready[i]));
    return out;
}

std::vector<HandleEvent> EventLoop::heapSnapshot() const
{
    std::vector<HandleEvent> out;
    out.reserve(m_scheduled.size());
    size_t i = 0;
    for (const Ref<TimerHandle>& h : m_scheduled) {
        out.push_back(handleEvent(h.get()));
        out.back().heapIndex = i++;
    }
    return out;
}

std::vector<TaskSnapshot> EventLoop::taskSnapshots() const
{
    std::vector<TaskSnapshot> out;
    if (!m_ctx) return out;
    for (Task* t : m_ctx->liveTasks()) {
        if (t->loop() != this) continue;
        TaskSnapshot s;
        s.task = t->taskEvent();
        s.state = t->state();
        s.failed = t->state() == FutureState::Finished && t->exceptionRef();
        if (Future* w = t->futWaiter()) {
            s.awaitingId = w->id();
            s.awaiting = w->label();
        }
        for (const Callback& cb : t->doneCallbacks()) s.doneCallbacks.push_back(cb.displayName());
        out.push_back(std::move(s));
    }
    return out;
}

std::string EventLoop::repr() const
{
    std::string s = "<_UnixSelectorEventLoop running=";
    s += m_running ? "True" : "False";
    s += " closed=";
    s += m_closed ? "True" : "False";
    s += " debug=" + (m_debugFlag ? strText(m_debugFlag.get()) : std::string("False")) + ">";
    return s;
}

void EventLoop::setDebug(Object* enabled)
{
    m_debugFlag = Ref<Object>(enabled);
    m_debug = isTrue(enabled);
    if (m_running) callMethod(this, "call_soon_threadsafe", { getAttr(this, "_set_coroutine_origin_tracking").get(), enabled });
}

void EventLoop::clearRefs()
{
    m_ready.clear();
    m_scheduled.clear();
    m_untilFuture = nullptr;
    m_exceptionHandler = nullptr;
    m_debugFlag = nullptr;
    m_taskFactory = nullptr;
    m_events.events.clear();
}

// --- the Python type ------------------------------------------------------------------------

namespace {

EventLoop* asLoop(Object* self)
{
    if (!self || !isInstance(self, eventLoopType())) raise(types().TypeError, "an event loop method needs a loop");
    return static_cast<EventLoop*>(self);
}

// _check_callback: only in debug mode (otherwise a bad callback is scheduled and fails when its
// handle runs, "Exception in callback"); _check_closed comes first.
void checkCallback(EventLoop* loop, Object* callback, std::string_view method)
{
    if (!loop->debug()) return;
    loop->checkClosed();
    if (aio::isCoroutine(callback) || aio::isCoroutineFunction(callback))
        raise(types().TypeError, "coroutines cannot be used with " + std::string(method) + "()");
    if (!isCallable(callback))
        raise(types().TypeError, "a callable object was expected by " + std::string(method) + "(), got " + reprText(callback));
}

// `args[index]` with the call's `context=` keyword (None or absent: a copy of the current Context).
Callback pythonCallback(EventLoop* loop, CallArgs args, size_t index)
{
    Object* context = nullptr;
    if (args.kwnames) {
        const auto names = tupleItems(args.kwnames);
        for (size_t i = 0; i < names.size(); ++i)
            if (strView(names[i].get()) == "context") context = args[args.nargs + i];
    }
    Ref<Object> captured = context && context != None() ? Ref<Object>(context)
        : loop->context()                              ? captureContext(*loop->context())
                                                       : Ref<Object>();
    return Callback::python(newRef(args[index]), std::move(captured));
}

std::vector<Ref<Object>> restArgs(CallArgs args, size_t from)
{
    std::vector<Ref<Object>> out;
    for (size_t i = from; i < args.nargs; ++i) out.emplace_back(args[i]);
    return out;
}

// The signature `method(<leading>, callback, *args, context=None)` of call_soon and friends: the
// errors CPython raises for missing leading arguments and for keywords other than context.
void checkSchedulingArgs(std::string_view method, CallArgs args, std::initializer_list<std::string_view> leading)
{
    const std::string fn = "BaseEventLoop." + std::string(method) + "()";
    for (size_t k = 0; k < args.nkwargs(); ++k) {
        std::string_view name = strView(args.kwnames->items[k].get());
        if (name != "context") raise(types().TypeError, fn + " got an unexpected keyword argument '" + std::string(name) + "'");
    }
    if (args.nargs >= leading.size()) return;
    std::vector<std::string_view> missing(leading.begin() + args.nargs, leading.end());
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i) {
        if (i) list += i + 1 == missing.size() ? " and " : ", ";
        list += "'" + std::string(missing[i]) + "'";
    }
    raise(types().TypeError, fn + " missing " + std::to_string(missing.size()) + " required positional argument"
              + (missing.size() == 1 ? "" : "s") + ": " + list);
}

Ref<Object> loopCallSoon(Object* self, CallArgs args)
{
    checkSchedulingArgs("call_soon", args, { "callback" });
    EventLoop* loop = asLoop(self);
    checkCallback(loop, args[0], "call_soon");
    return loop->callSoon(pythonCallback(loop, args, 0), restArgs(args, 1));
}

// call_soon, then a byte to the self-pipe, which the virtual selector never reports: the same trace.
Ref<Object> loopCallSoonThreadsafe(Object* self, CallArgs args)
{
    checkSchedulingArgs("call_soon_threadsafe", args, { "callback" });
    EventLoop* loop = asLoop(self);
    checkCallback(loop, args[0], "call_soon_threadsafe");
    return loop->callSoon(pythonCallback(loop, args, 0), restArgs(args, 1));
}

Ref<Object> loopCallLater(Object* self, CallArgs args)
{
    checkSchedulingArgs("call_later", args, { "delay", "callback" });
    EventLoop* loop = asLoop(self);
    if (args[0] == None()) raise(types().TypeError, "delay must not be None");
    // call_later computes self.time() + delay, so a non-number fails in that addition.
    if (!isFloat(args[0]) && !isInt(args[0]))
        raise(types().TypeError, "unsupported operand type(s) for +: 'float' and '" + args[0]->type()->name() + "'");
    checkCallback(loop, args[1], "call_at");
    return loop->callLater(toDouble(args[0]), pythonCallback(loop, args, 1), restArgs(args, 2));
}

Ref<Object> loopCallAt(Object* self, CallArgs args)
{
    checkSchedulingArgs("call_at", args, { "when", "callback" });
    EventLoop* loop = asLoop(self);
    if (args[0] == None()) raise(types().TypeError, "when cannot be None");
    checkCallback(loop, args[1], "call_at");
    Ref<TimerHandle> h = loop->callAt(toDouble(args[0]), pythonCallback(loop, args, 1), restArgs(args, 2));
    // TimerHandle keeps `when` as given: an exact int stays an int in its repr and when().
    if (args[0]->type() == types().int_) {
        const double w = h->when();
        h->setWhenIsInt(std::abs(w) < 9007199254740992.0 && equals(args[0], newInt(static_cast<int64_t>(w)).get()));
    }
    return h;
}

Coro shutdownNothing()
{
    co_return newRef(None()); // no async generators and no default executor in version 1
}

} // namespace

TypeObject* eventLoopType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("_UnixSelectorEventLoop", types().object, TypeObject::BaseType,
                                         "asyncio.unix_events");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asLoop(self)->repr()); };
        addMethod(type, "call_soon", loopCallSoon);
        addMethod(type, "call_soon_threadsafe", loopCallSoonThreadsafe);
        addMethod(type, "call_later", loopCallLater);
        addMethod(type, "call_at", loopCallAt);
        addMethod(type, "time", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("time", args, {}, {});
            return newFloat(asLoop(self)->time());
        });
        addMethod(type, "run_forever", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("run_forever", args, {}, {});
            asLoop(self)->runForever();
            return newRef(None());
        });
        addMethod(type, "run_until_complete", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("run_until_complete", args, { "future" }, out);
            return asLoop(self)->runUntilComplete(out[0]);
        });
        addMethod(type, "stop", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("stop", args, {}, {});
            asLoop(self)->stop();
            return newRef(None());
        });
        addMethod(type, "close", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("close", args, {}, {});
            asLoop(self)->close();
            return newRef(None());
        });
        addMethod(type, "is_running", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("is_running", args, {}, {});
            return newRef(boolObject(asLoop(self)->isRunning()));
        });
        addMethod(type, "is_closed", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("is_closed", args, {}, {});
            return newRef(boolObject(asLoop(self)->isClosed()));
        });
        // The private state lectures print: _ready is a deque of Handles, _scheduled the heap array.
        addProperty(type, "_ready", [](Object* self, CallArgs) -> Ref<Object> {
            return newDeque(asLoop(self)->readyHandles());
        });
        addProperty(type, "_scheduled", [](Object* self, CallArgs) -> Ref<Object> {
            const auto& heap = asLoop(self)->scheduled().items();
            return newList(std::vector<Ref<Object>>(heap.begin(), heap.end()));
        });
        addProperty(type, "_stopping", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asLoop(self)->stopping()));
        });
        addProperty(type, "_closed", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asLoop(self)->isClosed()));
        });
        addProperty(type, "_timer_cancelled_count", [](Object* self, CallArgs) -> Ref<Object> {
            return newInt(int64_t(asLoop(self)->timerCancelledCount()));
        });
        addProperty(type, "_clock_resolution", [](Object*, CallArgs) -> Ref<Object> { return newFloat(EventLoop::kClockResolution); });
        addProperty(type, "_debug", [](Object* self, CallArgs) -> Ref<Object> {
            Object* flag = asLoop(self)->debugFlag();
            return newRef(flag ? flag : False());
        });
        addMethod(type, "get_debug", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_debug", args, {}, {});
            Object* flag = asLoop(self)->debugFlag();
            return newRef(flag ? flag : False());
        });
        addMethod(type, "set_debug", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_debug", args, { "enabled" }, out);
            asLoop(self)->setDebug(out[0]);
            return newRef(None());
        });
        // sys.set_coroutine_origin_tracking_depth only changes what warnings say: nothing to model.
        addMethod(type, "_set_coroutine_origin_tracking", [](Object*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("_set_coroutine_origin_tracking", args, { "enabled" }, out);
            return newRef(None());
        });
        addProperty(
            type, "slow_callback_duration",
            [](Object* self, CallArgs) -> Ref<Object> { return newFloat(asLoop(self)->slowCallbackDuration()); },
            [](Object* self, CallArgs args) -> Ref<Object> {
                asLoop(self)->setSlowCallbackDuration(toDouble(args[0]));
                return newRef(None());
            });
        addMethod(type, "get_exception_handler", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_exception_handler", args, {}, {});
            Object* h = asLoop(self)->exceptionHandler();
            return newRef(h ? h : None());
        });
        addMethod(type, "set_exception_handler", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_exception_handler", args, { "handler" }, out);
            asLoop(self)->setExceptionHandler(out[0]);
            return newRef(None());
        });
        addMethod(type, "call_exception_handler", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("call_exception_handler", args, { "context" }, out);
            asLoop(self)->callExceptionHandler(out[0]);
            return newRef(None());
        });
        addMethod(type, "default_exception_handler", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("default_exception_handler", args, { "context" }, out);
            asLoop(self)->defaultExceptionHandler(out[0]);
            return newRef(None());
        });
        addMethod(type, "create_future", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("create_future", args, {}, {});
            return asLoop(self)->createFuture();
        });
        addMethod(type, "create_task", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[3] = {};
            parseArgs("create_task", args, { "coro", "*name=", "*context=" }, out);
            Object* name = out[1] && out[1] != None() ? out[1] : nullptr;
            Object* context = out[2] && out[2] != None() ? out[2] : nullptr;
            return asLoop(self)->createTask(newRef(out[0]), name, context);
        });
        addMethod(type, "set_task_factory", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_task_factory", args, { "factory" }, out);
            asLoop(self)->setTaskFactory(out[0]);
            return newRef(None());
        });
        addMethod(type, "get_task_factory", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_task_factory", args, {}, {});
            Object* f = asLoop(self)->taskFactory();
            return newRef(f ? f : None());
        });
        addMethod(type, "shutdown_asyncgens", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("shutdown_asyncgens", args, {}, {});
            return shutdownNothing().named("BaseEventLoop.shutdown_asyncgens");
        });
        addMethod(type, "shutdown_default_executor", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("shutdown_default_executor", args, {}, {});
            return shutdownNothing().named("BaseEventLoop.shutdown_default_executor");
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace loopscope
