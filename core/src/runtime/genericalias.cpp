// types.GenericAlias (`list[int]`) and types.UnionType (`int | None`), as CPython's
// genericaliasobject.c and unionobject.c build, print, compare and check them.
#include "runtime/objects.h"

namespace loopscope {

using namespace detail;

namespace {

class GenericAliasObject : public Object {
public:
    GenericAliasObject(TypeObject* type, Ref<Object> origin, Ref<Object> args)
        : Object(type)
        , origin(std::move(origin))
        , args(std::move(args))
    {
    }
    void clearRefs() override
    {
        origin = nullptr;
        args = nullptr;
    }
    Ref<Object> origin;
    Ref<Object> args; ///< always a tuple
};

class UnionTypeObject : public Object {
public:
    UnionTypeObject(TypeObject* type, Ref<Object> args)
        : Object(type)
        , args(std::move(args))
    {
    }
    void clearRefs() override { args = nullptr; }
    Ref<Object> args; ///< a tuple of two or more distinct members
};

TypeObject* genericAliasType();
TypeObject* unionType();

GenericAliasObject* asAlias(Object* o) { return static_cast<GenericAliasObject*>(o); }
UnionTypeObject* asUnion(Object* o) { return static_cast<UnionTypeObject*>(o); }
bool isAlias(const Object* o) { return o->type() == genericAliasType(); }
bool isUnion(const Object* o) { return o->type() == unionType(); }
bool isType(const Object* o) { return o->type()->isSubtypeOf(types().type); }

// ga_repr_item / union_repr_item: a class as its qualified name (builtins unqualified), anything else as its repr.
std::string itemText(Object* p)
{
    if (p == Ellipsis()) return "...";
    if (p == types().noneType) return "None";
    if (isType(p)) {
        auto* t = static_cast<TypeObject*>(p);
        const std::string qualname = t->qualname().empty() ? t->name() : t->qualname();
        return t->module() == "builtins" ? qualname : t->module() + "." + qualname;
    }
    return reprText(p);
}

Ref<Object> aliasRepr(Object* self)
{
    GenericAliasObject* a = asAlias(self);
    std::string out = itemText(a->origin.get()) + "[";
    const auto items = tupleItems(a->args.get());
    if (items.empty()) out += "()";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + itemText(items[i].get());
    return newStr(out + "]");
}

// The names ga_getattro keeps for the alias; every other attribute is the origin's.
bool aliasOwnAttribute(std::string_view name)
{
    for (std::string_view own : { "__class__", "__origin__", "__args__", "__unpacked__", "__parameters__",
             "__typing_unpacked_tuple_args__", "__mro_entries__", "__reduce_ex__", "__reduce__", "__copy__", "__deepcopy__" })
        if (name == own) return true;
    return false;
}

Ref<Object> aliasGetAttr(Object* self, StrObject* name)
{
    if (aliasOwnAttribute(strView(name))) return genericGetAttr(self, name);
    return getAttrOrNull(asAlias(self)->origin.get(), name);
}

Ref<Object> aliasCall(Object* self, CallArgs args)
{
    return call(asAlias(self)->origin.get(), args);
}

Ref<Object> aliasRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isAlias(b) || (op != CompareOp::Eq && op != CompareOp::Ne)) return Ref<Object>(NotImplemented());
    const bool same = richCompareBool(asAlias(a)->origin.get(), asAlias(b)->origin.get(), CompareOp::Eq)
        && richCompareBool(asAlias(a)->args.get(), asAlias(b)->args.get(), CompareOp::Eq);
    return Ref<Object>(boolObject(op == CompareOp::Eq ? same : !same));
}

int64_t aliasHash(Object* self)
{
    const int64_t h = hash(asAlias(self)->origin.get()) ^ hash(asAlias(self)->args.get());
    return h == -1 ? -2 : h;
}

Ref<Object> aliasGetItem(Object* self, Object*)
{
    raise(types().TypeError, reprText(self) + " is not a generic class");
}

// is_unionable: what `|` joins into a UnionType (others leave the operation to their own __or__).
bool unionable(Object* o) { return o == None() || isType(o) || isAlias(o) || isUnion(o); }

// dedup_and_flatten_args: members of unions spliced in, None as NoneType, repeats dropped.
Ref<Object> unionOf(Object* a, Object* b)
{
    std::vector<Ref<Object>> members;
    auto add = [&](Object* x) {
        if (x == None()) x = types().noneType;
        for (const Ref<Object>& m : members) {
            const bool same = m.get() == x || (isAlias(m.get()) && isAlias(x) && richCompareBool(m.get(), x, CompareOp::Eq));
            if (same) return;
        }
        members.emplace_back(x);
    };
    for (Object* side : { a, b }) {
        if (isUnion(side))
            for (const Ref<Object>& m : tupleItems(asUnion(side)->args.get())) add(m.get());
        else
            add(side);
    }
    if (members.size() == 1) return members.front();
    return make<UnionTypeObject>(unionType(), newTuple(std::move(members)));
}

Ref<Object> unionOr(Object* a, Object* b)
{
    if (!unionable(a) || !unionable(b)) return Ref<Object>(NotImplemented());
    return unionOf(a, b);
}

Ref<Object> unionRepr(Object* self)
{
    std::string out;
    const auto items = tupleItems(asUnion(self)->args.get());
    for (size_t i = 0; i < items.size(); ++i) out += (i ? " | " : "") + itemText(items[i].get());
    return newStr(out);
}

Ref<Object> unionRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isUnion(b) || (op != CompareOp::Eq && op != CompareOp::Ne)) return Ref<Object>(NotImplemented());
    Ref<Object> left = newFrozenSet(toVector(asUnion(a)->args.get()));
    Ref<Object> right = newFrozenSet(toVector(asUnion(b)->args.get()));
    const bool same = richCompareBool(left.get(), right.get(), CompareOp::Eq);
    return Ref<Object>(boolObject(op == CompareOp::Eq ? same : !same));
}

int64_t unionHash(Object* self)
{
    Ref<Object> members = newFrozenSet(toVector(asUnion(self)->args.get()));
    return hash(members.get());
}

Ref<Object> aliasOrigin(Object* self, CallArgs) { return asAlias(self)->origin; }
Ref<Object> aliasArgs(Object* self, CallArgs) { return asAlias(self)->args; }
Ref<Object> noParameters(Object*, CallArgs) { return newTuple(std::vector<Ref<Object>> {}); }
Ref<Object> unionArgsGetter(Object* self, CallArgs) { return asUnion(self)->args; }

Ref<Object> aliasMroEntries(Object* self, CallArgs args)
{
    checkArgCount("__mro_entries__", args, 1, 1);
    return newTuple({ asAlias(self)->origin.get() });
}

Ref<Object> aliasNew(TypeObject*, CallArgs args)
{
    noKeywords("GenericAlias", args);
    checkArgCount("GenericAlias", args, 2, 2);
    return newGenericAlias(args[0], args[1]);
}

TypeObject* genericAliasType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("GenericAlias", types().object, 0, "types");
        type->slots.repr = aliasRepr;
        type->slots.getattr = aliasGetAttr;
        type->slots.call = aliasCall;
        type->slots.richcompare = aliasRichCompare;
        type->slots.hash = aliasHash;
        type->slots.getitem = aliasGetItem;
        type->slots.newObject = aliasNew;
        type->slots.binary[static_cast<size_t>(BinaryOp::Or)] = unionOr;
        addProperty(type, "__origin__", aliasOrigin);
        addProperty(type, "__args__", aliasArgs);
        addProperty(type, "__parameters__", noParameters);
        addMethod(type, "__mro_entries__", aliasMroEntries);
        type->finalize();
        return type;
    }();
    return t;
}

TypeObject* unionType()
{
    static TypeObject* t = [] {
        TypeObject* type = newStaticType("UnionType", types().object, 0, "types");
        type->slots.repr = unionRepr;
        type->slots.richcompare = unionRichCompare;
        type->slots.hash = unionHash;
        type->slots.binary[static_cast<size_t>(BinaryOp::Or)] = unionOr;
        addProperty(type, "__args__", unionArgsGetter);
        addProperty(type, "__parameters__", noParameters);
        type->finalize();
        return type;
    }();
    return t;
}

} // namespace

Ref<Object> newGenericAlias(Object* origin, Object* args)
{
    Ref<Object> tuple = isTuple(args) ? Ref<Object>(args) : Ref<Object>(newTuple({ args }));
    return make<GenericAliasObject>(genericAliasType(), Ref<Object>(origin), std::move(tuple));
}

Ref<Object> genericAliasClassGetItem(Object* cls, CallArgs args)
{
    checkArgCount("__class_getitem__", args, 1, 1);
    return newGenericAlias(cls, args[0]);
}

namespace detail {

void initGenericAlias(BuiltinTypes& t)
{
    // type.__or__: `int | None` and `None | int` (NoneType has no `|`, so type's is tried reflected).
    t.type->slots.binary[static_cast<size_t>(BinaryOp::Or)] = unionOr;
}

std::optional<bool> unionInstanceCheck(Object* o, Object* classinfo, bool subclass)
{
    if (isAlias(classinfo))
        raise(types().TypeError, std::string(subclass ? "issubclass" : "isinstance") + "() argument 2 cannot be a parameterized generic");
    if (!isUnion(classinfo)) return std::nullopt;
    for (const Ref<Object>& m : tupleItems(asUnion(classinfo)->args.get())) {
        if (isAlias(m.get()))
            raise(types().TypeError, std::string(subclass ? "issubclass" : "isinstance") + "() argument 2 cannot be a parameterized generic");
        if (subclass ? isSubclass(o, m.get()) : isInstance(o, m.get())) return true;
    }
    return false;
}

TypeObject* genericAliasTypeObject() { return genericAliasType(); }
TypeObject* unionTypeObject() { return unionType(); }

} // namespace detail

} // namespace loopscope
