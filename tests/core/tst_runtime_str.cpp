// str: repr, methods, slicing, format and %. Expected strings recorded with python3 3.11.7, e.g.
// python3 -c "print(repr('a b c d'.rsplit(None, 2)), repr('ab'.center(7, '*')))".
#include "tst_runtime_helpers.h"

#include <QtTest>

using namespace rt;

Q_DECLARE_METATYPE(std::string)

namespace {
Ref<Object> none() { return Ref<Object>(None()); }
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

class TestRuntimeStr : public QObject {
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

    void reprQuotesAndEscapes()
    {
        QCOMPARE(R(S(std::string_view("a\x00\n\t\x7f\xc2\x85\xc2\xa0\xc3\xa9\xe2\x82\xac\xe2\x80\x8b\xf0\x9f\x98\x80", 21))),
                 std::string("'a\\x00\\n\\t\\x7f\\x85\\xa0\xc3\xa9\xe2\x82\xac\\u200b\xf0\x9f\x98\x80'"));
        QCOMPARE(R(S("it's")), std::string("\"it's\""));
        QCOMPARE(R(S("it's \"q\"")), std::string("'it\\'s \"q\"'"));
        QCOMPARE(R(callf(builtin("ascii").get(), { S("\xc3\xa9\xe2\x82\xac") })), std::string("\"'\\\\xe9\\\\u20ac'\""));
        QCOMPARE(Str(Ref<Object>(None())), std::string("None"));
    }

    void methods()
    {
        QCOMPARE(R(meth(S("a,b,,c"), "split", { S(",") })), std::string("['a', 'b', '', 'c']"));
        QCOMPARE(R(meth(S("  a b  c "), "split")), std::string("['a', 'b', 'c']"));
        QCOMPARE(R(meth(S("a b c d"), "split", { none(), I(2) })), std::string("['a', 'b', 'c d']"));
        QCOMPARE(R(meth(S("a b c d"), "rsplit", { none(), I(2) })), std::string("['a b', 'c', 'd']"));
        QCOMPARE(R(meth(S("a,b,c"), "rsplit", { S(","), I(1) })), std::string("['a,b', 'c']"));
        QCOMPARE(R(meth(S("-"), "join", { L({ S("x"), S("y"), S("z") }) })), std::string("'x-y-z'"));
        QCOMPARE(R(meth(S("x"), "join", { S("abc") })), std::string("'axbxc'"));
        QCOMPARE(R(meth(S("  hi  "), "strip")), std::string("'hi'"));
        QCOMPARE(R(meth(S("xxhixx"), "strip", { S("x") })), std::string("'hi'"));
        QCOMPARE(R(meth(S("hello world"), "replace", { S("o"), S("0") })), std::string("'hell0 w0rld'"));
        QCOMPARE(R(meth(S("hello"), "replace", { S(""), S("-") })), std::string("'-h-e-l-l-o-'"));
        QCOMPARE(R(meth(S("hello"), "find", { S("l") })), std::string("2"));
        QCOMPARE(R(meth(S("hello"), "rfind", { S("l") })), std::string("3"));
        QCOMPARE(R(meth(S("h\xc3\xa9llo"), "find", { S("l") })), std::string("2"));
        QCOMPARE(R(meth(S("hello"), "count", { S("l") })), std::string("2"));
        QCOMPARE(R(meth(S("hello"), "startswith", { T({ S("he"), S("x") }) })), std::string("True"));
        QCOMPARE(R(meth(S("Hello World"), "swapcase")), std::string("'hELLO wORLD'"));
        QCOMPARE(R(meth(S("hello world"), "title")), std::string("'Hello World'"));
        QCOMPARE(R(meth(S("hELLO"), "capitalize")), std::string("'Hello'"));
        QCOMPARE(R(meth(S("42"), "zfill", { I(5) })), std::string("'00042'"));
        QCOMPARE(R(meth(S("-42"), "zfill", { I(5) })), std::string("'-0042'"));
        QCOMPARE(R(meth(S("ab"), "center", { I(7), S("*") })), std::string("'***ab**'"));
        QCOMPARE(R(meth(S("ab"), "center", { I(6), S("*") })), std::string("'**ab**'"));
        QCOMPARE(R(meth(S("ab"), "ljust", { I(5) })), std::string("'ab   '"));
        QCOMPARE(R(meth(S("a=b=c"), "partition", { S("=") })), std::string("('a', '=', 'b=c')"));
        QCOMPARE(R(meth(S("a=b=c"), "rpartition", { S("=") })), std::string("('a=b', '=', 'c')"));
        QCOMPARE(R(meth(S("l1\nl2\r\nl3"), "splitlines")), std::string("['l1', 'l2', 'l3']"));
        QCOMPARE(R(meth(S("l1\nl2\r\nl3"), "splitlines", { Ref<Object>(True()) })), std::string("['l1\\n', 'l2\\r\\n', 'l3']"));
        QCOMPARE(R(meth(S("\xc3\x9f"), "upper")), std::string("'SS'"));
        QCOMPARE(R(meth(S("\xc3\x80\xc3\x89"), "lower")), std::string("'\xc3\xa0\xc3\xa9'"));
        QCOMPARE(R(meth(S("Stra\xc3\x9f" "e"), "casefold")), std::string("'strasse'"));
        QCOMPARE(R(meth(S("abc"), "isalpha")), std::string("True"));
        QCOMPARE(R(meth(S("123"), "isdigit")), std::string("True"));
        QCOMPARE(R(meth(S(" \t"), "isspace")), std::string("True"));
        QCOMPARE(R(meth(S("Hello"), "istitle")), std::string("True"));
        QCOMPARE(R(meth(S("a\tb"), "expandtabs", { I(4) })), std::string("'a   b'"));
        QCOMPARE(error([] { meth(S("abc"), "index", { S("z") }); }), std::string("ValueError: substring not found"));
        QCOMPARE(error([] { meth(S("abc"), "split", { S("") }); }), std::string("ValueError: empty separator"));
        QCOMPARE(error([] { meth(S(","), "join", { L({ S("a"), I(1) }) }); }), std::string("TypeError: sequence item 1: expected str instance, int found"));
    }

    void indexingAndOperators()
    {
        Ref<Object> s = S("h\xc3\xa9llo");
        QCOMPARE(R(getItem(s.get(), I(1).get())), std::string("'\xc3\xa9'"));
        QCOMPARE(R(getItem(s.get(), detail::newSlice(None(), None(), I(-1).get()).get())), std::string("'oll\xc3\xa9h'"));
        QCOMPARE(R(getItem(S("abcdef").get(), detail::newSlice(I(1).get(), I(5).get(), I(2).get()).get())), std::string("'bd'"));
        QCOMPARE(R(getItem(S("abcdef").get(), detail::newSlice(I(-2).get(), None(), None()).get())), std::string("'ef'"));
        QCOMPARE(length(s.get()), int64_t(5));
        QVERIFY(contains(s.get(), S("\xc3\xa9").get()));
        QCOMPARE(R(op(S("ab"), BinaryOp::Mul, I(3))), std::string("'ababab'"));
        QCOMPARE(R(op(I(2), BinaryOp::Mul, S("ab"))), std::string("'abab'"));
        QVERIFY(richCompareBool(S("abc").get(), S("abd").get(), CompareOp::Lt));
        QCOMPARE(error([] { getItem(S("abc").get(), I(5).get()); }), std::string("IndexError: string index out of range"));
        QCOMPARE(error([] { getItem(S("a").get(), S("x").get()); }), std::string("TypeError: string indices must be integers, not 'str'"));
        QCOMPARE(error([] { op(S("a"), BinaryOp::Add, I(1)); }), std::string("TypeError: can only concatenate str (not \"int\") to str"));
        QCOMPARE(error([] { op(S("a"), BinaryOp::Mul, F(2.0)); }), std::string("TypeError: can't multiply sequence by non-int of type 'float'"));
        std::string joined;
        for (Ref<Object> it = getIter(s.get()); Ref<Object> c = iterNext(it.get());) joined += Str(c) + "|";
        QCOMPARE(joined, std::string("h|\xc3\xa9|l|l|o|"));
    }

    void formatting()
    {
        QCOMPARE(R(meth(S("{} + {} = {}"), "format", { I(1), I(2), I(3) })), std::string("'1 + 2 = 3'"));
        Ref<Object> fmt = getAttr(S("{0:>5}|{name!r}").get(), "format");
        QCOMPARE(R(kwcall(fmt.get(), { I(7) }, { { "name", S("x") } })), std::string("\"    7|'x'\""));
        QCOMPARE(R(meth(S("{:.3f}"), "format", { F(3.14159) })), std::string("'3.142'"));
        QCOMPARE(R(op(S("%5.2f|%-4d|%x|%r|%s"), BinaryOp::Mod, T({ F(3.14159), I(7), I(255), S("a"), L({ I(1) }) }))),
                 std::string("\" 3.14|7   |ff|'a'|[1]\""));
        Ref<DictObject> d = newDict();
        dictSet(d.get(), "a", S("x").get());
        dictSet(d.get(), "b", I(3).get());
        QCOMPARE(R(op(S("%(a)s-%(b)d"), BinaryOp::Mod, d)), std::string("'x-3'"));
        QCOMPARE(error([] { op(S("%d"), BinaryOp::Mod, S("x")); }), std::string("TypeError: %d format: a real number is required, not str"));
        QCOMPARE(error([] { op(S("%d %d"), BinaryOp::Mod, T({ I(1) })); }), std::string("TypeError: not enough arguments for format string"));
        QCOMPARE(error([] { op(S("%d"), BinaryOp::Mod, T({ I(1), I(2) })); }), std::string("TypeError: not all arguments converted during string formatting"));
        QCOMPARE(error([] { meth(S("{} {}"), "format", { I(1) }); }), std::string("IndexError: Replacement index 1 out of range for positional args tuple"));
        QCOMPARE(error([] { meth(S("{x}"), "format"); }), std::string("KeyError: 'x'"));
    }

    void hashMatchesCPythonWithSeedZero()
    {
        // PYTHONHASHSEED=0 python3 -c "print(hash('a'), hash('\u00e9'))"
        QCOMPARE(hash(S("a").get()), int64_t(4644417185603328019));
        QCOMPARE(hash(S("\xc3\xa9").get()), int64_t(6047309291227476195));
        QCOMPARE(internStr("spam"), internStr("spam"));
    }

    void printGoesToTheSink()
    {
        std::string captured;
        setOutputSink([](void* ctx, std::string_view text) { static_cast<std::string*>(ctx)->append(text); }, &captured);
        kwcall(builtin("print").get(), { I(1), S("a"), L({ S("b") }) }, { { "sep", S("-") }, { "end", S("!\n") } });
        callf(builtin("print").get(), {});
        setOutputSink(nullptr, nullptr);
        QCOMPARE(captured, std::string("1-a-['b']!\n\n"));
    }
};

QTEST_GUILESS_MAIN(TestRuntimeStr)
#include "tst_runtime_str.moc"
