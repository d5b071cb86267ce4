// RunContext: the per-run state CPython keeps in module globals (events.py, tasks.py).
#include <algorithm>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/future.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope {

namespace {
thread_local RunContext* t_current = nullptr;

// Native coroutines awaiting only native coroutines and futures can be closed with no VM running.
bool closableWithoutInterpreter(Object* coro)
{
    while (coro && isNativeCoroutine(coro))
        coro = static_cast<NativeCoroutine*>(coro)->awaiting();
    return !coro || coro->type() == futureIterType();
}
} // namespace

RunContext* RunContext::current() noexcept
{
    return t_current;
}

RunContext::Scope::Scope(RunContext& ctx) noexcept
    : m_previous(t_current)
{
    t_current = &ctx;
}

RunContext::Scope::~Scope()
{
    t_current = m_previous;
}

RunContext::RunContext() = default;

RunContext::~RunContext()
{
    // Observers may already be gone (a run that ended by a C++ exception did not detach them).
    m_observers = ObserverSet();
    {
        Scope scope(*this); // what the closed coroutines make binds to this run
        closePendingCoroutines(true);
    }
    if (t_current == this) t_current = nullptr;
    // Objects of the run may outlive the context (the heap is torn down later): their loops are
    // detached below, which is how tasks reach the context.
    m_tasks.clear();
    m_policyLoop = nullptr;
    for (EventLoop* loop : std::vector<EventLoop*>(m_loops)) loop->detachContext();
}

void RunContext::advance(double dt)
{
    const double old = m_clock.advance(dt);
    if (observed() && old != m_clock.now()) {
        const double now = m_clock.now();
        m_observers.notify([&](Observer& o) { o.clockMoved(old, now); });
    }
}

void RunContext::output(std::string_view text)
{
    if (observed())
        m_observers.notify([&](Observer& o) { o.output(text); });
    else if (m_finalizingObservers && !m_finalizingObservers->empty())
        m_finalizingObservers->notify([&](Observer& o) { o.output(text); });
}

void RunContext::reportUncaught(Object* exc)
{
    if (!observed() || !exc) return;
    ErrorEvent e;
    e.type = exc->type()->name();
    try {
        e.message = strText(exc);
    } catch (const PyException&) {
    }
    e.context = "uncaught";
    m_observers.notify([&](Observer& o) { o.uncaughtError(e); });
}

void RunContext::log(int level, std::string_view message, Object* exc) const
{
    if (m_logHandler && !m_pythonCallsEnded && m_logHandler(level, message, exc)) return;
    constexpr int kWarning = 30;
    if (level < kWarning) return;
    std::string text(message);
    if (exc && isExceptionInstance(exc)) {
        std::string tb = formatException(exc);
        while (!tb.empty() && tb.back() == '\n') tb.pop_back();
        text += "\n" + tb;
    }
    errorOutput(text + "\n");
}

std::string RunContext::formatException(Object* exc) const
{
    if (m_formatException) return m_formatException(exc);
    std::string text = exc->type()->name();
    try {
        const std::string message = strText(exc);
        if (!message.empty()) text += ": " + message;
    } catch (const PyException&) {
    }
    return text + "\n";
}

EventLoop* RunContext::getRunningLoop()
{
    if (!m_runningLoop) raise(types().RuntimeError, "no running event loop");
    return m_runningLoop;
}

EventLoop* RunContext::getEventLoop()
{
    if (m_runningLoop) return m_runningLoop;
    if (!m_policyLoop) m_policyLoop = newEventLoop();
    return m_policyLoop.get();
}

void RunContext::setEventLoop(EventLoop* loop)
{
    m_policyLoop = Ref<EventLoop>(loop);
}

Ref<EventLoop> RunContext::newEventLoop()
{
    constexpr int kDebug = 10;
    // BaseSelectorEventLoop.__init__ logs its selector: DefaultSelector on Linux is epoll.
    log(kDebug, "Using selector: EpollSelector");
    return EventLoop::create(*this);
}

void RunContext::registerTask(Task* task) noexcept
{
    m_tasks.push_back(reinterpret_cast<uintptr_t>(task));
}

void RunContext::unregisterTask(Task* task) noexcept
{
    const uint64_t id = task->id();
    const auto idOf = [](uintptr_t e) { return e & 1 ? uint64_t(e >> 1) : reinterpret_cast<const Task*>(e)->id(); };
    const uintptr_t live = reinterpret_cast<uintptr_t>(task);
    size_t i = m_taskHint;
    if (i >= m_tasks.size() || m_tasks[i] != live) {
        const auto it = std::lower_bound(m_tasks.begin(), m_tasks.end(), id,
                                         [&](uintptr_t e, uint64_t key) { return idOf(e) < key; });
        i = static_cast<size_t>(it - m_tasks.begin());
        if (i >= m_tasks.size() || m_tasks[i] != live) {
            // Not in id order (or never registered): look everywhere rather than trust the order.
            const auto found = std::find(m_tasks.begin(), m_tasks.end(), live);
            if (found == m_tasks.end()) return;
            i = static_cast<size_t>(found - m_tasks.begin());
        }
    }
    m_tasks[i] = uintptr_t(id) << 1 | 1;
    m_taskHint = i + 1;
    if (++m_deadTasks > 32 && m_deadTasks * 2 > m_tasks.size()) {
        m_tasks.erase(std::remove_if(m_tasks.begin(), m_tasks.end(), [](uintptr_t e) { return e & 1; }), m_tasks.end());
        m_deadTasks = 0;
        m_taskHint = 0;
    }
}

std::vector<Task*> RunContext::allTasks(EventLoop* loop) const
{
    std::vector<Task*> out;
    forEachTask([&](Task* t) {
        if ((!loop || t->loop() == loop) && !t->done()) out.push_back(t);
    });
    return out;
}

std::vector<Task*> RunContext::liveTasks() const
{
    std::vector<Task*> out;
    forEachTask([&](Task* t) { out.push_back(t); });
    return out;
}

void RunContext::finishRun()
{
    std::vector<Ref<Task>> tasks; // taken first: an exception handler may make or free tasks
    forEachTask([&](Task* t) { tasks.emplace_back(t); });
    for (const Ref<Task>& t : tasks) t->reportUnretrieved();
    closePendingCoroutines();
}

void RunContext::closePendingCoroutines(bool nativeOnly)
{
    if (m_finalizing) return;
    std::vector<Ref<Object>> coros; // taken first: closing may finish or free tasks
    forEachTask([&](Task* t) {
        Object* coro = t->coro();
        if (!t->done() && coro && (!nativeOnly || closableWithoutInterpreter(coro))) coros.emplace_back(coro);
    });
    if (coros.empty()) return;
    ObserverSet observers;
    std::swap(observers, m_observers);
    m_finalizingObservers = &observers;
    m_finalizing = true;
    struct Restore {
        RunContext& ctx;
        ObserverSet& saved;
        ~Restore()
        {
            ctx.m_finalizing = false;
            ctx.m_finalizingObservers = nullptr;
            std::swap(saved, ctx.m_observers);
        }
    } restore { *this, observers };
    for (const Ref<Object>& coro : coros) {
        try {
            if (isNativeCoroutine(coro.get()))
                static_cast<NativeCoroutine*>(coro.get())->close();
            else
                callMethod(coro.get(), "close");
        } catch (const PyException&) {
            // CPython: "Exception ignored in: <coroutine object …>"; the others are still closed.
        } catch (...) {
            return; // the run was aborted (budget, stop): close no further
        }
    }
}

void RunContext::registerLoop(EventLoop* loop)
{
    m_loops.push_back(loop);
}

void RunContext::unregisterLoop(EventLoop* loop) noexcept
{
    m_loops.erase(std::remove(m_loops.begin(), m_loops.end(), loop), m_loops.end());
}

} // namespace loopscope
