// list: a vector of references; slicing incl. extended slice assignment, stable sort with key/reverse.
#include "runtime/objects.h"

#include <loopscope/runtime/memory.h>

#include <algorithm>

namespace loopscope {

using namespace detail;

namespace {

ListObject* L(Object* o) { return asList(o); }

Ref<Object> listRepr(Object* o)
{
    auto& items = L(o)->items;
    if (items.empty()) return newStr("[]");
    ReprGuard guard(o);
    if (!guard.entered) return newStr("[...]");
    std::string out = "[";
    for (size_t i = 0; i < L(o)->items.size(); ++i) {
        if (i) out += ", ";
        Ref<Object> item = L(o)->items[i]; // the list may change while an item's repr runs
        out += reprText(item.get());
    }
    out += "]";
    return newStr(out);
}

Ref<Object> listRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isList(b)) return Ref<Object>(NotImplemented());
    std::vector<Ref<Object>> x = L(a)->items, y = L(b)->items;
    return sequenceCompare(x, y, op);
}

Ref<Object> listAdd(Object* a, Object* b)
{
    if (!isList(a) || !isList(b)) return Ref<Object>(NotImplemented());
    std::vector<Ref<Object>> items;
    items.reserve(L(a)->items.size() + L(b)->items.size());
    items.insert(items.end(), L(a)->items.begin(), L(a)->items.end());
    items.insert(items.end(), L(b)->items.begin(), L(b)->items.end());
    return newList(std::move(items));
}

void extendWith(ListObject* l, Object* iterable)
{
    if (iterable == l) {
        std::vector<Ref<Object>> copy = l->items;
        checkMemory(2 * copy.size() * sizeof(Ref<Object>));
        l->items.insert(l->items.end(), copy.begin(), copy.end());
        return;
    }
    if (isList(iterable) || isTuple(iterable)) {
        auto& src = isList(iterable) ? asList(iterable)->items : asTuple(iterable)->items;
        checkMemory((l->items.size() + src.size()) * sizeof(Ref<Object>));
        l->items.insert(l->items.end(), src.begin(), src.end());
        return;
    }
    Ref<Object> it = getIter(iterable);
    while (Ref<Object> x = iterNext(it.get())) {
        l->items.push_back(std::move(x));
        checkGrowth(l->items.size(), sizeof(Ref<Object>));
    }
}

Ref<Object> listInplaceAdd(Object* a, Object* b)
{
    extendWith(L(a), b);
    return Ref<Object>(a);
}

std::vector<Ref<Object>> repeated(const std::vector<Ref<Object>>& src, int64_t count)
{
    std::vector<Ref<Object>> items;
    if (count <= 0 || src.empty()) return items;
    if (count > INT64_MAX / static_cast<int64_t>(src.size() * sizeof(Ref<Object>)))
        raise(newException(types().MemoryError, std::vector<Ref<Object>> {}));
    checkMemory(src.size() * static_cast<size_t>(count) * sizeof(Ref<Object>));
    items.reserve(src.size() * static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) items.insert(items.end(), src.begin(), src.end());
    return items;
}

Ref<Object> listMul(Object* a, Object* b)
{
    Object* l = isList(a) ? a : b;
    Object* n = l == a ? b : a;
    if (!isList(l) || !n->type()->slots.index) return Ref<Object>(NotImplemented());
    return newList(repeated(L(l)->items, indexClamped(n)));
}

Ref<Object> listInplaceMul(Object* a, Object* b)
{
    if (!b->type()->slots.index) return Ref<Object>(NotImplemented());
    L(a)->items = repeated(L(a)->items, indexClamped(b));
    return Ref<Object>(a);
}

int64_t listLen(Object* o) { return static_cast<int64_t>(L(o)->items.size()); }

int64_t normIndex(Object* key, size_t size, const char* what)
{
    if (!key->type()->slots.index) raise(types().TypeError, std::string(what) + " indices must be integers or slices, not " + typeName(key));
    int64_t i = indexClamped(key);
    if (i < 0) i += static_cast<int64_t>(size);
    return i;
}

Ref<Object> listGetItem(Object* o, Object* key)
{
    auto& items = L(o)->items;
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, static_cast<int64_t>(items.size()), start, stop, step);
        std::vector<Ref<Object>> out;
        out.reserve(static_cast<size_t>(n));
        for (int64_t i = 0, j = start; i < n; ++i, j += step) out.push_back(items[static_cast<size_t>(j)]);
        return newList(std::move(out));
    }
    int64_t i = normIndex(key, items.size(), "list");
    if (i < 0 || i >= static_cast<int64_t>(items.size())) raise(types().IndexError, "list index out of range");
    return items[static_cast<size_t>(i)];
}

void listSetItem(Object* o, Object* key, Object* value)
{
    auto& items = L(o)->items;
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, static_cast<int64_t>(items.size()), start, stop, step);
        if (!value) {
            if (step == 1) {
                items.erase(items.begin() + start, items.begin() + start + n);
                return;
            }
            std::vector<bool> drop(items.size(), false);
            for (int64_t i = 0, j = start; i < n; ++i, j += step) drop[static_cast<size_t>(j)] = true;
            std::vector<Ref<Object>> kept;
            for (size_t i = 0; i < items.size(); ++i)
                if (!drop[i]) kept.push_back(std::move(items[i]));
            items = std::move(kept);
            return;
        }
        std::vector<Ref<Object>> src;
        if (value == o)
            src = items;
        else if (isList(value) || isTuple(value) || value->type()->slots.iter || value->type()->slots.getitem)
            src = toVector(value);
        else
            raise(types().TypeError, step == 1 ? "can only assign an iterable" : "must assign iterable to extended slice");
        if (step == 1) {
            if (stop < start) stop = start;
            items.erase(items.begin() + start, items.begin() + start + n);
            items.insert(items.begin() + start, src.begin(), src.end());
            return;
        }
        if (static_cast<int64_t>(src.size()) != n)
            raise(types().ValueError, "attempt to assign sequence of size " + std::to_string(src.size()) + " to extended slice of size " + std::to_string(n));
        for (int64_t i = 0, j = start; i < n; ++i, j += step) items[static_cast<size_t>(j)] = src[static_cast<size_t>(i)];
        return;
    }
    int64_t i = normIndex(key, items.size(), "list");
    if (i < 0 || i >= static_cast<int64_t>(items.size()))
        raise(types().IndexError, value ? "list assignment index out of range" : "list index out of range");
    if (value)
        items[static_cast<size_t>(i)] = Ref<Object>(value);
    else
        items.erase(items.begin() + i);
}

bool listContains(Object* o, Object* item)
{
    auto& items = L(o)->items;
    for (size_t i = 0; i < items.size(); ++i) {
        Ref<Object> x = items[i];
        if (x.get() == item || richCompareBool(x.get(), item, CompareOp::Eq)) return true;
    }
    return false;
}

Ref<Object> listIter(Object* o) { return newSeqIter(types().listIterator, Ref<Object>(o)); }

Ref<Object> listIterNext(Object* it)
{
    auto* i = static_cast<IterObject*>(it);
    if (!i->seq) return {};
    auto& items = L(i->seq.get())->items;
    if (i->index >= static_cast<int64_t>(items.size())) {
        i->seq = nullptr;
        return {};
    }
    return items[static_cast<size_t>(i->index++)];
}

Ref<Object> listRevIterNext(Object* it)
{
    auto* i = static_cast<IterObject*>(it);
    if (!i->seq) return {};
    auto& items = L(i->seq.get())->items;
    if (i->index < 0 || i->index >= static_cast<int64_t>(items.size())) {
        i->seq = nullptr;
        return {};
    }
    return items[static_cast<size_t>(i->index--)];
}

Ref<Object> listNew(TypeObject* type, CallArgs)
{
    if (type == types().list) return Ref<Object>(new ListObject(type));
    return Ref<Object>(new WithDict<ListObject>(type));
}

void listInit(Object* self, CallArgs args)
{
    checkArgCount("list", args, 0, 1);
    L(self)->items.clear();
    if (args.nargs) extendWith(L(self), args[0]);
}

// --- methods -----------------------------------------------------------------------------------
Ref<Object> none() { return Ref<Object>(None()); }

Ref<Object> listAppend(Object* self, CallArgs args)
{
    checkArgCount("append", args, 1, 1);
    L(self)->items.emplace_back(args[0]);
    checkGrowth(L(self)->items.size(), sizeof(Ref<Object>));
    return none();
}

Ref<Object> listExtend(Object* self, CallArgs args)
{
    checkArgCount("extend", args, 1, 1);
    if (!args[0]->type()->slots.iter && !args[0]->type()->slots.getitem)
        raise(types().TypeError, "'" + typeName(args[0]) + "' object is not iterable");
    extendWith(L(self), args[0]);
    return none();
}

Ref<Object> listInsert(Object* self, CallArgs args)
{
    checkArgCount("insert", args, 2, 2);
    auto& items = L(self)->items;
    int64_t n = static_cast<int64_t>(items.size());
    int64_t i = indexClamped(args[0]);
    if (i < 0) i = std::max<int64_t>(0, i + n);
    if (i > n) i = n;
    items.insert(items.begin() + i, Ref<Object>(args[1]));
    return none();
}

Ref<Object> listPop(Object* self, CallArgs args)
{
    checkArgCount("pop", args, 0, 1);
    auto& items = L(self)->items;
    if (items.empty()) raise(types().IndexError, "pop from empty list");
    int64_t n = static_cast<int64_t>(items.size());
    int64_t i = args.nargs ? indexClamped(args[0]) : n - 1;
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise(types().IndexError, "pop index out of range");
    Ref<Object> v = std::move(items[static_cast<size_t>(i)]);
    items.erase(items.begin() + i);
    return v;
}

Ref<Object> listRemove(Object* self, CallArgs args)
{
    checkArgCount("remove", args, 1, 1);
    auto& items = L(self)->items;
    for (size_t i = 0; i < items.size(); ++i) {
        Ref<Object> x = items[i];
        if (x.get() == args[0] || richCompareBool(x.get(), args[0], CompareOp::Eq)) {
            if (i < items.size()) items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
            return none();
        }
    }
    raise(types().ValueError, "list.remove(x): x not in list");
}

Ref<Object> listIndex(Object* self, CallArgs args)
{
    checkArgCount("index", args, 1, 3);
    auto& items = L(self)->items;
    int64_t n = static_cast<int64_t>(items.size());
    int64_t start = args.nargs > 1 ? indexClamped(args[1]) : 0;
    int64_t stop = args.nargs > 2 ? indexClamped(args[2]) : n;
    if (start < 0) start = std::max<int64_t>(0, start + n);
    if (stop < 0) stop = std::max<int64_t>(0, stop + n);
    for (int64_t i = start; i < std::min<int64_t>(stop, static_cast<int64_t>(items.size())); ++i) {
        Ref<Object> x = items[static_cast<size_t>(i)];
        if (x.get() == args[0] || richCompareBool(x.get(), args[0], CompareOp::Eq)) return newInt(i);
    }
    raise(types().ValueError, reprText(args[0]) + " is not in list");
}

Ref<Object> listCount(Object* self, CallArgs args)
{
    checkArgCount("count", args, 1, 1);
    int64_t c = 0;
    std::vector<Ref<Object>> items = L(self)->items;
    for (const auto& x : items)
        if (x.get() == args[0] || richCompareBool(x.get(), args[0], CompareOp::Eq)) ++c;
    return newInt(c);
}

Ref<Object> listReverse(Object* self, CallArgs args)
{
    checkArgCount("reverse", args, 0, 0);
    std::reverse(L(self)->items.begin(), L(self)->items.end());
    return none();
}

Ref<Object> listCopy(Object* self, CallArgs args)
{
    checkArgCount("copy", args, 0, 0);
    return newList(L(self)->items);
}

Ref<Object> listClear(Object* self, CallArgs args)
{
    checkArgCount("clear", args, 0, 0);
    std::vector<Ref<Object>> old;
    old.swap(L(self)->items); // released after the list is already empty
    return none();
}

Ref<Object> listSortMethod(Object* self, CallArgs args)
{
    if (args.nargs) raise(types().TypeError, "sort() takes no positional arguments");
    Object* out[2];
    parseArgs("sort", args, { "*key=", "*reverse=" }, out);
    listSort(L(self), out[0] == None() ? nullptr : out[0], out[1] && isTrue(out[1]));
    return none();
}

Ref<Object> listReversed(Object* self, CallArgs)
{
    Ref<Object> it = newSeqIter(extraTypes().listReverseIterator, Ref<Object>(self));
    static_cast<IterObject*>(it.get())->index = static_cast<int64_t>(L(self)->items.size()) - 1;
    return it;
}

// a < b for sorting, with fast paths for same-typed ints, floats and strs.
bool sortLess(Object* a, Object* b)
{
    TypeObject* ta = a->type();
    if (ta == b->type()) {
        if (ta == types().int_) {
            int64_t x, y;
            if (intFits(a, x) && intFits(b, y)) return x < y;
        } else if (ta == types().str) {
            return asStr(a)->view() < asStr(b)->view();
        } else if (ta == types().float_) {
            return floatValue(a) < floatValue(b);
        }
    }
    return richCompareBool(a, b, CompareOp::Lt);
}

} // namespace

Ref<Object> newList(std::vector<Ref<Object>> items) { return Ref<Object>(new ListObject(types().list, std::move(items))); }

namespace detail {

void listSort(ListObject* list, Object* key, bool reverse)
{
    // The list looks empty while sorting (as in CPython) so that mutation is detected.
    std::vector<Ref<Object>> items;
    items.swap(list->items);
    std::vector<Ref<Object>> keys;
    try {
        if (key) {
            keys.reserve(items.size());
            for (const auto& x : items) keys.push_back(call(key, { x.get() }));
        }
        const std::vector<Ref<Object>>& k = key ? keys : items;
        std::vector<size_t> order(items.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        // Reverse sorting keeps equal elements in their original order, like CPython's reverse-sort-reverse.
        if (reverse)
            std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return sortLess(k[y].get(), k[x].get()); });
        else
            std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return sortLess(k[x].get(), k[y].get()); });
        std::vector<Ref<Object>> sorted;
        sorted.reserve(items.size());
        for (size_t i : order) sorted.push_back(std::move(items[i]));
        items.swap(sorted);
    } catch (...) {
        bool modified = !list->items.empty();
        if (!modified) list->items.swap(items);
        throw;
    }
    if (!list->items.empty()) {
        list->items.swap(items);
        raise(types().ValueError, "list modified during sort");
    }
    list->items.swap(items);
}

Ref<Object> sortedList(Object* iterable, Object* key, bool reverse)
{
    Ref<Object> l = newList(toVector(iterable));
    listSort(asList(l.get()), key, reverse);
    return l;
}

void initList(BuiltinTypes& t)
{
    t.list = newStaticType("list", t.object);
    TypeSlots& s = t.list->slots;
    s.repr = &listRepr;
    s.hash = &unhashable;
    s.richcompare = &listRichCompare;
    s.binary[static_cast<size_t>(BinaryOp::Add)] = &listAdd;
    s.binary[static_cast<size_t>(BinaryOp::Mul)] = &listMul;
    s.binary[static_cast<size_t>(BinaryOp::InplaceAdd)] = &listInplaceAdd;
    s.binary[static_cast<size_t>(BinaryOp::InplaceMul)] = &listInplaceMul;
    s.len = &listLen;
    s.getitem = &listGetItem;
    s.setitem = &listSetItem;
    s.contains = &listContains;
    s.iter = &listIter;
    s.newObject = &listNew;
    s.init = &listInit;
    t.list->subclassDict = &WithDict<ListObject>::dictPtr;
    addMethod(t.list, "append", &listAppend);
    addMethod(t.list, "extend", &listExtend);
    addMethod(t.list, "insert", &listInsert);
    addMethod(t.list, "pop", &listPop);
    addMethod(t.list, "remove", &listRemove);
    addMethod(t.list, "index", &listIndex);
    addMethod(t.list, "count", &listCount);
    addMethod(t.list, "reverse", &listReverse);
    addMethod(t.list, "copy", &listCopy);
    addMethod(t.list, "clear", &listClear);
    addMethod(t.list, "sort", &listSortMethod);
    addMethod(t.list, "__reversed__", &listReversed);
    t.list->finalize();

    t.listIterator = newStaticType("list_iterator", t.object, 0);
    t.listIterator->slots.next = &listIterNext;
    t.listIterator->slots.iter = &selfIter;
    t.listIterator->finalize();
    auto& x = const_cast<ExtraTypes&>(extraTypes());
    x.listReverseIterator = newStaticType("list_reverseiterator", t.object, 0);
    x.listReverseIterator->slots.next = &listRevIterNext;
    x.listReverseIterator->slots.iter = &selfIter;
    x.listReverseIterator->finalize();
}

} // namespace detail

} // namespace loopscope
