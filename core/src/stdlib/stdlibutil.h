#pragma once
// Helpers the stdlib modules share: module building, argument conversion with CPython's
// messages, a method descriptor for classes built at run time, and a closure-driven iterator.

#include <loopscope/runtime/runtime.h>

#include "runtime/objects.h"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {
struct ModuleContext;
}

namespace loopscope::detail::stdlib {

/// module.name = value.
void setModuleAttr(Object* module, std::string_view name, Object* value);
/// module.name = a built-in function `name` (its __module__ qualname is the bare name, as in CPython).
void addFunction(Object* module, std::string_view name, NativeFn fn);

/// A real number as a double (int, float, or __float__), else TypeError "must be real number, not X".
double toDouble(Object* o);
/// An integer argument (__index__), else TypeError "'X' object cannot be interpreted as an integer".
Ref<Object> toIndex(Object* o);
/// As toIndex, but must fit in int64 (OverflowError otherwise).
int64_t toInt64(Object* o);
/// int(x) for a finite double (big when it must be); raises as int() does for inf/nan.
Ref<Object> intFromDouble(double x);
/// int.bit_length() of any int.
int64_t bitLength(Object* integer);

/// A new instance of native layout `Layout` for `type`. A class statement deriving from one of our
/// built-in types gets the layout with a __dict__ added (the runtime's WithDict), announced by the
/// base's subclassDict; call enableSubclassDict<Layout>(t) on such a base before finalize().
template <class Layout, class... Args>
Ref<Layout> newNativeInstance(TypeObject* type, Args&&... args)
{
    if (type->instanceDict == &WithDict<Layout>::dictPtr)
        return Ref<Layout>(new WithDict<Layout>(type, std::forward<Args>(args)...));
    return Ref<Layout>(new Layout(type, std::forward<Args>(args)...));
}

template <class Layout>
void enableSubclassDict(TypeObject* base)
{
    base->subclassDict = &WithDict<Layout>::dictPtr;
}

/// A method descriptor for a namespace handed to newClass: binds `self` on instance access and,
/// when called unbound (`Cls.meth(obj, ...)`), takes self from the first argument.
Ref<Object> newMethodDescriptor(std::string_view name, NativeFn fn);
/// Like newMethodDescriptor, but binds the class (type(instance) or the owner): a classmethod.
Ref<Object> newClassMethodDescriptor(std::string_view name, NativeFn fn);

/// Calls `callable(*positional, **{names[i]: values[i]})`.
Ref<Object> callWith(Object* callable, std::span<Object* const> positional,
                     std::span<const std::string> kwNames = {}, std::span<Object* const> kwValues = {});
/// The keyword names of `args` as strings (empty when none).
std::vector<std::string_view> keywordNames(const CallArgs& args);

/// An iterator whose __next__ runs a C++ closure (empty Ref: exhausted). Itertools objects and
/// other module iterators are instances of types made by newIteratorType.
class ClosureIterator : public Object {
public:
    using NextFn = std::function<Ref<Object>()>;
    ClosureIterator(TypeObject* type, NextFn next, std::function<std::string()> reprFn = {});
    Ref<Object> next();
    std::string reprText() const;
    /// Drops the closure, and with it every reference it captured.
    void clearRefs() override;

private:
    NextFn m_next;
    std::function<std::string()> m_repr;
};

/// A static iterator type `module.name` whose instances are ClosureIterators; `construct`
/// (may be null) makes `name(...)` callable.
TypeObject* newIteratorType(std::string_view name, std::string_view module, slot::New construct);
/// A new ClosureIterator of `type`.
Ref<Object> newClosureIterator(TypeObject* type, ClosureIterator::NextFn next,
                               std::function<std::string()> reprFn = {});

/// collections.namedtuple from C++ (sys.version_info uses it): validates like CPython and
/// returns a new tuple subclass; `defaults` apply to the rightmost fields.
Ref<TypeObject> makeNamedTuple(std::string_view typeName, std::vector<std::string> fields,
                               std::vector<Ref<Object>> defaults = {}, std::string_view module = "__main__",
                               bool rename = false);

/// A handle on the run's ModuleContext, bound as `self` of functions that need it (time.sleep ...).
Ref<Object> newContextHandle(ModuleContext& ctx);
/// The context behind a handle made by newContextHandle.
ModuleContext& contextOf(Object* handle);
/// Makes `ctx` the context of the current heap for contextForCurrentHeap().
void registerContext(ModuleContext& ctx);

} // namespace loopscope::detail::stdlib
