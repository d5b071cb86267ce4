#include "stdlib/stdlibutil.h"

#include <cmath>
#include <mutex>

namespace loopscope::detail::stdlib {

void setModuleAttr(Object* module, std::string_view name, Object* value)
{
    dictSet(moduleDict(module), name, value);
}

void addFunction(Object* module, std::string_view name, NativeFn fn)
{
    setModuleAttr(module, name, newNativeFunction(name, fn).get());
}

double toDouble(Object* o)
{
    if (isFloat(o)) return floatValue(o);
    if (isInt(o)) {
        int64_t v = 0;
        if (intFits(o, v)) return static_cast<double>(v);
        return floatValue(call(types().float_, {o}).get()); // big int: OverflowError when too large
    }
    if (auto conv = o->type()->slots.toFloat) {
        Ref<Object> f = conv(o);
        return floatValue(f.get());
    }
    raise(types().TypeError, "must be real number, not " + typeName(o));
}

Ref<Object> toIndex(Object* o)
{
    if (isInt(o)) return newRef(o);
    if (auto idx = o->type()->slots.index) return idx(o);
    raise(types().TypeError, "'" + typeName(o) + "' object cannot be interpreted as an integer");
}

int64_t toInt64(Object* o)
{
    Ref<Object> i = toIndex(o);
    return intValue(i.get());
}

Ref<Object> intFromDouble(double x)
{
    // Every double below 2^63 in magnitude converts exactly after truncation.
    if (std::isfinite(x) && std::fabs(x) < 9.2e18) return newInt(static_cast<int64_t>(x));
    Ref<Object> f = newFloat(x);
    return call(types().int_, {f.get()});
}

int64_t bitLength(Object* integer)
{
    int64_t v = 0;
    if (intFits(integer, v)) {
        uint64_t u = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        int64_t n = 0;
        while (u) {
            ++n;
            u >>= 1;
        }
        return n;
    }
    return intValue(callMethod(integer, "bit_length").get());
}

// ---------------------------------------------------------------------------------------------
// Method descriptors for run-time classes.

namespace {

class MethodDescriptor : public Object {
public:
    MethodDescriptor(TypeObject* type, std::string name, NativeFn fn, bool classMethod)
        : Object(type)
        , name(std::move(name))
        , fn(fn)
        , classMethod(classMethod)
    {
    }
    std::string name;
    NativeFn fn;
    bool classMethod;
};

Ref<Object> methodDescrGet(Object* descr, Object* instance, TypeObject* owner)
{
    auto* d = static_cast<MethodDescriptor*>(descr);
    if (d->classMethod) {
        Object* cls = owner ? static_cast<Object*>(owner) : static_cast<Object*>(instance->type());
        return newNativeFunction(d->name, d->fn, cls);
    }
    if (!instance) return newRef(descr);
    return newNativeFunction(d->name, d->fn, instance);
}

Ref<Object> methodDescrCall(Object* descr, CallArgs args)
{
    auto* d = static_cast<MethodDescriptor*>(descr);
    if (args.nargs == 0)
        raise(types().TypeError, "unbound method " + d->name + "() needs an argument");
    CallArgs rest { args.items + 1, args.nargs - 1, args.kwnames };
    return d->fn(args[0], rest);
}

Ref<Object> methodDescrRepr(Object* descr)
{
    auto* d = static_cast<MethodDescriptor*>(descr);
    return newStr("<method '" + d->name + "'>");
}

TypeObject* methodDescriptorType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("method_descriptor", types().object, 0);
        t->slots.descrGet = methodDescrGet;
        t->slots.call = methodDescrCall;
        t->slots.repr = methodDescrRepr;
        t->finalize();
        return t;
    }();
    return type;
}

} // namespace

Ref<Object> newMethodDescriptor(std::string_view name, NativeFn fn)
{
    return make<MethodDescriptor>(methodDescriptorType(), std::string(name), fn, false);
}

Ref<Object> newClassMethodDescriptor(std::string_view name, NativeFn fn)
{
    return make<MethodDescriptor>(methodDescriptorType(), std::string(name), fn, true);
}

// ---------------------------------------------------------------------------------------------
// Calls.

Ref<Object> callWith(Object* callable, std::span<Object* const> positional, std::span<const std::string> kwNames,
                     std::span<Object* const> kwValues)
{
    std::vector<Object*> items(positional.begin(), positional.end());
    Ref<TupleObject> names;
    if (!kwNames.empty()) {
        std::vector<Ref<Object>> nameObjs;
        for (const std::string& n : kwNames) nameObjs.push_back(newStr(n));
        names = newTuple(std::move(nameObjs));
        items.insert(items.end(), kwValues.begin(), kwValues.end());
    }
    CallArgs args { items.data(), positional.size(), names.get() };
    return call(callable, args);
}

std::vector<std::string_view> keywordNames(const CallArgs& args)
{
    std::vector<std::string_view> out;
    if (!args.kwnames) return out;
    for (const Ref<Object>& n : tupleItems(args.kwnames)) out.push_back(strView(n.get()));
    return out;
}


// ---------------------------------------------------------------------------------------------
// Closure iterators.

ClosureIterator::ClosureIterator(TypeObject* type, NextFn next, std::function<std::string()> reprFn)
    : Object(type)
    , m_next(std::move(next))
    , m_repr(std::move(reprFn))
{
}

Ref<Object> ClosureIterator::next()
{
    if (!m_next) return {};
    Ref<Object> value = m_next();
    if (!value) m_next = nullptr; // exhausted for good: release what the closure holds
    return value;
}

std::string ClosureIterator::reprText() const
{
    if (m_repr) return m_repr();
    const TypeObject* t = type();
    return "<" + t->module() + "." + t->name() + " object>";
}

void ClosureIterator::clearRefs()
{
    m_next = nullptr;
    m_repr = nullptr;
}

namespace {

Ref<Object> closureIter(Object* self)
{
    return newRef(self);
}

Ref<Object> closureNext(Object* self)
{
    return static_cast<ClosureIterator*>(self)->next();
}

Ref<Object> closureRepr(Object* self)
{
    return newStr(static_cast<ClosureIterator*>(self)->reprText());
}

} // namespace

TypeObject* newIteratorType(std::string_view name, std::string_view module, slot::New construct)
{
    TypeObject* t = newStaticType(name, types().object, 0, module);
    t->slots.iter = closureIter;
    t->slots.next = closureNext;
    t->slots.repr = closureRepr;
    t->slots.newObject = construct;
    t->finalize();
    return t;
}

Ref<Object> newClosureIterator(TypeObject* type, ClosureIterator::NextFn next, std::function<std::string()> reprFn)
{
    return make<ClosureIterator>(type, std::move(next), std::move(reprFn));
}

} // namespace loopscope::detail::stdlib

namespace loopscope::detail::stdlib {

namespace {

class ContextHandle : public Object {
public:
    ContextHandle(TypeObject* type, ModuleContext& ctx)
        : Object(type)
        , ctx(&ctx)
    {
    }
    ModuleContext* ctx;
};

TypeObject* contextHandleType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("_run_context", types().object, 0, "loopscope");
        t->finalize();
        return t;
    }();
    return type;
}

} // namespace

Ref<Object> newContextHandle(ModuleContext& ctx)
{
    return make<ContextHandle>(contextHandleType(), ctx);
}

ModuleContext& contextOf(Object* handle)
{
    return *static_cast<ContextHandle*>(handle)->ctx;
}

} // namespace loopscope::detail::stdlib
