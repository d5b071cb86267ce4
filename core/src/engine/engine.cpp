#include <loopscope/engine.h>

#include <loopscope/debug/eventlog.h>

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
#include <atomic>
#include <memory>

namespace loopscope {

namespace {

/// Watches the loop for the engine: counts iterations against the budget and gives the VM a new
/// instruction budget whenever the loop runs a handle.
class Governor final : public Observer {
public:
    Governor(RunContext& ctx, Interpreter& interp, const std::vector<Observer*>& external, uint64_t maxIterations,
        const std::atomic<bool>& stop)
        : m_ctx(ctx)
        , m_interp(interp)
        , m_external(external)
        , m_max(maxIterations)
        , m_stop(stop)
    {
    }
    std::string observerName() const override { return "engine governor"; }
    void beforeIteration(const IterationEvent&) override
    {
        checkStop();
        if (++m_iterations <= m_max || m_exceeded) return;
        m_exceeded = true;
        // The run ends before that iteration's `iter` line: the others must not see it.
        for (Observer* o : m_external) m_ctx.detach(o);
        m_interp.requestAbort(RunAborted::Reason::IterationBudget, "the iteration budget of "
            + std::to_string(m_max) + " _run_once calls is exhausted");
    }
    void beforeHandle(const HandleEvent&) override
    {
        checkStop();
        m_interp.resetInstructionBudget();
    }
    void afterHandle(const HandleEvent&) override { checkStop(); }
    void line(const LineEvent&) override { checkStop(); }
    bool exceeded() const noexcept { return m_exceeded; }
    bool stopped() const noexcept { return m_stopped; }

    /// Turns a stop asked for by another thread into an abort on the run's own thread.
    void checkStop()
    {
        if (m_stopped || !m_stop.load(std::memory_order_relaxed)) return;
        m_stopped = true;
        for (Observer* o : m_external) m_ctx.detach(o);
        m_interp.requestAbort(RunAborted::Reason::Internal, "the run was stopped");
    }

private:
    RunContext& m_ctx;
    Interpreter& m_interp;
    const std::vector<Observer*>& m_external;
    uint64_t m_max;
    const std::atomic<bool>& m_stop;
    uint64_t m_iterations = 0;
    bool m_exceeded = false;
    bool m_stopped = false;
};

/// Compiles the watch expressions once per run and evaluates them where the engine asks.
class WatchEvaluator final : public Observer {
public:
    WatchEvaluator(Interpreter& interp, const std::vector<std::string>& expressions, Engine::WatchSink sink, void* sinkCtx)
        : m_interp(interp)
        , m_sink(sink)
        , m_sinkCtx(sinkCtx)
    {
        for (const std::string& e : expressions) {
            // An assignment in a module body stores into the locals mapping we pass, where we read it.
            CompileResult c = compileModule("__loopscope_watch__ = (\n" + e + "\n)\n", "<watch>");
            Compiled w;
            if (c.error) {
                w.error = c.error->type + ": " + c.error->message;
            } else {
                w.code = c.code;
            }
            m_watches.push_back(std::move(w));
        }
    }
    std::string observerName() const override { return "watch expressions"; }
    void setModule(DictObject* globals) { m_main = globals; }
    bool active() const noexcept { return m_sink && !m_watches.empty(); }

    void beforeIteration(const IterationEvent&) override
    {
        if (m_main) evaluate(m_main, nullptr);
    }

    /// Evaluates every watch with `frame`'s locals (or the globals alone when null).
    void evaluate(DictObject* globals, const Frame* frame)
    {
        if (!active() || m_busy) return;
        m_busy = true;
        struct Done {
            WatchEvaluator& w;
            ~Done()
            {
                w.m_busy = false;
                w.m_interp.setLineEvents(true);
            }
        } done { *this };
        // The expression's own lines are not the program's: no line events while it runs.
        m_interp.setLineEvents(false);
        Ref<DictObject> locals = newDict();
        if (frame) {
            if (frame->locals && isDict(frame->locals.get()) && frame->locals.get() != static_cast<Object*>(globals)) {
                for (const auto& [k, v] : dictItems(static_cast<DictObject*>(frame->locals.get()))) dictSet(locals.get(), k, v);
            }
            for (size_t i = 0; i < frame->fast.size(); ++i)
                if (frame->fast[i]) dictSet(locals.get(), frame->code->varnames[i], frame->fast[i].get());
            const size_t ncell = frame->code->cellvars.size();
            for (size_t i = 0; i < frame->cells.size(); ++i) {
                if (!frame->cells[i] || !frame->cells[i]->contents) continue;
                dictSet(locals.get(), i < ncell ? frame->code->cellvars[i] : frame->code->freevars[i - ncell],
                    frame->cells[i]->contents.get());
            }
        }
        for (size_t i = 0; i < m_watches.size(); ++i) {
            WatchValue v;
            v.watch = i;
            if (frame) v.function = frame->code->name;
            const Compiled& w = m_watches[i];
            if (!w.code) {
                v.error = true;
                v.repr = w.error;
                m_sink(m_sinkCtx, v);
                continue;
            }
            try {
                Frame wf(w.code, Ref<DictObject>(globals), Ref<DictObject>(m_interp.builtins()));
                wf.locals = Ref<Object>(locals.get());
                m_interp.eval(wf, nullptr, nullptr);
                Object* stored = dictGet(locals.get(), "__loopscope_watch__");
                Ref<Object> held(stored ? stored : None()); // the dict's reference goes with the key
                dictDel(locals.get(), internStr("__loopscope_watch__"));
                Object* value = held.get();
                v.repr = reprText(value);
                int64_t n = 0;
                if (isFloat(value)) {
                    v.numeric = true;
                    v.number = floatValue(value);
                } else if (isInt(value) && intFits(value, n)) {
                    v.numeric = true;
                    v.number = double(n);
                }
            } catch (const PyException& e) {
                Object* exc = e.exception().get();
                std::string message;
                try {
                    message = strText(exc);
                } catch (const PyException&) {
                }
                v.error = true;
                v.repr = std::string(exc->type()->name()) + (message.empty() ? "" : ": " + message);
            } catch (const RunAborted& a) {
                // A runaway expression: report it, and give the program back its instruction budget.
                if (a.reason != RunAborted::Reason::InstructionBudget) throw;
                m_interp.resetInstructionBudget();
                v.error = true;
                v.repr = "the expression ran out of its instruction budget";
            }
            m_sink(m_sinkCtx, v);
        }
    }

private:
    struct Compiled {
        std::shared_ptr<const CodeObject> code;
        std::string error;
    };
    Interpreter& m_interp;
    Engine::WatchSink m_sink;
    void* m_sinkCtx;
    std::vector<Compiled> m_watches;
    DictObject* m_main = nullptr;
    bool m_busy = false;
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

void Engine::setWatches(std::vector<std::string> expressions, WatchSink sink, void* ctx)
{
    m_watches = std::move(expressions);
    m_watchSink = sink;
    m_watchCtx = ctx;
}

void Engine::setLocalsSink(EventLog& log)
{
    setLocalsSink([](void* ctx, std::string_view, const std::vector<std::pair<std::string, std::string>>& locals) {
        static_cast<EventLog*>(ctx)->recordLocals(locals);
    }, &log);
}

std::string RunResult::finishReason() const
{
    switch (status) {
    case Status::Completed: return "completed";
    case Status::Deadlock: return "deadlock";
    case Status::BudgetExceeded: return "event budget exhausted: the run was stopped";
    case Status::Blocked: return "the loop is blocked: " + message;
    case Status::Stopped: return "stopped";
    case Status::SyntaxError:
    case Status::UncaughtException: return "error " + errorType + (message.empty() ? "" : ": " + message);
    case Status::InternalError: return "internal error: " + message;
    }
    return {};
}

void Engine::setWatches(std::vector<std::string> expressions, EventLog& log)
{
    log.setWatches(expressions);
    setWatches(std::move(expressions), [](void* ctx, const WatchValue& value) {
        static_cast<EventLog*>(ctx)->recordWatch(value.watch,
            WatchSample { 0, value.repr, value.error, value.numeric, value.number });
    }, &log);
}

void Engine::requestStop() noexcept { m_stop.store(true, std::memory_order_relaxed); }

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
        modules.sleep = [&ctx](double seconds) { ctx.advance(seconds); };
        modules.writeStdout = [&ctx](std::string_view text) { ctx.output(text); };
        modules.writeStderr = m_stderrSink;
        modules.argv = m_options.argv.empty() ? std::vector<std::string> { filename } : m_options.argv;
        modules.recursionLimit = m_options.recursionLimit;

        InterpreterOptions io;
        io.instructionBudget = m_options.instructionBudget;
        io.recursionLimit = m_options.recursionLimit;
        const bool watching = m_watchSink && !m_watches.empty();
        io.captureLocals = m_options.captureLocals || watching;
        Interpreter interp(&ctx, &modules, io);
        Interpreter::Scope interpScope(interp);
        // asyncio's logger (exception handler, never-retrieved tasks) writes where sys.stderr does.
        ctx.setErrorOutput(m_stderrSink);
        ctx.setExceptionFormatter([&interp](Object* exc) { return interp.formatException(exc); });
        ctx.setLogHandler([&interp](int level, std::string_view message, Object* exc) {
            return interp.logToAsyncioLogger(level, message, exc);
        });
        ctx.setWarningHandler([&interp](std::string_view category, std::string_view message, bool aboutObject) {
            interp.warn(category, message, aboutObject);
        });
        struct FormatterReset { // objects the interpreter frees as it goes must not call into it
            RunContext& ctx;
            ~FormatterReset()
            {
                ctx.endPythonCalls();
                ctx.setExceptionFormatter(nullptr);
                ctx.setLogHandler(nullptr);
                ctx.setWarningHandler(nullptr);
            }
        } formatterReset { ctx };
        interp.addSource(filename, std::string(source));
        WatchEvaluator watches(interp, m_watches, watching ? m_watchSink : nullptr, m_watchCtx);
        const bool locals = m_options.captureLocals && m_localsSink;
        if (locals || watching) {
            interp.localsSink = [this, locals, &watches](const Frame& f) {
                if (locals) m_localsSink(m_localsCtx, f.code->name, f.localsSnapshot());
                watches.evaluate(f.globals.get(), &f);
            };
        }

        std::vector<Observer*> observers = m_observers;
        std::unique_ptr<TraceWriter> traceWriter;
        if (m_traceSink) {
            traceWriter = std::make_unique<TraceWriter>(ctx, m_traceSink);
            observers.push_back(traceWriter.get());
        }
        Governor governor(ctx, interp, observers, m_options.maxIterations, m_stop);
        ctx.attach(&governor);
        // A Python loop that never reaches a hook (one line, no handles) must still see requestStop().
        interp.setStopCheck([](void* g) { static_cast<Governor*>(g)->checkStop(); }, &governor);
        struct StopCheckReset {
            Interpreter& interp;
            ~StopCheckReset() { interp.setStopCheck(nullptr, nullptr); }
        } stopCheckReset { interp };
        for (Observer* o : observers) ctx.attach(o);
        // After the recorders: a value evaluated at an iteration belongs to its `iter` event.
        if (watches.active()) ctx.attach(&watches);
        interp.setLineEvents(!observers.empty() || watches.active());
        setOutputSink(&outputToContext, &ctx);
        struct SinkReset {
            ~SinkReset() { setOutputSink(nullptr, nullptr); }
        } sinkReset;

        Ref<Object> mainModule = newModule("__main__");
        dictSet(moduleDict(mainModule.get()), "__file__", newStr(filename).get());
        dictSet(moduleDict(mainModule.get()), "__builtins__", interp.builtins());
        watches.setModule(moduleDict(mainModule.get()));

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
            if (governor.stopped()) {
                result.status = RunResult::Status::Stopped;
                result.errorType = "Stopped";
            } else if (a.reason == RunAborted::Reason::IterationBudget) {
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
        ctx.detach(&watches);
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
