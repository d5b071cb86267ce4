// TypeObject: MRO, slot inheritance, slots exposed as methods (wrapper descriptors), and heap
// types whose slots dispatch to the class's dunder methods (CPython's typeobject.c, small).
#include "runtime/objects.h"

#include <algorithm>
#include <array>
#include <utility>

namespace loopscope {

namespace detail {
TypeObject* g_typeType = nullptr;
TypeObject* g_dictType = nullptr;
} // namespace detail

using namespace detail;

TypeObject::TypeObject(std::string name, TypeObject* base, uint32_t flags)
    : Object(g_typeType)
    , m_name(name)
    , m_qualname(std::move(name))
    , m_base(base)
    , m_dict(new DictObject(g_dictType))
    , m_flags(flags)
{
}

TypeObject::~TypeObject() = default;

bool TypeObject::isSubtypeOf(const TypeObject* other) const noexcept
{
    if (this == other) return true;
    if (!m_mro.empty()) {
        for (TypeObject* t : m_mro)
            if (t == other) return true;
        return false;
    }
    for (const TypeObject* t = m_base; t; t = t->m_base)
        if (t == other) return true;
    return false;
}

Object* TypeObject::lookup(StrObject* name) const noexcept
{
    if (m_mro.empty()) return m_dict ? m_dict->get(name) : nullptr;
    for (TypeObject* t : m_mro) {
        if (!t->m_dict) continue;
        if (Object* v = t->m_dict->get(name)) return v;
    }
    return nullptr;
}

Object* TypeObject::lookup(std::string_view name) const { return lookup(internStr(name)); }

void TypeObject::clearRefs()
{
    if (m_dict) m_dict->clear();
    m_bases.clear();
    m_mro.clear();
}

namespace {

// ---------------------------------------------------------------------------------------------
// Which dunder names exist and which slot each feeds.
enum Which : int {
    WRepr, WStr, WHash, WEq, WNe, WLt, WLe, WGt, WGe, WCall, WGetAttribute, WGetAttr, WSetAttr, WDelAttr,
    WNeg, WPos, WInvert, WAbs, WIndex, WInt, WFloat, WBool, WLen, WGetItem, WSetItem, WDelItem, WContains,
    WIter, WNext, WGet, WSet, WDelete, WNew, WInit, WAwait, WAIter, WANext,
    WBinary = 100, WReflected = 200
};

const char* const kBinaryNames[] = { "__add__", "__sub__", "__mul__", "__matmul__", "__truediv__", "__floordiv__",
    "__mod__", "__pow__", "__lshift__", "__rshift__", "__and__", "__or__", "__xor__", "__iadd__", "__isub__",
    "__imul__", "__imatmul__", "__itruediv__", "__ifloordiv__", "__imod__", "__ipow__", "__ilshift__",
    "__irshift__", "__iand__", "__ior__", "__ixor__" };
const char* const kReflectedNames[] = { "__radd__", "__rsub__", "__rmul__", "__rmatmul__", "__rtruediv__",
    "__rfloordiv__", "__rmod__", "__rpow__", "__rlshift__", "__rrshift__", "__rand__", "__ror__", "__rxor__" };
constexpr int kPlainOps = 13;

StrObject* compareName(CompareOp op)
{
    const Names& n = names();
    switch (op) {
    case CompareOp::Lt: return n.lt;
    case CompareOp::Le: return n.le;
    case CompareOp::Eq: return n.eq;
    case CompareOp::Ne: return n.ne;
    case CompareOp::Gt: return n.gt;
    case CompareOp::Ge: return n.ge;
    }
    return n.eq;
}

// Calls the dunder `attr` (found on type(self)) with self first, binding only when it must.
Ref<Object> callFound(Object* attr, Object* self, std::initializer_list<Object*> rest)
{
    Object* buf[4];
    size_t n = 0;
    buf[n++] = self;
    for (Object* o : rest) buf[n++] = o;
    TypeObject* at = attr->type();
    const BuiltinTypes& t = types();
    if (at == t.function || at == extraTypes().methodDescriptor || at == extraTypes().slotWrapper)
        return call(attr, CallArgs { buf, n, nullptr });
    if (at->slots.descrGet) {
        Ref<Object> bound = at->slots.descrGet(attr, self, self->type());
        return call(bound.get(), CallArgs { buf + 1, n - 1, nullptr });
    }
    return call(attr, CallArgs { buf + 1, n - 1, nullptr });
}

Ref<Object> callFoundArgs(Object* attr, Object* self, CallArgs args)
{
    TypeObject* at = attr->type();
    const BuiltinTypes& t = types();
    if (at == t.function || at == extraTypes().methodDescriptor || at == extraTypes().slotWrapper)
        return callPrepend(attr, self, args);
    if (at->slots.descrGet) {
        Ref<Object> bound = at->slots.descrGet(attr, self, self->type());
        return call(bound.get(), args);
    }
    return call(attr, args);
}

// Looks up a dunder on type(self) and calls it; empty when the type has none.
Ref<Object> callDunder(Object* self, StrObject* name, std::initializer_list<Object*> rest)
{
    Object* attr = self->type()->lookup(name);
    if (!attr) return {};
    return callFound(attr, self, rest);
}

Ref<Object> requireDunder(Object* self, StrObject* name, std::initializer_list<Object*> rest)
{
    Ref<Object> r = callDunder(self, name, rest);
    if (!r) raise(types().AttributeError, "'" + typeName(self) + "' object has no attribute '" + strText(name) + "'");
    return r;
}

// --- heap-type dispatchers -------------------------------------------------------------------
Ref<Object> heapRepr(Object* self)
{
    Ref<Object> r = requireDunder(self, names().repr, {});
    if (!isStr(r.get())) raise(types().TypeError, "__repr__ returned non-string (type " + typeName(r.get()) + ")");
    return r;
}
Ref<Object> heapStr(Object* self)
{
    Ref<Object> r = requireDunder(self, names().str, {});
    if (!isStr(r.get())) raise(types().TypeError, "__str__ returned non-string (type " + typeName(r.get()) + ")");
    return r;
}
int64_t heapHash(Object* self)
{
    Object* attr = self->type()->lookup(names().hash);
    if (!attr || attr == None()) raise(types().TypeError, "unhashable type: '" + typeName(self) + "'");
    Ref<Object> r = callFound(attr, self, {});
    if (!isInt(r.get())) raise(types().TypeError, "__hash__ method should return an integer");
    // As slot_tp_hash: a result that fits is kept (so __hash__ returning hash(t) hashes like t); -1 is reserved.
    if (int64_t h = 0; intFits(r.get(), h)) return h == -1 ? -2 : h;
    return hash(r.get());
}
Ref<Object> heapRichCompare(Object* self, Object* other, CompareOp op)
{
    Ref<Object> r = callDunder(self, compareName(op), { other });
    if (!r) return Ref<Object>(NotImplemented());
    return r;
}
Ref<Object> heapCall(Object* self, CallArgs args)
{
    Object* attr = self->type()->lookup(names().call);
    if (!attr) raise(types().TypeError, "'" + typeName(self) + "' object is not callable");
    return callFoundArgs(attr, self, args);
}

Ref<Object> heapGetAttr(Object* self, StrObject* name)
{
    TypeObject* t = self->type();
    Object* getattribute = t->lookup(names().getattribute);
    Object* getattr = t->lookup(names().getattr);
    Ref<Object> r;
    if (getattribute && getattribute->type() != extraTypes().slotWrapper) {
        try {
            r = callFound(getattribute, self, { name });
        } catch (const PyException& e) {
            if (!getattr || !isInstance(e.exception().get(), types().AttributeError)) throw;
        }
    } else {
        r = genericGetAttr(self, name);
    }
    if (!r && getattr) r = callFound(getattr, self, { name });
    return r;
}

void heapSetAttr(Object* self, StrObject* name, Object* value)
{
    TypeObject* t = self->type();
    if (value) {
        Object* f = t->lookup(names().setattr);
        if (f && f->type() != extraTypes().slotWrapper)
            callFound(f, self, { name, value });
        else
            genericSetAttr(self, name, value);
    } else {
        Object* f = t->lookup(names().delattr);
        if (f && f->type() != extraTypes().slotWrapper)
            callFound(f, self, { name });
        else
            genericSetAttr(self, name, nullptr);
    }
}

template <int Op>
Ref<Object> heapBinary(Object* a, Object* b)
{
    constexpr bool inplace = Op >= kPlainOps;
    const Names& n = names();
    StrObject* name = n.binary[Op];
    if (inplace) {
        Ref<Object> r = callDunder(a, name, { b });
        return r ? r : Ref<Object>(NotImplemented());
    }
    StrObject* rname = n.reflected[Op];
    TypeObject* ta = a->type();
    TypeObject* tb = b->type();
    const slot::Binary self = &heapBinary<Op>;
    bool aHeap = ta->slots.binary[Op] == self;
    bool doOther = ta != tb && tb->slots.binary[Op] == self;
    if (aHeap) {
        if (doOther && tb->isSubtypeOf(ta)) {
            Object* rb = tb->lookup(rname);
            if (rb && rb != ta->lookup(rname)) {
                Ref<Object> r = callFound(rb, b, { a });
                if (r.get() != NotImplemented()) return r;
                doOther = false;
            }
        }
        if (Object* f = ta->lookup(name)) {
            Ref<Object> r = callFound(f, a, { b });
            if (r.get() != NotImplemented() || !doOther) return r;
        }
    }
    if (doOther || (!aHeap && tb->slots.binary[Op] == self)) {
        if (Object* f = tb->lookup(rname)) return callFound(f, b, { a });
    }
    return Ref<Object>(NotImplemented());
}

template <int... Ops>
constexpr std::array<slot::Binary, sizeof...(Ops)> makeBinaryTable(std::integer_sequence<int, Ops...>)
{
    return { &heapBinary<Ops>... };
}
const auto kHeapBinary = makeBinaryTable(std::make_integer_sequence<int, static_cast<int>(BinaryOp::Count)>());

Ref<Object> heapNeg(Object* s) { return requireDunder(s, names().neg, {}); }
Ref<Object> heapPos(Object* s) { return requireDunder(s, names().pos, {}); }
Ref<Object> heapInvert(Object* s) { return requireDunder(s, names().invert, {}); }
Ref<Object> heapAbs(Object* s) { return requireDunder(s, names().abs, {}); }
Ref<Object> heapIndex(Object* s)
{
    Ref<Object> r = requireDunder(s, names().index, {});
    if (!isInt(r.get())) raise(types().TypeError, "__index__ returned non-int (type " + typeName(r.get()) + ")");
    return r;
}
Ref<Object> heapInt(Object* s)
{
    Ref<Object> r = requireDunder(s, names().int_, {});
    if (!isInt(r.get())) raise(types().TypeError, "__int__ returned non-int (type " + typeName(r.get()) + ")");
    return r;
}
Ref<Object> heapFloat(Object* s)
{
    Ref<Object> r = requireDunder(s, names().float_, {});
    if (!isFloat(r.get())) raise(types().TypeError, typeName(s) + ".__float__ returned non-float (type " + typeName(r.get()) + ")");
    return r;
}
bool heapBool(Object* s)
{
    Ref<Object> r = requireDunder(s, names().bool_, {});
    if (r->type() != types().bool_)
        raise(types().TypeError, "__bool__ should return bool, returned " + typeName(r.get()));
    return r.get() == True();
}
int64_t heapLen(Object* s)
{
    Ref<Object> r = requireDunder(s, names().len, {});
    if (!isInt(r.get())) raise(types().TypeError, "'" + typeName(r.get()) + "' object cannot be interpreted as an integer");
    if (intSign(r.get()) < 0) raise(types().ValueError, "__len__() should return >= 0");
    int64_t v;
    if (!intFits(r.get(), v)) raise(types().OverflowError, "cannot fit 'int' into an index-sized integer");
    return v;
}
Ref<Object> heapGetItem(Object* s, Object* k) { return requireDunder(s, names().getitem, { k }); }
void heapSetItem(Object* s, Object* k, Object* v)
{
    if (v) {
        if (!callDunder(s, names().setitem, { k, v }))
            raise(types().TypeError, "'" + typeName(s) + "' object does not support item assignment");
    } else if (!callDunder(s, names().delitem, { k })) {
        raise(types().TypeError, "'" + typeName(s) + "' object does not support item deletion");
    }
}
bool heapContains(Object* s, Object* item) { return isTrue(requireDunder(s, names().contains, { item }).get()); }
Ref<Object> heapIter(Object* s)
{
    Ref<Object> r = requireDunder(s, names().iter, {});
    if (!r->type()->slots.next)
        raise(types().TypeError, "iter() returned non-iterator of type '" + typeName(r.get()) + "'");
    return r;
}
Ref<Object> heapNext(Object* s)
{
    try {
        return requireDunder(s, names().next, {});
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), types().StopIteration)) return {};
        throw;
    }
}
Ref<Object> heapDescrGet(Object* d, Object* inst, TypeObject* owner)
{
    return requireDunder(d, names().get, { inst ? inst : None(), owner ? static_cast<Object*>(owner) : None() });
}
void heapDescrSet(Object* d, Object* inst, Object* value)
{
    if (value) {
        if (!callDunder(d, names().set, { inst, value })) raise(types().AttributeError, "__set__");
    } else if (!callDunder(d, names().delete_, { inst })) {
        raise(types().AttributeError, "__delete__");
    }
}
Ref<Object> heapNew(TypeObject* type, CallArgs args)
{
    Object* f = type->lookup(names().new_);
    if (!f) return objectNew(type, args);
    Ref<Object> fn;
    if (f->type() == types().staticmethod)
        fn = static_cast<WrapperObject*>(f)->func;
    else
        fn = Ref<Object>(f);
    return callPrepend(fn.get(), type, args);
}
void heapInit(Object* self, CallArgs args)
{
    Object* f = self->type()->lookup(names().init);
    if (!f) return;
    Ref<Object> r = callFoundArgs(f, self, args);
    if (r.get() != None()) raise(types().TypeError, "__init__() should return None, not '" + typeName(r.get()) + "'");
}
Ref<Object> heapAwait(Object* s) { return requireDunder(s, names().await, {}); }
Ref<Object> heapAIter(Object* s) { return requireDunder(s, names().aiter, {}); }
Ref<Object> heapANext(Object* s) { return requireDunder(s, names().anext, {}); }

// --- slot wrappers: slots of built-in types as methods ---------------------------------------
struct WrapperName {
    const char* name;
    int which;
};

Ref<Object> slotWrapperCall(Object* callable, CallArgs args)
{
    auto* w = static_cast<SlotWrapperObject*>(callable);
    TypeObject* owner = w->owner;
    const TypeSlots& s = owner->slots;
    if (w->which == WNew) {
        if (args.nargs < 1) raise(types().TypeError, owner->name() + ".__new__(): not enough arguments");
        Object* cls = args[0];
        if (cls->type() != types().type && !cls->type()->isSubtypeOf(types().type))
            raise(types().TypeError, owner->name() + ".__new__(X): X is not a type object (" + typeName(cls) + ")");
        auto* sub = static_cast<TypeObject*>(cls);
        if (!sub->isSubtypeOf(owner))
            raise(types().TypeError, owner->name() + ".__new__(" + sub->name() + "): " + sub->name() + " is not a subtype of " + owner->name());
        return s.newObject(sub, CallArgs { args.items + 1, args.nargs - 1, args.kwnames });
    }
    if (args.nargs < 1)
        raise(types().TypeError, "descriptor '" + w->name + "' of '" + owner->name() + "' object needs an argument");
    Object* self = args[0];
    if (!isInstance(self, owner))
        raise(types().TypeError, "descriptor '" + w->name + "' requires a '" + owner->name() + "' object but received a '" + typeName(self) + "'");
    CallArgs rest { args.items + 1, args.nargs - 1, args.kwnames };
    auto want = [&](size_t n) {
        if (rest.kwnames) noKeywords(w->name, rest);
        if (rest.nargs != n)
            raise(types().TypeError, "expected " + std::to_string(n) + " argument" + (n == 1 ? "" : "s") + ", got " + std::to_string(rest.nargs));
    };
    const int which = w->which;
    if (which >= WReflected) {
        want(1);
        return s.binary[which - WReflected](rest[0], self);
    }
    if (which >= WBinary) {
        want(1);
        return s.binary[which - WBinary](self, rest[0]);
    }
    switch (which) {
    case WRepr: want(0); return s.repr(self);
    case WStr: want(0); return s.str(self);
    case WHash: want(0); return newInt(s.hash(self));
    case WEq: want(1); return s.richcompare(self, rest[0], CompareOp::Eq);
    case WNe: want(1); return s.richcompare(self, rest[0], CompareOp::Ne);
    case WLt: want(1); return s.richcompare(self, rest[0], CompareOp::Lt);
    case WLe: want(1); return s.richcompare(self, rest[0], CompareOp::Le);
    case WGt: want(1); return s.richcompare(self, rest[0], CompareOp::Gt);
    case WGe: want(1); return s.richcompare(self, rest[0], CompareOp::Ge);
    case WCall: return s.call(self, rest);
    case WGetAttribute: {
        want(1);
        if (!isStr(rest[0])) raise(types().TypeError, "attribute name must be string, not '" + typeName(rest[0]) + "'");
        Ref<Object> r = s.getattr(self, asStr(rest[0]));
        if (!r) raise(types().AttributeError, "'" + typeName(self) + "' object has no attribute '" + std::string(strView(rest[0])) + "'");
        return r;
    }
    case WSetAttr:
        want(2);
        if (!isStr(rest[0])) raise(types().TypeError, "attribute name must be string, not '" + typeName(rest[0]) + "'");
        s.setattr(self, asStr(rest[0]), rest[1]);
        return Ref<Object>(None());
    case WDelAttr:
        want(1);
        if (!isStr(rest[0])) raise(types().TypeError, "attribute name must be string, not '" + typeName(rest[0]) + "'");
        s.setattr(self, asStr(rest[0]), nullptr);
        return Ref<Object>(None());
    case WNeg: want(0); return s.unary[0](self);
    case WPos: want(0); return s.unary[1](self);
    case WInvert: want(0); return s.unary[2](self);
    case WAbs: want(0); return s.abs(self);
    case WIndex: want(0); return s.index(self);
    case WInt: want(0); return s.toInt(self);
    case WFloat: want(0); return s.toFloat(self);
    case WBool: want(0); return Ref<Object>(boolObject(s.boolean(self)));
    case WLen: want(0); return newInt(s.len(self));
    case WGetItem: want(1); return s.getitem(self, rest[0]);
    case WSetItem: want(2); s.setitem(self, rest[0], rest[1]); return Ref<Object>(None());
    case WDelItem: want(1); s.setitem(self, rest[0], nullptr); return Ref<Object>(None());
    case WContains: want(1); return Ref<Object>(boolObject(s.contains(self, rest[0])));
    case WIter: want(0); return s.iter(self);
    case WNext: {
        want(0);
        Ref<Object> r = s.next(self);
        if (!r) raise(newException(types().StopIteration, std::vector<Ref<Object>> {}));
        return r;
    }
    case WGet: {
        if (rest.nargs < 1 || rest.nargs > 2) raise(types().TypeError, "expected 1 or 2 arguments");
        Object* inst = rest[0] == None() ? nullptr : rest[0];
        Object* owner2 = rest.nargs > 1 && rest[1] != None() ? rest[1] : nullptr;
        return s.descrGet(self, inst, static_cast<TypeObject*>(owner2));
    }
    case WSet: want(2); s.descrSet(self, rest[0], rest[1]); return Ref<Object>(None());
    case WDelete: want(1); s.descrSet(self, rest[0], nullptr); return Ref<Object>(None());
    case WInit: s.init(self, rest); return Ref<Object>(None());
    case WAwait: want(0); return s.await(self);
    case WAIter: want(0); return s.aiter(self);
    case WANext: want(0); return s.anext(self);
    default: break;
    }
    raise(types().SystemError, "bad slot wrapper");
}

Ref<Object> slotWrapperGet(Object* descr, Object* inst, TypeObject*)
{
    auto* w = static_cast<SlotWrapperObject*>(descr);
    if (!inst || w->which == WNew) return Ref<Object>(descr);
    return newBoundMethod(descr, inst);
}

Ref<Object> slotWrapperRepr(Object* o)
{
    auto* w = static_cast<SlotWrapperObject*>(o);
    if (w->which == WNew) return newStr("<built-in method __new__ of type object at " + addressText(w->owner) + ">");
    return newStr("<slot wrapper '" + w->name + "' of '" + w->owner->name() + "' objects>");
}

} // namespace

void detail::setupSlotWrapperType(TypeObject* t)
{
    t->slots.call = &slotWrapperCall;
    t->slots.descrGet = &slotWrapperGet;
    t->slots.repr = &slotWrapperRepr;
}

namespace {

void addWrapper(TypeObject* t, const char* name, int which)
{
    StrObject* key = internStr(name);
    if (t->dict()->get(key)) return;
    auto* w = new SlotWrapperObject(extraTypes().slotWrapper, name, t, which);
    w->makeImmortal();
    t->dict()->set(key, Ref<Object>(w));
}

// Adds wrappers for the slots a built-in type defines itself (not inherited from its base).
void exposeSlots(TypeObject* t)
{
    const TypeSlots& s = t->slots;
    const TypeSlots* b = t->base() ? &t->base()->slots : nullptr;
    auto own = [&](auto TypeSlots::*m) { return s.*m && (!b || b->*m != s.*m); };
    if (own(&TypeSlots::repr)) addWrapper(t, "__repr__", WRepr);
    if (own(&TypeSlots::str)) addWrapper(t, "__str__", WStr);
    if (own(&TypeSlots::hash)) addWrapper(t, "__hash__", WHash);
    if (own(&TypeSlots::richcompare)) {
        addWrapper(t, "__eq__", WEq);
        addWrapper(t, "__ne__", WNe);
        addWrapper(t, "__lt__", WLt);
        addWrapper(t, "__le__", WLe);
        addWrapper(t, "__gt__", WGt);
        addWrapper(t, "__ge__", WGe);
    }
    if (own(&TypeSlots::call)) addWrapper(t, "__call__", WCall);
    if (own(&TypeSlots::getattr)) addWrapper(t, "__getattribute__", WGetAttribute);
    if (own(&TypeSlots::setattr)) {
        addWrapper(t, "__setattr__", WSetAttr);
        addWrapper(t, "__delattr__", WDelAttr);
    }
    for (int op = 0; op < static_cast<int>(BinaryOp::Count); ++op) {
        if (!s.binary[op] || (b && b->binary[op] == s.binary[op])) continue;
        addWrapper(t, kBinaryNames[op], WBinary + op);
        if (op < kPlainOps) addWrapper(t, kReflectedNames[op], WReflected + op);
    }
    static const char* const unaryNames[] = { "__neg__", "__pos__", "__invert__" };
    for (int op = 0; op < 3; ++op)
        if (s.unary[op] && (!b || b->unary[op] != s.unary[op])) addWrapper(t, unaryNames[op], WNeg + op);
    if (own(&TypeSlots::abs)) addWrapper(t, "__abs__", WAbs);
    if (own(&TypeSlots::index)) addWrapper(t, "__index__", WIndex);
    if (own(&TypeSlots::toInt)) addWrapper(t, "__int__", WInt);
    if (own(&TypeSlots::toFloat)) addWrapper(t, "__float__", WFloat);
    if (own(&TypeSlots::boolean)) addWrapper(t, "__bool__", WBool);
    if (own(&TypeSlots::len)) addWrapper(t, "__len__", WLen);
    if (own(&TypeSlots::getitem)) addWrapper(t, "__getitem__", WGetItem);
    if (own(&TypeSlots::setitem)) {
        addWrapper(t, "__setitem__", WSetItem);
        addWrapper(t, "__delitem__", WDelItem);
    }
    if (own(&TypeSlots::contains)) addWrapper(t, "__contains__", WContains);
    if (own(&TypeSlots::iter)) addWrapper(t, "__iter__", WIter);
    if (own(&TypeSlots::next)) addWrapper(t, "__next__", WNext);
    if (own(&TypeSlots::descrGet)) addWrapper(t, "__get__", WGet);
    if (own(&TypeSlots::descrSet)) {
        addWrapper(t, "__set__", WSet);
        addWrapper(t, "__delete__", WDelete);
    }
    if (own(&TypeSlots::newObject)) addWrapper(t, "__new__", WNew);
    if (own(&TypeSlots::init)) addWrapper(t, "__init__", WInit);
    if (own(&TypeSlots::await)) addWrapper(t, "__await__", WAwait);
    if (own(&TypeSlots::aiter)) addWrapper(t, "__aiter__", WAIter);
    if (own(&TypeSlots::anext)) addWrapper(t, "__anext__", WANext);
}

void inheritSlots(TypeSlots& s, const TypeSlots& b)
{
    auto inherit = [](auto& mine, auto theirs) {
        if (!mine) mine = theirs;
    };
    inherit(s.repr, b.repr);
    inherit(s.str, b.str);
    inherit(s.hash, b.hash);
    inherit(s.richcompare, b.richcompare);
    inherit(s.call, b.call);
    inherit(s.getattr, b.getattr);
    inherit(s.setattr, b.setattr);
    for (size_t i = 0; i < s.binary.size(); ++i) inherit(s.binary[i], b.binary[i]);
    for (size_t i = 0; i < s.unary.size(); ++i) inherit(s.unary[i], b.unary[i]);
    inherit(s.abs, b.abs);
    inherit(s.index, b.index);
    inherit(s.toInt, b.toInt);
    inherit(s.toFloat, b.toFloat);
    inherit(s.boolean, b.boolean);
    inherit(s.len, b.len);
    inherit(s.getitem, b.getitem);
    inherit(s.setitem, b.setitem);
    inherit(s.contains, b.contains);
    inherit(s.iter, b.iter);
    inherit(s.next, b.next);
    inherit(s.descrGet, b.descrGet);
    inherit(s.descrSet, b.descrSet);
    inherit(s.newObject, b.newObject);
    inherit(s.init, b.init);
    inherit(s.await, b.await);
    inherit(s.aiter, b.aiter);
    inherit(s.anext, b.anext);
    inherit(s.send, b.send);
    inherit(s.throwExc, b.throwExc);
}

// C3 linearisation; empty result with `error` set when no consistent order exists.
std::vector<TypeObject*> c3(TypeObject* self, const std::vector<Ref<TypeObject>>& bases, std::string& error)
{
    std::vector<std::vector<TypeObject*>> seqs;
    for (const auto& b : bases) seqs.push_back(b->mro());
    std::vector<TypeObject*> direct;
    for (const auto& b : bases) direct.push_back(b.get());
    seqs.push_back(direct);
    std::vector<TypeObject*> out { self };
    for (;;) {
        bool anyLeft = false;
        for (auto& s : seqs)
            if (!s.empty()) anyLeft = true;
        if (!anyLeft) return out;
        TypeObject* candidate = nullptr;
        for (auto& s : seqs) {
            if (s.empty()) continue;
            TypeObject* head = s.front();
            bool inTail = false;
            for (auto& s2 : seqs)
                if (std::find(s2.begin() + (s2.empty() ? 0 : 1), s2.end(), head) != s2.end() && !s2.empty()) inTail = true;
            if (!inTail) {
                candidate = head;
                break;
            }
        }
        if (!candidate) {
            error = "Cannot create a consistent method resolution order (MRO) for bases ";
            bool first = true;
            for (auto& b : bases) {
                if (!first) error += ", ";
                error += b->name();
                first = false;
            }
            return {};
        }
        out.push_back(candidate);
        for (auto& s : seqs)
            if (!s.empty() && s.front() == candidate) s.erase(s.begin());
    }
}

} // namespace

void TypeObject::finalize()
{
    if (m_dict && g_dictType && !m_dict->type()) m_dict->setType(g_dictType);
    m_mro.clear();
    m_mro.push_back(this);
    if (m_base) {
        for (TypeObject* t : m_base->m_mro) m_mro.push_back(t);
        inheritSlots(slots, m_base->slots);
        if (!instanceDict) instanceDict = m_base->instanceDict;
        if (!subclassDict) subclassDict = m_base->subclassDict;
        if (m_base->hasFlag(ExceptionType)) m_flags |= ExceptionType;
        if (m_bases.empty()) m_bases.push_back(Ref<TypeObject>(m_base));
    }
    if (instanceDict) m_flags |= HasDict;
    exposeSlots(this);
}

namespace {

bool definedInHeap(const TypeObject* t, StrObject* name, TypeObject*& where)
{
    for (TypeObject* c : t->mro()) {
        if (c->dict() && c->dict()->get(name)) {
            where = c;
            return c->hasFlag(TypeObject::HeapType);
        }
    }
    where = nullptr;
    return false;
}

} // namespace

// Re-derives every dunder-dispatching slot from the namespace along the MRO.
static void deriveSlots(TypeObject* t)
{
    const Names& n = names();
    TypeSlots& s = t->slots;
    TypeObject* where = nullptr;
    auto pick = [&](auto& slotRef, auto dispatcher, std::initializer_list<StrObject*> dunders, auto TypeSlots::*member) {
        bool heap = false;
        TypeObject* firstWhere = nullptr;
        for (StrObject* d : dunders) {
            TypeObject* w = nullptr;
            if (definedInHeap(t, d, w)) heap = true;
            if (w && !firstWhere) firstWhere = w;
        }
        if (heap) {
            slotRef = dispatcher;
            return;
        }
        // Inherit from the nearest non-heap class in the MRO that has the slot.
        slotRef = nullptr;
        for (TypeObject* c : t->mro()) {
            if (c == t || c->hasFlag(TypeObject::HeapType)) continue;
            if (c->slots.*member) {
                slotRef = c->slots.*member;
                break;
            }
        }
    };
    pick(s.repr, &heapRepr, { n.repr }, &TypeSlots::repr);
    pick(s.str, &heapStr, { n.str }, &TypeSlots::str);
    pick(s.richcompare, &heapRichCompare, { n.eq, n.ne, n.lt, n.le, n.gt, n.ge }, &TypeSlots::richcompare);
    pick(s.hash, &heapHash, { n.hash }, &TypeSlots::hash);
    pick(s.call, &heapCall, { n.call }, &TypeSlots::call);
    pick(s.getattr, &heapGetAttr, { n.getattribute, n.getattr }, &TypeSlots::getattr);
    pick(s.setattr, &heapSetAttr, { n.setattr, n.delattr }, &TypeSlots::setattr);
    for (int op = 0; op < static_cast<int>(BinaryOp::Count); ++op) {
        bool heap = false;
        TypeObject* w = nullptr;
        if (definedInHeap(t, n.binary[op], w)) heap = true;
        if (op < kPlainOps && definedInHeap(t, n.reflected[op], w)) heap = true;
        if (heap) {
            s.binary[op] = kHeapBinary[op];
        } else {
            s.binary[op] = nullptr;
            for (TypeObject* c : t->mro())
                if (c != t && !c->hasFlag(TypeObject::HeapType) && c->slots.binary[op]) {
                    s.binary[op] = c->slots.binary[op];
                    break;
                }
        }
    }
    const slot::Unary unaryDispatch[] = { &heapNeg, &heapPos, &heapInvert };
    StrObject* unaryNames[] = { n.neg, n.pos, n.invert };
    for (int op = 0; op < 3; ++op) {
        TypeObject* w = nullptr;
        if (definedInHeap(t, unaryNames[op], w)) {
            s.unary[op] = unaryDispatch[op];
        } else {
            s.unary[op] = nullptr;
            for (TypeObject* c : t->mro())
                if (c != t && !c->hasFlag(TypeObject::HeapType) && c->slots.unary[op]) {
                    s.unary[op] = c->slots.unary[op];
                    break;
                }
        }
    }
    pick(s.abs, &heapAbs, { n.abs }, &TypeSlots::abs);
    pick(s.index, &heapIndex, { n.index }, &TypeSlots::index);
    pick(s.toInt, &heapInt, { n.int_ }, &TypeSlots::toInt);
    pick(s.toFloat, &heapFloat, { n.float_ }, &TypeSlots::toFloat);
    pick(s.boolean, &heapBool, { n.bool_ }, &TypeSlots::boolean);
    pick(s.len, &heapLen, { n.len }, &TypeSlots::len);
    pick(s.getitem, &heapGetItem, { n.getitem }, &TypeSlots::getitem);
    pick(s.setitem, &heapSetItem, { n.setitem, n.delitem }, &TypeSlots::setitem);
    pick(s.contains, &heapContains, { n.contains }, &TypeSlots::contains);
    pick(s.iter, &heapIter, { n.iter }, &TypeSlots::iter);
    pick(s.next, &heapNext, { n.next }, &TypeSlots::next);
    pick(s.descrGet, &heapDescrGet, { n.get }, &TypeSlots::descrGet);
    pick(s.descrSet, &heapDescrSet, { n.set, n.delete_ }, &TypeSlots::descrSet);
    pick(s.newObject, &heapNew, { n.new_ }, &TypeSlots::newObject);
    pick(s.init, &heapInit, { n.init }, &TypeSlots::init);
    pick(s.await, &heapAwait, { n.await }, &TypeSlots::await);
    pick(s.aiter, &heapAIter, { n.aiter }, &TypeSlots::aiter);
    pick(s.anext, &heapANext, { n.anext }, &TypeSlots::anext);
    // send/throw are not dunders: inherit them from the layout.
    s.send = nullptr;
    s.throwExc = nullptr;
    for (TypeObject* c : t->mro())
        if (c != t && !c->hasFlag(TypeObject::HeapType)) {
            if (!s.send) s.send = c->slots.send;
            if (!s.throwExc) s.throwExc = c->slots.throwExc;
        }
    (void)where;
}

void TypeObject::setBases(std::vector<Ref<TypeObject>> bases)
{
    if (bases.empty()) bases.push_back(Ref<TypeObject>(types().object));
    for (size_t i = 0; i < bases.size(); ++i)
        for (size_t j = i + 1; j < bases.size(); ++j)
            if (bases[i] == bases[j]) raise(types().TypeError, "duplicate base class " + bases[i]->name());
    std::string error;
    std::vector<TypeObject*> mro = c3(this, bases, error);
    if (mro.empty()) raise(types().TypeError, error);
    // The layout comes from the most derived built-in class among the bases.
    TypeObject* layout = nullptr;
    for (const auto& b : bases) {
        TypeObject* root = nullptr;
        for (TypeObject* c : b->mro())
            if (!c->hasFlag(HeapType)) {
                root = c;
                break;
            }
        if (!root) continue;
        if (!layout || root->isSubtypeOf(layout)) {
            layout = root;
        } else if (!layout->isSubtypeOf(root)) {
            // Exception classes share one layout; everything else must agree.
            bool bothExc = layout->hasFlag(ExceptionType) && root->hasFlag(ExceptionType);
            if (!bothExc && root != types().object && layout != types().object)
                raise(types().TypeError, "multiple bases have instance lay-out conflict");
        }
    }
    m_bases = std::move(bases);
    m_base = m_bases.front().get();
    for (const auto& b : m_bases)
        if (b.get() != types().object && !b->hasFlag(HeapType) && b.get() == layout) m_base = b.get();
    m_mro = std::move(mro);
    for (TypeObject* c : m_mro)
        if (c->hasFlag(ExceptionType)) m_flags |= ExceptionType;
    instanceDict = layout && layout->subclassDict ? layout->subclassDict : instanceDictPtr;
    subclassDict = instanceDict;
    m_flags |= HasDict;
    deriveSlots(this);
}

void TypeObject::updateSlot(std::string_view name)
{
    if (!hasFlag(HeapType)) return;
    (void)name;
    deriveSlots(this);
}

// ---------------------------------------------------------------------------------------------
Ref<TypeObject> newClass(std::string_view name, std::vector<Ref<TypeObject>> bases, Ref<DictObject> ns,
                         std::string_view qualname, std::string_view module,
                         const std::vector<std::pair<Ref<Object>, Ref<Object>>>* classKeywords)
{
    const BuiltinTypes& t = types();
    for (const auto& b : bases)
        if (!b->hasFlag(TypeObject::BaseType))
            raise(t.TypeError, "type '" + b->name() + "' is not an acceptable base type");
    auto* cls = new TypeObject(std::string(name), bases.empty() ? t.object : bases.front().get(),
                               TypeObject::HeapType | TypeObject::BaseType | TypeObject::HasDict);
    Ref<TypeObject> result(cls);
    cls->setQualname(std::string(qualname.empty() ? name : qualname));
    cls->setModule(std::string(module));
    const Names& n = names();
    if (ns) {
        for (const auto& e : ns->entries()) {
            if (!e.key) continue;
            if (e.key.get() == n.qualname && isStr(e.value.get())) {
                cls->setQualname(std::string(strView(e.value.get())));
                continue;
            }
            Ref<Object> v = e.value;
            // __new__ is implicitly a staticmethod; __init_subclass__/__class_getitem__ classmethods.
            if (e.key.get() == n.new_ && v->type() == t.function)
                v = call(t.staticmethod, { v.get() });
            else if ((e.key.get() == n.initSubclass || e.key.get() == n.classGetitem) && v->type() == t.function)
                v = call(t.classmethod, { v.get() });
            cls->dict()->set(e.key.get(), e.key.get() == n.module ? v : v);
        }
    }
    if (!cls->dict()->get(n.module)) cls->dict()->set(n.module, newStr(module));
    // Defining __eq__ without __hash__ makes instances unhashable.
    if (cls->dict()->get(n.eq) && !cls->dict()->get(n.hash)) cls->dict()->set(n.hash, Ref<Object>(None()));
    if (!cls->dict()->get(n.doc)) cls->dict()->set(n.doc, Ref<Object>(None()));
    cls->setBases(std::move(bases));
    // __set_name__ on the namespace's values, then the parents' __init_subclass__.
    std::vector<std::pair<Ref<Object>, Ref<Object>>> items;
    for (const auto& e : cls->dict()->entries())
        if (e.key) items.emplace_back(e.key, e.value);
    for (auto& [k, v] : items) {
        if (Object* f = v->type()->lookup(n.setName)) callFound(f, v.get(), { cls, k.get() });
    }
    for (size_t i = 1; i < cls->mro().size(); ++i) {
        TypeObject* b = cls->mro()[i];
        Object* f = b->dict()->get(n.initSubclass);
        if (!f) continue;
        const bool withKeywords = classKeywords && !classKeywords->empty();
        if (f->type() == t.classmethod) {
            std::vector<Object*> argv { cls };
            std::vector<Ref<Object>> kwn;
            if (withKeywords)
                for (const auto& [k, v] : *classKeywords) {
                    kwn.push_back(k);
                    argv.push_back(v.get());
                }
            Ref<TupleObject> kwt = kwn.empty() ? Ref<TupleObject>() : newTuple(std::move(kwn));
            call(static_cast<WrapperObject*>(f)->func.get(), CallArgs { argv.data(), 1, kwt.get() });
        } else if (withKeywords) {
            raise(t.TypeError, cls->name() + ".__init_subclass__() takes no keyword arguments");
        }
        break;
    }
    return result;
}

// --- the `type` type ------------------------------------------------------------------------
namespace detail {

Ref<Object> typeCall(Object* callable, CallArgs args)
{
    auto* type = static_cast<TypeObject*>(callable);
    const BuiltinTypes& t = types();
    if (type == t.type) {
        if (args.nargs == 1 && !args.kwnames) return Ref<Object>(args[0]->type());
        if (args.nargs != 3) raise(t.TypeError, "type() takes 1 or 3 arguments");
        if (!isStr(args[0])) raise(t.TypeError, "type.__new__() argument 1 must be str, not " + typeName(args[0]));
        if (!isTuple(args[1])) raise(t.TypeError, "type.__new__() argument 2 must be tuple, not " + typeName(args[1]));
        if (!isDict(args[2])) raise(t.TypeError, "type.__new__() argument 3 must be dict, not " + typeName(args[2]));
        std::vector<Ref<TypeObject>> bases;
        for (const auto& b : tupleItems(args[1])) {
            if (!b->type()->isSubtypeOf(t.type)) raise(t.TypeError, "bases must be types");
            bases.emplace_back(static_cast<TypeObject*>(b.get()));
        }
        Object* modv = dictGet(asDict(args[2]), "__module__");
        std::string mod = modv && isStr(modv) ? std::string(strView(modv)) : "__main__";
        return newClass(strView(args[0]), std::move(bases), Ref<DictObject>(asDict(args[2])), strView(args[0]), mod);
    }
    if (!type->slots.newObject) raise(t.TypeError, "cannot create '" + type->name() + "' instances");
    Ref<Object> obj = type->slots.newObject(type, args);
    if (!obj->type()->isSubtypeOf(type)) return obj;
    if (TypeObject* ot = obj->type(); ot->slots.init) ot->slots.init(obj.get(), args);
    return obj;
}

Ref<Object> typeNew(TypeObject* metatype, CallArgs args)
{
    const BuiltinTypes& t = types();
    if (args.nargs != 3) raise(t.TypeError, "type.__new__() takes exactly 3 arguments (" + std::to_string(args.nargs) + " given)");
    if (!isStr(args[0])) raise(t.TypeError, "type.__new__() argument 1 must be str, not " + typeName(args[0]));
    if (!isTuple(args[1])) raise(t.TypeError, "type.__new__() argument 2 must be tuple, not " + typeName(args[1]));
    if (!isDict(args[2])) raise(t.TypeError, "type.__new__() argument 3 must be dict, not " + typeName(args[2]));
    std::vector<Ref<TypeObject>> bases;
    for (const auto& b : tupleItems(args[1])) {
        if (!b->type()->isSubtypeOf(t.type)) raise(t.TypeError, "bases must be types");
        bases.emplace_back(static_cast<TypeObject*>(b.get()));
    }
    std::vector<std::pair<Ref<Object>, Ref<Object>>> keywords;
    if (args.kwnames) {
        auto names = tupleItems(args.kwnames);
        for (size_t k = 0; k < names.size(); ++k) keywords.emplace_back(names[k], Ref<Object>(args[args.nargs + k]));
    }
    Object* modv = dictGet(asDict(args[2]), "__module__");
    std::string mod = modv && isStr(modv) ? std::string(strView(modv)) : "__main__";
    Ref<TypeObject> cls = newClass(strView(args[0]), std::move(bases), Ref<DictObject>(asDict(args[2])), strView(args[0]), mod, &keywords);
    if (metatype != t.type && metatype->isSubtypeOf(t.type)) cls->setType(metatype);
    return cls;
}

void typeInit(Object*, CallArgs) {}

} // namespace detail

} // namespace loopscope
