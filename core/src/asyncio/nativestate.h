#pragma once
// Internal objects that carry the state of CPython's closures (wait's _on_completion, gather's
// _done_callback …) so native callbacks can be scheduled with them as `self`.

#include "runtime/objects.h"

#include <loopscope/asyncio/runcontext.h>
#include <loopscope/runtime/object.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope::detail::asyncioimpl {

/// A str / tuple as a plain object reference.
inline Ref<Object> pyStr(std::string_view s) { return newStr(s); }
inline Ref<Object> pyTuple(std::initializer_list<Object*> items) { return newTuple(items); }
inline Ref<Object> pyTuple(std::vector<Ref<Object>> items) { return newTuple(std::move(items)); }
inline Object* asObject(TupleObject* t) noexcept { return t; }

/// The type of every closure-state object (never visible to programs by name).
TypeObject* closureStateType();

class ClosureState : public Object {
public:
    ClosureState() : Object(closureStateType()) { }
};

inline Object* noneIfNull(Object* o) noexcept { return o ? o : None(); }
inline Object* nullIfNone(Object* o) noexcept { return o && o != None() ? o : nullptr; }

/// A number argument as a double (int or float).
double toDouble(Object* o);
/// A keyword argument by name from CallArgs, or null.
Object* keywordArg(CallArgs args, std::string_view name);

/// The run the calling Python code belongs to (constructors such as Barrier() and Runner() need it).
inline RunContext& currentContext()
{
    RunContext* c = RunContext::current();
    if (!c) raise(types().RuntimeError, "no asyncio run context is current");
    return *c;
}

} // namespace loopscope::detail::asyncioimpl
