// The Python-visible `asyncio` module of one run: functions bound to the run's context,
// the classes (constructible from Python through RunContext::current()), exceptions, constants.
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope {

namespace detail {
TypeObject* asyncioLockType();
TypeObject* asyncioEventType();
TypeObject* asyncioSemaphoreType();
TypeObject* asyncioBoundedSemaphoreType();
TypeObject* asyncioConditionType();
TypeObject* asyncioBarrierType();
TypeObject* asyncioRunnerType();
TypeObject* asyncioBrokenBarrierErrorType();
TypeObject* asyncioQueueType();
TypeObject* asyncioLifoQueueType();
TypeObject* asyncioPriorityQueueType();
TypeObject* asyncioTimeoutType();
TypeObject* asyncioTaskGroupType();
} // namespace detail

using namespace detail;
using namespace detail::asyncioimpl;

namespace {

struct ContextHolder final : ClosureState {
    explicit ContextHolder(RunContext& c) : ctx(&c) { }
    RunContext* ctx;
};

RunContext& ctxOf(Object* self)
{
    return *static_cast<ContextHolder*>(self)->ctx;
}

std::vector<Ref<Object>> positional(CallArgs args, size_t from = 0)
{
    std::vector<Ref<Object>> out;
    for (size_t i = from; i < args.nargs; ++i) out.emplace_back(args[i]);
    return out;
}

// How CPython's asyncio first uses a delay or deadline, which decides the TypeError a non-number meets.
enum class TimeUse { ComparedToZero, AddedToTime, ComparedToTime };

double timeArg(Object* o, TimeUse use)
{
    if (isFloat(o) || isInt(o)) return toDouble(o);
    // Another number type (fractions.Fraction): CPython's own comparison and `time() + delay`,
    // made the Python way; the float that addition gives is the deadline's offset.
    if (use == TimeUse::ComparedToZero) richCompare(o, newInt(0).get(), CompareOp::Le);
    if (use == TimeUse::ComparedToTime) richCompare(o, newFloat(0.0).get(), CompareOp::Le);
    if (Ref<Object> offset = binaryOp(newFloat(0.0).get(), o, BinaryOp::Add); isFloat(offset.get()))
        return floatValue(offset.get());
    const std::string name = o->type()->name();
    switch (use) {
    case TimeUse::ComparedToZero: // `if delay <= 0` (sleep, wait_for)
        raise(types().TypeError, "'<=' not supported between instances of '" + name + "' and 'int'");
    case TimeUse::AddedToTime: // `loop.time() + delay` (call_later, timeout)
        raise(types().TypeError, "unsupported operand type(s) for +: 'float' and '" + name + "'");
    case TimeUse::ComparedToTime: // `if when <= loop.time()` (timeout_at's reschedule)
        raise(types().TypeError, "'<=' not supported between instances of '" + name + "' and 'float'");
    }
    return toDouble(o);
}

std::optional<double> optionalTime(Object* o, TimeUse use)
{
    if (!o || o == None()) return std::nullopt;
    return timeArg(o, use);
}

aio::ReturnWhen returnWhenOf(Object* o)
{
    if (!o) return aio::ReturnWhen::AllCompleted;
    const std::string_view v = isStr(o) ? strView(o) : std::string_view();
    if (v == "ALL_COMPLETED") return aio::ReturnWhen::AllCompleted;
    if (v == "FIRST_COMPLETED") return aio::ReturnWhen::FirstCompleted;
    if (v == "FIRST_EXCEPTION") return aio::ReturnWhen::FirstException;
    raise(types().ValueError, "Invalid return_when value: " + strText(o));
}

Ref<Object> fnRun(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("run", args, { "main", "*debug=" }, out);
    return aio::run(ctxOf(self), newRef(out[0]), out[1] && out[1] != None() ? out[1] : nullptr);
}

Ref<Object> fnSleep(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("sleep", args, { "delay", "result=" }, out);
    return aio::sleep(ctxOf(self), timeArg(out[0], TimeUse::ComparedToZero), out[1]);
}

Ref<Object> fnCreateTask(Object* self, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("create_task", args, { "coro", "*name=", "*context=" }, out);
    return aio::createTask(ctxOf(self), newRef(out[0]), nullIfNone(out[1]), nullIfNone(out[2]));
}

Ref<Object> fnEnsureFuture(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("ensure_future", args, { "coro_or_future", "*loop=" }, out);
    EventLoop* loop = out[1] && out[1] != None() ? static_cast<EventLoop*>(out[1]) : nullptr;
    return aio::ensureFuture(ctxOf(self), out[0], loop);
}

Ref<Object> fnWait(Object* self, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("wait", args, { "fs", "*timeout=", "*return_when=" }, out);
    if (isFuture(out[0]) || aio::isCoroutine(out[0]))
        raise(types().TypeError, "expect a list of futures, not " + out[0]->type()->name());
    return aio::wait(ctxOf(self), toVector(out[0]), optionalTime(out[1], TimeUse::AddedToTime), returnWhenOf(out[2]));
}

Ref<Object> fnWaitFor(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("wait_for", args, { "fut", "timeout" }, out);
    return aio::waitFor(ctxOf(self), newRef(out[0]), optionalTime(out[1], TimeUse::ComparedToZero));
}

Ref<Object> fnAsCompleted(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("as_completed", args, { "fs", "*timeout=" }, out);
    return aio::asCompleted(ctxOf(self), newRef(out[0]), optionalTime(out[1], TimeUse::AddedToTime));
}

Ref<Object> fnGather(Object* self, CallArgs args)
{
    Object* re = asyncioimpl::keywordArg(args, "return_exceptions");
    return aio::gather(ctxOf(self), positional(args), re && isTrue(re));
}

Ref<Object> fnShield(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("shield", args, { "arg" }, out);
    return aio::shield(ctxOf(self), out[0]);
}

Ref<Object> fnGetRunningLoop(Object* self, CallArgs args)
{
    parseArgs("get_running_loop", args, {}, {});
    return Ref<Object>(ctxOf(self).getRunningLoop());
}

Ref<Object> fnPrivateGetRunningLoop(Object* self, CallArgs args)
{
    parseArgs("_get_running_loop", args, {}, {});
    EventLoop* loop = ctxOf(self).runningLoop();
    return loop ? Ref<Object>(loop) : newRef(None());
}

Ref<Object> fnGetEventLoop(Object* self, CallArgs args)
{
    parseArgs("get_event_loop", args, {}, {});
    return Ref<Object>(ctxOf(self).getEventLoop());
}

Ref<Object> fnSetEventLoop(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("set_event_loop", args, { "loop" }, out);
    if (out[0] != None() && !isInstance(out[0], eventLoopType()))
        raise(types().TypeError, "loop must be an instance of AbstractEventLoop or None, not '" + out[0]->type()->name() + "'");
    ctxOf(self).setEventLoop(out[0] == None() ? nullptr : static_cast<EventLoop*>(out[0]));
    return newRef(None());
}

Ref<Object> fnNewEventLoop(Object* self, CallArgs args)
{
    parseArgs("new_event_loop", args, {}, {});
    return ctxOf(self).newEventLoop();
}

Ref<Object> fnCurrentTask(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("current_task", args, { "loop=" }, out);
    EventLoop* loop = out[0] && out[0] != None() ? static_cast<EventLoop*>(out[0]) : nullptr;
    Task* t = aio::currentTask(ctxOf(self), loop);
    return t ? Ref<Object>(t) : newRef(None());
}

Ref<Object> fnAllTasks(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("all_tasks", args, { "loop=" }, out);
    EventLoop* loop = out[0] && out[0] != None() ? static_cast<EventLoop*>(out[0]) : nullptr;
    std::vector<Ref<Object>> items;
    for (Task* t : aio::allTasks(ctxOf(self), loop)) items.emplace_back(t);
    return newSet(std::move(items));
}

Ref<Object> fnTimeout(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("timeout", args, { "delay" }, out);
    return aio::timeout(ctxOf(self), optionalTime(out[0], TimeUse::AddedToTime));
}

Ref<Object> fnTimeoutAt(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("timeout_at", args, { "when" }, out);
    return aio::timeoutAt(ctxOf(self), optionalTime(out[0], TimeUse::ComparedToTime));
}

// Class constructors (tp_new): the run is the current context.
void installConstructors()
{
    static const bool done = [] {
        futureType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("Future", args, { "*loop=" }, out);
            EventLoop* loop = out[0] && out[0] != None() ? static_cast<EventLoop*>(out[0]) : currentContext().getEventLoop();
            return Future::create(loop);
        };
        eventLoopType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("_UnixSelectorEventLoop", args, { "selector=" }, out);
            return currentContext().newEventLoop();
        };
        taskType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[4] = {};
            parseArgs("Task", args, { "coro", "*loop=", "*name=", "*context=" }, out);
            EventLoop* loop = out[1] && out[1] != None() ? static_cast<EventLoop*>(out[1]) : currentContext().getEventLoop();
            return Task::create(loop, newRef(out[0]), nullIfNone(out[2]), nullIfNone(out[3]));
        };
        auto queueNew = [](const char* kind) {
            return [](TypeObject* type, CallArgs args) -> Ref<Object> {
                Object* out[1] = {};
                parseArgs(type->name(), args, { "maxsize=" }, out);
                const int64_t maxsize = out[0] ? intValue(out[0]) : 0;
                return aio::newQueue(currentContext(), maxsize, type->name().c_str());
            };
        };
        // `asyncio.Queue[int]` and `asyncio.Future[str]` in annotations: __class_getitem__ = classmethod(GenericAlias).
        for (TypeObject* generic : { futureType(), asyncioQueueType() })
            addClassMethod(generic, "__class_getitem__", genericAliasClassGetItem);
        asyncioQueueType()->slots.newObject = queueNew("Queue");
        asyncioLifoQueueType()->slots.newObject = queueNew("LifoQueue");
        asyncioPriorityQueueType()->slots.newObject = queueNew("PriorityQueue");
        asyncioLockType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            parseArgs("Lock", args, {}, {});
            return aio::newLock(currentContext());
        };
        asyncioEventType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            parseArgs("Event", args, {}, {});
            return aio::newEvent(currentContext());
        };
        asyncioSemaphoreType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("Semaphore", args, { "value=" }, out);
            return aio::newSemaphore(currentContext(), out[0] ? intValue(out[0]) : 1, false);
        };
        asyncioBoundedSemaphoreType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("BoundedSemaphore", args, { "value=" }, out);
            return aio::newSemaphore(currentContext(), out[0] ? intValue(out[0]) : 1, true);
        };
        asyncioConditionType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            Object* out[1] = {};
            parseArgs("Condition", args, { "lock=" }, out);
            return aio::newCondition(currentContext(), out[0]);
        };
        asyncioTaskGroupType()->slots.newObject = [](TypeObject*, CallArgs args) -> Ref<Object> {
            parseArgs("TaskGroup", args, {}, {});
            return aio::newTaskGroup(currentContext());
        };
        return true;
    }();
    (void)done;
}

} // namespace

Ref<Object> makeAsyncioModule(RunContext& ctx)
{
    installConstructors();
    Ref<Object> module = newModule("asyncio");
    DictObject* d = moduleDict(module.get());
    Ref<ContextHolder> holder = make<ContextHolder>(ctx);
    auto fn = [&](const char* name, NativeFn f) { dictSet(d, name, newNativeFunction(name, f, holder.get()).get()); };
    fn("run", fnRun);
    fn("sleep", fnSleep);
    fn("create_task", fnCreateTask);
    fn("ensure_future", fnEnsureFuture);
    fn("wait", fnWait);
    fn("wait_for", fnWaitFor);
    fn("as_completed", fnAsCompleted);
    fn("gather", fnGather);
    fn("shield", fnShield);
    fn("get_running_loop", fnGetRunningLoop);
    fn("_get_running_loop", fnPrivateGetRunningLoop);
    fn("get_event_loop", fnGetEventLoop);
    fn("set_event_loop", fnSetEventLoop);
    fn("new_event_loop", fnNewEventLoop);
    fn("current_task", fnCurrentTask);
    fn("all_tasks", fnAllTasks);
    fn("timeout", fnTimeout);
    fn("timeout_at", fnTimeoutAt);
    dictSet(d, "iscoroutine", newNativeFunction("iscoroutine", [](Object*, CallArgs args) -> Ref<Object> {
                                  Object* out[1] = {};
                                  parseArgs("iscoroutine", args, { "obj" }, out);
                                  return newRef(boolObject(aio::isCoroutine(out[0])));
                              }).get());
    dictSet(d, "iscoroutinefunction", newNativeFunction("iscoroutinefunction", [](Object*, CallArgs args) -> Ref<Object> {
                                          Object* out[1] = {};
                                          parseArgs("iscoroutinefunction", args, { "func" }, out);
                                          return newRef(boolObject(aio::isCoroutineFunction(out[0])));
                                      }).get());
    dictSet(d, "isfuture", newNativeFunction("isfuture", [](Object*, CallArgs args) -> Ref<Object> {
                               Object* out[1] = {};
                               parseArgs("isfuture", args, { "obj" }, out);
                               return newRef(boolObject(isFuture(out[0])));
                           }).get());

    auto cls = [&](const char* name, TypeObject* t) { dictSet(d, name, t); };
    cls("Future", futureType());
    cls("Task", taskType());
    cls("Handle", handleType());
    cls("TimerHandle", timerHandleType());
    cls("AbstractEventLoop", eventLoopType());
    cls("BaseEventLoop", eventLoopType());
    cls("SelectorEventLoop", eventLoopType()); // unix_events: SelectorEventLoop = _UnixSelectorEventLoop
    cls("Queue", asyncioQueueType());
    cls("LifoQueue", asyncioLifoQueueType());
    cls("PriorityQueue", asyncioPriorityQueueType());
    cls("Lock", asyncioLockType());
    cls("Event", asyncioEventType());
    cls("Semaphore", asyncioSemaphoreType());
    cls("BoundedSemaphore", asyncioBoundedSemaphoreType());
    cls("Condition", asyncioConditionType());
    cls("Barrier", asyncioBarrierType());
    cls("Runner", asyncioRunnerType());
    cls("Timeout", asyncioTimeoutType());
    cls("TaskGroup", asyncioTaskGroupType());

    const AsyncioTypes& at = asyncioTypes();
    cls("CancelledError", at.CancelledError);
    cls("InvalidStateError", at.InvalidStateError);
    cls("BrokenBarrierError", asyncioBrokenBarrierErrorType());
    cls("LimitOverrunError", at.LimitOverrunError);
    cls("QueueEmpty", at.QueueEmpty);
    cls("QueueFull", at.QueueFull);
    cls("TimeoutError", types().TimeoutError); // asyncio.TimeoutError is the builtin in 3.11

    dictSet(d, "FIRST_COMPLETED", pyStr("FIRST_COMPLETED").get());
    dictSet(d, "FIRST_EXCEPTION", pyStr("FIRST_EXCEPTION").get());
    dictSet(d, "ALL_COMPLETED", pyStr("ALL_COMPLETED").get());
    return module;
}

// inspect.iscoroutinefunction as asyncio uses it: bound methods and functools.partial are unwrapped,
// then a Python function's code must carry CO_COROUTINE.
bool aio::isCoroutineFunction(Object* f)
{
    constexpr int64_t kCoCoroutine = 0x80;
    Ref<Object> func(f);
    for (;;) {
        if (func->type() == types().method) {
            func = getAttr(func.get(), "__func__");
        } else if (func->type()->name() == "partial") {
            func = getAttr(func.get(), "func");
        } else {
            break;
        }
    }
    if (func->type() != types().function) return false;
    Ref<Object> flags = getAttr(getAttr(func.get(), "__code__").get(), "co_flags");
    return (intValue(flags.get()) & kCoCoroutine) != 0;
}


} // namespace loopscope
