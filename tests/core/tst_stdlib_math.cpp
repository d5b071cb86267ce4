// The math module against CPython 3.11: values (as repr) and errors recorded with python3.
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

/// Evaluates a tiny call description: fn name and already-built arguments.
std::string callRepr(Object* mod, std::string_view name, std::vector<Ref<Object>> args)
{
    std::vector<Object*> raw;
    for (auto& a : args) raw.push_back(a.get());
    Ref<Object> f = getAttr(mod, name);
    return reprText(call(f.get(), CallArgs {raw.data(), raw.size(), nullptr}).get());
}

Ref<Object> I(int64_t v)
{
    return newInt(v);
}

Ref<Object> F(double v)
{
    return newFloat(v);
}

Ref<Object> big(const char* digits)
{
    return newIntFromString(digits);
}

std::string raisedBy(Object* mod, std::string_view name, std::vector<Ref<Object>> args)
{
    try {
        callRepr(mod, name, std::move(args));
    } catch (const PyException& e) {
        return e.exception()->type()->name() + ": " + strText(e.exception().get());
    }
    return "nothing raised";
}

} // namespace

class TestStdlibMath : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // python3 -c "import math; vals = [math.sqrt(2), math.floor(-2.5), ...]; print('|'.join(repr(v) for v in vals))"
    void values()
    {
        Run run("math");
        Object* m = run.mod.get();
        QCOMPARE(callRepr(m, "sqrt", {I(2)}), std::string("1.4142135623730951"));
        QCOMPARE(callRepr(m, "floor", {F(-2.5)}), std::string("-3"));
        QCOMPARE(callRepr(m, "ceil", {F(2.1)}), std::string("3"));
        QCOMPARE(callRepr(m, "trunc", {F(-3.9)}), std::string("-3"));
        QCOMPARE(callRepr(m, "floor", {F(1e20)}), std::string("100000000000000000000"));
        QCOMPARE(callRepr(m, "exp", {I(1)}), std::string("2.718281828459045"));
        QCOMPARE(callRepr(m, "log", {I(100), I(10)}), std::string("2.0"));
        QCOMPARE(callRepr(m, "log", {I(8), I(2)}), std::string("3.0"));
        QCOMPARE(callRepr(m, "log2", {I(1024)}), std::string("10.0"));
        QCOMPARE(callRepr(m, "log10", {I(1000)}), std::string("3.0"));
        Ref<Object> twoPow1000 = binaryOp(I(2).get(), I(1000).get(), BinaryOp::Pow);
        QCOMPARE(callRepr(m, "log", {twoPow1000}), std::string("693.1471805599454"));
        QCOMPARE(callRepr(m, "sin", {I(1)}), std::string("0.8414709848078965"));
        QCOMPARE(callRepr(m, "atan2", {I(1), I(-1)}), std::string("2.356194490192345"));
        QCOMPARE(callRepr(m, "hypot", {I(3), I(4)}), std::string("5.0"));
        QCOMPARE(callRepr(m, "hypot", {I(1), I(2), I(3)}), std::string("3.7416573867739413"));
        QCOMPARE(callRepr(m, "gcd", {I(12), I(18), I(27)}), std::string("3"));
        QCOMPARE(callRepr(m, "gcd", {big("1208925819614629174706176"), big("3541774862152233910272")}),
                 std::string("1180591620717411303424"));
        QCOMPARE(callRepr(m, "lcm", {I(4), I(6), I(10)}), std::string("60"));
        QCOMPARE(callRepr(m, "factorial", {I(25)}), std::string("15511210043330985984000000"));
        QCOMPARE(callRepr(m, "comb", {I(50), I(20)}), std::string("47129212243960"));
        QCOMPARE(callRepr(m, "perm", {I(10), I(3)}), std::string("720"));
        QCOMPARE(callRepr(m, "perm", {I(5)}), std::string("120"));
        QCOMPARE(callRepr(m, "prod", {newList({I(1), I(2), I(3), I(4)})}), std::string("24"));
        std::vector<Ref<Object>> tenths(10, F(0.1));
        QCOMPARE(callRepr(m, "fsum", {newList(tenths)}), std::string("1.0"));
        QCOMPARE(callRepr(m, "fsum", {newList({F(1e100), F(1.0), F(-1e100), F(1e-100)})}), std::string("1.0"));
        QCOMPARE(callRepr(m, "copysign", {I(3), F(-0.0)}), std::string("-3.0"));
        QCOMPARE(callRepr(m, "degrees", {F(3.141592653589793 / 3)}), std::string("59.99999999999999"));
        QCOMPARE(callRepr(m, "radians", {I(180)}), std::string("3.141592653589793"));
        QCOMPARE(callRepr(m, "modf", {F(-3.25)}), std::string("(-0.25, -3.0)"));
        QCOMPARE(callRepr(m, "fmod", {I(-7), I(3)}), std::string("-1.0"));
        QCOMPARE(callRepr(m, "isclose", {F(1.0), F(1.0 + 1e-10)}), std::string("True"));
        QCOMPARE(callRepr(m, "isclose", {F(1.0), F(1.1)}), std::string("False"));
        QCOMPARE(callRepr(m, "isqrt", {big("100000000000000000001")}), std::string("10000000000"));
        QCOMPARE(callRepr(m, "pow", {I(2), F(0.5)}), std::string("1.4142135623730951"));
        QCOMPARE(callRepr(m, "fabs", {I(-2)}), std::string("2.0"));
        QCOMPARE(reprText(getAttr(m, "pi").get()), std::string("3.141592653589793"));
        QCOMPARE(reprText(getAttr(m, "tau").get()), std::string("6.283185307179586"));
        QCOMPARE(reprText(getAttr(m, "e").get()), std::string("2.718281828459045"));
        QCOMPARE(reprText(getAttr(m, "inf").get()), std::string("inf"));
    }

    // prod's keyword-only start: python3 -c "import math; print(math.prod([], start=5))"
    void prodStart()
    {
        Run run("math");
        Ref<Object> prod = getAttr(run.mod.get(), "prod");
        Ref<Object> empty = newList();
        Ref<Object> five = I(5);
        Ref<TupleObject> names = newTuple({newStr("start").get()});
        Object* items[] = {empty.get(), five.get()};
        QCOMPARE(reprText(call(prod.get(), CallArgs {items, 1, names.get()}).get()), std::string("5"));
    }

    // python3 -c "import math; math.sqrt(-1)" and the rest: type and message of each error.
    void errors()
    {
        Run run("math");
        Object* m = run.mod.get();
        QCOMPARE(raisedBy(m, "sqrt", {I(-1)}), std::string("ValueError: math domain error"));
        QCOMPARE(raisedBy(m, "log", {I(0)}), std::string("ValueError: math domain error"));
        QCOMPARE(raisedBy(m, "exp", {I(1000)}), std::string("OverflowError: math range error"));
        QCOMPARE(raisedBy(m, "factorial", {I(-1)}), std::string("ValueError: factorial() not defined for negative values"));
        QCOMPARE(raisedBy(m, "factorial", {F(1.5)}),
                 std::string("TypeError: 'float' object cannot be interpreted as an integer"));
        QCOMPARE(raisedBy(m, "sqrt", {newStr("x")}), std::string("TypeError: must be real number, not str"));
        QCOMPARE(raisedBy(m, "floor", {F(HUGE_VAL)}), std::string("OverflowError: cannot convert float infinity to integer"));
        QCOMPARE(raisedBy(m, "fsum", {newList({F(HUGE_VAL), F(-HUGE_VAL)})}), std::string("ValueError: -inf + inf in fsum"));
        QCOMPARE(raisedBy(m, "pow", {I(0), I(-1)}), std::string("ValueError: math domain error"));
        QCOMPARE(raisedBy(m, "comb", {I(-1), I(2)}), std::string("ValueError: n must be a non-negative integer"));
        QCOMPARE(raisedBy(m, "fmod", {I(1), I(0)}), std::string("ValueError: math domain error"));
        QCOMPARE(raisedBy(m, "log", {I(2), I(1)}), std::string("ZeroDivisionError: float division by zero"));
        QCOMPARE(raisedBy(m, "isqrt", {I(-1)}), std::string("ValueError: isqrt() argument must be nonnegative"));
        QCOMPARE(raisedBy(m, "fsum", {newList({F(1e308), F(1e308)})}),
                 std::string("OverflowError: intermediate overflow in fsum"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibMath)
#include "tst_stdlib_math.moc"
