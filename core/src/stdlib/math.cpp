// The math module: CPython 3.11's functions, results and error messages ("math domain error"
// for arguments outside the domain, "math range error" when a finite argument overflows).

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <memory>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <limits>
#include <numbers>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

[[noreturn]] void domainError()
{
    raise(types().ValueError, "math domain error");
}

[[noreturn]] void rangeError()
{
    raise(types().OverflowError, "math range error");
}

Object* oneArg(std::string_view name, const CallArgs& args)
{
    noKeywords(name, args);
    if (args.nargs != 1)
        raise(types().TypeError,
              std::string(name) + "() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    return args[0];
}

void exactArgs(std::string_view name, const CallArgs& args, size_t n)
{
    noKeywords(name, args);
    if (args.nargs != n)
        raise(types().TypeError, std::string(name) + " expected " + std::to_string(n) + " arguments, got "
                                     + std::to_string(args.nargs));
}

/// CPython's math_1: NaN from a non-NaN argument is a domain error; an infinite result from a
/// finite argument is a range error when the function can overflow, else a domain error.
double math1(double x, double (*f)(double), bool canOverflow)
{
    const double r = f(x);
    if (std::isnan(r) && !std::isnan(x)) domainError();
    if (std::isinf(r) && std::isfinite(x)) {
        if (canOverflow) rangeError();
        domainError();
    }
    return r;
}

#define LOOPSCOPE_MATH1(fname, cfunc, overflow)                                                            \
    Ref<Object> math_##fname(Object*, CallArgs args)                                                       \
    {                                                                                                      \
        return newFloat(math1(toDouble(oneArg(#fname, args)), [](double v) { return cfunc(v); }, overflow)); \
    }

LOOPSCOPE_MATH1(sqrt, std::sqrt, false)
LOOPSCOPE_MATH1(exp, std::exp, true)
LOOPSCOPE_MATH1(exp2, std::exp2, true)
LOOPSCOPE_MATH1(expm1, std::expm1, true)
LOOPSCOPE_MATH1(cbrt, std::cbrt, false)
LOOPSCOPE_MATH1(sin, std::sin, false)
LOOPSCOPE_MATH1(cos, std::cos, false)
LOOPSCOPE_MATH1(tan, std::tan, false)
LOOPSCOPE_MATH1(asin, std::asin, false)
LOOPSCOPE_MATH1(acos, std::acos, false)
LOOPSCOPE_MATH1(atan, std::atan, false)
LOOPSCOPE_MATH1(sinh, std::sinh, true)
LOOPSCOPE_MATH1(cosh, std::cosh, true)
LOOPSCOPE_MATH1(tanh, std::tanh, false)
LOOPSCOPE_MATH1(asinh, std::asinh, false)
LOOPSCOPE_MATH1(acosh, std::acosh, false)
LOOPSCOPE_MATH1(atanh, std::atanh, false)
LOOPSCOPE_MATH1(erf, std::erf, false)
LOOPSCOPE_MATH1(erfc, std::erfc, false)
LOOPSCOPE_MATH1(fabs, std::fabs, false)
#undef LOOPSCOPE_MATH1

/// CPython's loghelper: ints too large for a double are split as x * 2**e with x in [0.5, 1).
double logHelper(Object* x, double (*func)(double))
{
    if (isInt(x)) {
        if (richCompareBool(x, newInt(0).get(), CompareOp::Le)) domainError();
        try {
            return func(toDouble(x));
        } catch (const PyException& e) {
            if (e.exception()->type() != types().OverflowError) throw;
        }
        const int64_t bits = bitLength(x);
        const int64_t shift = bits - 63;
        Ref<Object> top = binaryOp(x, newInt(shift).get(), BinaryOp::RShift);
        const double mantissa = std::ldexp(toDouble(top.get()), -63);
        return func(mantissa) + func(2.0) * static_cast<double>(bits);
    }
    const double d = toDouble(x);
    if (std::isnan(d) || (std::isinf(d) && d > 0)) return d;
    if (d <= 0) domainError();
    return func(d);
}

double naturalLog(double v)
{
    return std::log(v);
}

Ref<Object> math_log(Object*, CallArgs args)
{
    noKeywords("log", args);
    if (args.nargs < 1 || args.nargs > 2)
        raise(types().TypeError, args.nargs < 1 ? "log expected at least 1 argument, got 0"
                                                : "log expected at most 2 arguments, got " + std::to_string(args.nargs));
    double num = logHelper(args[0], naturalLog);
    if (args.nargs == 2) {
        const double den = logHelper(args[1], naturalLog);
        if (den == 0.0) raise(types().ZeroDivisionError, "float division by zero");
        num /= den;
    }
    return newFloat(num);
}

Ref<Object> math_log2(Object*, CallArgs args)
{
    return newFloat(logHelper(oneArg("log2", args), [](double v) { return std::log2(v); }));
}

Ref<Object> math_log10(Object*, CallArgs args)
{
    return newFloat(logHelper(oneArg("log10", args), [](double v) { return std::log10(v); }));
}

Ref<Object> math_log1p(Object*, CallArgs args)
{
    const double x = toDouble(oneArg("log1p", args));
    if (x <= -1.0) domainError();
    return newFloat(std::log1p(x));
}

/// floor/ceil/trunc: ints pass through, floats become ints, other types use their dunder.
Ref<Object> rounding(std::string_view name, const char* dunder, double (*f)(double), CallArgs args)
{
    Object* x = oneArg(name, args);
    if (isInt(x)) return call(types().int_, {x});
    if (isFloat(x)) return intFromDouble(f(floatValue(x)));
    if (Object* method = x->type()->lookup(dunder)) return call(method, {x});
    if (name == "trunc") raise(types().TypeError, "type " + typeName(x) + " doesn't define __trunc__ method");
    return intFromDouble(f(toDouble(x)));
}

Ref<Object> math_floor(Object*, CallArgs args)
{
    return rounding("floor", "__floor__", [](double v) { return std::floor(v); }, args);
}

Ref<Object> math_ceil(Object*, CallArgs args)
{
    return rounding("ceil", "__ceil__", [](double v) { return std::ceil(v); }, args);
}

Ref<Object> math_trunc(Object*, CallArgs args)
{
    return rounding("trunc", "__trunc__", [](double v) { return std::trunc(v); }, args);
}

Ref<Object> math_pow(Object*, CallArgs args)
{
    exactArgs("pow", args, 2);
    const double x = toDouble(args[0]);
    const double y = toDouble(args[1]);
    // C99 Annex F gives the special cases Python wants (pow(1, nan) == 1, pow(-inf, 0.5) == inf ...).
    const double r = std::pow(x, y);
    if (std::isfinite(x) && std::isfinite(y)) {
        if (std::isnan(r)) domainError();
        if (std::isinf(r)) {
            if (x == 0.0) domainError(); // 0 ** negative
            rangeError();
        }
    }
    return newFloat(r);
}

Ref<Object> math_atan2(Object*, CallArgs args)
{
    exactArgs("atan2", args, 2);
    return newFloat(std::atan2(toDouble(args[0]), toDouble(args[1])));
}

Ref<Object> math_copysign(Object*, CallArgs args)
{
    exactArgs("copysign", args, 2);
    return newFloat(std::copysign(toDouble(args[0]), toDouble(args[1])));
}

Ref<Object> math_fmod(Object*, CallArgs args)
{
    exactArgs("fmod", args, 2);
    const double x = toDouble(args[0]);
    const double y = toDouble(args[1]);
    if (std::isinf(y) && std::isfinite(x)) return newFloat(x);
    const double r = std::fmod(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) domainError();
    return newFloat(r);
}

Ref<Object> math_modf(Object*, CallArgs args)
{
    const double x = toDouble(oneArg("modf", args));
    double whole = 0;
    double frac = 0;
    if (std::isinf(x)) {
        whole = x;
        frac = std::copysign(0.0, x);
    } else {
        frac = std::modf(x, &whole);
    }
    Ref<Object> f = newFloat(frac);
    Ref<Object> w = newFloat(whole);
    return newTuple({f.get(), w.get()});
}

Ref<Object> math_degrees(Object*, CallArgs args)
{
    return newFloat(toDouble(oneArg("degrees", args)) * (180.0 / std::numbers::pi));
}

Ref<Object> math_radians(Object*, CallArgs args)
{
    return newFloat(toDouble(oneArg("radians", args)) * (std::numbers::pi / 180.0));
}

Ref<Object> math_isfinite(Object*, CallArgs args)
{
    return newRef(boolObject(std::isfinite(toDouble(oneArg("isfinite", args)))));
}

Ref<Object> math_isinf(Object*, CallArgs args)
{
    return newRef(boolObject(std::isinf(toDouble(oneArg("isinf", args)))));
}

Ref<Object> math_isnan(Object*, CallArgs args)
{
    return newRef(boolObject(std::isnan(toDouble(oneArg("isnan", args)))));
}

Ref<Object> math_isclose(Object*, CallArgs args)
{
    Object* a[4] = {};
    parseArgs("isclose", args, {"a", "b", "*rel_tol=", "abs_tol="}, a);
    const double x = toDouble(a[0]);
    const double y = toDouble(a[1]);
    const double relTol = a[2] ? toDouble(a[2]) : 1e-09;
    const double absTol = a[3] ? toDouble(a[3]) : 0.0;
    if (relTol < 0.0 || absTol < 0.0) raise(types().ValueError, "tolerances must be non-negative");
    if (x == y) return newRef(True());
    if (std::isinf(x) || std::isinf(y)) return newRef(False());
    const double diff = std::fabs(y - x);
    const bool close = diff <= std::fabs(relTol * y) || diff <= std::fabs(relTol * x) || diff <= absTol;
    return newRef(boolObject(close));
}

Ref<Object> math_hypot(Object*, CallArgs args)
{
    noKeywords("hypot", args);
    double result = 0.0;
    bool sawNan = false;
    bool sawInf = false;
    for (size_t i = 0; i < args.nargs; ++i) {
        const double v = toDouble(args[i]);
        sawNan |= std::isnan(v);
        sawInf |= std::isinf(v);
        result = std::hypot(result, v);
    }
    if (sawInf) return newFloat(std::numeric_limits<double>::infinity());
    if (sawNan) return newFloat(std::numeric_limits<double>::quiet_NaN());
    return newFloat(result);
}

// ---------------------------------------------------------------------------------------------
// Integer functions (big ints go through the int type's own arithmetic).

/// abs() of an int, as an exact int (bool becomes int).
Ref<Object> absInt(Object* x)
{
    const bool negative = richCompareBool(x, newInt(0).get(), CompareOp::Lt);
    Ref<Object> magnitude = unaryOp(x, negative ? UnaryOp::Neg : UnaryOp::Pos);
    return call(types().int_, {magnitude.get()});
}

Ref<Object> gcd2(Ref<Object> a, Ref<Object> b)
{
    int64_t x = 0;
    int64_t y = 0;
    Ref<Object> zero = newInt(0);
    while (!(intFits(a.get(), x) && intFits(b.get(), y))) {
        if (richCompareBool(b.get(), zero.get(), CompareOp::Eq)) return a;
        Ref<Object> r = binaryOp(a.get(), b.get(), BinaryOp::Mod);
        a = b;
        b = r;
    }
    auto ux = static_cast<uint64_t>(x);
    auto uy = static_cast<uint64_t>(y); // both non-negative here
    while (uy) {
        const uint64_t r = ux % uy;
        ux = uy;
        uy = r;
    }
    if (ux > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return absInt(a.get());
    return newInt(static_cast<int64_t>(ux));
}

Ref<Object> math_gcd(Object*, CallArgs args)
{
    noKeywords("gcd", args);
    Ref<Object> g = newInt(0);
    for (size_t i = 0; i < args.nargs; ++i) g = gcd2(std::move(g), absInt(toIndex(args[i]).get()));
    return g;
}

Ref<Object> math_lcm(Object*, CallArgs args)
{
    noKeywords("lcm", args);
    Ref<Object> l = newInt(1);
    Ref<Object> zero = newInt(0);
    for (size_t i = 0; i < args.nargs; ++i) {
        Ref<Object> x = absInt(toIndex(args[i]).get());
        if (richCompareBool(x.get(), zero.get(), CompareOp::Eq)) {
            l = zero;
            continue;
        }
        if (richCompareBool(l.get(), zero.get(), CompareOp::Eq)) continue;
        Ref<Object> g = gcd2(l, x);
        l = binaryOp(binaryOp(l.get(), g.get(), BinaryOp::FloorDiv).get(), x.get(), BinaryOp::Mul);
    }
    return l;
}

/// n * (n-1) * ... * (n-k+1), multiplying in machine words while they fit.
Ref<Object> fallingProduct(int64_t n, int64_t k)
{
    Ref<Object> result = newInt(1);
    unsigned __int128 chunk = 1;
    for (int64_t i = 0; i < k; ++i) {
        const auto f = static_cast<unsigned __int128>(n - i);
        if (chunk * f > static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max())) {
            result = binaryOp(result.get(), newInt(static_cast<int64_t>(chunk)).get(), BinaryOp::Mul);
            chunk = 1;
        }
        chunk *= f;
    }
    return binaryOp(result.get(), newInt(static_cast<int64_t>(chunk)).get(), BinaryOp::Mul);
}

Ref<Object> math_factorial(Object*, CallArgs args)
{
    Object* x = oneArg("factorial", args);
    if (isFloat(x)) raise(types().TypeError, "'float' object cannot be interpreted as an integer");
    const int64_t n = toInt64(x);
    if (n < 0) raise(types().ValueError, "factorial() not defined for negative values");
    return fallingProduct(n, n);
}

void nonNegative(int64_t v, const char* what)
{
    if (v < 0) raise(types().ValueError, std::string(what) + " must be a non-negative integer");
}

Ref<Object> math_perm(Object*, CallArgs args)
{
    noKeywords("perm", args);
    if (args.nargs < 1 || args.nargs > 2)
        raise(types().TypeError, "perm expected at most 2 arguments, got " + std::to_string(args.nargs));
    const int64_t n = toInt64(args[0]);
    nonNegative(n, "n");
    if (args.nargs == 1 || args[1] == None()) return fallingProduct(n, n);
    const int64_t k = toInt64(args[1]);
    nonNegative(k, "k");
    if (k > n) return newInt(0);
    return fallingProduct(n, k);
}

Ref<Object> math_comb(Object*, CallArgs args)
{
    exactArgs("comb", args, 2);
    const int64_t n = toInt64(args[0]);
    const int64_t k0 = toInt64(args[1]);
    nonNegative(n, "n");
    nonNegative(k0, "k");
    if (k0 > n) return newInt(0);
    const int64_t k = std::min(k0, n - k0);
    Ref<Object> result = newInt(1);
    // After step i the value is C(n-k+i, i): always an integer, so the floor division is exact.
    for (int64_t i = 1; i <= k; ++i) {
        result = binaryOp(result.get(), newInt(n - k + i).get(), BinaryOp::Mul);
        result = binaryOp(result.get(), newInt(i).get(), BinaryOp::FloorDiv);
    }
    return result;
}

Ref<Object> math_isqrt(Object*, CallArgs args)
{
    Ref<Object> n = toIndex(oneArg("isqrt", args));
    Ref<Object> zero = newInt(0);
    if (richCompareBool(n.get(), zero.get(), CompareOp::Lt))
        raise(types().ValueError, "isqrt() argument must be nonnegative");
    if (richCompareBool(n.get(), zero.get(), CompareOp::Eq)) return zero;
    // Newton's method from above: x starts at a power of two >= sqrt(n) and decreases to floor(sqrt(n)).
    Ref<Object> x = binaryOp(newInt(1).get(), newInt((bitLength(n.get()) + 1) / 2).get(), BinaryOp::LShift);
    for (;;) {
        Ref<Object> y = binaryOp(
                binaryOp(x.get(), binaryOp(n.get(), x.get(), BinaryOp::FloorDiv).get(), BinaryOp::Add).get(),
                newInt(2).get(), BinaryOp::FloorDiv);
        if (richCompareBool(y.get(), x.get(), CompareOp::Ge)) return x;
        x = y;
    }
}

Ref<Object> math_prod(Object*, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("prod", args, {"iterable", "*start="}, a);
    Ref<Object> result = a[1] ? newRef(a[1]) : newInt(1);
    Ref<Object> it = getIter(a[0]);
    while (Ref<Object> item = iterNext(it.get())) result = binaryOp(result.get(), item.get(), BinaryOp::Mul);
    return result;
}

/// Shewchuk's exact summation: `partials` are non-overlapping and their exact sum is the running total.
Ref<Object> math_fsum(Object*, CallArgs args)
{
    Object* iterable = oneArg("fsum", args);
    std::vector<double> partials;
    double specialSum = 0.0;
    double infSum = 0.0;
    Ref<Object> it = getIter(iterable);
    while (Ref<Object> item = iterNext(it.get())) {
        double x = toDouble(item.get());
        const double original = x;
        size_t kept = 0;
        for (double y : partials) {
            if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
            const double hi = x + y;
            const double lo = y - (hi - x);
            if (lo != 0.0) partials[kept++] = lo;
            x = hi;
        }
        partials.resize(kept);
        if (x == 0.0) continue;
        if (!std::isfinite(x)) {
            // A non-finite sum of finite values overflowed; otherwise keep the infinities aside.
            if (std::isfinite(original)) raise(types().OverflowError, "intermediate overflow in fsum");
            if (std::isinf(original)) infSum += original;
            specialSum += original;
            partials.clear();
        } else {
            partials.push_back(x);
        }
    }
    if (specialSum != 0.0) {
        if (std::isnan(infSum)) raise(types().ValueError, "-inf + inf in fsum");
        return newFloat(specialSum);
    }
    double hi = 0.0;
    size_t n = partials.size();
    if (n > 0) {
        hi = partials[--n];
        double lo = 0.0;
        while (n > 0) {
            const double x = hi;
            const double y = partials[--n];
            hi = x + y;
            lo = y - (hi - x);
            if (lo != 0.0) break;
        }
        // Round half-even correctly when the next partial pushes the tie one way.
        if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
            const double y = lo * 2.0;
            const double x = hi + y;
            if (y == x - hi) hi = x;
        }
    }
    return newFloat(hi);
}

} // namespace

Ref<Object> makeMathModule(ModuleContext&)
{
    Ref<Object> m = newModule("math");
    Object* mod = m.get();
    setModuleAttr(mod, "pi", newFloat(std::numbers::pi).get());
    setModuleAttr(mod, "e", newFloat(std::numbers::e).get());
    setModuleAttr(mod, "tau", newFloat(2 * std::numbers::pi).get());
    setModuleAttr(mod, "inf", newFloat(std::numeric_limits<double>::infinity()).get());
    setModuleAttr(mod, "nan", newFloat(std::numeric_limits<double>::quiet_NaN()).get());
    const std::pair<const char*, NativeFn> functions[] = {
            {"sqrt", math_sqrt},       {"exp", math_exp},         {"exp2", math_exp2},
            {"expm1", math_expm1},     {"cbrt", math_cbrt},       {"sin", math_sin},
            {"cos", math_cos},         {"tan", math_tan},         {"asin", math_asin},
            {"acos", math_acos},       {"atan", math_atan},       {"sinh", math_sinh},
            {"cosh", math_cosh},       {"tanh", math_tanh},       {"asinh", math_asinh},
            {"acosh", math_acosh},     {"atanh", math_atanh},     {"erf", math_erf},
            {"erfc", math_erfc},       {"fabs", math_fabs},       {"log", math_log},
            {"log2", math_log2},       {"log10", math_log10},     {"log1p", math_log1p},
            {"floor", math_floor},     {"ceil", math_ceil},       {"trunc", math_trunc},
            {"pow", math_pow},         {"atan2", math_atan2},     {"copysign", math_copysign},
            {"fmod", math_fmod},       {"modf", math_modf},       {"degrees", math_degrees},
            {"radians", math_radians}, {"isfinite", math_isfinite}, {"isinf", math_isinf},
            {"isnan", math_isnan},     {"isclose", math_isclose}, {"hypot", math_hypot},
            {"gcd", math_gcd},         {"lcm", math_lcm},         {"factorial", math_factorial},
            {"perm", math_perm},       {"comb", math_comb},       {"isqrt", math_isqrt},
            {"prod", math_prod},       {"fsum", math_fsum},
    };
    for (const auto& [name, fn] : functions) addFunction(mod, name, fn);
    return m;
}

} // namespace loopscope
