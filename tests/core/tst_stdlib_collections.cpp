// collections: deque, namedtuple, defaultdict, Counter, OrderedDict against CPython 3.11 reprs
// (recorded with python3; the script is above each test).
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

Ref<Object> method(Object* o, std::string_view name, std::vector<Ref<Object>> pos = {}, Kw kw = {})
{
    Ref<Object> f = getAttr(o, name);
    return callKw(f.get(), std::move(pos), std::move(kw));
}

Ref<Object> I(int64_t v)
{
    return newInt(v);
}

Ref<Object> S(const char* s)
{
    return newStr(s);
}

std::string R(const Ref<Object>& o)
{
    return reprText(o.get());
}

std::string raised(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const PyException& e) {
        return e.exception()->type()->name() + ": " + strText(e.exception().get());
    }
    return "nothing raised";
}

} // namespace

class TestStdlibCollections : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import collections as c; d=c.deque([1,2,3], maxlen=4); d.append(4); d.append(5); d.appendleft(0);
    //   print(repr(d)); d.rotate(2); print(repr(d), d[0], d[-1], len(d), 3 in d, list(reversed(d)));
    //   d.extendleft([7,8]); print(repr(d)); print(d.pop(), d.popleft(), repr(d)); print(repr(c.deque()), repr(c.deque([], maxlen=3)))"
    void deque()
    {
        Run run("collections");
        Ref<Object> cls = getAttr(run.mod.get(), "deque");
        Ref<Object> d = callKw(cls.get(), {newList({I(1), I(2), I(3)})}, {{"maxlen", I(4)}});
        method(d.get(), "append", {I(4)});
        method(d.get(), "append", {I(5)});
        method(d.get(), "appendleft", {I(0)});
        QCOMPARE(R(d), std::string("deque([0, 2, 3, 4], maxlen=4)"));
        method(d.get(), "rotate", {I(2)});
        QCOMPARE(R(d), std::string("deque([3, 4, 0, 2], maxlen=4)"));
        QCOMPARE(R(getItem(d.get(), I(0).get())), std::string("3"));
        QCOMPARE(R(getItem(d.get(), I(-1).get())), std::string("2"));
        QCOMPARE(length(d.get()), int64_t(4));
        QVERIFY(contains(d.get(), I(3).get()));
        QVERIFY(!contains(d.get(), I(9).get()));
        Ref<Object> rev = method(d.get(), "__reversed__");
        QCOMPARE(R(newList(toVector(rev.get()))), std::string("[2, 0, 4, 3]"));
        method(d.get(), "extendleft", {newList({I(7), I(8)})});
        QCOMPARE(R(d), std::string("deque([8, 7, 3, 4], maxlen=4)"));
        QCOMPARE(R(method(d.get(), "pop")), std::string("4"));
        QCOMPARE(R(method(d.get(), "popleft")), std::string("8"));
        QCOMPARE(R(d), std::string("deque([7, 3], maxlen=4)"));
        QCOMPARE(R(newList(toVector(d.get()))), std::string("[7, 3]"));
        QCOMPARE(R(call(cls.get())), std::string("deque([])"));
        QCOMPARE(R(callKw(cls.get(), {newList()}, {{"maxlen", I(3)}})), std::string("deque([], maxlen=3)"));
    }

    // `class Tagged(deque)` gets deque's layout plus a __dict__: attributes and deque methods both work.
    void dequeSubclass()
    {
        Run run("collections");
        Ref<Object> base = getAttr(run.mod.get(), "deque");
        Ref<TypeObject> sub = newClass("Tagged", {Ref<TypeObject>(static_cast<TypeObject*>(base.get()))}, newDict(),
                                       "Tagged", "__main__");
        Ref<Object> d = callKw(sub.get(), {newList({I(1)})}, {{"maxlen", I(2)}});
        setAttr(d.get(), "tag", S("x").get());
        method(d.get(), "append", {I(2)});
        method(d.get(), "append", {I(3)});
        QCOMPARE(R(d), std::string("Tagged([2, 3], maxlen=2)"));
        QCOMPARE(R(getAttr(d.get(), "tag")), std::string("'x'"));
        QVERIFY(isInstance(d.get(), static_cast<TypeObject*>(base.get())));
    }

    // python3 -c "import collections as c; d=c.deque([1,2,3]); d.remove(9)" and the other failures.
    void dequeErrors()
    {
        Run run("collections");
        Ref<Object> cls = getAttr(run.mod.get(), "deque");
        Ref<Object> d = call(cls.get(), {newList({I(1), I(2), I(3)}).get()});
        QCOMPARE(raised([&] { method(d.get(), "remove", {I(9)}); }), std::string("ValueError: 9 is not in deque"));
        QCOMPARE(raised([&] { callKw(cls.get(), {}, {{"maxlen", I(-1)}}); }),
                 std::string("ValueError: maxlen must be non-negative"));
        QCOMPARE(raised([&] { method(call(cls.get()).get(), "pop"); }), std::string("IndexError: pop from an empty deque"));
        QCOMPARE(raised([&] { getItem(d.get(), I(5).get()); }), std::string("IndexError: deque index out of range"));
        QCOMPARE(raised([&] { hash(d.get()); }), std::string("TypeError: unhashable type: 'collections.deque'"));
        // Mutating while iterating is refused, as in CPython.
        Ref<Object> it = getIter(d.get());
        iterNext(it.get());
        method(d.get(), "append", {I(4)});
        QCOMPARE(raised([&] { iterNext(it.get()); }), std::string("RuntimeError: deque mutated during iteration"));
    }

    // python3 -c "import collections as c; P=c.namedtuple('Point', 'x, y', defaults=[0]); p=P(1, y=2);
    //   print(repr(p), p.x, p[1], p._asdict(), repr(p._replace(x=5)), P._fields, P._make([3,4]), P(7), p == (1,2), isinstance(p, tuple))"
    void namedtuple()
    {
        Run run("collections");
        Ref<Object> factory = getAttr(run.mod.get(), "namedtuple");
        Ref<Object> P = callKw(factory.get(), {S("Point"), S("x, y")}, {{"defaults", newList({I(0)})}});
        Ref<Object> p = callKw(P.get(), {I(1)}, {{"y", I(2)}});
        QCOMPARE(R(p), std::string("Point(x=1, y=2)"));
        QCOMPARE(R(getAttr(p.get(), "x")), std::string("1"));
        QCOMPARE(R(getItem(p.get(), I(1).get())), std::string("2"));
        QCOMPARE(R(method(p.get(), "_asdict")), std::string("{'x': 1, 'y': 2}"));
        QCOMPARE(R(method(p.get(), "_replace", {}, {{"x", I(5)}})), std::string("Point(x=5, y=2)"));
        QCOMPARE(R(getAttr(P.get(), "_fields")), std::string("('x', 'y')"));
        QCOMPARE(R(method(P.get(), "_make", {newList({I(3), I(4)})})), std::string("Point(x=3, y=4)"));
        QCOMPARE(R(call(P.get(), {I(7).get()})), std::string("Point(x=7, y=0)"));
        Ref<Object> plain = newTuple({I(1).get(), I(2).get()});
        QVERIFY(equals(p.get(), plain.get()));
        QVERIFY(isTuple(p.get()));
        QCOMPARE(length(p.get()), int64_t(2));
        auto unpacked = toVector(p.get());
        QCOMPARE(R(unpacked[0]), std::string("1"));
    }

    // python3 -c "import collections as c; c.namedtuple('P','x _y')" ... (each failure printed as Type message)
    void namedtupleErrors()
    {
        Run run("collections");
        Ref<Object> factory = getAttr(run.mod.get(), "namedtuple");
        auto make = [&](const char* fields) { return call(factory.get(), {S("P").get(), S(fields).get()}); };
        QCOMPARE(raised([&] { make("x _y"); }), std::string("ValueError: Field names cannot start with an underscore: '_y'"));
        QCOMPARE(raised([&] { make("x x"); }), std::string("ValueError: Encountered duplicate field name: 'x'"));
        QCOMPARE(raised([&] { make("x class"); }),
                 std::string("ValueError: Type names and field names cannot be a keyword: 'class'"));
        QCOMPARE(raised([&] { make("x 1y"); }),
                 std::string("ValueError: Type names and field names must be valid identifiers: '1y'"));
        Ref<Object> P = make("x y");
        QCOMPARE(raised([&] { call(P.get(), {I(1).get()}); }),
                 std::string("TypeError: P.__new__() missing 1 required positional argument: 'y'"));
        QCOMPARE(raised([&] { call(P.get(), {I(1).get(), I(2).get(), I(3).get()}); }),
                 std::string("TypeError: P.__new__() takes 3 positional arguments but 4 were given"));
        QCOMPARE(raised([&] { callKw(P.get(), {I(1)}, {{"z", I(2)}}); }),
                 std::string("TypeError: P.__new__() got an unexpected keyword argument 'z'"));
        QCOMPARE(raised([&] { callKw(P.get(), {I(1)}, {{"x", I(2)}}); }),
                 std::string("TypeError: P.__new__() got multiple values for argument 'x'"));
        Ref<Object> P3 = make("x y z");
        QCOMPARE(raised([&] { call(P3.get()); }),
                 std::string("TypeError: P.__new__() missing 3 required positional arguments: 'x', 'y', and 'z'"));
        Ref<Object> p = call(P.get(), {I(1).get(), I(2).get()});
        QCOMPARE(raised([&] { method(p.get(), "_replace", {}, {{"z", I(1)}}); }),
                 std::string("ValueError: Got unexpected field names: ['z']"));
    }

    // python3 -c "import collections as c; dd=c.defaultdict(list); dd['a'].append(1); dd['b']; print(repr(dd), 'a' in dd, len(dd))"
    void defaultdict()
    {
        Run run("collections");
        Ref<Object> cls = getAttr(run.mod.get(), "defaultdict");
        Ref<Object> dd = call(cls.get(), {types().list});
        Ref<Object> a = getItem(dd.get(), S("a").get());
        method(a.get(), "append", {I(1)});
        getItem(dd.get(), S("b").get());
        QCOMPARE(R(dd), std::string("defaultdict(<class 'list'>, {'a': [1], 'b': []})"));
        QVERIFY(isDict(dd.get()));
        QCOMPARE(length(dd.get()), int64_t(2));
        QCOMPARE(raised([&] { call(cls.get(), {I(1).get()}); }),
                 std::string("TypeError: first argument must be callable or None"));
        Ref<Object> noFactory = call(cls.get());
        QCOMPARE(raised([&] { getItem(noFactory.get(), I(1).get()); }), std::string("KeyError: 1"));
    }

    // python3 -c "import collections as c; cnt=c.Counter('abracadabra'); print(repr(cnt), cnt.most_common(2), cnt['z'],
    //   sorted(cnt.elements())[:6], cnt.total()); cnt.update('zzz'); print(repr(cnt)); cnt.subtract({'a': 10}); print(repr(cnt));
    //   print(repr(c.Counter('aab') + c.Counter('bcc')), repr(c.Counter('aab') - c.Counter('abb')))"
    void counter()
    {
        Run run("collections");
        Ref<Object> cls = getAttr(run.mod.get(), "Counter");
        Ref<Object> cnt = call(cls.get(), {S("abracadabra").get()});
        QCOMPARE(R(cnt), std::string("Counter({'a': 5, 'b': 2, 'r': 2, 'c': 1, 'd': 1})"));
        QCOMPARE(R(method(cnt.get(), "most_common", {I(2)})), std::string("[('a', 5), ('b', 2)]"));
        QCOMPARE(R(getItem(cnt.get(), S("z").get())), std::string("0"));
        QCOMPARE(length(cnt.get()), int64_t(5)); // a missing key is not inserted
        QCOMPARE(R(newList(toVector(method(cnt.get(), "elements").get()))),
                 std::string("['a', 'a', 'a', 'a', 'a', 'b', 'b', 'r', 'r', 'c', 'd']"));
        QCOMPARE(R(method(cnt.get(), "total")), std::string("11"));
        method(cnt.get(), "update", {S("zzz")});
        QCOMPARE(R(cnt), std::string("Counter({'a': 5, 'z': 3, 'b': 2, 'r': 2, 'c': 1, 'd': 1})"));
        Ref<DictObject> tenA = newDict();
        dictSet(tenA.get(), "a", I(10).get());
        method(cnt.get(), "subtract", {Ref<Object>(tenA)});
        QCOMPARE(R(cnt), std::string("Counter({'z': 3, 'b': 2, 'r': 2, 'c': 1, 'd': 1, 'a': -5})"));
        Ref<Object> sum = binaryOp(call(cls.get(), {S("aab").get()}).get(), call(cls.get(), {S("bcc").get()}).get(),
                                   BinaryOp::Add);
        QCOMPARE(R(sum), std::string("Counter({'a': 2, 'b': 2, 'c': 2})"));
        Ref<Object> diff = binaryOp(call(cls.get(), {S("aab").get()}).get(), call(cls.get(), {S("abb").get()}).get(),
                                    BinaryOp::Sub);
        QCOMPARE(R(diff), std::string("Counter({'a': 1})"));
        QCOMPARE(R(call(cls.get())), std::string("Counter()"));
        // python3 -c "import collections as c; print(repr(c.Counter({'a': 2, 'b': 5})), repr(c.Counter(a=1, b=1)))"
        Ref<DictObject> counts = newDict();
        dictSet(counts.get(), "a", I(2).get());
        dictSet(counts.get(), "b", I(5).get());
        QCOMPARE(R(call(cls.get(), {counts.get()})), std::string("Counter({'b': 5, 'a': 2})"));
        QCOMPARE(R(callKw(cls.get(), {}, {{"a", I(1)}, {"b", I(1)}})), std::string("Counter({'a': 1, 'b': 1})"));
    }

    // python3 -c "import collections as c; od=c.OrderedDict(a=1,b=2,c=3); od.move_to_end('a'); print(repr(od));
    //   od.move_to_end('c', last=False); print(repr(od), od.popitem(), od.popitem(last=False), repr(od))"
    void orderedDict()
    {
        Run run("collections");
        Ref<Object> cls = getAttr(run.mod.get(), "OrderedDict");
        Ref<Object> od = callKw(cls.get(), {}, {{"a", I(1)}, {"b", I(2)}, {"c", I(3)}});
        method(od.get(), "move_to_end", {S("a")});
        QCOMPARE(R(od), std::string("OrderedDict([('b', 2), ('c', 3), ('a', 1)])"));
        method(od.get(), "move_to_end", {S("c")}, {{"last", newRef(False())}});
        QCOMPARE(R(od), std::string("OrderedDict([('c', 3), ('b', 2), ('a', 1)])"));
        QCOMPARE(R(method(od.get(), "popitem")), std::string("('a', 1)"));
        QCOMPARE(R(method(od.get(), "popitem", {}, {{"last", newRef(False())}})), std::string("('c', 3)"));
        QCOMPARE(R(od), std::string("OrderedDict([('b', 2)])"));
        QCOMPARE(R(call(cls.get())), std::string("OrderedDict()"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibCollections)
#include "tst_stdlib_collections.moc"
