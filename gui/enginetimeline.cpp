#include "enginetimeline.h"

#include <QFileInfo>

#include <algorithm>

namespace loopscope {

EngineTimeline::EngineTimeline(const QString& path, const QString& source, QObject* parent)
    : EngineTimeline(path, source, QStringList {}, parent)
{
}

EngineTimeline::EngineTimeline(const QString& path, const QString& source, const QStringList& watches, QObject* parent)
    : Timeline(parent)
    , m_log(std::make_shared<EventLog>())
    , m_watches(watches)
{
    m_fold = std::make_unique<StateFold>(*m_log);
    EngineOptions options;
    options.captureLocals = true;
    m_engine = std::make_unique<Engine>(options);
    m_engine->attach(m_log.get());
    m_engine->setLocalsSink(*m_log);
    if (!watches.isEmpty()) {
        std::vector<std::string> expressions;
        for (const QString& w : watches)
            expressions.push_back(w.toStdString());
        m_engine->setWatches(std::move(expressions), *m_log);
    }
    const std::string filename = QFileInfo(path).fileName().toStdString();
    const std::string text = source.toStdString();
    m_worker = std::thread([this, filename, text] {
        RunResult result = m_engine->run(text, filename.empty() ? std::string("scenario.py") : filename);
        m_log->finish(result.finishReason());
        m_result = std::move(result);
        m_done.store(true, std::memory_order_release);
    });
    connect(&m_poll, &QTimer::timeout, this, &EngineTimeline::poll);
    m_poll.start(30);
}

EngineTimeline::~EngineTimeline()
{
    // A replaced or closed run is not worth waiting for: the engine ends at its next check.
    stop();
    if (m_worker.joinable())
        m_worker.join();
}

QStringList EngineTimeline::watches() const
{
    return m_watches;
}

QList<QPointF> EngineTimeline::watchValues(const QString& expression) const
{
    return recordedWatchPlot(*m_log, expression, m_announced);
}

QString EngineTimeline::watchText(const QString& expression, uint64_t index) const
{
    return recordedWatchText(*m_log, expression, index);
}

void EngineTimeline::stop()
{
    m_engine->requestStop();
}

void EngineTimeline::waitForCompletion()
{
    if (m_worker.joinable())
        m_worker.join();
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

EventInfo EngineTimeline::event(uint64_t index) const { return describeRecordedEvent(*m_log, index); }

std::vector<TaskStateSample> EngineTimeline::taskStateSamples(uint64_t begin, uint64_t end) const
{
    end = std::min(end, m_announced);
    std::vector<TaskStateSample> out;
    if (begin != m_lanes.scanned) {
        // Not following on: replay the log up to `begin` without reporting.
        m_lanes = LaneScan {};
        scanLanes(m_lanes, m_log->events(0, begin), nullptr);
    }
    if (begin < end)
        scanLanes(m_lanes, m_log->events(begin, end), &out);
    return out;
}

std::vector<IterationStart> EngineTimeline::iterationStarts(uint64_t begin, uint64_t end) const
{
    // The loop records its ready and heap sizes with each Iteration (EventLog::beforeIteration):
    // no state need be folded, and no event described, to chart them.
    end = std::min(end, m_announced);
    std::vector<IterationStart> out;
    constexpr uint64_t Block = 4096;
    for (uint64_t from = begin; from < end; from += Block) {
        const std::vector<RecordedEvent> block = m_log->events(from, std::min(end, from + Block));
        for (size_t k = 0; k < block.size(); ++k) {
            const RecordedEvent& e = block[k];
            if (e.kind == RecordKind::Iteration)
                out.push_back(IterationStart { from + k, int(e.a), e.clock, int(e.b), int(e.x) });
        }
    }
    return out;
}

void EngineTimeline::scanLanes(LaneScan& scan, const std::vector<RecordedEvent>& events, std::vector<TaskStateSample>* out) const
{
    // The fold's task states (statefold.cpp) come from these four records; read them as they are.
    const auto rankOf = [&scan](uint64_t id) -> size_t { return id < scan.rank.size() ? scan.rank[id] : 0; };
    const auto set = [&scan](size_t rank, TaskView::State state) {
        if (scan.now[rank - 1] == state)
            return;
        if (scan.now[rank - 1] == scan.sampled[rank - 1])
            scan.dirty.push_back(rank);
        scan.now[rank - 1] = state;
    };
    for (const RecordedEvent& e : events) {
        const uint64_t index = scan.scanned++;
        switch (e.kind) {
        case RecordKind::TaskCreated:
            if (rankOf(e.a) == 0) {
                if (scan.rank.size() <= e.a)
                    scan.rank.resize(e.a + 1, 0);
                scan.ids.push_back(e.a);
                scan.rank[e.a] = scan.ids.size();
                scan.now.push_back(TaskView::State::Scheduled);
                // Sampled as different from anything: a task's first sample is its creation.
                scan.sampled.push_back(TaskView::State(0xff));
                scan.dirty.push_back(scan.ids.size());
            }
            break;
        case RecordKind::StepBegin:
            if (const size_t r = rankOf(e.a))
                set(r, TaskView::State::Running);
            break;
        case RecordKind::StepEnd:
            if (const size_t r = rankOf(e.a)) {
                switch (static_cast<StepOutcome::Kind>(static_cast<int>(e.x))) {
                case StepOutcome::Kind::Suspended: set(r, TaskView::State::Suspended); break;
                case StepOutcome::Kind::BareYield:
                case StepOutcome::Kind::BadYield: set(r, TaskView::State::Scheduled); break;
                case StepOutcome::Kind::Returned:
                case StepOutcome::Kind::Raised: break;
                }
            }
            break;
        case RecordKind::TaskDone:
            if (const size_t r = rankOf(e.a)) {
                const auto kind = static_cast<TaskDoneEvent::Kind>(e.b);
                set(r,
                    kind == TaskDoneEvent::Kind::Result        ? TaskView::State::Done
                        : kind == TaskDoneEvent::Kind::Cancelled ? TaskView::State::Cancelled
                                                                 : TaskView::State::Failed);
            }
            break;
        default: break;
        }
        if (!samplesTaskStates(guiKind(e.kind)) || scan.dirty.empty())
            continue;
        std::sort(scan.dirty.begin(), scan.dirty.end());
        scan.dirty.erase(std::unique(scan.dirty.begin(), scan.dirty.end()), scan.dirty.end());
        for (const size_t r : scan.dirty) {
            if (scan.now[r - 1] == scan.sampled[r - 1])
                continue; // moved and came back between two samples
            scan.sampled[r - 1] = scan.now[r - 1];
            if (out)
                out->push_back(TaskStateSample {
                    index, e.clock, scan.ids[r - 1], scan.now[r - 1], QString::fromStdString(m_log->task(scan.ids[r - 1]).name) });
        }
        scan.dirty.clear();
    }
}

void EngineTimeline::indexOutput() const
{
    // Only the events announced since the last call are scanned: stepping never rescans the run.
    if (m_outputScanned >= m_announced)
        return;
    for (const RecordedEvent& e : m_log->events(m_outputScanned, m_announced)) {
        if (e.kind == RecordKind::Output)
            m_outputEvents.push_back(m_outputScanned);
        ++m_outputScanned;
    }
}

std::vector<OutputLine> EngineTimeline::output(uint64_t upToIndex) const
{
    indexOutput();
    std::vector<OutputLine> lines;
    const auto end = std::upper_bound(m_outputEvents.begin(), m_outputEvents.end(), upToIndex);
    lines.reserve(size_t(end - m_outputEvents.begin()));
    for (auto it = m_outputEvents.begin(); it != end; ++it) {
        const RecordedEvent e = m_log->event(*it);
        lines.push_back({ e.clock, *it, m_log->string(e.text) });
    }
    return lines;
}

bool EngineTimeline::stopsAtRecorded(const RecordedEvent& e, Granularity granularity) const
{
    switch (granularity) {
    case Granularity::Event: return true;
    case Granularity::Line:
    case Granularity::TaskLine: return e.kind == RecordKind::Line;
    case Granularity::Handle: return e.kind == RecordKind::RunBegin;
    case Granularity::Phase: return e.kind == RecordKind::PhaseBegin || e.kind == RecordKind::Iteration;
    case Granularity::Iteration: return e.kind == RecordKind::Iteration;
    }
    return false;
}

// Scans the raw records in blocks under one lock each: no descriptions are built while searching.
std::optional<uint64_t> EngineTimeline::nextStop(uint64_t index, Granularity granularity) const
{
    const std::optional<uint64_t> task = granularity == Granularity::TaskLine ? lineTask(index) : std::nullopt;
    constexpr uint64_t Block = 4096;
    for (uint64_t begin = index + 1; begin < m_announced; begin += Block) {
        const uint64_t end = std::min(m_announced, begin + Block);
        const std::vector<RecordedEvent> block = m_log->events(begin, end);
        for (size_t k = 0; k < block.size(); ++k) {
            if (stopsAtRecorded(block[k], granularity) && (!task || block[k].a == *task))
                return begin + k;
        }
    }
    return std::nullopt;
}

std::optional<uint64_t> EngineTimeline::previousStop(uint64_t index, Granularity granularity) const
{
    const std::optional<uint64_t> task = granularity == Granularity::TaskLine ? lineTask(index) : std::nullopt;
    constexpr uint64_t Block = 4096;
    for (uint64_t end = std::min(index, m_announced); end > 0;) {
        const uint64_t begin = end > Block ? end - Block : 0;
        const std::vector<RecordedEvent> block = m_log->events(begin, end);
        for (size_t k = block.size(); k-- > 0;) {
            if (stopsAtRecorded(block[k], granularity) && (!task || block[k].a == *task))
                return begin + k;
        }
        end = begin;
    }
    return std::nullopt;
}

const EventLog& EngineTimeline::log() const
{
    return *m_log;
}

QString EngineTimeline::finishMessage() const { return QString::fromStdString(m_log->finishReason()); }

QString EngineTimeline::errorText() const
{
    return m_done.load(std::memory_order_acquire) ? QString::fromStdString(m_result.traceback) : QString();
}

} // namespace loopscope
