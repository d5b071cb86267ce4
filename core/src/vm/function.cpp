#include "vm/function.h"

#include "runtime/objects.h"
#include "vm/interpreter.h"

namespace loopscope {

CodeValue::CodeValue(std::shared_ptr<const CodeObject> c)
    : Object(types().code)
    , code(std::move(c))
{
}

CellObject::CellObject()
    : Object(types().cell)
{
}

FunctionObject::FunctionObject(std::shared_ptr<const CodeObject> c, Ref<DictObject> g, Ref<DictObject> b)
    : Object(types().function)
    , code(std::move(c))
    , globals(std::move(g))
    , builtins(std::move(b))
    , name(code->name)
    , qualname(code->qualname)
{
}

void FunctionObject::clearRefs()
{
    globals = nullptr;
    builtins = nullptr;
    defaults = nullptr;
    kwdefaults = nullptr;
    closure = nullptr;
    annotations = nullptr;
    module = nullptr;
    doc = nullptr;
    dict = nullptr;
}

namespace {

Ref<Object> orNone(const Ref<Object>& o) { return o ? o : Ref<Object>(None()); }

Ref<Object> functionCall(Object* callable, CallArgs args)
{
    Interpreter* interp = Interpreter::current();
    if (!interp) raise(types().RuntimeError, "a Python function was called outside of a run");
    return interp->callFunction(static_cast<FunctionObject*>(callable), args, true);
}

Ref<Object> functionRepr(Object* self)
{
    auto* f = static_cast<FunctionObject*>(self);
    return newStr("<function " + f->qualname + " at " + detail::addressText(self) + ">");
}

Ref<Object> functionGetAttr(Object* self, StrObject* nameObj)
{
    auto* f = static_cast<FunctionObject*>(self);
    std::string_view n = strView(nameObj);
    if (n == "__name__") return newStr(f->name);
    if (n == "__qualname__") return newStr(f->qualname);
    if (n == "__module__") return orNone(f->module);
    if (n == "__doc__") return orNone(f->doc);
    if (n == "__defaults__") return orNone(f->defaults);
    if (n == "__kwdefaults__") return orNone(f->kwdefaults);
    if (n == "__globals__") return Ref<Object>(f->globals);
    if (n == "__closure__") return orNone(f->closure);
    if (n == "__annotations__") {
        if (!f->annotations) f->annotations = newDict();
        return f->annotations;
    }
    if (n == "__code__") return Ref<Object>(new CodeValue(f->code));
    if (n == "__dict__") {
        if (!f->dict) f->dict = newDict();
        return Ref<Object>(f->dict);
    }
    if (f->dict)
        if (Object* v = dictGet(f->dict.get(), nameObj)) return Ref<Object>(v);
    return genericGetAttr(self, nameObj);
}

void functionSetAttr(Object* self, StrObject* nameObj, Object* value)
{
    auto* f = static_cast<FunctionObject*>(self);
    std::string_view n = strView(nameObj);
    if (n == "__name__" || n == "__qualname__") {
        if (!value || !isStr(value)) raise(types().TypeError, std::string(n) + " must be set to a string object");
        (n == "__name__" ? f->name : f->qualname) = std::string(strView(value));
        return;
    }
    if (n == "__module__") { f->module = Ref<Object>(value); return; }
    if (n == "__doc__") { f->doc = Ref<Object>(value); return; }
    if (n == "__defaults__") { f->defaults = value == None() ? nullptr : Ref<Object>(value); return; }
    if (n == "__kwdefaults__") { f->kwdefaults = value == None() ? nullptr : Ref<Object>(value); return; }
    if (n == "__annotations__") { f->annotations = value == None() ? nullptr : Ref<Object>(value); return; }
    if (!f->dict) f->dict = newDict();
    if (value)
        dictSet(f->dict.get(), nameObj, value);
    else if (!dictDel(f->dict.get(), nameObj))
        raise(types().AttributeError, "'function' object has no attribute '" + std::string(n) + "'");
}

Ref<Object> cellRepr(Object* self)
{
    auto* c = static_cast<CellObject*>(self);
    if (!c->contents) return newStr("<cell at " + detail::addressText(self) + ": empty>");
    return newStr("<cell at " + detail::addressText(self) + ": " + c->contents->type()->name() + " object at "
                  + detail::addressText(c->contents.get()) + ">");
}

Ref<Object> cellGetAttr(Object* self, StrObject* nameObj)
{
    auto* c = static_cast<CellObject*>(self);
    if (strView(nameObj) == "cell_contents") {
        if (!c->contents) raise(types().ValueError, "Cell is empty");
        return c->contents;
    }
    return genericGetAttr(self, nameObj);
}

Ref<Object> codeRepr(Object* self)
{
    auto* c = static_cast<CodeValue*>(self);
    return newStr("<code object " + c->code->name + " at " + detail::addressText(self) + ", file \""
                  + c->code->filename + "\", line " + std::to_string(c->code->firstlineno) + ">");
}

Ref<Object> codeGetAttr(Object* self, StrObject* nameObj)
{
    auto* c = static_cast<CodeValue*>(self)->code.get();
    std::string_view n = strView(nameObj);
    if (n == "co_name") return newStr(c->name);
    if (n == "co_qualname") return newStr(c->qualname);
    if (n == "co_filename") return newStr(c->filename);
    if (n == "co_firstlineno") return newInt(c->firstlineno);
    if (n == "co_argcount") return newInt(c->argcount);
    if (n == "co_flags") return newInt(c->flags);
    if (n == "co_varnames") {
        std::vector<Ref<Object>> v;
        for (const auto& s : c->varnames) v.push_back(newStr(s));
        return newTuple(std::move(v));
    }
    return genericGetAttr(self, nameObj);
}

} // namespace

void initFunctionTypes()
{
    static bool done = false;
    if (done) return;
    done = true;
    const BuiltinTypes& t = types();
    t.function->slots.call = &functionCall;
    t.function->slots.repr = &functionRepr;
    t.function->slots.getattr = &functionGetAttr;
    t.function->slots.setattr = &functionSetAttr;
    t.cell->slots.repr = &cellRepr;
    t.cell->slots.getattr = &cellGetAttr;
    t.code->slots.repr = &codeRepr;
    t.code->slots.getattr = &codeGetAttr;
}

} // namespace loopscope
