#pragma once
// Per-thread free lists for the objects the loop makes and drops by the million (handles,
// coroutine frames): a freed block is kept for the next allocation of the same size class.

#include <cstddef>
#include <new>

namespace loopscope::detail::asyncioimpl {

/// Blocks up to kMaxBytes, in 8-byte size classes; larger requests go to ::operator new.
class FreeLists {
public:
    static constexpr size_t kGranule = 8;
    static constexpr size_t kMaxBytes = 1024;
    static constexpr size_t kMaxKept = 4096; // per class: a burst does not pin memory forever

    static void* allocate(size_t n)
    {
        const size_t c = classOf(n);
        if (c < kClasses) {
            Lists& l = lists();
            if (Node* node = l.head[c]) {
                l.head[c] = node->next;
                --l.count[c];
                return node;
            }
            return ::operator new(c * kGranule + kGranule);
        }
        return ::operator new(n);
    }
    static void release(void* p, size_t n) noexcept
    {
        const size_t c = classOf(n);
        if (c < kClasses) {
            Lists& l = lists();
            if (l.count[c] < kMaxKept) {
                Node* node = static_cast<Node*>(p);
                node->next = l.head[c];
                l.head[c] = node;
                ++l.count[c];
                return;
            }
        }
        ::operator delete(p);
    }

private:
    struct Node {
        Node* next;
    };
    static constexpr size_t kClasses = kMaxBytes / kGranule;
    static constexpr size_t classOf(size_t n) noexcept { return n == 0 ? 0 : (n - 1) / kGranule; }
    struct Lists {
        Node* head[kClasses] = {};
        size_t count[kClasses] = {};
        ~Lists()
        {
            for (Node*& h : head)
                while (h) {
                    Node* next = h->next;
                    ::operator delete(h);
                    h = next;
                }
        }
    };
    static Lists& lists()
    {
        thread_local Lists l;
        return l;
    }
};

} // namespace loopscope::detail::asyncioimpl
