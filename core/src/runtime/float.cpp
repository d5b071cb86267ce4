// float: IEEE doubles with Python's floor division, modulo, pow special cases and exact int comparisons.
#include "runtime/objects.h"
#include "support/floatrepr.h"
#include "support/formatspec.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace loopscope {

using namespace detail;

namespace {

Ref<Object> notImpl() { return Ref<Object>(NotImplemented()); }

// Converts an int or float operand; false when the operand is neither.
bool toDouble(Object* o, double& out)
{
    if (isFloat(o)) {
        out = static_cast<FloatObject*>(o)->value();
        return true;
    }
    if (isInt(o)) {
        out = intToDouble(o);
        return true;
    }
    return false;
}

#define OPERANDS(a, b)                                                                                                 \
    double x, y;                                                                                                       \
    if (!toDouble(a, x) || !toDouble(b, y)) return notImpl();

Ref<Object> floatAdd(Object* a, Object* b)
{
    OPERANDS(a, b)
    return newFloat(x + y);
}
Ref<Object> floatSub(Object* a, Object* b)
{
    OPERANDS(a, b)
    return newFloat(x - y);
}
Ref<Object> floatMul(Object* a, Object* b)
{
    OPERANDS(a, b)
    return newFloat(x * y);
}
Ref<Object> floatTrueDiv(Object* a, Object* b)
{
    OPERANDS(a, b)
    if (y == 0.0) raise(types().ZeroDivisionError, "float division by zero");
    return newFloat(x / y);
}

// CPython's _float_div_mod.
void divMod(double vx, double wx, double& floordiv, double& mod)
{
    mod = std::fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod) {
        if ((wx < 0) != (mod < 0)) {
            mod += wx;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, wx);
    }
    if (div) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, vx / wx);
    }
}

Ref<Object> floatFloorDiv(Object* a, Object* b)
{
    OPERANDS(a, b)
    if (y == 0.0) raise(types().ZeroDivisionError, "float floor division by zero");
    double q, r;
    divMod(x, y, q, r);
    return newFloat(q);
}

Ref<Object> floatMod(Object* a, Object* b)
{
    OPERANDS(a, b)
    if (y == 0.0) raise(types().ZeroDivisionError, "float modulo");
    double mod = std::fmod(x, y);
    if (mod) {
        if ((y < 0) != (mod < 0)) mod += y;
    } else {
        mod = std::copysign(0.0, y);
    }
    return newFloat(mod);
}

Ref<Object> floatPowSlot(Object* a, Object* b)
{
    OPERANDS(a, b)
    return floatPow(x, y);
}

Ref<Object> floatNeg(Object* a) { return newFloat(-floatValue(a)); }
Ref<Object> floatPos(Object* a) { return a->type() == types().float_ ? Ref<Object>(a) : newFloat(floatValue(a)); }
Ref<Object> floatAbs(Object* a) { return newFloat(std::fabs(floatValue(a))); }
bool floatBool(Object* a) { return floatValue(a) != 0.0; }
Ref<Object> floatRepr(Object* a) { return newStr(support::floatRepr(floatValue(a))); }
int64_t floatHash(Object* a) { return hashDouble(floatValue(a)); }

Ref<Object> floatToIntSlot(Object* a)
{
    double d = floatValue(a);
    if (std::isinf(d)) raise(types().OverflowError, "cannot convert float infinity to integer");
    if (std::isnan(d)) raise(types().ValueError, "cannot convert float NaN to integer");
    double t = std::trunc(d);
    if (t >= -9.2e18 && t <= 9.2e18) return newInt(static_cast<int64_t>(t));
    mpz_t z;
    mpz_init_set_d(z, t);
    Ref<Object> r = intFromMpz(z);
    mpz_clear(z);
    return r;
}

Ref<Object> floatToFloat(Object* a) { return floatPos(a); }

bool compareDoubles(double x, double y, CompareOp op)
{
    switch (op) {
    case CompareOp::Lt: return x < y;
    case CompareOp::Le: return x <= y;
    case CompareOp::Eq: return x == y;
    case CompareOp::Ne: return x != y;
    case CompareOp::Gt: return x > y;
    case CompareOp::Ge: return x >= y;
    }
    return false;
}

Ref<Object> floatRichCompare(Object* a, Object* b, CompareOp op)
{
    double x = floatValue(a);
    if (isFloat(b)) return Ref<Object>(boolObject(compareDoubles(x, floatValue(b), op)));
    if (!isInt(b)) return notImpl();
    bool unordered;
    // compareIntDouble answers int-vs-double; negate for double-vs-int.
    int c = -compareIntDouble(b, x, unordered);
    if (unordered) return Ref<Object>(boolObject(op == CompareOp::Ne));
    switch (op) {
    case CompareOp::Lt: return Ref<Object>(boolObject(c < 0));
    case CompareOp::Le: return Ref<Object>(boolObject(c <= 0));
    case CompareOp::Eq: return Ref<Object>(boolObject(c == 0));
    case CompareOp::Ne: return Ref<Object>(boolObject(c != 0));
    case CompareOp::Gt: return Ref<Object>(boolObject(c > 0));
    case CompareOp::Ge: return Ref<Object>(boolObject(c >= 0));
    }
    return notImpl();
}

double toFloatValue(Object* x)
{
    if (isFloat(x)) return floatValue(x);
    if (isInt(x)) return intToDouble(x);
    if (isStr(x)) {
        double d;
        if (!support::parseFloat(strView(x), d))
            raise(types().ValueError, "could not convert string to float: " + strRepr(strView(x)));
        return d;
    }
    const TypeSlots& s = x->type()->slots;
    if (s.toFloat) return floatValue(s.toFloat(x).get());
    if (s.index) return intToDouble(s.index(x).get());
    raise(types().TypeError, "float() argument must be a string or a real number, not '" + typeName(x) + "'");
}

Ref<Object> floatNew(TypeObject* type, CallArgs args)
{
    checkArgCount("float", args, 0, 1);
    double d = args.nargs ? toFloatValue(args[0]) : 0.0;
    if (type == types().float_) {
        if (args.nargs && args[0]->type() == types().float_) return Ref<Object>(args[0]);
        return newFloat(d);
    }
    return Ref<Object>(new WithDict<FloatObject>(type, d));
}

Ref<Object> floatIsInteger(Object* self, CallArgs args)
{
    checkArgCount("is_integer", args, 0, 0);
    double d = floatValue(self);
    return Ref<Object>(boolObject(std::isfinite(d) && std::trunc(d) == d));
}

Ref<Object> floatAsIntegerRatio(Object* self, CallArgs args)
{
    checkArgCount("as_integer_ratio", args, 0, 0);
    double d = floatValue(self);
    if (std::isinf(d)) raise(types().OverflowError, "cannot convert Infinity to integer ratio");
    if (std::isnan(d)) raise(types().ValueError, "cannot convert NaN to integer ratio");
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, d);
    Ref<Object> num = intFromMpz(mpq_numref(q));
    Ref<Object> den = intFromMpz(mpq_denref(q));
    mpq_clear(q);
    return newTuple({ num.get(), den.get() });
}

Ref<Object> floatConjugate(Object* self, CallArgs) { return floatPos(self); }
Ref<Object> floatImag(Object*, CallArgs) { return newFloat(0.0); }
Ref<Object> floatTrunc(Object* self, CallArgs) { return floatToIntSlot(self); }
Ref<Object> floatFloor(Object* self, CallArgs)
{
    Ref<Object> f = newFloat(std::floor(floatValue(self)));
    return floatToIntSlot(f.get());
}
Ref<Object> floatCeil(Object* self, CallArgs)
{
    Ref<Object> f = newFloat(std::ceil(floatValue(self)));
    return floatToIntSlot(f.get());
}

// round(x, n): the decimal value nearest to x with n digits (exact arithmetic), then the nearest double.
double roundToDigits(double x, int64_t nd)
{
    if (!std::isfinite(x) || x == 0.0) return x;
    if (nd > 330) return x;
    if (nd < -330) return std::copysign(0.0, x);
    mpq_t q;
    mpq_init(q);
    mpq_set_d(q, x);
    mpz_t scale, n, r, twice;
    mpz_inits(scale, n, r, twice, nullptr);
    mpz_ui_pow_ui(scale, 10, static_cast<unsigned long>(nd < 0 ? -nd : nd));
    // value * 10**nd as num/den
    mpz_t num, den;
    mpz_init_set(num, mpq_numref(q));
    mpz_init_set(den, mpq_denref(q));
    if (nd >= 0)
        mpz_mul(num, num, scale);
    else
        mpz_mul(den, den, scale);
    mpz_fdiv_qr(n, r, num, den);
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, den);
    if (c > 0 || (c == 0 && mpz_odd_p(n))) mpz_add_ui(n, n, 1);
    std::string text(mpz_sizeinbase(n, 10) + 2, '\0');
    mpz_get_str(text.data(), 10, n);
    text.resize(std::strlen(text.c_str()));
    text += "e" + std::to_string(-nd);
    double result = std::strtod(text.c_str(), nullptr);
    mpz_clears(scale, n, r, twice, num, den, nullptr);
    mpq_clear(q);
    if (result == 0.0) result = std::copysign(0.0, x);
    if (std::isinf(result)) raise(types().OverflowError, "rounded value too large to represent");
    return result;
}

Ref<Object> floatRound(Object* self, CallArgs args)
{
    checkArgCount("__round__", args, 0, 1);
    double x = floatValue(self);
    if (args.nargs == 0 || args[0] == None()) {
        double r = std::nearbyint(x); // the default rounding mode rounds halves to even
        Ref<Object> f = newFloat(r);
        return floatToIntSlot(f.get());
    }
    int64_t nd = indexClamped(args[0]);
    return newFloat(roundToDigits(x, nd));
}

Ref<Object> floatFormat(Object* self, CallArgs args)
{
    checkArgCount("__format__", args, 1, 1);
    if (!isStr(args[0])) raise(types().TypeError, "argument to __format__ must be str, not " + typeName(args[0]));
    support::FormatResult r = support::formatFloat(floatValue(self), strView(args[0]));
    if (!r.ok()) raiseFormatError(static_cast<int>(r.errorKind), r.error);
    return newStr(r.text);
}

Ref<Object> floatHex(Object* self, CallArgs)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%a", floatValue(self));
    return newStr(buf);
}

} // namespace

Ref<Object> newFloat(double value) { return Ref<Object>(new FloatObject(types().float_, value)); }

double floatValue(Object* o) { return static_cast<FloatObject*>(o)->value(); }

namespace detail {

Ref<Object> floatPow(double iv, double iw)
{
    if (iw == 0) return newFloat(1.0);
    if (std::isnan(iv)) return newFloat(iv == 1.0 ? 1.0 : iv);
    if (std::isnan(iw)) return newFloat(iv == 1.0 ? 1.0 : iw);
    if (std::isinf(iw)) {
        double a = std::fabs(iv);
        if (a == 1.0) return newFloat(1.0);
        if ((iw > 0) == (a > 1.0)) return newFloat(std::fabs(iw));
        return newFloat(0.0);
    }
    if (std::isinf(iv)) {
        bool oddInt = std::fmod(std::fabs(iw), 2.0) == 1.0;
        if (iw > 0) return newFloat(oddInt ? iv : std::fabs(iv));
        return newFloat(oddInt ? std::copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        bool oddInt = std::fmod(std::fabs(iw), 2.0) == 1.0;
        if (iw < 0.0) raise(types().ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return newFloat(oddInt ? iv : 0.0);
    }
    bool negate = false;
    if (iv < 0.0) {
        if (iw != std::floor(iw))
            raise(types().ValueError, "negative number cannot be raised to a fractional power (complex numbers are not supported)");
        iv = -iv;
        negate = std::fmod(std::fabs(iw), 2.0) == 1.0;
    }
    if (iv == 1.0) return newFloat(negate ? -1.0 : 1.0);
    errno = 0;
    double r = std::pow(iv, iw);
    if (std::isinf(r)) raise(types().OverflowError, "(34, 'Numerical result out of range')");
    return newFloat(negate ? -r : r);
}

void floatDivMod(double x, double y, double& q, double& r)
{
    if (y == 0.0) raise(types().ZeroDivisionError, "float divmod()");
    divMod(x, y, q, r);
}

void initFloat(BuiltinTypes& t)
{
    t.float_ = newStaticType("float", t.object);
    TypeSlots& s = t.float_->slots;
    s.repr = &floatRepr;
    s.hash = &floatHash;
    s.richcompare = &floatRichCompare;
    auto B = [&](BinaryOp op, slot::Binary f) { s.binary[static_cast<size_t>(op)] = f; };
    B(BinaryOp::Add, &floatAdd);
    B(BinaryOp::Sub, &floatSub);
    B(BinaryOp::Mul, &floatMul);
    B(BinaryOp::TrueDiv, &floatTrueDiv);
    B(BinaryOp::FloorDiv, &floatFloorDiv);
    B(BinaryOp::Mod, &floatMod);
    B(BinaryOp::Pow, &floatPowSlot);
    s.unary[static_cast<size_t>(UnaryOp::Neg)] = &floatNeg;
    s.unary[static_cast<size_t>(UnaryOp::Pos)] = &floatPos;
    s.abs = &floatAbs;
    s.boolean = &floatBool;
    s.toInt = &floatToIntSlot;
    s.toFloat = &floatToFloat;
    s.newObject = &floatNew;
    t.float_->subclassDict = &WithDict<FloatObject>::dictPtr;
    addMethod(t.float_, "is_integer", &floatIsInteger);
    addMethod(t.float_, "as_integer_ratio", &floatAsIntegerRatio);
    addMethod(t.float_, "conjugate", &floatConjugate);
    addMethod(t.float_, "__trunc__", &floatTrunc);
    addMethod(t.float_, "__floor__", &floatFloor);
    addMethod(t.float_, "__ceil__", &floatCeil);
    addMethod(t.float_, "__round__", &floatRound);
    addMethod(t.float_, "__format__", &floatFormat);
    addMethod(t.float_, "hex", &floatHex);
    addProperty(t.float_, "real", &floatConjugate);
    addProperty(t.float_, "imag", &floatImag);
    t.float_->finalize();
}

} // namespace detail

} // namespace loopscope
