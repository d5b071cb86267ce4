#pragma once
// A Heap owns every object made while it is current. A scenario run is one heap: destroying it
// frees what reference cycles kept alive, so re-executing a run (step back) never leaks.

#include <loopscope/runtime/object.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace loopscope {

namespace detail {
class ObjectPool;
}

class Heap {
public:
    Heap();
    ~Heap();
    Heap(const Heap&) = delete;
    Heap& operator=(const Heap&) = delete;

    /// The heap new objects register with on this thread (null: objects are unowned).
    static Heap* current() noexcept;

    /// Makes this heap current for the lifetime of the scope.
    class Scope {
    public:
        explicit Scope(Heap& heap) noexcept;
        /// Makes `heap` current; null means objects made in the scope belong to no heap.
        explicit Scope(Heap* heap) noexcept;
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Heap* m_previous;
    };

    size_t liveObjects() const noexcept;
    /// `id(obj)`: a counter handed out on first request, so ids never depend on addresses.
    int64_t idOf(const Object* obj);

private:
    friend class detail::ObjectPool;
    /// A freed object's id is never handed to the next object at its address.
    void forgetId(const void* obj) noexcept
    {
        if (!m_ids.empty()) m_ids.erase(static_cast<const Object*>(obj));
    }

    std::unique_ptr<detail::ObjectPool> m_pool; // where this heap's objects live
    int64_t m_nextId = 0;
    std::unordered_map<const Object*, int64_t> m_ids; // looked up only, never iterated
};

} // namespace loopscope
