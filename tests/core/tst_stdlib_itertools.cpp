// itertools against CPython 3.11 (values recorded with python3; the script is above each test).
// Python callables are stood in for by native functions with the same behaviour.
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
    explicit Run(std::string_view name) { mod = importStdlibModule(name, ctx); }
};

using Kw = std::vector<std::pair<std::string, Ref<Object>>>;

Ref<Object> callKw(Object* f, std::vector<Ref<Object>> pos, Kw kw = {})
{
    std::vector<Object*> items;
    for (auto& p : pos) items.push_back(p.get());
    std::vector<Ref<Object>> names;
    for (auto& [n, v] : kw) {
        names.push_back(newStr(n));
        items.push_back(v.get());
    }
    Ref<TupleObject> kwnames = kw.empty() ? Ref<TupleObject>() : newTuple(std::move(names));
    return call(f, CallArgs {items.data(), pos.size(), kwnames.get()});
}

Ref<Object> I(int64_t v)
{
    return newInt(v);
}

Ref<Object> S(const char* s)
{
    return newStr(s);
}

Ref<Object> L(std::vector<Ref<Object>> v)
{
    return newList(std::move(v));
}

/// list(tool(*pos, **kw)) as its repr.
std::string listed(Object* mod, std::string_view tool, std::vector<Ref<Object>> pos, Kw kw = {})
{
    Ref<Object> f = getAttr(mod, tool);
    Ref<Object> iterator = callKw(f.get(), std::move(pos), std::move(kw));
    return reprText(newList(toVector(iterator.get())).get());
}

/// The first n items of an iterator, as a list repr.
std::string firstN(const Ref<Object>& iterator, int n)
{
    std::vector<Ref<Object>> out;
    for (int i = 0; i < n; ++i) out.push_back(iterNext(iterator.get()));
    return reprText(newList(out).get());
}

Ref<Object> lessThan3(Object*, CallArgs args)
{
    return newRef(boolObject(richCompareBool(args[0], newInt(3).get(), CompareOp::Lt)));
}

Ref<Object> maxOf2(Object*, CallArgs args)
{
    return newRef(richCompareBool(args[1], args[0], CompareOp::Gt) ? args[1] : args[0]);
}

Ref<Object> power(Object*, CallArgs args)
{
    return binaryOp(args[0], args[1], BinaryOp::Pow);
}

} // namespace

class TestStdlibItertools : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import itertools as it; print(list(it.islice(it.count(5, 2), 4)), list(it.islice(it.cycle('ab'), 5)),
    //   list(it.repeat('x', 3)), list(it.chain([1,2],'ab')), list(it.chain.from_iterable([[1],[2,3]])));
    //   print(list(it.islice(range(10), 2, 8, 3)), list(it.accumulate([1,2,3,4])), list(it.accumulate([1,2,3], initial=10)),
    //   list(it.accumulate([3,1,4], max))); print(repr(it.count(3)), repr(it.count(1.5, 0.5)), repr(it.repeat('a', 3)))"
    void infiniteAndSlicing()
    {
        Run run("itertools");
        Object* m = run.mod.get();
        Ref<Object> count = getAttr(m, "count");
        QCOMPARE(firstN(call(count.get(), {I(5).get(), I(2).get()}), 4), std::string("[5, 7, 9, 11]"));
        Ref<Object> cycle = getAttr(m, "cycle");
        QCOMPARE(firstN(call(cycle.get(), {S("ab").get()}), 5), std::string("['a', 'b', 'a', 'b', 'a']"));
        QCOMPARE(listed(m, "repeat", {S("x"), I(3)}), std::string("['x', 'x', 'x']"));
        QCOMPARE(listed(m, "chain", {L({I(1), I(2)}), S("ab")}), std::string("[1, 2, 'a', 'b']"));
        Ref<Object> chain = getAttr(m, "chain");
        Ref<Object> fromIterable = getAttr(chain.get(), "from_iterable");
        Ref<Object> nested = L({L({I(1)}), L({I(2), I(3)})});
        QCOMPARE(reprText(newList(toVector(call(fromIterable.get(), {nested.get()}).get())).get()), std::string("[1, 2, 3]"));
        Ref<Object> ten = call(types().range, {I(10).get()});
        QCOMPARE(listed(m, "islice", {ten, I(2), I(8), I(3)}), std::string("[2, 5]"));
        QCOMPARE(listed(m, "accumulate", {L({I(1), I(2), I(3), I(4)})}), std::string("[1, 3, 6, 10]"));
        QCOMPARE(listed(m, "accumulate", {L({I(1), I(2), I(3)})}, {{"initial", I(10)}}), std::string("[10, 11, 13, 16]"));
        Ref<Object> maxFn = newNativeFunction("max", maxOf2);
        QCOMPARE(listed(m, "accumulate", {L({I(3), I(1), I(4)}), maxFn}), std::string("[3, 3, 4]"));
        QCOMPARE(reprText(call(count.get(), {I(3).get()}).get()), std::string("count(3)"));
        QCOMPARE(reprText(call(count.get(), {newFloat(1.5).get(), newFloat(0.5).get()}).get()), std::string("count(1.5, 0.5)"));
        Ref<Object> repeat = getAttr(m, "repeat");
        QCOMPARE(reprText(call(repeat.get(), {S("a").get(), I(3).get()}).get()), std::string("repeat('a', 3)"));
    }

    // python3 -c "import itertools as it; print(list(it.product('ab', [1,2])), list(it.product([0,1], repeat=2)),
    //   list(it.permutations([1,2,3], 2)), list(it.combinations('abcd', 2)), list(it.combinations_with_replacement('ab', 2)))"
    void combinatorics()
    {
        Run run("itertools");
        Object* m = run.mod.get();
        QCOMPARE(listed(m, "product", {S("ab"), L({I(1), I(2)})}), std::string("[('a', 1), ('a', 2), ('b', 1), ('b', 2)]"));
        QCOMPARE(listed(m, "product", {L({I(0), I(1)})}, {{"repeat", I(2)}}), std::string("[(0, 0), (0, 1), (1, 0), (1, 1)]"));
        QCOMPARE(listed(m, "permutations", {L({I(1), I(2), I(3)}), I(2)}),
                 std::string("[(1, 2), (1, 3), (2, 1), (2, 3), (3, 1), (3, 2)]"));
        QCOMPARE(listed(m, "permutations", {L({I(1), I(2), I(3)})}),
                 std::string("[(1, 2, 3), (1, 3, 2), (2, 1, 3), (2, 3, 1), (3, 1, 2), (3, 2, 1)]"));
        QCOMPARE(listed(m, "combinations", {S("abcd"), I(2)}),
                 std::string("[('a', 'b'), ('a', 'c'), ('a', 'd'), ('b', 'c'), ('b', 'd'), ('c', 'd')]"));
        QCOMPARE(listed(m, "combinations_with_replacement", {S("ab"), I(2)}), std::string("[('a', 'a'), ('a', 'b'), ('b', 'b')]"));
        QCOMPARE(listed(m, "combinations", {S("ab"), I(3)}), std::string("[]"));
    }

    // python3 -c "import itertools as it; print(list(it.zip_longest([1,2,3],'ab', fillvalue='-')),
    //   [(k, list(g)) for k, g in it.groupby('aaabbc')], list(it.takewhile(lambda x: x<3, [1,2,3,1])),
    //   list(it.dropwhile(lambda x: x<3, [1,2,3,1])), list(it.starmap(pow, [(2,3),(3,2)])), list(it.pairwise('abcd')));
    //   a,b = it.tee([1,2,3]); print(list(a), list(b)); g = it.groupby([1,1,2,2,2,3]); k1, g1 = next(g); k2, g2 = next(g);
    //   print(k1, list(g1), k2, list(g2))"
    void filtersAndGroups()
    {
        Run run("itertools");
        Object* m = run.mod.get();
        QCOMPARE(listed(m, "zip_longest", {L({I(1), I(2), I(3)}), S("ab")}, {{"fillvalue", S("-")}}),
                 std::string("[(1, 'a'), (2, 'b'), (3, '-')]"));
        Ref<Object> groupby = getAttr(m, "groupby");
        Ref<Object> groups = call(groupby.get(), {S("aaabbc").get()});
        std::string text;
        while (Ref<Object> pair = iterNext(groups.get())) {
            auto kv = tupleItems(pair.get());
            text += reprText(kv[0].get()) + reprText(newList(toVector(kv[1].get())).get());
        }
        QCOMPARE(text, std::string("'a'['a', 'a', 'a']'b'['b', 'b']'c'['c']"));
        Ref<Object> pred = newNativeFunction("pred", lessThan3);
        QCOMPARE(listed(m, "takewhile", {pred, L({I(1), I(2), I(3), I(1)})}), std::string("[1, 2]"));
        QCOMPARE(listed(m, "dropwhile", {pred, L({I(1), I(2), I(3), I(1)})}), std::string("[3, 1]"));
        Ref<Object> pow = newNativeFunction("pow", power);
        Ref<Object> pairs = L({newTuple({I(2).get(), I(3).get()}), newTuple({I(3).get(), I(2).get()})});
        QCOMPARE(listed(m, "starmap", {pow, pairs}), std::string("[8, 9]"));
        QCOMPARE(listed(m, "pairwise", {S("abcd")}), std::string("[('a', 'b'), ('b', 'c'), ('c', 'd')]"));
        Ref<Object> tee = getAttr(m, "tee");
        Ref<Object> copies = call(tee.get(), {L({I(1), I(2), I(3)}).get()});
        auto both = tupleItems(copies.get());
        QCOMPARE(reprText(newList(toVector(both[0].get())).get()), std::string("[1, 2, 3]"));
        QCOMPARE(reprText(newList(toVector(both[1].get())).get()), std::string("[1, 2, 3]"));
        // Advancing groupby abandons the previous group, as in CPython.
        Ref<Object> g = call(groupby.get(), {L({I(1), I(1), I(2), I(2), I(2), I(3)}).get()});
        Ref<Object> first = iterNext(g.get());
        Ref<Object> second = iterNext(g.get());
        QCOMPARE(reprText(newList(toVector(tupleItems(first.get())[1].get())).get()), std::string("[]"));
        QCOMPARE(reprText(tupleItems(second.get())[0].get()), std::string("2"));
        QCOMPARE(reprText(newList(toVector(tupleItems(second.get())[1].get())).get()), std::string("[2, 2, 2]"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibItertools)
#include "tst_stdlib_itertools.moc"
