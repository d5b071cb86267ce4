#pragma once
// The loop's ready deque (`_ready`). An entry is either a Handle object (call_soon from a program,
// a due timer) or a native callback with at most one argument that only the loop's own machinery
// schedules (Task.__step, Task.__wakeup, done callbacks): no program can reach those handles, so
// they need no Handle object, only the handle id CPython's object would have had.

#include <cstddef>
#include <cstdint>
#include <loopscope/asyncio/handle.h>
#include <loopscope/runtime/object.h>
#include <memory>
#include <utility>

namespace loopscope {

/// One entry of the ready deque. Owns one reference to `self` and to `arg`.
struct ReadyEntry {
    Object* self = nullptr; ///< the Handle (when `fn` is null), else the native receiver (may be null)
    Object* arg = nullptr; ///< the one argument of a native callback, or null
    NativeCallbackFn fn = nullptr;
    const char* name = nullptr; ///< CPython's __qualname__ of the native callback ("Task.__step")
    uint64_t id = 0; ///< the handle id (a Handle's own id for Handle entries)

    ReadyEntry() = default;
    /// A Handle entry (takes the reference).
    explicit ReadyEntry(Ref<Handle> h) noexcept
        : id(h ? h->id() : 0)
    {
        self = h.release();
    }
    /// A native entry: new references to self and arg.
    ReadyEntry(const char* name, NativeCallbackFn fn, Object* self, Object* arg, uint64_t id) noexcept
        : self(self)
        , arg(arg)
        , fn(fn)
        , name(name)
        , id(id)
    {
        if (self) self->incref();
        if (arg) arg->incref();
    }
    ReadyEntry(ReadyEntry&& o) noexcept
        : self(std::exchange(o.self, nullptr))
        , arg(std::exchange(o.arg, nullptr))
        , fn(o.fn)
        , name(o.name)
        , id(o.id)
    {
    }
    ReadyEntry& operator=(ReadyEntry&& o) noexcept
    {
        if (this != &o) {
            reset();
            self = std::exchange(o.self, nullptr);
            arg = std::exchange(o.arg, nullptr);
            fn = o.fn;
            name = o.name;
            id = o.id;
        }
        return *this;
    }
    ReadyEntry(const ReadyEntry&) = delete;
    ReadyEntry& operator=(const ReadyEntry&) = delete;
    ~ReadyEntry() { reset(); }

    bool isHandle() const noexcept { return fn == nullptr; }
    Handle* handle() const noexcept { return isHandle() ? static_cast<Handle*>(self) : nullptr; }
    void reset() noexcept
    {
        if (Object* s = std::exchange(self, nullptr)) s->decref();
        if (Object* a = std::exchange(arg, nullptr)) a->decref();
    }
};

/// A FIFO ring buffer of entries (power-of-two capacity, grows by doubling).
class ReadyQueue {
public:
    ReadyQueue() = default;
    ReadyQueue(const ReadyQueue&) = delete;
    ReadyQueue& operator=(const ReadyQueue&) = delete;
    ~ReadyQueue() { clear(); }

    size_t size() const noexcept { return m_size; }
    bool empty() const noexcept { return m_size == 0; }
    ReadyEntry& front() noexcept { return m_items[m_head]; }
    const ReadyEntry& operator[](size_t i) const noexcept { return m_items[(m_head + i) & m_mask]; }

    void push_back(ReadyEntry&& e)
    {
        if (m_size == m_capacity) grow();
        // Slots outside [head, head+size) are always empty (moved from): no release needed.
        ReadyEntry& slot = m_items[(m_head + m_size) & m_mask];
        slot.self = std::exchange(e.self, nullptr);
        slot.arg = std::exchange(e.arg, nullptr);
        slot.fn = e.fn;
        slot.name = e.name;
        slot.id = e.id;
        ++m_size;
    }
    /// A native entry, built in place (new references to self and arg).
    void pushNative(const char* name, NativeCallbackFn fn, Object* self, Object* arg, uint64_t id)
    {
        if (m_size == m_capacity) grow();
        ReadyEntry& slot = m_items[(m_head + m_size) & m_mask];
        if (self) self->incref();
        if (arg) arg->incref();
        slot.self = self;
        slot.arg = arg;
        slot.fn = fn;
        slot.name = name;
        slot.id = id;
        ++m_size;
    }
    const ReadyEntry& back() const noexcept { return m_items[(m_head + m_size - 1) & m_mask]; }
    template <class... Args> void emplace_back(Args&&... args) { push_back(ReadyEntry(std::forward<Args>(args)...)); }
    /// Removes the front entry and returns it.
    ReadyEntry take_front() noexcept
    {
        ReadyEntry e = std::move(m_items[m_head]);
        m_head = (m_head + 1) & m_mask;
        --m_size;
        return e;
    }
    void clear() noexcept
    {
        // Entries are released one by one: a destructor may schedule more (it sees a consistent queue).
        while (m_size)
            take_front();
        m_head = 0;
    }

private:
    void grow()
    {
        const size_t cap = m_capacity ? m_capacity * 2 : 16;
        std::unique_ptr<ReadyEntry[]> items(new ReadyEntry[cap]);
        for (size_t i = 0; i < m_size; ++i)
            items[i] = std::move(m_items[(m_head + i) & m_mask]);
        m_items = std::move(items);
        m_capacity = cap;
        m_mask = cap - 1;
        m_head = 0;
    }

    std::unique_ptr<ReadyEntry[]> m_items;
    size_t m_capacity = 0;
    size_t m_mask = 0;
    size_t m_head = 0;
    size_t m_size = 0;
};

} // namespace loopscope
