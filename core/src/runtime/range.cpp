// range and slice, and CPython's slice index normalisation.
#include "runtime/objects.h"

namespace loopscope {

using namespace detail;

namespace {

RangeObject* R(Object* o) { return static_cast<RangeObject*>(o); }
SliceObject* Sl(Object* o) { return static_cast<SliceObject*>(o); }

int64_t rangeLength(int64_t start, int64_t stop, int64_t step)
{
    __int128 lo = start, hi = stop, st = step;
    __int128 n = 0;
    if (st > 0 && lo < hi) n = (hi - lo - 1) / st + 1;
    if (st < 0 && lo > hi) n = (lo - hi - 1) / (-st) + 1;
    if (n > INT64_MAX) raise(types().OverflowError, "Python int too large to convert to C ssize_t");
    return static_cast<int64_t>(n);
}

int64_t rangeArg(Object* o)
{
    Ref<Object> i = index(o);
    int64_t v;
    if (!intFits(i.get(), v)) raise(types().OverflowError, "Python int too large to convert to C ssize_t");
    return v;
}

Ref<Object> rangeNew(TypeObject*, CallArgs args)
{
    noKeywords("range", args);
    if (args.nargs == 0) raise(types().TypeError, "range expected at least 1 argument, got 0");
    if (args.nargs > 3) raise(types().TypeError, "range expected at most 3 arguments, got " + std::to_string(args.nargs));
    int64_t start = 0, stop, step = 1;
    if (args.nargs == 1) {
        stop = rangeArg(args[0]);
    } else {
        start = rangeArg(args[0]);
        stop = rangeArg(args[1]);
        if (args.nargs == 3) {
            step = rangeArg(args[2]);
            if (step == 0) raise(types().ValueError, "range() arg 3 must not be zero");
        }
    }
    return newRange(start, stop, step);
}

Ref<Object> rangeRepr(Object* o)
{
    RangeObject* r = R(o);
    std::string s = "range(" + std::to_string(r->start) + ", " + std::to_string(r->stop);
    if (r->step != 1) s += ", " + std::to_string(r->step);
    return newStr(s + ")");
}

int64_t rangeLen(Object* o) { return R(o)->length; }
bool rangeBool(Object* o) { return R(o)->length != 0; }

Ref<Object> rangeGetItem(Object* o, Object* key)
{
    RangeObject* r = R(o);
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, r->length, start, stop, step);
        __int128 ns = static_cast<__int128>(r->start) + static_cast<__int128>(start) * r->step;
        __int128 nst = static_cast<__int128>(r->step) * step;
        __int128 ne = ns + static_cast<__int128>(n) * nst;
        if (ns > INT64_MAX || ns < INT64_MIN || nst > INT64_MAX || nst < INT64_MIN || ne > INT64_MAX || ne < INT64_MIN)
            raise(types().OverflowError, "Python int too large to convert to C ssize_t");
        // The slice's own stop matters for repr: CPython uses start + stop*step.
        __int128 stopv = static_cast<__int128>(r->start) + static_cast<__int128>(stop) * r->step;
        if (stopv > INT64_MAX || stopv < INT64_MIN) stopv = ne;
        return Ref<Object>(new RangeObject(types().range, static_cast<int64_t>(ns), static_cast<int64_t>(stopv), static_cast<int64_t>(nst), n));
    }
    if (!key->type()->slots.index) raise(types().TypeError, "range indices must be integers or slices, not " + typeName(key));
    int64_t i = indexClamped(key);
    if (i < 0) i += r->length;
    if (i < 0 || i >= r->length) raise(types().IndexError, "range object index out of range");
    return newInt(r->start + i * r->step);
}

bool rangeHas(RangeObject* r, Object* item)
{
    if (item->type() == types().int_ || item->type() == types().bool_) {
        int64_t v;
        if (!intFits(item, v)) return false;
        if (r->step > 0) {
            if (v < r->start || v >= r->stop) return false;
        } else if (v > r->start || v <= r->stop) {
            return false;
        }
        return (static_cast<__int128>(v) - r->start) % r->step == 0;
    }
    for (int64_t i = 0; i < r->length; ++i) {
        Ref<Object> x = newInt(r->start + i * r->step);
        if (richCompareBool(x.get(), item, CompareOp::Eq)) return true;
    }
    return false;
}

bool rangeContains(Object* o, Object* item) { return rangeHas(R(o), item); }

Ref<Object> makeRangeIter(int64_t first, int64_t count, int64_t step)
{
    auto* it = new IterObject(types().rangeIterator);
    it->index = first;
    it->end = count;
    it->step = step;
    return Ref<Object>(it);
}

Ref<Object> rangeIter(Object* o) { return makeRangeIter(R(o)->start, R(o)->length, R(o)->step); }

Ref<Object> rangeIterNext(Object* o)
{
    auto* it = static_cast<IterObject*>(o);
    if (it->end <= 0) return {};
    --it->end;
    int64_t v = it->index;
    it->index += it->end > 0 ? it->step : 0;
    return newInt(v);
}

Ref<Object> rangeIterLengthHint(Object* self, CallArgs) { return newInt(static_cast<IterObject*>(self)->end); }

Ref<Object> rangeReversed(Object* self, CallArgs)
{
    RangeObject* r = R(self);
    if (r->length == 0) return makeRangeIter(0, 0, 1);
    return makeRangeIter(r->start + (r->length - 1) * r->step, r->length, -r->step);
}

Ref<Object> rangeRichCompare(Object* a, Object* b, CompareOp op)
{
    if (b->type() != types().range || (op != CompareOp::Eq && op != CompareOp::Ne)) return Ref<Object>(NotImplemented());
    RangeObject *x = R(a), *y = R(b);
    bool eq = x->length == y->length && (x->length == 0 || (x->start == y->start && (x->length == 1 || x->step == y->step)));
    return Ref<Object>(boolObject(op == CompareOp::Eq ? eq : !eq));
}

int64_t rangeHash(Object* o)
{
    RangeObject* r = R(o);
    Ref<Object> len = newInt(r->length);
    Ref<Object> start = r->length ? newInt(r->start) : Ref<Object>(None());
    Ref<Object> step = r->length > 1 ? newInt(r->step) : Ref<Object>(None());
    Ref<TupleObject> t = newTuple({ len.get(), start.get(), step.get() });
    return hash(t.get());
}

Ref<Object> rangeIndex(Object* self, CallArgs args)
{
    checkArgCount("index", args, 1, 1);
    RangeObject* r = R(self);
    if (isInt(args[0]) && rangeHas(r, args[0])) return newInt((intValue(args[0]) - r->start) / r->step);
    if (!isInt(args[0]))
        for (int64_t i = 0; i < r->length; ++i) {
            Ref<Object> x = newInt(r->start + i * r->step);
            if (richCompareBool(x.get(), args[0], CompareOp::Eq)) return newInt(i);
        }
    raise(types().ValueError, reprText(args[0]) + " is not in range");
}

Ref<Object> rangeCount(Object* self, CallArgs args)
{
    checkArgCount("count", args, 1, 1);
    return newInt(rangeHas(R(self), args[0]) ? 1 : 0);
}

Ref<Object> rangeStart(Object* self, CallArgs) { return newInt(R(self)->start); }
Ref<Object> rangeStop(Object* self, CallArgs) { return newInt(R(self)->stop); }
Ref<Object> rangeStep(Object* self, CallArgs) { return newInt(R(self)->step); }

// --- slice ---------------------------------------------------------------------------------------
Ref<Object> sliceNew(TypeObject*, CallArgs args)
{
    noKeywords("slice", args);
    if (args.nargs == 0) raise(types().TypeError, "slice expected at least 1 argument, got 0");
    if (args.nargs > 3) raise(types().TypeError, "slice expected at most 3 arguments, got " + std::to_string(args.nargs));
    if (args.nargs == 1) return newSlice(None(), args[0], None());
    return newSlice(args[0], args[1], args.nargs == 3 ? args[2] : None());
}

Ref<Object> sliceRepr(Object* o)
{
    SliceObject* s = Sl(o);
    return newStr("slice(" + reprText(s->start.get()) + ", " + reprText(s->stop.get()) + ", " + reprText(s->step.get()) + ")");
}

Ref<Object> sliceRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isSlice(b)) return Ref<Object>(NotImplemented());
    std::vector<Ref<Object>> x { Sl(a)->start, Sl(a)->stop, Sl(a)->step };
    std::vector<Ref<Object>> y { Sl(b)->start, Sl(b)->stop, Sl(b)->step };
    return sequenceCompare(x, y, op);
}

Ref<Object> sliceIndicesMethod(Object* self, CallArgs args)
{
    checkArgCount("indices", args, 1, 1);
    int64_t len = rangeArg(args[0]);
    if (len < 0) raise(types().ValueError, "length should not be negative");
    int64_t start, stop, step;
    sliceIndices(self, len, start, stop, step);
    return newTuple({ newInt(start).get(), newInt(stop).get(), newInt(step).get() });
}

Ref<Object> sliceStart(Object* self, CallArgs) { return Sl(self)->start; }
Ref<Object> sliceStop(Object* self, CallArgs) { return Sl(self)->stop; }
Ref<Object> sliceStep(Object* self, CallArgs) { return Sl(self)->step; }

int64_t sliceBound(Object* o)
{
    if (!o->type()->slots.index) raise(types().TypeError, "slice indices must be integers or None or have an __index__ method");
    return indexClamped(o);
}

} // namespace

namespace detail {

bool isSlice(const Object* o) noexcept { return o->type() == types().slice; }

Ref<Object> newRange(int64_t start, int64_t stop, int64_t step)
{
    return Ref<Object>(new RangeObject(types().range, start, stop, step, rangeLength(start, stop, step)));
}

Ref<Object> newSlice(Object* start, Object* stop, Object* step)
{
    return Ref<Object>(new SliceObject(types().slice, Ref<Object>(start), Ref<Object>(stop), Ref<Object>(step)));
}

int64_t sliceIndices(Object* slice, int64_t length, int64_t& start, int64_t& stop, int64_t& step)
{
    SliceObject* s = Sl(slice);
    if (s->step.get() == None()) {
        step = 1;
    } else {
        step = sliceBound(s->step.get());
        if (step == 0) raise(types().ValueError, "slice step cannot be zero");
        if (step < -INT64_MAX) step = -INT64_MAX;
    }
    start = s->start.get() == None() ? (step < 0 ? INT64_MAX : 0) : sliceBound(s->start.get());
    stop = s->stop.get() == None() ? (step < 0 ? INT64_MIN : INT64_MAX) : sliceBound(s->stop.get());
    if (start < 0) {
        start += length;
        if (start < 0) start = step < 0 ? -1 : 0;
    } else if (start >= length) {
        start = step < 0 ? length - 1 : length;
    }
    if (stop < 0) {
        stop += length;
        if (stop < 0) stop = step < 0 ? -1 : 0;
    } else if (stop >= length) {
        stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (stop < start) return (start - stop - 1) / (-step) + 1;
    } else if (start < stop) {
        return (stop - start - 1) / step + 1;
    }
    return 0;
}

void initRange(BuiltinTypes& t)
{
    t.range = newStaticType("range", t.object, 0);
    TypeSlots& s = t.range->slots;
    s.newObject = &rangeNew;
    s.repr = &rangeRepr;
    s.len = &rangeLen;
    s.boolean = &rangeBool;
    s.getitem = &rangeGetItem;
    s.contains = &rangeContains;
    s.iter = &rangeIter;
    s.richcompare = &rangeRichCompare;
    s.hash = &rangeHash;
    addMethod(t.range, "index", &rangeIndex);
    addMethod(t.range, "count", &rangeCount);
    addMethod(t.range, "__reversed__", &rangeReversed);
    addProperty(t.range, "start", &rangeStart);
    addProperty(t.range, "stop", &rangeStop);
    addProperty(t.range, "step", &rangeStep);
    t.range->finalize();
    t.rangeIterator = newStaticType("range_iterator", t.object, 0);
    t.rangeIterator->slots.next = &rangeIterNext;
    t.rangeIterator->slots.iter = &selfIter;
    addMethod(t.rangeIterator, "__length_hint__", &rangeIterLengthHint);
    t.rangeIterator->finalize();

    t.slice = newStaticType("slice", t.object, 0);
    t.slice->slots.newObject = &sliceNew;
    t.slice->slots.repr = &sliceRepr;
    t.slice->slots.richcompare = &sliceRichCompare;
    t.slice->slots.hash = &unhashable;
    addMethod(t.slice, "indices", &sliceIndicesMethod);
    addProperty(t.slice, "start", &sliceStart);
    addProperty(t.slice, "stop", &sliceStop);
    addProperty(t.slice, "step", &sliceStep);
    t.slice->finalize();
}

} // namespace detail

} // namespace loopscope
