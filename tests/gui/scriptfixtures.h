#pragma once
// Hand-written ScriptedTimelines for the GUI tests: the first iterations of the potatoes seed
// example (two shoppers sleeping on the shelf, asyncio.wait's _on_completion) and a deep heap.
// The states are written by hand after the canonical trace; nothing here runs a loop.

#include "scriptedtimeline.h"

#include <algorithm>

namespace loopscope::test {

/// Builds potatoes-like events on a ScriptedTimeline's working state.
class PotatoesScript {
public:
    explicit PotatoesScript(ScriptedTimeline& timeline)
        : m_t(timeline)
        , m_s(timeline.state())
    {
        m_s.currentFile = "potatoes.py";
    }

    static HandleView handle(uint64_t id, const char* callback, const char* task = "", const char* arg = "")
    {
        HandleView h;
        h.id = id;
        h.callback = callback;
        h.task = task;
        h.argTask = arg;
        return h;
    }
    static HandleView timer(uint64_t id, double when)
    {
        HandleView h = handle(id, "_set_result_unless_cancelled");
        h.timer = true;
        h.when = when;
        return h;
    }
    TaskView& task(uint64_t id)
    {
        const auto it = std::find_if(m_s.tasks.begin(), m_s.tasks.end(), [id](const TaskView& t) { return t.id == id; });
        return m_s.tasks.mutate(size_t(it - m_s.tasks.begin()));
    }

    void createTask(uint64_t id, const char* coro, uint64_t stepHandle)
    {
        TaskView t;
        t.id = id;
        t.name = "Task-" + std::to_string(id);
        t.coro = coro;
        t.frames = { FrameView { coro, "potatoes.py", 0, {}, false } };
        m_s.tasks.push_back(t);
        m_t.record(EventKind::TaskCreated, QStringLiteral("task Task-%1 coro=%2").arg(id).arg(coro), id);
        soon(handle(stepHandle, "__step", m_s.tasks.back().name.c_str()));
    }
    void soon(const HandleView& h)
    {
        m_s.ready.push_back(h);
        m_t.record(EventKind::Soon, QStringLiteral("soon ") + label(h), 0, h.id);
    }
    void iteration(int n)
    {
        m_s.iteration = n;
        m_s.phase = LoopPhase::PurgeCancelled;
        m_s.selectTimeout = std::numeric_limits<double>::quiet_NaN();
        m_t.record(EventKind::Iteration, QStringLiteral("iter %1 ready=%2 timers=%3").arg(n).arg(m_s.ready.size()).arg(m_s.heap.size()));
        m_s.phase = LoopPhase::ComputeTimeout;
        m_s.selectTimeout = m_s.ready.empty() ? (m_s.heap.empty() ? m_s.selectTimeout : m_s.heap.front().when - m_s.clock) : 0.0;
        m_t.record(EventKind::Phase, QStringLiteral("phase compute timeout"));
        m_s.phase = LoopPhase::Select;
        m_s.clock += m_s.selectTimeout;
        m_t.record(EventKind::Select, QStringLiteral("select timeout=%1").arg(m_s.selectTimeout, 0, 'f', 6));
        m_s.phase = LoopPhase::MoveDueTimers;
        m_t.record(EventKind::Phase, QStringLiteral("phase move due timers"));
    }
    /// Pops the heap's root into the ready deque (heapq's pop: the last element sifts down).
    void due()
    {
        HandleView h = m_s.heap.front();
        m_s.heap.front() = m_s.heap.back();
        m_s.heap.pop_back();
        std::vector<HandleView>& heap = m_s.heap;
        size_t i = 0;
        for (;;) {
            size_t smallest = i;
            for (size_t c : { 2 * i + 1, 2 * i + 2 }) {
                if (c < heap.size() && heap[c].when < heap[smallest].when)
                    smallest = c;
            }
            if (smallest == i)
                break;
            std::swap(heap[i], heap[smallest]);
            i = smallest;
        }
        m_s.ready.push_back(h);
        m_t.record(EventKind::Due, QStringLiteral("due ") + label(h), 0, h.id);
    }
    void runReadyPhase()
    {
        m_s.phase = LoopPhase::RunReady;
        m_t.record(EventKind::Phase, QStringLiteral("phase run ready"));
    }
    void runBegin(uint64_t taskId = 0)
    {
        m_s.runningHandle = m_s.ready.front();
        m_s.ready.erase(m_s.ready.begin());
        m_s.running = true;
        m_s.lineInHandle = false;
        m_s.runningTaskId = taskId;
        if (taskId)
            task(taskId).state = TaskView::State::Running;
        m_t.record(EventKind::RunBegin, QStringLiteral("run ") + label(m_s.runningHandle), taskId, m_s.runningHandle.id);
    }
    void line(int n)
    {
        if (m_s.runningTaskId && !task(m_s.runningTaskId).frames.empty())
            task(m_s.runningTaskId).frames.back().line = n;
        m_t.recordLine(n);
    }
    void out(const QString& text) { m_t.record(EventKind::Output, text, m_s.runningTaskId); }
    /// The running task parks on a sleep: a timer on the heap and a future it awaits.
    void sleepUntil(uint64_t timerId, double when, uint64_t futureId, std::vector<FrameView> frames)
    {
        HandleView h = timer(timerId, when);
        m_s.heap.push_back(h);
        for (size_t i = m_s.heap.size() - 1; i > 0 && m_s.heap[(i - 1) / 2].when > m_s.heap[i].when; i = (i - 1) / 2)
            std::swap(m_s.heap[i], m_s.heap[(i - 1) / 2]);
        TaskView& t = task(m_s.runningTaskId);
        t.state = TaskView::State::Suspended;
        t.awaiting = "sleep future (Future-" + std::to_string(futureId) + ")";
        t.awaitingId = futureId;
        t.frames = std::move(frames);
        m_s.futures.push_back(FutureView { futureId, "Future-" + std::to_string(futureId) + " (sleep 2)",
            FutureView::State::Pending, { "Task.__wakeup" } });
        m_t.record(EventKind::Timer, QStringLiteral("timer _set_result_unless_cancelled when=%1").arg(when, 0, 'f', 6), t.id, timerId);
    }
    void runEnd()
    {
        const HandleView h = m_s.runningHandle;
        const uint64_t taskId = m_s.runningTaskId;
        m_s.running = false;
        m_s.runningHandle = HandleView {};
        m_s.runningTaskId = 0;
        m_s.currentLine = 0;
        m_t.record(EventKind::RunEnd, QStringLiteral("end ") + label(h), taskId, h.id);
    }
    /// A sleep future's timer ran: the future is done and the task's __wakeup is scheduled.
    void wake(uint64_t futureId, uint64_t taskId, uint64_t wakeupHandle)
    {
        for (auto it = m_s.futures.begin(); it != m_s.futures.end(); ++it) {
            if (it->id == futureId) {
                m_s.futures.erase(it);
                break;
            }
        }
        TaskView& t = task(taskId);
        t.state = TaskView::State::Scheduled;
        t.awaiting.clear();
        t.awaitingId = 0;
        soon(handle(wakeupHandle, "__wakeup", t.name.c_str()));
    }

    ScriptedTimeline& timeline() { return m_t; }
    LoopState& state() { return m_s; }

    static QString label(const HandleView& h)
    {
        QString s = QString::fromStdString(h.callback);
        if (!h.task.empty())
            s += QLatin1Char(' ') + QString::fromStdString(h.task);
        if (!h.argTask.empty())
            s += QStringLiteral(" arg=") + QString::fromStdString(h.argTask);
        return s;
    }

private:
    ScriptedTimeline& m_t;
    LoopState& m_s;
};

inline std::vector<FrameView> potatoFrames(int sleepLine, const char* shopper, const char* taker, const char* asker, int buyLine, int takeLine, int count)
{
    return {
        FrameView { shopper, "potatoes.py", buyLine, { { "num", "12" }, { "bucket", "[<Potato>, <Potato>]" } }, true },
        FrameView { taker, "potatoes.py", takeLine, { { "num", "12" }, { "count", std::to_string(count) } }, true },
        FrameView { asker, "potatoes.py", sleepLine, {}, true },
    };
}

/// Indices of interesting events in the potatoes script.
struct PotatoesMarks {
    uint64_t firstSleep = 0; ///< Task-1's timer pushed on the heap
    uint64_t firstDue = 0; ///< the first timer moved from the heap to the ready deque
    uint64_t wakeupRunning = 0; ///< __wakeup Task-1 running at t=2
    uint64_t onCompletionRunning = 0; ///< _on_completion arg=Task-1 running
};

/// The potatoes run from the first task to asyncio.wait's _on_completion, by hand.
inline PotatoesMarks buildPotatoes(ScriptedTimeline& timeline)
{
    PotatoesMarks marks;
    PotatoesScript p(timeline);
    LoopState& s = p.state();
    p.createTask(1, "buy_potatos", 1);
    p.createTask(2, "buy_tomatos", 2);
    p.createTask(3, "wait", 3);

    p.iteration(1);
    p.runReadyPhase();
    p.runBegin(1);
    p.line(64);
    p.out(QStringLiteral("add potato 1, left on shelf 1"));
    p.out(QStringLiteral("add potato 2, left on shelf 0"));
    p.line(29);
    p.sleepUntil(4, 2.0, 11, potatoFrames(29, "buy_potatos", "take_potatos", "ask_for_potatos", 64, 42, 2));
    marks.firstSleep = timeline.eventCount() - 1;
    p.runEnd();
    p.runBegin(2);
    p.line(71);
    p.out(QStringLiteral("add tomato 1, left on shelf 2"));
    p.out(QStringLiteral("add tomato 2, left on shelf 1"));
    p.out(QStringLiteral("add tomato 3, left on shelf 0"));
    p.line(34);
    p.sleepUntil(5, 2.0, 12, potatoFrames(34, "buy_tomatos", "take_tomatos", "ask_for_tomatos", 71, 54, 3));
    p.runEnd();
    p.runBegin(3);
    p.task(3).state = TaskView::State::Suspended;
    p.task(3).awaiting = "waiter (Future-13)";
    p.task(3).awaitingId = 13;
    p.task(3).frames = { FrameView { "wait", "asyncio/tasks.py", 0, {}, false }, FrameView { "_wait", "asyncio/tasks.py", 0, {}, false } };
    p.task(1).doneCallbacks = { "_on_completion" };
    p.task(2).doneCallbacks = { "_on_completion" };
    s.futures.push_back(FutureView { 13, "Future-13 (wait's waiter)", FutureView::State::Pending, { "Task.__wakeup" } });
    p.runEnd();

    p.iteration(2);
    p.due();
    marks.firstDue = timeline.eventCount() - 1;
    p.due();
    p.runReadyPhase();
    p.runBegin();
    p.wake(11, 1, 6);
    p.runEnd();
    p.runBegin();
    p.wake(12, 2, 7);
    p.runEnd();

    p.iteration(3);
    p.runReadyPhase();
    p.runBegin(1);
    marks.wakeupRunning = timeline.eventCount() - 1;
    p.line(65);
    for (int i = 3; i <= 8; ++i)
        p.out(QStringLiteral("add potato %1, left on shelf %2").arg(i).arg(8 - i));
    p.line(29);
    p.sleepUntil(8, 4.0, 14, potatoFrames(29, "buy_potatos", "take_potatos", "ask_for_potatos", 64, 42, 8));
    p.runEnd();
    p.runBegin(2);
    p.line(72);
    for (int i = 4; i <= 6; ++i)
        p.out(QStringLiteral("add tomato %1, left on shelf %2").arg(i).arg(6 - i));
    p.line(34);
    p.sleepUntil(9, 4.0, 15, potatoFrames(34, "buy_tomatos", "take_tomatos", "ask_for_tomatos", 71, 54, 6));
    p.runEnd();

    p.iteration(4);
    p.due();
    p.due();
    p.runReadyPhase();
    p.runBegin();
    p.wake(14, 1, 10);
    p.runEnd();
    p.runBegin();
    p.wake(15, 2, 11);
    p.runEnd();

    p.iteration(5);
    p.runReadyPhase();
    p.runBegin(1);
    p.line(65);
    for (int i = 9; i <= 12; ++i)
        p.out(QStringLiteral("add potato %1, left on shelf %2").arg(i).arg(15 - i));
    p.task(1).state = TaskView::State::Done;
    p.task(1).result = "None";
    p.task(1).frames.clear();
    timeline.record(EventKind::TaskDone, QStringLiteral("done Task-1 result"), 1);
    p.soon(PotatoesScript::handle(12, "_on_completion", "", "Task-1"));
    p.runEnd();
    p.runBegin(2);
    p.line(72);
    p.out(QStringLiteral("add tomato 7, left on shelf 0"));
    p.line(34);
    p.sleepUntil(13, 6.0, 16, potatoFrames(34, "buy_tomatos", "take_tomatos", "ask_for_tomatos", 71, 54, 7));
    p.runEnd();

    p.iteration(6);
    p.runReadyPhase();
    p.runBegin();
    marks.onCompletionRunning = timeline.eventCount() - 1;
    p.runEnd();
    return marks;
}

/// A heap of `n` timers with distinct deadlines pushed in a scrambled order (heapq layout kept by hand).
inline void buildDeepHeap(ScriptedTimeline& timeline, int n)
{
    PotatoesScript p(timeline);
    LoopState& s = p.state();
    for (int i = 0; i < n; ++i) {
        HandleView h = PotatoesScript::timer(uint64_t(100 + i), double((i * 7) % n) + 1.0);
        h.callback = "tick";
        s.heap.push_back(h);
        for (size_t k = s.heap.size() - 1; k > 0 && s.heap[(k - 1) / 2].when > s.heap[k].when; k = (k - 1) / 2)
            std::swap(s.heap[k], s.heap[(k - 1) / 2]);
        timeline.record(EventKind::Timer, QStringLiteral("timer tick when=%1").arg(h.when, 0, 'f', 6), 0, h.id);
    }
}

} // namespace loopscope::test
