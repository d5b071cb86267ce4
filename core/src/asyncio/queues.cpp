// queues.py (3.11): Queue, LifoQueue, PriorityQueue with getters/putters and _wakeup_next.
#include "loopbound.h"
#include "nativestate.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/asyncio/nativecoroutine.h>
#include <loopscope/asyncio/timerheap.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope {

using namespace detail::asyncioimpl;

namespace {

TypeObject* queueType();
TypeObject* lifoQueueType();
TypeObject* priorityQueueType();

struct PyLess {
    bool operator()(const Ref<Object>& a, const Ref<Object>& b) const
    {
        return richCompareBool(a.get(), b.get(), CompareOp::Lt);
    }
};

class Queue final : public LoopBound {
public:
    enum class Kind : uint8_t { Fifo, Lifo, Priority };
    Queue(RunContext& ctx, int64_t maxsize, Kind kind)
        : LoopBound(kind == Kind::Fifo ? queueType() : kind == Kind::Lifo ? lifoQueueType() : priorityQueueType(), ctx)
        , maxsize(maxsize)
        , kind(kind)
    {
        finished = aio::newEvent(ctx);
        callMethod(finished.get(), "set");
    }

    int64_t maxsize;
    Kind kind;
    std::deque<Ref<Object>> items; // FIFO and LIFO
    TimerHeap<Ref<Object>, PyLess> heap; // PriorityQueue: heapq with the items' own `<`
    std::deque<Ref<Future>> getters, putters;
    int64_t unfinished = 0;
    Ref<Object> finished; // an asyncio.Event

    size_t qsize() const { return kind == Kind::Priority ? heap.size() : items.size(); }
    bool empty() const { return qsize() == 0; }
    bool full() const { return maxsize > 0 && int64_t(qsize()) >= maxsize; }

    static void wakeupNext(std::deque<Ref<Future>>& waiters)
    {
        while (!waiters.empty()) {
            Ref<Future> waiter = std::move(waiters.front());
            waiters.pop_front();
            if (!waiter->done()) {
                waiter->setResult(None());
                break;
            }
        }
    }
    void putNowait(Object* item)
    {
        if (full()) raise(newException(asyncioTypes().QueueFull, std::vector<Ref<Object>> {}));
        if (kind == Kind::Priority)
            heap.push(Ref<Object>(item));
        else
            items.emplace_back(item);
        ++unfinished;
        callMethod(finished.get(), "clear");
        wakeupNext(getters);
    }
    Ref<Object> getNowait()
    {
        if (empty()) raise(newException(asyncioTypes().QueueEmpty, std::vector<Ref<Object>> {}));
        Ref<Object> item;
        if (kind == Kind::Priority) {
            item = heap.pop();
        } else if (kind == Kind::Lifo) {
            item = std::move(items.back());
            items.pop_back();
        } else {
            item = std::move(items.front());
            items.pop_front();
        }
        wakeupNext(putters);
        return item;
    }
    void taskDone()
    {
        if (unfinished <= 0) raise(types().ValueError, "task_done() called too many times");
        if (--unfinished == 0) callMethod(finished.get(), "set");
    }
    /// str(q); repr(q) adds " at 0x…" after the name, as CPython's Queue.__repr__ does.
    std::string repr(bool withAddress = false) const
    {
        std::string s = "<" + type()->name();
        if (withAddress) s += " at " + detail::addressText(const_cast<Object*>(static_cast<const Object*>(this)));
        s += " maxsize=" + std::to_string(maxsize);
        if (qsize()) {
            std::vector<Ref<Object>> queued = kind == Kind::Priority ? heap.items() : std::vector<Ref<Object>>(items.begin(), items.end());
            s += " _queue=" + reprText(newList(std::move(queued)).get());
        }
        if (!getters.empty()) s += " _getters[" + std::to_string(getters.size()) + "]";
        if (!putters.empty()) s += " _putters[" + std::to_string(putters.size()) + "]";
        if (unfinished) s += " tasks=" + std::to_string(unfinished);
        return s + ">";
    }
    void clearRefs() override
    {
        LoopBound::clearRefs();
        items.clear();
        heap.clear();
        getters.clear();
        putters.clear();
        finished = nullptr;
    }
};

Coro queuePut(Ref<Queue> self, Ref<Object> item)
{
    while (self->full()) {
        Ref<Future> putter = self->getLoop()->createFuture();
        self->putters.push_back(putter);
        Ref<Object> error;
        try {
            co_await putter;
        } catch (const PyException& e) {
            error = e.exception();
        }
        if (error) {
            putter->cancel();
            removeWaiter(self->putters, putter.get());
            if (!self->full() && !putter->cancelled()) Queue::wakeupNext(self->putters);
            raise(std::move(error));
        }
    }
    self->putNowait(item.get());
    co_return newRef(None());
}

Coro queueGet(Ref<Queue> self)
{
    while (self->empty()) {
        Ref<Future> getter = self->getLoop()->createFuture();
        self->getters.push_back(getter);
        Ref<Object> error;
        try {
            co_await getter;
        } catch (const PyException& e) {
            error = e.exception();
        }
        if (error) {
            getter->cancel();
            removeWaiter(self->getters, getter.get());
            if (!self->empty() && !getter->cancelled()) Queue::wakeupNext(self->getters);
            raise(std::move(error));
        }
    }
    co_return self->getNowait();
}

Coro queueJoin(Ref<Queue> self)
{
    if (self->unfinished > 0) co_await callMethod(self->finished.get(), "wait");
    co_return newRef(None());
}

Queue* asQueue(Object* self)
{
    if (!self || !isInstance(self, queueType())) raise(types().TypeError, "descriptor requires a 'Queue' object");
    return static_cast<Queue*>(self);
}

void fillQueue(TypeObject* type)
{
    type->slots.repr = [](Object* self) -> Ref<Object> { return pyStr(asQueue(self)->repr(true)); };
    type->slots.str = [](Object* self) -> Ref<Object> { return pyStr(asQueue(self)->repr()); };
    addMethod(type, "put", [](Object* self, CallArgs args) -> Ref<Object> {
        Object* out[1] = {};
        parseArgs("put", args, { "item" }, out);
        return queuePut(Ref<Queue>(asQueue(self)), newRef(out[0])).named("Queue.put");
    });
    addMethod(type, "get", [](Object* self, CallArgs args) -> Ref<Object> {
        parseArgs("get", args, {}, {});
        return queueGet(Ref<Queue>(asQueue(self))).named("Queue.get");
    });
    addMethod(type, "join", [](Object* self, CallArgs args) -> Ref<Object> {
        parseArgs("join", args, {}, {});
        return queueJoin(Ref<Queue>(asQueue(self))).named("Queue.join");
    });
    addMethod(type, "put_nowait", [](Object* self, CallArgs args) -> Ref<Object> {
        Object* out[1] = {};
        parseArgs("put_nowait", args, { "item" }, out);
        asQueue(self)->putNowait(out[0]);
        return newRef(None());
    });
    addMethod(type, "get_nowait", [](Object* self, CallArgs args) -> Ref<Object> {
        parseArgs("get_nowait", args, {}, {});
        return asQueue(self)->getNowait();
    });
    addMethod(type, "task_done", [](Object* self, CallArgs args) -> Ref<Object> {
        parseArgs("task_done", args, {}, {});
        asQueue(self)->taskDone();
        return newRef(None());
    });
    addMethod(type, "qsize", [](Object* self, CallArgs) -> Ref<Object> { return newInt(int64_t(asQueue(self)->qsize())); });
    addMethod(type, "empty", [](Object* self, CallArgs) -> Ref<Object> { return newRef(boolObject(asQueue(self)->empty())); });
    addMethod(type, "full", [](Object* self, CallArgs) -> Ref<Object> { return newRef(boolObject(asQueue(self)->full())); });
    addProperty(type, "maxsize", [](Object* self, CallArgs) -> Ref<Object> { return newInt(asQueue(self)->maxsize); });
}

TypeObject* queueType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("Queue", types().object, TypeObject::BaseType, "asyncio.queues");
        fillQueue(type);
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* lifoQueueType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("LifoQueue", queueType(), TypeObject::BaseType, "asyncio.queues");
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* priorityQueueType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("PriorityQueue", queueType(), TypeObject::BaseType, "asyncio.queues");
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

namespace aio {

Ref<Object> newQueue(RunContext& ctx, int64_t maxsize, const char* kind)
{
    const std::string_view k = kind ? kind : "Queue";
    const Queue::Kind qk = k == "LifoQueue" ? Queue::Kind::Lifo : k == "PriorityQueue" ? Queue::Kind::Priority : Queue::Kind::Fifo;
    return make<Queue>(ctx, maxsize, qk);
}

} // namespace aio

namespace detail {
TypeObject* asyncioQueueType() { return queueType(); }
TypeObject* asyncioLifoQueueType() { return lifoQueueType(); }
TypeObject* asyncioPriorityQueueType() { return priorityQueueType(); }
} // namespace detail

} // namespace loopscope
