// TraceWriter: the canonical trace of conformance/TRACE.md, line for line.
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/tracewriter.h>

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

TraceWriter::TraceWriter(const RunContext& ctx, std::function<void(std::string_view)> sink)
    : m_ctx(ctx)
    , m_sink(std::move(sink))
{
}

std::string TraceWriter::handleName(const HandleEvent& e)
{
    std::string s = e.callback;
    if (!e.task.empty()) {
        s += ' ';
        s += e.task;
    }
    if (!e.argTask.empty()) {
        s += " arg=";
        s += e.argTask;
    }
    return s;
}

void TraceWriter::write(std::string_view event)
{
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%.6f ", m_ctx.time());
    m_line.assign(buf, size_t(n));
    m_line.append(event);
    m_sink(m_line);
}

void TraceWriter::taskCreated(const TaskEvent& e) { write("task " + e.name + " coro=" + e.coro); }
void TraceWriter::handleScheduled(const HandleEvent& e) { write("soon " + handleName(e)); }
void TraceWriter::timerPushed(const HandleEvent& e) { write("timer " + handleName(e) + " when=" + fixed6(e.when)); }
void TraceWriter::timerCancelled(const HandleEvent& e) { write("cancel " + handleName(e)); }

void TraceWriter::beforeIteration(const IterationEvent& e)
{
    write("iter " + std::to_string(e.n) + " ready=" + std::to_string(e.ready) + " timers=" + std::to_string(e.timers));
}

void TraceWriter::select(uint64_t, bool hasTimeout, double timeout)
{
    write(hasTimeout ? "select timeout=" + fixed6(timeout) : std::string("select timeout=None"));
}

void TraceWriter::timerDue(const HandleEvent& e) { write("due " + handleName(e)); }
void TraceWriter::handleSkipped(const HandleEvent& e) { write("skip " + handleName(e)); }
void TraceWriter::beforeHandle(const HandleEvent& e) { write("run " + handleName(e)); }

void TraceWriter::taskDone(const TaskDoneEvent& e)
{
    switch (e.kind) {
    case TaskDoneEvent::Kind::Result: write("done " + e.task.name + " result"); break;
    case TaskDoneEvent::Kind::Cancelled: write("done " + e.task.name + " cancelled"); break;
    case TaskDoneEvent::Kind::Exception: write("done " + e.task.name + " exception " + e.exceptionType); break;
    }
}

void TraceWriter::output(std::string_view text)
{
    if (m_ctx.finalizing()) return; // printed at garbage collection, after CPython's trace has ended
    m_partial.append(text);
    size_t start = 0;
    for (size_t nl = m_partial.find('\n'); nl != std::string::npos; nl = m_partial.find('\n', start)) {
        write("out " + m_partial.substr(start, nl - start));
        start = nl + 1;
    }
    m_partial.erase(0, start);
}

void TraceWriter::flush()
{
    if (!m_partial.empty()) {
        write("out " + m_partial);
        m_partial.clear();
    }
}

void TraceWriter::deadlock(uint64_t) { write("deadlock"); }
void TraceWriter::uncaughtError(const ErrorEvent& e) { write("error " + e.type); }

} // namespace loopscope
