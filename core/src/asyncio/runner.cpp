// runners.py (3.11.7): asyncio.Runner and asyncio.run, which is `with Runner() as r: r.run(main)`.
// Closing a runner cancels its remaining tasks, then shuts down async generators and the default
// executor, each with run_until_complete, so those steps show in the trace as they do in CPython.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/typeobject.h>
#include <loopscope/stdlib/contextvars.h>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* runnerType();

// _cancel_all_tasks(loop)
void cancelAllTasks(RunContext& ctx, EventLoop* loop)
{
    std::vector<Task*> toCancel = ctx.allTasks(loop);
    if (toCancel.empty()) return;
    std::vector<Ref<Object>> keep;
    for (Task* t : toCancel) keep.emplace_back(t);
    for (Task* t : toCancel) t->cancel();
    Ref<Future> g = aio::gather(ctx, keep, true);
    loop->runUntilComplete(g.get());
    for (Task* t : toCancel) {
        if (t->cancelled()) continue;
        Ref<Object> exc = t->exception();
        if (exc.get() != None()) {
            loop->reportCallbackError("unhandled exception during asyncio.run() shutdown", exc.get());
            loop->callExceptionHandler("unhandled exception during asyncio.run() shutdown", exc.get(), "task", t);
        }
    }
}

class Runner final : public Object {
public:
    enum class State { Created, Initialized, Closed };
    /// `debug`: Runner(debug=...); null when None (the loop keeps its default).
    Runner(RunContext& ctx, Object* debug) : Object(runnerType()), m_ctx(ctx), m_debug(debug) { }

    void lazyInit()
    {
        if (m_state == State::Closed) raise(types().RuntimeError, "Runner is closed");
        if (m_state == State::Initialized) return;
        m_loop = m_ctx.newEventLoop();
        if (m_debug) m_loop->setDebug(m_debug.get());
        if (!m_setEventLoop) {
            m_ctx.setEventLoop(m_loop.get());
            m_setEventLoop = true;
        }
        // contextvars.copy_context(): every run() without a context shares this one.
        m_context = captureContext(m_ctx);
        m_state = State::Initialized;
    }

    /// Runner.run(coro, context=context); `context` null: the runner's own Context.
    Ref<Object> run(Ref<Object> coro, Object* context = nullptr)
    {
        if (!aio::isCoroutine(coro.get())) raise(types().ValueError, "a coroutine was expected, got " + reprText(coro.get()));
        if (m_ctx.runningLoop())
            raise(types().RuntimeError, "Runner.run() cannot be called from a running event loop");
        lazyInit();
        // The tasks share the runner's Context, so it must be a real one (a null slot is per holder).
        Ref<Task> task = m_loop->createTask(std::move(coro), nullptr, context ? context : contextIn(m_context));
        return m_loop->runUntilComplete(task.get());
    }

    void close()
    {
        if (m_state != State::Initialized) return;
        Ref<EventLoop> loop = m_loop;
        auto finish = [&] {
            if (m_setEventLoop) m_ctx.setEventLoop(nullptr);
            loop->close();
            m_loop = nullptr;
            m_state = State::Closed;
        };
        try {
            cancelAllTasks(m_ctx, loop.get());
            loop->runUntilComplete(callMethod(loop.get(), "shutdown_asyncgens").get());
            loop->runUntilComplete(callMethod(loop.get(), "shutdown_default_executor").get());
        } catch (...) {
            finish();
            throw;
        }
        finish();
    }

    EventLoop* getLoop()
    {
        lazyInit();
        return m_loop.get();
    }
    void clearRefs() override
    {
        m_loop = nullptr;
        m_context = nullptr;
        m_debug = nullptr;
    }

private:
    RunContext& m_ctx;
    Ref<EventLoop> m_loop;
    Ref<Object> m_debug;
    Ref<Object> m_context; // Runner._context (null until lazyInit, then while it is a new empty one)
    State m_state = State::Created;
    bool m_setEventLoop = false;
};

Runner* asRunner(Object* self)
{
    if (!self || !isInstance(self, runnerType())) raise(types().TypeError, "descriptor requires a 'Runner' object");
    return static_cast<Runner*>(self);
}

TypeObject* runnerType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Runner", types().object, TypeObject::BaseType, "asyncio.runners");
        type->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[2] = {};
            parseArgs("Runner", args, { "*debug=", "*loop_factory=" }, out);
            if (out[1] && out[1] != None())
                raise(types().NotImplementedError, "Loopscope's Runner makes its own event loop: loop_factory is not supported");
            return make<Runner>(currentContext(), nullIfNone(out[0]));
        };
        addMethod(type, "run", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[2] = {};
            parseArgs("run", args, { "coro", "*context=" }, out);
            return asRunner(self)->run(newRef(out[0]), nullIfNone(out[1]));
        });
        addMethod(type, "close", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("close", args, {}, {});
            asRunner(self)->close();
            return newRef(None());
        });
        addMethod(type, "get_loop", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_loop", args, {}, {});
            return Ref<Object>(asRunner(self)->getLoop());
        });
        addMethod(type, "__enter__", [](Object* self, CallArgs) -> Ref<Object> {
            asRunner(self)->lazyInit();
            return Ref<Object>(self);
        });
        addMethod(type, "__exit__", [](Object* self, CallArgs) -> Ref<Object> {
            asRunner(self)->close();
            return newRef(None());
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace aio {

Ref<Object> run(RunContext& ctx, Ref<Object> main, Object* debug)
{
    if (ctx.runningLoop())
        raise(types().RuntimeError, "asyncio.run() cannot be called from a running event loop");
    Ref<Runner> runner = make<Runner>(ctx, debug);
    runner->lazyInit();
    Ref<Object> result;
    try {
        result = runner->run(std::move(main));
    } catch (const PyException&) {
        runner->close();
        throw;
    }
    runner->close();
    return result;
}

} // namespace aio

namespace detail {
TypeObject* asyncioRunnerType() { return runnerType(); }
} // namespace detail

} // namespace loopscope
