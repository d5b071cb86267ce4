#include <loopscope/engine.h>

#include "runtime/objects.h"
#include "vm/compiler.h"
#include "vm/disassembler.h"
#include "vm/interpreter.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/tracewriter.h>
#include <loopscope/runtime/builtins.h>
#include <loopscope/runtime/heap.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>
#include <memory>

namespace loopscope {

namespace {

/// Watches the loop for the engine: counts iterations against the budget and gives the VM a new
/// instruction budget whenever the loop runs a handle.
class Governor final : public Observer {
public:
    Governor(RunContext& ctx, Interpreter& interp, const std::vector<Observer*>& external, uint64_t maxIterations)
        : m_ctx(ctx)
        , m_interp(interp)
        , m_external(external)
        , m_max(maxIterations)
    {
    }
    std::string observerName() const override { return "engine governor"; }
    void beforeIteration(const IterationEvent&) override
    {
        if (++m_iterations <= m_max || m_exceeded) return;
        m_exceeded = true;
        // The run ends before that iteration's `iter` line: the others must not see it.
        for (Observer* o : m_external) m_ctx.detach(o);
        m_interp.requestAbort(RunAborted::Reason::IterationBudget, "the iteration budget of "
            + std::to_string(m_max) + " _run_once calls is exhausted");
    }
    void beforeHandle(const HandleEvent&) override { m_interp.resetInstructionBudget(); }
    bool exceeded() const noexcept { return m_exceeded; }

private:
    RunContext& m_ctx;
    Interpreter& m_interp;
    const std::vector<Observer*>& m_external;
    uint64_t m_max;
    uint64_t m_iterations = 0;
    bool m_exceeded = false;
};

void flushWriters(const std::vector<Observer*>& observers)
{
    for (Observer* o : observers)
        if (auto* tw = dynamic_cast<TraceWriter*>(o)) tw->flush();
}

void notifyFinal(const std::vector<Observer*>& observers, const std::string& type, const std::string& message)
{
    flushWriters(observers);
    ErrorEvent e;
    e.type = type;
    e.message = message;
    e.context = "uncaught";
    for (Observer* o : observers) {
        try {
            o->uncaughtError(e);
        } catch (...) {
        }
    }
}

void outputToContext(void* ctx, std::string_view text) { static_cast<RunContext*>(ctx)->output(text); }

} // namespace

SuspendedFrame suspendedFrame(const Object* coroutine) noexcept
{
    SuspendedFrame out;
    if (!coroutine) return out;
    const TypeObject* t = coroutine->type();
    if (t != types().coroutine && t != types().generator && t != types().asyncGenerator) return out;
    auto* g = static_cast<const GeneratorObject*>(coroutine);
    if (!g->frame()) return out;
    out.function = g->frame()->code->name;
    out.filename = g->frame()->code->filename;
    out.finished = g->finished();
    out.started = g->frame()->started;
    out.line = g->currentLine();
    return out;
}

Engine::Engine(EngineOptions options)
    : m_options(std::move(options))
{
}

Engine::~Engine() = default;

void Engine::attach(Observer* observer)
{
    if (observer && std::find(m_observers.begin(), m_observers.end(), observer) == m_observers.end())
        m_observers.push_back(observer);
}

void Engine::detach(Observer* observer) { m_observers.erase(std::remove(m_observers.begin(), m_observers.end(), observer), m_observers.end()); }

void Engine::setLocalsSink(LocalsSink sink, void* ctx)
{
    m_localsSink = sink;
    m_localsCtx = ctx;
}

std::string Engine::disassemble(std::string_view source, std::string filename)
{
    CompileResult c = compileModule(source, std::move(filename));
    if (c.error) return renderSyntaxError(*c.error);
    return loopscope::disassemble(*c.code);
}

void Engine::setStderrSink(std::function<void(std::string_view text)> sink) { m_stderrSink = std::move(sink); }

void Engine::setTraceSink(std::function<void(std::string_view line)> sink) { m_traceSink = std::move(sink); }

RunResult Engine::run(std::string_view source, std::string filename)
{
    RunResult result;
    try {
        initRuntime();
        CompileResult compiled = compileModule(source, filename);
        if (compiled.error) {
            result.status = RunResult::Status::SyntaxError;
            result.errorType = compiled.error->type;
            result.message = compiled.error->message;
            result.traceback = renderSyntaxError(*compiled.error);
            result.exitCode = 1;
            std::vector<Observer*> observers = m_observers;
            notifyFinal(observers, result.errorType, result.message);
            if (m_traceSink) m_traceSink("0.000000 error " + result.errorType);
            return result;
        }

        ModuleContext modules;
        Heap heap;
        Heap::Scope heapScope(heap);
        RunContext ctx;
        RunContext::Scope ctxScope(ctx);
        modules.clock = &ctx.clock();
        modules.writeStdout = [&ctx](std::string_view text) { ctx.output(text); };
        modules.writeStderr = m_stderrSink;
        modules.argv = m_options.argv.empty() ? std::vector<std::string> { filename } : m_options.argv;
        modules.recursionLimit = m_options.recursionLimit;

        InterpreterOptions io;
        io.instructionBudget = m_options.instructionBudget;
        io.recursionLimit = m_options.recursionLimit;
        io.captureLocals = m_options.captureLocals;
        Interpreter interp(&ctx, &modules, io);
        Interpreter::Scope interpScope(interp);
        interp.addSource(filename, std::string(source));
        if (m_options.captureLocals && m_localsSink) {
            interp.localsSink = [this](const Frame& f) { m_localsSink(m_localsCtx, f.code->name, f.localsSnapshot()); };
        }

        std::vector<Observer*> observers = m_observers;
        std::unique_ptr<TraceWriter> traceWriter;
        if (m_traceSink) {
            traceWriter = std::make_unique<TraceWriter>(ctx, m_traceSink);
            observers.push_back(traceWriter.get());
        }
        Governor governor(ctx, interp, observers, m_options.maxIterations);
        ctx.attach(&governor);
        for (Observer* o : observers) ctx.attach(o);
        interp.setLineEvents(!observers.empty());
        setOutputSink(&outputToContext, &ctx);
        struct SinkReset {
            ~SinkReset() { setOutputSink(nullptr, nullptr); }
        } sinkReset;

        Ref<Object> mainModule = newModule("__main__");
        dictSet(moduleDict(mainModule.get()), "__file__", newStr(filename).get());
        dictSet(moduleDict(mainModule.get()), "__builtins__", interp.builtins());

        try {
            interp.runModule(compiled.code, mainModule.get());
            flushWriters(observers);
        } catch (const PyException& e) {
            Object* exc = e.exception().get();
            if (isInstance(exc, types().SystemExit)) {
                flushWriters(observers);
                Object* code = static_cast<ExceptionObject*>(exc)->value.get();
                if (!code) {
                    Object* args = exceptionArgs(exc);
                    if (args && !tupleItems(args).empty()) code = tupleItems(args)[0].get();
                }
                int64_t n = 0;
                if (code && code != None()) {
                    if (isInt(code) && intFits(code, n)) result.exitCode = int(n);
                    else {
                        result.message = strText(code);
                        result.exitCode = 1;
                    }
                }
            } else {
                result.status = RunResult::Status::UncaughtException;
                result.errorType = exc->type()->name();
                try {
                    result.message = strText(exc);
                } catch (const PyException&) {
                }
                result.traceback = interp.formatException(exc);
                result.exitCode = 1;
                flushWriters(observers);
                ctx.reportUncaught(exc);
            }
        } catch (const DeadlockError&) {
            result.status = RunResult::Status::Deadlock;
            result.message = "deadlock";
        } catch (const RunAborted& a) {
            if (a.reason == RunAborted::Reason::IterationBudget) {
                result.status = RunResult::Status::BudgetExceeded;
                result.errorType = "BudgetExceeded";
            } else {
                result.status = RunResult::Status::Blocked;
                result.errorType = "LoopBlocked";
            }
            result.message = a.message;
            result.exitCode = 1;
            for (Observer* o : observers) ctx.detach(o);
            notifyFinal(observers, result.errorType, result.message);
        }
        if (result.status == RunResult::Status::Completed || result.status == RunResult::Status::UncaughtException) {
            try {
                ctx.finishRun();
            } catch (const PyException&) {
            }
        }
        for (Observer* o : observers) ctx.detach(o);
        ctx.detach(&governor);
    } catch (const std::exception& e) {
        result.status = RunResult::Status::InternalError;
        result.errorType = "InternalError";
        result.message = e.what();
        result.exitCode = 70;
    } catch (...) {
        result.status = RunResult::Status::InternalError;
        result.errorType = "InternalError";
        result.message = "unknown C++ exception";
        result.exitCode = 70;
    }
    return result;
}

} // namespace loopscope
