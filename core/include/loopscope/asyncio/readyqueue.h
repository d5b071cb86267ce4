#pragma once
// The loop's ready deque (`_ready`). An entry is either a Handle object (call_soon from a program,
// a due timer) or a native callback with at most one argument that only the loop's own machinery
// schedules (Task.__step, Task.__wakeup, done callbacks): no program can reach those handles, so
// they need no Handle object, only the handle id CPython's object would have had.
//
// Entries are 16 bytes (a pending task costs one): a tagged pointer and the id. A native callback's
// (function, name) pair is stored once in the queue's table and named by a 16-bit index; only the
// rarer shapes (an argument, an id past 48 bits, a full table) are boxed. The deque is a list of
// fixed-size chunks, so memory follows the number of entries instead of doubling.

#include <cstddef>
#include <cstdint>
#include <loopscope/asyncio/handle.h>
#include <loopscope/runtime/object.h>
#include <utility>
#include <vector>

namespace loopscope {

/// A native entry, resolved: what to call and what the trace calls it (borrowed pointers).
struct NativeCall {
    NativeCallbackFn fn = nullptr;
    const char* name = nullptr; ///< CPython's __qualname__ of the native callback ("Task.__step")
    Object* self = nullptr; ///< the receiver (may be null)
    Object* arg = nullptr; ///< the one argument, or null
};

/// One entry of the ready deque. Owns one reference to what it points to.
class ReadyEntry {
public:
    /// A native callback with an argument (or that does not fit the compact form), on its own block.
    struct Boxed : NativeCall {
        static void* operator new(size_t n); // recycled through the asyncio free lists
        static void operator delete(void* p, size_t n) noexcept;
    };

    ReadyEntry() = default;
    /// A Handle entry (takes the reference).
    explicit ReadyEntry(Ref<Handle> h) noexcept
        : m_word(reinterpret_cast<uintptr_t>(h.get()) | kHandle)
        , m_id(h ? h->id() : 0)
    {
        h.release();
    }
    ReadyEntry(ReadyEntry&& o) noexcept
        : m_word(std::exchange(o.m_word, 0))
        , m_id(o.m_id)
    {
    }
    ReadyEntry& operator=(ReadyEntry&& o) noexcept
    {
        if (this != &o) {
            reset();
            m_word = std::exchange(o.m_word, 0);
            m_id = o.m_id;
        }
        return *this;
    }
    ReadyEntry(const ReadyEntry&) = delete;
    ReadyEntry& operator=(const ReadyEntry&) = delete;
    ~ReadyEntry() { reset(); }

    bool isHandle() const noexcept { return tag() == kHandle; }
    Handle* handle() const noexcept { return isHandle() ? reinterpret_cast<Handle*>(m_word & ~kTagMask) : nullptr; }
    /// The handle id (a Handle's own id for Handle entries).
    uint64_t id() const noexcept { return tag() == kCompact ? m_id >> kIndexBits : m_id; }
    void reset() noexcept
    {
        const uintptr_t tag = m_word & kTagMask;
        if (tag == kBoxed) return resetBoxed();
        if (Object* o = reinterpret_cast<Object*>(std::exchange(m_word, kEmpty) & ~kTagMask)) o->decref();
    }

private:
    void resetBoxed() noexcept;
    friend class ReadyQueue;
    // The low bits of m_word say what the rest points to (objects and boxes are 8-byte aligned).
    static constexpr uintptr_t kTagMask = 3;
    static constexpr uintptr_t kEmpty = 0; // moved from: m_word is 0
    static constexpr uintptr_t kHandle = 1; // a Handle*
    static constexpr uintptr_t kCompact = 2; // the receiver (or null); m_id = id << 16 | table index
    static constexpr uintptr_t kBoxed = 3; // a Boxed*; m_id = id
    static constexpr unsigned kIndexBits = 16;

    uintptr_t tag() const noexcept { return m_word & kTagMask; }
    Object* compactSelf() const noexcept { return reinterpret_cast<Object*>(m_word & ~kTagMask); }
    Boxed* boxed() const noexcept { return reinterpret_cast<Boxed*>(m_word & ~kTagMask); }

    uintptr_t m_word = kEmpty;
    uint64_t m_id = 0;
};

/// A FIFO of entries in fixed-size chunks, plus the table of native (function, name) pairs.
class ReadyQueue {
public:
    ReadyQueue() = default;
    ReadyQueue(const ReadyQueue&) = delete;
    ReadyQueue& operator=(const ReadyQueue&) = delete;
    ~ReadyQueue();

    size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    const ReadyEntry& operator[](size_t i) const noexcept
    {
        const size_t pos = static_cast<size_t>(m_front - m_chunks[m_firstChunk]) + i;
        return m_chunks[m_firstChunk + (pos >> kChunkShift)][pos & kChunkMask];
    }
    const ReadyEntry& back() const noexcept { return m_back[-1]; }

    /// Appends a Handle entry.
    void push_back(ReadyEntry&& e) { *nextSlot() = std::move(e); }
    /// A native entry, built in place (new references to self and arg).
    void pushNative(const char* name, NativeCallbackFn fn, Object* self, Object* arg, uint64_t id)
    {
        // The common case inline (the callback scheduled last time, room in the chunk); the rest out of line.
        if (!arg && fn == m_lastFn && name == m_lastName && m_back != m_backEnd && id < kMaxCompactId) {
            if (self) self->incref();
            ReadyEntry* slot = m_back++;
            ++m_size;
            slot->m_word = reinterpret_cast<uintptr_t>(self) | ReadyEntry::kCompact;
            slot->m_id = id << ReadyEntry::kIndexBits | m_lastIndex;
            return;
        }
        pushNativeSlow(name, fn, self, arg, id);
    }
    /// Removes the front entry and returns it.
    ReadyEntry take_front() noexcept
    {
        ReadyEntry e = std::move(*m_front);
        --m_size;
        if (++m_front == m_frontEnd) dropFrontChunk();
        return e;
    }
    /// What a native (non-Handle) entry calls.
    NativeCall native(const ReadyEntry& e) const noexcept
    {
        if (e.tag() == ReadyEntry::kBoxed) return *e.boxed();
        const NativeTarget& t = m_targets[e.m_id & ((1u << ReadyEntry::kIndexBits) - 1)];
        return { t.fn, t.name, e.compactSelf(), nullptr };
    }
    void clear() noexcept
    {
        // Entries are released one by one: a destructor may schedule more (it sees a consistent queue).
        while (m_size)
            take_front();
    }

private:
    static constexpr unsigned kChunkShift = 8;
    static constexpr size_t kChunkSize = size_t(1) << kChunkShift; // 4 KB of entries
    static constexpr size_t kChunkMask = kChunkSize - 1;
    static constexpr uint64_t kMaxCompactId = uint64_t(1) << (64 - ReadyEntry::kIndexBits);

    struct NativeTarget {
        NativeCallbackFn fn;
        const char* name;
    };

    ReadyEntry* nextSlot()
    {
        if (m_back == m_backEnd) addChunk();
        ++m_size;
        return m_back++;
    }
    /// The table index of (fn, name), remembered as the last one; false when the table is full.
    bool lookup(NativeCallbackFn fn, const char* name, uint32_t& index);
    void pushNativeSlow(const char* name, NativeCallbackFn fn, Object* self, Object* arg, uint64_t id);
    void addChunk();
    void dropFrontChunk() noexcept;

    std::vector<ReadyEntry*> m_chunks; // [m_firstChunk, size) hold the entries, in order
    size_t m_firstChunk = 0;
    ReadyEntry* m_front = nullptr; // the front entry, in m_chunks[m_firstChunk]
    ReadyEntry* m_frontEnd = nullptr; // the end of that chunk
    ReadyEntry* m_back = nullptr; // the next free slot, in the last chunk
    ReadyEntry* m_backEnd = nullptr;
    size_t m_size = 0;
    ReadyEntry* m_spare = nullptr; // one emptied chunk kept: a queue hovering at a chunk boundary does not allocate
    std::vector<NativeTarget> m_targets;
    NativeCallbackFn m_lastFn = nullptr; // the last target looked up (fn is never null)
    const char* m_lastName = nullptr;
    uint32_t m_lastIndex = 0;
};

} // namespace loopscope
