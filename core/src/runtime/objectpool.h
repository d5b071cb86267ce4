#pragma once
// Where objects live: size-classed slots in 64 KiB-aligned chunks, one pool per Heap plus one
// for objects made with no heap current. An object finds its pool (and so its heap) from its
// address, so the object header carries neither a heap pointer nor list links, and a heap
// enumerates its live objects by walking its chunks' live bits (CPython's obmalloc, with a
// live bitmap in place of the GC list).

#include <cstddef>
#include <cstdint>

namespace loopscope {
class Heap;
class Object;
}

namespace loopscope::detail {

class ObjectPool {
public:
    static constexpr size_t kChunkBytes = size_t(64) * 1024;
    static constexpr size_t kGranule = 8;
    static constexpr size_t kMaxSmall = 1024; // larger objects get a chunk each

    /// A pool for `heap`'s objects; null makes the pool of unowned objects.
    explicit ObjectPool(Heap* heap) noexcept;
    /// Frees every chunk; chunks that still hold live objects must be handed over first (orphanLive).
    ~ObjectPool();
    ObjectPool(const ObjectPool&) = delete;
    ObjectPool& operator=(const ObjectPool&) = delete;

    /// Memory for an object of `n` bytes in the current heap's pool, or the unowned pool.
    static void* allocate(size_t n);
    static void release(void* p) noexcept;
    /// The heap whose pool holds `obj` (null: unowned, or outlived its heap).
    static Heap* heapOf(const Object* obj) noexcept;

    size_t liveCount() const noexcept { return m_live; }
    /// Calls f(Object*) for every live object, chunks in creation order, slots in address order.
    template <class F>
    void forEachLive(F&& f) const;
    /// Moves the chunks that still hold live objects to the unowned pool (objects a teardown
    /// could not free stay valid), and frees the rest.
    void orphanLive() noexcept;

private:
    struct Chunk;
    static constexpr size_t kClasses = kMaxSmall / kGranule + 1;

    void* allocateHere(size_t n);
    void releaseHere(Chunk* c, void* p) noexcept;
    Chunk* newChunk(uint32_t slotSize, uint32_t slotCount, size_t bytes);
    void unlinkChunk(Chunk* c) noexcept;
    static void freeChunk(Chunk* c) noexcept;
    static Chunk* chunkOf(const void* p) noexcept;
    static ObjectPool& unowned() noexcept;

    Heap* m_heap;
    size_t m_live = 0;
    void* m_free[kClasses] = {}; // per size class: freed slots, linked through their first word
    Chunk* m_bump[kClasses] = {}; // per size class: the chunk with never-used slots left
    Chunk* m_first = nullptr; // every chunk, in creation order
    Chunk* m_last = nullptr;
};

struct ObjectPool::Chunk {
    static constexpr uint32_t kMagic = 0x4c53504f; // "LSPO": catches a pointer that is no pooled object

    uint32_t magic = kMagic;
    uint32_t slotSize;
    uint32_t slotCount;
    uint32_t bumped = 0; // slots [0, bumped) have been handed out at least once
    uint32_t liveSlots = 0;
    ObjectPool* pool;
    Chunk* prev = nullptr;
    Chunk* next = nullptr;
    // Then the live bitmap, one bit a slot in as many words as the slots need; then the slots.
    uint64_t* live() noexcept { return reinterpret_cast<uint64_t*>(this + 1); }
    const uint64_t* live() const noexcept { return reinterpret_cast<const uint64_t*>(this + 1); }

    /// Slots of `slotSize` bytes that fit in `bytes` with the header and its bitmap.
    static uint32_t slotsFitting(size_t bytes, size_t slotSize) noexcept
    {
        size_t n = (bytes - sizeof(Chunk)) / slotSize;
        while (n && headerBytes(n) + n * slotSize > bytes) --n;
        return uint32_t(n);
    }
    static size_t headerBytes(size_t slots) noexcept
    {
        return (sizeof(Chunk) + (slots + 63) / 64 * sizeof(uint64_t) + 15) & ~size_t(15);
    }
    char* slot(size_t i) noexcept { return reinterpret_cast<char*>(this) + headerBytes(slotCount) + i * slotSize; }
    size_t indexOf(const void* p) const noexcept
    {
        return size_t(static_cast<const char*>(p) - reinterpret_cast<const char*>(this) - headerBytes(slotCount))
            / slotSize;
    }
};

template <class F>
void ObjectPool::forEachLive(F&& f) const
{
    for (Chunk* c = m_first; c; c = c->next)
        for (size_t w = 0; w * 64 < c->bumped; ++w)
            for (uint64_t bits = c->live()[w]; bits; bits &= bits - 1)
                f(reinterpret_cast<Object*>(c->slot(w * 64 + size_t(__builtin_ctzll(bits)))));
}

} // namespace loopscope::detail
