// set and frozenset: CPython's setobject.c table algorithm (8 initial slots, 9 linear probes then
// perturbation, fill/used accounting, the same resize points and fast paths), so that iteration
// order, and therefore printing, matches CPython's for ints and strs.
#include "runtime/objects.h"

#include <loopscope/runtime/memory.h>

namespace loopscope {

using namespace detail;

namespace {
char g_dummyByte;
constexpr size_t kMinSize = 8;
constexpr size_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

bool isSetObj(const Object* o) { return isSetOrFrozenset(o); }

bool keysMatch(Object* a, Object* b)
{
    if (a == b) return true;
    if (a->type() == types().str && b->type() == types().str) return asStr(a)->view() == asStr(b)->view();
    return richCompareBool(a, b, CompareOp::Eq);
}
} // namespace

Object* const SetObject::kDummy = reinterpret_cast<Object*>(&g_dummyByte);

SetObject::SetObject(TypeObject* type)
    : Object(type)
    , m_table(kMinSize)
{
}

SetObject::~SetObject() { clear(); }

size_t SetObject::lookup(Object* key, int64_t hash) const
{
    for (;;) {
        const std::vector<Slot>* tableAtStart = &m_table;
        size_t mask = m_table.size() - 1;
        size_t i = static_cast<size_t>(hash) & mask;
        uint64_t perturb = static_cast<uint64_t>(hash);
        bool restart = false;
        for (;;) {
            size_t j = i;
            size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
            for (;;) {
                const Slot& e = m_table[j];
                if (e.hash == 0 && e.key == nullptr) return SIZE_MAX;
                if (e.hash == hash && e.key != kDummy) {
                    Object* start = e.key;
                    if (start == key) return j;
                    Ref<Object> keep(start);
                    size_t sizeBefore = m_table.size();
                    bool eq = keysMatch(start, key);
                    if (m_table.size() != sizeBefore || m_table[j].key != start || tableAtStart != &m_table) {
                        restart = true;
                        break;
                    }
                    if (eq) return j;
                }
                if (probes-- == 0) break;
                ++j;
            }
            if (restart) break;
            perturb >>= kPerturbShift;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }
}

bool SetObject::contains(Object* key, int64_t hash) const { return lookup(key, hash) != SIZE_MAX; }
bool SetObject::contains(Object* key) const { return contains(key, loopscope::hash(key)); }

void SetObject::insertClean(Object* key, int64_t hash)
{
    size_t mask = m_table.size() - 1;
    size_t i = static_cast<size_t>(hash) & mask;
    uint64_t perturb = static_cast<uint64_t>(hash);
    for (;;) {
        if (m_table[i].key == nullptr) {
            m_table[i] = Slot { key, hash };
            return;
        }
        if (i + kLinearProbes <= mask) {
            for (size_t j = 1; j <= kLinearProbes; ++j)
                if (m_table[i + j].key == nullptr) {
                    m_table[i + j] = Slot { key, hash };
                    return;
                }
        }
        perturb >>= kPerturbShift;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

void SetObject::resize(size_t minused)
{
    size_t newsize = kMinSize;
    while (newsize <= minused) newsize <<= 1;
    checkMemory(newsize * 2 * sizeof(void*));
    std::vector<Slot> old(newsize);
    old.swap(m_table);
    ++m_version;
    if (m_fill == m_used) {
        for (const Slot& s : old)
            if (s.key) insertClean(s.key, s.hash);
    } else {
        m_fill = m_used;
        for (const Slot& s : old)
            if (s.key && s.key != kDummy) insertClean(s.key, s.hash);
    }
}

bool SetObject::add(Object* key) { return add(key, loopscope::hash(key)); }

bool SetObject::add(Object* key, int64_t hash)
{
    key->incref();
    for (;;) {
        size_t mask = m_table.size() - 1;
        size_t i = static_cast<size_t>(hash) & mask;
        size_t freeslot = SIZE_MAX;
        uint64_t perturb = static_cast<uint64_t>(hash);
        bool restart = false;
        for (;;) {
            size_t j = i;
            size_t probes = (i + kLinearProbes <= mask) ? kLinearProbes : 0;
            for (;;) {
                Slot& e = m_table[j];
                if (e.hash == 0 && e.key == nullptr) {
                    if (freeslot != SIZE_MAX) {
                        ++m_used;
                        ++m_version;
                        m_table[freeslot] = Slot { key, hash };
                        return true;
                    }
                    ++m_fill;
                    ++m_used;
                    ++m_version;
                    e = Slot { key, hash };
                    if (m_fill * 5 < mask * 3) return true;
                    resize(m_used > 50000 ? m_used * 2 : m_used * 4);
                    return true;
                }
                if (e.hash == hash && e.key != kDummy) {
                    Object* start = e.key;
                    if (start == key) {
                        key->decref();
                        return false;
                    }
                    Ref<Object> keep(start);
                    size_t sizeBefore = m_table.size();
                    bool eq;
                    try {
                        eq = keysMatch(start, key);
                    } catch (...) {
                        key->decref();
                        throw;
                    }
                    if (eq) {
                        key->decref();
                        return false;
                    }
                    if (m_table.size() != sizeBefore || m_table[j].key != start) {
                        restart = true;
                        break;
                    }
                    mask = m_table.size() - 1;
                } else if (e.hash == -1) {
                    freeslot = j; // CPython 3.11 reuses the last dummy seen on the probe path
                }
                if (probes-- == 0) break;
                ++j;
            }
            if (restart) break;
            perturb >>= kPerturbShift;
            i = (i * 5 + 1 + perturb) & mask;
        }
    }
}

bool SetObject::discard(Object* key) { return discard(key, loopscope::hash(key)); }

bool SetObject::discard(Object* key, int64_t hash)
{
    size_t j = lookup(key, hash);
    if (j == SIZE_MAX) return false;
    Object* old = m_table[j].key;
    m_table[j] = Slot { kDummy, -1 };
    --m_used;
    ++m_version;
    old->decref();
    return true;
}

Ref<Object> SetObject::pop()
{
    if (m_used == 0) return {};
    size_t mask = m_table.size() - 1;
    size_t i = m_finger & mask;
    while (m_table[i].key == nullptr || m_table[i].key == kDummy) {
        ++i;
        if (i > mask) i = 0;
    }
    Object* key = m_table[i].key;
    m_table[i] = Slot { kDummy, -1 };
    --m_used;
    ++m_version;
    m_finger = i + 1;
    return Ref<Object>::adopt(key);
}

void SetObject::clear()
{
    std::vector<Slot> old(kMinSize);
    old.swap(m_table);
    m_fill = m_used = 0;
    ++m_version;
    for (const Slot& s : old)
        if (s.key && s.key != kDummy) s.key->decref();
}

void SetObject::merge(const SetObject* other)
{
    if (other == this || other->m_used == 0) return;
    if ((m_fill + other->m_used) * 5 >= (m_table.size() - 1) * 3) resize((m_used + other->m_used) * 2);
    if (m_fill == 0 && m_table.size() == other->m_table.size() && other->m_fill == other->m_used) {
        for (size_t i = 0; i < m_table.size(); ++i) {
            const Slot& s = other->m_table[i];
            if (s.key) {
                s.key->incref();
                m_table[i] = s;
            }
        }
        m_fill = other->m_fill;
        m_used = other->m_used;
        ++m_version;
        return;
    }
    if (m_fill == 0) {
        m_fill = m_used = other->m_used;
        ++m_version;
        for (const Slot& s : other->m_table)
            if (s.key && s.key != kDummy) {
                s.key->incref();
                insertClean(s.key, s.hash);
            }
        return;
    }
    std::vector<Slot> snapshot = other->m_table;
    for (const Slot& s : snapshot)
        if (s.key && s.key != kDummy) {
            Ref<Object> keep(s.key);
            add(s.key, s.hash);
        }
}

void SetObject::update(Object* iterable)
{
    if (isSetObj(iterable)) {
        merge(asSet(iterable));
        return;
    }
    if (iterable->type() == types().dict) {
        DictObject* d = asDict(iterable);
        if ((m_fill + d->size()) * 5 >= (m_table.size() - 1) * 3) resize((m_used + d->size()) * 2);
        std::vector<DictObject::Entry> entries = d->entries();
        for (const auto& e : entries)
            if (e.key) add(e.key.get(), e.hash);
        return;
    }
    Ref<Object> it = getIter(iterable);
    slot::Next next = it->type()->slots.next;
    while (Ref<Object> x = next(it.get())) add(x.get());
}

int64_t SetObject::frozenHash() const
{
    if (m_hash != -1) return m_hash;
    auto shuffle = [](uint64_t h) { return ((h ^ 89869747ull) ^ (h << 16)) * 3644798167ull; };
    uint64_t h = 0;
    for (const Slot& s : m_table)
        if (s.key && s.key != kDummy) h ^= shuffle(static_cast<uint64_t>(s.hash));
    h ^= (static_cast<uint64_t>(m_used) + 1) * 1927868237ull;
    h ^= (h >> 11) ^ (h >> 25);
    h = h * 69069u + 907133923ull;
    if (h == static_cast<uint64_t>(-1)) h = 590923713ull;
    m_hash = static_cast<int64_t>(h);
    return m_hash;
}

namespace {

SetObject* S(Object* o) { return asSet(o); }

TypeObject* baseTypeOf(Object* o)
{
    TypeObject* t = o->type();
    return (t == types().frozenset || t->isSubtypeOf(types().frozenset)) ? types().frozenset : types().set;
}

Ref<Object> makeSet(TypeObject* t, Object* iterable)
{
    Ref<Object> s = detail::newSet(t);
    if (iterable) S(s.get())->update(iterable);
    return s;
}

Ref<Object> setCopy(Object* so) { return makeSet(baseTypeOf(so), so); }

Ref<Object> setRepr(Object* o)
{
    SetObject* s = S(o);
    const std::string& name = o->type()->name();
    bool plainSet = o->type() == types().set;
    if (s->size() == 0) return newStr(name + "()");
    ReprGuard guard(o);
    if (!guard.entered) return newStr(name + "(...)");
    std::string out = plainSet ? "{" : name + "({";
    bool first = true;
    std::vector<Ref<Object>> keys;
    for (const auto& e : s->table())
        if (e.key && e.key != SetObject::kDummy) keys.emplace_back(e.key);
    for (const auto& k : keys) {
        if (!first) out += ", ";
        first = false;
        out += reprText(k.get());
    }
    out += plainSet ? "}" : "})";
    return newStr(out);
}

int64_t setLen(Object* o) { return static_cast<int64_t>(S(o)->size()); }
bool setContainsSlot(Object* o, Object* key)
{
    int64_t h;
    try {
        h = hash(key);
    } catch (const PyException& e) {
        // `{1} in s`: a set key is looked up as the equivalent frozenset.
        if (isSetObj(key) && isInstance(e.exception().get(), types().TypeError)) {
            Ref<Object> f = makeSet(types().frozenset, key);
            return S(o)->contains(f.get());
        }
        throw;
    }
    return S(o)->contains(key, h);
}
int64_t frozensetHash(Object* o) { return S(o)->frozenHash(); }

Ref<Object> setIter(Object* o)
{
    auto* it = new IterObject(types().setIterator);
    it->seq = Ref<Object>(o);
    it->expectedSize = S(o)->size();
    return Ref<Object>(it);
}

Ref<Object> setIterNext(Object* o)
{
    auto* it = static_cast<IterObject*>(o);
    if (!it->seq) return {};
    SetObject* s = S(it->seq.get());
    if (s->size() != it->expectedSize) {
        it->expectedSize = static_cast<size_t>(-1);
        raise(types().RuntimeError, "Set changed size during iteration");
    }
    const auto& table = s->table();
    while (it->index < static_cast<int64_t>(table.size())) {
        const auto& e = table[static_cast<size_t>(it->index++)];
        if (e.key && e.key != SetObject::kDummy) return Ref<Object>(e.key);
    }
    it->seq = nullptr;
    return {};
}

bool isSubset(SetObject* a, Object* b)
{
    if (a->size() > S(b)->size()) return false;
    for (const auto& e : a->table())
        if (e.key && e.key != SetObject::kDummy && !S(b)->contains(e.key, e.hash)) return false;
    return true;
}

Ref<Object> setRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isSetObj(b)) return Ref<Object>(NotImplemented());
    size_t x = S(a)->size(), y = S(b)->size();
    bool r = false;
    switch (op) {
    case CompareOp::Eq: r = x == y && isSubset(S(a), b); break;
    case CompareOp::Ne: r = !(x == y && isSubset(S(a), b)); break;
    case CompareOp::Le: r = isSubset(S(a), b); break;
    case CompareOp::Lt: r = x < y && isSubset(S(a), b); break;
    case CompareOp::Ge: r = isSubset(S(b), a); break;
    case CompareOp::Gt: r = y < x && isSubset(S(b), a); break;
    }
    return Ref<Object>(boolObject(r));
}

// CPython's set_intersection.
Ref<Object> intersection(Object* so, Object* other)
{
    Ref<Object> result = detail::newSet(baseTypeOf(so));
    if (so == other) {
        S(result.get())->update(so);
        return result;
    }
    if (isSetObj(other)) {
        Object* big = so;
        Object* small = other;
        if (S(other)->size() > S(so)->size()) std::swap(big, small);
        std::vector<SetObject::Slot> table = S(small)->table();
        for (const auto& e : table) {
            if (!e.key || e.key == SetObject::kDummy) continue;
            Ref<Object> keep(e.key);
            if (S(big)->contains(e.key, e.hash)) S(result.get())->add(e.key, e.hash);
        }
        return result;
    }
    Ref<Object> it = getIter(other);
    while (Ref<Object> k = iterNext(it.get())) {
        int64_t h = hash(k.get());
        if (S(so)->contains(k.get(), h)) S(result.get())->add(k.get(), h);
    }
    return result;
}

void differenceUpdate(Object* so, Object* other)
{
    SetObject* s = S(so);
    if (so == other) {
        s->clear();
        return;
    }
    if (isSetObj(other)) {
        std::vector<SetObject::Slot> table = S(other)->table();
        for (const auto& e : table)
            if (e.key && e.key != SetObject::kDummy) {
                Ref<Object> keep(e.key);
                s->discard(e.key, e.hash);
            }
    } else {
        Ref<Object> it = getIter(other);
        while (Ref<Object> k = iterNext(it.get())) s->discard(k.get());
    }
    // More than a quarter dummies: rebuild (this is what CPython does too).
    size_t mask = s->table().size() - 1;
    if (s->fill() - s->size() <= mask / 4) return;
    SetAccess::resize(s, s->size() > 50000 ? s->size() * 2 : s->size() * 4);
}

Ref<Object> difference(Object* so, Object* other)
{
    int64_t otherSize;
    if (isSetObj(other))
        otherSize = static_cast<int64_t>(S(other)->size());
    else if (other->type() == types().dict)
        otherSize = static_cast<int64_t>(asDict(other)->size());
    else {
        Ref<Object> r = setCopy(so);
        differenceUpdate(r.get(), other);
        return r;
    }
    if (static_cast<int64_t>(S(so)->size() >> 2) > otherSize) {
        Ref<Object> r = setCopy(so);
        differenceUpdate(r.get(), other);
        return r;
    }
    Ref<Object> result = detail::newSet(baseTypeOf(so));
    std::vector<SetObject::Slot> table = S(so)->table();
    for (const auto& e : table) {
        if (!e.key || e.key == SetObject::kDummy) continue;
        Ref<Object> keep(e.key);
        bool in = isSetObj(other) ? S(other)->contains(e.key, e.hash) : asDict(other)->find(e.key, e.hash) >= 0;
        if (!in) S(result.get())->add(e.key, e.hash);
    }
    return result;
}

void symmetricDifferenceUpdate(Object* so, Object* other)
{
    SetObject* s = S(so);
    if (so == other) {
        s->clear();
        return;
    }
    if (other->type() == types().dict) {
        std::vector<DictObject::Entry> entries = asDict(other)->entries();
        for (const auto& e : entries)
            if (e.key && !s->discard(e.key.get(), e.hash)) s->add(e.key.get(), e.hash);
        return;
    }
    Ref<Object> otherSet = isSetObj(other) ? Ref<Object>(other) : makeSet(baseTypeOf(so), other);
    std::vector<SetObject::Slot> table = S(otherSet.get())->table();
    for (const auto& e : table) {
        if (!e.key || e.key == SetObject::kDummy) continue;
        Ref<Object> keep(e.key);
        if (!s->discard(e.key, e.hash)) s->add(e.key, e.hash);
    }
}

Ref<Object> symmetricDifference(Object* so, Object* other)
{
    Ref<Object> otherSet = makeSet(baseTypeOf(so), other);
    symmetricDifferenceUpdate(otherSet.get(), so);
    return otherSet;
}

#define SET_OPERANDS                                                                                                   \
    if (!isSetObj(a) || !isSetObj(b)) return Ref<Object>(NotImplemented());

Ref<Object> setOr(Object* a, Object* b)
{
    SET_OPERANDS
    Ref<Object> r = setCopy(a);
    if (a != b) S(r.get())->update(b);
    return r;
}
Ref<Object> setAnd(Object* a, Object* b)
{
    SET_OPERANDS
    return intersection(a, b);
}
Ref<Object> setSub(Object* a, Object* b)
{
    SET_OPERANDS
    return difference(a, b);
}
Ref<Object> setXor(Object* a, Object* b)
{
    SET_OPERANDS
    return symmetricDifference(a, b);
}
Ref<Object> setIor(Object* a, Object* b)
{
    if (!isSetObj(b)) return Ref<Object>(NotImplemented());
    S(a)->update(b);
    return Ref<Object>(a);
}
Ref<Object> setIand(Object* a, Object* b)
{
    if (!isSetObj(b)) return Ref<Object>(NotImplemented());
    Ref<Object> tmp = intersection(a, b);
    SetAccess::swapBodies(S(a), S(tmp.get()));
    return Ref<Object>(a);
}
Ref<Object> setIsub(Object* a, Object* b)
{
    if (!isSetObj(b)) return Ref<Object>(NotImplemented());
    differenceUpdate(a, b);
    return Ref<Object>(a);
}
Ref<Object> setIxor(Object* a, Object* b)
{
    if (!isSetObj(b)) return Ref<Object>(NotImplemented());
    symmetricDifferenceUpdate(a, b);
    return Ref<Object>(a);
}

Ref<Object> setNew(TypeObject* type, CallArgs args)
{
    if (type == types().frozenset || type->isSubtypeOf(types().frozenset)) {
        checkArgCount("frozenset", args, 0, 1);
        if (type == types().frozenset && args.nargs && args[0]->type() == types().frozenset) return Ref<Object>(args[0]);
        Ref<Object> s = detail::newSet(type);
        if (args.nargs) S(s.get())->update(args[0]);
        return s;
    }
    return detail::newSet(type);
}

void setInit(Object* self, CallArgs args)
{
    checkArgCount("set", args, 0, 1);
    S(self)->clear();
    if (args.nargs) S(self)->update(args[0]);
}

// --- methods -------------------------------------------------------------------------------------
Ref<Object> none() { return Ref<Object>(None()); }

Ref<Object> mAdd(Object* self, CallArgs args)
{
    checkArgCount("add", args, 1, 1);
    S(self)->add(args[0]);
    return none();
}
Ref<Object> mRemove(Object* self, CallArgs args)
{
    checkArgCount("remove", args, 1, 1);
    if (!setContainsSlot(self, args[0])) raise(newException(types().KeyError, std::vector<Ref<Object>> { Ref<Object>(args[0]) }));
    if (isSetObj(args[0]) && args[0]->type()->slots.hash == &unhashable) {
        Ref<Object> f = makeSet(types().frozenset, args[0]);
        S(self)->discard(f.get());
    } else {
        S(self)->discard(args[0]);
    }
    return none();
}
Ref<Object> mDiscard(Object* self, CallArgs args)
{
    checkArgCount("discard", args, 1, 1);
    if (isSetObj(args[0]) && args[0]->type()->slots.hash == &unhashable) {
        Ref<Object> f = makeSet(types().frozenset, args[0]);
        S(self)->discard(f.get());
    } else {
        S(self)->discard(args[0]);
    }
    return none();
}
Ref<Object> mPop(Object* self, CallArgs args)
{
    checkArgCount("pop", args, 0, 0);
    Ref<Object> r = S(self)->pop();
    if (!r) raise(types().KeyError, "pop from an empty set");
    return r;
}
Ref<Object> mClear(Object* self, CallArgs args)
{
    checkArgCount("clear", args, 0, 0);
    S(self)->clear();
    return none();
}
Ref<Object> mCopy(Object* self, CallArgs args)
{
    checkArgCount("copy", args, 0, 0);
    if (self->type() == types().frozenset) return Ref<Object>(self);
    return setCopy(self);
}
Ref<Object> mUpdate(Object* self, CallArgs args)
{
    noKeywords("update", args);
    for (size_t i = 0; i < args.nargs; ++i) S(self)->update(args[i]);
    return none();
}
Ref<Object> mUnion(Object* self, CallArgs args)
{
    noKeywords("union", args);
    Ref<Object> r = setCopy(self);
    for (size_t i = 0; i < args.nargs; ++i)
        if (args[i] != self) S(r.get())->update(args[i]);
    return r;
}
Ref<Object> mIntersection(Object* self, CallArgs args)
{
    noKeywords("intersection", args);
    if (args.nargs == 0) return setCopy(self);
    Ref<Object> r(self);
    for (size_t i = 0; i < args.nargs; ++i) r = intersection(r.get(), args[i]);
    return r;
}
Ref<Object> mIntersectionUpdate(Object* self, CallArgs args)
{
    Ref<Object> tmp = mIntersection(self, args);
    if (tmp.get() != self) SetAccess::swapBodies(S(self), S(tmp.get()));
    return none();
}
Ref<Object> mDifference(Object* self, CallArgs args)
{
    noKeywords("difference", args);
    if (args.nargs == 0) return setCopy(self);
    Ref<Object> r = difference(self, args[0]);
    for (size_t i = 1; i < args.nargs; ++i) differenceUpdate(r.get(), args[i]);
    return r;
}
Ref<Object> mDifferenceUpdate(Object* self, CallArgs args)
{
    noKeywords("difference_update", args);
    for (size_t i = 0; i < args.nargs; ++i) differenceUpdate(self, args[i]);
    return none();
}
Ref<Object> mSymmetricDifference(Object* self, CallArgs args)
{
    checkArgCount("symmetric_difference", args, 1, 1);
    return symmetricDifference(self, args[0]);
}
Ref<Object> mSymmetricDifferenceUpdate(Object* self, CallArgs args)
{
    checkArgCount("symmetric_difference_update", args, 1, 1);
    symmetricDifferenceUpdate(self, args[0]);
    return none();
}
Ref<Object> mIsSubset(Object* self, CallArgs args)
{
    checkArgCount("issubset", args, 1, 1);
    Ref<Object> other = isSetObj(args[0]) ? Ref<Object>(args[0]) : makeSet(types().set, args[0]);
    return Ref<Object>(boolObject(isSubset(S(self), other.get())));
}
Ref<Object> mIsSuperset(Object* self, CallArgs args)
{
    checkArgCount("issuperset", args, 1, 1);
    if (isSetObj(args[0])) return Ref<Object>(boolObject(isSubset(S(args[0]), self)));
    Ref<Object> it = getIter(args[0]);
    while (Ref<Object> k = iterNext(it.get()))
        if (!S(self)->contains(k.get())) return Ref<Object>(False());
    return Ref<Object>(True());
}
Ref<Object> mIsDisjoint(Object* self, CallArgs args)
{
    checkArgCount("isdisjoint", args, 1, 1);
    Ref<Object> it = getIter(args[0]);
    while (Ref<Object> k = iterNext(it.get()))
        if (S(self)->contains(k.get())) return Ref<Object>(False());
    return Ref<Object>(True());
}

} // namespace

void SetAccess::resize(SetObject* s, size_t minused) { s->resize(minused); }
void SetAccess::swapBodies(SetObject* a, SetObject* b)
{
    std::swap(a->m_table, b->m_table);
    std::swap(a->m_fill, b->m_fill);
    std::swap(a->m_used, b->m_used);
    ++a->m_version;
    ++b->m_version;
}

Ref<Object> newSet(std::vector<Ref<Object>> items)
{
    Ref<Object> s = detail::newSet(types().set);
    for (const auto& x : items) S(s.get())->add(x.get());
    return s;
}

namespace detail {

Ref<Object> newSet(TypeObject* type)
{
    if (type == types().set || type == types().frozenset) return Ref<Object>(new SetObject(type));
    return Ref<Object>(new WithDict<SetObject>(type));
}

Ref<Object> newFrozenSet(std::vector<Ref<Object>> items)
{
    Ref<Object> s = newSet(types().frozenset);
    for (const auto& x : items) S(s.get())->add(x.get());
    return s;
}

void initSet(BuiltinTypes& t)
{
    t.set = newStaticType("set", t.object);
    t.frozenset = newStaticType("frozenset", t.object);
    for (TypeObject* st : { t.set, t.frozenset }) {
        TypeSlots& s = st->slots;
        s.repr = &setRepr;
        s.richcompare = &setRichCompare;
        s.len = &setLen;
        s.contains = &setContainsSlot;
        s.iter = &setIter;
        s.newObject = &setNew;
        s.binary[static_cast<size_t>(BinaryOp::Or)] = &setOr;
        s.binary[static_cast<size_t>(BinaryOp::And)] = &setAnd;
        s.binary[static_cast<size_t>(BinaryOp::Sub)] = &setSub;
        s.binary[static_cast<size_t>(BinaryOp::Xor)] = &setXor;
        st->subclassDict = &WithDict<SetObject>::dictPtr;
        addMethod(st, "copy", &mCopy);
        addMethod(st, "union", &mUnion);
        addMethod(st, "intersection", &mIntersection);
        addMethod(st, "difference", &mDifference);
        addMethod(st, "symmetric_difference", &mSymmetricDifference);
        addMethod(st, "issubset", &mIsSubset);
        addMethod(st, "issuperset", &mIsSuperset);
        addMethod(st, "isdisjoint", &mIsDisjoint);
    }
    t.set->slots.hash = &unhashable;
    t.set->slots.init = &setInit;
    t.frozenset->slots.hash = &frozensetHash;
    TypeSlots& s = t.set->slots;
    s.binary[static_cast<size_t>(BinaryOp::InplaceOr)] = &setIor;
    s.binary[static_cast<size_t>(BinaryOp::InplaceAnd)] = &setIand;
    s.binary[static_cast<size_t>(BinaryOp::InplaceSub)] = &setIsub;
    s.binary[static_cast<size_t>(BinaryOp::InplaceXor)] = &setIxor;
    addMethod(t.set, "add", &mAdd);
    addMethod(t.set, "remove", &mRemove);
    addMethod(t.set, "discard", &mDiscard);
    addMethod(t.set, "pop", &mPop);
    addMethod(t.set, "clear", &mClear);
    addMethod(t.set, "update", &mUpdate);
    addMethod(t.set, "intersection_update", &mIntersectionUpdate);
    addMethod(t.set, "difference_update", &mDifferenceUpdate);
    addMethod(t.set, "symmetric_difference_update", &mSymmetricDifferenceUpdate);
    t.set->finalize();
    t.frozenset->finalize();
    t.setIterator = newStaticType("set_iterator", t.object, 0);
    t.setIterator->slots.next = &setIterNext;
    t.setIterator->slots.iter = &selfIter;
    t.setIterator->finalize();
}

} // namespace detail

} // namespace loopscope
