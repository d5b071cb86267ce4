// TimerHeap against orders recorded from CPython's heapq (python3 3.11, objects whose __lt__
// compares `when` only, like TimerHandle), including ties and heapify.
// typeobject.h has a member named `slots`: keep Qt's keyword macros out.
#define QT_NO_KEYWORDS
#include <QtTest>

#include <loopscope/asyncio/timerheap.h>

#include <vector>

using namespace loopscope;

namespace {

struct Item {
    double when = 0;
    int id = -1;
};
struct WhenLess {
    bool operator()(const Item& a, const Item& b) const { return a.when < b.when; }
};
using Heap = TimerHeap<Item, WhenLess>;

std::vector<int> ids(const Heap& h)
{
    std::vector<int> out;
    for (const Item& it : h) out.push_back(it.id);
    return out;
}

Heap pushAll(const std::vector<double>& whens)
{
    Heap h;
    for (size_t i = 0; i < whens.size(); ++i) h.push({whens[i], int(i)});
    return h;
}

std::vector<int> popAll(Heap& h)
{
    std::vector<int> out;
    while (!h.empty()) out.push_back(h.pop().id);
    return out;
}

} // namespace

class TestTimerHeap : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Facts from heapq: whens [3,1,2,1,3,2,1] pushed in order (the sleep_ties scenario).
    void pushLayoutWithTies()
    {
        Heap h = pushAll({3, 1, 2, 1, 3, 2, 1});
        QCOMPARE(ids(h), (std::vector<int> {1, 3, 6, 0, 4, 5, 2}));
        QCOMPARE(popAll(h), (std::vector<int> {1, 6, 3, 5, 2, 0, 4}));
    }
    // Ties are not broken by insertion order: nine equal deadlines pop as heapq pops them.
    void equalDeadlinesPopInHeapqOrder()
    {
        Heap h = pushAll(std::vector<double>(9, 5.0));
        QCOMPARE(ids(h), (std::vector<int> {0, 1, 2, 3, 4, 5, 6, 7, 8}));
        QCOMPARE(popAll(h), (std::vector<int> {0, 2, 6, 8, 5, 7, 4, 1, 3}));
    }
    void heapifyMatchesHeapq()
    {
        std::vector<double> whens {9, 4, 7, 1, 8, 2, 2, 6, 3, 5, 1, 0, 4};
        Heap h;
        for (size_t i = 0; i < whens.size(); ++i) h.rawItems().push_back({whens[i], int(i)});
        h.heapify();
        QCOMPARE(ids(h), (std::vector<int> {11, 10, 6, 3, 1, 5, 0, 7, 8, 9, 4, 2, 12}));
        QCOMPARE(popAll(h), (std::vector<int> {11, 10, 3, 6, 5, 8, 1, 12, 9, 7, 2, 4, 0}));
    }
    void pushReturnsSettledIndex()
    {
        Heap h = pushAll({5, 6, 7});
        QCOMPARE(h.push({1, 9}), size_t(0));
        QCOMPARE(h.push({8, 10}), size_t(4));
    }
    // Replaying lifted/moved/placed on a copy must give the real array after every operation.
    void movesReplayToTheSameLayout()
    {
        struct Sink : HeapMoveSink {
            std::vector<int> shadow;
            int held = -1;
            int incoming = -1; // id of the element a push appends
            size_t size = 0;
            void lifted(size_t index) override
            {
                if (index >= shadow.size()) shadow.resize(index + 1, -1);
                held = incoming >= 0 ? incoming : shadow[index];
                incoming = -1;
            }
            void moved(size_t from, size_t to) override { shadow[to] = shadow[from]; }
            void placed(size_t index) override { shadow[index] = held; }
        } sink;
        Heap h;
        h.setMoveSink(&sink);
        const std::vector<double> whens {3, 1, 2, 1, 3, 2, 1, 0.5, 7, 0.25, 2};
        for (size_t i = 0; i < whens.size(); ++i) {
            sink.incoming = int(i);
            h.push({whens[i], int(i)});
            QCOMPARE(sink.shadow, ids(h));
        }
        while (!h.empty()) {
            h.pop();
            sink.shadow.resize(h.size());
            QCOMPARE(sink.shadow, ids(h));
        }
        for (size_t i = 0; i < whens.size(); ++i) h.rawItems().push_back({whens[i], int(i)});
        sink.shadow = ids(h);
        h.heapify();
        QCOMPARE(sink.shadow, ids(h));
    }
};

QTEST_GUILESS_MAIN(TestTimerHeap)
#include "tst_timerheap.moc"
