#include "enginetimeline.h"

#include <QFileInfo>

namespace loopscope {

namespace {

EventKind guiKind(RecordKind kind)
{
    switch (kind) {
    case RecordKind::TaskCreated: return EventKind::TaskCreated;
    case RecordKind::Soon: return EventKind::Soon;
    case RecordKind::Timer: return EventKind::Timer;
    case RecordKind::Cancel: return EventKind::Cancel;
    case RecordKind::Purge: return EventKind::Purge;
    case RecordKind::Iteration: return EventKind::Iteration;
    case RecordKind::PhaseBegin: return EventKind::Phase;
    case RecordKind::Select: return EventKind::Select;
    case RecordKind::Clock: return EventKind::Clock;
    case RecordKind::Due: return EventKind::Due;
    case RecordKind::Skip: return EventKind::Skip;
    case RecordKind::RunBegin: return EventKind::RunBegin;
    case RecordKind::RunEnd: return EventKind::RunEnd;
    case RecordKind::StepBegin: return EventKind::TaskStep;
    case RecordKind::StepEnd: return EventKind::TaskSuspend;
    case RecordKind::TaskDone: return EventKind::TaskDone;
    case RecordKind::FutureState: return EventKind::Future;
    case RecordKind::CallbackAdded:
    case RecordKind::CallbackRemoved: return EventKind::Callback;
    case RecordKind::Output: return EventKind::Output;
    case RecordKind::Line: return EventKind::Line;
    case RecordKind::Error: return EventKind::Error;
    case RecordKind::Deadlock: return EventKind::Deadlock;
    case RecordKind::LoopStarted:
    case RecordKind::LoopStopped: return EventKind::Loop;
    }
    return EventKind::Loop;
}

void recordLocals(void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals)
{
    static_cast<EventLog*>(ctx)->recordLocals(locals);
}

} // namespace

EngineTimeline::EngineTimeline(const QString& path, const QString& source, QObject* parent)
    : Timeline(parent)
    , m_log(std::make_shared<EventLog>())
{
    m_fold = std::make_unique<StateFold>(*m_log);
    const std::string filename = QFileInfo(path).fileName().toStdString();
    const std::string text = source.toStdString();
    m_worker = std::thread([this, filename, text] {
        EngineOptions options;
        options.captureLocals = true;
        Engine engine(options);
        engine.attach(m_log.get());
        engine.setLocalsSink(&recordLocals, m_log.get());
        RunResult result = engine.run(text, filename.empty() ? std::string("scenario.py") : filename);
        std::string reason;
        switch (result.status) {
        case RunResult::Status::Completed: reason = "completed"; break;
        case RunResult::Status::Deadlock: reason = "deadlock"; break;
        case RunResult::Status::BudgetExceeded: reason = "event budget exhausted: the run was stopped"; break;
        case RunResult::Status::Blocked: reason = "the loop is blocked: " + result.message; break;
        case RunResult::Status::SyntaxError:
        case RunResult::Status::UncaughtException:
            reason = "error " + result.errorType + (result.message.empty() ? "" : ": " + result.message);
            break;
        case RunResult::Status::InternalError: reason = "internal error: " + result.message; break;
        }
        m_log->finish(reason);
        m_result = std::move(result);
        m_done.store(true, std::memory_order_release);
    });
    connect(&m_poll, &QTimer::timeout, this, &EngineTimeline::poll);
    m_poll.start(30);
}

EngineTimeline::~EngineTimeline()
{
    // Runs are bounded by the engine's iteration and instruction budgets.
    if (m_worker.joinable()) m_worker.join();
}

void EngineTimeline::waitForCompletion()
{
    if (m_worker.joinable()) m_worker.join();
    poll();
}

void EngineTimeline::poll()
{
    const uint64_t count = m_log->size();
    if (count > m_announced) {
        m_announced = count;
        emit eventsAppended(count);
    }
    if (m_done.load(std::memory_order_acquire) && !m_completedSignalled && m_log->size() == m_announced) {
        m_completedSignalled = true;
        m_poll.stop();
        emit completed();
    }
}

uint64_t EngineTimeline::eventCount() const { return m_announced; }

bool EngineTimeline::isComplete() const { return m_completedSignalled; }

LoopState EngineTimeline::stateAt(uint64_t index) const
{
    std::lock_guard lock(m_foldMutex);
    LoopState s = m_fold->stateAt(index);
    if (m_completedSignalled && index + 1 == m_announced) {
        s.finished = true;
        if (s.finishReason.empty()) s.finishReason = m_log->finishReason();
    }
    return s;
}

EventInfo EngineTimeline::event(uint64_t index) const
{
    const RecordedEvent e = m_log->event(index);
    EventInfo info;
    info.index = index;
    info.clock = e.clock;
    info.kind = guiKind(e.kind);
    info.text = QString::fromStdString(m_log->describe(e));
    switch (e.kind) {
    case RecordKind::Line:
        info.file = QString::fromStdString(m_log->string(e.text2));
        info.line = static_cast<int>(e.b);
        info.taskId = e.a;
        break;
    case RecordKind::TaskCreated:
    case RecordKind::TaskDone:
    case RecordKind::StepBegin:
    case RecordKind::StepEnd: info.taskId = e.a; break;
    case RecordKind::Soon:
    case RecordKind::Timer:
    case RecordKind::Cancel:
    case RecordKind::Due:
    case RecordKind::Skip:
    case RecordKind::RunBegin:
    case RecordKind::RunEnd:
        info.handleId = e.a;
        info.taskId = m_log->handle(e.a).taskId;
        break;
    default: break;
    }
    return info;
}

std::vector<OutputLine> EngineTimeline::output(uint64_t upToIndex) const
{
    std::vector<OutputLine> lines;
    const uint64_t end = std::min<uint64_t>(upToIndex + 1, m_log->size());
    for (uint64_t i = 0; i < end; ++i) {
        const RecordedEvent e = m_log->event(i);
        if (e.kind == RecordKind::Output) lines.push_back({ e.clock, i, m_log->string(e.text) });
    }
    return lines;
}

QString EngineTimeline::finishMessage() const { return QString::fromStdString(m_log->finishReason()); }

QString EngineTimeline::errorText() const
{
    return m_done.load(std::memory_order_acquire) ? QString::fromStdString(m_result.traceback) : QString();
}

} // namespace loopscope
