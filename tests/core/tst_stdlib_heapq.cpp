// heapq leaves lists in CPython's exact layout (recorded with python3; the script is above each test).
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/stdlib/modules.h>

#include "runtime/objects.h"

// After the core headers: Qt defines `slots` as a macro, and TypeObject has a member of that name.
#include <QtTest>

using namespace loopscope;

namespace {

struct Run {
    Heap heap;
    Heap::Scope scope {heap};
    ModuleContext ctx;
    Ref<Object> mod;
    Run() { mod = importStdlibModule("heapq", ctx); }
    Ref<Object> fn(std::string_view name) { return getAttr(mod.get(), name); }
};

Ref<Object> I(int64_t v)
{
    return newInt(v);
}

Ref<Object> ints(std::initializer_list<int64_t> values)
{
    std::vector<Ref<Object>> items;
    for (int64_t v : values) items.push_back(newInt(v));
    return newList(std::move(items));
}

std::string R(const Ref<Object>& o)
{
    return reprText(o.get());
}

Ref<Object> lenOf(Object*, CallArgs args)
{
    return newInt(length(args[0]));
}

} // namespace

class TestStdlibHeapq : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import heapq as hq; h=[]; [hq.heappush(h, x) for x in [5,3,8,1,9,2,7]]; print(h); print(hq.heappop(h), h);
    //   hq.heapify(l:=[9,8,7,6,5,4,3,2,1]); print(l); print(hq.heapreplace(l, 10), l, hq.heappushpop(l, 0), l)"
    void layout()
    {
        Run run;
        Ref<Object> h = newList();
        Ref<Object> push = run.fn("heappush");
        for (int64_t x : {5, 3, 8, 1, 9, 2, 7}) call(push.get(), {h.get(), I(x).get()});
        QCOMPARE(R(h), std::string("[1, 3, 2, 5, 9, 8, 7]"));
        Ref<Object> pop = run.fn("heappop");
        QCOMPARE(R(call(pop.get(), {h.get()})), std::string("1"));
        QCOMPARE(R(h), std::string("[2, 3, 7, 5, 9, 8]"));
        Ref<Object> l = ints({9, 8, 7, 6, 5, 4, 3, 2, 1});
        Ref<Object> heapify = run.fn("heapify");
        call(heapify.get(), {l.get()});
        QCOMPARE(R(l), std::string("[1, 2, 3, 6, 5, 4, 7, 8, 9]"));
        Ref<Object> replace = run.fn("heapreplace");
        QCOMPARE(R(call(replace.get(), {l.get(), I(10).get()})), std::string("1"));
        QCOMPARE(R(l), std::string("[2, 5, 3, 6, 10, 4, 7, 8, 9]"));
        Ref<Object> pushpop = run.fn("heappushpop");
        QCOMPARE(R(call(pushpop.get(), {l.get(), I(0).get()})), std::string("0"));
        QCOMPARE(R(l), std::string("[2, 5, 3, 6, 10, 4, 7, 8, 9]"));
    }

    // Ties are not broken by insertion order, exactly as in CPython:
    // python3 -c "import heapq as hq; h=[(1,'b'),(1,'a'),(0,'z')]; hq.heapify(h); print(h)"
    void tuplesCompareWithLessThan()
    {
        Run run;
        auto pair = [](int64_t n, const char* s) { return Ref<Object>(newTuple({newInt(n).get(), newStr(s).get()})); };
        Ref<Object> h = newList({pair(1, "b"), pair(1, "a"), pair(0, "z")});
        Ref<Object> heapify = run.fn("heapify");
        call(heapify.get(), {h.get()});
        QCOMPARE(R(h), std::string("[(0, 'z'), (1, 'a'), (1, 'b')]"));
    }

    // python3 -c "import heapq as hq; print(hq.nlargest(3, [5,1,8,3,9,2]), hq.nsmallest(2, [5,1,8,3,9,2]),
    //   hq.nsmallest(2, ['bb','a','ccc'], key=len), list(hq.merge([1,4,7],[2,5,8],[3,6])), list(hq.merge([7,4,1],[8,5],reverse=True)))"
    void selectionAndMerge()
    {
        Run run;
        Ref<Object> data = ints({5, 1, 8, 3, 9, 2});
        Ref<Object> nlargest = run.fn("nlargest");
        QCOMPARE(R(call(nlargest.get(), {I(3).get(), data.get()})), std::string("[9, 8, 5]"));
        Ref<Object> nsmallest = run.fn("nsmallest");
        QCOMPARE(R(call(nsmallest.get(), {I(2).get(), data.get()})), std::string("[1, 2]"));
        Ref<Object> words = newList({newStr("bb"), newStr("a"), newStr("ccc")});
        Ref<Object> len = newNativeFunction("len", lenOf);
        Ref<TupleObject> keyName = newTuple({newStr("key").get()});
        Ref<Object> two = I(2);
        Object* args[] = {two.get(), words.get(), len.get()};
        QCOMPARE(R(call(nsmallest.get(), CallArgs {args, 2, keyName.get()})), std::string("['a', 'bb']"));
        Ref<Object> merge = run.fn("merge");
        Ref<Object> a = ints({1, 4, 7});
        Ref<Object> b = ints({2, 5, 8});
        Ref<Object> c = ints({3, 6});
        QCOMPARE(R(newList(toVector(call(merge.get(), {a.get(), b.get(), c.get()}).get()))),
                 std::string("[1, 2, 3, 4, 5, 6, 7, 8]"));
        Ref<Object> d = ints({7, 4, 1});
        Ref<Object> e = ints({8, 5});
        Ref<TupleObject> reverseName = newTuple({newStr("reverse").get()});
        Object* margs[] = {d.get(), e.get(), True()};
        QCOMPARE(R(newList(toVector(call(merge.get(), CallArgs {margs, 2, reverseName.get()}).get()))),
                 std::string("[8, 7, 5, 4, 1]"));
    }

    // python3 -c "import heapq; heapq.heappop([])" -> IndexError: index out of range
    void errors()
    {
        Run run;
        Ref<Object> pop = run.fn("heappop");
        Ref<Object> empty = newList();
        try {
            call(pop.get(), {empty.get()});
            QFAIL("no exception");
        } catch (const PyException& e) {
            QCOMPARE(e.exception()->type(), types().IndexError);
            QCOMPARE(strText(e.exception().get()), std::string("index out of range"));
        }
        Ref<Object> push = run.fn("heappush");
        Ref<Object> tuple = newTuple({I(1).get()});
        try {
            call(push.get(), {tuple.get(), I(1).get()});
            QFAIL("no exception");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("heappush() argument 1 must be list, not tuple"));
        }
    }
};

QTEST_GUILESS_MAIN(TestStdlibHeapq)
#include "tst_stdlib_heapq.moc"
