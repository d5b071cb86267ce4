#include <loopscope/runtime/heap.h>

#include "objectpool.h"
#include <loopscope/runtime/memory.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>

#include <atomic>
#include <vector>

namespace loopscope {

namespace {
thread_local Heap* t_current = nullptr;
std::atomic<size_t> g_memoryBudget { kDefaultMemoryBudget };
// What one live object costs on average (header, type slots it points to, small payload).
constexpr size_t kBytesPerObject = 64;
// id() values look like CPython's addresses (aligned, large) but are counters.
constexpr int64_t kIdBase = 140000000000000;
constexpr int64_t kIdStride = 48;
} // namespace

Object::Object(TypeObject* type) noexcept
    : m_type(type)
{
    if (m_type) m_type->incref();
}

Object::~Object()
{
    if (m_type) m_type->decref();
}

void* Object::operator new(size_t n) { return detail::ObjectPool::allocate(n); }

void Object::operator delete(void* p) noexcept
{
    if (p) detail::ObjectPool::release(p);
}

Heap* Object::heap() const noexcept { return isImmortal() ? nullptr : detail::ObjectPool::heapOf(this); }

void Object::setType(TypeObject* type) noexcept
{
    if (type) type->incref();
    if (m_type) m_type->decref();
    m_type = type;
}

void Object::makeImmortal() noexcept { m_refcount = kImmortal; }

void Object::dealloc() noexcept
{
    if (m_needsFinalize) {
        m_needsFinalize = false;
        m_refcount = 1; // whole again while the finalizer runs
        finalizeInstance();
        if (--m_refcount != 0) return; // resurrected
    }
    delete this;
}

Heap::Heap()
    : m_pool(new detail::ObjectPool(this))
{
}

Heap::~Heap()
{
    // Pin everything, make each object drop its references, then release the pins: every object
    // reaches zero and is freed exactly once, whatever cycles it was part of.
    std::vector<Object*> live;
    live.reserve(m_pool->liveCount());
    m_pool->forEachLive([&](Object* o) {
        if (o->isImmortal()) return; // made immortal while this heap was current: it stays
        o->incref();
        live.push_back(o);
    });
    for (Object* o : live) o->clearRefs();
    for (Object* o : live) o->decref();
    // What survives (immortals, an object whose clearRefs() forgot a member) stays valid, unowned.
    m_pool->orphanLive();
    m_pool.reset();
    if (t_current == this) t_current = nullptr;
}

Heap* Heap::current() noexcept { return t_current; }

size_t Heap::liveObjects() const noexcept { return m_pool->liveCount(); }

Heap::Scope::Scope(Heap& heap) noexcept
    : m_previous(std::exchange(t_current, &heap))
{
}

Heap::Scope::Scope(Heap* heap) noexcept
    : m_previous(std::exchange(t_current, heap))
{
}

Heap::Scope::~Scope() { t_current = m_previous; }

int64_t Heap::idOf(const Object* obj)
{
    auto [it, inserted] = m_ids.try_emplace(obj, 0);
    if (inserted) it->second = kIdBase + kIdStride * m_nextId++;
    return it->second;
}

void setMemoryBudget(size_t bytes) noexcept { g_memoryBudget.store(bytes, std::memory_order_relaxed); }

size_t memoryBudget() noexcept { return g_memoryBudget.load(std::memory_order_relaxed); }

void checkMemory(size_t bytes)
{
    const size_t budget = memoryBudget();
    if (budget == 0) return;
    const Heap* h = Heap::current();
    const size_t live = h ? h->liveObjects() : 0;
    if (bytes > budget || live > (budget - bytes) / kBytesPerObject) raise(newException(types().MemoryError, std::vector<Ref<Object>> {}));
}

} // namespace loopscope
