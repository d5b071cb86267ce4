#include <loopscope/debug/eventlog.h>

#include <algorithm>
#include <cstdio>

namespace loopscope {

namespace {
std::string fixed6(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    return buf;
}
} // namespace

EventLog::EventLog()
{
    m_strings.emplace_back();
    m_stringIndex.emplace(std::string(), 0);
}

size_t EventLog::size() const
{
    std::lock_guard lock(m_mutex);
    return m_events.size();
}

RecordedEvent EventLog::event(size_t index) const
{
    std::lock_guard lock(m_mutex);
    return m_events.at(index);
}

std::vector<RecordedEvent> EventLog::events(size_t begin, size_t end) const
{
    std::lock_guard lock(m_mutex);
    end = std::min(end, m_events.size());
    if (begin >= end) return {};
    return { m_events.begin() + static_cast<std::ptrdiff_t>(begin), m_events.begin() + static_cast<std::ptrdiff_t>(end) };
}

std::string EventLog::string(uint32_t index) const
{
    std::lock_guard lock(m_mutex);
    return m_strings.at(index); // a copy: the vector may reallocate while the engine records
}

std::vector<HeapMove> EventLog::moves(const RecordedEvent& e) const
{
    std::lock_guard lock(m_mutex);
    return { m_moves.begin() + e.movesBegin, m_moves.begin() + e.movesBegin + e.movesCount };
}

RecordedHandle EventLog::handle(uint64_t id) const
{
    std::lock_guard lock(m_mutex);
    return id < m_handles.size() ? m_handles[id] : RecordedHandle {};
}

RecordedTask EventLog::task(uint64_t id) const
{
    std::lock_guard lock(m_mutex);
    return id < m_tasks.size() ? m_tasks[id] : RecordedTask {};
}

bool EventLog::finished() const
{
    std::lock_guard lock(m_mutex);
    return m_finished;
}

std::string EventLog::finishReason() const
{
    std::lock_guard lock(m_mutex);
    return m_finishReason;
}

void EventLog::finish(std::string reason)
{
    std::lock_guard lock(m_mutex);
    if (!m_pendingOutput.empty()) {
        RecordedEvent e { .kind = RecordKind::Output, .text = internLocked(m_pendingOutput), .clock = m_clock };
        m_events.push_back(e);
        m_pendingOutput.clear();
    }
    m_finished = true;
    m_finishReason = std::move(reason);
}

std::string EventLog::describe(const RecordedEvent& e) const
{
    auto handleText = [&](uint64_t id) {
        RecordedHandle h = handle(id);
        std::string s = h.callback;
        if (!h.task.empty()) s += " " + h.task;
        if (!h.argTask.empty()) s += " arg=" + h.argTask;
        return s;
    };
    switch (e.kind) {
    case RecordKind::TaskCreated: {
        RecordedTask t = task(e.a);
        return "task " + t.name + " coro=" + t.coro;
    }
    case RecordKind::Soon: return "soon " + handleText(e.a);
    case RecordKind::Timer: return "timer " + handleText(e.a) + " when=" + fixed6(handle(e.a).when);
    case RecordKind::Cancel: return "cancel " + handleText(e.a);
    case RecordKind::Purge:
        return std::string(e.b ? "purge (rebuild) " : "purge ") + std::to_string(e.a) + " cancelled timer(s)";
    case RecordKind::Iteration:
        return "iter " + std::to_string(e.a) + " ready=" + std::to_string(e.b)
            + " timers=" + std::to_string(static_cast<uint64_t>(e.x));
    case RecordKind::PhaseBegin: return std::string("phase: ") + loopPhaseName(static_cast<LoopPhase>(e.a));
    case RecordKind::Select: return "select timeout=" + (e.b ? fixed6(e.x) : std::string("None"));
    case RecordKind::Clock: return "clock -> " + fixed6(e.x);
    case RecordKind::Due: return "due " + handleText(e.a);
    case RecordKind::Skip: return "skip " + handleText(e.a);
    case RecordKind::RunBegin: return "run " + handleText(e.a);
    case RecordKind::RunEnd: return "end " + handleText(e.a);
    case RecordKind::StepBegin: return "__step " + task(e.a).name + " begins";
    case RecordKind::StepEnd: {
        std::string what(string(e.text));
        return "__step " + task(e.a).name + (what.empty() ? " ends" : " suspends on " + what);
    }
    case RecordKind::TaskDone: {
        static const char* kinds[] = { "result", "cancelled", "exception" };
        std::string s = "done " + task(e.a).name + " " + kinds[e.b % 3];
        if (e.b == 2) s += " " + std::string(string(e.text));
        return s;
    }
    case RecordKind::FutureState: return std::string(string(e.text)) + " state changed";
    case RecordKind::CallbackAdded: return "add_done_callback " + std::string(string(e.text));
    case RecordKind::CallbackRemoved: return "remove_done_callback " + std::string(string(e.text));
    case RecordKind::Output: return "out " + std::string(string(e.text));
    case RecordKind::Line:
        return "line " + std::to_string(e.b) + " in " + std::string(string(e.text));
    case RecordKind::Error: return "error " + std::string(string(e.text));
    case RecordKind::Deadlock: return "deadlock";
    case RecordKind::LoopStarted: return "run_forever starts";
    case RecordKind::LoopStopped: return "run_forever returns";
    }
    return {};
}

void EventLog::recordLocals(const std::vector<std::pair<std::string, std::string>>& locals)
{
    std::lock_guard lock(m_mutex);
    for (size_t i = m_events.size(); i-- > 0;) {
        if (m_events[i].kind == RecordKind::Line) {
            m_locals[i] = locals;
            return;
        }
    }
}

std::vector<std::pair<std::string, std::string>> EventLog::localsAt(size_t index) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_locals.find(index);
    return it == m_locals.end() ? std::vector<std::pair<std::string, std::string>> {} : it->second;
}

bool EventLog::hasLocals(size_t index) const
{
    std::lock_guard lock(m_mutex);
    return m_locals.count(index) != 0;
}

void EventLog::setWatches(std::vector<std::string> expressions)
{
    std::lock_guard lock(m_mutex);
    m_watchSamples.assign(expressions.size(), {});
    m_watches = std::move(expressions);
}

std::vector<std::string> EventLog::watches() const
{
    std::lock_guard lock(m_mutex);
    return m_watches;
}

void EventLog::recordWatch(size_t watch, WatchSample sample)
{
    std::lock_guard lock(m_mutex);
    if (watch >= m_watchSamples.size() || m_events.empty()) return;
    std::vector<WatchSample>& samples = m_watchSamples[watch];
    if (!samples.empty() && samples.back().text == sample.text && samples.back().error == sample.error) return;
    sample.event = m_events.size() - 1;
    samples.push_back(std::move(sample));
}

void EventLog::appendWatchSample(size_t watch, WatchSample sample)
{
    std::lock_guard lock(m_mutex);
    if (watch < m_watchSamples.size()) m_watchSamples[watch].push_back(std::move(sample));
}

std::vector<WatchSample> EventLog::watchSamples(size_t watch, size_t endEvent) const
{
    std::lock_guard lock(m_mutex);
    if (watch >= m_watchSamples.size()) return {};
    const std::vector<WatchSample>& samples = m_watchSamples[watch];
    const auto end = std::lower_bound(samples.begin(), samples.end(), endEvent,
        [](const WatchSample& s, size_t e) { return s.event < e; });
    return { samples.begin(), end };
}

std::optional<WatchSample> EventLog::watchAt(size_t watch, size_t index) const
{
    std::lock_guard lock(m_mutex);
    if (watch >= m_watchSamples.size()) return std::nullopt;
    const std::vector<WatchSample>& samples = m_watchSamples[watch];
    const auto after = std::upper_bound(samples.begin(), samples.end(), index,
        [](size_t i, const WatchSample& s) { return i < s.event; });
    if (after == samples.begin()) return std::nullopt;
    return *std::prev(after);
}

void EventLog::append(RecordedEvent e)
{
    std::lock_guard lock(m_mutex);
    m_events.push_back(e);
}

uint32_t EventLog::intern(std::string_view s)
{
    std::lock_guard lock(m_mutex);
    return internLocked(s);
}

uint32_t EventLog::internLocked(std::string_view s)
{
    auto it = m_stringIndex.find(std::string(s));
    if (it != m_stringIndex.end()) return it->second;
    auto index = static_cast<uint32_t>(m_strings.size());
    m_strings.emplace_back(s);
    m_stringIndex.emplace(std::string(s), index);
    return index;
}

void EventLog::setHandle(uint64_t id, RecordedHandle h)
{
    std::lock_guard lock(m_mutex);
    if (m_handles.size() <= id) m_handles.resize(id + 1);
    m_handles[id] = std::move(h);
}

void EventLog::setTask(uint64_t id, RecordedTask t)
{
    std::lock_guard lock(m_mutex);
    if (m_tasks.size() <= id) m_tasks.resize(id + 1);
    m_tasks[id] = std::move(t);
}

uint32_t EventLog::addMoves(const std::vector<HeapMove>& moves)
{
    std::lock_guard lock(m_mutex);
    auto begin = static_cast<uint32_t>(m_moves.size());
    m_moves.insert(m_moves.end(), moves.begin(), moves.end());
    return begin;
}

void EventLog::push(RecordedEvent e)
{
    e.clock = m_clock;
    std::lock_guard lock(m_mutex);
    m_events.push_back(e);
}

void EventLog::noteHandle(const HandleEvent& e)
{
    std::lock_guard lock(m_mutex);
    if (m_handles.size() <= e.id) m_handles.resize(e.id + 1);
    RecordedHandle& h = m_handles[e.id];
    if (h.callback.empty()) h = RecordedHandle { e.callback, e.task, e.argTask, e.taskId, e.timer, e.when };
}

void EventLog::beforeIteration(const IterationEvent& e)
{
    push({ .kind = RecordKind::Iteration, .a = e.n, .b = e.ready, .x = static_cast<double>(e.timers) });
}

void EventLog::beforePhase(uint64_t, LoopPhase phase)
{
    push({ .kind = RecordKind::PhaseBegin, .a = static_cast<uint64_t>(phase) });
}

void EventLog::handleScheduled(const HandleEvent& e)
{
    noteHandle(e);
    push({ .kind = RecordKind::Soon, .a = e.id });
}

void EventLog::handleSkipped(const HandleEvent& e)
{
    noteHandle(e);
    push({ .kind = RecordKind::Skip, .a = e.id });
}

void EventLog::beforeHandle(const HandleEvent& e)
{
    noteHandle(e);
    push({ .kind = RecordKind::RunBegin, .a = e.id });
}

void EventLog::afterHandle(const HandleEvent& e) { push({ .kind = RecordKind::RunEnd, .a = e.id }); }

void EventLog::timerPushed(const HandleEvent& e)
{
    noteHandle(e);
    uint32_t begin = addMoves(e.moves);
    push({ .kind = RecordKind::Timer, .a = e.id, .movesBegin = begin, .movesCount = static_cast<uint32_t>(e.moves.size()) });
}

void EventLog::timerDue(const HandleEvent& e)
{
    noteHandle(e);
    uint32_t begin = addMoves(e.moves);
    push({ .kind = RecordKind::Due, .a = e.id, .movesBegin = begin, .movesCount = static_cast<uint32_t>(e.moves.size()) });
}

void EventLog::timerCancelled(const HandleEvent& e)
{
    noteHandle(e);
    push({ .kind = RecordKind::Cancel, .a = e.id });
}

void EventLog::timersPurged(uint64_t, size_t count, bool bulk, const std::vector<HeapMove>& moves)
{
    uint32_t begin = addMoves(moves);
    push({ .kind = RecordKind::Purge, .a = count, .b = bulk ? 1u : 0u, .movesBegin = begin,
           .movesCount = static_cast<uint32_t>(moves.size()) });
}

void EventLog::select(uint64_t, bool hasTimeout, double timeout)
{
    push({ .kind = RecordKind::Select, .b = hasTimeout ? 1u : 0u, .x = timeout });
}

void EventLog::clockMoved(double, double newTime)
{
    m_clock = newTime;
    push({ .kind = RecordKind::Clock, .x = newTime });
}

void EventLog::deadlock(uint64_t) { push({ .kind = RecordKind::Deadlock }); }
void EventLog::loopStarted(uint64_t loopId) { push({ .kind = RecordKind::LoopStarted, .a = loopId }); }
void EventLog::loopStopped(uint64_t loopId) { push({ .kind = RecordKind::LoopStopped, .a = loopId }); }

void EventLog::taskCreated(const TaskEvent& e)
{
    setTask(e.id, { e.name, e.coro });
    push({ .kind = RecordKind::TaskCreated, .a = e.id });
}

void EventLog::beforeTaskStep(const TaskEvent& e)
{
    setTask(e.id, { e.name, e.coro }); // a task may be renamed after creation
    push({ .kind = RecordKind::StepBegin, .a = e.id });
}

void EventLog::afterTaskStep(const TaskEvent& e, const StepOutcome& outcome)
{
    push({ .kind = RecordKind::StepEnd, .text = intern(outcome.awaiting), .a = e.id, .b = outcome.awaitingId,
           .x = static_cast<double>(outcome.kind) });
}

void EventLog::taskDone(const TaskDoneEvent& e)
{
    std::string detail = e.kind == TaskDoneEvent::Kind::Exception
        ? e.exceptionType + (e.detail.empty() ? "" : ": " + e.detail)
        : e.detail;
    push({ .kind = RecordKind::TaskDone, .text = intern(detail), .a = e.task.id, .b = static_cast<uint64_t>(e.kind) });
}

void EventLog::futureStateChanged(const FutureEvent& e)
{
    if (e.isTask) return; // tasks report through taskDone
    push({ .kind = RecordKind::FutureState, .text = intern(e.label), .a = e.id, .b = static_cast<uint64_t>(e.state) });
}

void EventLog::callbackAdded(const CallbackEvent& e)
{
    std::string name = e.task.empty() ? e.callback : e.callback + " " + e.task;
    push({ .kind = RecordKind::CallbackAdded, .text = intern(name), .text2 = intern(e.future.label), .a = e.future.id });
}

void EventLog::callbackRemoved(const CallbackEvent& e)
{
    std::string name = e.task.empty() ? e.callback : e.callback + " " + e.task;
    push({ .kind = RecordKind::CallbackRemoved, .text = intern(name), .text2 = intern(e.future.label), .a = e.future.id });
}

void EventLog::output(std::string_view text)
{
    m_pendingOutput.append(text);
    size_t start = 0;
    for (size_t nl; (nl = m_pendingOutput.find('\n', start)) != std::string::npos; start = nl + 1)
        push({ .kind = RecordKind::Output, .text = intern(std::string_view(m_pendingOutput).substr(start, nl - start)) });
    m_pendingOutput.erase(0, start);
}

void EventLog::line(const LineEvent& e)
{
    push({ .kind = RecordKind::Line, .text = intern(e.function), .text2 = intern(e.filename), .a = e.taskId,
           .b = static_cast<uint64_t>(e.line) });
}

void EventLog::uncaughtError(const ErrorEvent& e)
{
    push({ .kind = RecordKind::Error, .text = intern(e.message.empty() ? e.type : e.type + ": " + e.message),
           .text2 = intern("uncaught"), .a = e.taskId });
}

void EventLog::exceptionNeverRetrieved(const ErrorEvent& e)
{
    push({ .kind = RecordKind::Error, .text = intern(e.message.empty() ? e.type : e.type + ": " + e.message),
           .text2 = intern(e.context), .a = e.taskId });
}

} // namespace loopscope
