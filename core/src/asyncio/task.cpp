// Task (tasks.py, 3.11): __step with every branch of CPython's, __wakeup, cancellation.
#include "formathelpers.h"
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>
#include <loopscope/stdlib/contextvars.h>
#include <optional>

namespace loopscope {

using namespace detail::asyncioimpl;

Task::Task(EventLoop* loop, Ref<Object> coro, Object* name, Ref<Object> context)
    : Future(taskType(), loop)
    , m_coro(std::move(coro))
{
    m_isTask = true;
    if (name)
        extra().taskName = isStr(name) ? Ref<Object>(name) : str(name);
    else {
        const uint64_t number = loop->context()->nextTaskNameNumber();
        if (number <= UINT32_MAX)
            m_taskNameNumber = static_cast<uint32_t>(number);
        else // past 32 bits (never in practice): the name is kept as a str
            extra().taskName = pyStr("Task-" + std::to_string(number));
    }
    if (context) extra().context = std::move(context); // null: the empty context, made when asked for
}

Task::~Task()
{
    if (RunContext* ctx = context()) ctx->unregisterTask(this);
}

void Task::finalizeInstance() noexcept
{
    try {
        reportUnretrieved();
    } catch (...) {
        // CPython: "Exception ignored in: <function Task.__del__>"; a finalizer never throws.
    }
}

Ref<Task> Task::create(EventLoop* loop, Ref<Object> coro, Object* name, Object* context)
{
    if (!aio::isCoroutine(coro.get())) raise(types().TypeError, "a coroutine was expected, got " + reprText(coro.get()));
    Ref<Object> taskContext = context ? Ref<Object>(context) : captureContext(*loop->context());
    Ref<Task> task = make<Task>(loop, std::move(coro), name, std::move(taskContext));
    RunContext* ctx = loop->context();
    if (ctx->observed()) {
        TaskEvent e = task->taskEvent();
        ctx->observers().notify([&](Observer& o) { o.taskCreated(e); });
    }
    loop->callSoonNative("Task.__step", &Task::stepCallback, task.get());
    ctx->registerTask(task.get());
    return task;
}

std::string Task::name() const
{
    if (m_extra && m_extra->taskName) return std::string(strView(m_extra->taskName.get()));
    return "Task-" + std::to_string(m_taskNameNumber);
}

Ref<Object> Task::nameObject() const
{
    if (m_extra && m_extra->taskName) return m_extra->taskName;
    return pyStr(name());
}

void Task::setName(Object* name)
{
    extra().taskName = isStr(name) ? Ref<Object>(name) : str(name);
}

std::string Task::coroQualname() const
{
    return coroutineQualname(m_coro.get());
}

std::string Task::label() const
{
    return name();
}

TaskEvent Task::taskEvent() const
{
    TaskEvent e;
    e.id = m_id;
    e.name = name();
    e.coro = coroQualname();
    e.task = this;
    return e;
}

bool Task::cancel(Object* msg)
{
    m_logTraceback = false;
    if (done()) return false;
    ++extra().numCancelsRequested;
    if (Future* waiter = futWaiter(); waiter && waiter->cancel(msg)) {
        // Leave _must_cancel alone: the waiter's cancellation will wake us with CancelledError.
        return true;
    }
    m_mustCancel = true;
    extra().cancelMessage = Ref<Object>(msg && msg != None() ? msg : nullptr);
    return true;
}

int Task::uncancel() noexcept
{
    if (!m_extra) return 0;
    if (m_extra->numCancelsRequested > 0) --m_extra->numCancelsRequested;
    return m_extra->numCancelsRequested;
}

void Task::scheduleStep(Object* exc)
{
    m_loop->callSoonNative("Task.__step", &Task::stepCallback, this, exc);
}

void Task::stepCallback(Object* self, Object* const* args, size_t nargs)
{
    static_cast<Task*>(self)->runStep(nargs > 0 ? args[0] : nullptr);
}

void Task::wakeupCallback(Object* self, Object* const* args, size_t nargs)
{
    static_cast<Task*>(self)->wakeup(static_cast<Future*>(args[0]));
}

void Task::step(Object* exc)
{
    Ref<Task> keepAlive(this); // the step may drop the last outside reference (done callbacks)
    runStep(exc);
}

// The caller holds a reference to the task for the call (the ready entry does for the loop's calls).
void Task::runStep(Object* excIn)
{
    // CPython schedules __step and __wakeup with context=self._context: the step runs in the
    // task's Context, which is the current one while the task steps (contextvars.h).
    if (Object* context = contextIfAny()) checkEnterable(*m_loop->context(), context);
    if (done())
        raise(asyncioTypes().InvalidStateError,
              "_step(): already done: " + repr() + ", " + (excIn ? reprText(excIn) : std::string("None")));
    Object* exc = excIn && excIn != None() ? excIn : nullptr; // the caller's reference keeps it alive
    Ref<Object> cancelled;
    if (m_mustCancel) {
        if (!exc || !isCancelledError(exc)) {
            cancelled = makeCancelledError();
            exc = cancelled.get();
        }
        m_mustCancel = false;
    }
    setFutWaiter(nullptr);
    RunContext* ctx = m_loop->context();
    if (ctx && ctx->observed()) return runStepObserved(exc, ctx);
    StepOutcome outcome;
    if (std::exception_ptr escaping = driveCoroutine(exc, outcome)) std::rethrow_exception(escaping);
}

// Out of line: the task events' strings cost nothing when no observer is attached.
void Task::runStepObserved(Object* exc, RunContext* ctx)
{
    const TaskEvent te = taskEvent();
    ctx->observers().notify([&](Observer& o) { o.beforeTaskStep(te); });
    StepOutcome outcome;
    std::exception_ptr escaping = driveCoroutine(exc, outcome);
    if (ctx->observed()) ctx->observers().notify([&](Observer& o) { o.afterTaskStep(te, outcome); });
    if (escaping) std::rethrow_exception(escaping);
}

std::exception_ptr Task::driveCoroutine(Object* exc, StepOutcome& outcome)
{
    EventLoop* loop = m_loop.get();
    if (loop->currentTask()) enterTask(loop, this); // raises: another task is running
    loop->setCurrentTask(this);
    try {
        Object* coro = m_coro.get();
        SendResult r = isNativeCoroutine(coro) ? static_cast<NativeCoroutine*>(coro)->sendOrThrow(exc)
            : exc                              ? throwInto(coro, exc)
                                               : send(coro, None());
        if (r.status == SendResult::Status::Returned) {
            outcome.kind = StepOutcome::Kind::Returned;
            if (m_mustCancel) {
                m_mustCancel = false;
                futureCancel(cancelMessage());
            } else {
                futureSetResult(r.value ? r.value.get() : None());
            }
        } else if (!r.value || r.value.get() == None()) {
            // Bare yield (sleep(0)), the hottest branch: __step again through call_soon.
            outcome.kind = StepOutcome::Kind::BareYield;
            loop->callSoonNative("Task.__step", &Task::stepCallback, this);
        } else {
            handleYieldOutcome(std::move(r.value), outcome);
        }
    } catch (const PyException& e) {
        outcome.kind = StepOutcome::Kind::Raised;
        Object* raised = e.exception().get();
        if (isCancelledError(raised)) {
            extra().cancelledExc = e.exception();
            futureCancel(nullptr);
        } else if (isInstance(raised, types().KeyboardInterrupt) || isInstance(raised, types().SystemExit)) {
            futureSetException(raised);
            leaveTask(loop, this);
            return std::current_exception(); // the observers see the step end before it propagates
        } else {
            futureSetException(raised);
        }
    } catch (...) {
        if (loop->currentTask() == this) loop->setCurrentTask(nullptr);
        throw;
    }
    if (loop->currentTask() != this) leaveTask(loop, this); // raises: the current task changed
    loop->setCurrentTask(nullptr);
    return nullptr;
}

// Every yield but the bare one: a future to park on, or one of the errors CPython schedules into the task.
void Task::handleYieldOutcome(Ref<Object> result, StepOutcome& outcome)
{
    Object* y = result.get();
    if (isFuture(y)) {
        Future* fut = static_cast<Future*>(y);
        if (fut->loop() != m_loop.get()) {
            outcome.kind = StepOutcome::Kind::BadYield;
            Ref<Object> err = newException(types().RuntimeError, "Task " + repr() + " got Future " + fut->repr()
                                                                     + " attached to a different loop");
            scheduleStep(err.get());
        } else if (fut->blocking()) {
            if (fut == this) {
                outcome.kind = StepOutcome::Kind::BadYield;
                Ref<Object> err = newException(types().RuntimeError, "Task cannot await on itself: " + repr());
                scheduleStep(err.get());
            } else {
                fut->setBlocking(false);
                fut->addDoneCallback(Callback::nativeFn("Task.__wakeup", &Task::wakeupCallback, Ref<Object>(this)));
                setFutWaiter(Ref<Future>(fut));
                outcome.kind = StepOutcome::Kind::Suspended;
                outcome.awaitingId = fut->id();
                if (RunContext* ctx = m_loop->context(); ctx && ctx->observed()) outcome.awaiting = fut->label();
                if (m_mustCancel) {
                    if (fut->cancel(cancelMessage())) m_mustCancel = false;
                }
            }
        } else {
            outcome.kind = StepOutcome::Kind::BadYield;
            Ref<Object> err = newException(types().RuntimeError, "yield was used instead of yield from in task "
                                                                     + repr() + " with " + fut->repr());
            scheduleStep(err.get());
        }
    } else if (y->type() == types().generator) {
        outcome.kind = StepOutcome::Kind::BadYield;
        Ref<Object> err = newException(types().RuntimeError, "yield was used instead of yield from for generator in task "
                                                                 + repr() + " with " + reprText(y));
        scheduleStep(err.get());
    } else {
        outcome.kind = StepOutcome::Kind::BadYield;
        Ref<Object> err = newException(types().RuntimeError, "Task got bad yield: " + reprText(y));
        scheduleStep(err.get());
    }
}

void Task::wakeup(Future* future)
{
    Ref<Object> exc;
    try {
        future->result();
    } catch (const PyException& e) {
        exc = e.exception();
    }
    step(exc.get());
}

void Task::announceDone()
{
    RunContext* ctx = context();
    if (ctx && ctx->observed()) {
        TaskDoneEvent e;
        e.task = taskEvent();
        if (m_state == FutureState::Cancelled) {
            e.kind = TaskDoneEvent::Kind::Cancelled;
        } else if (exceptionRef()) {
            e.kind = TaskDoneEvent::Kind::Exception;
            e.exceptionType = exceptionRef()->type()->name();
            try {
                e.detail = strText(exceptionRef());
            } catch (const PyException&) {
            }
        } else {
            e.kind = TaskDoneEvent::Kind::Result;
            try {
                e.detail = reprText(resultRef() ? resultRef() : None());
            } catch (const PyException&) {
            }
        }
        ctx->observers().notify([&](Observer& o) { o.taskDone(e); });
    }
    Future::announceDone();
}

void Task::reportUnretrieved()
{
    if (!m_logTraceback || m_state != FutureState::Finished || !exceptionRef()) return;
    m_logTraceback = false;
    RunContext* ctx = context();
    if (!ctx) return;
    Ref<Object> exc(exceptionRef());
    if (ctx->observed()) notifyUnretrieved();
    if (m_loop) m_loop->callExceptionHandler(type()->name() + " exception was never retrieved", exc.get(), "future", this);
}

void Task::notifyUnretrieved()
{
    ErrorEvent e;
    e.type = exceptionRef()->type()->name();
    try {
        e.message = strText(exceptionRef());
    } catch (const PyException&) {
    }
    e.context = "Task exception was never retrieved";
    e.taskId = m_id;
    context()->observers().notify([&](Observer& o) { o.exceptionNeverRetrieved(e); });
}

std::string Task::repr()
{
    // base_tasks._task_repr_info: the future's state ("cancelling" while a cancel is pending), the
    // name's repr, the coroutine, what it waits for, then the future's result and callbacks.
    std::string s = "<" + type()->name() + " ";
    if (m_state == FutureState::Pending)
        s += cancelling() > 0 ? "cancelling" : "pending";
    else
        s += m_state == FutureState::Cancelled ? "cancelled" : "finished";
    const std::string state = coroState();
    std::string nameRepr;
    try {
        nameRepr = reprText(pyStr(name()).get());
    } catch (const PyException&) {
        nameRepr = "'" + name() + "'";
    }
    s += " name=" + nameRepr + " coro=<" + coroQualname() + "() " + (state.empty() ? done() ? "done" : "running" : state)
        + ">";
    if (m_state == FutureState::Finished) {
        try {
            s += exceptionRef() ? " exception=" + reprText(exceptionRef())
                             : " result=" + reprlibRepr(resultRef() ? resultRef() : None());
        } catch (const PyException&) {
        }
    }
    if (Future* waiter = futWaiter()) s += " wait_for=" + waiter->repr();
    return s + callbacksRepr() + ">";
}

std::string Task::coroState() const
{
    // coroutines._format_coroutine: where a Python coroutine is suspended, or where it was defined.
    Object* coro = m_coro.get();
    if (!coro) return {};
    if (isNativeCoroutine(coro)) {
        // A native coroutine has no line to be suspended at, but a finished one names its def in
        // the installed CPython, as CPython's repr does.
        const auto* native = static_cast<const NativeCoroutine*>(coro);
        if (!native->finished()) return {};
        const std::optional<AsyncioSourceLine> at = locateAsyncioSource(native->qualname());
        return at ? "done, defined at " + at->file + ":" + std::to_string(at->line) : std::string();
    }
    try {
        Ref<Object> code = getAttrOrNull(coro, internStr("cr_code"));
        if (!code) return {};
        const std::string file = strText(getAttr(code.get(), "co_filename").get());
        Ref<Object> frame = getAttrOrNull(coro, internStr("cr_frame"));
        if (frame && frame.get() != None())
            return "running at " + file + ":" + strText(getAttr(frame.get(), "f_lineno").get());
        return "done, defined at " + file + ":" + strText(getAttr(code.get(), "co_firstlineno").get());
    } catch (const PyException&) {
        return {};
    }
}

void Task::clearRefs()
{
    // The registry is reached through the loop, which is about to be let go.
    if (RunContext* ctx = context()) ctx->unregisterTask(this);
    Future::clearRefs();
    m_coro = nullptr; // Future::clearRefs() let go of _fut_waiter with the result slot
}

void enterTask(EventLoop* loop, Task* task)
{
    if (Task* current = loop->currentTask())
        raise(types().RuntimeError, "Cannot enter into task " + task->repr() + " while another task " + current->repr()
                                        + " is being executed.");
    loop->setCurrentTask(task);
}

void leaveTask(EventLoop* loop, Task* task)
{
    if (loop->currentTask() != task)
        raise(types().RuntimeError, "Leaving task " + task->repr() + " does not match the current task "
                                        + (loop->currentTask() ? loop->currentTask()->repr() : std::string("None")) + ".");
    loop->setCurrentTask(nullptr);
}

bool isTask(Object* o) noexcept
{
    return o && isInstance(o, taskType());
}

// ---------------------------------------------------------------------------------------------

namespace {
Task* asTask(Object* self)
{
    if (!isTask(self)) raise(types().TypeError, "a Task method needs a Task");
    return static_cast<Task*>(self);
}
} // namespace

TypeObject* taskType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Task", futureType(), TypeObject::BaseType, "asyncio.tasks");
        type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asTask(self)->repr()); };
        addMethod(type, "get_name", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_name", args, {}, {});
            return asTask(self)->nameObject();
        });
        addMethod(type, "set_name", [](Object* self, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("set_name", args, { "value" }, out);
            asTask(self)->setName(out[0]);
            return newRef(None());
        });
        addMethod(type, "get_coro", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("get_coro", args, {}, {});
            return newRef(asTask(self)->coro());
        });
        addMethod(type, "cancelling", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("cancelling", args, {}, {});
            return newInt(asTask(self)->cancelling());
        });
        addMethod(type, "uncancel", [](Object* self, CallArgs args) -> Ref<Object> {
            parseArgs("uncancel", args, {}, {});
            return newInt(asTask(self)->uncancel());
        });
        addProperty(type, "_fut_waiter", [](Object* self, CallArgs) -> Ref<Object> {
            Future* w = asTask(self)->futWaiter();
            return w ? Ref<Object>(w) : newRef(None());
        });
        addProperty(type, "_must_cancel", [](Object* self, CallArgs) -> Ref<Object> {
            return newRef(boolObject(asTask(self)->mustCancel()));
        });
        addProperty(type, "_coro", [](Object* self, CallArgs) -> Ref<Object> { return newRef(asTask(self)->coro()); });
        addProperty(type, "_num_cancels_requested", [](Object* self, CallArgs) -> Ref<Object> {
            return newInt(asTask(self)->cancelling());
        });
        addProperty(type, "_name", [](Object* self, CallArgs) -> Ref<Object> { return asTask(self)->nameObject(); });
        addProperty(type, "_context", [](Object* self, CallArgs) -> Ref<Object> {
            return Ref<Object>(contextIn(asTask(self)->contextSlot()));
        });
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace loopscope
