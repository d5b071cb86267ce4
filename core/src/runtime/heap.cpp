#include <loopscope/runtime/heap.h>
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
    if (Heap* h = t_current) h->link(this);
}

Object::~Object()
{
    if (m_heap) m_heap->unlink(this);
    if (m_type) m_type->decref();
}

void Object::setType(TypeObject* type) noexcept
{
    if (type) type->incref();
    if (m_type) m_type->decref();
    m_type = type;
}

void Object::makeImmortal() noexcept
{
    m_refcount = kImmortal;
    if (m_heap) m_heap->unlink(this);
}

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

Heap::Heap() = default;

Heap::~Heap()
{
    // Pin everything, make each object drop its references, then release the pins: every object
    // reaches zero and is freed exactly once, whatever cycles it was part of.
    m_tearingDown = true;
    std::vector<Object*> live;
    live.reserve(m_live);
    for (Object* o = m_first; o; o = o->m_next) {
        o->incref();
        live.push_back(o);
    }
    for (Object* o : live) o->clearRefs();
    for (Object* o : live) o->decref();
    // An object whose clearRefs() forgot a member survives; detach it rather than dangle.
    for (Object* o = m_first; o; o = o->m_next) o->m_heap = nullptr;
    if (t_current == this) t_current = nullptr;
}

Heap* Heap::current() noexcept { return t_current; }

Heap::Scope::Scope(Heap& heap) noexcept
    : m_previous(std::exchange(t_current, &heap))
{
}

Heap::Scope::Scope(Heap* heap) noexcept
    : m_previous(std::exchange(t_current, heap))
{
}

Heap::Scope::~Scope() { t_current = m_previous; }

void Heap::link(Object* obj) noexcept
{
    obj->m_heap = this;
    obj->m_prev = nullptr;
    obj->m_next = m_first;
    if (m_first) m_first->m_prev = obj;
    m_first = obj;
    ++m_live;
}

void Heap::unlink(Object* obj) noexcept
{
    if (obj->m_prev)
        obj->m_prev->m_next = obj->m_next;
    else
        m_first = obj->m_next;
    if (obj->m_next) obj->m_next->m_prev = obj->m_prev;
    obj->m_prev = obj->m_next = nullptr;
    obj->m_heap = nullptr;
    --m_live;
    if (!m_ids.empty()) m_ids.erase(obj);
}

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
