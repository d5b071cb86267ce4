#include <loopscope/debug/statefold.h>

#include <algorithm>
#include <limits>

namespace loopscope {

namespace {

using detail::SharedHandle;

// Replays one heap operation's moves on a copy of the array: `lifted` takes an element out,
// `moved` shifts one, `placed` puts the lifted one down. `floating` is preset for a pop.
void replayOperation(std::vector<SharedHandle>& heap, const std::vector<HeapMove>& moves, size_t& i,
                     SharedHandle floating, bool preset)
{
    bool lifted = preset;
    for (; i < moves.size(); ++i) {
        const HeapMove& m = moves[i];
        switch (m.kind) {
        case HeapMove::Kind::Lifted:
            if (!lifted && m.from < heap.size()) floating = heap[m.from];
            lifted = true;
            break;
        case HeapMove::Kind::Moved:
            if (m.from < heap.size() && m.to < heap.size()) heap[m.to] = heap[m.from];
            break;
        case HeapMove::Kind::Placed:
            if (m.from < heap.size()) heap[m.from] = floating ? floating : std::make_shared<const HandleView>();
            ++i;
            return;
        }
    }
}

// heappop on the copy: the root leaves, the last element is sifted from the root.
SharedHandle replayPop(std::vector<SharedHandle>& heap, const std::vector<HeapMove>& moves, size_t& i)
{
    if (heap.empty()) return {};
    SharedHandle top = heap.front();
    if (heap.size() == 1) {
        heap.clear();
        return top;
    }
    SharedHandle last = heap.back();
    heap.pop_back();
    replayOperation(heap, moves, i, last, true);
    return top;
}

} // namespace

StateFold::StateFold(const EventLog& log)
    : m_log(log)
{
    m_checkpoints.emplace_back();
}

HandleView StateFold::view(uint64_t handleId) const
{
    RecordedHandle h = m_log.handle(handleId);
    HandleView v;
    v.id = handleId;
    v.callback = std::move(h.callback);
    v.task = std::move(h.task);
    v.argTask = std::move(h.argTask);
    v.timer = h.timer;
    v.when = h.when;
    return v;
}

void StateFold::nameTask(size_t place, const std::string& name) const
{
    std::vector<size_t>& places = m_taskPlacesByName[name];
    if (std::find(places.begin(), places.end(), place) == places.end()) places.push_back(place);
}

TaskView* StateFold::taskNamed(Cursor& c, const std::string& name) const
{
    // The last task of that name owns it (names may repeat): the highest place that has it now.
    auto it = m_taskPlacesByName.find(name);
    if (it == m_taskPlacesByName.end()) return nullptr;
    size_t best = c.tasks.size();
    for (const size_t place : it->second)
        if (place < c.tasks.size() && c.tasks[place].name == name && (best == c.tasks.size() || place > best)) best = place;
    return best < c.tasks.size() ? &c.tasks.mutate(best) : nullptr;
}

size_t StateFold::taskPlace(const Cursor& c, uint64_t taskId) const
{
    // Ids grow with creation order, so a binary search finds the task; a log that breaks that
    // order (hand-made or damaged) falls back to a scan. The newest task with the id wins.
    const auto& tasks = c.tasks;
    size_t lo = 0, hi = tasks.size();
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (tasks[mid].id < taskId)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t k = lo;
    if (k < tasks.size() && tasks[k].id == taskId) {
        while (k + 1 < tasks.size() && tasks[k + 1].id == taskId)
            ++k;
    } else {
        k = tasks.size();
        while (k > 0 && tasks[k - 1].id != taskId)
            --k;
        if (k == 0) return tasks.size();
        --k;
    }
    return k;
}

TaskView* StateFold::taskOf(Cursor& c, uint64_t taskId) const
{
    const size_t k = taskPlace(c, taskId);
    return k < c.tasks.size() ? &c.tasks.mutate(k) : nullptr;
}

FutureView& StateFold::futureOf(Cursor& c, uint64_t futureId, const std::string& label) const
{
    auto it = m_futurePlace.find(futureId);
    if (it != m_futurePlace.end() && it->second < c.futures.size() && c.futures[it->second].id == futureId)
        return c.futures.mutate(it->second);
    m_futurePlace[futureId] = c.futures.size();
    FutureView f;
    f.id = futureId;
    f.label = label;
    return c.futures.push_back(std::move(f));
}

void StateFold::apply(Cursor& c, const RecordedEvent& e) const
{
    LoopState& s = c.state;
    s.eventIndex = c.applied;
    s.clock = e.clock;
    switch (e.kind) {
    case RecordKind::TaskCreated: {
        RecordedTask t = m_log.task(e.a);
        TaskView v;
        v.id = e.a;
        v.name = t.name;
        v.coro = t.coro;
        nameTask(c.tasks.size(), v.name);
        c.tasks.push_back(std::move(v));
        break;
    }
    case RecordKind::Soon: c.ready.push_back(std::make_shared<const HandleView>(view(e.a))); break;
    case RecordKind::Timer: {
        c.heap.push_back(std::make_shared<const HandleView>(view(e.a)));
        std::vector<HeapMove> moves = m_log.moves(e);
        size_t i = 0;
        replayOperation(c.heap, moves, i, {}, false);
        break;
    }
    case RecordKind::Cancel:
        for (SharedHandle& h : c.heap) {
            if (h->id != e.a) continue;
            HandleView cancelled = *h;
            cancelled.cancelled = true;
            h = std::make_shared<const HandleView>(std::move(cancelled));
        }
        break;
    case RecordKind::Purge: {
        std::vector<HeapMove> moves = m_log.moves(e);
        size_t i = 0;
        if (e.b) {
            std::erase_if(c.heap, [](const SharedHandle& h) { return h->cancelled; });
            while (i < moves.size()) replayOperation(c.heap, moves, i, {}, false);
        } else {
            for (uint64_t k = 0; k < e.a; ++k) replayPop(c.heap, moves, i);
        }
        break;
    }
    case RecordKind::Iteration:
        s.iteration = static_cast<int>(e.a);
        s.selectTimeout = std::numeric_limits<double>::quiet_NaN();
        // _run_once has begun and its first step is the purge of cancelled timers: the last
        // iteration's run-ready phase is over.
        s.phase = LoopPhase::PurgeCancelled;
        break;
    case RecordKind::PhaseBegin: s.phase = static_cast<LoopPhase>(e.a); break;
    case RecordKind::Select: s.selectTimeout = e.b ? e.x : std::numeric_limits<double>::quiet_NaN(); break;
    case RecordKind::Clock: s.clock = e.x; break;
    case RecordKind::Due: {
        std::vector<HeapMove> moves = m_log.moves(e);
        size_t i = 0;
        SharedHandle h = replayPop(c.heap, moves, i);
        if (!h || h->id != e.a || h->cancelled) {
            HandleView due = h && h->id == e.a ? *h : view(e.a);
            due.cancelled = false;
            h = std::make_shared<const HandleView>(std::move(due));
        }
        c.ready.push_back(std::move(h));
        break;
    }
    case RecordKind::Skip:
    case RecordKind::RunBegin: {
        auto it = std::find_if(c.ready.begin(), c.ready.end(), [&](const SharedHandle& h) { return h->id == e.a; });
        HandleView h = it != c.ready.end() ? **it : view(e.a);
        if (it != c.ready.end()) c.ready.erase(it);
        if (e.kind == RecordKind::RunBegin) {
            s.running = true;
            s.runningHandle = std::move(h);
            s.lineInHandle = false;
        }
        break;
    }
    case RecordKind::RunEnd:
        s.running = false;
        s.runningHandle = {};
        break;
    case RecordKind::StepBegin:
        s.runningTaskId = e.a;
        if (TaskView* t = taskOf(c, e.a)) {
            t->state = TaskView::State::Running;
            t->awaiting.clear();
            t->awaitingId = 0;
            t->name = m_log.task(e.a).name;
            nameTask(taskPlace(c, e.a), t->name);
        }
        break;
    case RecordKind::StepEnd:
        s.runningTaskId = 0;
        if (TaskView* t = taskOf(c, e.a)) {
            switch (static_cast<StepOutcome::Kind>(static_cast<int>(e.x))) {
            case StepOutcome::Kind::Suspended:
                t->state = TaskView::State::Suspended;
                t->awaiting = m_log.string(e.text);
                t->awaitingId = e.b;
                break;
            case StepOutcome::Kind::BareYield:
            case StepOutcome::Kind::BadYield: t->state = TaskView::State::Scheduled; break;
            case StepOutcome::Kind::Returned:
            case StepOutcome::Kind::Raised: break; // TaskDone says how it ended
            }
        }
        break;
    case RecordKind::TaskDone:
        if (TaskView* t = taskOf(c, e.a)) {
            auto kind = static_cast<TaskDoneEvent::Kind>(e.b);
            t->state = kind == TaskDoneEvent::Kind::Result ? TaskView::State::Done
                : kind == TaskDoneEvent::Kind::Cancelled   ? TaskView::State::Cancelled
                                                           : TaskView::State::Failed;
            (kind == TaskDoneEvent::Kind::Exception ? t->exception : t->result) = m_log.string(e.text);
            t->awaiting.clear();
            t->awaitingId = 0;
            t->frames.clear();
        }
        break;
    case RecordKind::FutureState: {
        FutureView& f = futureOf(c, e.a, m_log.string(e.text));
        f.state = static_cast<FutureView::State>(e.b);
        break;
    }
    case RecordKind::CallbackAdded:
    case RecordKind::CallbackRemoved: {
        std::string owner = m_log.string(e.text2);
        TaskView* task = taskNamed(c, owner);
        std::vector<std::string>* callbacks = task ? &task->doneCallbacks : &futureOf(c, e.a, owner).doneCallbacks;
        std::string name = m_log.string(e.text);
        if (e.kind == RecordKind::CallbackAdded) {
            callbacks->push_back(std::move(name));
        } else if (auto it = std::find(callbacks->begin(), callbacks->end(), name); it != callbacks->end()) {
            callbacks->erase(it);
        }
        break;
    }
    case RecordKind::Line: {
        s.currentLine = static_cast<int>(e.b);
        s.lineInHandle = true;
        s.currentFile = m_log.string(e.text2);
        if (TaskView* t = taskOf(c, e.a)) {
            FrameView f;
            f.function = m_log.string(e.text);
            f.filename = s.currentFile;
            f.line = s.currentLine;
            f.localsKnown = m_log.hasLocals(c.applied);
            if (f.localsKnown) f.locals = m_log.localsAt(c.applied);
            t->frames.assign(1, std::move(f));
        }
        break;
    }
    case RecordKind::Error:
        if (m_log.string(e.text2) == "uncaught") {
            s.finished = true;
            s.finishReason = "error " + m_log.string(e.text);
        }
        break;
    case RecordKind::Deadlock:
        s.finished = true;
        s.finishReason = "deadlock";
        break;
    case RecordKind::LoopStarted: break;
    case RecordKind::LoopStopped:
        s.phase = LoopPhase::Idle;
        break;
    case RecordKind::Output: break; // output lines are read from the log directly
    }
    ++c.applied;
}

void StateFold::advance(Cursor& c, size_t end) const
{
    constexpr size_t kBatch = 4096; // one lock per batch instead of one per event
    while (c.applied < end) {
        const std::vector<RecordedEvent> batch = m_log.events(c.applied, std::min(end, c.applied + kBatch));
        if (batch.empty()) return;
        for (const RecordedEvent& e : batch)
            apply(c, e);
    }
}

LoopState StateFold::materialize(const Cursor& c) const
{
    LoopState s = c.state;
    s.ready.reserve(c.ready.size());
    for (const SharedHandle& h : c.ready)
        s.ready.push_back(*h);
    s.heap.reserve(c.heap.size());
    for (const SharedHandle& h : c.heap)
        s.heap.push_back(*h);
    s.tasks.reserve(c.tasks.size());
    for (size_t i = 0; i < c.tasks.size(); ++i)
        s.tasks.pushShared(c.tasks.shared(i));
    s.futures.reserve(c.futures.size());
    for (size_t i = 0; i < c.futures.size(); ++i)
        s.futures.pushShared(c.futures.shared(i));
    return s;
}

void StateFold::prepare(size_t count)
{
    count = std::min(count, m_log.size());
    if (m_tip.applied < m_checkpoints.back().applied) m_tip = m_checkpoints.back();
    while (m_tip.applied < count) {
        const size_t next = m_checkpoints.size() * kCheckpointInterval;
        advance(m_tip, std::min(count, next));
        if (m_tip.applied == next)
            m_checkpoints.push_back(m_tip);
        else if (m_tip.applied < std::min(count, next))
            break; // the log is shorter than it said
    }
}

LoopState StateFold::stateAt(size_t index)
{
    const size_t target = index + 1;
    const size_t k = target / kCheckpointInterval;
    if (m_checkpoints.size() <= k) prepare(k * kCheckpointInterval);
    const Cursor& base = m_checkpoints[std::min(k, m_checkpoints.size() - 1)];
    // Continue from the tip when it is closer than the checkpoint (stepping forward past prepare()).
    if (k < m_checkpoints.size() && m_tip.applied > base.applied && m_tip.applied <= target) {
        advance(m_tip, target);
        return materialize(m_tip);
    }
    Cursor c = base;
    advance(c, target);
    return materialize(c);
}

} // namespace loopscope
