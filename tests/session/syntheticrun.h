#pragma once
// A synthetic but realistic run, told to an EventLog through its Observer hooks in the order the
// loop would: iterations and phases, tasks that sleep on timers (a real heapq with its sift
// moves), wake-ups, cancelled timers and their purge, output, lines, and tasks that finish.

#include <loopscope/asyncio/timerheap.h>
#include <loopscope/debug/eventlog.h>

#include <deque>
#include <random>
#include <string>

namespace loopscope::testing {

class SyntheticRun {
public:
    SyntheticRun(EventLog& log, uint32_t seed) : m_log(log), m_rng(seed) { }

    /// Runs until the log holds at least `events` events, then ends the run.
    void run(size_t events, int tasks = 6)
    {
        m_log.loopStarted(1);
        for (int i = 0; i < tasks; ++i) spawn();
        uint64_t n = 0;
        while (m_log.size() < events) {
            if (m_live == 0 || (m_ready.empty() && m_heap.empty())) spawn();
            iteration(++n);
        }
        m_log.loopStopped(1);
        m_log.finish("completed");
    }

private:
    struct Timer {
        double when = 0.0;
        uint64_t handle = 0;
        uint64_t task = 0;
        bool cancelled = false;
    };
    struct Less {
        bool operator()(const Timer& a, const Timer& b) const { return a.when < b.when; }
    };
    struct Collector final : HeapMoveSink {
        std::vector<HeapMove> moves;
        void lifted(size_t i) override { moves.push_back({ HeapMove::Kind::Lifted, i, i }); }
        void moved(size_t f, size_t t) override { moves.push_back({ HeapMove::Kind::Moved, f, t }); }
        void placed(size_t i) override { moves.push_back({ HeapMove::Kind::Placed, i, i }); }
    };
    struct Ready {
        HandleEvent h;
        uint64_t task = 0; // the task this handle steps, 0 for a timer callback
        uint64_t timerTask = 0; // the task a timer callback wakes
    };

    std::string name(uint64_t task) const { return "Task-" + std::to_string(task); }
    TaskEvent taskEvent(uint64_t id) const { return { id, name(id), id % 3 ? "worker" : "producer", nullptr }; }
    HandleEvent handle(const std::string& callback, uint64_t task, bool timer = false, double when = 0.0)
    {
        HandleEvent h;
        h.loopId = 1;
        h.id = ++m_handles;
        h.callback = callback;
        if (task) {
            h.task = name(task);
            h.taskId = task;
        }
        h.timer = timer;
        h.when = when;
        return h;
    }
    void spawn()
    {
        uint64_t id = ++m_tasks;
        ++m_live;
        m_log.taskCreated(taskEvent(id));
        HandleEvent h = handle("__step", id);
        m_log.handleScheduled(h);
        m_ready.push_back({ h, id, 0 });
    }
    void iteration(uint64_t n)
    {
        m_log.beforeIteration({ 1, n, m_ready.size(), m_heap.size() });
        m_log.beforePhase(1, LoopPhase::PurgeCancelled);
        purge();
        m_log.beforePhase(1, LoopPhase::ComputeTimeout);
        m_log.beforePhase(1, LoopPhase::Select);
        double timeout = m_ready.empty() && !m_heap.empty() ? std::max(0.0, m_heap.front().when - m_clock) : 0.0;
        m_log.select(1, !m_heap.empty() || !m_ready.empty(), timeout);
        if (timeout > 0) {
            m_log.clockMoved(m_clock, m_clock + timeout);
            m_clock += timeout;
        }
        m_log.beforePhase(1, LoopPhase::ProcessEvents);
        m_log.beforePhase(1, LoopPhase::MoveDueTimers);
        while (!m_heap.empty() && m_heap.front().when < m_clock + 1e-9) {
            Collector c;
            m_heap.setMoveSink(&c);
            Timer t = m_heap.pop();
            m_heap.setMoveSink(nullptr);
            HandleEvent h = handle("_set_result_unless_cancelled", 0, true, t.when);
            h.id = t.handle;
            h.moves = c.moves;
            m_log.timerDue(h);
            m_ready.push_back({ h, 0, t.task });
        }
        m_log.beforePhase(1, LoopPhase::RunReady);
        for (size_t todo = m_ready.size(); todo > 0; --todo) {
            Ready r = m_ready.front();
            m_ready.pop_front();
            m_log.beforeHandle(r.h);
            if (r.task)
                step(r.task);
            else
                wake(r.timerTask);
            m_log.afterHandle(r.h);
        }
    }
    void wake(uint64_t task)
    {
        FutureEvent f { 1000 + task, "Future-" + std::to_string(1000 + task), false, FutureEvent::State::Finished, nullptr };
        m_log.futureStateChanged(f);
        HandleEvent h = handle("__wakeup", task);
        m_log.handleScheduled(h);
        m_ready.push_back({ h, task, 0 });
    }
    void step(uint64_t task)
    {
        m_log.beforeTaskStep(taskEvent(task));
        int lines = 1 + int(m_rng() % 3);
        for (int i = 0; i < lines; ++i)
        {
            m_log.line({ task, "worker", "potatoes.py", 10 + int(m_rng() % 20) });
            if (m_rng() % 2) m_log.recordLocals({ { "i", std::to_string(i) }, { "delay", std::to_string(m_rng() % 8 * 0.25) } });
        }
        if (m_rng() % 4 == 0) m_log.output("task " + std::to_string(task) + " at " + std::to_string(m_clock) + "\n");
        uint32_t roll = m_rng() % 16;
        if (roll == 0) {
            StepOutcome o { StepOutcome::Kind::Returned, 0, "" };
            m_log.afterTaskStep(taskEvent(task), o);
            TaskDoneEvent d;
            d.task = taskEvent(task);
            d.detail = std::to_string(task * 7);
            m_log.taskDone(d);
            --m_live;
            if (m_rng() % 2) spawn();
            return;
        }
        if (roll == 1 && !m_heap.empty()) {
            // Cancel some timer still on the heap (its task is woken by nobody: it stays parked).
            const Timer& victim = m_heap[m_rng() % m_heap.size()];
            if (!victim.cancelled) {
                HandleEvent h = handle("_set_result_unless_cancelled", 0, true, victim.when);
                h.id = victim.handle;
                m_log.timerCancelled(h);
                const_cast<Timer&>(victim).cancelled = true;
                ++m_cancelled;
                spawn();
            }
        }
        if (roll == 2) {
            StepOutcome o { StepOutcome::Kind::BareYield, 0, "" };
            m_log.afterTaskStep(taskEvent(task), o);
            HandleEvent h = handle("__step", task);
            m_log.handleScheduled(h);
            m_ready.push_back({ h, task, 0 });
            return;
        }
        // await asyncio.sleep(d): a timer on the heap, the task parked on its future.
        double delay = double(m_rng() % 8) * 0.25;
        HandleEvent h = handle("_set_result_unless_cancelled", 0, true, m_clock + delay);
        Collector c;
        m_heap.setMoveSink(&c);
        m_heap.push({ h.when, h.id, task, false });
        m_heap.setMoveSink(nullptr);
        h.moves = c.moves;
        m_log.timerPushed(h);
        StepOutcome o { StepOutcome::Kind::Suspended, 1000 + task, "sleep future (Future-" + std::to_string(1000 + task) + ")" };
        m_log.afterTaskStep(taskEvent(task), o);
    }
    void purge()
    {
        Collector c;
        m_heap.setMoveSink(&c);
        size_t purged = 0;
        while (!m_heap.empty() && m_heap.front().cancelled) {
            m_heap.pop();
            ++purged;
            --m_cancelled;
        }
        m_heap.setMoveSink(nullptr);
        if (purged) m_log.timersPurged(1, purged, false, c.moves);
    }

    EventLog& m_log;
    std::mt19937 m_rng;
    TimerHeap<Timer, Less> m_heap;
    std::deque<Ready> m_ready;
    double m_clock = 0.0;
    uint64_t m_handles = 0;
    uint64_t m_tasks = 0;
    size_t m_live = 0;
    size_t m_cancelled = 0;
};

} // namespace loopscope::testing
