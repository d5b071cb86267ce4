// The random module draws CPython's exact sequences. Expected values were recorded with python3
// 3.11 (the one-liner above each case), called through the object API as a scenario would.
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/stdlib/modules.h>

#include "runtime/objects.h"

// After the core headers: Qt defines `slots` as a macro, and TypeObject has a member of that name.
#include <QtTest>

using namespace loopscope;

namespace {

/// One run: a heap, its context and the module under test (destroyed before the heap).
struct Run {
    Heap heap;
    Heap::Scope scope {heap};
    ModuleContext ctx;
    Ref<Object> mod;
    explicit Run(std::string_view name) { mod = importStdlibModule(name, ctx); }
};

Ref<Object> callAttr(Object* o, std::string_view name, std::initializer_list<Object*> args = {})
{
    Ref<Object> f = getAttr(o, name);
    return call(f.get(), args);
}

std::string reprOf(const Ref<Object>& o)
{
    return reprText(o.get());
}

/// Runs `fn`, expecting a Python exception of `type` whose str() is `message`.
template <class Fn>
bool raises(Fn fn, TypeObject* type, const std::string& message)
{
    try {
        fn();
    } catch (const PyException& e) {
        if (e.exception()->type() != type) {
            qWarning("raised %s", e.exception()->type()->name().c_str());
            return false;
        }
        const std::string text = strText(e.exception().get());
        if (text != message) qWarning("message: %s", text.c_str());
        return text == message;
    }
    qWarning("nothing raised");
    return false;
}

} // namespace

class TestStdlibRandom : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import random; random.seed(7); print([random.randint(1,10) for _ in range(8)])"
    void potatoesSeed()
    {
        Run run("random");
        Ref<Object> seven = newInt(7);
        callAttr(run.mod.get(), "seed", {seven.get()});
        std::vector<int64_t> got;
        Ref<Object> one = newInt(1);
        Ref<Object> ten = newInt(10);
        for (int i = 0; i < 8; ++i) got.push_back(intValue(callAttr(run.mod.get(), "randint", {one.get(), ten.get()}).get()));
        QCOMPARE(got, (std::vector<int64_t> {6, 3, 7, 1, 2, 9, 2, 6}));
    }

    // python3 -c "import random; random.seed(42); print([repr(random.random()) for _ in range(3)]);
    //   print(random.randrange(0,100,7), random.choice(['a','b','c','d'])); l=list(range(10)); random.shuffle(l); print(l)
    //   print(random.sample(range(100),5), random.choices(['a','b','c'],k=5), random.choices(['a','b','c'],[1,2,3],k=5),
    //   random.choices(['a','b','c'],cum_weights=[1,1,10],k=4)); print(repr(random.uniform(1,5)), random.getrandbits(100),
    //   repr(random.gauss()), random.sample(['x','y','z'], 2, counts=[3,1,2]), repr(random.expovariate(2.0)),
    //   repr(random.normalvariate(0, 1)), repr(random.triangular()))"
    void seededStream()
    {
        Run run("random");
        Object* m = run.mod.get();
        Ref<Object> seed = newInt(42);
        callAttr(m, "seed", {seed.get()});
        QCOMPARE(reprOf(callAttr(m, "random")), std::string("0.6394267984578837"));
        QCOMPARE(reprOf(callAttr(m, "random")), std::string("0.025010755222666936"));
        QCOMPARE(reprOf(callAttr(m, "random")), std::string("0.27502931836911926"));
        Ref<Object> zero = newInt(0);
        Ref<Object> hundred = newInt(100);
        Ref<Object> seven = newInt(7);
        QCOMPARE(reprOf(callAttr(m, "randrange", {zero.get(), hundred.get(), seven.get()})), std::string("21"));
        Ref<Object> letters = newList({newStr("a"), newStr("b"), newStr("c"), newStr("d")});
        QCOMPARE(reprOf(callAttr(m, "choice", {letters.get()})), std::string("'b'"));
        std::vector<Ref<Object>> digits;
        for (int i = 0; i < 10; ++i) digits.push_back(newInt(i));
        Ref<Object> list = newList(digits);
        callAttr(m, "shuffle", {list.get()});
        QCOMPARE(reprOf(list), std::string("[7, 2, 5, 6, 0, 3, 4, 9, 8, 1]"));
        Ref<Object> range100 = call(types().range, {hundred.get()});
        Ref<Object> five = newInt(5);
        QCOMPARE(reprOf(callAttr(m, "sample", {range100.get(), five.get()})), std::string("[29, 64, 77, 3, 71]"));

        Ref<Object> abc = newList({newStr("a"), newStr("b"), newStr("c")});
        Ref<Object> choicesFn = getAttr(m, "choices");
        Ref<TupleObject> kOnly = newTuple({newStr("k").get()});
        Object* a1[] = {abc.get(), five.get()};
        QCOMPARE(reprOf(call(choicesFn.get(), CallArgs {a1, 1, kOnly.get()})), std::string("['a', 'b', 'b', 'a', 'b']"));
        Ref<Object> weights = newList({newInt(1), newInt(2), newInt(3)});
        Object* a2[] = {abc.get(), weights.get(), five.get()};
        QCOMPARE(reprOf(call(choicesFn.get(), CallArgs {a2, 2, kOnly.get()})), std::string("['c', 'a', 'c', 'c', 'b']"));
        Ref<Object> cum = newList({newInt(1), newInt(1), newInt(10)});
        Ref<Object> four = newInt(4);
        Ref<TupleObject> cumK = newTuple({newStr("cum_weights").get(), newStr("k").get()});
        Object* a3[] = {abc.get(), cum.get(), four.get()};
        QCOMPARE(reprOf(call(choicesFn.get(), CallArgs {a3, 1, cumK.get()})), std::string("['c', 'c', 'c', 'a']"));

        Ref<Object> one = newInt(1);
        QCOMPARE(reprOf(callAttr(m, "uniform", {one.get(), five.get()})), std::string("1.386865507333856"));
        Ref<Object> bits = newInt(100);
        QCOMPARE(reprOf(callAttr(m, "getrandbits", {bits.get()})), std::string("364744754089824788739823854611"));
        QCOMPARE(reprOf(callAttr(m, "gauss")), std::string("0.5682506875853858"));
        Ref<Object> xyz = newList({newStr("x"), newStr("y"), newStr("z")});
        Ref<Object> counts = newList({newInt(3), newInt(1), newInt(2)});
        Ref<Object> two = newInt(2);
        Ref<TupleObject> countsKw = newTuple({newStr("counts").get()});
        Object* a4[] = {xyz.get(), two.get(), counts.get()};
        Ref<Object> sampleFn = getAttr(m, "sample");
        QCOMPARE(reprOf(call(sampleFn.get(), CallArgs {a4, 2, countsKw.get()})), std::string("['z', 'x']"));
        Ref<Object> lambd = newFloat(2.0);
        QCOMPARE(reprOf(callAttr(m, "expovariate", {lambd.get()})), std::string("1.8081075928450097"));
        QCOMPARE(reprOf(callAttr(m, "normalvariate", {zero.get(), one.get()})), std::string("-0.4651708693628556"));
        QCOMPARE(reprOf(callAttr(m, "triangular")), std::string("0.707942355221606"));
    }

    // python3 -c "import random; random.seed('hello'); print(repr(random.random()))" and likewise for each seed
    void seedKinds_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("str") << "str" << "0.3537754404730722";
        QTest::newRow("big int") << "big" << "0.46679953776226335";
        QTest::newRow("negative int") << "negative" << "0.6229016948897019";
        QTest::newRow("float") << "float" << "0.551763726942059";
        QTest::newRow("None is the default seed 0") << "none" << "0.8444218515250481";
    }
    void seedKinds()
    {
        QFETCH(QString, kind);
        QFETCH(QString, expected);
        Run run("random");
        Ref<Object> seed;
        if (kind == "str") seed = newStr("hello");
        else if (kind == "big") seed = newIntFromString("1180591620717411303429"); // 2**70 + 5
        else if (kind == "negative") seed = newInt(-5);
        else if (kind == "float") seed = newFloat(1.5);
        else seed = newRef(None());
        callAttr(run.mod.get(), "seed", {seed.get()});
        QCOMPARE(QString::fromStdString(reprOf(callAttr(run.mod.get(), "random"))), expected);
    }

    // A fresh module behaves as seed(0): python3 -c "import random; random.seed(0); print(repr(random.random()))"
    void unseededIsDeterministic()
    {
        Run first("random");
        QCOMPARE(reprOf(callAttr(first.mod.get(), "random")), std::string("0.8444218515250481"));
        Run second("random");
        QCOMPARE(reprOf(callAttr(second.mod.get(), "random")), std::string("0.8444218515250481"));
    }

    // Two runs share no generator: seeding one does not move the other.
    void runsAreIndependent()
    {
        Run a("random");
        Ref<Object> seven = newInt(7);
        callAttr(a.mod.get(), "seed", {seven.get()});
        {
            Heap::Scope inner(a.heap);
            ModuleContext otherCtx;
            Ref<Object> other = makeRandomModule(otherCtx);
            QCOMPARE(reprOf(callAttr(other.get(), "random")), std::string("0.8444218515250481"));
        }
        Ref<Object> one = newInt(1);
        Ref<Object> ten = newInt(10);
        QCOMPARE(intValue(callAttr(a.mod.get(), "randint", {one.get(), ten.get()}).get()), int64_t(6));
    }

    // Sequences other than lists go through the item protocol:
    // python3 -c "import random, collections as c; random.seed(11); d=c.deque(range(6)); random.shuffle(d);
    //   print(d, random.choice('hello'), random.choice((4,5,6)))"
    void otherSequences()
    {
        Run run("random");
        ModuleContext ctx;
        Ref<Object> collections = importStdlibModule("collections", ctx);
        Ref<Object> dequeCls = getAttr(collections.get(), "deque");
        Ref<Object> eleven = newInt(11);
        callAttr(run.mod.get(), "seed", {eleven.get()});
        Ref<Object> six = newInt(6);
        Ref<Object> range6 = call(types().range, {six.get()});
        Ref<Object> d = call(dequeCls.get(), {range6.get()});
        callAttr(run.mod.get(), "shuffle", {d.get()});
        QCOMPARE(reprOf(d), std::string("deque([2, 0, 1, 5, 4, 3])"));
        Ref<Object> hello = newStr("hello");
        QCOMPARE(reprOf(callAttr(run.mod.get(), "choice", {hello.get()})), std::string("'e'"));
        Ref<Object> tuple = newTuple({newInt(4).get(), newInt(5).get(), six.get()});
        QCOMPARE(reprOf(callAttr(run.mod.get(), "choice", {tuple.get()})), std::string("6"));
    }

    // python3 -c "import random; r=random.Random(3); print(r.randint(1,1000), r.randrange(10**30));
    //   print(random.Random(5).sample(range(1000), 30))"
    void randomInstances()
    {
        Run run("random");
        Ref<Object> cls = getAttr(run.mod.get(), "Random");
        Ref<Object> three = newInt(3);
        Ref<Object> r = call(cls.get(), {three.get()});
        Ref<Object> one = newInt(1);
        Ref<Object> thousand = newInt(1000);
        QCOMPARE(reprOf(callAttr(r.get(), "randint", {one.get(), thousand.get()})), std::string("244"));
        Ref<Object> big = newIntFromString("1000000000000000000000000000000");
        QCOMPARE(reprOf(callAttr(r.get(), "randrange", {big.get()})), std::string("406473971012797112622350028946"));
        Ref<Object> five = newInt(5);
        Ref<Object> r5 = call(cls.get(), {five.get()});
        Ref<Object> population = call(types().range, {thousand.get()});
        Ref<Object> thirty = newInt(30);
        QCOMPARE(reprOf(callAttr(r5.get(), "sample", {population.get(), thirty.get()})),
                 std::string("[637, 261, 759, 367, 814, 707, 965, 861, 757, 667, 944, 542, 29, 860, 476, 794, 255, 664, "
                             "53, 922, 160, 115, 380, 480, 889, 252, 389, 556, 104, 587]"));
        // getstate/setstate replays the stream.
        Ref<Object> state = callAttr(r5.get(), "getstate");
        Ref<Object> x = callAttr(r5.get(), "random");
        callAttr(r5.get(), "setstate", {state.get()});
        QCOMPARE(reprOf(callAttr(r5.get(), "random")), reprOf(x));
    }

    // python3 -c "import random; random.randrange(10,0)" etc.: CPython's exception types and messages.
    void errors()
    {
        Run run("random");
        Object* m = run.mod.get();
        const auto& t = types();
        Ref<Object> zero = newInt(0);
        Ref<Object> one = newInt(1);
        Ref<Object> ten = newInt(10);
        Ref<Object> three = newInt(3);
        QVERIFY(raises([&] { callAttr(m, "randrange", {ten.get(), zero.get()}); }, t.ValueError,
                       "empty range for randrange() (10, 0, -10)"));
        Ref<Object> empty = newList();
        QVERIFY(raises([&] { callAttr(m, "choice", {empty.get()}); }, t.IndexError, "Cannot choose from an empty sequence"));
        Ref<Object> pair = newList({newInt(1), newInt(2)});
        QVERIFY(raises([&] { callAttr(m, "sample", {pair.get(), three.get()}); }, t.ValueError,
                       "Sample larger than population or is negative"));
        QVERIFY(raises([&] { callAttr(m, "randrange", {zero.get()}); }, t.ValueError, "empty range for randrange()"));
        Ref<Object> half = newFloat(1.5);
        QVERIFY(raises([&] { callAttr(m, "randrange", {half.get()}); }, t.ValueError, "non-integer arg 1 for randrange()"));
        QVERIFY(raises([&] { callAttr(m, "randint", {one.get(), zero.get()}); }, t.ValueError,
                       "empty range for randrange() (1, 1, 0)"));
        QVERIFY(raises([&] { callAttr(m, "randrange", {zero.get(), ten.get(), zero.get()}); }, t.ValueError,
                       "zero step for randrange()"));
        Ref<Object> minusOne = newInt(-1);
        QVERIFY(raises([&] { callAttr(m, "getrandbits", {minusOne.get()}); }, t.ValueError,
                       "number of bits must be non-negative"));
        QVERIFY(raises([&] { callAttr(m, "seed", {pair.get()}); }, t.TypeError,
                       "The only supported seed types are: None,\nint, float, str, bytes, and bytearray."));
        Ref<Object> set = newSet({newInt(1), newInt(2)});
        QVERIFY(raises([&] { callAttr(m, "sample", {set.get(), one.get()}); }, t.TypeError,
                       "Population must be a sequence.  For dicts or sets, use sorted(d)."));
        Ref<Object> w = newList({newInt(1)});
        QVERIFY(raises([&] { callAttr(m, "choices", {pair.get(), w.get()}); }, t.ValueError,
                       "The number of weights does not match the population"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibRandom)
#include "tst_stdlib_random.moc"
