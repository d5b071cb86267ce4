// int and bool: int64 fast paths, GMP beyond, Python's floor semantics and CPython's messages.
#include "runtime/objects.h"
#include "support/formatspec.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <loopscope/runtime/memory.h>

namespace loopscope {

using namespace detail;

namespace {

constexpr int64_t kSmallMin = -5;
constexpr int64_t kSmallMax = 256;
IntObject* g_small[kSmallMax - kSmallMin + 1];
constexpr int64_t kHashModulus = (int64_t(1) << 61) - 1;
// sys.set_int_max_str_digits(): per thread, because a run stays on one thread (0: no limit).
thread_local int64_t t_maxStrDigits = kDefaultIntMaxStrDigits;

// RAII mpz.
struct Mpz {
    mpz_t v;
    Mpz() { mpz_init(v); }
    explicit Mpz(const Object* o)
    {
        mpz_init(v);
        intToMpz(o, v);
    }
    ~Mpz() { mpz_clear(v); }
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
    operator mpz_ptr() { return v; }
    __mpz_struct* operator->() { return v; }
    const __mpz_struct* operator->() const { return v; }
    operator mpz_srcptr() const { return v; }
};

bool bothSmall(Object* a, Object* b, int64_t& x, int64_t& y)
{
    const IntObject* ia = asInt(a);
    const IntObject* ib = asInt(b);
    if (ia->isBig() || ib->isBig()) return false;
    x = ia->small();
    y = ib->small();
    return true;
}

Ref<Object> notImpl() { return Ref<Object>(NotImplemented()); }

#define REQUIRE_INTS(a, b)                                                                                             \
    if (!isInt(a) || !isInt(b)) return notImpl();

Ref<Object> intAdd(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    int64_t x, y, r;
    if (bothSmall(a, b, x, y) && !__builtin_add_overflow(x, y, &r)) return newInt(r);
    Mpz p(a), q(b);
    mpz_add(p, p, q);
    return intFromMpz(p);
}

Ref<Object> intSub(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    int64_t x, y, r;
    if (bothSmall(a, b, x, y) && !__builtin_sub_overflow(x, y, &r)) return newInt(r);
    Mpz p(a), q(b);
    mpz_sub(p, p, q);
    return intFromMpz(p);
}

Ref<Object> intMul(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    int64_t x, y, r;
    if (bothSmall(a, b, x, y) && !__builtin_mul_overflow(x, y, &r)) return newInt(r);
    Mpz p(a), q(b);
    mpz_mul(p, p, q);
    return intFromMpz(p);
}

Ref<Object> intFloorDiv(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) == 0) raise(types().ZeroDivisionError, "integer division or modulo by zero");
    int64_t x, y;
    if (bothSmall(a, b, x, y) && !(x == INT64_MIN && y == -1)) {
        int64_t q = x / y, r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) --q;
        return newInt(q);
    }
    Mpz p(a), q(b);
    mpz_fdiv_q(p, p, q);
    return intFromMpz(p);
}

Ref<Object> intMod(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) == 0) raise(types().ZeroDivisionError, "integer modulo by zero");
    int64_t x, y;
    if (bothSmall(a, b, x, y)) {
        if (y == -1) return newInt(0);
        int64_t r = x % y;
        if (r != 0 && ((r < 0) != (y < 0))) r += y;
        return newInt(r);
    }
    Mpz p(a), q(b);
    mpz_fdiv_r(p, p, q);
    return intFromMpz(p);
}

// a/b correctly rounded (CPython's long_true_divide result).
double trueDivide(mpz_srcptr num, mpz_srcptr den)
{
    Mpz a, b;
    mpz_abs(a, num);
    mpz_abs(b, den);
    bool negative = (mpz_sgn(num) < 0) != (mpz_sgn(den) < 0);
    if (mpz_sgn(a) == 0) return negative ? -0.0 : 0.0;
    long shift = static_cast<long>(mpz_sizeinbase(a, 2)) - static_cast<long>(mpz_sizeinbase(b, 2)) - 55;
    if (shift > 1100) raise(types().OverflowError, "integer division result too large for a float");
    if (shift < -1200) return negative ? -0.0 : 0.0;
    Mpz q, r;
    if (shift >= 0)
        mpz_mul_2exp(b, b, static_cast<mp_bitcnt_t>(shift));
    else
        mpz_mul_2exp(a, a, static_cast<mp_bitcnt_t>(-shift));
    mpz_tdiv_qr(q, r, a, b);
    // q has 55 or 56 bits; a sticky low bit keeps round-half-even exact.
    uint64_t bits = mpz_get_ui(q);
    if (mpz_sgn(r) != 0) bits |= 1;
    double d = std::ldexp(static_cast<double>(bits), static_cast<int>(shift));
    if (std::isinf(d)) raise(types().OverflowError, "integer division result too large for a float");
    return negative ? -d : d;
}

Ref<Object> intTrueDiv(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) == 0) raise(types().ZeroDivisionError, "division by zero");
    int64_t x, y;
    constexpr int64_t exact = int64_t(1) << 53;
    if (bothSmall(a, b, x, y) && x <= exact && x >= -exact && y <= exact && y >= -exact)
        return newFloat(static_cast<double>(x) / static_cast<double>(y));
    Mpz p(a), q(b);
    return newFloat(trueDivide(p, q));
}

Ref<Object> floatPowDouble(double x, double y) { return floatPow(x, y); }

Ref<Object> powModImpl(Object* a, Object* b, Object* m)
{
    if (intSign(m) == 0) raise(types().ValueError, "pow() 3rd argument cannot be 0");
    Mpz base(a), exp(b), mod(m), r;
    Mpz amod;
    mpz_abs(amod, mod);
    if (mpz_sgn(exp) < 0) {
        if (!mpz_invert(base, base, amod)) raise(types().ValueError, "base is not invertible for the given modulus");
        mpz_neg(exp, exp);
    }
    mpz_powm(r, base, exp, amod);
    // Python's result takes the sign of the modulus.
    if (mpz_sgn(mod) < 0 && mpz_sgn(r) != 0) mpz_add(r, r, mod);
    return intFromMpz(r);
}

Ref<Object> intPow(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) < 0) {
        if (intSign(a) == 0) raise(types().ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return floatPowDouble(intToDouble(a), intToDouble(b));
    }
    int64_t x, y;
    if (bothSmall(a, b, x, y)) {
        // Square-and-multiply while it stays in int64.
        int64_t result = 1, base = x, e = y;
        bool overflow = false;
        while (e > 0) {
            if (e & 1) {
                if (__builtin_mul_overflow(result, base, &result)) {
                    overflow = true;
                    break;
                }
            }
            e >>= 1;
            if (e > 0 && __builtin_mul_overflow(base, base, &base)) {
                overflow = true;
                break;
            }
        }
        if (!overflow) return newInt(result);
    }
    Mpz p(a);
    int64_t e;
    if (!intFits(b, e) || e > (int64_t(1) << 40)) {
        if (mpz_cmpabs_ui(p, 1) <= 0) {
            if (mpz_sgn(p) == 0) return newInt(0);
            if (mpz_cmp_ui(p, 1) == 0) return newInt(1);
            Mpz q(b);
            return newInt(mpz_even_p(q) ? 1 : -1);
        }
        raise(types().MemoryError, "");
    }
    mpz_pow_ui(p, p, static_cast<unsigned long>(e));
    return intFromMpz(p);
}

Ref<Object> intLShift(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) < 0) raise(types().ValueError, "negative shift count");
    int64_t x, y;
    if (bothSmall(a, b, x, y)) {
        if (x == 0) return newInt(0);
        if (y < 63) {
            int64_t r = x << y;
            if ((r >> y) == x) return newInt(r);
        }
    }
    int64_t s;
    if (!intFits(b, s) || s > (int64_t(1) << 40)) raise(types().OverflowError, "too many digits in integer");
    Mpz p(a);
    mpz_mul_2exp(p, p, static_cast<mp_bitcnt_t>(s));
    return intFromMpz(p);
}

Ref<Object> intRShift(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    if (intSign(b) < 0) raise(types().ValueError, "negative shift count");
    int64_t x, y;
    if (bothSmall(a, b, x, y)) return newInt(y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
    int64_t s;
    if (!intFits(b, s)) return newInt(intSign(a) < 0 ? -1 : 0);
    Mpz p(a);
    mpz_fdiv_q_2exp(p, p, static_cast<mp_bitcnt_t>(s));
    return intFromMpz(p);
}

template <int Kind>
Ref<Object> intBitwise(Object* a, Object* b)
{
    REQUIRE_INTS(a, b)
    int64_t x, y;
    if (bothSmall(a, b, x, y)) {
        int64_t r = Kind == 0 ? (x & y) : Kind == 1 ? (x | y) : (x ^ y);
        if (isBool(a) && isBool(b)) return Ref<Object>(boolObject(r != 0));
        return newInt(r);
    }
    Mpz p(a), q(b);
    if (Kind == 0) mpz_and(p, p, q);
    if (Kind == 1) mpz_ior(p, p, q);
    if (Kind == 2) mpz_xor(p, p, q);
    return intFromMpz(p);
}

Ref<Object> intNeg(Object* a)
{
    const IntObject* i = asInt(a);
    if (!i->isBig() && i->small() != INT64_MIN) return newInt(-i->small());
    Mpz p(a);
    mpz_neg(p, p);
    return intFromMpz(p);
}

Ref<Object> exactInt(Object* a)
{
    if (a->type() == types().int_) return Ref<Object>(a);
    const IntObject* i = asInt(a);
    if (!i->isBig()) return newInt(i->small());
    return intFromMpz(i->big());
}

Ref<Object> intPos(Object* a) { return exactInt(a); }
Ref<Object> intInvert(Object* a)
{
    const IntObject* i = asInt(a);
    if (!i->isBig()) return newInt(~i->small());
    Mpz p(a);
    mpz_com(p, p);
    return intFromMpz(p);
}
Ref<Object> intAbs(Object* a) { return intSign(a) < 0 ? intNeg(a) : exactInt(a); }
bool intBool(Object* a) { return intSign(a) != 0; }
Ref<Object> intToFloat(Object* a) { return newFloat(intToDouble(a)); }

int compareInts(Object* a, Object* b)
{
    int64_t x, y;
    if (bothSmall(a, b, x, y)) return x < y ? -1 : x > y ? 1 : 0;
    Mpz p(a), q(b);
    return mpz_cmp(p, q);
}

bool compareResult(int c, CompareOp op)
{
    switch (op) {
    case CompareOp::Lt: return c < 0;
    case CompareOp::Le: return c <= 0;
    case CompareOp::Eq: return c == 0;
    case CompareOp::Ne: return c != 0;
    case CompareOp::Gt: return c > 0;
    case CompareOp::Ge: return c >= 0;
    }
    return false;
}

Ref<Object> intRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isInt(b)) return notImpl();
    return Ref<Object>(boolObject(compareResult(compareInts(a, b), op)));
}

int64_t intHash(Object* a)
{
    const IntObject* i = asInt(a);
    int64_t h;
    if (!i->isBig()) {
        int64_t v = i->small();
        if (v > -kHashModulus && v < kHashModulus) {
            h = v;
        } else {
            uint64_t m = v < 0 ? uint64_t(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
            h = static_cast<int64_t>(m % static_cast<uint64_t>(kHashModulus));
            if (v < 0) h = -h;
        }
    } else {
        Mpz p(a), r;
        mpz_abs(r, p);
        unsigned long rem = mpz_fdiv_ui(r, static_cast<unsigned long>(kHashModulus));
        h = static_cast<int64_t>(rem);
        if (mpz_sgn(p) < 0) h = -h;
    }
    return h == -1 ? -2 : h;
}

Ref<Object> intRepr(Object* a) { return newStr(intToDecimal(a)); }

Ref<Object> boolRepr(Object* a) { return newStr(a == True() ? "True" : "False"); }

// int(text, base) with CPython's grammar: whitespace, sign, prefix, single underscores between digits.
Ref<Object> parseIntText(std::string_view original, int base)
{
    auto fail = [&]() -> Ref<Object> {
        raise(types().ValueError, "invalid literal for int() with base " + std::to_string(base) + ": " + strRepr(original));
    };
    std::string_view s = original;
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
    while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    int b = base;
    bool prefixed = false;
    if (s.size() >= 2 && s[0] == '0') {
        char p = static_cast<char>(s[1] | 0x20);
        int pb = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (pb && (base == 0 || base == pb)) {
            b = pb;
            s.remove_prefix(2);
            prefixed = true;
        }
    }
    if (b == 0) b = 10;
    if (s.empty()) return fail();
    std::string digits;
    bool lastUnderscore = prefixed; // "0x_1" is allowed: an underscore may follow the prefix
    bool first = true;
    for (char c : s) {
        if (c == '_') {
            if (lastUnderscore && !(prefixed && first)) return fail();
            if (first && !prefixed) return fail();
            lastUnderscore = true;
            first = false;
            continue;
        }
        int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'z' ? (c | 0x20) - 'a' + 10 : 99;
        if (d >= b) return fail();
        digits += c;
        lastUnderscore = false;
        first = false;
    }
    if (lastUnderscore || digits.empty()) return fail();
    if (base == 0 && !prefixed && digits.size() > 1 && digits[0] == '0') {
        for (char c : digits)
            if (c != '0') return fail();
    }
    if (b == 10 && t_maxStrDigits > 0 && digits.size() > size_t(t_maxStrDigits))
        raise(types().ValueError, "Exceeds the limit (" + std::to_string(t_maxStrDigits) + " digits) for integer string conversion: value has "
                  + std::to_string(digits.size()) + " digits; use sys.set_int_max_str_digits() to increase the limit");
    if (digits.size() <= 18 && b == 10) {
        int64_t v = 0;
        for (char c : digits) v = v * 10 + (c - '0');
        return newInt(negative ? -v : v);
    }
    Mpz p;
    mpz_set_str(p, digits.c_str(), b);
    if (negative) mpz_neg(p, p);
    return intFromMpz(p);
}

Ref<Object> floatToInt(double d)
{
    if (std::isinf(d)) raise(types().OverflowError, "cannot convert float infinity to integer");
    if (std::isnan(d)) raise(types().ValueError, "cannot convert float NaN to integer");
    double t = std::trunc(d);
    if (t >= -9.2e18 && t <= 9.2e18) return newInt(static_cast<int64_t>(t));
    Mpz p;
    mpz_set_d(p, t);
    return intFromMpz(p);
}

Ref<Object> toIntObject(Object* x)
{
    if (isInt(x)) return exactInt(x);
    if (isFloat(x)) return floatToInt(floatValue(x));
    if (isStr(x)) return parseIntText(strView(x), 10);
    const TypeSlots& s = x->type()->slots;
    if (s.toInt) return exactInt(s.toInt(x).get());
    if (s.index) return exactInt(s.index(x).get());
    if (Object* trunc = x->type()->lookup(names().trunc)) {
        Ref<Object> r = callPrepend(trunc, x, CallArgs {});
        if (isInt(r.get())) return exactInt(r.get());
        return toIntObject(r.get());
    }
    raise(types().TypeError, "int() argument must be a string, a bytes-like object or a real number, not '" + typeName(x) + "'");
}

Ref<Object> intNew(TypeObject* type, CallArgs args)
{
    Object* out[2];
    parseArgs("int", args, { "x=", "base=" }, out);
    Ref<Object> value;
    if (!out[0]) {
        if (out[1]) raise(types().TypeError, "int() missing string argument");
        value = newInt(0);
    } else if (out[1]) {
        int64_t base;
        if (!isInt(out[1]) || !intFits(index(out[1]).get(), base)) raise(types().TypeError, "'" + typeName(out[1]) + "' object cannot be interpreted as an integer");
        if (base != 0 && (base < 2 || base > 36)) raise(types().ValueError, "int() base must be >= 2 and <= 36, or 0");
        if (!isStr(out[0])) raise(types().TypeError, "int() can't convert non-string with explicit base");
        value = parseIntText(strView(out[0]), static_cast<int>(base));
    } else {
        value = toIntObject(out[0]);
    }
    if (type == types().int_) return value;
    const IntObject* i = asInt(value.get());
    if (!i->isBig()) return Ref<Object>(new WithDict<IntObject>(type, i->small()));
    return Ref<Object>(new WithDict<IntObject>(type, i->big()));
}

Ref<Object> boolNew(TypeObject*, CallArgs args)
{
    checkArgCount("bool", args, 0, 1);
    if (args.nargs == 0) return Ref<Object>(False());
    return Ref<Object>(boolObject(isTrue(args[0])));
}

// --- methods ---------------------------------------------------------------------------------------
Ref<Object> intBitLength(Object* self, CallArgs args)
{
    checkArgCount("bit_length", args, 0, 0);
    const IntObject* i = asInt(self);
    if (!i->isBig()) {
        uint64_t v = i->small() < 0 ? uint64_t(0) - static_cast<uint64_t>(i->small()) : static_cast<uint64_t>(i->small());
        return newInt(v == 0 ? 0 : 64 - __builtin_clzll(v));
    }
    return newInt(static_cast<int64_t>(mpz_sizeinbase(i->big(), 2)));
}

Ref<Object> intBitCount(Object* self, CallArgs args)
{
    checkArgCount("bit_count", args, 0, 0);
    Mpz p(self);
    mpz_abs(p, p);
    return newInt(static_cast<int64_t>(mpz_popcount(p)));
}

Ref<Object> intConjugate(Object* self, CallArgs) { return exactInt(self); }
Ref<Object> intReal(Object* self, CallArgs) { return exactInt(self); }
Ref<Object> intImag(Object*, CallArgs) { return newInt(0); }
Ref<Object> intDenominator(Object*, CallArgs) { return newInt(1); }
Ref<Object> intAsRatio(Object* self, CallArgs) { return newTuple({ exactInt(self).get(), newInt(1).get() }); }
Ref<Object> intTrunc(Object* self, CallArgs) { return exactInt(self); }
Ref<Object> intIsInteger(Object*, CallArgs) { return Ref<Object>(True()); }

Ref<Object> intRound(Object* self, CallArgs args)
{
    checkArgCount("__round__", args, 0, 1);
    if (args.nargs == 0 || args[0] == None()) return exactInt(self);
    Ref<Object> nd = index(args[0]);
    if (intSign(nd.get()) >= 0) return exactInt(self);
    int64_t n;
    if (!intFits(nd.get(), n) || n < -100000) return newInt(0);
    // Round to a multiple of 10**-n, halves to even.
    Mpz value(self), pow10, q, r, twice;
    mpz_ui_pow_ui(pow10, 10, static_cast<unsigned long>(-n));
    mpz_fdiv_qr(q, r, value, pow10);
    mpz_mul_2exp(twice, r, 1);
    int c = mpz_cmp(twice, pow10);
    if (c > 0 || (c == 0 && mpz_odd_p(q))) mpz_add_ui(q, q, 1);
    mpz_mul(q, q, pow10);
    return intFromMpz(q);
}

[[noreturn]] void raiseFormatError(const support::FormatResult& r)
{
    detail::raiseFormatError(static_cast<int>(r.errorKind), r.error);
}

Ref<Object> intFormat(Object* self, CallArgs args)
{
    checkArgCount("__format__", args, 1, 1);
    if (!isStr(args[0])) raise(types().TypeError, "argument to __format__ must be str, not " + typeName(args[0]));
    std::string_view spec = strView(args[0]);
    support::FormatResult r;
    if (isBool(self) && self->type() == types().bool_) {
        r = support::formatBool(self == True(), spec);
    } else {
        const IntObject* i = asInt(self);
        r = i->isBig() ? support::formatInteger(i->big(), spec) : support::formatInteger(i->small(), spec);
    }
    if (!r.ok()) raiseFormatError(r);
    return newStr(r.text);
}

// byteorder of to_bytes/from_bytes: 'big' (the default) or 'little'.
bool littleEndian(Object* o, const char* method)
{
    if (!o) return false;
    if (!isStr(o))
        raise(types().TypeError, std::string(method) + "() argument 'byteorder' must be str, not " + o->type()->name());
    if (strView(o) == "little") return true;
    if (strView(o) != "big") raise(types().ValueError, "byteorder must be either 'little' or 'big'");
    return false;
}

Ref<Object> intToBytes(Object* self, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("to_bytes", args, { "length=", "byteorder=", "*signed=" }, out);
    const int64_t length = out[0] ? asSsize(out[0]) : 1;
    if (length < 0) raise(types().ValueError, "length argument must be non-negative");
    const bool little = littleEndian(out[1], "to_bytes");
    const bool isSigned = out[2] && isTrue(out[2]);
    Mpz v(self);
    if (mpz_sgn(v) < 0 && !isSigned) raise(types().OverflowError, "can't convert negative int to unsigned");
    // Signed: the value must fit in length*8 bits as two's complement; then it is stored modulo 2**bits.
    const uint64_t bits = static_cast<uint64_t>(length) * 8;
    Mpz limit;
    mpz_ui_pow_ui(limit, 2, bits - (isSigned && bits ? 1 : 0));
    Mpz low;
    if (isSigned) mpz_neg(low, limit);
    if (mpz_cmp(v, limit) >= 0 || (isSigned && mpz_cmp(v, low) < 0) || (bits == 0 && mpz_sgn(v) != 0))
        raise(types().OverflowError, "int too big to convert");
    if (mpz_sgn(v) < 0) {
        Mpz modulus;
        mpz_ui_pow_ui(modulus, 2, bits);
        mpz_add(v, v, modulus);
    }
    checkMemory(static_cast<size_t>(length));
    std::string bytes(static_cast<size_t>(length), '\0');
    size_t written = 0;
    if (mpz_sgn(v) != 0) mpz_export(bytes.data(), &written, 1, 1, 1, 0, v); // most significant first
    std::rotate(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(written), bytes.end()); // right-align
    if (little) std::reverse(bytes.begin(), bytes.end());
    return newBytes(std::move(bytes));
}

Ref<Object> intFromBytes(Object* cls, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("from_bytes", args, { "bytes", "byteorder=", "*signed=" }, out);
    std::string bytes;
    if (out[0]->type() == types().bytes) bytes = bytesData(out[0]);
    else
        for (const Ref<Object>& b : toVector(out[0])) {
            const int64_t x = asSsize(b.get());
            if (x < 0 || x > 255) raise(types().ValueError, "bytes must be in range(0, 256)");
            bytes += static_cast<char>(x);
        }
    if (littleEndian(out[1], "from_bytes")) std::reverse(bytes.begin(), bytes.end());
    Mpz v;
    if (!bytes.empty()) mpz_import(v, bytes.size(), 1, 1, 1, 0, bytes.data());
    if (out[2] && isTrue(out[2]) && !bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) {
        Mpz modulus;
        mpz_ui_pow_ui(modulus, 2, bytes.size() * 8);
        mpz_sub(v, v, modulus);
    }
    Ref<Object> result = intFromMpz(v);
    if (cls != types().int_) return call(cls, { result.get() });
    return result;
}

} // namespace

// ---------------------------------------------------------------------------------------------
IntObject::IntObject(TypeObject* type, const mpz_t v)
    : Object(type)
    , m_isBig(true)
{
    mpz_init_set(m_big, v);
}

IntObject::~IntObject()
{
    if (m_isBig) mpz_clear(m_big);
}

Ref<Object> newInt(int64_t value)
{
    if (value >= kSmallMin && value <= kSmallMax) return Ref<Object>(g_small[value - kSmallMin]);
    return Ref<Object>(new IntObject(types().int_, value));
}

Ref<Object> newIntFromString(std::string_view digits, int base) { return parseIntText(digits, base); }

int64_t intValue(Object* o)
{
    int64_t v;
    if (!intFits(o, v)) raise(types().OverflowError, "Python int too large to convert to C long");
    return v;
}

bool intFits(Object* o, int64_t& out) noexcept
{
    const IntObject* i = asInt(o);
    if (i->isBig()) return false;
    out = i->small();
    return true;
}

namespace detail {

Ref<Object> intPowMod(Object* a, Object* b, Object* m) { return powModImpl(a, b, m); }

void raiseFormatError(int kind, const std::string& message)
{
    using K = support::FormatErrorKind;
    auto k = static_cast<K>(kind);
    TypeObject* t = k == K::OverflowError ? types().OverflowError
        : k == K::TypeError                 ? types().TypeError
        : k == K::KeyError                  ? types().KeyError
        : k == K::IndexError                ? types().IndexError
                                            : types().ValueError;
    raise(t, message);
}

Ref<Object> intFromMpz(const mpz_t v)
{
    if (mpz_fits_slong_p(v)) return newInt(mpz_get_si(v));
    return Ref<Object>(new IntObject(types().int_, v));
}

void intToMpz(const Object* o, mpz_t out)
{
    const IntObject* i = asInt(o);
    if (i->isBig())
        mpz_set(out, i->big());
    else
        mpz_set_si(out, i->small());
}

int intSign(const Object* o)
{
    const IntObject* i = asInt(o);
    if (i->isBig()) return mpz_sgn(i->big());
    return i->small() < 0 ? -1 : i->small() > 0 ? 1 : 0;
}

double intToDouble(const Object* o)
{
    const IntObject* i = asInt(o);
    if (!i->isBig()) return static_cast<double>(i->small()); // int64 -> double rounds to nearest even
    double d;
    if (!support::integerToDouble(i->big(), d)) raise(types().OverflowError, "int too large to convert to float");
    return d;
}

int compareIntDouble(const Object* i, double d, bool& unordered)
{
    unordered = std::isnan(d);
    if (unordered) return 0;
    if (std::isinf(d)) return d > 0 ? -1 : 1;
    const IntObject* io = asInt(i);
    if (!io->isBig()) {
        int64_t v = io->small();
        constexpr int64_t exact = int64_t(1) << 53;
        if (v <= exact && v >= -exact) {
            double x = static_cast<double>(v);
            return x < d ? -1 : x > d ? 1 : 0;
        }
    }
    Mpz p(i);
    int c = mpz_cmp_d(p, d);
    return c < 0 ? -1 : c > 0 ? 1 : 0;
}

int64_t hashDouble(double v)
{
    if (std::isinf(v)) return v > 0 ? 314159 : -314159;
    if (std::isnan(v)) return 0;
    int e;
    double m = std::frexp(v, &e);
    int sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    const uint64_t P = static_cast<uint64_t>(kHashModulus);
    uint64_t x = 0;
    while (m) {
        x = ((x << 28) & P) | x >> (61 - 28);
        m *= 268435456.0;
        e -= 28;
        uint64_t y = static_cast<uint64_t>(m);
        m -= static_cast<double>(y);
        x += y;
        if (x >= P) x -= P;
    }
    e = e >= 0 ? e % 61 : 61 - 1 - ((-1 - e) % 61);
    x = ((x << e) & P) | x >> (61 - e);
    int64_t h = static_cast<int64_t>(x) * sign;
    return h == -1 ? -2 : h;
}

std::string intToDecimal(const Object* o)
{
    const IntObject* i = asInt(o);
    if (!i->isBig()) return std::to_string(i->small());
    size_t n = mpz_sizeinbase(i->big(), 10);
    const size_t limit = size_t(t_maxStrDigits);
    if (limit > 0 && (n > limit + 1 || (n > limit && [&] {
            Mpz lim;
            mpz_ui_pow_ui(lim, 10, limit);
            Mpz a;
            mpz_abs(a, i->big());
            return mpz_cmp(a, lim) >= 0;
        }())))
        raise(types().ValueError, "Exceeds the limit (" + std::to_string(limit)
                  + " digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
    std::string s(n + 2, '\0');
    mpz_get_str(s.data(), 10, i->big());
    s.resize(std::strlen(s.c_str()));
    return s;
}

Ref<Object> index(Object* o)
{
    if (isInt(o)) return Ref<Object>(o);
    if (auto f = o->type()->slots.index) return f(o);
    raise(types().TypeError, "'" + typeName(o) + "' object cannot be interpreted as an integer");
}

int64_t indexClamped(Object* o)
{
    Ref<Object> i = index(o);
    int64_t v;
    if (intFits(i.get(), v)) return v;
    return intSign(i.get()) < 0 ? INT64_MIN : INT64_MAX;
}

int64_t asSsize(Object* o)
{
    Ref<Object> i = index(o);
    int64_t v;
    if (!intFits(i.get(), v)) raise(types().IndexError, "cannot fit '" + typeName(o) + "' into an index-sized integer");
    return v;
}

void initInt(BuiltinTypes& t)
{
    t.int_ = newStaticType("int", t.object);
    t.bool_ = newStaticType("bool", t.int_, 0);
    TypeSlots& s = t.int_->slots;
    s.repr = &intRepr;
    s.hash = &intHash;
    s.richcompare = &intRichCompare;
    auto B = [&](BinaryOp op, slot::Binary f) { s.binary[static_cast<size_t>(op)] = f; };
    B(BinaryOp::Add, &intAdd);
    B(BinaryOp::Sub, &intSub);
    B(BinaryOp::Mul, &intMul);
    B(BinaryOp::TrueDiv, &intTrueDiv);
    B(BinaryOp::FloorDiv, &intFloorDiv);
    B(BinaryOp::Mod, &intMod);
    B(BinaryOp::Pow, &intPow);
    B(BinaryOp::LShift, &intLShift);
    B(BinaryOp::RShift, &intRShift);
    B(BinaryOp::And, &intBitwise<0>);
    B(BinaryOp::Or, &intBitwise<1>);
    B(BinaryOp::Xor, &intBitwise<2>);
    s.unary[static_cast<size_t>(UnaryOp::Neg)] = &intNeg;
    s.unary[static_cast<size_t>(UnaryOp::Pos)] = &intPos;
    s.unary[static_cast<size_t>(UnaryOp::Invert)] = &intInvert;
    s.abs = &intAbs;
    s.index = &exactInt;
    s.toInt = &exactInt;
    s.toFloat = &intToFloat;
    s.boolean = &intBool;
    s.newObject = &intNew;
    t.int_->subclassDict = &WithDict<IntObject>::dictPtr;
    addMethod(t.int_, "bit_length", &intBitLength);
    addMethod(t.int_, "bit_count", &intBitCount);
    addMethod(t.int_, "conjugate", &intConjugate);
    addMethod(t.int_, "as_integer_ratio", &intAsRatio);
    addMethod(t.int_, "is_integer", &intIsInteger);
    addMethod(t.int_, "__trunc__", &intTrunc);
    addMethod(t.int_, "__floor__", &intTrunc);
    addMethod(t.int_, "__ceil__", &intTrunc);
    addMethod(t.int_, "__round__", &intRound);
    addMethod(t.int_, "__format__", &intFormat);
    addMethod(t.int_, "to_bytes", &intToBytes);
    addClassMethod(t.int_, "from_bytes", &intFromBytes);
    addProperty(t.int_, "real", &intReal);
    addProperty(t.int_, "imag", &intImag);
    addProperty(t.int_, "numerator", &intReal);
    addProperty(t.int_, "denominator", &intDenominator);
    t.int_->finalize();

    t.bool_->slots.repr = &boolRepr;
    t.bool_->slots.newObject = &boolNew;
    t.bool_->finalize();

    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    for (int64_t v = kSmallMin; v <= kSmallMax; ++v) {
        auto* o = new IntObject(t.int_, v);
        o->makeImmortal();
        g_small[v - kSmallMin] = o;
    }
    auto* tr = new IntObject(t.bool_, int64_t(1));
    tr->makeImmortal();
    auto* fa = new IntObject(t.bool_, int64_t(0));
    fa->makeImmortal();
    g_trueObject = tr;
    g_falseObject = fa;
}

Object* g_trueObject = nullptr;
Object* g_falseObject = nullptr;

} // namespace detail

int64_t intMaxStrDigits() noexcept { return t_maxStrDigits; }

void setIntMaxStrDigits(int64_t digits) noexcept { t_maxStrDigits = digits; }

} // namespace loopscope
