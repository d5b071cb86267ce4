// SessionFile::importTrace: turns a canonical trace (TRACE.md) into an EventLog. The trace says
// what entered and left the ready deque and the heap but not where in the heap array; the
// importer replays CPython's heapq (TimerHeap) and its cancelled-timer purge to recover the
// layout and the sift moves, checks every `iter` line's counts against that replay, and infers
// the loop's phases and each task's steps. Nothing it cannot know (locals, lines, what a task
// awaits) is invented: those stay empty and the origin "cpython" says why.

#include "session.h"

#include <loopscope/asyncio/timerheap.h>

#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <deque>
#include <unordered_map>

namespace loopscope {

namespace {

struct TimerEntry {
    double when = 0.0;
    uint64_t id = 0;
};
struct TimerLess {
    bool operator()(const TimerEntry& a, const TimerEntry& b) const { return a.when < b.when; }
};

struct MoveCollector final : HeapMoveSink {
    std::vector<HeapMove> moves;
    void lifted(size_t i) override { moves.push_back({ HeapMove::Kind::Lifted, i, i }); }
    void moved(size_t from, size_t to) override { moves.push_back({ HeapMove::Kind::Moved, from, to }); }
    void placed(size_t i) override { moves.push_back({ HeapMove::Kind::Placed, i, i }); }
};

// CPython's thresholds for the bulk purge (base_events.py).
constexpr size_t kMinScheduledTimerHandles = 100;
constexpr double kMinCancelledTimerHandlesFraction = 0.5;

class TraceImporter {
public:
    explicit TraceImporter(EventLog& log) : m_log(log) { }

    /// Empty on success, else the message (without the line number).
    QString line(QByteArray text);
    void finish();
    size_t tasks() const { return m_taskCount; }
    /// 0, or the first line from which the heap layout is a best guess (see `cancel`).
    int approximateFrom() const { return m_approximateFrom; }
    void setLine(int lineNo) { m_lineNo = lineNo; }

private:
    struct ParsedHandle {
        std::string callback, task, argTask;
        std::string key() const { return callback + '\x1f' + task + '\x1f' + argTask; }
    };
    static bool parseHandle(QByteArray text, ParsedHandle* out);
    uint64_t newHandle(const ParsedHandle& h, bool timer, double when);
    void record(RecordedEvent e);
    void phase(LoopPhase p);
    void advanceTo(LoopPhase p);
    void closeRun();
    void purge();
    uint64_t taskByName(const std::string& name) const;

    EventLog& m_log;
    double m_clock = 0.0;
    bool m_inIteration = false;
    LoopPhase m_phase = LoopPhase::Idle;
    TimerHeap<TimerEntry, TimerLess> m_heap;
    std::deque<uint64_t> m_ready;
    std::vector<std::string> m_keys = { {} }; // handle id -> description key (ids start at 1)
    std::vector<bool> m_cancelled = { false }; // handle id -> cancelled while on the heap
    size_t m_timerCancelledCount = 0;
    std::unordered_map<std::string, uint64_t> m_taskIds; // latest task of each name
    size_t m_taskCount = 0;
    uint64_t m_runningHandle = 0;
    uint64_t m_steppingTask = 0;
    int m_doneKind = -1; // how the stepping task ended during this step, -1: it did not
    bool m_finished = false;
    bool m_ambiguousCancel = false; // a cancel matched timers with different deadlines
    int m_approximateFrom = 0;
    int m_lineNo = 0;
};

bool TraceImporter::parseHandle(QByteArray text, ParsedHandle* out)
{
    text = text.trimmed();
    if (text.isEmpty()) return false;
    qsizetype arg = text.lastIndexOf(QByteArrayLiteral(" arg="));
    if (arg >= 0) {
        out->argTask = text.mid(arg + 5).toStdString();
        text = text.first(arg);
    }
    qsizetype space = text.indexOf(' ');
    out->callback = (space < 0 ? text : text.first(space)).toStdString();
    if (space >= 0) out->task = text.mid(space + 1).toStdString();
    return !out->callback.empty();
}

uint64_t TraceImporter::taskByName(const std::string& name) const
{
    auto it = m_taskIds.find(name);
    return it == m_taskIds.end() ? 0 : it->second;
}

uint64_t TraceImporter::newHandle(const ParsedHandle& h, bool timer, double when)
{
    uint64_t id = m_keys.size();
    m_keys.push_back(h.key());
    m_cancelled.push_back(false);
    m_log.setHandle(id, { h.callback, h.task, h.argTask, taskByName(h.task), timer, when });
    return id;
}

void TraceImporter::record(RecordedEvent e)
{
    e.clock = m_clock;
    m_log.append(e);
}

void TraceImporter::phase(LoopPhase p)
{
    m_phase = p;
    record({ .kind = RecordKind::PhaseBegin, .a = static_cast<uint64_t>(p) });
}

void TraceImporter::advanceTo(LoopPhase p)
{
    if (!m_inIteration) return;
    while (m_phase < p) phase(static_cast<LoopPhase>(static_cast<int>(m_phase) + 1));
}

// The trace has no "end" line: a handle's run ends when the next loop-level line appears.
void TraceImporter::closeRun()
{
    if (m_steppingTask) {
        StepOutcome::Kind kind = m_doneKind < 0 ? StepOutcome::Kind::Suspended
            : m_doneKind == 0                   ? StepOutcome::Kind::Returned
                                                : StepOutcome::Kind::Raised;
        record({ .kind = RecordKind::StepEnd, .a = m_steppingTask, .x = static_cast<double>(kind) });
        m_steppingTask = 0;
        m_doneKind = -1;
    }
    if (m_runningHandle) {
        record({ .kind = RecordKind::RunEnd, .a = m_runningHandle });
        m_runningHandle = 0;
    }
}

// _run_once's first phase, replayed: the bulk rebuild or popping cancelled timers off the head.
void TraceImporter::purge()
{
    MoveCollector sink;
    m_heap.setMoveSink(&sink);
    const size_t scheduled = m_heap.size();
    if (scheduled > kMinScheduledTimerHandles
        && double(m_timerCancelledCount) / double(scheduled) > kMinCancelledTimerHandlesFraction) {
        std::vector<TimerEntry>& items = m_heap.rawItems();
        std::erase_if(items, [&](const TimerEntry& t) { return m_cancelled[t.id]; });
        m_heap.heapify();
        m_timerCancelledCount = 0;
        record({ .kind = RecordKind::Purge, .a = scheduled - m_heap.size(), .b = 1,
               .movesBegin = m_log.addMoves(sink.moves), .movesCount = static_cast<uint32_t>(sink.moves.size()) });
    } else {
        size_t purged = 0;
        while (!m_heap.empty() && m_cancelled[m_heap.front().id]) {
            m_heap.pop();
            --m_timerCancelledCount;
            ++purged;
        }
        if (purged)
            record({ .kind = RecordKind::Purge, .a = purged, .movesBegin = m_log.addMoves(sink.moves),
                   .movesCount = static_cast<uint32_t>(sink.moves.size()) });
    }
    m_heap.setMoveSink(nullptr);
}

QString TraceImporter::line(QByteArray text)
{
    if (text.endsWith('\r')) text.chop(1);
    if (text.trimmed().isEmpty()) return {};
    if (m_finished) return QStringLiteral("a line after the run ended");
    qsizetype space = text.indexOf(' ');
    if (space <= 0) return QStringLiteral("expected \"<clock> <event>\"");
    bool ok = false;
    double t = text.first(space).toDouble(&ok);
    if (!ok) return QStringLiteral("the clock \"%1\" is not a number").arg(QString::fromUtf8(text.first(space).left(40)));
    QByteArray rest = text.mid(space + 1);
    qsizetype wordEnd = rest.indexOf(' ');
    QByteArray word = wordEnd < 0 ? rest : rest.first(wordEnd);
    QByteArray args = wordEnd < 0 ? QByteArray() : rest.mid(wordEnd + 1);

    if (t != m_clock) {
        m_clock = t;
        record({ .kind = RecordKind::Clock, .x = t });
    }
    ParsedHandle h;
    auto needHandle = [&]() { return parseHandle(args, &h); };

    if (word == "task") {
        qsizetype coro = args.lastIndexOf(QByteArrayLiteral(" coro="));
        if (coro <= 0) return QStringLiteral("expected \"task <name> coro=<qualname>\"");
        uint64_t id = ++m_taskCount;
        std::string name = args.first(coro).toStdString();
        m_log.setTask(id, { name, args.mid(coro + 6).toStdString() });
        m_taskIds[name] = id;
        record({ .kind = RecordKind::TaskCreated, .a = id });
    } else if (word == "soon") {
        if (!needHandle()) return QStringLiteral("expected \"soon <handle>\"");
        uint64_t id = newHandle(h, false, 0.0);
        m_ready.push_back(id);
        record({ .kind = RecordKind::Soon, .a = id });
    } else if (word == "timer") {
        qsizetype when = args.lastIndexOf(QByteArrayLiteral(" when="));
        double w = 0.0;
        if (when <= 0 || (w = args.mid(when + 6).toDouble(&ok), !ok) || !parseHandle(args.first(when), &h))
            return QStringLiteral("expected \"timer <handle> when=<t>\"");
        uint64_t id = newHandle(h, true, w);
        MoveCollector sink;
        m_heap.setMoveSink(&sink);
        m_heap.push({ w, id });
        m_heap.setMoveSink(nullptr);
        record({ .kind = RecordKind::Timer, .a = id, .movesBegin = m_log.addMoves(sink.moves),
               .movesCount = static_cast<uint32_t>(sink.moves.size()) });
    } else if (word == "cancel") {
        if (!needHandle()) return QStringLiteral("expected \"cancel <handle>\"");
        // The trace does not say which of several same-named timers was cancelled: take the one
        // due first (then the earliest scheduled), the usual case; `iter` checks catch a wrong guess.
        uint64_t id = 0;
        double when = 0.0;
        for (const TimerEntry& e : m_heap)
            if (!m_cancelled[e.id] && m_keys[e.id] == h.key()) {
                if (id != 0 && e.when != when) m_ambiguousCancel = true;
                if (id == 0 || e.when < when || (e.when == when && e.id < id)) {
                    id = e.id;
                    when = e.when;
                }
            }
        if (!id) return QStringLiteral("cancel of a timer that is not on the heap");
        m_cancelled[id] = true;
        ++m_timerCancelledCount;
        record({ .kind = RecordKind::Cancel, .a = id });
    } else if (word == "iter") {
        unsigned long long n = 0, ready = 0, timers = 0;
        QByteArray a = args;
        if (std::sscanf(a.constData(), "%llu ready=%llu timers=%llu", &n, &ready, &timers) != 3 || n == 0 || n > INT32_MAX)
            return QStringLiteral("expected \"iter <n> ready=<r> timers=<h>\"");
        closeRun();
        advanceTo(LoopPhase::RunReady);
        if (n == 1 && ready == 0 && timers == 0) {
            // A new loop (asyncio.run again): whatever the closed loop left behind is gone.
            m_ready.clear();
            m_heap.clear();
            m_timerCancelledCount = 0;
        }
        if (timers != m_heap.size() && m_ambiguousCancel) {
            if (!m_approximateFrom) m_approximateFrom = m_lineNo;
        } else if (ready != m_ready.size() || timers != m_heap.size())
            return QStringLiteral("iter says ready=%1 timers=%2, but replaying the trace gives ready=%3 timers=%4")
                .arg(ready)
                .arg(timers)
                .arg(m_ready.size())
                .arg(m_heap.size());
        m_inIteration = true;
        record({ .kind = RecordKind::Iteration, .a = n, .b = ready, .x = static_cast<double>(timers) });
        phase(LoopPhase::PurgeCancelled);
        purge();
        phase(LoopPhase::ComputeTimeout);
    } else if (word == "select") {
        if (!args.startsWith("timeout=")) return QStringLiteral("expected \"select timeout=<x>\"");
        QByteArray value = args.mid(8);
        double timeout = 0.0;
        bool none = value == "None";
        if (!none && (timeout = value.toDouble(&ok), !ok)) return QStringLiteral("expected \"select timeout=<x>\"");
        closeRun();
        advanceTo(LoopPhase::Select);
        record({ .kind = RecordKind::Select, .b = none ? 0u : 1u, .x = none ? 0.0 : timeout });
    } else if (word == "due") {
        if (!needHandle()) return QStringLiteral("expected \"due <handle>\"");
        uint64_t dueId = m_heap.empty() ? 0 : m_heap.front().id;
        if (!dueId || m_keys[dueId] != h.key() || m_cancelled[dueId]) {
            if (!m_ambiguousCancel || m_heap.empty()) return QStringLiteral("due of a timer that is not at the head of the heap");
            // An earlier ambiguous cancel was guessed wrong: the handle that ran is the first
            // uncancelled one of that name; the popped root stands in for it in the heap (as the
            // fold replays it), and the picture is marked approximate from here.
            dueId = 0;
            for (const TimerEntry& e : m_heap)
                if (m_keys[e.id] == h.key() && !m_cancelled[e.id] && (dueId == 0 || e.when < m_log.handle(dueId).when)) dueId = e.id;
            if (!dueId) return QStringLiteral("due of a timer that is not on the heap");
            if (!m_approximateFrom) m_approximateFrom = m_lineNo;
        }
        advanceTo(LoopPhase::MoveDueTimers);
        MoveCollector sink;
        m_heap.setMoveSink(&sink);
        TimerEntry top = m_heap.pop();
        m_heap.setMoveSink(nullptr);
        if (top.id != dueId) {
            // Keep the stand-in's slot meaning "the due one" so later purges stay consistent.
            for (size_t i = 0; i < m_heap.size(); ++i)
                if (m_heap[i].id == dueId) const_cast<TimerEntry&>(m_heap[i]).id = top.id;
        }
        m_ready.push_back(dueId);
        record({ .kind = RecordKind::Due, .a = dueId, .movesBegin = m_log.addMoves(sink.moves),
               .movesCount = static_cast<uint32_t>(sink.moves.size()) });
    } else if (word == "run" || word == "skip") {
        if (!needHandle()) return QStringLiteral("expected \"%1 <handle>\"").arg(QString::fromUtf8(word));
        if (m_ready.empty()) return QStringLiteral("%1 with an empty ready deque").arg(QString::fromUtf8(word));
        if (m_keys[m_ready.front()] != h.key()) {
            // The deque is FIFO, so the head is certain; only a task renamed since (set_name)
            // may print differently. Anything else is a broken trace.
            RecordedHandle head = m_log.handle(m_ready.front());
            if (head.callback != h.callback || head.argTask != h.argTask || head.taskId == 0 || h.task.empty())
                return QStringLiteral("%1 of a handle that is not at the head of the ready deque").arg(QString::fromUtf8(word));
            RecordedTask t = m_log.task(head.taskId);
            m_log.setTask(head.taskId, { h.task, t.coro });
            m_taskIds[h.task] = head.taskId;
            m_keys[m_ready.front()] = h.key();
        }
        closeRun();
        advanceTo(LoopPhase::RunReady);
        uint64_t id = m_ready.front();
        m_ready.pop_front();
        if (word == "skip") {
            record({ .kind = RecordKind::Skip, .a = id });
        } else {
            record({ .kind = RecordKind::RunBegin, .a = id });
            m_runningHandle = id;
            // __wakeup calls __step itself, so either one is a step of its task.
            if ((h.callback == "__step" || h.callback == "__wakeup") && taskByName(h.task)) {
                m_steppingTask = taskByName(h.task);
                record({ .kind = RecordKind::StepBegin, .a = m_steppingTask });
            }
        }
    } else if (word == "done") {
        int kind = -1;
        QByteArray name;
        std::string detail;
        qsizetype exc = args.lastIndexOf(QByteArrayLiteral(" exception "));
        if (args.endsWith(" result")) {
            kind = 0;
            name = args.first(args.size() - 7);
        } else if (args.endsWith(" cancelled")) {
            kind = 1;
            name = args.first(args.size() - 10);
        } else if (exc > 0) {
            kind = 2;
            name = args.first(exc);
            detail = args.mid(exc + 11).toStdString();
        } else {
            return QStringLiteral("expected \"done <task> result|cancelled|exception <Type>\"");
        }
        uint64_t id = taskByName(name.toStdString());
        if (!id) return QStringLiteral("done of a task that was never created");
        if (id == m_steppingTask) m_doneKind = kind;
        record({ .kind = RecordKind::TaskDone, .text = m_log.intern(detail), .a = id, .b = static_cast<uint64_t>(kind) });
    } else if (word == "out") {
        record({ .kind = RecordKind::Output, .text = m_log.intern(std::string_view(args.constData(), size_t(args.size()))) });
    } else if (word == "deadlock" && args.isEmpty()) {
        closeRun();
        record({ .kind = RecordKind::Deadlock });
        m_log.finish("deadlock");
        m_finished = true;
    } else if (word == "error" && !args.isEmpty()) {
        closeRun();
        std::string type = args.toStdString();
        record({ .kind = RecordKind::Error, .text = m_log.intern(type), .text2 = m_log.intern("uncaught") });
        m_log.finish("error " + type);
        m_finished = true;
    } else {
        return QStringLiteral("unknown event \"%1\"").arg(QString::fromUtf8(word.left(40)));
    }
    return {};
}

void TraceImporter::finish()
{
    if (m_finished) return;
    closeRun();
    m_log.finish("completed");
}

} // namespace

bool SessionFile::importTraceText(const QByteArray& text, Session* out, QString* error)
{
    auto log = std::make_shared<EventLog>();
    TraceImporter importer(*log);
    qsizetype start = 0;
    for (int lineNo = 1; start < text.size(); ++lineNo) {
        qsizetype nl = text.indexOf('\n', start);
        qsizetype end = nl < 0 ? text.size() : nl;
        importer.setLine(lineNo);
        QString message = importer.line(text.sliced(start, end - start));
        if (!message.isEmpty()) {
            if (error) *error = QStringLiteral("line %1: %2").arg(lineNo).arg(message);
            return false;
        }
        start = end + 1;
    }
    importer.finish();
    Session s;
    s.log = std::move(log);
    s.origin = QStringLiteral("cpython");
    if (importer.approximateFrom())
        s.settings[QStringLiteral("approximateHeapFromLine")] = importer.approximateFrom();
    *out = std::move(s);
    return true;
}

bool SessionFile::importTrace(const QString& path, Session* out, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = QStringLiteral("Cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    Session s;
    QString message;
    if (!importTraceText(file.readAll(), &s, &message)) {
        if (error) *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), message);
        return false;
    }
    // The program beside its trace, when there is one, is the session's source.
    QFileInfo info(path);
    QFile program(info.path() + QLatin1Char('/') + info.completeBaseName() + QStringLiteral(".py"));
    if (program.open(QIODevice::ReadOnly)) {
        s.scenarioPath = program.fileName();
        s.source = QString::fromUtf8(program.readAll());
    } else {
        s.scenarioPath = path;
    }
    *out = std::move(s);
    return true;
}

} // namespace loopscope
