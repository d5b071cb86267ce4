// Classes made with newClass: dunder dispatch, inheritance from built-ins, super(), descriptors, MRO.
// Python functions are stood in for by a test-only function type whose instances bind like functions.
// Expected strings recorded with python3 3.11.7 running the equivalent class statements.
#include "tst_runtime_helpers.h"

using namespace rt;

namespace {

// A callable that binds as a method, like the VM's function objects.
class TestFunction : public Object {
public:
    TestFunction(TypeObject* t, std::string n, NativeFn f)
        : Object(t)
        , name(std::move(n))
        , fn(f)
    {
    }
    std::string name;
    NativeFn fn;
};

TypeObject* testFunctionType()
{
    static TypeObject* t = [] {
        TypeObject* ty = newStaticType("testfunction", types().object, 0);
        slotsOf(ty).call = [](Object* self, CallArgs args) { return static_cast<TestFunction*>(self)->fn(nullptr, args); };
        slotsOf(ty).descrGet = [](Object* self, Object* inst, TypeObject*) { return inst ? newBoundMethod(self, inst) : Ref<Object>(self); };
        addProperty(ty, "__name__", [](Object* self, CallArgs) -> Ref<Object> { return newStr(static_cast<TestFunction*>(self)->name); });
        addProperty(ty, "__qualname__", [](Object* self, CallArgs) -> Ref<Object> { return newStr(static_cast<TestFunction*>(self)->name); });
        ty->finalize();
        return ty;
    }();
    return t;
}

Ref<Object> fn(const char* name, NativeFn f) { return Ref<Object>(new TestFunction(testFunctionType(), name, f)); }

Ref<TypeObject> makeClass(const char* name, std::vector<Ref<TypeObject>> bases, std::initializer_list<std::pair<const char*, Ref<Object>>> members)
{
    Ref<DictObject> ns = newDict();
    for (const auto& [k, v] : members) dictSet(ns.get(), k, v.get());
    return newClass(name, std::move(bases), ns, name, "__main__");
}

Ref<Object> selfAttr(Object* self, const char* name) { return getAttr(self, name); }

} // namespace

class TestRuntimeClasses : public QObject {
    Q_OBJECT
private:
    Heap m_heap;
    std::unique_ptr<Heap::Scope> m_scope;
    Ref<DictObject> m_builtins;
    Ref<Object> builtin(const char* name) { return Ref<Object>(dictGet(m_builtins.get(), name)); }

private slots:
    void initTestCase()
    {
        m_scope = std::make_unique<Heap::Scope>(m_heap);
        initRuntime();
        m_builtins = makeBuiltinsDict();
    }
    void cleanupTestCase()
    {
        m_builtins = nullptr;
        m_scope.reset();
    }

    void initReprAndAttributes()
    {
        // class Potato:
        //     kind = 'tuber'
        //     def __init__(self, n): self.n = n
        Ref<TypeObject> potato = makeClass("Potato", {}, {
            { "kind", S("tuber") },
            { "__init__", fn("__init__", [](Object*, CallArgs a) -> Ref<Object> {
                  setAttr(a[0], "n", a[1]);
                  return Ref<Object>(None());
              }) },
        });
        Ref<Object> p = callf(potato.get(), { I(3) });
        QCOMPARE(R(getAttr(p.get(), "n")), std::string("3"));
        QCOMPARE(R(getAttr(p.get(), "kind")), std::string("'tuber'"));
        QCOMPARE(R(getAttr(p.get(), "__dict__")), std::string("{'n': 3}"));
        QCOMPARE(getAttr(p.get(), "__class__").get(), static_cast<Object*>(potato.get()));
        QCOMPARE(R(Ref<Object>(potato)), std::string("<class '__main__.Potato'>"));
        QCOMPARE(R(getAttr(potato.get(), "__name__")), std::string("'Potato'"));
        QCOMPARE(R(getAttr(potato.get(), "__mro__")), std::string("(<class '__main__.Potato'>, <class 'object'>)"));
        std::string r = R(p);
        QVERIFY2(r.rfind("<__main__.Potato object at 0x", 0) == 0 && r.back() == '>', r.c_str());
        QCOMPARE(error([&] { getAttr(p.get(), "missing"); }), std::string("AttributeError: 'Potato' object has no attribute 'missing'"));
        QCOMPARE(error([&] { getAttr(potato.get(), "missing"); }), std::string("AttributeError: type object 'Potato' has no attribute 'missing'"));
        Ref<TypeObject> empty = makeClass("Empty", {}, {});
        QCOMPARE(error([&] { callf(empty.get(), { I(1) }); }), std::string("TypeError: Empty() takes no arguments"));
        setAttr(potato.get(), "kind", S("root").get());
        QCOMPARE(R(getAttr(p.get(), "kind")), std::string("'root'"));
        QVERIFY(isInstance(p.get(), potato.get()));
        QVERIFY(isInstance(p.get(), types().object));
        QCOMPARE(R(callf(types().type, { p })), std::string("<class '__main__.Potato'>"));
    }

    void dunderDispatch()
    {
        // class V:
        //     def __init__(self, x): self.x = x
        //     def __repr__(self): return f'V({self.x!r})'
        //     def __add__(self, o): return V(self.x + (o.x if isinstance(o, V) else o))
        //     def __radd__(self, o): return V(o + self.x)
        //     def __eq__(self, o): return isinstance(o, V) and self.x == o.x
        //     def __lt__(self, o): return self.x < o.x
        //     def __len__(self): return self.x
        //     def __getitem__(self, i): ... raises IndexError past x
        static Ref<TypeObject> V;
        V = makeClass("V", {}, {
            { "__init__", fn("__init__", [](Object*, CallArgs a) -> Ref<Object> {
                  setAttr(a[0], "x", a[1]);
                  return Ref<Object>(None());
              }) },
            { "__repr__", fn("__repr__", [](Object*, CallArgs a) -> Ref<Object> { return newStr("V(" + reprText(selfAttr(a[0], "x").get()) + ")"); }) },
            { "__add__", fn("__add__", [](Object*, CallArgs a) -> Ref<Object> {
                  Ref<Object> other = isInstance(a[1], V.get()) ? selfAttr(a[1], "x") : Ref<Object>(a[1]);
                  return call(V.get(), { binaryOp(selfAttr(a[0], "x").get(), other.get(), BinaryOp::Add).get() });
              }) },
            { "__radd__", fn("__radd__", [](Object*, CallArgs a) -> Ref<Object> {
                  return call(V.get(), { binaryOp(a[1], selfAttr(a[0], "x").get(), BinaryOp::Add).get() });
              }) },
            { "__eq__", fn("__eq__", [](Object*, CallArgs a) -> Ref<Object> {
                  return Ref<Object>(boolObject(isInstance(a[1], V.get()) && equals(selfAttr(a[0], "x").get(), selfAttr(a[1], "x").get())));
              }) },
            { "__lt__", fn("__lt__", [](Object*, CallArgs a) -> Ref<Object> {
                  return richCompare(selfAttr(a[0], "x").get(), selfAttr(a[1], "x").get(), CompareOp::Lt);
              }) },
            { "__len__", fn("__len__", [](Object*, CallArgs a) -> Ref<Object> { return selfAttr(a[0], "x"); }) },
            { "__getitem__", fn("__getitem__", [](Object*, CallArgs a) -> Ref<Object> {
                  if (intValue(a[1]) >= intValue(selfAttr(a[0], "x").get())) raise(types().IndexError, "done");
                  return binaryOp(a[1], a[1], BinaryOp::Mul);
              }) },
        });
        Ref<Object> a = callf(V.get(), { I(2) }), b = callf(V.get(), { I(5) });
        QCOMPARE(R(op(a, BinaryOp::Add, b)), std::string("V(7)"));
        QCOMPARE(R(op(I(10), BinaryOp::Add, a)), std::string("V(12)"));
        QCOMPARE(R(op(a, BinaryOp::InplaceAdd, I(1))), std::string("V(3)"));
        QVERIFY(equals(a.get(), callf(V.get(), { I(2) }).get()));
        QVERIFY(richCompareBool(a.get(), b.get(), CompareOp::Ne));
        QVERIFY(richCompareBool(b.get(), a.get(), CompareOp::Gt)); // reflected __lt__
        QCOMPARE(error([&] { hash(a.get()); }), std::string("TypeError: unhashable type: 'V'"));
        QCOMPARE(R(callf(builtin("sorted").get(), { L({ b, a, callf(V.get(), { I(3) }) }) })), std::string("[V(2), V(3), V(5)]"));
        QCOMPARE(length(b.get()), int64_t(5));
        QVERIFY(isTrue(b.get()));
        QVERIFY(!isTrue(callf(V.get(), { I(0) }).get()));
        QCOMPARE(R(callf(types().list, { a })), std::string("[0, 1]")); // iteration through __getitem__
        QVERIFY(contains(b.get(), I(16).get())); // `in` falls back to iteration
        QCOMPARE(error([&] { op(a, BinaryOp::Sub, b); }), std::string("TypeError: unsupported operand type(s) for -: 'V' and 'V'"));
        QCOMPARE(error([&] { richCompare(a.get(), I(1).get(), CompareOp::Le); }), std::string("TypeError: '<=' not supported between instances of 'V' and 'int'"));
        V = nullptr;
    }

    void builtinBasesAndSuper()
    {
        // class MyError(Exception):
        //     def __init__(self, msg): super().__init__('E: ' + msg); self.extra = 1
        static Ref<TypeObject> myError;
        myError = makeClass("MyError", { Ref<TypeObject>(types().Exception) }, {
            { "__init__", fn("__init__", [](Object*, CallArgs a) -> Ref<Object> {
                  Ref<Object> sup = call(types().super, { myError.get(), a[0] });
                  Ref<Object> msg = binaryOp(newStr("E: ").get(), a[1], BinaryOp::Add);
                  callMethod(sup.get(), "__init__", { msg.get() });
                  setAttr(a[0], "extra", newInt(1).get());
                  return Ref<Object>(None());
              }) },
        });
        Ref<Object> e = callf(myError.get(), { S("boom") });
        QCOMPARE(R(e), std::string("MyError('E: boom')"));
        QCOMPARE(Str(e), std::string("E: boom"));
        QCOMPARE(R(getAttr(e.get(), "args")), std::string("('E: boom',)"));
        QCOMPARE(R(getAttr(e.get(), "extra")), std::string("1"));
        QVERIFY(isInstance(e.get(), types().Exception));
        QVERIFY(isExceptionInstance(e.get()));
        QVERIFY(isSubclass(myError.get(), types().BaseException));
        myError = nullptr;

        // class Stack(list): pass  -- keeps list behaviour and gains a __dict__
        Ref<TypeObject> stack = makeClass("Stack", { Ref<TypeObject>(types().list) }, {});
        Ref<Object> s = callf(stack.get(), { callf(types().range, { I(3) }) });
        meth(s, "append", { I(9) });
        setAttr(s.get(), "label", S("st").get());
        QCOMPARE(R(s), std::string("[0, 1, 2, 9]"));
        QCOMPARE(R(getAttr(s.get(), "label")), std::string("'st'"));
        QCOMPARE(length(s.get()), int64_t(4));
        // class Age(int): pass
        Ref<TypeObject> age = makeClass("Age", { Ref<TypeObject>(types().int_) }, {});
        Ref<Object> x = callf(age.get(), { I(41) });
        QCOMPARE(R(op(x, BinaryOp::Add, I(1))), std::string("42"));
        QCOMPARE(R(x), std::string("41"));
        QCOMPARE(R(callf(types().type, { x })), std::string("<class '__main__.Age'>"));

        QCOMPARE(error([] { makeClass("B", { Ref<TypeObject>(types().bool_) }, {}); }), std::string("TypeError: type 'bool' is not an acceptable base type"));
    }

    void mroAndNewAndDescriptors()
    {
        Ref<TypeObject> A = makeClass("A", {}, { { "who", S("A") } });
        Ref<TypeObject> B = makeClass("B", { A }, { { "who", S("B") } });
        Ref<TypeObject> C = makeClass("C", { A }, {});
        Ref<TypeObject> D = makeClass("D", { C, B }, {});
        QCOMPARE(R(getAttr(D.get(), "__mro__")),
                 std::string("(<class '__main__.D'>, <class '__main__.C'>, <class '__main__.B'>, <class '__main__.A'>, <class 'object'>)"));
        QCOMPARE(R(getAttr(callf(D.get()).get(), "who")), std::string("'B'"));
        QCOMPARE(error([&] { makeClass("X", { A, B }, {}); }),
                 std::string("TypeError: Cannot create a consistent method resolution order (MRO) for bases A, B"));
        QCOMPARE(error([&] { makeClass("X", { A, A }, {}); }), std::string("TypeError: duplicate base class A"));

        // cls.__new__(cls) and object.__new__(cls) make bare instances without running __init__.
        Ref<Object> bare = callMethod(types().object, "__new__", { A.get() });
        QVERIFY(isInstance(bare.get(), A.get()));
        Ref<Object> viaCls = callMethod(A.get(), "__new__", { A.get() });
        QVERIFY(isInstance(viaCls.get(), A.get()));

        // class P: value = property(get_value); @classmethod make; @staticmethod twice
        Ref<Object> getter = fn("value", [](Object*, CallArgs a) -> Ref<Object> { return newInt(99); });
        Ref<Object> make = fn("make", [](Object*, CallArgs a) -> Ref<Object> { return newStr(static_cast<TypeObject*>(a[0])->name()); });
        Ref<Object> twice = fn("twice", [](Object*, CallArgs a) -> Ref<Object> { return binaryOp(a[0], a[0], BinaryOp::Add); });
        Ref<TypeObject> P = makeClass("P", {}, {
            { "value", callf(types().property, { getter }) },
            { "make", callf(types().classmethod, { make }) },
            { "twice", callf(types().staticmethod, { twice }) },
        });
        Ref<Object> p = callf(P.get());
        QCOMPARE(R(getAttr(p.get(), "value")), std::string("99"));
        QCOMPARE(error([&] { setAttr(p.get(), "value", I(1).get()); }), std::string("AttributeError: property 'value' of 'P' object has no setter"));
        QCOMPARE(R(meth(p, "make")), std::string("'P'"));
        QCOMPARE(R(meth(Ref<Object>(P), "make")), std::string("'P'"));
        QCOMPARE(R(meth(p, "twice", { I(21) })), std::string("42"));
        std::string bound = R(getAttr(p.get(), "make"));
        QCOMPARE(bound, std::string("<bound method make of <class '__main__.P'>>"));
    }

    void builtinSlotsAreMethods()
    {
        QCOMPARE(R(callMethod(types().int_, "__add__", { I(2).get(), I(3).get() })), std::string("5"));
        QCOMPARE(R(meth(I(2), "__add__", { I(3) })), std::string("5"));
        QCOMPARE(R(meth(L({ I(1) }), "__len__")), std::string("1"));
        QCOMPARE(R(getAttr(types().object, "__init__")), std::string("<slot wrapper '__init__' of 'object' objects>"));
        QCOMPARE(R(getAttr(types().list, "append")), std::string("<method 'append' of 'list' objects>"));
        QCOMPARE(R(builtin("len")), std::string("<built-in function len>"));
        QCOMPARE(R(callf(builtin("dir").get(), { Ref<Object>(types().object) })).substr(0, 28), std::string("['__class__', '__delattr__',"));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeClasses)
#include "tst_runtime_classes.moc"
