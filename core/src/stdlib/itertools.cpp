// The itertools module: each tool is a static type whose instances are closure iterators
// keeping CPython's consumption order (what is pulled from the inputs, and when).

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <deque>
#include <limits>
#include <memory>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

using Items = std::vector<Ref<Object>>;

struct ItertoolsTypes {
    TypeObject *count, *cycle, *repeat, *chain, *islice, *accumulate, *product, *permutations, *combinations,
            *combinationsWithReplacement, *zipLongest, *groupby, *grouper, *takewhile, *dropwhile, *starmap,
            *filterfalse, *compress, *pairwise, *tee;
};

const ItertoolsTypes& itTypes();

/// Positional arity check with CPython's wording for these constructors.
void arity(std::string_view name, const CallArgs& args, size_t min, size_t max)
{
    if (args.nargs < min)
        raise(types().TypeError, std::string(name) + " expected " + (min == max ? "" : "at least ")
                                     + std::to_string(min) + " argument" + (min == 1 ? "" : "s") + ", got "
                                     + std::to_string(args.nargs));
    if (args.nargs > max)
        raise(types().TypeError, std::string(name) + " expected at most " + std::to_string(max) + " argument"
                                     + (max == 1 ? "" : "s") + ", got " + std::to_string(args.nargs));
}

Ref<Object> tupleOf(const Items& pool, const std::vector<size_t>& indices, size_t n)
{
    Items out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) out.push_back(pool[indices[i]]);
    return newTuple(std::move(out));
}

// count(start=0, step=1)
Ref<Object> newCount(TypeObject* type, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("count", args, {"start=", "step="}, a);
    auto value = std::make_shared<Ref<Object>>(a[0] ? newRef(a[0]) : newInt(0));
    Ref<Object> step = a[1] ? newRef(a[1]) : newInt(1);
    const bool stepIsOne = !a[1] || (isInt(a[1]) && !isFloat(a[1]) && intValue(a[1]) == 1 && a[1]->type() == types().int_);
    return newClosureIterator(
            type,
            [value, step]() {
                Ref<Object> out = *value;
                *value = binaryOp(out.get(), step.get(), BinaryOp::Add);
                return out;
            },
            [value, step, stepIsOne]() {
                if (stepIsOne) return "count(" + reprText(value->get()) + ")";
                return "count(" + reprText(value->get()) + ", " + reprText(step.get()) + ")";
            });
}

// cycle(iterable): saves the first pass, then replays it.
Ref<Object> newCycle(TypeObject* type, CallArgs args)
{
    noKeywords("cycle", args);
    arity("cycle", args, 1, 1);
    struct State {
        Ref<Object> it;
        Items saved;
        size_t index = 0;
        bool firstPass = true;
    };
    auto s = std::make_shared<State>();
    s->it = getIter(args[0]);
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (s->firstPass) {
            if (Ref<Object> v = iterNext(s->it.get())) {
                s->saved.push_back(v);
                return v;
            }
            s->firstPass = false;
            s->it = nullptr;
        }
        if (s->saved.empty()) return {};
        Ref<Object> v = s->saved[s->index];
        s->index = (s->index + 1) % s->saved.size();
        return v;
    });
}

// repeat(object[, times])
Ref<Object> newRepeat(TypeObject* type, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("repeat", args, {"object", "times="}, a);
    Ref<Object> obj(a[0]);
    auto remaining = std::make_shared<int64_t>(a[1] ? std::max<int64_t>(0, toInt64(a[1])) : -1);
    return newClosureIterator(
            type,
            [obj, remaining]() -> Ref<Object> {
                if (*remaining == 0) return {};
                if (*remaining > 0) --*remaining;
                return obj;
            },
            [obj, remaining]() {
                if (*remaining < 0) return "repeat(" + reprText(obj.get()) + ")";
                return "repeat(" + reprText(obj.get()) + ", " + std::to_string(*remaining) + ")";
            });
}

/// chain over an iterator of iterables (the arguments, or from_iterable's argument).
Ref<Object> chainOf(TypeObject* type, Ref<Object> sources)
{
    struct State {
        Ref<Object> sources;
        Ref<Object> active;
    };
    auto s = std::make_shared<State>(State {std::move(sources), {}});
    return newClosureIterator(type, [s]() -> Ref<Object> {
        while (s->sources) {
            if (!s->active) {
                Ref<Object> next = iterNext(s->sources.get());
                if (!next) {
                    s->sources = nullptr;
                    return {};
                }
                s->active = getIter(next.get());
            }
            if (Ref<Object> v = iterNext(s->active.get())) return v;
            s->active = nullptr;
        }
        return {};
    });
}

Ref<Object> newChain(TypeObject* type, CallArgs args)
{
    noKeywords("chain", args);
    std::vector<Ref<Object>> holder;
    for (size_t i = 0; i < args.nargs; ++i) holder.push_back(newRef(args[i]));
    Ref<Object> tuple = newTuple(std::move(holder));
    return chainOf(type, getIter(tuple.get()));
}

Ref<Object> chainFromIterable(Object* cls, CallArgs args)
{
    noKeywords("from_iterable", args);
    if (args.nargs != 1)
        raise(types().TypeError,
              "chain.from_iterable() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    return chainOf(static_cast<TypeObject*>(cls), getIter(args[0]));
}

// islice(iterable, stop) / islice(iterable, start, stop[, step])
Ref<Object> newIslice(TypeObject* type, CallArgs args)
{
    noKeywords("islice", args);
    arity("islice", args, 2, 4);
    auto bound = [](Object* v, const char* message) -> int64_t {
        if (v == None()) return -1;
        if (!isInt(v) && !v->type()->slots.index) raise(types().ValueError, message);
        const int64_t n = toInt64(v);
        if (n < 0) raise(types().ValueError, message);
        return n;
    };
    int64_t start = 0;
    int64_t stop = -1;
    int64_t step = 1;
    if (args.nargs == 2) {
        stop = bound(args[1], "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
    } else {
        const char* msg = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
        start = std::max<int64_t>(0, bound(args[1], msg));
        stop = bound(args[2], msg);
        if (args.nargs == 4 && args[3] != None()) {
            step = bound(args[3], "Step for islice() must be a positive integer or None.");
            if (step == 0) raise(types().ValueError, "Step for islice() must be a positive integer or None.");
        }
    }
    struct State {
        Ref<Object> it;
        int64_t next, stop, step, count = 0;
    };
    auto s = std::make_shared<State>(State {getIter(args[0]), start, stop, step});
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (!s->it) return {};
        while (s->count < s->next) {
            if (!iterNext(s->it.get())) {
                s->it = nullptr;
                return {};
            }
            ++s->count;
        }
        if (s->stop != -1 && s->count >= s->stop) {
            s->it = nullptr;
            return {};
        }
        Ref<Object> item = iterNext(s->it.get());
        if (!item) {
            s->it = nullptr;
            return {};
        }
        ++s->count;
        const int64_t old = s->next;
        s->next += s->step;
        if (s->next < old || (s->stop != -1 && s->next > s->stop)) s->next = s->stop;
        return item;
    });
}

// accumulate(iterable[, func, *, initial=None])
Ref<Object> newAccumulate(TypeObject* type, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("accumulate", args, {"iterable", "func=", "*initial="}, a);
    struct State {
        Ref<Object> it, func, total, initial;
    };
    auto s = std::make_shared<State>();
    s->it = getIter(a[0]);
    if (a[1] && a[1] != None()) s->func = newRef(a[1]);
    if (a[2] && a[2] != None()) s->initial = newRef(a[2]);
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (s->initial) {
            s->total = std::move(s->initial);
            return s->total;
        }
        Ref<Object> v = iterNext(s->it.get());
        if (!v) return {};
        if (!s->total) s->total = v;
        else if (s->func) s->total = call(s->func.get(), {s->total.get(), v.get()});
        else s->total = binaryOp(s->total.get(), v.get(), BinaryOp::Add);
        return s->total;
    });
}

// product(*iterables, repeat=1): an odometer over the materialized pools, rightmost fastest.
Ref<Object> newProduct(TypeObject* type, CallArgs args)
{
    int64_t repeat = 1;
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] != "repeat")
            raise(types().TypeError, "product() got an unexpected keyword argument '" + std::string(names[i]) + "'");
        repeat = toInt64(args[args.nargs + i]);
        if (repeat < 0) raise(types().ValueError, "repeat argument cannot be negative");
    }
    struct State {
        std::vector<Items> pools;
        std::vector<size_t> indices;
        bool started = false, done = false;
    };
    auto s = std::make_shared<State>();
    std::vector<Items> base;
    for (size_t i = 0; i < args.nargs; ++i) base.push_back(toVector(args[i]));
    for (int64_t r = 0; r < repeat; ++r)
        for (const Items& p : base) s->pools.push_back(p);
    for (const Items& p : s->pools)
        if (p.empty()) s->done = true;
    s->indices.assign(s->pools.size(), 0);
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (s->done) return {};
        if (s->started) {
            size_t i = s->pools.size();
            for (;;) {
                if (i == 0) {
                    s->done = true;
                    s->pools.clear();
                    return {};
                }
                --i;
                if (++s->indices[i] < s->pools[i].size()) break;
                s->indices[i] = 0;
            }
        }
        s->started = true;
        Items out;
        for (size_t i = 0; i < s->pools.size(); ++i) out.push_back(s->pools[i][s->indices[i]]);
        return newTuple(std::move(out));
    });
}

int64_t optionalR(Object* r, int64_t fallback)
{
    if (!r || r == None()) return fallback;
    const int64_t v = toInt64(r);
    if (v < 0) raise(types().ValueError, "r must be non-negative");
    return v;
}

// permutations(iterable, r=None): itertools' cycles algorithm, so the order is lexicographic by position.
Ref<Object> newPermutations(TypeObject* type, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("permutations", args, {"iterable", "r="}, a);
    struct State {
        Items pool;
        std::vector<size_t> indices, cycles;
        size_t r = 0;
        bool started = false, done = false;
    };
    auto s = std::make_shared<State>();
    s->pool = toVector(a[0]);
    const size_t n = s->pool.size();
    s->r = static_cast<size_t>(optionalR(a[1], static_cast<int64_t>(n)));
    if (s->r > n) s->done = true;
    for (size_t i = 0; i < n; ++i) s->indices.push_back(i);
    for (size_t i = 0; i < s->r && i < n; ++i) s->cycles.push_back(n - i);
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (s->done) return {};
        const size_t n = s->pool.size();
        if (s->started) {
            bool advanced = false;
            for (size_t i = s->r; i-- > 0;) {
                if (--s->cycles[i] == 0) {
                    // Rotate indices[i:] left by one.
                    std::rotate(s->indices.begin() + i, s->indices.begin() + i + 1, s->indices.end());
                    s->cycles[i] = n - i;
                } else {
                    std::swap(s->indices[i], s->indices[n - s->cycles[i]]);
                    advanced = true;
                    break;
                }
            }
            if (!advanced) {
                s->done = true;
                return {};
            }
        }
        s->started = true;
        return tupleOf(s->pool, s->indices, s->r);
    });
}

// combinations(iterable, r) and combinations_with_replacement(iterable, r)
Ref<Object> combinationsOf(TypeObject* type, CallArgs args, bool replacement)
{
    Object* a[2] = {};
    parseArgs(replacement ? "combinations_with_replacement" : "combinations", args, {"iterable", "r"}, a);
    struct State {
        Items pool;
        std::vector<size_t> indices;
        size_t r = 0;
        bool started = false, done = false;
    };
    auto s = std::make_shared<State>();
    s->pool = toVector(a[0]);
    s->r = static_cast<size_t>(optionalR(a[1], 0));
    const size_t n = s->pool.size();
    if (replacement ? (n == 0 && s->r > 0) : s->r > n) s->done = true;
    for (size_t i = 0; i < s->r; ++i) s->indices.push_back(replacement ? 0 : i);
    return newClosureIterator(type, [s, replacement]() -> Ref<Object> {
        if (s->done) return {};
        const size_t n = s->pool.size();
        const size_t r = s->r;
        if (s->started) {
            size_t i = r;
            for (;;) {
                if (i == 0) {
                    s->done = true;
                    return {};
                }
                --i;
                const size_t limit = replacement ? n - 1 : i + n - r;
                if (s->indices[i] != limit) break;
            }
            if (replacement) {
                const size_t v = s->indices[i] + 1;
                for (size_t j = i; j < r; ++j) s->indices[j] = v;
            } else {
                ++s->indices[i];
                for (size_t j = i + 1; j < r; ++j) s->indices[j] = s->indices[j - 1] + 1;
            }
        }
        s->started = true;
        return tupleOf(s->pool, s->indices, r);
    });
}

Ref<Object> newCombinations(TypeObject* type, CallArgs args)
{
    return combinationsOf(type, args, false);
}

Ref<Object> newCombinationsWithReplacement(TypeObject* type, CallArgs args)
{
    return combinationsOf(type, args, true);
}

// zip_longest(*iterables, fillvalue=None)
Ref<Object> newZipLongest(TypeObject* type, CallArgs args)
{
    Ref<Object> fill(None());
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] != "fillvalue")
            raise(types().TypeError, "zip_longest() got an unexpected keyword argument '" + std::string(names[i]) + "'");
        fill = newRef(args[args.nargs + i]);
    }
    struct State {
        Items its; // null entries are exhausted
        size_t active = 0;
        Ref<Object> fill;
    };
    auto s = std::make_shared<State>();
    s->fill = fill;
    for (size_t i = 0; i < args.nargs; ++i) s->its.push_back(getIter(args[i]));
    s->active = s->its.size();
    return newClosureIterator(type, [s]() -> Ref<Object> {
        if (s->active == 0) return {};
        Items out;
        for (Ref<Object>& it : s->its) {
            Ref<Object> v;
            if (it) {
                v = iterNext(it.get());
                if (!v) {
                    it = nullptr;
                    if (--s->active == 0) {
                        s->its.clear();
                        return {};
                    }
                }
            }
            out.push_back(v ? v : s->fill);
        }
        return newTuple(std::move(out));
    });
}

// groupby(iterable, key=None): the parent and its current _grouper share one state, as in CPython.
struct GroupbyState {
    Ref<Object> it, keyfunc, tgtkey, currkey, currvalue;
    uint64_t groupId = 0; ///< a _grouper only yields while it is the current group
};

/// Advances the shared iterator; false when exhausted.
bool groupbyStep(GroupbyState& s)
{
    Ref<Object> v = iterNext(s.it.get());
    if (!v) return false;
    Ref<Object> k = s.keyfunc ? call(s.keyfunc.get(), {v.get()}) : v;
    s.currvalue = v;
    s.currkey = k;
    return true;
}

Ref<Object> newGroupby(TypeObject* type, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("groupby", args, {"iterable", "key="}, a);
    auto s = std::make_shared<GroupbyState>();
    s->it = getIter(a[0]);
    if (a[1] && a[1] != None()) s->keyfunc = newRef(a[1]);
    return newClosureIterator(type, [s]() -> Ref<Object> {
        ++s->groupId;
        // Skip what is left of the current group, then start the next one.
        for (;;) {
            if (!s->currkey) {
                if (!groupbyStep(*s)) return {};
            } else if (!s->tgtkey || !richCompareBool(s->tgtkey.get(), s->currkey.get(), CompareOp::Eq)) {
                break;
            } else if (!groupbyStep(*s)) {
                return {};
            }
        }
        s->tgtkey = s->currkey;
        const uint64_t id = s->groupId;
        Ref<Object> grouper = newClosureIterator(itTypes().grouper, [s, id]() -> Ref<Object> {
            if (s->groupId != id) return {};
            if (!s->currvalue) {
                if (!groupbyStep(*s)) return {};
            }
            if (!richCompareBool(s->tgtkey.get(), s->currkey.get(), CompareOp::Eq)) return {};
            Ref<Object> r = std::move(s->currvalue);
            return r;
        });
        return newTuple({s->currkey.get(), grouper.get()});
    });
}

// takewhile / dropwhile / filterfalse / starmap / compress / pairwise
Ref<Object> newTakewhile(TypeObject* type, CallArgs args)
{
    noKeywords("takewhile", args);
    arity("takewhile", args, 2, 2);
    Ref<Object> pred(args[0]);
    auto it = std::make_shared<Ref<Object>>(getIter(args[1]));
    return newClosureIterator(type, [pred, it]() -> Ref<Object> {
        if (!*it) return {};
        Ref<Object> v = iterNext(it->get());
        if (v && isTrue(call(pred.get(), {v.get()}).get())) return v;
        *it = nullptr;
        return {};
    });
}

Ref<Object> newDropwhile(TypeObject* type, CallArgs args)
{
    noKeywords("dropwhile", args);
    arity("dropwhile", args, 2, 2);
    Ref<Object> pred(args[0]);
    Ref<Object> it = getIter(args[1]);
    auto dropping = std::make_shared<bool>(true);
    return newClosureIterator(type, [pred, it, dropping]() -> Ref<Object> {
        for (;;) {
            Ref<Object> v = iterNext(it.get());
            if (!v) return {};
            if (!*dropping) return v;
            if (!isTrue(call(pred.get(), {v.get()}).get())) {
                *dropping = false;
                return v;
            }
        }
    });
}

Ref<Object> newFilterfalse(TypeObject* type, CallArgs args)
{
    noKeywords("filterfalse", args);
    arity("filterfalse", args, 2, 2);
    Ref<Object> pred(args[0] == None() ? nullptr : args[0]);
    Ref<Object> it = getIter(args[1]);
    return newClosureIterator(type, [pred, it]() -> Ref<Object> {
        while (Ref<Object> v = iterNext(it.get())) {
            const bool t = pred ? isTrue(call(pred.get(), {v.get()}).get()) : isTrue(v.get());
            if (!t) return v;
        }
        return {};
    });
}

Ref<Object> newStarmap(TypeObject* type, CallArgs args)
{
    noKeywords("starmap", args);
    arity("starmap", args, 2, 2);
    Ref<Object> fn(args[0]);
    Ref<Object> it = getIter(args[1]);
    return newClosureIterator(type, [fn, it]() -> Ref<Object> {
        Ref<Object> v = iterNext(it.get());
        if (!v) return {};
        Items a = toVector(v.get());
        std::vector<Object*> raw;
        for (auto& x : a) raw.push_back(x.get());
        return callWith(fn.get(), raw);
    });
}

Ref<Object> newCompress(TypeObject* type, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("compress", args, {"data", "selectors"}, a);
    Ref<Object> data = getIter(a[0]);
    Ref<Object> selectors = getIter(a[1]);
    return newClosureIterator(type, [data, selectors]() -> Ref<Object> {
        for (;;) {
            Ref<Object> d = iterNext(data.get());
            if (!d) return {};
            Ref<Object> sel = iterNext(selectors.get());
            if (!sel) return {};
            if (isTrue(sel.get())) return d;
        }
    });
}

Ref<Object> newPairwise(TypeObject* type, CallArgs args)
{
    noKeywords("pairwise", args);
    arity("pairwise", args, 1, 1);
    Ref<Object> it = getIter(args[0]);
    auto old = std::make_shared<Ref<Object>>();
    return newClosureIterator(type, [it, old]() -> Ref<Object> {
        if (!*old) {
            *old = iterNext(it.get());
            if (!*old) return {};
        }
        Ref<Object> v = iterNext(it.get());
        if (!v) {
            *old = nullptr;
            return {};
        }
        Ref<Object> pair = newTuple({old->get(), v.get()});
        *old = v;
        return pair;
    });
}

// tee(iterable, n=2): the copies share one buffer of values not yet seen by every copy.
Ref<Object> itertools_tee(Object*, CallArgs args)
{
    noKeywords("tee", args);
    arity("tee", args, 1, 2);
    const int64_t n = args.nargs == 2 ? toInt64(args[1]) : 2;
    if (n < 0) raise(types().ValueError, "n must be >= 0");
    struct Shared {
        Ref<Object> it;
        std::deque<Ref<Object>> buffer;
        uint64_t base = 0; ///< absolute index of buffer.front()
        std::vector<uint64_t> positions;
    };
    auto s = std::make_shared<Shared>();
    s->it = getIter(args[0]);
    s->positions.assign(static_cast<size_t>(n), 0);
    Items copies;
    for (int64_t i = 0; i < n; ++i) {
        copies.push_back(newClosureIterator(itTypes().tee, [s, i]() -> Ref<Object> {
            uint64_t& pos = s->positions[static_cast<size_t>(i)];
            if (pos - s->base >= s->buffer.size()) {
                Ref<Object> v = s->it ? iterNext(s->it.get()) : Ref<Object>();
                if (!v) {
                    s->it = nullptr;
                    return {};
                }
                s->buffer.push_back(v);
            }
            Ref<Object> v = s->buffer[pos - s->base];
            ++pos;
            // Drop what every copy has consumed.
            uint64_t lowest = pos;
            for (uint64_t p : s->positions) lowest = std::min(lowest, p);
            while (s->base < lowest && !s->buffer.empty()) {
                s->buffer.pop_front();
                ++s->base;
            }
            return v;
        }));
    }
    return newTuple(std::move(copies));
}

const ItertoolsTypes& itTypes()
{
    static const ItertoolsTypes t = [] {
        ItertoolsTypes x {};
        x.count = newIteratorType("count", "itertools", newCount);
        x.cycle = newIteratorType("cycle", "itertools", newCycle);
        x.repeat = newIteratorType("repeat", "itertools", newRepeat);
        x.chain = newIteratorType("chain", "itertools", newChain);
        addClassMethod(x.chain, "from_iterable", chainFromIterable);
        x.islice = newIteratorType("islice", "itertools", newIslice);
        x.accumulate = newIteratorType("accumulate", "itertools", newAccumulate);
        x.product = newIteratorType("product", "itertools", newProduct);
        x.permutations = newIteratorType("permutations", "itertools", newPermutations);
        x.combinations = newIteratorType("combinations", "itertools", newCombinations);
        x.combinationsWithReplacement =
                newIteratorType("combinations_with_replacement", "itertools", newCombinationsWithReplacement);
        x.zipLongest = newIteratorType("zip_longest", "itertools", newZipLongest);
        x.groupby = newIteratorType("groupby", "itertools", newGroupby);
        x.grouper = newIteratorType("_grouper", "itertools", nullptr);
        x.takewhile = newIteratorType("takewhile", "itertools", newTakewhile);
        x.dropwhile = newIteratorType("dropwhile", "itertools", newDropwhile);
        x.starmap = newIteratorType("starmap", "itertools", newStarmap);
        x.filterfalse = newIteratorType("filterfalse", "itertools", newFilterfalse);
        x.compress = newIteratorType("compress", "itertools", newCompress);
        x.pairwise = newIteratorType("pairwise", "itertools", newPairwise);
        x.tee = newIteratorType("_tee", "itertools", nullptr);
        return x;
    }();
    return t;
}

} // namespace

Ref<Object> makeItertoolsModule(ModuleContext&)
{
    Ref<Object> m = newModule("itertools");
    const ItertoolsTypes& t = itTypes();
    TypeObject* all[] = {t.count,        t.cycle,        t.repeat,     t.chain,     t.islice,
                         t.accumulate,   t.product,      t.permutations, t.combinations,
                         t.combinationsWithReplacement, t.zipLongest, t.groupby,  t.takewhile,
                         t.dropwhile,    t.starmap,      t.filterfalse, t.compress, t.pairwise};
    for (TypeObject* type : all) setModuleAttr(m.get(), type->name(), type);
    addFunction(m.get(), "tee", itertools_tee);
    return m;
}

} // namespace loopscope
