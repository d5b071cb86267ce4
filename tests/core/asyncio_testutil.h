#pragma once
// Shared fixtures of the asyncio test suites: one heap and one run context per test, a trace
// collector, a recording observer, and print() for scenario programs written as NativeCoroutines.

#include "runtime/objects.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/tracewriter.h>
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>

#include <QFile>
#include <QTest>
#include <QString>
#include <QStringList>

#include <memory>
#include <string>
#include <vector>

/// Readable QCOMPARE output for std::string.
namespace QTest {
template <>
inline char* toString(const std::string& s)
{
    return qstrdup(s.c_str());
}
} // namespace QTest

namespace loopscope::testutil {

/// A heap, made current, and a run context on it (destroyed in reverse order).
struct Run {
    Run() : scope((initRuntime(), heap)), ctxScope(ctx) { }
    Heap heap;
    Heap::Scope scope;
    RunContext ctx;
    RunContext::Scope ctxScope;
};

/// print(*parts) as the program's stdout.
inline void print(RunContext& ctx, const std::string& text)
{
    ctx.output(text + "\n");
}

/// Collects canonical trace lines.
struct TraceLines {
    explicit TraceLines(RunContext& ctx)
        : writer(ctx, [this](std::string_view l) { lines.emplace_back(l); })
        , m_ctx(ctx)
    {
        ctx.attach(&writer);
    }
    ~TraceLines() { m_ctx.detach(&writer); }
    std::vector<std::string> lines;
    TraceWriter writer;

private:
    RunContext& m_ctx;
};

/// The expected trace copied from the conformance suite into tests/core/data_asyncio.
inline std::vector<std::string> expectedTrace(const char* name)
{
    QFile f(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/core/data_asyncio/%1.trace").arg(QLatin1String(name)));
    std::vector<std::string> out;
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString& l : lines) out.push_back(l.toStdString());
    return out;
}

/// Joins lines for a readable QCOMPARE failure.
inline QString joined(const std::vector<std::string>& lines)
{
    QString s;
    for (const std::string& l : lines) s += QString::fromStdString(l) + QLatin1Char('\n');
    return s;
}

/// Records every hook as one line, in order.
struct Recorder : Observer {
    std::vector<std::string> events;
    void add(std::string s) { events.push_back(std::move(s)); }
    void beforeIteration(const IterationEvent& e) override { add("iter " + std::to_string(e.n)); }
    void afterIteration(const IterationEvent& e) override { add("end iter " + std::to_string(e.n)); }
    void beforePhase(uint64_t, LoopPhase p) override { add("phase " + std::to_string(int(p))); }
    void afterPhase(uint64_t, LoopPhase p) override { add("end phase " + std::to_string(int(p))); }
    void handleScheduled(const HandleEvent& e) override { add("soon " + TraceWriter::handleName(e)); }
    void handleSkipped(const HandleEvent& e) override { add("skip " + TraceWriter::handleName(e)); }
    void beforeHandle(const HandleEvent& e) override { add("run " + TraceWriter::handleName(e)); }
    void afterHandle(const HandleEvent& e) override { add("ran " + TraceWriter::handleName(e)); }
    void timerPushed(const HandleEvent& e) override { add("timer " + e.callback + " @" + std::to_string(e.heapIndex)); }
    void timerDue(const HandleEvent& e) override { add("due " + e.callback); }
    void timerCancelled(const HandleEvent& e) override { add("cancel " + e.callback); }
    void timersPurged(uint64_t, size_t n, bool bulk, const std::vector<HeapMove>&) override
    {
        add(std::string(bulk ? "bulk purge " : "purge ") + std::to_string(n));
    }
    void select(uint64_t, bool has, double t) override { add(has ? "select " + std::to_string(t) : "select None"); }
    void clockMoved(double a, double b) override { add("clock " + std::to_string(a) + "->" + std::to_string(b)); }
    void deadlock(uint64_t) override { add("deadlock"); }
    void taskCreated(const TaskEvent& e) override { add("task " + e.name + " " + e.coro); }
    void beforeTaskStep(const TaskEvent& e) override { add("step " + e.name); }
    void afterTaskStep(const TaskEvent& e, const StepOutcome& o) override
    {
        add("stepped " + e.name + " " + std::to_string(int(o.kind)) + (o.awaiting.empty() ? "" : " on " + o.awaiting));
    }
    void taskDone(const TaskDoneEvent& e) override { add("done " + e.task.name + " " + std::to_string(int(e.kind))); }
    void futureCreated(const FutureEvent& e) override { add("future " + e.label); }
    void futureStateChanged(const FutureEvent& e) override { add("state " + e.label + " " + std::to_string(int(e.state))); }
    void callbackAdded(const CallbackEvent& e) override { add("cb+ " + e.future.label + " " + e.callback); }
    void callbackRemoved(const CallbackEvent& e) override { add("cb- " + e.future.label + " " + e.callback); }
    void output(std::string_view t) override { add("out " + std::string(t)); }
    void callbackError(const ErrorEvent& e) override { add("callback error " + e.type); }
    void exceptionNeverRetrieved(const ErrorEvent& e) override { add("never retrieved " + e.type + " " + e.message); }
    void uncaughtError(const ErrorEvent& e) override { add("uncaught " + e.type); }
    void observerFailed(std::string_view name, std::string_view msg) override
    {
        add("observer failed " + std::string(name) + ": " + std::string(msg));
    }
    void loopStarted(uint64_t) override { add("loop started"); }
    void loopStopped(uint64_t) override { add("loop stopped"); }
};

inline Ref<Object> none() { return newRef(None()); }

/// obj.name(*args) without a braced list (g++ 12 miscompiles those inside co_await expressions).
inline Ref<Object> method(Object* o, const char* name, Object* a = nullptr, Object* b = nullptr, Object* c = nullptr)
{
    if (c) return callMethod(o, name, { a, b, c });
    if (b) return callMethod(o, name, { a, b });
    if (a) return callMethod(o, name, { a });
    return callMethod(o, name);
}

/// A vector of object references (g++ 12 cannot keep an initializer list alive across co_await).
template <class... T>
std::vector<Ref<Object>> refs(const T&... xs)
{
    std::vector<Ref<Object>> v;
    (v.push_back(Ref<Object>(xs)), ...);
    return v;
}

} // namespace loopscope::testutil
