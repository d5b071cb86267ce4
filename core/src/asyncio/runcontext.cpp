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
    // Objects of the run may outlive the context (the heap is torn down later): cut their links.
    for (Task* t = m_firstTask; t;) {
        Task* next = t->m_nextTask;
        t->m_ctx = nullptr;
        t->m_prevTask = t->m_nextTask = nullptr;
        t = next;
    }
    m_firstTask = m_lastTask = nullptr;
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
    return EventLoop::create(*this);
}

void RunContext::registerTask(Task* task) noexcept
{
    task->m_prevTask = m_lastTask;
    task->m_nextTask = nullptr;
    if (m_lastTask)
        m_lastTask->m_nextTask = task;
    else
        m_firstTask = task;
    m_lastTask = task;
}

void RunContext::unregisterTask(Task* task) noexcept
{
    if (task->m_prevTask)
        task->m_prevTask->m_nextTask = task->m_nextTask;
    else if (m_firstTask == task)
        m_firstTask = task->m_nextTask;
    if (task->m_nextTask)
        task->m_nextTask->m_prevTask = task->m_prevTask;
    else if (m_lastTask == task)
        m_lastTask = task->m_prevTask;
    task->m_prevTask = task->m_nextTask = nullptr;
}

std::vector<Task*> RunContext::allTasks(EventLoop* loop) const
{
    std::vector<Task*> out;
    for (Task* t = m_firstTask; t; t = t->m_nextTask)
        if ((!loop || t->loop() == loop) && !t->done()) out.push_back(t);
    return out;
}

std::vector<Task*> RunContext::liveTasks() const
{
    std::vector<Task*> out;
    for (Task* t = m_firstTask; t; t = t->m_nextTask) out.push_back(t);
    return out;
}

void RunContext::finishRun()
{
    std::vector<Ref<Task>> tasks; // taken first: an exception handler may make or free tasks
    for (Task* t = m_firstTask; t; t = t->m_nextTask) tasks.emplace_back(t);
    for (const Ref<Task>& t : tasks) t->reportUnretrieved();
    closePendingCoroutines();
}

void RunContext::closePendingCoroutines(bool nativeOnly)
{
    if (m_finalizing) return;
    std::vector<Ref<Object>> coros; // taken first: closing may finish or free tasks
    for (Task* t = m_firstTask; t; t = t->m_nextTask) {
        Object* coro = t->coro();
        if (t->done() || !coro || (nativeOnly && !closableWithoutInterpreter(coro))) continue;
        coros.emplace_back(coro);
    }
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
