#include "objectpool.h"

#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/object.h>

#include <cassert>
#include <algorithm>
#include <mutex>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define LOOPSCOPE_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define LOOPSCOPE_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define LOOPSCOPE_POISON(p, n) ((void)(p), (void)(n))
#define LOOPSCOPE_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace loopscope::detail {

namespace {
// Unowned objects may be made and dropped on any thread (start-up, the GUI's worker); heaps are
// used by one thread at a time, so only the unowned pool takes a lock.
std::mutex g_unownedMutex;

constexpr size_t roundUp(size_t n, size_t to) noexcept { return (n + to - 1) / to * to; }
} // namespace

ObjectPool::ObjectPool(Heap* heap) noexcept
    : m_heap(heap)
{
}

ObjectPool::~ObjectPool()
{
    for (Chunk* c = m_first; c;) {
        Chunk* next = c->next;
        freeChunk(c);
        c = next;
    }
}

ObjectPool& ObjectPool::unowned() noexcept
{
    static ObjectPool* pool = new ObjectPool(nullptr); // never destroyed: unowned objects may outlive statics
    return *pool;
}

ObjectPool::Chunk* ObjectPool::chunkOf(const void* p) noexcept
{
    auto* c = reinterpret_cast<Chunk*>(reinterpret_cast<uintptr_t>(p) & ~(uintptr_t(kChunkBytes) - 1));
    assert(c->magic == Chunk::kMagic && "not an object made by Object::operator new");
    return c;
}

void* ObjectPool::allocate(size_t n)
{
    if (Heap* h = Heap::current()) return h->m_pool->allocateHere(n);
    std::lock_guard lock(g_unownedMutex);
    return unowned().allocateHere(n);
}

void ObjectPool::release(void* p) noexcept
{
    Chunk* c = chunkOf(p);
    ObjectPool* pool = c->pool;
    if (pool->m_heap) return pool->releaseHere(c, p);
    std::lock_guard lock(g_unownedMutex);
    c->pool->releaseHere(c, p);
}

Heap* ObjectPool::heapOf(const Object* obj) noexcept { return chunkOf(obj)->pool->m_heap; }

void* ObjectPool::allocateHere(size_t n)
{
    void* p;
    Chunk* c;
    if (n > kMaxSmall) {
        const size_t slotSize = roundUp(n, kGranule);
        c = newChunk(uint32_t(slotSize), 1, roundUp(Chunk::headerBytes(1) + slotSize, kChunkBytes));
        p = c->slot(0);
        c->bumped = 1;
        LOOPSCOPE_UNPOISON(p, slotSize);
    } else {
        const size_t cls = (n + kGranule - 1) / kGranule;
        if (void* f = m_free[cls]) {
            LOOPSCOPE_UNPOISON(f, cls * kGranule);
            m_free[cls] = *static_cast<void**>(f);
            p = f;
            c = chunkOf(p);
        } else {
            c = m_bump[cls];
            if (!c || c->bumped == c->slotCount) {
                const size_t slotSize = cls * kGranule;
                c = m_bump[cls] = newChunk(uint32_t(slotSize), Chunk::slotsFitting(kChunkBytes, slotSize), kChunkBytes);
            }
            p = c->slot(c->bumped++);
            LOOPSCOPE_UNPOISON(p, c->slotSize);
        }
    }
    const size_t i = c->indexOf(p);
    c->live()[i >> 6] |= uint64_t(1) << (i & 63);
    ++c->liveSlots;
    ++m_live;
    return p;
}

void ObjectPool::releaseHere(Chunk* c, void* p) noexcept
{
    const size_t i = c->indexOf(p);
    c->live()[i >> 6] &= ~(uint64_t(1) << (i & 63));
    --c->liveSlots;
    --m_live;
    if (m_heap) m_heap->forgetId(p);
    if (c->slotCount == 1) {
        unlinkChunk(c);
        freeChunk(c);
        return;
    }
    const size_t cls = c->slotSize / kGranule;
    *static_cast<void**>(p) = m_free[cls];
    m_free[cls] = p;
    // The link word stays readable; a use after free of anything past it is reported.
    LOOPSCOPE_POISON(static_cast<char*>(p) + sizeof(void*), c->slotSize - sizeof(void*));
}

ObjectPool::Chunk* ObjectPool::newChunk(uint32_t slotSize, uint32_t slotCount, size_t bytes)
{
    void* mem = ::operator new(bytes, std::align_val_t(kChunkBytes));
    Chunk* c = new (mem) Chunk;
    c->slotSize = slotSize;
    c->slotCount = slotCount;
    std::fill_n(c->live(), (slotCount + 63) / 64, uint64_t(0));
    c->pool = this;
    c->prev = m_last;
    (m_last ? m_last->next : m_first) = c;
    m_last = c;
    LOOPSCOPE_POISON(c->slot(0), size_t(slotSize) * slotCount);
    return c;
}

void ObjectPool::freeChunk(Chunk* c) noexcept
{
    c->~Chunk();
    ::operator delete(static_cast<void*>(c), std::align_val_t(kChunkBytes));
}

void ObjectPool::unlinkChunk(Chunk* c) noexcept
{
    (c->prev ? c->prev->next : m_first) = c->next;
    (c->next ? c->next->prev : m_last) = c->prev;
    c->prev = c->next = nullptr;
}

void ObjectPool::orphanLive() noexcept
{
    ObjectPool& heir = unowned();
    std::lock_guard lock(g_unownedMutex);
    for (Chunk* c = m_first; c;) {
        Chunk* next = c->next;
        if (c->liveSlots) {
            unlinkChunk(c);
            m_live -= c->liveSlots;
            heir.m_live += c->liveSlots;
            c->pool = &heir;
            c->prev = heir.m_last;
            (heir.m_last ? heir.m_last->next : heir.m_first) = c;
            heir.m_last = c;
            // Its never-used and free slots are given up: the heir's free lists do not know them.
            c->bumped = c->slotCount;
        }
        c = next;
    }
}

} // namespace loopscope::detail
