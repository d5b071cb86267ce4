// int, bool and float through the runtime's C++ API. Expected strings recorded with python3 3.11.7,
// e.g. python3 -c 'print(repr(-7 // 2), repr(2 ** 1000 / 3 ** 500), hash((1, 2)))'.
#include "tst_runtime_helpers.h"

#include <QtTest>

using namespace rt;

class TestRuntimeInt : public QObject {
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

    void floorDivisionAndModulo()
    {
        QCOMPARE(R(op(I(7), BinaryOp::FloorDiv, I(2))), std::string("3"));
        QCOMPARE(R(op(I(-7), BinaryOp::FloorDiv, I(2))), std::string("-4"));
        QCOMPARE(R(op(I(7), BinaryOp::Mod, I(-2))), std::string("-1"));
        QCOMPARE(R(op(I(-7), BinaryOp::Mod, I(2))), std::string("1"));
        QCOMPARE(R(op(F(-7.5), BinaryOp::FloorDiv, I(2))), std::string("-4.0"));
        QCOMPARE(R(op(F(-7.5), BinaryOp::Mod, I(2))), std::string("0.5"));
        QCOMPARE(R(op(F(7.0), BinaryOp::Mod, I(-3))), std::string("-2.0"));
        QCOMPARE(R(op(big("12345678901234567890"), BinaryOp::Mod, I(97))), std::string("3"));
        QCOMPARE(R(op(big("-12345678901234567890"), BinaryOp::FloorDiv, I(7))), std::string("-1763668414462081128"));
        QCOMPARE(R(callf(builtin("divmod").get(), { I(-7), I(2) })), std::string("(-4, 1)"));
        QCOMPARE(R(callf(builtin("divmod").get(), { F(7.5), I(-2) })), std::string("(-4.0, -0.5)"));
    }

    void zeroDivisionMessages()
    {
        QCOMPARE(error([] { op(I(1), BinaryOp::Mod, I(0)); }), std::string("ZeroDivisionError: integer modulo by zero"));
        QCOMPARE(error([] { op(I(1), BinaryOp::FloorDiv, I(0)); }), std::string("ZeroDivisionError: integer division or modulo by zero"));
        QCOMPARE(error([] { op(I(1), BinaryOp::TrueDiv, I(0)); }), std::string("ZeroDivisionError: division by zero"));
        QCOMPARE(error([] { op(F(1), BinaryOp::TrueDiv, I(0)); }), std::string("ZeroDivisionError: float division by zero"));
        QCOMPARE(error([] { op(F(1), BinaryOp::FloorDiv, I(0)); }), std::string("ZeroDivisionError: float floor division by zero"));
        QCOMPARE(error([] { op(F(1), BinaryOp::Mod, I(0)); }), std::string("ZeroDivisionError: float modulo"));
        QCOMPARE(error([] { op(I(0), BinaryOp::Pow, I(-1)); }), std::string("ZeroDivisionError: 0.0 cannot be raised to a negative power"));
    }

    void bigIntegers()
    {
        QCOMPARE(R(op(I(2), BinaryOp::Pow, I(100))), std::string("1267650600228229401496703205376"));
        QCOMPARE(R(op(I(2), BinaryOp::Pow, I(-2))), std::string("0.25"));
        QCOMPARE(R(op(big("100000000000000000000"), BinaryOp::FloorDiv, I(3))), std::string("33333333333333333333"));
        Ref<Object> minI64 = op(I(0), BinaryOp::Sub, op(I(2), BinaryOp::Pow, I(63)));
        QCOMPARE(R(minI64), std::string("-9223372036854775808"));
        QCOMPARE(R(unaryOp(minI64.get(), UnaryOp::Neg)), std::string("9223372036854775808"));
        QCOMPARE(R(op(unaryOp(minI64.get(), UnaryOp::Neg), BinaryOp::Sub, I(1))), std::string("9223372036854775807"));
        QCOMPARE(R(op(op(I(2), BinaryOp::Pow, I(64)), BinaryOp::And, I(-1))), std::string("18446744073709551616"));
        QCOMPARE(R(op(unaryOp(op(I(2), BinaryOp::Pow, I(70)).get(), UnaryOp::Neg), BinaryOp::RShift, I(3))), std::string("-147573952589676412928"));
        QCOMPARE(R(op(I(1), BinaryOp::LShift, I(70))), std::string("1180591620717411303424"));
        QCOMPARE(R(unaryOp(I(5).get(), UnaryOp::Invert)), std::string("-6"));
        QCOMPARE(R(op(op(I(2), BinaryOp::Pow, I(62)), BinaryOp::Add, op(I(2), BinaryOp::Pow, I(62)))), std::string("9223372036854775808"));
        QCOMPARE(R(op(big("9999999999999999999"), BinaryOp::Sub, big("9999999999999999998"))), std::string("1"));
        // Results that fit are demoted to the int64 representation again.
        int64_t v = 0;
        QVERIFY(intFits(op(big("9999999999999999999"), BinaryOp::Sub, big("9999999999999999998")).get(), v));
        QCOMPARE(v, int64_t(1));
        QCOMPARE(error([] { op(I(1), BinaryOp::LShift, I(-1)); }), std::string("ValueError: negative shift count"));
    }

    void trueDivisionRoundsCorrectly()
    {
        QCOMPARE(R(op(big("100000000000000000000"), BinaryOp::TrueDiv, I(3))), std::string("3.333333333333333e+19"));
        QCOMPARE(R(op(op(I(2), BinaryOp::Pow, I(1000)), BinaryOp::TrueDiv, op(I(3), BinaryOp::Pow, I(500)))), std::string("2.9469197145111386e+62"));
        QCOMPARE(R(op(I(7), BinaryOp::TrueDiv, I(2))), std::string("3.5"));
        QCOMPARE(R(op(big("9007199254740993"), BinaryOp::TrueDiv, I(1))), std::string("9007199254740992.0"));
        QCOMPARE(R(op(I(1), BinaryOp::TrueDiv, I(3))), std::string("0.3333333333333333"));
    }

    void comparisonsAreExact()
    {
        Ref<Object> p53 = op(I(2), BinaryOp::Pow, I(53));
        Ref<Object> p53p1 = op(p53, BinaryOp::Add, I(1));
        Ref<Object> asFloat = callf(types().float_, { p53p1 });
        QCOMPARE(R(asFloat), std::string("9007199254740992.0"));
        QVERIFY(!equals(p53p1.get(), asFloat.get()));
        QVERIFY(richCompareBool(p53p1.get(), asFloat.get(), CompareOp::Gt));
        QVERIFY(equals(I(1).get(), F(1.0).get()));
        QVERIFY(richCompareBool(op(I(10), BinaryOp::Pow, I(400)).get(), F(1e308).get(), CompareOp::Gt));
        QVERIFY(!richCompareBool(F(std::nan("")).get(), I(1).get(), CompareOp::Eq));
        QVERIFY(richCompareBool(F(std::nan("")).get(), I(1).get(), CompareOp::Ne));
    }

    void hashes()
    {
        QCOMPARE(hash(op(I(2), BinaryOp::Pow, I(100)).get()), int64_t(549755813888));
        QCOMPARE(hash(I(-1).get()), int64_t(-2));
        QCOMPARE(hash(F(1e100).get()), int64_t(1822893315824342674));
        QCOMPARE(hash(F(-0.5).get()), int64_t(-1152921504606846976));
        QCOMPARE(hash(T({ I(1), I(2) }).get()), int64_t(-3550055125485641917));
        QCOMPARE(hash(op(op(I(2), BinaryOp::Pow, I(61)), BinaryOp::Sub, I(1)).get()), int64_t(0));
        QCOMPARE(hash(F(2.0).get()), hash(I(2).get()));
    }

    void floatRepr()
    {
        QCOMPARE(R(op(F(0.1), BinaryOp::Add, F(0.2))), std::string("0.30000000000000004"));
        QCOMPARE(R(F(1e16)), std::string("1e+16"));
        QCOMPARE(R(F(1e-5)), std::string("1e-05"));
        QCOMPARE(R(F(-0.0)), std::string("-0.0"));
        QCOMPARE(Str(F(1.0)), std::string("1.0"));
        QCOMPARE(R(callf(types().float_, { S("inf") })), std::string("inf"));
        QCOMPARE(R(callf(types().float_, { S("-1e500") })), std::string("-inf"));
        QCOMPARE(R(op(F(2.0), BinaryOp::Pow, F(0.5))), std::string("1.4142135623730951"));
        QCOMPARE(error([] { callf(types().float_, { S("abc") }); }), std::string("ValueError: could not convert string to float: 'abc'"));
        QCOMPARE(error([] { callf(types().float_, { L({}) }); }), std::string("TypeError: float() argument must be a string or a real number, not 'list'"));
        QCOMPARE(error([] { op(F(10.0), BinaryOp::Pow, I(400)); }), std::string("OverflowError: (34, 'Numerical result out of range')"));
    }

    void intConstructor()
    {
        QCOMPARE(R(callf(types().int_, { S("12_3") })), std::string("123"));
        QCOMPARE(R(callf(types().int_, { S(" -0x1f "), I(0) })), std::string("-31"));
        QCOMPARE(R(callf(types().int_, { S("777"), I(8) })), std::string("511"));
        QCOMPARE(R(callf(types().int_, { F(3.99) })), std::string("3"));
        QCOMPARE(R(callf(types().int_, { F(-3.99) })), std::string("-3"));
        QCOMPARE(R(callf(types().int_, { F(1e100) })),
                 std::string("10000000000000000159028911097599180468360808563945281389781327557747838772170381060813469985856815104"));
        QCOMPARE(error([] { callf(types().int_, { S("abc") }); }), std::string("ValueError: invalid literal for int() with base 10: 'abc'"));
        QCOMPARE(error([] { callf(types().int_, { S("010"), I(0) }); }), std::string("ValueError: invalid literal for int() with base 0: '010'"));
        QCOMPARE(error([] { callf(types().int_, { F(INFINITY) }); }), std::string("OverflowError: cannot convert float infinity to integer"));
        QCOMPARE(error([] { callf(types().int_, { F(NAN) }); }), std::string("ValueError: cannot convert float NaN to integer"));
        QCOMPARE(error([] { callf(types().int_, { L({}) }); }), std::string("TypeError: int() argument must be a string, a bytes-like object or a real number, not 'list'"));
        QCOMPARE(error([] { callf(types().int_, { I(5), I(10) }); }), std::string("TypeError: int() can't convert non-string with explicit base"));
        QCOMPARE(error([] { callf(types().int_, { S("5"), I(1) }); }), std::string("ValueError: int() base must be >= 2 and <= 36, or 0"));
    }

    void rounding()
    {
        auto round = builtin("round");
        QCOMPARE(R(callf(round.get(), { F(2.675), I(2) })), std::string("2.67"));
        QCOMPARE(R(callf(round.get(), { F(1234.5), I(-1) })), std::string("1230.0"));
        QCOMPARE(R(callf(round.get(), { F(2.5) })), std::string("2"));
        QCOMPARE(R(callf(round.get(), { F(3.5) })), std::string("4"));
        QCOMPARE(R(callf(round.get(), { F(-0.5) })), std::string("0"));
        QCOMPARE(R(callf(round.get(), { I(125), I(-1) })), std::string("120"));
        QCOMPARE(R(callf(round.get(), { I(135), I(-1) })), std::string("140"));
        QCOMPARE(R(callf(builtin("pow").get(), { I(2), I(-1), I(7) })), std::string("4"));
        QCOMPARE(R(callf(builtin("pow").get(), { I(3), I(200), I(1000) })), std::string("1"));
        QCOMPARE(error([&] { callf(builtin("pow").get(), { I(2), I(3), I(0) }); }), std::string("ValueError: pow() 3rd argument cannot be 0"));
    }

    void boolsAndMethods()
    {
        QCOMPARE(R(op(Ref<Object>(True()), BinaryOp::Add, Ref<Object>(True()))), std::string("2"));
        QCOMPARE(R(op(Ref<Object>(True()), BinaryOp::And, Ref<Object>(False()))), std::string("False"));
        QCOMPARE(R(unaryOp(True(), UnaryOp::Neg)), std::string("-1"));
        QCOMPARE(R(meth(I(5), "bit_length")), std::string("3"));
        QCOMPARE(R(meth(I(-255), "bit_length")), std::string("8"));
        QCOMPARE(R(callf(builtin("format").get(), { I(1234567), S(",") })), std::string("'1,234,567'"));
        QCOMPARE(R(callf(builtin("format").get(), { F(3.14159), S(".2f") })), std::string("'3.14'"));
        QCOMPARE(R(callf(builtin("hex").get(), { I(255) })), std::string("'0xff'"));
        QCOMPARE(R(callf(builtin("bin").get(), { I(-5) })), std::string("'-0b101'"));
        QCOMPARE(R(meth(F(3.0), "is_integer")), std::string("True"));
        QCOMPARE(R(meth(F(0.75), "as_integer_ratio")), std::string("(3, 4)"));
        QCOMPARE(error([] { op(I(1), BinaryOp::Add, S("a")); }), std::string("TypeError: unsupported operand type(s) for +: 'int' and 'str'"));
        QCOMPARE(error([] { op(I(1), BinaryOp::InplaceAdd, S("a")); }), std::string("TypeError: unsupported operand type(s) for +=: 'int' and 'str'"));
        QCOMPARE(error([] { richCompare(I(1).get(), S("a").get(), CompareOp::Lt); }), std::string("TypeError: '<' not supported between instances of 'int' and 'str'"));
    }

    void smallIntsAreShared()
    {
        QCOMPARE(I(256).get(), I(256).get());
        QVERIFY(I(-5)->isImmortal());
        QVERIFY(!I(257)->isImmortal());
    }
};

QTEST_GUILESS_MAIN(TestRuntimeInt)
#include "tst_runtime_int.moc"
