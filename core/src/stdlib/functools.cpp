// The functools module: partial (a native type the asyncio trace writer can unwrap), reduce,
// update_wrapper/wraps, lru_cache/cache.

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <memory>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

/// Native objects that carry a writable __dict__ of their own (partial, the lru_cache wrapper).
class AttrObject : public Object {
public:
    explicit AttrObject(TypeObject* type)
        : Object(type)
        , attrs(newDict())
    {
    }
    void clearRefs() override { attrs = nullptr; }
    Ref<DictObject> attrs;
};

Ref<Object> attrGetAttr(Object* self, StrObject* name)
{
    auto* o = static_cast<AttrObject*>(self);
    if (strView(name) == "__dict__" && o->attrs) return Ref<Object>(o->attrs);
    if (o->attrs) {
        if (Object* v = dictGet(o->attrs.get(), name)) return newRef(v);
    }
    return genericGetAttr(self, name);
}

void attrSetAttr(Object* self, StrObject* name, Object* value)
{
    auto* o = static_cast<AttrObject*>(self);
    if (!o->attrs) o->attrs = newDict();
    if (value) {
        dictSet(o->attrs.get(), name, value);
    } else if (!dictDel(o->attrs.get(), name)) {
        raise(types().AttributeError, "'" + typeName(self) + "' object has no attribute '"
                                              + std::string(strView(name)) + "'");
    }
}

// ---------------------------------------------------------------------------------------------
// partial

class PartialObject : public AttrObject {
public:
    using AttrObject::AttrObject;
    void clearRefs() override
    {
        func = nullptr;
        args = nullptr;
        keywords = nullptr;
        AttrObject::clearRefs();
    }
    Ref<Object> func;
    Ref<Object> args; ///< tuple
    Ref<DictObject> keywords;
};

TypeObject* partialType();

Ref<Object> partialNew(TypeObject* type, CallArgs args)
{
    if (args.nargs < 1) raise(types().TypeError, "type 'partial' takes at least one argument");
    Object* func = args[0];
    std::vector<Ref<Object>> positional;
    Ref<DictObject> keywords = newDict();
    // A plain partial of a plain partial collapses into one, as in CPython.
    if (func->type()->slots.newObject == partialNew && static_cast<PartialObject*>(func)->attrs
        && dictItems(static_cast<PartialObject*>(func)->attrs.get()).empty()) {
        auto* inner = static_cast<PartialObject*>(func);
        for (const Ref<Object>& a : tupleItems(inner->args.get())) positional.push_back(a);
        for (auto [k, v] : dictItems(inner->keywords.get())) dictSet(keywords.get(), k, v);
        func = inner->func.get();
    }
    if (!isCallable(func)) raise(types().TypeError, "the first argument must be callable");
    for (size_t i = 1; i < args.nargs; ++i) positional.push_back(newRef(args[i]));
    if (args.kwnames) {
        const auto names = tupleItems(args.kwnames);
        for (size_t i = 0; i < names.size(); ++i) dictSet(keywords.get(), names[i].get(), args[args.nargs + i]);
    }
    auto p = newNativeInstance<PartialObject>(type);
    p->func = newRef(func);
    p->args = newTuple(std::move(positional));
    p->keywords = std::move(keywords);
    return p;
}

Ref<Object> partialCall(Object* self, CallArgs args)
{
    auto* p = static_cast<PartialObject*>(self);
    std::vector<Object*> positional;
    for (const Ref<Object>& a : tupleItems(p->args.get())) positional.push_back(a.get());
    for (size_t i = 0; i < args.nargs; ++i) positional.push_back(args[i]);
    // Stored keywords first, call keywords override them (dict update order).
    Ref<DictObject> merged = newDict();
    for (auto [k, v] : dictItems(p->keywords.get())) dictSet(merged.get(), k, v);
    if (args.kwnames) {
        const auto names = tupleItems(args.kwnames);
        for (size_t i = 0; i < names.size(); ++i) dictSet(merged.get(), names[i].get(), args[args.nargs + i]);
    }
    std::vector<std::string> names;
    std::vector<Object*> values;
    for (auto [k, v] : dictItems(merged.get())) {
        names.emplace_back(strView(k));
        values.push_back(v);
    }
    Ref<Object> func = p->func; // the call may drop the partial's last reference
    return callWith(func.get(), positional, names, values);
}

Ref<Object> partialRepr(Object* self)
{
    auto* p = static_cast<PartialObject*>(self);
    std::string out = self->type() == partialType() ? "functools.partial" : self->type()->name();
    out += "(" + reprText(p->func.get());
    for (const Ref<Object>& a : tupleItems(p->args.get())) out += ", " + reprText(a.get());
    for (auto [k, v] : dictItems(p->keywords.get())) out += ", " + std::string(strView(k)) + "=" + reprText(v);
    return newStr(out + ")");
}

Ref<Object> partialFuncGetter(Object* self, CallArgs)
{
    return static_cast<PartialObject*>(self)->func;
}

Ref<Object> partialArgsGetter(Object* self, CallArgs)
{
    return static_cast<PartialObject*>(self)->args;
}

Ref<Object> partialKeywordsGetter(Object* self, CallArgs)
{
    return Ref<Object>(static_cast<PartialObject*>(self)->keywords);
}

TypeObject* partialType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("partial", types().object, TypeObject::BaseType, "functools");
        t->slots.newObject = partialNew;
        enableSubclassDict<PartialObject>(t);
        t->slots.call = partialCall;
        t->slots.repr = partialRepr;
        t->slots.getattr = attrGetAttr;
        t->slots.setattr = attrSetAttr;
        addProperty(t, "func", partialFuncGetter);
        addProperty(t, "args", partialArgsGetter);
        addProperty(t, "keywords", partialKeywordsGetter);
        t->finalize();
        return t;
    }();
    return type;
}

// ---------------------------------------------------------------------------------------------
// reduce, update_wrapper, wraps

Ref<Object> functools_reduce(Object*, CallArgs args)
{
    noKeywords("reduce", args);
    if (args.nargs < 2 || args.nargs > 3)
        raise(types().TypeError, args.nargs < 2 ? "reduce expected at least 2 arguments, got " + std::to_string(args.nargs)
                                                : "reduce expected at most 3 arguments, got " + std::to_string(args.nargs));
    Ref<Object> it = getIter(args[1]);
    Ref<Object> acc = args.nargs == 3 ? newRef(args[2]) : iterNext(it.get());
    if (!acc) raise(types().TypeError, "reduce() of empty iterable with no initial value");
    while (Ref<Object> v = iterNext(it.get())) acc = call(args[0], {acc.get(), v.get()});
    return acc;
}

Ref<Object> wrapperAssignments()
{
    std::vector<Ref<Object>> names;
    for (const char* n : {"__module__", "__name__", "__qualname__", "__doc__", "__annotations__"})
        names.push_back(newStr(n));
    return newTuple(std::move(names));
}

Ref<Object> wrapperUpdates()
{
    return newTuple({newStr("__dict__").get()});
}

Ref<Object> functools_update_wrapper(Object*, CallArgs args)
{
    Object* a[4] = {};
    parseArgs("update_wrapper", args, {"wrapper", "wrapped", "assigned=", "updated="}, a);
    Ref<Object> assigned = a[2] ? newRef(a[2]) : wrapperAssignments();
    Ref<Object> updated = a[3] ? newRef(a[3]) : wrapperUpdates();
    for (const Ref<Object>& name : toVector(assigned.get())) {
        Ref<Object> value = getAttrOrNull(a[1], static_cast<StrObject*>(name.get()));
        if (value) setAttr(a[0], static_cast<StrObject*>(name.get()), value.get());
    }
    for (const Ref<Object>& name : toVector(updated.get())) {
        Ref<Object> mine = getAttr(a[0], static_cast<StrObject*>(name.get()));
        Ref<Object> theirs = getAttrOrNull(a[1], static_cast<StrObject*>(name.get()));
        Ref<Object> source = theirs ? theirs : Ref<Object>(newDict());
        callMethod(mine.get(), "update", {source.get()});
    }
    // Set last, so a __wrapped__ copied from wrapped's __dict__ is overridden.
    setAttr(a[0], "__wrapped__", a[1]);
    return newRef(a[0]);
}

Ref<Object> functools_wraps(Object* module, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("wraps", args, {"wrapped", "assigned=", "updated="}, a);
    Ref<Object> assigned = a[1] ? newRef(a[1]) : wrapperAssignments();
    Ref<Object> updated = a[2] ? newRef(a[2]) : wrapperUpdates();
    Ref<Object> updateWrapper = getAttr(module, "update_wrapper");
    Object* items[] = {updateWrapper.get(), a[0], assigned.get(), updated.get()};
    Ref<TupleObject> names = newTuple({newStr("wrapped").get(), newStr("assigned").get(), newStr("updated").get()});
    return partialNew(partialType(), CallArgs {items, 1, names.get()});
}

// ---------------------------------------------------------------------------------------------
// lru_cache / cache

class LruWrapper : public AttrObject {
public:
    using AttrObject::AttrObject;
    void clearRefs() override
    {
        func = nullptr;
        cache = nullptr;
        AttrObject::clearRefs();
    }
    Ref<Object> func;
    Ref<DictObject> cache; ///< insertion order is recency order: oldest first
    int64_t maxsize = 128; ///< -1: unbounded
    bool typed = false;
    int64_t hits = 0;
    int64_t misses = 0;
};

TypeObject* lruType();

/// The cache key: the positional args, then a marker and the keyword pairs (functools._make_key).
Ref<Object> lruKey(LruWrapper* w, CallArgs args)
{
    std::vector<Ref<Object>> parts;
    for (size_t i = 0; i < args.nargs; ++i) parts.push_back(newRef(args[i]));
    if (args.kwnames) {
        parts.push_back(Ref<Object>(lruType())); // a marker no argument can equal
        const auto names = tupleItems(args.kwnames);
        for (size_t i = 0; i < names.size(); ++i) {
            parts.push_back(names[i]);
            parts.push_back(newRef(args[args.nargs + i]));
        }
    }
    if (w->typed) {
        for (size_t i = 0; i < args.total(); ++i) parts.push_back(newRef(static_cast<Object*>(args[i]->type())));
    }
    return newTuple(std::move(parts));
}

Ref<Object> lruCall(Object* self, CallArgs args)
{
    Ref<Object> keep(self);
    auto* w = static_cast<LruWrapper*>(self);
    if (w->maxsize == 0) {
        ++w->misses;
        return call(w->func.get(), args);
    }
    Ref<Object> key = lruKey(w, args);
    if (Object* hit = dictGet(w->cache.get(), key.get())) {
        ++w->hits;
        Ref<Object> value(hit);
        if (w->maxsize > 0) { // move to the most recent end
            dictDel(w->cache.get(), key.get());
            dictSet(w->cache.get(), key.get(), value.get());
        }
        return value;
    }
    ++w->misses;
    Ref<Object> value = call(w->func.get(), args);
    if (!w->cache) return value;
    dictSet(w->cache.get(), key.get(), value.get());
    if (w->maxsize > 0) {
        auto items = dictItems(w->cache.get());
        if (static_cast<int64_t>(items.size()) > w->maxsize) {
            Ref<Object> oldest(items.front().first);
            dictDel(w->cache.get(), oldest.get());
        }
    }
    return value;
}

Ref<Object> lruDescrGet(Object* self, Object* instance, TypeObject*)
{
    if (!instance) return newRef(self);
    return newBoundMethod(self, instance);
}

Ref<Object> lruCacheInfo(Object* self, CallArgs args)
{
    noKeywords("cache_info", args);
    auto* w = static_cast<LruWrapper*>(self);
    Ref<Object> maxsize = w->maxsize < 0 ? newRef(None()) : newInt(w->maxsize);
    const int64_t size = w->cache ? static_cast<int64_t>(dictItems(w->cache.get()).size()) : 0;
    // functools._CacheInfo, made per call: a type kept across runs would outlive the run's heap.
    Ref<TypeObject> cacheInfo = makeNamedTuple("CacheInfo", { "hits", "misses", "maxsize", "currsize" }, {}, "functools");
    return call(cacheInfo.get(), { newInt(w->hits).get(), newInt(w->misses).get(), maxsize.get(), newInt(size).get() });
}

Ref<Object> lruCacheClear(Object* self, CallArgs args)
{
    noKeywords("cache_clear", args);
    auto* w = static_cast<LruWrapper*>(self);
    w->cache = newDict();
    w->hits = 0;
    w->misses = 0;
    return newRef(None());
}

TypeObject* lruType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("_lru_cache_wrapper", types().object, 0, "functools");
        t->slots.call = lruCall;
        t->slots.descrGet = lruDescrGet;
        t->slots.getattr = attrGetAttr;
        t->slots.setattr = attrSetAttr;
        addMethod(t, "cache_info", lruCacheInfo);
        addMethod(t, "cache_clear", lruCacheClear);
        t->finalize();
        return t;
    }();
    return type;
}

Ref<Object> wrapWithCache(Object* module, Object* func, int64_t maxsize, bool typed)
{
    if (!isCallable(func)) raise(types().TypeError, "the first argument must be callable");
    auto w = make<LruWrapper>(lruType());
    w->func = newRef(func);
    w->cache = newDict();
    w->maxsize = maxsize;
    w->typed = typed;
    Ref<Object> update = getAttr(module, "update_wrapper");
    call(update.get(), {w.get(), func});
    return w;
}

/// Builds the decorator lru_cache(maxsize, typed) returns: it remembers its settings in `self`.
Ref<Object> lruDecorate(Object* self, CallArgs args)
{
    noKeywords("decorating_function", args);
    if (args.nargs != 1) raise(types().TypeError, "decorating_function() takes exactly one argument");
    auto settings = tupleItems(self);
    int64_t maxsize = -1;
    if (settings[1].get() != None()) maxsize = std::max<int64_t>(0, intValue(settings[1].get()));
    return wrapWithCache(settings[0].get(), args[0], maxsize, isTrue(settings[2].get()));
}

Ref<Object> functools_lru_cache(Object* module, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("lru_cache", args, {"maxsize=", "typed="}, a);
    const bool typed = a[1] && isTrue(a[1]);
    Object* maxsize = a[0] ? a[0] : nullptr;
    if (maxsize && maxsize != None() && !isInt(maxsize)) {
        if (isCallable(maxsize)) return wrapWithCache(module, maxsize, 128, typed); // @lru_cache
        raise(types().TypeError, "Expected first argument to be an integer, a callable, or None");
    }
    Ref<Object> size = maxsize ? newRef(maxsize) : newInt(128);
    Ref<Object> settings = newTuple({module, size.get(), boolObject(typed)});
    return newNativeFunction("decorating_function", lruDecorate, settings.get());
}

Ref<Object> functools_cache(Object* module, CallArgs args)
{
    noKeywords("cache", args);
    if (args.nargs != 1)
        raise(types().TypeError, "cache() takes 1 positional argument but " + std::to_string(args.nargs) + " were given");
    return wrapWithCache(module, args[0], -1, false);
}

} // namespace

bool isPartial(const Object* o) noexcept
{
    return o && o->type()->isSubtypeOf(partialType());
}

Object* partialFunc(Object* o) noexcept
{
    if (!isPartial(o)) return nullptr;
    return static_cast<PartialObject*>(o)->func.get();
}

Ref<Object> makeFunctoolsModule(ModuleContext&)
{
    Ref<Object> m = newModule("functools");
    Object* mod = m.get();
    setModuleAttr(mod, "partial", partialType());
    addFunction(mod, "reduce", functools_reduce);
    addFunction(mod, "update_wrapper", functools_update_wrapper);
    setModuleAttr(mod, "WRAPPER_ASSIGNMENTS", wrapperAssignments().get());
    setModuleAttr(mod, "WRAPPER_UPDATES", wrapperUpdates().get());
    // These need the module (to find update_wrapper), so they are bound to it.
    setModuleAttr(mod, "wraps", newNativeFunction("wraps", functools_wraps, mod).get());
    setModuleAttr(mod, "lru_cache", newNativeFunction("lru_cache", functools_lru_cache, mod).get());
    setModuleAttr(mod, "cache", newNativeFunction("cache", functools_cache, mod).get());
    return m;
}

} // namespace loopscope
