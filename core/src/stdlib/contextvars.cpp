// The contextvars module (CPython 3.11's _contextvars): ContextVar, Token, Context, copy_context.
// A Context is a mutable holder of an immutable vars mapping; set() replaces the holder's mapping,
// copies share it. The mapping is a copy-on-write vector sorted by the variables' creation order
// (CPython's HAMT iterates in hash order, which varies from run to run; creation order is stable).

#include "stdlib/stdlibutil.h"

#include <loopscope/asyncio/eventloop.h>
#include <loopscope/asyncio/runcontext.h>
#include <loopscope/asyncio/task.h>
#include <loopscope/runtime/heap.h>
#include <loopscope/stdlib/contextvars.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>
#include <atomic>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

TypeObject* contextType();
TypeObject* contextVarType();
TypeObject* tokenType();
TypeObject* missingType();

// Only the order matters (iteration follows it), so one counter can serve every run.
std::atomic<uint64_t> g_nextVarSerial { 0 };

class ContextVarObject final : public Object {
public:
    ContextVarObject(Ref<Object> name, Ref<Object> defaultValue)
        : Object(contextVarType())
        , name(std::move(name))
        , defaultValue(std::move(defaultValue))
        , serial(++g_nextVarSerial)
    {
    }
    void clearRefs() override
    {
        name = nullptr;
        defaultValue = nullptr;
    }
    Ref<Object> name;
    Ref<Object> defaultValue; // null: no default
    const uint64_t serial; // creation order: the vars mappings are sorted by it
};

/// An immutable mapping ContextVar -> value, shared by the Contexts copied from one another. Never
/// empty: a Context with no variables holds null instead.
class VarsMap {
public:
    struct Entry {
        Ref<ContextVarObject> var;
        Ref<Object> value;
    };
    explicit VarsMap(std::vector<Entry> entries)
        : m_entries(std::move(entries))
    {
    }
    VarsMap(const VarsMap&) = delete;
    VarsMap& operator=(const VarsMap&) = delete;
    void incref() noexcept { ++m_refs; }
    void decref() noexcept
    {
        if (--m_refs == 0) delete this;
    }

    size_t size() const noexcept { return m_entries.size(); }
    const Entry& operator[](size_t i) const noexcept { return m_entries[i]; }
    /// The value of `var`, borrowed, or null.
    Object* find(const ContextVarObject* var) const noexcept
    {
        auto it = lowerBound(var->serial);
        return it != m_entries.end() && it->var.get() == var ? it->value.get() : nullptr;
    }
    /// `map` with var set to value (`map` null: the empty mapping).
    static Ref<VarsMap> with(const VarsMap* map, ContextVarObject* var, Object* value)
    {
        std::vector<Entry> entries;
        entries.reserve((map ? map->size() : 0) + 1);
        if (map) entries = map->m_entries;
        auto it = std::lower_bound(entries.begin(), entries.end(), var->serial,
                                   [](const Entry& e, uint64_t serial) { return e.var->serial < serial; });
        if (it != entries.end() && it->var.get() == var)
            it->value = Ref<Object>(value);
        else
            entries.insert(it, Entry { Ref<ContextVarObject>(var), Ref<Object>(value) });
        return Ref<VarsMap>(new VarsMap(std::move(entries)));
    }
    /// `map` without var; null when nothing is left.
    static Ref<VarsMap> without(const VarsMap& map, const ContextVarObject* var)
    {
        std::vector<Entry> entries;
        entries.reserve(map.size());
        for (const Entry& e : map.m_entries)
            if (e.var.get() != var) entries.push_back(e);
        return entries.empty() ? Ref<VarsMap>() : Ref<VarsMap>(new VarsMap(std::move(entries)));
    }

private:
    std::vector<Entry>::const_iterator lowerBound(uint64_t serial) const noexcept
    {
        return std::lower_bound(m_entries.begin(), m_entries.end(), serial,
                                [](const Entry& e, uint64_t s) { return e.var->serial < s; });
    }

    uint32_t m_refs = 0;
    std::vector<Entry> m_entries; // sorted by ContextVarObject::serial
};

class ContextObject final : public Object {
public:
    explicit ContextObject(Ref<VarsMap> vars = nullptr)
        : Object(contextType())
        , vars(std::move(vars))
    {
    }
    void clearRefs() override { vars = nullptr; }
    Ref<VarsMap> vars; // null: no variables
};

class TokenObject final : public Object {
public:
    TokenObject(ContextObject* context, ContextVarObject* var, Object* oldValue)
        : Object(tokenType())
        , context(context)
        , var(var)
        , oldValue(oldValue)
    {
    }
    void clearRefs() override
    {
        context = nullptr;
        var = nullptr;
        oldValue = nullptr;
    }
    Ref<ContextObject> context;
    Ref<ContextVarObject> var;
    Ref<Object> oldValue; // null: Token.MISSING
    bool used = false;
};

/// The iterators a Context hands out (iter, keys, values, items): one pass over a snapshot of
/// its mapping, with len() of the whole mapping, as CPython's HAMT iterators.
class VarsIterator final : public Object {
public:
    enum class Kind : uint8_t { Keys, Values, Items };
    VarsIterator(TypeObject* type, Ref<VarsMap> map, Kind kind)
        : Object(type)
        , map(std::move(map))
        , kind(kind)
    {
    }
    void clearRefs() override { map = nullptr; }
    Ref<VarsMap> map;
    size_t index = 0;
    Kind kind;
};

// --- the run's current Context --------------------------------------------------------------

RunContext& currentRun()
{
    RunContext* run = RunContext::current();
    if (!run) raise(types().RuntimeError, "contextvars needs a running scenario");
    return *run;
}

/// The task stepping on the running loop, or null.
Task* steppingTask(const RunContext& run)
{
    const EventLoop* loop = run.runningLoop();
    return loop ? loop->currentTask() : nullptr;
}

/// Where the current Context is held: the stepping task's slot, unless a scope was entered during
/// its step (see contextvars.h).
Ref<Object>& currentSlot(RunContext& run)
{
    ContextScope* scope = run.innermostContextScope();
    Task* task = steppingTask(run);
    if (task && (!scope || scope->task() != task)) return task->contextSlot();
    return scope ? scope->slot() : run.baseContextSlot();
}

/// The current Context's mapping (null: empty).
VarsMap* currentVars(RunContext& run)
{
    Object* context = currentSlot(run).get();
    return context ? static_cast<ContextObject*>(context)->vars.get() : nullptr;
}

/// The current Context, made now when it is still a new empty one (ContextVar.set and reset).
/// Code runs only in a Context: a slot holding anything else failed checkEnterable.
ContextObject* currentContextObject(RunContext& run)
{
    Ref<Object>& slot = currentSlot(run);
    if (!slot) slot = make<ContextObject>();
    return static_cast<ContextObject*>(slot.get());
}

/// Entered: the stepping task's Context, or one held by a scope on the stack.
bool isEntered(const RunContext& run, const Object* context)
{
    if (Task* task = steppingTask(run); task && task->contextSlot().get() == context) return true;
    for (const ContextScope* scope = run.innermostContextScope(); scope; scope = scope->outer())
        if (scope->slot().get() == context) return true;
    return false;
}

Object* missing()
{
    static Object* const m = [] {
        Heap::Scope noHeap(static_cast<Heap*>(nullptr));
        auto* o = new Object(missingType());
        o->makeImmortal();
        return o;
    }();
    return m;
}

// --- argument checks with CPython's messages --------------------------------------------------

ContextVarObject* asVar(Object* o)
{
    if (!o || o->type() != contextVarType())
        raise(types().TypeError, "descriptor requires a '_contextvars.ContextVar' object");
    return static_cast<ContextVarObject*>(o);
}

ContextObject* asContext(Object* o)
{
    if (!o || o->type() != contextType())
        raise(types().TypeError, "descriptor requires a '_contextvars.Context' object");
    return static_cast<ContextObject*>(o);
}

TokenObject* asToken(Object* o)
{
    if (!o || o->type() != tokenType()) raise(types().TypeError, "descriptor requires a '_contextvars.Token' object");
    return static_cast<TokenObject*>(o);
}

/// A Context key: TypeError "a ContextVar key was expected, got 'x'" otherwise.
ContextVarObject* keyVar(Object* key)
{
    if (key->type() != contextVarType()) raise(types().TypeError, "a ContextVar key was expected, got " + reprText(key));
    return static_cast<ContextVarObject*>(key);
}

/// METH_O: exactly one positional argument.
Object* singleArgument(const char* qualname, CallArgs args)
{
    if (args.nkwargs()) raise(types().TypeError, std::string(qualname) + "() takes no keyword arguments");
    if (args.nargs != 1)
        raise(types().TypeError, std::string(qualname) + "() takes exactly one argument (" + std::to_string(args.nargs)
                                     + " given)");
    return args[0];
}

/// METH_NOARGS.
void noArguments(const char* qualname, CallArgs args)
{
    if (args.nkwargs()) raise(types().TypeError, std::string(qualname) + "() takes no keyword arguments");
    if (args.nargs)
        raise(types().TypeError, std::string(qualname) + "() takes no arguments (" + std::to_string(args.nargs)
                                     + " given)");
}

/// METH_FASTCALL with `min`..`max` positional arguments and no keywords (ContextVar.get, Context.get).
void positionalRange(const char* name, const char* qualname, CallArgs args, size_t min, size_t max)
{
    if (args.nkwargs()) raise(types().TypeError, std::string(qualname) + "() takes no keyword arguments");
    auto plural = [](size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
    if (args.nargs < min)
        raise(types().TypeError, std::string(name) + " expected at least " + plural(min) + ", got " + std::to_string(args.nargs));
    if (args.nargs > max)
        raise(types().TypeError, std::string(name) + " expected at most " + plural(max) + ", got " + std::to_string(args.nargs));
}

// --- ContextVar --------------------------------------------------------------------------------

Ref<Object> contextVarNew(TypeObject*, CallArgs args)
{
    // PyArg_ParseTupleAndKeywords("O|$O:ContextVar", {"", "default"}), whose checks come in this
    // order: the name is positional-only, `default` keyword-only.
    if (args.total() > 2) raise(types().TypeError, "ContextVar() takes at most 2 arguments (" + std::to_string(args.total()) + " given)");
    if (args.nargs > 1)
        raise(types().TypeError, "ContextVar() takes at most 1 positional argument (" + std::to_string(args.nargs) + " given)");
    if (args.nargs < 1) raise(types().TypeError, "ContextVar() takes exactly 1 positional argument (0 given)");
    Object* defaultValue = nullptr;
    const auto names = keywordNames(args);
    for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] != "default")
            raise(types().TypeError, "'" + std::string(names[i]) + "' is an invalid keyword argument for ContextVar()");
        defaultValue = args[args.nargs + i];
    }
    if (!isStr(args[0])) raise(types().TypeError, "context variable name must be a str");
    return make<ContextVarObject>(newRef(args[0]), defaultValue ? newRef(defaultValue) : Ref<Object>());
}

Ref<Object> contextVarRepr(Object* self)
{
    ContextVarObject* var = asVar(self);
    std::string s = "<ContextVar name=" + reprText(var->name.get());
    if (var->defaultValue) s += " default=" + reprText(var->defaultValue.get());
    return newStr(s + " at " + addressText(self) + ">");
}

Ref<Object> contextVar_get(Object* self, CallArgs args)
{
    ContextVarObject* var = asVar(self);
    positionalRange("get", "ContextVar.get", args, 0, 1);
    if (const VarsMap* vars = currentVars(currentRun()))
        if (Object* value = vars->find(var)) return newRef(value);
    if (args.nargs) return newRef(args[0]);
    if (var->defaultValue) return var->defaultValue;
    raise(newException(types().LookupError, { Ref<Object>(var) }));
}

/// ContextVar.set in the current Context: the token remembers the value it replaced.
Ref<Object> setVar(ContextVarObject* var, Object* value)
{
    ContextObject* context = currentContextObject(currentRun());
    Object* old = context->vars ? context->vars->find(var) : nullptr;
    Ref<Object> token = make<TokenObject>(context, var, old);
    context->vars = VarsMap::with(context->vars.get(), var, value);
    return token;
}

Ref<Object> contextVar_set(Object* self, CallArgs args)
{
    ContextVarObject* var = asVar(self);
    return setVar(var, singleArgument("ContextVar.set", args));
}

Ref<Object> contextVar_reset(Object* self, CallArgs args)
{
    ContextVarObject* var = asVar(self);
    Object* arg = singleArgument("ContextVar.reset", args);
    if (arg->type() != tokenType()) raise(types().TypeError, "expected an instance of Token, got " + reprText(arg));
    auto* token = static_cast<TokenObject*>(arg);
    if (token->used) raise(types().RuntimeError, reprText(token) + " has already been used once");
    if (token->var.get() != var) raise(types().ValueError, reprText(token) + " was created by a different ContextVar");
    ContextObject* context = currentContextObject(currentRun());
    if (token->context.get() != context) raise(types().ValueError, reprText(token) + " was created in a different Context");
    token->used = true;
    if (token->oldValue) {
        context->vars = VarsMap::with(context->vars.get(), var, token->oldValue.get());
    } else {
        if (!context->vars || !context->vars->find(var)) raise(newException(types().LookupError, { Ref<Object>(var) }));
        context->vars = VarsMap::without(*context->vars, var);
    }
    return newRef(None());
}

Ref<Object> classGetItem(Object* cls, CallArgs)
{
    return newRef(cls); // the project approximates generic aliases by their origin class (as list[int])
}

// --- Token ---------------------------------------------------------------------------------------

Ref<Object> tokenRepr(Object* self)
{
    TokenObject* token = asToken(self);
    return newStr(std::string("<Token") + (token->used ? " used" : "") + " var=" + reprText(token->var.get()) + " at "
                  + addressText(self) + ">");
}

// --- Context -------------------------------------------------------------------------------------

Ref<Object> contextNew(TypeObject*, CallArgs args)
{
    if (args.total()) raise(types().TypeError, "Context() does not accept any arguments");
    return make<ContextObject>();
}

Ref<Object> contextRichCompare(Object* a, Object* b, CompareOp op)
{
    if (b->type() != contextType() || (op != CompareOp::Eq && op != CompareOp::Ne)) return newRef(NotImplemented());
    const VarsMap* x = asContext(a)->vars.get();
    const VarsMap* y = static_cast<ContextObject*>(b)->vars.get();
    bool equal = (x ? x->size() : 0) == (y ? y->size() : 0);
    for (size_t i = 0; equal && x && i < x->size(); ++i) {
        Object* other = y->find((*x)[i].var.get());
        equal = other && richCompareBool((*x)[i].value.get(), other, CompareOp::Eq);
    }
    return newRef(boolObject(op == CompareOp::Eq ? equal : !equal));
}

Ref<Object> contextGetItem(Object* self, Object* key)
{
    ContextVarObject* var = keyVar(key);
    if (const VarsMap* vars = asContext(self)->vars.get())
        if (Object* value = vars->find(var)) return newRef(value);
    raise(newException(types().KeyError, { Ref<Object>(var) }));
}

bool contextContains(Object* self, Object* key)
{
    ContextVarObject* var = keyVar(key);
    const VarsMap* vars = asContext(self)->vars.get();
    return vars && vars->find(var);
}

int64_t contextLen(Object* self)
{
    const VarsMap* vars = asContext(self)->vars.get();
    return vars ? static_cast<int64_t>(vars->size()) : 0;
}

TypeObject* iteratorType(VarsIterator::Kind kind);

Ref<Object> newVarsIterator(Object* context, VarsIterator::Kind kind)
{
    return make<VarsIterator>(iteratorType(kind), asContext(context)->vars, kind);
}

Ref<Object> contextIter(Object* self)
{
    return newVarsIterator(self, VarsIterator::Kind::Keys);
}

Ref<Object> context_run(Object* self, CallArgs args)
{
    ContextObject* context = asContext(self);
    if (args.nargs < 1) raise(types().TypeError, "run() missing 1 required positional argument");
    Ref<Object> slot(context);
    ContextScope inContext(&currentRun(), slot);
    return call(args[0], CallArgs { args.items + 1, args.nargs - 1, args.kwnames });
}

Ref<Object> context_copy(Object* self, CallArgs args)
{
    ContextObject* context = asContext(self);
    noArguments("Context.copy", args);
    return make<ContextObject>(context->vars);
}

Ref<Object> context_get(Object* self, CallArgs args)
{
    ContextObject* context = asContext(self);
    positionalRange("get", "Context.get", args, 1, 2);
    ContextVarObject* var = keyVar(args[0]);
    if (context->vars)
        if (Object* value = context->vars->find(var)) return newRef(value);
    return newRef(args.nargs > 1 ? args[1] : None());
}

Ref<Object> context_keys(Object* self, CallArgs args)
{
    asContext(self);
    noArguments("Context.keys", args);
    return newVarsIterator(self, VarsIterator::Kind::Keys);
}

Ref<Object> context_values(Object* self, CallArgs args)
{
    asContext(self);
    noArguments("Context.values", args);
    return newVarsIterator(self, VarsIterator::Kind::Values);
}

Ref<Object> context_items(Object* self, CallArgs args)
{
    asContext(self);
    noArguments("Context.items", args);
    return newVarsIterator(self, VarsIterator::Kind::Items);
}

Ref<Object> contextvars_copy_context(Object*, CallArgs args)
{
    noArguments("_contextvars.copy_context", args);
    return make<ContextObject>(Ref<VarsMap>(currentVars(currentRun())));
}

// --- the iterators -------------------------------------------------------------------------------

Ref<Object> varsIteratorNext(Object* self)
{
    auto* it = static_cast<VarsIterator*>(self);
    if (!it->map || it->index >= it->map->size()) return {};
    const VarsMap::Entry& e = (*it->map)[it->index++];
    switch (it->kind) {
    case VarsIterator::Kind::Keys: return Ref<Object>(e.var);
    case VarsIterator::Kind::Values: return e.value;
    case VarsIterator::Kind::Items: return newTuple({ e.var.get(), e.value.get() });
    }
    return {};
}

/// tp_new of the types Python code cannot instantiate.
Ref<Object> cannotCreate(TypeObject* type, CallArgs)
{
    raise(types().TypeError, "cannot create '" + type->name() + "' instances");
}

TypeObject* newVarsIteratorType(const char* name)
{
    TypeObject* t = newStaticType(name, types().object, 0, "builtins");
    t->slots.newObject = cannotCreate;
    t->slots.iter = [](Object* self) -> Ref<Object> { return newRef(self); };
    t->slots.next = varsIteratorNext;
    t->slots.len = [](Object* self) -> int64_t {
        const VarsMap* map = static_cast<VarsIterator*>(self)->map.get();
        return map ? static_cast<int64_t>(map->size()) : 0;
    };
    t->finalize();
    return t;
}

TypeObject* iteratorType(VarsIterator::Kind kind)
{
    static TypeObject* const keys = newVarsIteratorType("keys");
    static TypeObject* const values = newVarsIteratorType("values");
    static TypeObject* const items = newVarsIteratorType("items");
    switch (kind) {
    case VarsIterator::Kind::Keys: return keys;
    case VarsIterator::Kind::Values: return values;
    case VarsIterator::Kind::Items: return items;
    }
    return keys;
}

// --- the types -----------------------------------------------------------------------------------

/// A static type named as CPython's tp_name ("_contextvars.Context"): messages show the full name,
/// `__name__` and `__qualname__` the part after the module.
TypeObject* newContextvarsType(std::string_view module, std::string_view name)
{
    TypeObject* t = newStaticType(std::string(module) + "." + std::string(name), types().object, 0, module);
    t->setQualname(std::string(name));
    return t;
}

TypeObject* contextVarType()
{
    static TypeObject* type = [] {
        TypeObject* t = newContextvarsType("_contextvars", "ContextVar");
        t->slots.newObject = contextVarNew;
        t->slots.repr = contextVarRepr;
        addMethod(t, "get", contextVar_get);
        addMethod(t, "set", contextVar_set);
        addMethod(t, "reset", contextVar_reset);
        addClassMethod(t, "__class_getitem__", classGetItem);
        addProperty(
            t, "name", [](Object* self, CallArgs) -> Ref<Object> { return asVar(self)->name; },
            [](Object*, CallArgs) -> Ref<Object> { raise(types().AttributeError, "readonly attribute"); });
        t->finalize();
        return t;
    }();
    return type;
}

TypeObject* missingType()
{
    static TypeObject* type = [] {
        TypeObject* t = newContextvarsType("Token", "MISSING");
        t->slots.newObject = cannotCreate;
        t->slots.repr = [](Object*) -> Ref<Object> { return newStr("<Token.MISSING>"); };
        t->finalize();
        return t;
    }();
    return type;
}

TypeObject* tokenType()
{
    static TypeObject* type = [] {
        TypeObject* t = newContextvarsType("_contextvars", "Token");
        t->slots.newObject = [](TypeObject*, CallArgs) -> Ref<Object> {
            raise(types().RuntimeError, "Tokens can only be created by ContextVars");
        };
        t->slots.repr = tokenRepr;
        t->slots.hash = unhashable;
        addProperty(t, "var", [](Object* self, CallArgs) -> Ref<Object> { return Ref<Object>(asToken(self)->var); });
        addProperty(t, "old_value", [](Object* self, CallArgs) -> Ref<Object> {
            Object* old = asToken(self)->oldValue.get();
            return newRef(old ? old : missing());
        });
        addClassMethod(t, "__class_getitem__", classGetItem);
        dictSet(t->dict(), "MISSING", missing());
        t->finalize();
        return t;
    }();
    return type;
}

TypeObject* contextType()
{
    static TypeObject* type = [] {
        TypeObject* t = newContextvarsType("_contextvars", "Context");
        t->slots.newObject = contextNew;
        t->slots.richcompare = contextRichCompare;
        t->slots.hash = unhashable;
        t->slots.getitem = contextGetItem;
        t->slots.contains = contextContains;
        t->slots.len = contextLen;
        t->slots.iter = contextIter;
        const std::pair<const char*, NativeFn> methods[] = {
                {"run", context_run},   {"copy", context_copy},     {"get", context_get},
                {"keys", context_keys}, {"values", context_values}, {"items", context_items},
        };
        for (const auto& [name, fn] : methods) addMethod(t, name, fn);
        t->finalize();
        return t;
    }();
    return type;
}

} // namespace

// --- what asyncio uses -------------------------------------------------------------------------------

bool isContext(const Object* o) noexcept
{
    return o && o->type() == contextType();
}

Ref<Object> captureContext(RunContext& run)
{
    VarsMap* vars = currentVars(run);
    return vars ? Ref<Object>(make<ContextObject>(Ref<VarsMap>(vars))) : Ref<Object>();
}

Object* contextIn(Ref<Object>& slot)
{
    if (!slot) slot = make<ContextObject>();
    return slot.get(); // what a Handle was given as context=, Context or not
}

void checkEnterable(const RunContext& run, Object* context)
{
    if (!isContext(context)) {
        getAttr(context, "run"); // CPython's Handle calls context.run: the AttributeError it raises
        raise(types().TypeError, "Loopscope runs callbacks only in a contextvars.Context, not in "
                                     + reprText(context));
    }
    if (isEntered(run, context))
        raise(types().RuntimeError, "cannot enter context: " + reprText(context) + " is already entered");
}

ContextScope::ContextScope(RunContext* run, Ref<Object>& slot)
    : m_run(run)
    , m_slot(slot)
{
    if (!run) return;
    if (slot) checkEnterable(*run, slot.get());
    m_task = steppingTask(*run);
    m_outer = run->innermostContextScope();
    run->setInnermostContextScope(this);
}

ContextScope::~ContextScope()
{
    if (m_run) m_run->setInnermostContextScope(m_outer);
}

Ref<Object> makeContextvarsModule(ModuleContext&)
{
    Ref<Object> m = newModule("contextvars");
    Object* mod = m.get();
    setModuleAttr(mod, "ContextVar", contextVarType());
    setModuleAttr(mod, "Token", tokenType());
    setModuleAttr(mod, "Context", contextType());
    addFunction(mod, "copy_context", contextvars_copy_context);
    setModuleAttr(mod, "__all__", newTuple({ newStr("Context").get(), newStr("ContextVar").get(), newStr("Token").get(),
                                             newStr("copy_context").get() }).get());
    return m;
}

} // namespace loopscope
