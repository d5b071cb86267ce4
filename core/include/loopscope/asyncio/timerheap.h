#pragma once
// TimerHeap: a list kept with exactly the algorithms of Python's heapq, so timers with equal
// deadlines leave in CPython's order and the array has CPython's layout (the GUI draws it).

#include <cstddef>
#include <utility>
#include <vector>

namespace loopscope {

/// Receives the element moves of each heap operation, in order. An operation lifts one element
/// out (`lifted`), shifts others one at a time (`moved`: the element at `from` now sits at `to`),
/// then puts the lifted one down (`placed`). Replaying the calls on a copy reproduces the array.
class HeapMoveSink {
public:
    virtual ~HeapMoveSink() = default;
    virtual void lifted(size_t index) = 0;
    virtual void moved(size_t from, size_t to) = 0;
    virtual void placed(size_t index) = 0;
};

/// heapq over a std::vector<T>. `Less` must behave like the elements' `__lt__` (TimerHandle
/// compares `when` only: ties are not broken by insertion order, exactly as in CPython).
template <class T, class Less>
class TimerHeap {
public:
    explicit TimerHeap(Less less = Less()) : m_less(std::move(less)) { }

    size_t size() const noexcept { return m_items.size(); }
    bool empty() const noexcept { return m_items.empty(); }
    const T& operator[](size_t i) const noexcept { return m_items[i]; }
    const T& front() const noexcept { return m_items.front(); }
    const std::vector<T>& items() const noexcept { return m_items; }
    auto begin() const noexcept { return m_items.begin(); }
    auto end() const noexcept { return m_items.end(); }

    /// Moves are reported here while set (null: nobody is watching, nothing is reported).
    void setMoveSink(HeapMoveSink* sink) noexcept { m_sink = sink; }

    /// heapq.heappush: append, then _siftdown(0, last). Returns the index the item settled at.
    size_t push(T item)
    {
        m_items.push_back(std::move(item));
        const size_t pos = m_items.size() - 1;
        if (m_sink) m_sink->lifted(pos);
        return siftDown(0, pos, std::move(m_items[pos]));
    }

    /// heapq.heappop: pop the last item, put it at 0, _siftup(0). Precondition: not empty.
    /// Reports lifted(last index) for the former last element, whose sift starts at the root.
    T pop()
    {
        const size_t lastIndex = m_items.size() - 1;
        T last = std::move(m_items.back());
        m_items.pop_back();
        if (m_items.empty()) return last;
        if (m_sink) m_sink->lifted(lastIndex);
        T top = std::move(m_items[0]);
        siftUp(0, std::move(last));
        return top;
    }

    /// heapq.heapify: _siftup(i) for i in reversed(range(n // 2)).
    void heapify()
    {
        for (size_t i = m_items.size() / 2; i-- > 0;) {
            if (m_sink) m_sink->lifted(i);
            siftUp(i, std::move(m_items[i]));
        }
    }

    /// The list itself, for the bulk purge (which filters it, then heapifies).
    std::vector<T>& rawItems() noexcept { return m_items; }
    void clear() noexcept { m_items.clear(); }

private:
    // heapq._siftdown with the item already lifted out of `pos`: parents larger than it move down.
    size_t siftDown(size_t startPos, size_t pos, T newItem)
    {
        while (pos > startPos) {
            size_t parentPos = (pos - 1) >> 1;
            if (!m_less(newItem, m_items[parentPos])) break;
            m_items[pos] = std::move(m_items[parentPos]);
            if (m_sink) m_sink->moved(parentPos, pos);
            pos = parentPos;
        }
        m_items[pos] = std::move(newItem);
        if (m_sink) m_sink->placed(pos);
        return pos;
    }

    // heapq._siftup with the item lifted out of `pos`: the smaller child rises until a leaf, then _siftdown.
    void siftUp(size_t pos, T newItem)
    {
        const size_t endPos = m_items.size();
        const size_t startPos = pos;
        size_t childPos = 2 * pos + 1;
        while (childPos < endPos) {
            size_t rightPos = childPos + 1;
            if (rightPos < endPos && !m_less(m_items[childPos], m_items[rightPos])) childPos = rightPos;
            m_items[pos] = std::move(m_items[childPos]);
            if (m_sink) m_sink->moved(childPos, pos);
            pos = childPos;
            childPos = 2 * pos + 1;
        }
        siftDown(startPos, pos, std::move(newItem));
    }

    std::vector<T> m_items;
    Less m_less;
    HeapMoveSink* m_sink = nullptr;
};

} // namespace loopscope
