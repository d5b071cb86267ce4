#pragma once
// SharedList: a list of values whose copies share their elements. LoopStates hold their tasks and
// futures in one, so that the state after a step shares every task the step did not touch with
// the state before it: a step copies pointers, not strings and frames, and a view can tell what
// changed by comparing pointers.

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace loopscope {

/// A list of T with value semantics and shared elements (copy on write per element). An element
/// another list shares is never written: mutate() first gives this list its own copy of it.
template <class T>
class SharedList {
    using Slots = std::vector<std::shared_ptr<T>>;

public:
    using value_type = T;

    /// Walks the elements as `const T&`.
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;
        const_iterator() = default;
        explicit const_iterator(typename Slots::const_iterator it)
            : m_it(it)
        {
        }
        reference operator*() const { return **m_it; }
        pointer operator->() const { return m_it->get(); }
        reference operator[](difference_type n) const { return *m_it[n]; }
        const_iterator& operator++() { return ++m_it, *this; }
        const_iterator operator++(int) { return const_iterator(m_it++); }
        const_iterator& operator--() { return --m_it, *this; }
        const_iterator operator--(int) { return const_iterator(m_it--); }
        const_iterator& operator+=(difference_type n) { return m_it += n, *this; }
        const_iterator& operator-=(difference_type n) { return m_it -= n, *this; }
        friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
        friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
        friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const const_iterator& a, const const_iterator& b) { return a.m_it - b.m_it; }
        friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.m_it == b.m_it; }
        friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.m_it <=> b.m_it; }
        typename Slots::const_iterator base() const { return m_it; }

    private:
        typename Slots::const_iterator m_it;
    };
    using iterator = const_iterator; // elements are written only through mutate()

    SharedList() = default;
    SharedList(std::initializer_list<T> values)
    {
        m_slots.reserve(values.size());
        for (const T& v : values)
            push_back(v);
    }

    size_t size() const { return m_slots.size(); }
    bool empty() const { return m_slots.empty(); }
    const T& operator[](size_t i) const { return *m_slots[i]; }
    const T& front() const { return *m_slots.front(); }
    const T& back() const { return *m_slots.back(); }
    const_iterator begin() const { return const_iterator(m_slots.begin()); }
    const_iterator end() const { return const_iterator(m_slots.end()); }

    void reserve(size_t n) { m_slots.reserve(n); }
    void clear() { m_slots.clear(); }
    void push_back(T value) { m_slots.push_back(std::make_shared<T>(std::move(value))); }
    /// Appends an element that stays shared with whoever else holds it.
    void pushShared(std::shared_ptr<T> element) { m_slots.push_back(std::move(element)); }
    void erase(const_iterator it) { m_slots.erase(it.base()); }
    /// Element i, writable: copied first when another list shares it.
    T& mutate(size_t i)
    {
        std::shared_ptr<T>& slot = m_slots[i];
        if (slot.use_count() > 1) slot = std::make_shared<T>(std::as_const(*slot));
        return *slot;
    }
    /// Whether element i of this list and element j of `other` are one shared value (so equal).
    bool same(size_t i, const SharedList& other, size_t j) const { return m_slots[i] == other.m_slots[j]; }

    /// Element by element; shared elements are equal without looking inside.
    bool operator==(const SharedList& o) const
    {
        if (m_slots.size() != o.m_slots.size()) return false;
        for (size_t i = 0; i < m_slots.size(); ++i)
            if (m_slots[i] != o.m_slots[i] && !(*m_slots[i] == *o.m_slots[i])) return false;
        return true;
    }

private:
    Slots m_slots;
};

} // namespace loopscope
