// dict: CPython's compact layout (ordered entries + open-addressing index with perturbation),
// its views and iterators.
#include "runtime/objects.h"

#include <loopscope/runtime/memory.h>

#include <algorithm>

namespace loopscope {

using namespace detail;

namespace {

constexpr int32_t kEmpty = -1;
constexpr int32_t kDeleted = -2;

bool keysEqual(Object* a, Object* b)
{
    if (a == b) return true;
    if (a->type() == types().str && b->type() == types().str) return asStr(a)->view() == asStr(b)->view();
    return richCompareBool(a, b, CompareOp::Eq);
}

DictObject* D(Object* o) { return asDict(o); }

[[noreturn]] void keyError(Object* key) { raise(newException(types().KeyError, std::vector<Ref<Object>> { Ref<Object>(key) })); }

} // namespace

int64_t DictObject::find(Object* key, int64_t hash) const
{
    if (m_index.empty()) return -1;
    size_t mask = m_index.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    uint64_t perturb = static_cast<uint64_t>(hash);
    for (;;) {
        int32_t ix = m_index[i];
        if (ix == kEmpty) return -1;
        if (ix >= 0) {
            const Entry& e = m_entries[static_cast<size_t>(ix)];
            if (e.key.get() == key) return ix;
            if (e.hash == hash && e.key && keysEqual(e.key.get(), key)) return ix;
        }
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
}

int64_t DictObject::find(Object* key) const { return find(key, loopscope::hash(key)); }

Object* DictObject::get(Object* key) const
{
    int64_t ix = find(key);
    return ix < 0 ? nullptr : m_entries[static_cast<size_t>(ix)].value.get();
}

void DictObject::rebuild(size_t minIndexSize)
{
    std::vector<Entry> live;
    live.reserve(m_used);
    for (auto& e : m_entries)
        if (e.key) live.push_back(std::move(e));
    m_entries.swap(live);
    size_t size = 8;
    while (size < minIndexSize || size * 2 <= m_entries.size() * 3) size <<= 1;
    m_index.assign(size, kEmpty);
    size_t mask = size - 1;
    for (size_t n = 0; n < m_entries.size(); ++n) {
        uint64_t perturb = static_cast<uint64_t>(m_entries[n].hash);
        size_t i = static_cast<size_t>(m_entries[n].hash) & mask;
        while (m_index[i] != kEmpty) {
            perturb >>= 5;
            i = (i * 5 + perturb + 1) & mask;
        }
        m_index[i] = static_cast<int32_t>(n);
    }
    m_fill = m_entries.size();
}

void DictObject::set(Object* key, int64_t hash, Ref<Object> value)
{
    int64_t ix = find(key, hash);
    if (ix >= 0) {
        Ref<Object> old = std::move(m_entries[static_cast<size_t>(ix)].value);
        m_entries[static_cast<size_t>(ix)].value = std::move(value);
        return; // `old` is released after the dict is consistent
    }
    // Deleted marks count: a table full of them has no empty slot to end a probe (CPython's ma_fill).
    if (m_index.empty() || (std::max(m_fill, m_entries.size()) + 1) * 3 > m_index.size() * 2) {
        checkMemory((m_used + 1) * 3 * (sizeof(Entry) + sizeof(int32_t)));
        rebuild((m_used + 1) * 3);
    }
    size_t mask = m_index.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    uint64_t perturb = static_cast<uint64_t>(hash);
    while (m_index[i] >= 0) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    if (m_index[i] == kEmpty) ++m_fill;
    m_index[i] = static_cast<int32_t>(m_entries.size());
    m_entries.push_back(Entry { hash, Ref<Object>(key), std::move(value) });
    ++m_used;
    ++m_version;
}

void DictObject::set(Object* key, Ref<Object> value) { set(key, loopscope::hash(key), std::move(value)); }

Ref<Object> DictObject::remove(Object* key, int64_t hash)
{
    int64_t ix = find(key, hash);
    if (ix < 0) return {};
    size_t mask = m_index.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    uint64_t perturb = static_cast<uint64_t>(hash);
    while (m_index[i] != ix) {
        perturb >>= 5;
        i = (i * 5 + perturb + 1) & mask;
    }
    m_index[i] = kDeleted;
    Entry& e = m_entries[static_cast<size_t>(ix)];
    Ref<Object> oldKey = std::move(e.key);
    Ref<Object> value = std::move(e.value);
    --m_used;
    ++m_version;
    // A deleted last entry can go at once (keeps popitem and repeated pops cheap).
    if (static_cast<size_t>(ix) + 1 == m_entries.size()) m_entries.pop_back();
    if (m_used == 0) {
        m_entries.clear();
        m_index.assign(m_index.size(), kEmpty);
        m_fill = 0;
    }
    return value;
}

void DictObject::clear()
{
    std::vector<Entry> old;
    old.swap(m_entries);
    m_index.clear();
    m_used = 0;
    m_fill = 0;
    ++m_version;
}

namespace {

// --- slots -------------------------------------------------------------------------------------
Ref<Object> dictRepr(Object* o)
{
    DictObject* d = D(o);
    if (d->size() == 0) return newStr("{}");
    ReprGuard guard(o);
    if (!guard.entered) return newStr("{...}");
    std::string out = "{";
    bool first = true;
    for (size_t i = 0; i < d->entries().size(); ++i) {
        if (!d->entries()[i].key) continue;
        Ref<Object> k = d->entries()[i].key, v = d->entries()[i].value;
        if (!first) out += ", ";
        first = false;
        out += reprText(k.get());
        out += ": ";
        out += reprText(v.get());
    }
    out += "}";
    return newStr(out);
}

Ref<Object> dictRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isDict(b) || (op != CompareOp::Eq && op != CompareOp::Ne)) return Ref<Object>(NotImplemented());
    bool eq = D(a)->size() == D(b)->size();
    if (eq) {
        for (size_t i = 0; i < D(a)->entries().size() && eq; ++i) {
            const auto& e = D(a)->entries()[i];
            if (!e.key) continue;
            Ref<Object> k = e.key, v = e.value;
            int64_t ix = D(b)->find(k.get(), e.hash);
            if (ix < 0) {
                eq = false;
                break;
            }
            Ref<Object> w = D(b)->entries()[static_cast<size_t>(ix)].value;
            if (!richCompareBool(v.get(), w.get(), CompareOp::Eq)) eq = false;
        }
    }
    return Ref<Object>(boolObject(op == CompareOp::Eq ? eq : !eq));
}

int64_t dictLen(Object* o) { return static_cast<int64_t>(D(o)->size()); }

Ref<Object> dictGetItem(Object* o, Object* key)
{
    int64_t ix = D(o)->find(key);
    if (ix >= 0) return D(o)->entries()[static_cast<size_t>(ix)].value;
    if (o->type() != types().dict)
        if (Object* missing = o->type()->lookup(names().missing)) return callPrepend(missing, o, CallArgs { &key, 1, nullptr });
    keyError(key);
}

void dictSetItem(Object* o, Object* key, Object* value)
{
    if (value) {
        D(o)->set(key, Ref<Object>(value));
        return;
    }
    if (!D(o)->remove(key, hash(key))) keyError(key);
}

bool dictContains(Object* o, Object* key) { return D(o)->find(key) >= 0; }

Ref<Object> makeDictIter(Object* dict, int kind, TypeObject* type)
{
    auto* it = new IterObject(type);
    it->seq = Ref<Object>(dict);
    it->step = kind;
    it->expectedSize = D(dict)->size();
    return Ref<Object>(it);
}

Ref<Object> dictIter(Object* o) { return makeDictIter(o, 0, types().dictIterator); }

Ref<Object> dictIterNext(Object* o)
{
    auto* it = static_cast<IterObject*>(o);
    if (!it->seq) return {};
    DictObject* d = D(it->seq.get());
    if (d->size() != it->expectedSize) {
        it->expectedSize = static_cast<size_t>(-1);
        raise(types().RuntimeError, "dictionary changed size during iteration");
    }
    auto& entries = d->entries();
    while (it->index < static_cast<int64_t>(entries.size()) && !entries[static_cast<size_t>(it->index)].key) ++it->index;
    if (it->index >= static_cast<int64_t>(entries.size())) {
        it->seq = nullptr;
        return {};
    }
    const auto& e = entries[static_cast<size_t>(it->index++)];
    if (it->step == 0) return e.key;
    if (it->step == 1) return e.value;
    return newTuple({ e.key.get(), e.value.get() });
}

Ref<Object> dictNew(TypeObject* type, CallArgs)
{
    if (type == types().dict) return newDict();
    return Ref<Object>(new WithDict<DictObject>(type));
}

void updateFrom(DictObject* d, Object* arg)
{
    if (isDict(arg) && arg->type()->lookup(names().iter) == types().dict->lookup(names().iter)) {
        std::vector<DictObject::Entry> copy;
        for (const auto& e : D(arg)->entries())
            if (e.key) copy.push_back(e);
        for (auto& e : copy) d->set(e.key.get(), e.hash, e.value);
        return;
    }
    if (Ref<Object> keys = getAttrOrNull(arg, names().keys)) {
        Ref<Object> ks = call(keys.get());
        for (const Ref<Object>& k : toVector(ks.get())) d->set(k.get(), getItem(arg, k.get()));
        return;
    }
    Ref<Object> it = getIter(arg);
    int64_t n = 0;
    while (Ref<Object> item = iterNext(it.get())) {
        if (!item->type()->slots.iter && !item->type()->slots.getitem)
            raise(types().TypeError, "cannot convert dictionary update sequence element #" + std::to_string(n) + " to a sequence");
        std::vector<Ref<Object>> pair = toVector(item.get());
        if (pair.size() != 2)
            raise(types().ValueError, "dictionary update sequence element #" + std::to_string(n) + " has length " + std::to_string(pair.size()) + "; 2 is required");
        d->set(pair[0].get(), pair[1]);
        ++n;
    }
}

void updateKeywords(DictObject* d, CallArgs args)
{
    if (!args.kwnames) return;
    for (size_t i = 0; i < args.kwnames->items.size(); ++i) d->set(args.kwnames->items[i].get(), Ref<Object>(args.items[args.nargs + i]));
}

void dictInit(Object* self, CallArgs args)
{
    if (args.nargs > 1) raise(types().TypeError, "dict expected at most 1 argument, got " + std::to_string(args.nargs));
    if (args.nargs) updateFrom(D(self), args[0]);
    updateKeywords(D(self), args);
}

Ref<Object> copyDict(DictObject* d)
{
    Ref<DictObject> n = newDict();
    for (const auto& e : d->entries())
        if (e.key) n->set(e.key.get(), e.hash, e.value);
    return n;
}

Ref<Object> dictOr(Object* a, Object* b)
{
    if (!isDict(a) || !isDict(b)) return Ref<Object>(NotImplemented());
    Ref<Object> n = copyDict(D(a));
    updateFrom(D(n.get()), b);
    return n;
}

Ref<Object> dictInplaceOr(Object* a, Object* b)
{
    updateFrom(D(a), b);
    return Ref<Object>(a);
}

// --- methods -----------------------------------------------------------------------------------
Ref<Object> dictGetMethod(Object* self, CallArgs args)
{
    checkArgCount("get", args, 1, 2);
    int64_t ix = D(self)->find(args[0]);
    if (ix >= 0) return D(self)->entries()[static_cast<size_t>(ix)].value;
    return Ref<Object>(args.nargs > 1 ? args[1] : None());
}

Ref<Object> dictSetDefault(Object* self, CallArgs args)
{
    checkArgCount("setdefault", args, 1, 2);
    int64_t h = hash(args[0]);
    int64_t ix = D(self)->find(args[0], h);
    if (ix >= 0) return D(self)->entries()[static_cast<size_t>(ix)].value;
    Ref<Object> v(args.nargs > 1 ? args[1] : None());
    D(self)->set(args[0], h, v);
    return v;
}

Ref<Object> dictPop(Object* self, CallArgs args)
{
    checkArgCount("pop", args, 1, 2);
    Ref<Object> v = D(self)->remove(args[0], hash(args[0]));
    if (v) return v;
    if (args.nargs > 1) return Ref<Object>(args[1]);
    keyError(args[0]);
}

Ref<Object> dictPopItem(Object* self, CallArgs args)
{
    checkArgCount("popitem", args, 0, 0);
    DictObject* d = D(self);
    if (d->size() == 0) raise(types().KeyError, "popitem(): dictionary is empty");
    auto& entries = d->entries();
    size_t i = entries.size();
    while (i > 0 && !entries[i - 1].key) --i;
    Ref<Object> k = entries[i - 1].key;
    Ref<Object> v = entries[i - 1].value;
    d->remove(k.get(), entries[i - 1].hash);
    return newTuple({ k.get(), v.get() });
}

Ref<Object> dictUpdate(Object* self, CallArgs args)
{
    if (args.nargs > 1) raise(types().TypeError, "update expected at most 1 argument, got " + std::to_string(args.nargs));
    if (args.nargs) updateFrom(D(self), args[0]);
    updateKeywords(D(self), args);
    return Ref<Object>(None());
}

Ref<Object> dictCopy(Object* self, CallArgs args)
{
    checkArgCount("copy", args, 0, 0);
    return copyDict(D(self));
}

Ref<Object> dictClear(Object* self, CallArgs args)
{
    checkArgCount("clear", args, 0, 0);
    D(self)->clear();
    return Ref<Object>(None());
}

Ref<Object> dictFromKeys(Object* cls, CallArgs args)
{
    checkArgCount("fromkeys", args, 1, 2);
    Ref<Object> d = call(cls);
    Object* v = args.nargs > 1 ? args[1] : None();
    for (const Ref<Object>& k : toVector(args[0])) setItem(d.get(), k.get(), v);
    return d;
}

Ref<Object> makeView(Object* self, TypeObject* type)
{
    auto* v = new IterObject(type);
    v->seq = Ref<Object>(self);
    return Ref<Object>(v);
}
Ref<Object> dictKeysMethod(Object* self, CallArgs) { return makeView(self, types().dictKeys); }
Ref<Object> dictValuesMethod(Object* self, CallArgs) { return makeView(self, types().dictValues); }
Ref<Object> dictItemsMethod(Object* self, CallArgs) { return makeView(self, types().dictItems); }

Ref<Object> dictReversed(Object* self, CallArgs)
{
    std::vector<Ref<Object>> keys;
    for (const auto& e : D(self)->entries())
        if (e.key) keys.push_back(e.key);
    std::reverse(keys.begin(), keys.end());
    return getIter(newList(std::move(keys)).get());
}

// --- views --------------------------------------------------------------------------------------
DictObject* viewDict(Object* v) { return D(static_cast<IterObject*>(v)->seq.get()); }
int viewKind(Object* v)
{
    TypeObject* t = v->type();
    return t == types().dictKeys ? 0 : t == types().dictValues ? 1 : 2;
}

Ref<Object> viewRepr(Object* o)
{
    ReprGuard guard(o);
    if (!guard.entered) return newStr("...");
    Ref<Object> l = newList(toVector(o));
    return newStr(o->type()->name() + "(" + reprText(l.get()) + ")");
}
int64_t viewLen(Object* o) { return static_cast<int64_t>(viewDict(o)->size()); }
Ref<Object> viewIter(Object* o)
{
    return makeDictIter(static_cast<IterObject*>(o)->seq.get(), viewKind(o), types().dictIterator);
}
Ref<Object> viewReversed(Object* o, CallArgs)
{
    const int kind = viewKind(o);
    std::vector<Ref<Object>> out;
    for (const auto& e : viewDict(o)->entries()) {
        if (!e.key) continue;
        if (kind == 0) out.push_back(e.key);
        else if (kind == 1) out.push_back(e.value);
        else out.push_back(Ref<Object>(newTuple({ e.key.get(), e.value.get() })));
    }
    std::reverse(out.begin(), out.end());
    return getIter(newList(std::move(out)).get());
}
bool viewContains(Object* o, Object* item)
{
    DictObject* d = viewDict(o);
    int kind = viewKind(o);
    if (kind == 0) return d->find(item) >= 0;
    if (kind == 1) {
        for (const auto& e : d->entries())
            if (e.key && richCompareBool(e.value.get(), item, CompareOp::Eq)) return true;
        return false;
    }
    if (!isTuple(item) || tupleItems(item).size() != 2) return false;
    int64_t ix = d->find(tupleItems(item)[0].get());
    if (ix < 0) return false;
    return richCompareBool(d->entries()[static_cast<size_t>(ix)].value.get(), tupleItems(item)[1].get(), CompareOp::Eq);
}

Ref<Object> asSetOf(Object* o)
{
    Ref<Object> s = detail::newSet(types().set);
    asSet(s.get())->update(o);
    return s;
}

template <BinaryOp Op>
Ref<Object> viewSetOp(Object* a, Object* b)
{
    bool aView = a->type() == types().dictKeys || a->type() == types().dictItems;
    Object* self = aView ? a : b;
    Object* other = aView ? b : a;
    if (!other->type()->slots.iter) return Ref<Object>(NotImplemented());
    Ref<Object> left = asSetOf(aView ? self : other);
    Ref<Object> right = asSetOf(aView ? other : self);
    return binaryOp(left.get(), right.get(), Op);
}

Ref<Object> viewRichCompare(Object* a, Object* b, CompareOp op)
{
    if (viewKind(a) == 1) return Ref<Object>(NotImplemented());
    if (!isSetOrFrozenset(b) && b->type() != types().dictKeys && b->type() != types().dictItems)
        return Ref<Object>(NotImplemented());
    Ref<Object> left = asSetOf(a);
    Ref<Object> right = asSetOf(b);
    return richCompare(left.get(), right.get(), op);
}

Ref<Object> viewIsDisjoint(Object* self, CallArgs args)
{
    checkArgCount("isdisjoint", args, 1, 1);
    for (const Ref<Object>& x : toVector(args[0]))
        if (viewContains(self, x.get())) return Ref<Object>(False());
    return Ref<Object>(True());
}

Ref<Object> viewMapping(Object* self, CallArgs) { return static_cast<IterObject*>(self)->seq; }

} // namespace

Ref<DictObject> newDict() { return Ref<DictObject>(new DictObject(types().dict)); }

Object* dictGet(DictObject* d, Object* key) { return d->get(key); }
Object* dictGet(DictObject* d, std::string_view key)
{
    Ref<Object> k = newStr(key);
    return d->get(k.get());
}
void dictSet(DictObject* d, Object* key, Object* value) { d->set(key, Ref<Object>(value)); }
void dictSet(DictObject* d, std::string_view key, Object* value)
{
    Ref<Object> k = newStr(key);
    d->set(k.get(), Ref<Object>(value));
}
bool dictDel(DictObject* d, Object* key) { return static_cast<bool>(d->remove(key, hash(key))); }

std::vector<std::pair<Object*, Object*>> dictItems(DictObject* d)
{
    std::vector<std::pair<Object*, Object*>> out;
    out.reserve(d->size());
    for (const auto& e : d->entries())
        if (e.key) out.emplace_back(e.key.get(), e.value.get());
    return out;
}

namespace detail {

void initDict(BuiltinTypes& t)
{
    TypeObject* dt = t.dict;
    TypeSlots& s = dt->slots;
    s.repr = &dictRepr;
    s.hash = &unhashable;
    s.richcompare = &dictRichCompare;
    s.len = &dictLen;
    s.getitem = &dictGetItem;
    s.setitem = &dictSetItem;
    s.contains = &dictContains;
    s.iter = &dictIter;
    s.newObject = &dictNew;
    s.init = &dictInit;
    s.binary[static_cast<size_t>(BinaryOp::Or)] = &dictOr;
    s.binary[static_cast<size_t>(BinaryOp::InplaceOr)] = &dictInplaceOr;
    dt->subclassDict = &WithDict<DictObject>::dictPtr;
    addMethod(dt, "get", &dictGetMethod);
    addMethod(dt, "setdefault", &dictSetDefault);
    addMethod(dt, "pop", &dictPop);
    addMethod(dt, "popitem", &dictPopItem);
    addMethod(dt, "update", &dictUpdate);
    addMethod(dt, "copy", &dictCopy);
    addMethod(dt, "clear", &dictClear);
    addMethod(dt, "keys", &dictKeysMethod);
    addMethod(dt, "values", &dictValuesMethod);
    addMethod(dt, "items", &dictItemsMethod);
    addMethod(dt, "__reversed__", &dictReversed);
    addClassMethod(dt, "fromkeys", &dictFromKeys);
    dt->finalize();

    t.dictIterator = newStaticType("dict_keyiterator", t.object, 0);
    t.dictIterator->slots.next = &dictIterNext;
    t.dictIterator->slots.iter = &selfIter;
    t.dictIterator->finalize();
    TypeObject** views[] = { &t.dictKeys, &t.dictValues, &t.dictItems };
    const char* viewNames[] = { "dict_keys", "dict_values", "dict_items" };
    for (int i = 0; i < 3; ++i) {
        TypeObject* v = *views[i] = newStaticType(viewNames[i], t.object, 0);
        v->slots.repr = &viewRepr;
        v->slots.len = &viewLen;
        v->slots.iter = &viewIter;
        v->slots.contains = &viewContains;
        v->slots.hash = &unhashable;
        if (i != 1) {
            v->slots.richcompare = &viewRichCompare;
            v->slots.binary[static_cast<size_t>(BinaryOp::And)] = &viewSetOp<BinaryOp::And>;
            v->slots.binary[static_cast<size_t>(BinaryOp::Or)] = &viewSetOp<BinaryOp::Or>;
            v->slots.binary[static_cast<size_t>(BinaryOp::Sub)] = &viewSetOp<BinaryOp::Sub>;
            v->slots.binary[static_cast<size_t>(BinaryOp::Xor)] = &viewSetOp<BinaryOp::Xor>;
            addMethod(v, "isdisjoint", &viewIsDisjoint);
        }
        addMethod(v, "__reversed__", &viewReversed);
        addProperty(v, "mapping", &viewMapping);
        v->finalize();
    }
}

} // namespace detail

} // namespace loopscope
