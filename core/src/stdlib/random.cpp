// The random module: random.Random over support::MersenneTwister (CPython's MT19937 and the
// algorithms of random.py 3.11), so a seeded program draws CPython's exact sequence. The module
// functions are bound methods of one instance per run, as in CPython (`_inst`).

#include "stdlib/stdlibutil.h"
#include "support/mersenne.h"

#include <loopscope/stdlib/modules.h>

#include <cmath>
#include <gmp.h>
#include <memory>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

/// An mpz_t that clears itself.
struct BigInt {
    BigInt() { mpz_init(v); }
    ~BigInt() { mpz_clear(v); }
    BigInt(const BigInt&) = delete;
    BigInt& operator=(const BigInt&) = delete;
    mpz_t v;
};

void toMpz(Object* integer, mpz_t out)
{
    intToMpz(integer, out);
}

Ref<Object> fromMpz(const mpz_t v)
{
    return intFromMpz(v);
}

[[noreturn]] void raiseRandomError(const support::RandomError& e)
{
    TypeObject* type = e.isTypeError ? types().TypeError : e.isIndexError ? types().IndexError : types().ValueError;
    raise(type, e.message);
}

class RandomObject : public Object {
public:
    explicit RandomObject(TypeObject* type)
        : Object(type)
    {
        mt.seed(kDefaultRandomSeed);
    }
    support::MersenneTwister mt;
};

/// What getstate() returns: an opaque copy of the generator (CPython returns a tuple of 625 ints).
class RandomStateObject : public Object {
public:
    RandomStateObject(TypeObject* type, const support::MersenneTwister& mt)
        : Object(type)
        , mt(mt)
    {
    }
    support::MersenneTwister mt;
};

TypeObject* randomType();
TypeObject* randomStateType();

support::MersenneTwister& gen(Object* self)
{
    if (!self || !self->type()->isSubtypeOf(randomType()))
        raise(types().TypeError, "descriptor requires a 'random.Random' object");
    return static_cast<RandomObject*>(self)->mt;
}

/// random.seed(a): None -> the deterministic default, int -> its magnitude, str/bytes -> sha512
/// version 2, float -> its hash; anything else is CPython's TypeError.
void seedWith(support::MersenneTwister& mt, Object* a)
{
    if (!a || a == None()) {
        mt.seed(kDefaultRandomSeed);
    } else if (isInt(a)) {
        BigInt n;
        toMpz(a, n.v);
        mt.seed(n.v);
    } else if (isStr(a)) {
        mt.seedBytes(strView(a));
    } else if (a->type() == types().bytes || isFloat(a)) {
        if (a->type() == types().bytes) {
            std::string raw;
            for (const Ref<Object>& b : toVector(a)) raw.push_back(static_cast<char>(intValue(b.get())));
            mt.seedBytes(raw);
        } else {
            mt.seedFromHash(hash(a));
        }
    } else {
        raise(types().TypeError, "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.");
    }
}

Ref<Object> randomNew(TypeObject* type, CallArgs)
{
    return newNativeInstance<RandomObject>(type);
}

void randomInit(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("Random", args, {"x="}, a);
    seedWith(gen(self), a[0]);
}

Ref<Object> random_seed(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("seed", args, {"a=", "version="}, a);
    seedWith(gen(self), a[0]);
    return newRef(None());
}

Ref<Object> random_random(Object* self, CallArgs args)
{
    parseArgs("random", args, {}, {});
    return newFloat(gen(self).random());
}

Ref<Object> random_getrandbits(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("getrandbits", args, {"k"}, a);
    const int64_t k = toInt64(a[0]);
    if (k < 0) raise(types().ValueError, "number of bits must be non-negative");
    if (k <= 63) return newInt(static_cast<int64_t>(gen(self).getrandbits64(static_cast<unsigned>(k))));
    BigInt out;
    gen(self).getrandbits(static_cast<uint64_t>(k), out.v);
    return fromMpz(out.v);
}

/// randrange's integer arguments: ints and __index__ pass; integral floats are accepted (3.11
/// only warns); anything else is the ValueError `what` names.
void rangeArg(Object* v, const char* what, mpz_t out)
{
    if (isInt(v) || v->type()->slots.index) {
        Ref<Object> i = toIndex(v);
        toMpz(i.get(), out);
        return;
    }
    Ref<Object> asInt = call(types().int_, {v});
    if (!equals(asInt.get(), v)) raise(types().ValueError, std::string("non-integer ") + what + " for randrange()");
    toMpz(asInt.get(), out);
}

Ref<Object> random_randrange(Object* self, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("randrange", args, {"start", "stop=", "step="}, a);
    BigInt start;
    BigInt out;
    rangeArg(a[0], "arg 1", start.v);
    std::optional<support::RandomError> error;
    if (!a[1] || a[1] == None()) {
        if (a[2] && !(isInt(a[2]) && equals(a[2], newInt(1).get())))
            raise(types().TypeError, "Missing a non-None stop argument");
        error = gen(self).randrange(start.v, out.v);
    } else {
        BigInt stop;
        BigInt step;
        rangeArg(a[1], "stop", stop.v);
        if (a[2]) rangeArg(a[2], "step", step.v);
        else mpz_set_si(step.v, 1);
        error = gen(self).randrange(start.v, stop.v, step.v, out.v);
    }
    if (error) raiseRandomError(*error);
    return fromMpz(out.v);
}

Ref<Object> random_randint(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("randint", args, {"a", "b"}, a);
    BigInt lo;
    BigInt hi;
    BigInt out;
    rangeArg(a[0], "arg 1", lo.v);
    rangeArg(a[1], "stop", hi.v);
    if (auto error = gen(self).randint(lo.v, hi.v, out.v)) raiseRandomError(*error);
    return fromMpz(out.v);
}

Ref<Object> random_choice(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("choice", args, {"seq"}, a);
    const int64_t n = length(a[0]);
    support::RandomError error;
    auto index = gen(self).choiceIndex(static_cast<uint64_t>(n), &error);
    if (!index) raiseRandomError(error);
    return getItem(a[0], newInt(static_cast<int64_t>(*index)).get());
}

Ref<Object> random_shuffle(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("shuffle", args, {"x"}, a);
    Object* x = a[0];
    const auto swaps = gen(self).shuffleSwaps(static_cast<uint64_t>(length(x)));
    for (const auto& [i, j] : swaps) {
        if (isList(x)) {
            auto& items = listItems(x);
            std::swap(items[i], items[j]);
            continue;
        }
        // x[i], x[j] = x[j], x[i]
        Ref<Object> ii = newInt(static_cast<int64_t>(i));
        Ref<Object> jj = newInt(static_cast<int64_t>(j));
        Ref<Object> atJ = getItem(x, jj.get());
        Ref<Object> atI = getItem(x, ii.get());
        setItem(x, ii.get(), atJ.get());
        setItem(x, jj.get(), atI.get());
    }
    return newRef(None());
}

Ref<Object> random_sample(Object* self, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("sample", args, {"population", "k", "*counts="}, a);
    Object* population = a[0];
    const TypeObject* t = population->type();
    if (t->isSubtypeOf(types().dict) || t->isSubtypeOf(types().set) || t->isSubtypeOf(types().frozenset)
        || !t->slots.getitem || !t->slots.len)
        raise(types().TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).");
    const int64_t n = length(population);
    const int64_t k = toInt64(a[1]);
    support::RandomError error;
    std::vector<Ref<Object>> result;
    if (a[2] && a[2] != None()) {
        // Sample positions in range(total), then map each to its element by bisecting the cumulative counts.
        std::vector<Ref<Object>> cum;
        Ref<Object> running;
        for (const Ref<Object>& c : toVector(a[2])) {
            running = running ? binaryOp(running.get(), c.get(), BinaryOp::Add) : c;
            cum.push_back(running);
        }
        if (static_cast<int64_t>(cum.size()) != n)
            raise(types().ValueError, "The number of counts does not match the population");
        if (cum.empty()) raise(types().IndexError, "pop from empty list");
        Ref<Object> total = cum.back();
        cum.pop_back();
        if (!isInt(total.get())) raise(types().TypeError, "Counts must be integers");
        const int64_t totalCount = intValue(total.get());
        if (totalCount <= 0) raise(types().ValueError, "Total of counts must be greater than zero");
        auto picks = gen(self).sample(static_cast<uint64_t>(totalCount), k, &error);
        if (!picks) raiseRandomError(error);
        for (uint64_t s : *picks) {
            size_t lo = 0;
            size_t hi = cum.size();
            Ref<Object> sv = newInt(static_cast<int64_t>(s));
            while (lo < hi) { // bisect_right
                const size_t mid = (lo + hi) / 2;
                if (richCompareBool(sv.get(), cum[mid].get(), CompareOp::Lt)) hi = mid;
                else lo = mid + 1;
            }
            result.push_back(getItem(population, newInt(static_cast<int64_t>(lo)).get()));
        }
        return newList(std::move(result));
    }
    auto picks = gen(self).sample(static_cast<uint64_t>(n), k, &error);
    if (!picks) raiseRandomError(error);
    for (uint64_t i : *picks) result.push_back(getItem(population, newInt(static_cast<int64_t>(i)).get()));
    return newList(std::move(result));
}

Ref<Object> random_choices(Object* self, CallArgs args)
{
    Object* a[4] = {};
    parseArgs("choices", args, {"population", "weights=", "*cum_weights=", "k="}, a);
    Object* population = a[0];
    const int64_t n = length(population);
    const int64_t k = a[3] ? toInt64(a[3]) : 1;
    Object* weights = a[1] && a[1] != None() ? a[1] : nullptr;
    Object* cumWeights = a[2] && a[2] != None() ? a[2] : nullptr;
    std::vector<uint64_t> picks;
    if (!weights && !cumWeights) {
        picks = gen(self).choicesIndices(static_cast<uint64_t>(n), static_cast<uint64_t>(std::max<int64_t>(0, k)));
    } else {
        if (weights && cumWeights) raise(types().TypeError, "Cannot specify both weights and cumulative weights");
        std::vector<Ref<Object>> cum;
        if (weights) {
            if (isInt(weights))
                raise(types().TypeError,
                      "The number of choices must be a keyword argument: k=" + reprText(weights));
            Ref<Object> running;
            for (const Ref<Object>& w : toVector(weights)) {
                running = running ? binaryOp(running.get(), w.get(), BinaryOp::Add) : w;
                cum.push_back(running);
            }
        } else {
            cum = toVector(cumWeights);
        }
        if (static_cast<int64_t>(cum.size()) != n)
            raise(types().ValueError, "The number of weights does not match the population");
        if (cum.empty()) raise(types().IndexError, "list index out of range");
        std::vector<double> cumDouble;
        for (const Ref<Object>& c : cum) cumDouble.push_back(toDouble(c.get()));
        const double total = cumDouble.back() + 0.0;
        if (total <= 0.0) raise(types().ValueError, "Total of weights must be greater than zero");
        if (!std::isfinite(total)) raise(types().ValueError, "Total of weights must be finite");
        picks = gen(self).choicesIndices(cumDouble, static_cast<uint64_t>(std::max<int64_t>(0, k)));
    }
    std::vector<Ref<Object>> result;
    for (uint64_t i : picks) result.push_back(getItem(population, newInt(static_cast<int64_t>(i)).get()));
    return newList(std::move(result));
}

Ref<Object> random_uniform(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("uniform", args, {"a", "b"}, a);
    // a + (b - a) * random(), with Python's own arithmetic on the arguments.
    Ref<Object> r = newFloat(gen(self).random());
    Ref<Object> width = binaryOp(a[1], a[0], BinaryOp::Sub);
    return binaryOp(a[0], binaryOp(width.get(), r.get(), BinaryOp::Mul).get(), BinaryOp::Add);
}

Ref<Object> random_triangular(Object* self, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("triangular", args, {"low=", "high=", "mode="}, a);
    double low = a[0] ? toDouble(a[0]) : 0.0;
    double high = a[1] ? toDouble(a[1]) : 1.0;
    double u = gen(self).random();
    double c = 0.5;
    if (a[2] && a[2] != None()) {
        if (high == low) return a[0] ? newRef(a[0]) : newFloat(low);
        c = (toDouble(a[2]) - low) / (high - low);
    }
    if (u > c) {
        u = 1.0 - u;
        c = 1.0 - c;
        std::swap(low, high);
    }
    return newFloat(low + (high - low) * std::sqrt(u * c));
}

Ref<Object> random_gauss(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("gauss", args, {"mu=", "sigma="}, a);
    return newFloat(gen(self).gauss(a[0] ? toDouble(a[0]) : 0.0, a[1] ? toDouble(a[1]) : 1.0));
}

/// Kinderman and Monahan's ratio method, as random.normalvariate.
Ref<Object> random_normalvariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("normalvariate", args, {"mu=", "sigma="}, a);
    const double mu = a[0] ? toDouble(a[0]) : 0.0;
    const double sigma = a[1] ? toDouble(a[1]) : 1.0;
    const double magic = 4 * std::exp(-0.5) / std::sqrt(2.0);
    support::MersenneTwister& mt = gen(self);
    double z = 0.0;
    for (;;) {
        const double u1 = mt.random();
        const double u2 = 1.0 - mt.random();
        z = magic * (u1 - 0.5) / u2;
        if (z * z / 4.0 <= -std::log(u2)) break;
    }
    return newFloat(mu + z * sigma);
}

Ref<Object> random_expovariate(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("expovariate", args, {"lambd"}, a);
    const double lambd = toDouble(a[0]);
    if (lambd == 0.0) raise(types().ZeroDivisionError, "float division by zero");
    return newFloat(gen(self).expovariate(lambd));
}

Ref<Object> random_lognormvariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("lognormvariate", args, {"mu", "sigma"}, a);
    Object* normalArgs[2] = {a[0], a[1]};
    Ref<Object> z = random_normalvariate(self, CallArgs{normalArgs, 2, nullptr});
    return newFloat(std::exp(floatValue(z.get())));
}

/// Python's float `%`: the result takes the divisor's sign.
double pyFloatMod(double x, double y)
{
    double mod = std::fmod(x, y);
    if (mod != 0.0) {
        if ((y < 0) != (mod < 0)) mod += y;
    } else {
        mod = std::copysign(0.0, y);
    }
    return mod;
}

Ref<Object> random_vonmisesvariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("vonmisesvariate", args, {"mu", "kappa"}, a);
    const double mu = toDouble(a[0]);
    const double kappa = toDouble(a[1]);
    const double twoPi = 2.0 * M_PI;
    support::MersenneTwister& mt = gen(self);
    if (kappa <= 1e-6) return newFloat(twoPi * mt.random());
    const double s = 0.5 / kappa;
    const double r = s + std::sqrt(1.0 + s * s);
    double z = 0.0;
    for (;;) {
        const double u1 = mt.random();
        z = std::cos(M_PI * u1);
        const double d = z / (r + z);
        const double u2 = mt.random();
        if (u2 < 1.0 - d * d || u2 <= (1.0 - d) * std::exp(d)) break;
    }
    const double q = 1.0 / r;
    const double f = (q + z) / (1.0 + q * z);
    const double u3 = mt.random();
    return newFloat(u3 > 0.5 ? pyFloatMod(mu + std::acos(f), twoPi) : pyFloatMod(mu - std::acos(f), twoPi));
}

/// random.gammavariate's three algorithms (alpha > 1, == 1, < 1), draw for draw.
double gammaVariate(support::MersenneTwister& mt, double alpha, double beta)
{
    if (alpha <= 0.0 || beta <= 0.0) raise(types().ValueError, "gammavariate: alpha and beta must be > 0.0");
    if (alpha > 1.0) {
        const double ainv = std::sqrt(2.0 * alpha - 1.0);
        const double bbb = alpha - std::log(4.0);
        const double ccc = alpha + ainv;
        const double sgMagic = 1.0 + std::log(4.5);
        for (;;) {
            const double u1 = mt.random();
            if (!(1e-7 < u1 && u1 < 0.9999999)) continue;
            const double u2 = 1.0 - mt.random();
            const double v = std::log(u1 / (1.0 - u1)) / ainv;
            const double x = alpha * std::exp(v);
            const double z = u1 * u1 * u2;
            const double r = bbb + ccc * v - x;
            if (r + sgMagic - 4.5 * z >= 0.0 || r >= std::log(z)) return x * beta;
        }
    }
    if (alpha == 1.0) return -std::log(1.0 - mt.random()) * beta;
    double x = 0.0;
    for (;;) {
        const double u = mt.random();
        const double b = (M_E + alpha) / M_E;
        const double p = b * u;
        x = p <= 1.0 ? std::pow(p, 1.0 / alpha) : -std::log((b - p) / alpha);
        const double u1 = mt.random();
        if (p > 1.0) {
            if (u1 <= std::pow(x, alpha - 1.0)) break;
        } else if (u1 <= std::exp(-x)) {
            break;
        }
    }
    return x * beta;
}

Ref<Object> random_gammavariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("gammavariate", args, {"alpha", "beta"}, a);
    return newFloat(gammaVariate(gen(self), toDouble(a[0]), toDouble(a[1])));
}

Ref<Object> random_betavariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("betavariate", args, {"alpha", "beta"}, a);
    const double alpha = toDouble(a[0]);
    const double beta = toDouble(a[1]);
    const double y = gammaVariate(gen(self), alpha, 1.0);
    if (y == 0.0) return newFloat(0.0);
    return newFloat(y / (y + gammaVariate(gen(self), beta, 1.0)));
}

Ref<Object> random_paretovariate(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("paretovariate", args, {"alpha"}, a);
    const double alpha = toDouble(a[0]);
    const double u = 1.0 - gen(self).random();
    if (alpha == 0.0) raise(types().ZeroDivisionError, "float division by zero");
    return newFloat(std::pow(u, -1.0 / alpha));
}

Ref<Object> random_weibullvariate(Object* self, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("weibullvariate", args, {"alpha", "beta"}, a);
    const double alpha = toDouble(a[0]);
    const double beta = toDouble(a[1]);
    const double u = 1.0 - gen(self).random();
    if (beta == 0.0) raise(types().ZeroDivisionError, "float division by zero");
    return newFloat(alpha * std::pow(-std::log(u), 1.0 / beta));
}

Ref<Object> random_getstate(Object* self, CallArgs args)
{
    parseArgs("getstate", args, {}, {});
    return make<RandomStateObject>(randomStateType(), gen(self));
}

Ref<Object> random_setstate(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("setstate", args, {"state"}, a);
    if (a[0]->type() != randomStateType()) raise(types().TypeError, "state vector must be a tuple");
    gen(self) = static_cast<RandomStateObject*>(a[0])->mt;
    return newRef(None());
}

const std::pair<const char*, NativeFn> kMethods[] = {
        {"seed", random_seed},
        {"random", random_random},
        {"getrandbits", random_getrandbits},
        {"randrange", random_randrange},
        {"randint", random_randint},
        {"choice", random_choice},
        {"choices", random_choices},
        {"shuffle", random_shuffle},
        {"sample", random_sample},
        {"uniform", random_uniform},
        {"triangular", random_triangular},
        {"gauss", random_gauss},
        {"normalvariate", random_normalvariate},
        {"expovariate", random_expovariate},
        {"lognormvariate", random_lognormvariate},
        {"vonmisesvariate", random_vonmisesvariate},
        {"gammavariate", random_gammavariate},
        {"betavariate", random_betavariate},
        {"paretovariate", random_paretovariate},
        {"weibullvariate", random_weibullvariate},
        {"getstate", random_getstate},
        {"setstate", random_setstate},
};

TypeObject* randomType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("Random", types().object, TypeObject::BaseType, "random");
        t->slots.newObject = randomNew;
        enableSubclassDict<RandomObject>(t);
        t->slots.init = randomInit;
        for (const auto& [name, fn] : kMethods) addMethod(t, name, fn);
        t->finalize();
        return t;
    }();
    return type;
}

TypeObject* randomStateType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("_random_state", types().object, 0, "random");
        t->finalize();
        return t;
    }();
    return type;
}

} // namespace

Ref<Object> makeRandomModule(ModuleContext&)
{
    Ref<Object> m = newModule("random");
    setModuleAttr(m.get(), "Random", randomType());
    // One instance per run: two runs never share a generator.
    Ref<Object> inst = make<RandomObject>(randomType());
    setModuleAttr(m.get(), "_inst", inst.get());
    for (const auto& [name, fn] : kMethods) setModuleAttr(m.get(), name, getAttr(inst.get(), name).get());
    return m;
}

} // namespace loopscope
