// tuple: immutable sequence; hash is CPython 3.11's xxHash-style combination of the item hashes.
#include "runtime/objects.h"
#include "support/hash.h"

#include <loopscope/runtime/memory.h>

namespace loopscope {

using namespace detail;

namespace {

TupleObject* g_emptyTuple = nullptr;

Ref<Object> tupleRepr(Object* o)
{
    auto& items = asTuple(o)->items;
    if (items.empty()) return newStr("()");
    ReprGuard guard(o);
    if (!guard.entered) return newStr("(...)");
    std::string out = "(";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += reprText(items[i].get());
    }
    if (items.size() == 1) out += ",";
    out += ")";
    return newStr(out);
}

int64_t tupleHash(Object* o) { return hashTupleItems(asTuple(o)->items); }

Ref<Object> tupleRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isTuple(b)) return Ref<Object>(NotImplemented());
    return sequenceCompare(asTuple(a)->items, asTuple(b)->items, op);
}

Ref<Object> tupleAdd(Object* a, Object* b)
{
    if (!isTuple(a) || !isTuple(b)) return Ref<Object>(NotImplemented());
    std::vector<Ref<Object>> items = asTuple(a)->items;
    items.insert(items.end(), asTuple(b)->items.begin(), asTuple(b)->items.end());
    return newTuple(std::move(items));
}

Ref<Object> tupleMul(Object* a, Object* b)
{
    Object* t = isTuple(a) ? a : b;
    Object* n = t == a ? b : a;
    if (!isTuple(t) || !n->type()->slots.index) return Ref<Object>(NotImplemented());
    int64_t count = indexClamped(n);
    auto& src = asTuple(t)->items;
    if (count == 1 && t->type() == types().tuple) return Ref<Object>(t);
    std::vector<Ref<Object>> items;
    if (count > 0) {
        if (src.size() && count > INT64_MAX / static_cast<int64_t>(src.size() * sizeof(Ref<Object>)))
            raise(newException(types().MemoryError, std::vector<Ref<Object>> {}));
        checkMemory(src.size() * static_cast<size_t>(count) * sizeof(Ref<Object>));
        items.reserve(src.size() * static_cast<size_t>(count));
        for (int64_t i = 0; i < count; ++i) items.insert(items.end(), src.begin(), src.end());
    }
    return newTuple(std::move(items));
}

int64_t tupleLen(Object* o) { return static_cast<int64_t>(asTuple(o)->items.size()); }

Ref<Object> tupleGetItem(Object* o, Object* key)
{
    auto& items = asTuple(o)->items;
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, static_cast<int64_t>(items.size()), start, stop, step);
        if (step == 1 && n == static_cast<int64_t>(items.size()) && o->type() == types().tuple) return Ref<Object>(o);
        std::vector<Ref<Object>> out;
        out.reserve(static_cast<size_t>(n));
        for (int64_t i = 0, j = start; i < n; ++i, j += step) out.push_back(items[static_cast<size_t>(j)]);
        return newTuple(std::move(out));
    }
    if (!key->type()->slots.index) raise(types().TypeError, "tuple indices must be integers or slices, not " + typeName(key));
    int64_t i = indexClamped(key);
    if (i < 0) i += static_cast<int64_t>(items.size());
    if (i < 0 || i >= static_cast<int64_t>(items.size())) raise(types().IndexError, "tuple index out of range");
    return items[static_cast<size_t>(i)];
}

bool tupleContains(Object* o, Object* item)
{
    for (const auto& x : asTuple(o)->items)
        if (x.get() == item || richCompareBool(x.get(), item, CompareOp::Eq)) return true;
    return false;
}

Ref<Object> tupleIter(Object* o) { return newSeqIter(types().tupleIterator, Ref<Object>(o)); }

Ref<Object> tupleIterNext(Object* it)
{
    auto* i = static_cast<IterObject*>(it);
    if (!i->seq) return {};
    auto& items = asTuple(i->seq.get())->items;
    if (i->index >= static_cast<int64_t>(items.size())) {
        i->seq = nullptr;
        return {};
    }
    return items[static_cast<size_t>(i->index++)];
}

Ref<Object> tupleNew(TypeObject* type, CallArgs args)
{
    checkArgCount("tuple", args, 0, 1);
    std::vector<Ref<Object>> items;
    if (args.nargs) {
        if (args[0]->type() == types().tuple && type == types().tuple) return Ref<Object>(args[0]);
        items = toVector(args[0]);
    }
    if (type == types().tuple) return newTuple(std::move(items));
    return Ref<Object>(new WithDict<TupleObject>(type, std::move(items)));
}

Ref<Object> tupleIndex(Object* self, CallArgs args)
{
    checkArgCount("index", args, 1, 3);
    auto& items = asTuple(self)->items;
    int64_t n = static_cast<int64_t>(items.size());
    int64_t start = args.nargs > 1 ? indexClamped(args[1]) : 0;
    int64_t stop = args.nargs > 2 ? indexClamped(args[2]) : n;
    if (start < 0) start = std::max<int64_t>(0, start + n);
    if (stop < 0) stop = std::max<int64_t>(0, stop + n);
    for (int64_t i = start; i < std::min(stop, n); ++i)
        if (richCompareBool(items[static_cast<size_t>(i)].get(), args[0], CompareOp::Eq)) return newInt(i);
    raise(types().ValueError, "tuple.index(x): x not in tuple");
}

Ref<Object> tupleCount(Object* self, CallArgs args)
{
    checkArgCount("count", args, 1, 1);
    int64_t c = 0;
    for (const auto& x : asTuple(self)->items)
        if (richCompareBool(x.get(), args[0], CompareOp::Eq)) ++c;
    return newInt(c);
}

Ref<Object> tupleGetNewArgs(Object* self, CallArgs) { return newTuple({ self }); }

} // namespace

Ref<TupleObject> newTuple(std::vector<Ref<Object>> items)
{
    if (items.empty() && g_emptyTuple) return Ref<TupleObject>(g_emptyTuple);
    return Ref<TupleObject>(new TupleObject(types().tuple, std::move(items)));
}

Ref<TupleObject> newTuple(std::initializer_list<Object*> items)
{
    std::vector<Ref<Object>> v;
    v.reserve(items.size());
    for (Object* o : items) v.emplace_back(o);
    return newTuple(std::move(v));
}

namespace detail {

int64_t hashTupleItems(std::span<const Ref<Object>> items)
{
    int64_t small[16];
    std::vector<int64_t> big;
    int64_t* h = small;
    if (items.size() > 16) {
        big.resize(items.size());
        h = big.data();
    }
    for (size_t i = 0; i < items.size(); ++i) h[i] = hash(items[i].get());
    return support::hashTuple(std::span<const int64_t>(h, items.size()));
}

Ref<Object> sequenceCompare(const std::vector<Ref<Object>>& a, const std::vector<Ref<Object>>& b, CompareOp op)
{
    size_t n = std::min(a.size(), b.size());
    size_t i = 0;
    for (; i < n; ++i)
        if (a[i].get() != b[i].get() && !richCompareBool(a[i].get(), b[i].get(), CompareOp::Eq)) break;
    if (i >= n) {
        size_t x = a.size(), y = b.size();
        bool r = false;
        switch (op) {
        case CompareOp::Lt: r = x < y; break;
        case CompareOp::Le: r = x <= y; break;
        case CompareOp::Eq: r = x == y; break;
        case CompareOp::Ne: r = x != y; break;
        case CompareOp::Gt: r = x > y; break;
        case CompareOp::Ge: r = x >= y; break;
        }
        return Ref<Object>(boolObject(r));
    }
    if (op == CompareOp::Eq) return Ref<Object>(False());
    if (op == CompareOp::Ne) return Ref<Object>(True());
    return richCompare(a[i].get(), b[i].get(), op);
}

Ref<Object> selfIter(Object* o) { return Ref<Object>(o); }

void initTuple(BuiltinTypes& t)
{
    t.tuple = newStaticType("tuple", t.object);
    TypeSlots& s = t.tuple->slots;
    s.repr = &tupleRepr;
    s.hash = &tupleHash;
    s.richcompare = &tupleRichCompare;
    s.binary[static_cast<size_t>(BinaryOp::Add)] = &tupleAdd;
    s.binary[static_cast<size_t>(BinaryOp::Mul)] = &tupleMul;
    s.len = &tupleLen;
    s.getitem = &tupleGetItem;
    s.contains = &tupleContains;
    s.iter = &tupleIter;
    s.newObject = &tupleNew;
    t.tuple->subclassDict = &WithDict<TupleObject>::dictPtr;
    addMethod(t.tuple, "index", &tupleIndex);
    addMethod(t.tuple, "count", &tupleCount);
    addMethod(t.tuple, "__getnewargs__", &tupleGetNewArgs);
    t.tuple->finalize();
    t.tupleIterator = newStaticType("tuple_iterator", t.object, 0);
    t.tupleIterator->slots.next = &tupleIterNext;
    t.tupleIterator->slots.iter = &selfIter;
    t.tupleIterator->finalize();
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    g_emptyTuple = new TupleObject(t.tuple, {});
    g_emptyTuple->makeImmortal();
}

} // namespace detail

} // namespace loopscope
