// initRuntime, the singletons, the `object` and `type` types, interned names, and the abstract
// protocol (CPython's object.c / abstract.c).
#include "runtime/objects.h"

#include <loopscope/runtime/memory.h>

#include <mutex>
#include <unordered_map>

namespace loopscope {

namespace detail {
Object* g_none = nullptr;
extern TypeObject* g_typeType;
extern TypeObject* g_dictType;
} // namespace detail

using namespace detail;

namespace {

BuiltinTypes g_types {};
ExtraTypes g_extra {};
Names g_names {};
Object* g_notImplemented = nullptr;
Object* g_ellipsis = nullptr;

std::mutex g_internMutex;
std::unordered_map<std::string, StrObject*>& internTable()
{
    static auto* table = new std::unordered_map<std::string, StrObject*>();
    return *table;
}

// A singleton with no state (None, NotImplemented, Ellipsis).
class SingletonObject : public Object {
public:
    explicit SingletonObject(TypeObject* t)
        : Object(t)
    {
    }
};

} // namespace

const BuiltinTypes& types() noexcept { return g_types; }
namespace detail {
const ExtraTypes& extraTypes() noexcept { return g_extra; }
const Names& names() noexcept { return g_names; }
} // namespace detail

Object* True() noexcept { return g_trueObject; }
Object* False() noexcept { return g_falseObject; }
Object* NotImplemented() noexcept { return g_notImplemented; }
Object* Ellipsis() noexcept { return g_ellipsis; }

StrObject* internStr(std::string_view utf8)
{
    std::lock_guard lock(g_internMutex);
    auto& table = internTable();
    auto it = table.find(std::string(utf8));
    if (it != table.end()) return it->second;
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    auto* s = new StrObject(g_types.str, std::string(utf8));
    s->makeImmortal();
    s->hash(); // computed now so that threads only ever read it
    table.emplace(std::string(utf8), s);
    return s;
}

namespace {
// Every static type for the life of the process. Never destroyed, so LeakSanitizer still finds the
// types after static destructors ran (ExtraTypes::moreExceptions, a std::vector, is freed at exit).
std::mutex g_staticTypesMutex;
std::vector<TypeObject*>& staticTypes()
{
    static auto* registry = new std::vector<TypeObject*>();
    return *registry;
}
} // namespace

TypeObject* newStaticType(std::string_view name, TypeObject* base, uint32_t flags, std::string_view module)
{
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    auto* t = new TypeObject(std::string(name), base, flags);
    t->makeImmortal();
    t->dict()->makeImmortal();
    t->setModule(std::string(module));
    std::lock_guard lock(g_staticTypesMutex);
    staticTypes().push_back(t);
    return t;
}

// ---------------------------------------------------------------------------------------------
// Repr recursion guard and addresses.
namespace {
thread_local std::vector<Object*> t_reprStack;
}
namespace detail {
bool reprEnter(Object* o)
{
    for (Object* x : t_reprStack)
        if (x == o) return false;
    t_reprStack.push_back(o);
    return true;
}
void reprLeave(Object* o)
{
    for (size_t i = t_reprStack.size(); i-- > 0;)
        if (t_reprStack[i] == o) {
            t_reprStack.erase(t_reprStack.begin() + static_cast<std::ptrdiff_t>(i));
            return;
        }
}

int64_t objectId(const Object* o)
{
    if (Heap* h = o->heap()) return h->idOf(o);
    if (Heap* h = Heap::current()) return h->idOf(o);
    return static_cast<int64_t>(reinterpret_cast<uintptr_t>(o));
}

std::string addressText(Object* o)
{
    char buf[32];
    snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(objectId(o)));
    return buf;
}

int64_t unhashable(Object* o) { raise(g_types.TypeError, "unhashable type: '" + typeName(o) + "'"); }

Ref<DictObject>* instanceDictPtr(Object* o) { return &static_cast<InstanceObject*>(o)->dict; }

void noKeywords(std::string_view function, CallArgs args)
{
    if (args.kwnames && !args.kwnames->items.empty())
        raise(g_types.TypeError, std::string(function) + "() takes no keyword arguments");
}

void checkArgCount(std::string_view function, CallArgs args, size_t min, size_t max)
{
    noKeywords(function, args);
    if (args.nargs >= min && args.nargs <= max) return;
    std::string f(function);
    if (min == max) {
        if (min == 0) raise(g_types.TypeError, f + "() takes no arguments (" + std::to_string(args.nargs) + " given)");
        if (min == 1)
            raise(g_types.TypeError, f + "() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
        raise(g_types.TypeError, f + " expected " + std::to_string(min) + " arguments, got " + std::to_string(args.nargs));
    }
    if (args.nargs < min)
        raise(g_types.TypeError, f + " expected at least " + std::to_string(min) + " argument" + (min == 1 ? "" : "s") + ", got " + std::to_string(args.nargs));
    raise(g_types.TypeError, f + " expected at most " + std::to_string(max) + " argument" + (max == 1 ? "" : "s") + ", got " + std::to_string(args.nargs));
}

Object* keywordArgument(CallArgs args, std::string_view name)
{
    if (!args.kwnames) return nullptr;
    const auto& kw = args.kwnames->items;
    for (size_t i = 0; i < kw.size(); ++i)
        if (strView(kw[i].get()) == name) return args.items[args.nargs + i];
    return nullptr;
}

Ref<Object> callPrepend(Object* callable, Object* self, CallArgs args)
{
    size_t total = args.total();
    Object* small[8];
    std::vector<Object*> big;
    Object** buf = small;
    if (total + 1 > 8) {
        big.resize(total + 1);
        buf = big.data();
    }
    buf[0] = self;
    for (size_t i = 0; i < total; ++i) buf[i + 1] = args.items[i];
    return call(callable, CallArgs { buf, args.nargs + 1, args.kwnames });
}

// --- object ----------------------------------------------------------------------------------
Ref<Object> objectRepr(Object* self)
{
    TypeObject* t = self->type();
    std::string mod = t->module();
    if (t->hasFlag(TypeObject::HeapType)) {
        if (Object* m = t->dict()->get(g_names.module); m && isStr(m)) mod = std::string(strView(m));
    }
    std::string prefix = mod == "builtins" ? "" : mod + ".";
    return newStr("<" + prefix + t->qualname() + " object at " + addressText(self) + ">");
}

namespace {
bool excessArgs(CallArgs args) { return args.nargs > 0 || (args.kwnames && !args.kwnames->items.empty()); }
} // namespace

Ref<Object> objectNew(TypeObject* type, CallArgs args)
{
    if (excessArgs(args)) {
        if (type->slots.newObject != &objectNew)
            raise(g_types.TypeError, "object.__new__() takes exactly one argument (the type to instantiate)");
        if (type->slots.init == &objectInit) raise(g_types.TypeError, type->name() + "() takes no arguments");
    }
    if (type->hasFlag(TypeObject::Abstract)) raise(g_types.TypeError, "Can't instantiate abstract class " + type->name());
    if (type == g_types.object) return Ref<Object>(new SingletonObject(type));
    if (type->instanceDict == &instanceDictPtr) return Ref<Object>(new InstanceObject(type));
    raise(g_types.TypeError, "object.__new__(" + type->name() + ") is not safe, use " + type->base()->name() + ".__new__()");
}

void objectInit(Object* self, CallArgs args)
{
    if (!excessArgs(args)) return;
    TypeObject* type = self->type();
    if (type->slots.init != &objectInit)
        raise(g_types.TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
    if (type->slots.newObject == &objectNew) raise(g_types.TypeError, type->name() + "() takes no arguments");
}

} // namespace detail

namespace {

Ref<Object> objectStr(Object* self) { return repr(self); }

int64_t identityHash(Object* self)
{
    auto y = static_cast<uint64_t>(objectId(self));
    int64_t h = static_cast<int64_t>((y >> 4) | (y << 60));
    return h == -1 ? -2 : h;
}

CompareOp swapped(CompareOp op)
{
    switch (op) {
    case CompareOp::Lt: return CompareOp::Gt;
    case CompareOp::Le: return CompareOp::Ge;
    case CompareOp::Gt: return CompareOp::Lt;
    case CompareOp::Ge: return CompareOp::Le;
    default: return op;
    }
}

const char* opSymbol(CompareOp op)
{
    switch (op) {
    case CompareOp::Lt: return "<";
    case CompareOp::Le: return "<=";
    case CompareOp::Eq: return "==";
    case CompareOp::Ne: return "!=";
    case CompareOp::Gt: return ">";
    case CompareOp::Ge: return ">=";
    }
    return "?";
}

Ref<Object> objectRichCompare(Object* a, Object* b, CompareOp op)
{
    if (op == CompareOp::Eq) return Ref<Object>(a == b ? True() : NotImplemented());
    if (op == CompareOp::Ne) {
        // object.__ne__ delegates to __eq__ and inverts it.
        auto rc = a->type()->slots.richcompare;
        if (!rc) return Ref<Object>(NotImplemented());
        Ref<Object> r = rc(a, b, CompareOp::Eq);
        if (r.get() == NotImplemented()) return r;
        return Ref<Object>(boolObject(!isTrue(r.get())));
    }
    return Ref<Object>(NotImplemented());
}

Ref<Object> objectClassGet(Object* self, CallArgs) { return Ref<Object>(self->type()); }
Ref<Object> objectClassSet(Object* self, CallArgs args)
{
    Object* v = args[0];
    if (!v->type()->isSubtypeOf(g_types.type))
        raise(g_types.TypeError, "__class__ must be set to a class, not '" + typeName(v) + "' object");
    auto* nt = static_cast<TypeObject*>(v);
    TypeObject* ot = self->type();
    if (!nt->hasFlag(TypeObject::HeapType) || !ot->hasFlag(TypeObject::HeapType) || nt->instanceDict != ot->instanceDict)
        raise(g_types.TypeError, "__class__ assignment only supported for mutable types or ModuleType subclasses");
    self->setType(nt);
    return Ref<Object>(None());
}

Ref<Object> objectFormat(Object* self, CallArgs args)
{
    checkArgCount("__format__", args, 1, 1);
    if (!isStr(args[0])) raise(g_types.TypeError, "argument to __format__ must be str, not " + typeName(args[0]));
    if (!strView(args[0]).empty())
        raise(g_types.TypeError, "unsupported format string passed to " + typeName(self) + ".__format__");
    return str(self);
}

Ref<Object> objectDir(Object* self, CallArgs)
{
    Ref<SetObject> seen(static_cast<SetObject*>(detail::newSet(g_types.set).release()));
    if (DictObject* d = instanceDict(self))
        for (auto& e : d->entries())
            if (e.key) seen->add(e.key.get());
    for (TypeObject* t : self->type()->mro())
        for (auto& e : t->dict()->entries())
            if (e.key) seen->add(e.key.get());
    std::vector<Ref<Object>> keys;
    for (auto& s : seen->table())
        if (s.key && s.key != SetObject::kDummy) keys.emplace_back(s.key);
    return newList(std::move(keys));
}

Ref<Object> objectInitSubclass(Object*, CallArgs) { return Ref<Object>(None()); }

// --- type ------------------------------------------------------------------------------------
TypeObject* asType(Object* o) { return static_cast<TypeObject*>(o); }

Ref<Object> typeRepr(Object* self)
{
    TypeObject* t = asType(self);
    std::string mod = t->module();
    if (t->hasFlag(TypeObject::HeapType))
        if (Object* m = t->dict()->get(g_names.module); m && isStr(m)) mod = std::string(strView(m));
    if (mod == "builtins") return newStr("<class '" + t->qualname() + "'>");
    return newStr("<class '" + mod + "." + t->qualname() + "'>");
}

Ref<Object> typeGetAttr(Object* self, StrObject* name)
{
    TypeObject* t = asType(self);
    TypeObject* meta = self->type();
    Ref<Object> metaAttr(meta->lookup(name));
    if (metaAttr) {
        TypeObject* mt = metaAttr->type();
        if (mt->slots.descrGet && mt->slots.descrSet) return mt->slots.descrGet(metaAttr.get(), self, meta);
    }
    Ref<Object> attr(t->lookup(name));
    if (attr) {
        if (auto get = attr->type()->slots.descrGet) return get(attr.get(), nullptr, t);
        return attr;
    }
    if (metaAttr) {
        if (auto get = metaAttr->type()->slots.descrGet) return get(metaAttr.get(), self, meta);
        return metaAttr;
    }
    return {};
}

void typeSetAttr(Object* self, StrObject* name, Object* value)
{
    TypeObject* t = asType(self);
    if (!t->hasFlag(TypeObject::HeapType))
        raise(g_types.TypeError, "cannot set '" + std::string(name->view()) + "' attribute of immutable type '" + t->name() + "'");
    Ref<Object> metaAttr(self->type()->lookup(name));
    if (metaAttr && metaAttr->type()->slots.descrSet) {
        metaAttr->type()->slots.descrSet(metaAttr.get(), self, value);
        return;
    }
    if (value) {
        t->dict()->set(name, Ref<Object>(value));
    } else if (!t->dict()->remove(name, name->hash())) {
        raise(g_types.AttributeError, "type object '" + t->name() + "' has no attribute '" + std::string(name->view()) + "'");
    }
    std::string_view n = name->view();
    if (n.size() > 4 && n.substr(0, 2) == "__" && n.substr(n.size() - 2) == "__") t->updateSlot(n);
}

Ref<Object> typeName_(Object* self, CallArgs)
{
    // A static type named as CPython's tp_name ("_contextvars.Context") is called by its last part.
    const TypeObject* t = asType(self);
    const std::string& name = t->name();
    const size_t dot = t->hasFlag(TypeObject::HeapType) ? std::string::npos : name.rfind('.');
    return newStr(dot == std::string::npos ? std::string_view(name) : std::string_view(name).substr(dot + 1));
}
Ref<Object> typeQualname(Object* self, CallArgs) { return newStr(asType(self)->qualname()); }
Ref<Object> typeModule(Object* self, CallArgs)
{
    TypeObject* t = asType(self);
    if (t->hasFlag(TypeObject::HeapType))
        if (Object* m = t->dict()->get(g_names.module)) return Ref<Object>(m);
    return newStr(t->module());
}
Ref<Object> typeMro(Object* self, CallArgs)
{
    std::vector<Ref<Object>> items;
    for (TypeObject* t : asType(self)->mro()) items.emplace_back(t);
    return newTuple(std::move(items));
}
Ref<Object> typeBases(Object* self, CallArgs)
{
    std::vector<Ref<Object>> items;
    for (const auto& t : asType(self)->bases()) items.emplace_back(t);
    return newTuple(std::move(items));
}
Ref<Object> typeBase(Object* self, CallArgs)
{
    TypeObject* b = asType(self)->base();
    return Ref<Object>(b ? static_cast<Object*>(b) : None());
}
Ref<Object> typeDict(Object* self, CallArgs) { return Ref<Object>(asType(self)->dict()); }
// A class's own annotations (3.10+): never a base's; a heap type without any gets an empty dict kept in its __dict__.
Ref<Object> typeAnnotations(Object* self, CallArgs)
{
    TypeObject* t = asType(self);
    StrObject* name = internStr("__annotations__");
    if (Object* own = t->dict()->get(name)) {
        if (auto get = own->type()->slots.descrGet) return get(own, nullptr, t);
        return Ref<Object>(own);
    }
    if (!t->hasFlag(TypeObject::HeapType))
        raise(g_types.AttributeError, "type object '" + t->name() + "' has no attribute '__annotations__'");
    Ref<Object> fresh(newDict());
    t->dict()->set(name, fresh);
    return fresh;
}
Ref<Object> typeSetAnnotations(Object* self, CallArgs args)
{
    TypeObject* t = asType(self);
    StrObject* name = internStr("__annotations__");
    if (!t->hasFlag(TypeObject::HeapType))
        raise(g_types.TypeError, "cannot set '__annotations__' attribute of immutable type '" + t->name() + "'");
    if (args.nargs == 1) {
        t->dict()->set(name, Ref<Object>(args[0]));
    } else if (!t->dict()->remove(name, name->hash())) {
        raise(g_types.AttributeError, "__annotations__");
    }
    return Ref<Object>(None());
}
Ref<Object> typeMroMethod(Object* self, CallArgs)
{
    std::vector<Ref<Object>> items;
    for (TypeObject* t : asType(self)->mro()) items.emplace_back(t);
    return newList(std::move(items));
}
Ref<Object> typeSubclassCheck(Object* self, CallArgs args)
{
    checkArgCount("__subclasscheck__", args, 1, 1);
    return Ref<Object>(boolObject(isSubclass(args[0], self)));
}
Ref<Object> typeInstanceCheck(Object* self, CallArgs args)
{
    checkArgCount("__instancecheck__", args, 1, 1);
    return Ref<Object>(boolObject(isInstance(args[0], asType(self))));
}

Ref<Object> noneRepr(Object*) { return newStr("None"); }
bool noneBool(Object*) { return false; }
Ref<Object> notImplRepr(Object*) { return newStr("NotImplemented"); }
Ref<Object> ellipsisRepr(Object*) { return newStr("Ellipsis"); }
Ref<Object> noneNew(TypeObject*, CallArgs args)
{
    if (excessArgs(args)) raise(g_types.TypeError, "NoneType takes no arguments");
    return Ref<Object>(None());
}

void fillNames()
{
    Names& n = g_names;
    auto I = [](const char* s) { return internStr(s); };
    n.init = I("__init__");
    n.new_ = I("__new__");
    n.repr = I("__repr__");
    n.str = I("__str__");
    n.hash = I("__hash__");
    n.eq = I("__eq__");
    n.ne = I("__ne__");
    n.lt = I("__lt__");
    n.le = I("__le__");
    n.gt = I("__gt__");
    n.ge = I("__ge__");
    n.call = I("__call__");
    n.getattr = I("__getattr__");
    n.getattribute = I("__getattribute__");
    n.setattr = I("__setattr__");
    n.delattr = I("__delattr__");
    n.len = I("__len__");
    n.bool_ = I("__bool__");
    n.iter = I("__iter__");
    n.next = I("__next__");
    n.getitem = I("__getitem__");
    n.setitem = I("__setitem__");
    n.delitem = I("__delitem__");
    n.contains = I("__contains__");
    n.await = I("__await__");
    n.aiter = I("__aiter__");
    n.anext = I("__anext__");
    n.get = I("__get__");
    n.set = I("__set__");
    n.delete_ = I("__delete__");
    n.index = I("__index__");
    n.int_ = I("__int__");
    n.float_ = I("__float__");
    n.neg = I("__neg__");
    n.pos = I("__pos__");
    n.invert = I("__invert__");
    n.abs = I("__abs__");
    n.dict = I("__dict__");
    n.class_ = I("__class__");
    n.name = I("__name__");
    n.qualname = I("__qualname__");
    n.module = I("__module__");
    n.doc = I("__doc__");
    n.send = I("send");
    n.throw_ = I("throw");
    n.format = I("__format__");
    n.initSubclass = I("__init_subclass__");
    n.setName = I("__set_name__");
    n.set_name = n.setName;
    n.mro = I("__mro__");
    n.bases = I("__bases__");
    n.round = I("__round__");
    n.reversed = I("__reversed__");
    n.missing = I("__missing__");
    n.classGetitem = I("__class_getitem__");
    n.enter = I("__enter__");
    n.exit = I("__exit__");
    n.length_hint = I("__length_hint__");
    n.keys = I("keys");
    n.trunc = I("__trunc__");
    n.floor = I("__floor__");
    n.ceil = I("__ceil__");
    n.bytes = I("__bytes__");
    n.complex = I("__complex__");
    n.dir = I("__dir__");
    n.sizeof_ = I("__sizeof__");
    n.reduce = I("__reduce__");
    n.traceback = I("__traceback__");
    n.cause = I("__cause__");
    n.context = I("__context__");
    n.suppressContext = I("__suppress_context__");
    n.args = I("args");
    n.value = I("value");
    n.notes = I("__notes__");
    static const char* const binary[] = { "__add__", "__sub__", "__mul__", "__matmul__", "__truediv__",
        "__floordiv__", "__mod__", "__pow__", "__lshift__", "__rshift__", "__and__", "__or__", "__xor__",
        "__iadd__", "__isub__", "__imul__", "__imatmul__", "__itruediv__", "__ifloordiv__", "__imod__", "__ipow__",
        "__ilshift__", "__irshift__", "__iand__", "__ior__", "__ixor__" };
    static const char* const reflected[] = { "__radd__", "__rsub__", "__rmul__", "__rmatmul__", "__rtruediv__",
        "__rfloordiv__", "__rmod__", "__rpow__", "__rlshift__", "__rrshift__", "__rand__", "__ror__", "__rxor__" };
    for (size_t i = 0; i < n.binary.size(); ++i) {
        n.binary[i] = I(binary[i]);
        n.reflected[i] = I(reflected[i % 13]);
    }
}

} // namespace

namespace detail {

void initObjectAndType(BuiltinTypes& t)
{
    t.object = newStaticType("object", nullptr);
    t.type = newStaticType("type", t.object);
    g_typeType = t.type;
    t.object->setType(t.type);
    t.type->setType(t.type);
    t.dict = newStaticType("dict", t.object);
    g_dictType = t.dict;
    for (TypeObject* x : { t.object, t.type, t.dict }) x->dict()->setType(t.dict);
    t.str = newStaticType("str", t.object);
    fillNames();

    TypeSlots& o = t.object->slots;
    o.repr = &objectRepr;
    o.str = &objectStr;
    o.hash = &identityHash;
    o.richcompare = &objectRichCompare;
    o.getattr = &genericGetAttr;
    o.setattr = &genericSetAttr;
    o.newObject = &objectNew;
    o.init = &objectInit;
    t.object->subclassDict = &instanceDictPtr;

    TypeSlots& ty = t.type->slots;
    ty.repr = &typeRepr;
    ty.call = &typeCall;
    ty.newObject = &typeNew;
    ty.init = &typeInit;
    ty.getattr = &typeGetAttr;
    ty.setattr = &typeSetAttr;

    t.noneType = newStaticType("NoneType", t.object, 0);
    t.noneType->slots.repr = &noneRepr;
    t.noneType->slots.boolean = &noneBool;
    t.noneType->slots.newObject = &noneNew;
    t.notImplementedType = newStaticType("NotImplementedType", t.object, 0);
    t.notImplementedType->slots.repr = &notImplRepr;
    t.ellipsisType = newStaticType("ellipsis", t.object, 0);
    t.ellipsisType->slots.repr = &ellipsisRepr;
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    g_none = new SingletonObject(t.noneType);
    g_none->makeImmortal();
    g_notImplemented = new SingletonObject(t.notImplementedType);
    g_notImplemented->makeImmortal();
    g_ellipsis = new SingletonObject(t.ellipsisType);
    g_ellipsis->makeImmortal();
}

void initObjectMethods(BuiltinTypes& t)
{
    addProperty(t.object, "__class__", &objectClassGet, &objectClassSet);
    addMethod(t.object, "__format__", &objectFormat);
    addMethod(t.object, "__dir__", &objectDir);
    addClassMethod(t.object, "__init_subclass__", &objectInitSubclass);
    addProperty(t.type, "__name__", &typeName_);
    addProperty(t.type, "__qualname__", &typeQualname);
    addProperty(t.type, "__module__", &typeModule);
    addProperty(t.type, "__mro__", &typeMro);
    addProperty(t.type, "__bases__", &typeBases);
    addProperty(t.type, "__base__", &typeBase);
    addProperty(t.type, "__dict__", &typeDict);
    addProperty(t.type, "__annotations__", &typeAnnotations, &typeSetAnnotations);
    addMethod(t.type, "mro", &typeMroMethod);
    addMethod(t.type, "__subclasscheck__", &typeSubclassCheck);
    addMethod(t.type, "__instancecheck__", &typeInstanceCheck);
}

} // namespace detail

void initRuntime()
{
    static std::once_flag once;
    std::call_once(once, [] {
        Heap::Scope noHeap(static_cast<Heap*>(nullptr));
        BuiltinTypes& t = g_types;
        initObjectAndType(t);
        initFunctions(t); // method descriptors are needed by everything below
        initObjectMethods(t);
        t.object->finalize();
        t.type->finalize();
        finalizeFunctions(t);
        initInt(t);
        initFloat(t);
        initStr(t);
        initTuple(t);
        initList(t);
        initDict(t);
        initSet(t);
        initRange(t);
        initExceptions(t);
        initIterators(t);
        initGenericAlias(t);
        for (TypeObject* x : { t.noneType, t.notImplementedType, t.ellipsisType }) x->finalize();
    });
}

// ---------------------------------------------------------------------------------------------
// Type checks.
bool isInt(const Object* o) noexcept
{
    TypeObject* t = o->type();
    return t == g_types.int_ || t == g_types.bool_ || t->isSubtypeOf(g_types.int_);
}
bool isBool(const Object* o) noexcept { return o->type() == g_types.bool_; }
bool isFloat(const Object* o) noexcept { return o->type() == g_types.float_ || o->type()->isSubtypeOf(g_types.float_); }
bool isStr(const Object* o) noexcept { return o->type() == g_types.str || o->type()->isSubtypeOf(g_types.str); }
bool isTuple(const Object* o) noexcept { return o->type() == g_types.tuple || o->type()->isSubtypeOf(g_types.tuple); }
bool isList(const Object* o) noexcept { return o->type() == g_types.list || o->type()->isSubtypeOf(g_types.list); }
bool isDict(const Object* o) noexcept { return o->type() == g_types.dict || o->type()->isSubtypeOf(g_types.dict); }
bool isSetOrFrozenset(const Object* o) noexcept
{
    TypeObject* t = o->type();
    return t == g_types.set || t == g_types.frozenset || t->isSubtypeOf(g_types.set) || t->isSubtypeOf(g_types.frozenset);
}
bool isExceptionInstance(const Object* o) noexcept { return o->type()->hasFlag(TypeObject::ExceptionType); }
bool isExceptionType(const Object* o) noexcept
{
    return o->type()->isSubtypeOf(g_types.type) && static_cast<const TypeObject*>(o)->hasFlag(TypeObject::ExceptionType);
}

std::string_view strView(const Object* o) { return asStr(o)->view(); }
std::span<const Ref<Object>> tupleItems(const Object* o) { return static_cast<const TupleObject*>(o)->items; }
std::vector<Ref<Object>>& listItems(Object* o) { return asList(o)->items; }

// ---------------------------------------------------------------------------------------------
// The abstract protocol.
Ref<Object> repr(Object* o)
{
    auto f = o->type()->slots.repr;
    Ref<Object> r = f ? f(o) : objectRepr(o);
    return r;
}

Ref<Object> str(Object* o)
{
    if (o->type() == g_types.str) return Ref<Object>(o);
    auto f = o->type()->slots.str;
    if (!f) return repr(o);
    return f(o);
}

std::string reprText(Object* o) { return std::string(strView(repr(o).get())); }
std::string strText(Object* o)
{
    if (o->type() == g_types.str) return std::string(strView(o));
    return std::string(strView(str(o).get()));
}

int64_t hash(Object* o)
{
    if (o->type() == g_types.str) return asStr(o)->hash();
    auto f = o->type()->slots.hash;
    if (!f) raise(g_types.TypeError, "unhashable type: '" + typeName(o) + "'");
    return f(o);
}

bool isTrue(Object* o)
{
    if (o == g_trueObject) return true;
    if (o == g_falseObject || o == g_none) return false;
    const TypeSlots& s = o->type()->slots;
    if (s.boolean) return s.boolean(o);
    if (s.len) return s.len(o) != 0;
    return true;
}

Ref<Object> richCompare(Object* a, Object* b, CompareOp op)
{
    TypeObject* ta = a->type();
    TypeObject* tb = b->type();
    bool checkedReverse = false;
    if (ta != tb && tb->isSubtypeOf(ta) && tb->slots.richcompare) {
        checkedReverse = true;
        Ref<Object> r = tb->slots.richcompare(b, a, swapped(op));
        if (r.get() != g_notImplemented) return r;
    }
    if (ta->slots.richcompare) {
        Ref<Object> r = ta->slots.richcompare(a, b, op);
        if (r.get() != g_notImplemented) return r;
    }
    if (!checkedReverse && tb->slots.richcompare) {
        Ref<Object> r = tb->slots.richcompare(b, a, swapped(op));
        if (r.get() != g_notImplemented) return r;
    }
    if (op == CompareOp::Eq) return Ref<Object>(boolObject(a == b));
    if (op == CompareOp::Ne) return Ref<Object>(boolObject(a != b));
    raise(g_types.TypeError, std::string("'") + opSymbol(op) + "' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
}

bool richCompareBool(Object* a, Object* b, CompareOp op)
{
    if (a == b) {
        if (op == CompareOp::Eq) return true;
        if (op == CompareOp::Ne) return false;
    }
    if (a->type() == g_types.int_ && b->type() == g_types.int_ && !asInt(a)->isBig() && !asInt(b)->isBig()) {
        int64_t x = asInt(a)->small(), y = asInt(b)->small();
        switch (op) {
        case CompareOp::Lt: return x < y;
        case CompareOp::Le: return x <= y;
        case CompareOp::Eq: return x == y;
        case CompareOp::Ne: return x != y;
        case CompareOp::Gt: return x > y;
        case CompareOp::Ge: return x >= y;
        }
    }
    if (a->type() == g_types.str && b->type() == g_types.str) {
        int c = asStr(a)->view().compare(asStr(b)->view());
        switch (op) {
        case CompareOp::Lt: return c < 0;
        case CompareOp::Le: return c <= 0;
        case CompareOp::Eq: return c == 0;
        case CompareOp::Ne: return c != 0;
        case CompareOp::Gt: return c > 0;
        case CompareOp::Ge: return c >= 0;
        }
    }
    Ref<Object> r = richCompare(a, b, op);
    if (r.get() == g_trueObject) return true;
    if (r.get() == g_falseObject) return false;
    return isTrue(r.get());
}

bool equals(Object* a, Object* b) { return richCompareBool(a, b, CompareOp::Eq); }

namespace {
const char* const kOpSymbols[] = { "+", "-", "*", "@", "/", "//", "%", "** or pow()", "<<", ">>", "&", "|", "^",
    "+=", "-=", "*=", "@=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^=" };

bool isSequenceForConcat(Object* o) { return isStr(o) || isList(o) || isTuple(o); }

Ref<Object> binaryPlain(Object* a, Object* b, int op)
{
    TypeObject* ta = a->type();
    TypeObject* tb = b->type();
    slot::Binary sa = ta->slots.binary[op];
    slot::Binary sb = ta != tb ? tb->slots.binary[op] : nullptr;
    if (sb == sa) sb = nullptr;
    if (sa) {
        if (sb && tb->isSubtypeOf(ta)) {
            Ref<Object> r = sb(a, b);
            if (r.get() != g_notImplemented) return r;
            sb = nullptr;
        }
        Ref<Object> r = sa(a, b);
        if (r.get() != g_notImplemented) return r;
    }
    if (sb) return sb(a, b);
    return Ref<Object>(g_notImplemented);
}

[[noreturn]] void binaryError(Object* a, Object* b, int op)
{
    int plain = op >= 13 ? op - 13 : op;
    if (plain == static_cast<int>(BinaryOp::Add) && isSequenceForConcat(a) && !isStr(b) == isStr(a) ? false : false) { }
    if (plain == static_cast<int>(BinaryOp::Add) && isSequenceForConcat(a)) {
        raise(g_types.TypeError, "can only concatenate " + typeName(a) + " (not \"" + typeName(b) + "\") to " + typeName(a));
    }
    if (plain == static_cast<int>(BinaryOp::Mul)) {
        if (isSequenceForConcat(a) && !b->type()->slots.index)
            raise(g_types.TypeError, "can't multiply sequence by non-int of type '" + typeName(b) + "'");
        if (isSequenceForConcat(b) && !a->type()->slots.index)
            raise(g_types.TypeError, "can't multiply sequence by non-int of type '" + typeName(a) + "'");
    }
    raise(g_types.TypeError, std::string("unsupported operand type(s) for ") + kOpSymbols[op] + ": '" + typeName(a) + "' and '" + typeName(b) + "'");
}
} // namespace

Ref<Object> binaryOp(Object* a, Object* b, BinaryOp op)
{
    int i = static_cast<int>(op);
    if (i >= 13) {
        if (slot::Binary s = a->type()->slots.binary[i]) {
            Ref<Object> r = s(a, b);
            if (r.get() != g_notImplemented) return r;
        }
        Ref<Object> r = binaryPlain(a, b, i - 13);
        if (r.get() != g_notImplemented) return r;
        binaryError(a, b, i);
    }
    Ref<Object> r = binaryPlain(a, b, i);
    if (r.get() != g_notImplemented) return r;
    binaryError(a, b, i);
}

Ref<Object> unaryOp(Object* a, UnaryOp op)
{
    if (slot::Unary s = a->type()->slots.unary[static_cast<size_t>(op)]) return s(a);
    static const char* const symbols[] = { "unary -", "unary +", "unary ~" };
    raise(g_types.TypeError, std::string("bad operand type for ") + symbols[static_cast<size_t>(op)] + ": '" + typeName(a) + "'");
}

bool contains(Object* container, Object* item)
{
    if (slot::Contains s = container->type()->slots.contains) return s(container, item);
    if (!container->type()->slots.iter && !container->type()->slots.getitem)
        raise(g_types.TypeError, "argument of type '" + typeName(container) + "' is not iterable");
    Ref<Object> it = getIter(container);
    while (Ref<Object> x = iterNext(it.get()))
        if (richCompareBool(x.get(), item, CompareOp::Eq)) return true;
    return false;
}

int64_t length(Object* o)
{
    if (slot::Len s = o->type()->slots.len) return s(o);
    raise(g_types.TypeError, "object of type '" + typeName(o) + "' has no len()");
}

Ref<Object> getItem(Object* o, Object* key)
{
    if (slot::GetItem s = o->type()->slots.getitem) return s(o, key);
    if (o->type()->isSubtypeOf(g_types.type)) {
        auto* t = static_cast<TypeObject*>(o);
        if (Object* f = t->lookup(g_names.classGetitem)) {
            Ref<Object> bound = f->type()->slots.descrGet ? f->type()->slots.descrGet(f, nullptr, t) : Ref<Object>(f);
            return call(bound.get(), { key });
        }
        // The built-in classes whose __class_getitem__ is GenericAlias.
        if (t == g_types.list || t == g_types.dict || t == g_types.tuple || t == g_types.set || t == g_types.frozenset
            || t == g_types.type || t == g_types.enumerate)
            return newGenericAlias(o, key);
        raise(g_types.TypeError, "type '" + t->name() + "' is not subscriptable");
    }
    raise(g_types.TypeError, "'" + typeName(o) + "' object is not subscriptable");
}

void setItem(Object* o, Object* key, Object* value)
{
    if (slot::SetItem s = o->type()->slots.setitem) return s(o, key, value);
    raise(g_types.TypeError, "'" + typeName(o) + "' object does not support item assignment");
}

void delItem(Object* o, Object* key)
{
    if (slot::SetItem s = o->type()->slots.setitem) return s(o, key, nullptr);
    raise(g_types.TypeError, "'" + typeName(o) + "' object does not support item deletion");
}

namespace {
[[noreturn]] void attributeError(Object* o, StrObject* name)
{
    std::string n(name->view());
    if (o->type()->isSubtypeOf(g_types.type))
        raise(g_types.AttributeError, "type object '" + static_cast<TypeObject*>(o)->name() + "' has no attribute '" + n + "'");
    if (o->type() == g_types.module)
        raise(g_types.AttributeError, "module '" + static_cast<ModuleObject*>(o)->name + "' has no attribute '" + n + "'");
    raise(g_types.AttributeError, "'" + typeName(o) + "' object has no attribute '" + n + "'");
}
} // namespace

Ref<Object> getAttr(Object* o, StrObject* name)
{
    slot::GetAttr f = o->type()->slots.getattr;
    Ref<Object> r = f ? f(o, name) : genericGetAttr(o, name);
    if (!r) attributeError(o, name);
    return r;
}

Ref<Object> getAttr(Object* o, std::string_view name) { return getAttr(o, internStr(name)); }

Ref<Object> getAttrOrNull(Object* o, StrObject* name)
{
    slot::GetAttr f = o->type()->slots.getattr;
    try {
        return f ? f(o, name) : genericGetAttr(o, name);
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), g_types.AttributeError)) return {};
        throw;
    }
}

void setAttr(Object* o, StrObject* name, Object* value)
{
    slot::SetAttr f = o->type()->slots.setattr;
    if (!f) {
        raise(g_types.AttributeError, "'" + typeName(o) + "' object has no attribute '" + std::string(name->view()) + "'");
    }
    f(o, name, value);
}

void setAttr(Object* o, std::string_view name, Object* value) { setAttr(o, internStr(name), value); }

void delAttr(Object* o, StrObject* name) { setAttr(o, name, nullptr); }

DictObject* instanceDict(Object* o)
{
    auto f = o->type()->instanceDict;
    if (!f) return nullptr;
    Ref<DictObject>* p = f(o);
    if (!*p) *p = newDict();
    return p->get();
}

// __slots__ without "__dict__" in every class of the MRO: instances accept only the slot names.
// Returns whether `name` (null: __dict__ itself) is refused for instances of `t`.
bool slotsRefuse(TypeObject* t, StrObject* name)
{
    if (!t->hasFlag(TypeObject::HeapType) || !t->dict()->get(internStr("__slots__"))) return false;
    StrObject* slotsName = internStr("__slots__");
    bool found = false;
    for (TypeObject* c : t->mro()) {
        if (!c->hasFlag(TypeObject::HeapType)) {
            if (c == g_types.object) continue;
            return false; // a built-in base with its own layout keeps its behaviour
        }
        Object* decl = c->dict()->get(slotsName);
        if (!decl) return false;
        std::vector<Ref<Object>> names = isStr(decl) ? std::vector<Ref<Object>> { Ref<Object>(decl) } : toVector(decl);
        for (const Ref<Object>& n : names) {
            if (!isStr(n.get())) continue;
            if (strView(n.get()) == "__dict__") return false;
            if (name && strView(n.get()) == name->view()) found = true;
        }
    }
    return !found;
}

// Names reach here interned or not (getattr(o, "__dict__") with a computed string).
bool isDictName(StrObject* name) { return name == g_names.dict || name->view() == "__dict__"; }

Ref<Object> genericGetAttr(Object* o, StrObject* name)
{
    TypeObject* t = o->type();
    if (t->instanceDict && isDictName(name)) {
        if (slotsRefuse(t, nullptr)) raise(g_types.AttributeError, "'" + t->name() + "' object has no attribute '__dict__'");
        return Ref<Object>(instanceDict(o));
    }
    Ref<Object> descr(t->lookup(name));
    slot::DescrGet get = nullptr;
    if (descr) {
        get = descr->type()->slots.descrGet;
        if (get && descr->type()->slots.descrSet) return get(descr.get(), o, t);
    }
    if (t->instanceDict) {
        Ref<DictObject>* p = t->instanceDict(o);
        if (*p)
            if (Object* v = (*p)->get(name)) return Ref<Object>(v);
    }
    if (get) return get(descr.get(), o, t);
    return descr;
}

void genericSetAttr(Object* o, StrObject* name, Object* value)
{
    TypeObject* t = o->type();
    Ref<Object> descr(t->lookup(name));
    if (descr && descr->type()->slots.descrSet) {
        descr->type()->slots.descrSet(descr.get(), o, value);
        return;
    }
    std::string n(name->view());
    if (!t->instanceDict) {
        if (descr) raise(g_types.AttributeError, "'" + t->name() + "' object attribute '" + n + "' is read-only");
        raise(g_types.AttributeError, "'" + t->name() + "' object has no attribute '" + n + "'");
    }
    if (slotsRefuse(t, isDictName(name) ? nullptr : name))
        raise(g_types.AttributeError, "'" + t->name() + "' object has no attribute '" + n + "'");
    if (isDictName(name)) {
        if (!value || !isDict(value)) raise(g_types.TypeError, "__dict__ must be set to a dictionary, not a '" + (value ? typeName(value) : std::string("NoneType")) + "'");
        *t->instanceDict(o) = Ref<DictObject>(asDict(value));
        return;
    }
    Ref<DictObject>* p = t->instanceDict(o);
    if (value) {
        if (!*p) *p = newDict();
        (*p)->set(name, name->hash(), Ref<Object>(value));
    } else if (!*p || !(*p)->remove(name, name->hash())) {
        raise(g_types.AttributeError, "'" + t->name() + "' object has no attribute '" + n + "'");
    }
}

Ref<Object> call(Object* callable, CallArgs args)
{
    if (slot::Call f = callable->type()->slots.call) return f(callable, args);
    raise(g_types.TypeError, "'" + typeName(callable) + "' object is not callable");
}

Ref<Object> call(Object* callable, std::initializer_list<Object*> positional)
{
    return call(callable, CallArgs { positional.begin(), positional.size(), nullptr });
}

Ref<Object> callMethod(Object* o, StrObject* name, CallArgs args)
{
    TypeObject* t = o->type();
    if (t->slots.getattr == &genericGetAttr) {
        Object* attr = t->lookup(name);
        if (attr) {
            TypeObject* at = attr->type();
            bool plain = at == g_types.function || at == g_extra.methodDescriptor || at == g_extra.slotWrapper;
            bool shadowed = false;
            if (plain && t->instanceDict) {
                Ref<DictObject>* p = t->instanceDict(o);
                shadowed = *p && (*p)->get(name);
            }
            if (plain && !shadowed) {
                Ref<Object> keep(attr);
                return callPrepend(attr, o, args);
            }
        }
    }
    Ref<Object> m = getAttr(o, name);
    return call(m.get(), args);
}

Ref<Object> callMethod(Object* o, std::string_view name, std::initializer_list<Object*> positional)
{
    return callMethod(o, internStr(name), CallArgs { positional.begin(), positional.size(), nullptr });
}

bool isCallable(Object* o) noexcept { return o->type()->slots.call != nullptr; }

std::string callableName(Object* callable, UnnamedCallable unnamed)
{
    if (callable->type()->isSubtypeOf(g_types.type)) return static_cast<TypeObject*>(callable)->name();
    if (callable->type() == g_types.method) return callableName(static_cast<MethodObject*>(callable)->func.get());
    if (callable->type() == g_types.builtinFunction) return static_cast<NativeFunctionObject*>(callable)->name;
    if (Ref<Object> f = getAttrOrNull(callable, internStr("func")); f && callable->type()->name() == "partial")
        return callableName(f.get(), unnamed);
    if (Ref<Object> n = getAttrOrNull(callable, g_names.name); n && isStr(n.get())) return std::string(strView(n.get()));
    return unnamed == UnnamedCallable::TypeName ? callable->type()->name() : reprText(callable);
}

Ref<Object> getIter(Object* o)
{
    const TypeSlots& s = o->type()->slots;
    if (s.iter) {
        Ref<Object> it = s.iter(o);
        if (!it->type()->slots.next)
            raise(g_types.TypeError, "iter() returned non-iterator of type '" + typeName(it.get()) + "'");
        return it;
    }
    if (s.getitem && !isDict(o)) return newSeqIter(g_types.callIterator, Ref<Object>(o));
    raise(g_types.TypeError, "'" + typeName(o) + "' object is not iterable");
}

Ref<Object> iterNext(Object* iterator)
{
    if (slot::Next f = iterator->type()->slots.next) return f(iterator);
    raise(g_types.TypeError, "'" + typeName(iterator) + "' object is not an iterator");
}

std::vector<Ref<Object>> toVector(Object* iterable)
{
    if (iterable->type() == g_types.list) return asList(iterable)->items;
    if (iterable->type() == g_types.tuple) return asTuple(iterable)->items;
    std::vector<Ref<Object>> out;
    if (auto len = iterable->type()->slots.len; len && (isDict(iterable) || isSetOrFrozenset(iterable))) out.reserve(static_cast<size_t>(len(iterable)));
    Ref<Object> it = getIter(iterable);
    slot::Next next = it->type()->slots.next;
    while (Ref<Object> x = next(it.get())) {
        out.push_back(std::move(x));
        checkGrowth(out.size(), sizeof(Ref<Object>));
    }
    return out;
}

bool isInstance(Object* o, TypeObject* type) noexcept { return o->type() == type || o->type()->isSubtypeOf(type); }

bool isInstance(Object* o, Object* classinfo)
{
    if (classinfo->type() == g_types.type || classinfo->type()->isSubtypeOf(g_types.type))
        return isInstance(o, static_cast<TypeObject*>(classinfo));
    if (isTuple(classinfo)) {
        for (const auto& c : tupleItems(classinfo))
            if (isInstance(o, c.get())) return true;
        return false;
    }
    if (std::optional<bool> r = unionInstanceCheck(o, classinfo, false)) return *r;
    raise(g_types.TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
}

bool isSubclass(Object* cls, Object* classinfo)
{
    if (!cls->type()->isSubtypeOf(g_types.type)) raise(g_types.TypeError, "issubclass() arg 1 must be a class");
    if (classinfo->type()->isSubtypeOf(g_types.type))
        return static_cast<TypeObject*>(cls)->isSubtypeOf(static_cast<TypeObject*>(classinfo));
    if (isTuple(classinfo)) {
        for (const auto& c : tupleItems(classinfo))
            if (isSubclass(cls, c.get())) return true;
        return false;
    }
    if (std::optional<bool> r = unionInstanceCheck(cls, classinfo, true)) return *r;
    raise(g_types.TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union");
}

namespace {
SendResult returnedFromStop(const PyException& e)
{
    Object* v = stopIterationValue(e.exception().get());
    return SendResult { SendResult::Status::Returned, Ref<Object>(v ? v : None()) };
}
} // namespace

SendResult send(Object* iterator, Object* value)
{
    const TypeSlots& s = iterator->type()->slots;
    if (s.send) return s.send(iterator, value);
    try {
        Ref<Object> r;
        if (value == g_none) {
            if (Object* f = iterator->type()->lookup(g_names.next))
                r = callPrepend(f, iterator, CallArgs {});
            else
                r = iterNext(iterator);
            if (!r) return SendResult { SendResult::Status::Returned, Ref<Object>(None()) };
        } else {
            r = callMethod(iterator, g_names.send, CallArgs { &value, 1, nullptr });
        }
        return SendResult { SendResult::Status::Yielded, std::move(r) };
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), g_types.StopIteration)) return returnedFromStop(e);
        throw;
    }
}

SendResult throwInto(Object* iterator, Object* exc)
{
    const TypeSlots& s = iterator->type()->slots;
    if (s.throwExc) return s.throwExc(iterator, exc);
    Ref<Object> f = getAttrOrNull(iterator, g_names.throw_);
    if (!f) raise(Ref<Object>(exc));
    try {
        Ref<Object> r = call(f.get(), { exc });
        return SendResult { SendResult::Status::Yielded, std::move(r) };
    } catch (const PyException& e) {
        if (isInstance(e.exception().get(), g_types.StopIteration)) return returnedFromStop(e);
        throw;
    }
}

// ---------------------------------------------------------------------------------------------
void parseArgs(std::string_view function, CallArgs args, std::initializer_list<std::string_view> spec,
               std::span<Object*> out)
{
    std::string fn(function);
    struct Param {
        std::string_view name;
        bool kwOnly;
        bool optional;
    };
    std::vector<Param> params;
    bool kwOnly = false;
    size_t positional = 0, required = 0;
    for (std::string_view s : spec) {
        Param p { s, kwOnly, false };
        if (!p.name.empty() && p.name.front() == '*') {
            p.name.remove_prefix(1);
            p.kwOnly = kwOnly = true;
        }
        if (!p.name.empty() && p.name.back() == '=') {
            p.name.remove_suffix(1);
            p.optional = true;
        }
        if (p.name.empty()) continue; // a bare '*' separator
        if (!p.kwOnly) {
            ++positional;
            if (!p.optional) ++required;
        }
        params.push_back(p);
    }
    for (size_t i = 0; i < out.size(); ++i) out[i] = nullptr;
    if (args.nargs > positional) {
        std::string takes;
        if (required == positional)
            takes = std::to_string(positional) + " positional argument" + (positional == 1 ? "" : "s");
        else
            takes = "from " + std::to_string(required) + " to " + std::to_string(positional) + " positional arguments";
        raise(g_types.TypeError, fn + "() takes " + takes + " but " + std::to_string(args.nargs) + (args.nargs == 1 ? " was" : " were") + " given");
    }
    for (size_t i = 0; i < args.nargs; ++i) out[i] = args.items[i];
    if (args.kwnames) {
        const auto& kw = args.kwnames->items;
        for (size_t k = 0; k < kw.size(); ++k) {
            std::string_view name = strView(kw[k].get());
            size_t idx = params.size();
            for (size_t i = 0; i < params.size(); ++i)
                if (params[i].name == name) idx = i;
            if (idx == params.size())
                raise(g_types.TypeError, fn + "() got an unexpected keyword argument '" + std::string(name) + "'");
            if (out[idx]) raise(g_types.TypeError, fn + "() got multiple values for argument '" + std::string(name) + "'");
            out[idx] = args.items[args.nargs + k];
        }
    }
    std::vector<std::string> missingPos, missingKw;
    for (size_t i = 0; i < params.size(); ++i)
        if (!out[i] && !params[i].optional) (params[i].kwOnly ? missingKw : missingPos).push_back("'" + std::string(params[i].name) + "'");
    auto report = [&](std::vector<std::string>& m, const char* kind) {
        if (m.empty()) return;
        std::string list;
        for (size_t i = 0; i < m.size(); ++i) {
            if (i) list += (i + 1 == m.size()) ? (m.size() > 2 ? ", and " : " and ") : ", ";
            list += m[i];
        }
        raise(g_types.TypeError, fn + "() missing " + std::to_string(m.size()) + " required " + kind + " argument" + (m.size() == 1 ? "" : "s") + ": " + list);
    };
    report(missingPos, "positional");
    report(missingKw, "keyword-only");
}

size_t CallArgs::nkwargs() const noexcept { return kwnames ? kwnames->items.size() : 0; }

} // namespace loopscope
