// functools (partial, reduce, update_wrapper/wraps, lru_cache) and operator, against CPython 3.11
// reprs and results recorded with python3 (the script is above each test).
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
    Ref<Object> functools;
    Ref<Object> op;
    Run()
    {
        functools = importStdlibModule("functools", ctx);
        op = importStdlibModule("operator", ctx);
    }
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

std::string R(const Ref<Object>& o)
{
    return reprText(o.get());
}

int g_calls = 0;

/// A function whose calls are counted, to watch the cache.
Ref<Object> square(Object*, CallArgs args)
{
    ++g_calls;
    return binaryOp(args[0], args[0], BinaryOp::Mul);
}

} // namespace

class TestStdlibFunctools : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import functools as ft, operator as op; p = ft.partial(op.add, 1); print(repr(p), p(2), p.func is op.add,
    //   p.args, p.keywords); q = ft.partial(p, 5); print(repr(q), q())"
    void partial()
    {
        Run run;
        Ref<Object> partialType = getAttr(run.functools.get(), "partial");
        Ref<Object> add = getAttr(run.op.get(), "add");
        Ref<Object> p = call(partialType.get(), {add.get(), I(1).get()});
        QCOMPARE(R(p), std::string("functools.partial(<built-in function add>, 1)"));
        QCOMPARE(R(call(p.get(), {I(2).get()})), std::string("3"));
        QVERIFY(isPartial(p.get()));
        QCOMPARE(partialFunc(p.get()), add.get());
        QCOMPARE(partialFunc(add.get()), static_cast<Object*>(nullptr));
        QVERIFY(getAttr(p.get(), "func").get() == add.get());
        QCOMPARE(R(getAttr(p.get(), "args")), std::string("(1,)"));
        QCOMPARE(R(getAttr(p.get(), "keywords")), std::string("{}"));
        // A partial of a partial is flattened, so one unwrap reaches the function.
        Ref<Object> q = call(partialType.get(), {p.get(), I(5).get()});
        QCOMPARE(R(q), std::string("functools.partial(<built-in function add>, 1, 5)"));
        QCOMPARE(partialFunc(q.get()), add.get());
        QCOMPARE(R(call(q.get())), std::string("6"));
    }

    // python3 -c "import functools as ft, operator as op; m = ft.partial(op.methodcaller, 'split', maxsplit=1);
    //   print(m(',')('a,b,c'))"  -> ['a', 'b,c']: stored keywords reach the call; call keywords override them.
    void partialKeywords()
    {
        Run run;
        Ref<Object> partialType = getAttr(run.functools.get(), "partial");
        Ref<Object> caller = getAttr(run.op.get(), "methodcaller");
        Ref<Object> m = callKw(partialType.get(), {caller, newStr("split")}, {{"maxsplit", I(1)}});
        QCOMPARE(R(m), std::string("functools.partial(<class 'operator.methodcaller'>, 'split', maxsplit=1)"));
        Ref<Object> splitter = call(m.get(), {newStr(",").get()});
        QCOMPARE(R(call(splitter.get(), {newStr("a,b,c").get()})), std::string("['a', 'b,c']"));
        Ref<Object> overridden = callKw(m.get(), {newStr(",")}, {{"maxsplit", I(-1)}});
        QCOMPARE(R(call(overridden.get(), {newStr("a,b,c").get()})), std::string("['a', 'b', 'c']"));
        QCOMPARE(R(overridden), std::string("operator.methodcaller('split', ',', maxsplit=-1)"));
    }

    // python3 -c "import functools as ft, operator as op; print(ft.reduce(op.add, [1,2,3,4]), ft.reduce(op.mul, [], 7))"
    void reduce()
    {
        Run run;
        Ref<Object> reduce = getAttr(run.functools.get(), "reduce");
        Ref<Object> add = getAttr(run.op.get(), "add");
        Ref<Object> mul = getAttr(run.op.get(), "mul");
        Ref<Object> items = newList({I(1), I(2), I(3), I(4)});
        QCOMPARE(R(call(reduce.get(), {add.get(), items.get()})), std::string("10"));
        Ref<Object> empty = newList();
        QCOMPARE(R(call(reduce.get(), {mul.get(), empty.get(), I(7).get()})), std::string("7"));
        try {
            call(reduce.get(), {add.get(), empty.get()});
            QFAIL("no exception");
        } catch (const PyException& e) {
            QCOMPARE(e.exception()->type(), types().TypeError);
            QCOMPARE(strText(e.exception().get()), std::string("reduce() of empty iterable with no initial value"));
        }
    }

    // wraps(f)(wrapper) copies __name__ and sets __wrapped__; a partial stands in for the wrapper (it has a __dict__).
    void wraps()
    {
        Run run;
        Ref<Object> wraps = getAttr(run.functools.get(), "wraps");
        Ref<Object> add = getAttr(run.op.get(), "add");
        Ref<Object> decorator = call(wraps.get(), {add.get()});
        QVERIFY(isPartial(decorator.get()));
        Ref<Object> partialType = getAttr(run.functools.get(), "partial");
        Ref<Object> wrapper = call(partialType.get(), {add.get(), I(1).get()});
        Ref<Object> result = call(decorator.get(), {wrapper.get()});
        QCOMPARE(result.get(), wrapper.get());
        QCOMPARE(strText(getAttr(wrapper.get(), "__name__").get()), std::string("add"));
        QCOMPARE(getAttr(wrapper.get(), "__wrapped__").get(), add.get());
    }

    // python3 -c "import functools as ft; f = ft.lru_cache(maxsize=2)(lambda x: x*x); [f(x) for x in (1,2,1,3,2)];
    //   print(f.cache_info())"  -> CacheInfo(hits=1, misses=4, maxsize=2, currsize=2)
    void lruCache()
    {
        Run run;
        Ref<Object> lru = getAttr(run.functools.get(), "lru_cache");
        Ref<Object> decorator = callKw(lru.get(), {}, {{"maxsize", I(2)}});
        Ref<Object> fn = newNativeFunction("square", square);
        Ref<Object> cached = call(decorator.get(), {fn.get()});
        g_calls = 0;
        for (int x : {1, 2, 1, 3, 2}) QCOMPARE(intValue(call(cached.get(), {I(x).get()}).get()), int64_t(x * x));
        QCOMPARE(g_calls, 4);
        Ref<Object> infoFn = getAttr(cached.get(), "cache_info");
        QCOMPARE(strText(call(infoFn.get()).get()), std::string("CacheInfo(hits=1, misses=4, maxsize=2, currsize=2)"));
        // functools.cache never evicts.
        Ref<Object> cache = getAttr(run.functools.get(), "cache");
        Ref<Object> unbounded = call(cache.get(), {fn.get()});
        g_calls = 0;
        for (int x : {1, 2, 1, 3, 2}) call(unbounded.get(), {I(x).get()});
        QCOMPARE(g_calls, 3);
    }

    // python3 -c "import operator as op; print(repr(op.itemgetter(1)), repr(op.itemgetter(1,'a')), repr(op.attrgetter('x.y')),
    //   repr(op.methodcaller('f', 1, k=2))); print(op.itemgetter(1, 0)('ab'), op.methodcaller('upper')('abc'))"
    void operatorGetters()
    {
        Run run;
        Ref<Object> itemgetter = getAttr(run.op.get(), "itemgetter");
        QCOMPARE(R(call(itemgetter.get(), {I(1).get()})), std::string("operator.itemgetter(1)"));
        QCOMPARE(R(call(itemgetter.get(), {I(1).get(), newStr("a").get()})), std::string("operator.itemgetter(1, 'a')"));
        Ref<Object> attrgetter = getAttr(run.op.get(), "attrgetter");
        QCOMPARE(R(call(attrgetter.get(), {newStr("x.y").get()})), std::string("operator.attrgetter('x.y')"));
        Ref<Object> methodcaller = getAttr(run.op.get(), "methodcaller");
        QCOMPARE(R(callKw(methodcaller.get(), {newStr("f"), I(1)}, {{"k", I(2)}})),
                 std::string("operator.methodcaller('f', 1, k=2)"));
        Ref<Object> both = call(itemgetter.get(), {I(1).get(), I(0).get()});
        QCOMPARE(R(call(both.get(), {newStr("ab").get()})), std::string("('b', 'a')"));
        Ref<Object> upper = call(methodcaller.get(), {newStr("upper").get()});
        QCOMPARE(R(call(upper.get(), {newStr("abc").get()})), std::string("'ABC'"));
        Ref<Object> real = call(attrgetter.get(), {newStr("real").get()});
        QCOMPARE(R(call(real.get(), {I(5).get()})), std::string("5"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibFunctools)
#include "tst_stdlib_functools.moc"
