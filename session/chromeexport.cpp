#include "chromeexport.h"

#include <loopscope/debug/statefold.h>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <map>

namespace loopscope {

namespace {

constexpr int kPid = 1;

// One slice being drawn: it becomes an "X" event when it closes.
struct OpenSlice {
    bool open = false;
    QString name;
    QString category;
    double ts = 0.0;
    quint64 event = 0;
};

class Exporter {
public:
    Exporter(const Session& session, quint64 from, quint64 to)
        : m_log(*session.log)
        , m_from(from)
        , m_to(to)
        , m_session(session)
    {
    }

    QJsonDocument run();

private:
    static int lane(uint64_t taskId) { return ChromeExport::kFirstTaskLane + static_cast<int>(taskId) - 1; }
    void open(OpenSlice& s, const QString& name, const QString& category, double ts, quint64 event)
    {
        s = { true, name, category, ts, event };
    }
    void close(OpenSlice& s, int tid, double ts)
    {
        if (!s.open) return;
        s.open = false;
        m_events.append(QJsonObject { { "name", s.name }, { "cat", s.category }, { "ph", "X" }, { "ts", s.ts },
                                      { "dur", std::max(0.0, ts - s.ts) }, { "pid", kPid }, { "tid", tid },
                                      { "args", QJsonObject { { "event", QString::number(s.event) } } } });
    }
    void instant(const QString& name, const QString& category, double ts, int tid, quint64 event, const QString& detail = {})
    {
        QJsonObject args { { "event", QString::number(event) } };
        if (!detail.isEmpty()) args["detail"] = detail;
        m_events.append(QJsonObject { { "name", name }, { "cat", category }, { "ph", "i" }, { "s", "t" }, { "ts", ts },
                                      { "pid", kPid }, { "tid", tid }, { "args", args } });
    }
    void metadata(const char* name, int tid, const QString& value, int sortIndex)
    {
        m_events.append(QJsonObject { { "name", name }, { "ph", "M" }, { "pid", kPid }, { "tid", tid },
                                      { "args", QJsonObject { { "name", value } } } });
        m_events.append(QJsonObject { { "name", "thread_sort_index" }, { "ph", "M" }, { "pid", kPid }, { "tid", tid },
                                      { "args", QJsonObject { { "sort_index", sortIndex } } } });
    }
    struct TaskLane {
        OpenSlice state; // "ready" / "suspended"
        OpenSlice step; // "__step"
    };
    TaskLane& task(uint64_t id) { return m_tasks[id]; }

    const EventLog& m_log;
    quint64 m_from, m_to;
    const Session& m_session;
    QJsonArray m_events;
    OpenSlice m_iteration, m_phase, m_run;
    std::map<uint64_t, TaskLane> m_tasks; // ordered: lanes and metadata come out by task id
};

QJsonDocument Exporter::run()
{
    const QString program = m_session.scenarioPath.isEmpty() ? QStringLiteral("untitled")
                                                             : QFileInfo(m_session.scenarioPath).fileName();
    m_events.append(QJsonObject { { "name", "process_name" }, { "ph", "M" }, { "pid", kPid }, { "tid", ChromeExport::kLoopLane },
                                  { "args", QJsonObject { { "name", QStringLiteral("Loopscope: %1").arg(program) } } } });
    metadata("thread_name", ChromeExport::kLoopLane, QStringLiteral("event loop"), 0);

    // Lanes for every task born by the end of the range, named as they are then.
    for (quint64 i = 0; i <= m_to; ++i) {
        RecordedEvent e = m_log.event(i);
        if (e.kind != RecordKind::TaskCreated) continue;
        RecordedTask t = m_log.task(e.a);
        task(e.a);
        metadata("thread_name", lane(e.a), QStringLiteral("%1 (%2)").arg(QString::fromStdString(t.name), QString::fromStdString(t.coro)),
                 static_cast<int>(e.a));
    }

    // Virtual µs, but never less than 1 µs after the previous event, so order survives.
    RecordedEvent first = m_log.event(m_from);
    double ts = first.clock * 1e6;
    const double start = ts;

    // What was already going on when the range begins opens slices at its start.
    if (m_from > 0) {
        StateFold fold(m_log);
        LoopState s = fold.stateAt(m_from - 1);
        if (s.iteration > 0 && s.phase != LoopPhase::Idle) {
            open(m_iteration, QStringLiteral("iter %1").arg(s.iteration), "iteration", start, m_from);
            open(m_phase, QString::fromLatin1(loopPhaseName(s.phase)), "phase", start, m_from);
        }
        if (s.running) open(m_run, QStringLiteral("run %1").arg(QString::fromStdString(s.runningHandle.callback)), "run", start, m_from);
        for (const TaskView& t : s.tasks) {
            TaskLane& l = task(t.id);
            if (t.state == TaskView::State::Running) open(l.step, "__step", "running", start, m_from);
            if (t.state == TaskView::State::Scheduled) open(l.state, "ready", "ready", start, m_from);
            if (t.state == TaskView::State::Suspended)
                open(l.state, t.awaiting.empty() ? QStringLiteral("suspended") : QStringLiteral("suspended on %1").arg(QString::fromStdString(t.awaiting)),
                     "suspended", start, m_from);
        }
    }

    for (quint64 i = m_from; i <= m_to; ++i) {
        RecordedEvent e = m_log.event(i);
        if (i > m_from) ts = std::max(e.clock * 1e6, ts + ChromeExport::kEpsilonMicros);
        const int loop = ChromeExport::kLoopLane;
        switch (e.kind) {
        case RecordKind::Iteration:
            close(m_run, loop, ts);
            close(m_phase, loop, ts);
            close(m_iteration, loop, ts);
            open(m_iteration, QStringLiteral("iter %1").arg(e.a), "iteration", ts, i);
            break;
        case RecordKind::PhaseBegin:
            close(m_run, loop, ts);
            close(m_phase, loop, ts);
            if (static_cast<LoopPhase>(e.a) != LoopPhase::Idle)
                open(m_phase, QString::fromLatin1(loopPhaseName(static_cast<LoopPhase>(e.a))), "phase", ts, i);
            break;
        case RecordKind::LoopStopped:
            close(m_run, loop, ts);
            close(m_phase, loop, ts);
            close(m_iteration, loop, ts);
            break;
        case RecordKind::RunBegin:
            close(m_run, loop, ts);
            open(m_run, QString::fromStdString(m_log.describe(e)), "run", ts, i);
            break;
        case RecordKind::RunEnd: close(m_run, loop, ts); break;
        case RecordKind::TaskCreated: open(task(e.a).state, "ready", "ready", ts, i); break;
        case RecordKind::StepBegin: {
            TaskLane& l = task(e.a);
            close(l.state, lane(e.a), ts);
            open(l.step, "__step", "running", ts, i);
            break;
        }
        case RecordKind::StepEnd: {
            TaskLane& l = task(e.a);
            close(l.step, lane(e.a), ts);
            auto kind = static_cast<StepOutcome::Kind>(static_cast<int>(e.x));
            if (kind == StepOutcome::Kind::Suspended) {
                std::string on = m_log.string(e.text);
                open(l.state, on.empty() ? QStringLiteral("suspended") : QStringLiteral("suspended on %1").arg(QString::fromStdString(on)),
                     "suspended", ts, i);
            } else if (kind == StepOutcome::Kind::BareYield || kind == StepOutcome::Kind::BadYield) {
                open(l.state, "ready", "ready", ts, i);
            }
            break;
        }
        case RecordKind::TaskDone: {
            TaskLane& l = task(e.a);
            close(l.state, lane(e.a), ts);
            instant(QString::fromStdString(m_log.describe(e)), "task", ts, lane(e.a), i);
            break;
        }
        case RecordKind::Soon:
        case RecordKind::Due: {
            // A suspended task becomes ready when its wake-up callback enters the ready deque.
            RecordedHandle h = m_log.handle(e.a);
            if (h.taskId && m_tasks.count(h.taskId)) {
                TaskLane& l = task(h.taskId);
                if (l.state.open && l.state.category == QLatin1String("suspended")) {
                    close(l.state, lane(h.taskId), ts);
                    open(l.state, "ready", "ready", ts, i);
                }
            }
            if (e.kind == RecordKind::Due) instant(QString::fromStdString(m_log.describe(e)), "timer", ts, loop, i);
            break;
        }
        case RecordKind::Timer:
        case RecordKind::Cancel: instant(QString::fromStdString(m_log.describe(e)), "timer", ts, loop, i); break;
        case RecordKind::Output: instant(QStringLiteral("out"), "output", ts, loop, i, QString::fromStdString(m_log.string(e.text))); break;
        case RecordKind::Deadlock:
        case RecordKind::Error: instant(QString::fromStdString(m_log.describe(e)), "end", ts, loop, i); break;
        default: break;
        }
    }

    // Whatever is still open is cut at the end of the range.
    const double end = ts + ChromeExport::kEpsilonMicros;
    close(m_run, ChromeExport::kLoopLane, end);
    close(m_phase, ChromeExport::kLoopLane, end);
    close(m_iteration, ChromeExport::kLoopLane, end);
    for (auto& [id, l] : m_tasks) {
        close(l.step, lane(id), end);
        close(l.state, lane(id), end);
    }
    QJsonObject root { { "traceEvents", m_events }, { "displayTimeUnit", "ms" } };
    root["otherData"] = QJsonObject { { "generator", "Loopscope" }, { "origin", m_session.origin },
                                      { "fromEvent", QString::number(m_from) }, { "toEvent", QString::number(m_to) },
                                      { "timeBase", "virtual microseconds; events at one instant are 1 us apart" } };
    return QJsonDocument(root);
}

} // namespace

QJsonDocument ChromeExport::toJson(const Session& session, quint64 from, quint64 to)
{
    if (!session.log || session.log->size() == 0) return QJsonDocument(QJsonObject { { "traceEvents", QJsonArray() } });
    const quint64 last = session.log->size() - 1;
    to = std::min(to, last);
    from = std::min(from, to);
    return Exporter(session, from, to).run();
}

bool ChromeExport::write(const Session& session, quint64 from, quint64 to, const QString& path, QString* error)
{
    QByteArray bytes = toJson(session, from, to).toJson(QJsonDocument::Compact);
    QSaveFile file(path);
    // flush() before commit(): commit() misses an error in flushing a small buffered write (a full disk).
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.flush() || !file.commit()) {
        if (error) *error = QStringLiteral("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace loopscope
