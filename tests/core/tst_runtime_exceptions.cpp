// Exceptions (args, str/repr, chaining, StopIteration.value, groups, notes) and heap teardown of
// reference cycles. Expected strings recorded with python3 3.11.7, e.g.
// python3 -c "print(repr(KeyError('k')), str(KeyError('k')), str(Exception(1, 2)))".
#include "tst_runtime_helpers.h"

using namespace rt;

namespace {
Ref<Object> kwcall(Object* f, std::initializer_list<Ref<Object>> pos, std::initializer_list<std::pair<const char*, Ref<Object>>> kw)
{
    std::vector<Object*> raw;
    for (const auto& a : pos) raw.push_back(a.get());
    std::vector<Ref<Object>> names;
    for (const auto& [k, v] : kw) {
        names.push_back(S(k));
        raw.push_back(v.get());
    }
    Ref<TupleObject> kwnames = newTuple(std::move(names));
    return call(f, CallArgs { raw.data(), pos.size(), kw.size() ? kwnames.get() : nullptr });
}
} // namespace

class TestRuntimeExceptions : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { initRuntime(); }

    void strAndRepr()
    {
        Heap heap;
        Heap::Scope scope(heap);
        Ref<Object> v = callf(types().ValueError, { S("x") });
        QCOMPARE(R(v), std::string("ValueError('x')"));
        QCOMPARE(Str(v), std::string("x"));
        QCOMPARE(R(callf(types().KeyError, { S("k") })), std::string("KeyError('k')"));
        QCOMPARE(Str(callf(types().KeyError, { S("k") })), std::string("'k'"));
        QCOMPARE(Str(callf(types().KeyError)), std::string(""));
        QCOMPARE(R(callf(types().Exception)), std::string("Exception()"));
        QCOMPARE(R(callf(types().Exception, { I(1), I(2) })), std::string("Exception(1, 2)"));
        QCOMPARE(Str(callf(types().Exception, { I(1), I(2) })), std::string("(1, 2)"));
        Ref<Object> syntax = callf(types().SyntaxError, { S("bad"), T({ S("/a/f.py"), I(3), I(4), S("x") }) });
        QCOMPARE(Str(syntax), std::string("bad (f.py, line 3)"));
        QCOMPARE(R(getAttr(syntax.get(), "lineno")), std::string("3"));
        QCOMPARE(error([] { kwcall(types().ValueError, {}, { { "x", I(1) } }); }), std::string("TypeError: ValueError() takes no keyword arguments"));
        QCOMPARE(R(getAttr(types().ValueError, "__mro__")), std::string("(<class 'ValueError'>, <class 'Exception'>, <class 'BaseException'>, <class 'object'>)"));
        QCOMPARE(error([] { raise(types().IndexError, "list index out of range"); }), std::string("IndexError: list index out of range"));
    }

    void stopIterationAndSystemExit()
    {
        Heap heap;
        Heap::Scope scope(heap);
        Ref<Object> s = callf(types().StopIteration, { I(5) });
        QCOMPARE(R(getAttr(s.get(), "value")), std::string("5"));
        QCOMPARE(R(Ref<Object>(stopIterationValue(s.get()))), std::string("5"));
        QCOMPARE(R(getAttr(callf(types().StopIteration).get(), "value")), std::string("None"));
        QCOMPARE(R(getAttr(callf(types().SystemExit, { I(3) }).get(), "code")), std::string("3"));
        QCOMPARE(stopIterationValue(callf(types().ValueError).get()), static_cast<Object*>(nullptr));
    }

    void chainingAndNotes()
    {
        Heap heap;
        Heap::Scope scope(heap);
        Ref<Object> cause = newException(types().KeyError, "k");
        Ref<Object> e = newException(types().RuntimeError, "r");
        QCOMPARE(R(getAttr(e.get(), "__cause__")), std::string("None"));
        setExceptionCause(e.get(), cause.get());
        QCOMPARE(exceptionCause(e.get()), cause.get());
        QCOMPARE(R(getAttr(e.get(), "__suppress_context__")), std::string("True"));
        setExceptionContext(e.get(), cause.get());
        QCOMPARE(R(getAttr(e.get(), "__context__")), std::string("KeyError('k')"));
        meth(e, "add_note", { S("n1") });
        QCOMPARE(R(getAttr(e.get(), "__notes__")), std::string("['n1']"));
        QCOMPARE(R(getAttr(e.get(), "args")), std::string("('r',)"));
        QCOMPARE(error([&] { setAttr(e.get(), "__cause__", I(1).get()); }), std::string("TypeError: exception cause must be None or derive from BaseException"));
        Ref<Object> group = callf(types().ExceptionGroup, { S("eg"), L({ callf(types().ValueError, { I(1) }), callf(types().TypeError, { I(2) }) }) });
        QCOMPARE(Str(group), std::string("eg (2 sub-exceptions)"));
        QVERIFY(isInstance(group.get(), types().Exception));
        QCOMPARE(callf(types().BaseExceptionGroup, { S("x"), L({ callf(types().ValueError) }) })->type(), types().ExceptionGroup);
    }

    void hierarchy()
    {
        const BuiltinTypes& t = types();
        QVERIFY(t.ZeroDivisionError->isSubtypeOf(t.ArithmeticError));
        QVERIFY(t.KeyError->isSubtypeOf(t.LookupError));
        QVERIFY(t.ModuleNotFoundError->isSubtypeOf(t.ImportError));
        QVERIFY(t.TimeoutError->isSubtypeOf(t.OSError));
        QVERIFY(t.RecursionError->isSubtypeOf(t.RuntimeError));
        QVERIFY(t.TabError->isSubtypeOf(t.SyntaxError));
        QVERIFY(t.UnicodeDecodeError->isSubtypeOf(t.ValueError));
        QVERIFY(!t.GeneratorExit->isSubtypeOf(t.Exception));
        QVERIFY(t.StopAsyncIteration->isSubtypeOf(t.Exception));
        QVERIFY(isExceptionType(t.Warning));
    }

    void heapTeardownFreesCycles()
    {
        size_t liveBefore = 0;
        {
            Heap heap;
            {
                Heap::Scope scope(heap);
                Ref<Object> a = L({ I(1000) });
                Ref<Object> b = L({ a });
                listItems(a.get()).push_back(b); // a <-> b
                Ref<DictObject> d = newDict();
                dictSet(d.get(), "self", d.get()); // d -> d
                Ref<Object> e = newException(types().ValueError, "cycle");
                setExceptionContext(e.get(), e.get()); // refused: an exception is never its own context
                Ref<Object> f = newException(types().KeyError, "f");
                setExceptionContext(e.get(), f.get());
                setExceptionContext(f.get(), e.get()); // e <-> f
                Ref<DictObject> ns = newDict();
                Ref<TypeObject> cls = newClass("Node", {}, ns, "Node", "__main__");
                ns = nullptr; // copied into the class namespace
                Ref<Object> node = call(cls.get());
                setAttr(node.get(), "me", node.get()); // node -> dict -> node, node -> class
                Ref<Object> s = newSet();
                meth(s, "add", { T({ I(1000), S("x") }) });
                listItems(a.get()).push_back(s);
                liveBefore = heap.liveObjects();
            }
            QVERIFY(liveBefore >= 10);
            // Every object above is only kept alive by a cycle now: refcounting alone frees nothing.
            QCOMPARE(heap.liveObjects(), liveBefore);
        }
        // ~Heap() freed them (run this suite under valgrind to see no leak); a plain list is freed at once.
        Heap probe;
        {
            Heap::Scope scope(probe);
            Ref<Object> a = L({ L({}) });
        }
        QCOMPARE(probe.liveObjects(), size_t(0));
    }

    void teardownLeavesNothingAlive()
    {
        // Objects of every kind in cycles; after ~Heap() the allocator must hold none of them.
        static size_t s_destroyed = 0;
        struct Counted : Object {
            explicit Counted(TypeObject* t)
                : Object(t)
            {
            }
            ~Counted() override { ++s_destroyed; }
            void clearRefs() override { ref = nullptr; }
            Ref<Object> ref;
        };
        {
            Heap heap;
            Heap::Scope scope(heap);
            auto* c = new Counted(types().object);
            Ref<Object> keep(c);
            Ref<Object> l = L({ keep });
            c->ref = l; // c -> list -> c
        }
        QCOMPARE(s_destroyed, size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeExceptions)
#include "tst_runtime_exceptions.moc"
