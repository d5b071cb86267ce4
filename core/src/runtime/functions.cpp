// Callables and descriptors: builtin functions, method descriptors, bound methods, property,
// classmethod, staticmethod, super, and modules.
#include "runtime/objects.h"

namespace loopscope {

using namespace detail;

namespace {

ExtraTypes& extra() { return const_cast<ExtraTypes&>(extraTypes()); }

// --- builtin_function_or_method ------------------------------------------------------------
Ref<Object> nativeCall(Object* callable, CallArgs args)
{
    auto* f = static_cast<NativeFunctionObject*>(callable);
    return f->fn(f->self.get(), args);
}

Ref<Object> nativeRepr(Object* o)
{
    auto* f = static_cast<NativeFunctionObject*>(o);
    if (!f->self || f->self->type() == types().module) return newStr("<built-in function " + f->name + ">");
    return newStr("<built-in method " + f->name + " of " + typeName(f->self.get()) + " object at " + addressText(f->self.get()) + ">");
}

Ref<Object> nativeName(Object* self, CallArgs) { return newStr(static_cast<NativeFunctionObject*>(self)->name); }
Ref<Object> nativeQualname(Object* self, CallArgs)
{
    auto* f = static_cast<NativeFunctionObject*>(self);
    return newStr(f->qualname.empty() ? f->name : f->qualname);
}
Ref<Object> nativeSelf(Object* self, CallArgs)
{
    auto* f = static_cast<NativeFunctionObject*>(self);
    return Ref<Object>(f->self ? f->self.get() : None());
}

// --- method descriptors ---------------------------------------------------------------------
Ref<Object> methodDescrCall(Object* callable, CallArgs args)
{
    auto* d = static_cast<MethodDescriptorObject*>(callable);
    if (d->kind == MethodDescriptorObject::Kind::Static) return d->fn(nullptr, args);
    if (args.nargs < 1)
        raise(types().TypeError, "unbound method " + d->owner->name() + "." + d->name + "() needs an argument");
    Object* self = args[0];
    if (d->kind == MethodDescriptorObject::Kind::ClassMethod) {
        if (!self->type()->isSubtypeOf(types().type) || !static_cast<TypeObject*>(self)->isSubtypeOf(d->owner))
            raise(types().TypeError, "descriptor '" + d->name + "' for type '" + d->owner->name() + "' needs a subtype of '" + d->owner->name() + "'");
    } else if (!isInstance(self, d->owner)) {
        raise(types().TypeError, "descriptor '" + d->name + "' for '" + d->owner->name() + "' objects doesn't apply to a '" + typeName(self) + "' object");
    }
    return d->fn(self, CallArgs { args.items + 1, args.nargs - 1, args.kwnames });
}

Ref<Object> methodDescrGet(Object* descr, Object* inst, TypeObject* owner)
{
    auto* d = static_cast<MethodDescriptorObject*>(descr);
    switch (d->kind) {
    case MethodDescriptorObject::Kind::Method:
        if (!inst) return Ref<Object>(descr);
        return newNativeFunction(d->name, d->fn, inst, d->owner->name() + "." + d->name);
    case MethodDescriptorObject::Kind::ClassMethod: {
        TypeObject* cls = owner ? owner : inst->type();
        return newNativeFunction(d->name, d->fn, cls, d->owner->name() + "." + d->name);
    }
    case MethodDescriptorObject::Kind::Static:
        return newNativeFunction(d->name, d->fn, nullptr, d->owner->name() + "." + d->name);
    }
    return Ref<Object>(descr);
}

Ref<Object> methodDescrRepr(Object* o)
{
    auto* d = static_cast<MethodDescriptorObject*>(o);
    return newStr("<method '" + d->name + "' of '" + d->owner->name() + "' objects>");
}

// --- bound methods --------------------------------------------------------------------------
Ref<Object> methodCall(Object* callable, CallArgs args)
{
    auto* m = static_cast<MethodObject*>(callable);
    return callPrepend(m->func.get(), m->self.get(), args);
}

Ref<Object> methodRepr(Object* o)
{
    auto* m = static_cast<MethodObject*>(o);
    std::string name;
    if (Ref<Object> q = getAttrOrNull(m->func.get(), names().qualname); q && isStr(q.get()))
        name = std::string(strView(q.get()));
    else if (Ref<Object> n = getAttrOrNull(m->func.get(), names().name); n && isStr(n.get()))
        name = std::string(strView(n.get()));
    else
        name = "?";
    if (m->func->type() == extraTypes().slotWrapper) {
        auto* w = static_cast<SlotWrapperObject*>(m->func.get());
        return newStr("<method-wrapper '" + w->name + "' of " + typeName(m->self.get()) + " object at " + addressText(m->self.get()) + ">");
    }
    return newStr("<bound method " + name + " of " + reprText(m->self.get()) + ">");
}

Ref<Object> methodGetAttr(Object* self, StrObject* name)
{
    auto* m = static_cast<MethodObject*>(self);
    std::string_view n = name->view();
    if (n == "__func__") return m->func;
    if (n == "__self__") return m->self;
    if (Ref<Object> r = genericGetAttr(self, name)) return r;
    return getAttrOrNull(m->func.get(), name);
}

Ref<Object> methodRichCompare(Object* a, Object* b, CompareOp op)
{
    if ((op != CompareOp::Eq && op != CompareOp::Ne) || b->type() != types().method) return Ref<Object>(NotImplemented());
    auto* x = static_cast<MethodObject*>(a);
    auto* y = static_cast<MethodObject*>(b);
    bool eq = x->self == y->self && equals(x->func.get(), y->func.get());
    return Ref<Object>(boolObject(op == CompareOp::Eq ? eq : !eq));
}

int64_t methodHash(Object* o)
{
    auto* m = static_cast<MethodObject*>(o);
    return hash(m->func.get()) ^ static_cast<int64_t>(objectIdOf(m->self.get()));
}

// --- property ---------------------------------------------------------------------------------
PropertyObject* asProp(Object* o) { return static_cast<PropertyObject*>(o); }

Ref<Object> propertyNew(TypeObject* type, CallArgs)
{
    if (type == types().property) return Ref<Object>(new PropertyObject(type));
    return Ref<Object>(new WithDict<PropertyObject>(type));
}

void propertyInit(Object* self, CallArgs args)
{
    Object* out[4];
    parseArgs("property", args, { "fget=", "fset=", "fdel=", "doc=" }, out);
    PropertyObject* p = asProp(self);
    auto take = [](Object* o) { return o && o != None() ? Ref<Object>(o) : Ref<Object>(); };
    p->fget = take(out[0]);
    p->fset = take(out[1]);
    p->fdel = take(out[2]);
    p->doc = take(out[3]);
    if (!p->doc && p->fget)
        if (Ref<Object> d = getAttrOrNull(p->fget.get(), names().doc); d && d.get() != None()) p->doc = d;
}

std::string propertyName(PropertyObject* p)
{
    if (!p->name.empty()) return p->name;
    if (p->fget)
        if (Ref<Object> n = getAttrOrNull(p->fget.get(), names().name); n && isStr(n.get())) return std::string(strView(n.get()));
    return "?";
}

Ref<Object> propertyGet(Object* descr, Object* inst, TypeObject*)
{
    PropertyObject* p = asProp(descr);
    if (!inst) return Ref<Object>(descr);
    if (p->nativeGet) return p->nativeGet(inst, CallArgs {});
    if (!p->fget)
        raise(types().AttributeError, "property '" + propertyName(p) + "' of '" + typeName(inst) + "' object has no getter");
    return call(p->fget.get(), { inst });
}

void propertySet(Object* descr, Object* inst, Object* value)
{
    PropertyObject* p = asProp(descr);
    if (p->ownerType) {
        if (!p->nativeSet)
            raise(types().AttributeError, "attribute '" + p->name + "' of '" + typeName(inst) + "' objects is not writable");
        Object* a[1] = { value };
        p->nativeSet(inst, CallArgs { a, value ? 1u : 0u, nullptr });
        return;
    }
    if (value) {
        if (!p->fset)
            raise(types().AttributeError, "property '" + propertyName(p) + "' of '" + typeName(inst) + "' object has no setter");
        call(p->fset.get(), { inst, value });
    } else {
        if (!p->fdel)
            raise(types().AttributeError, "property '" + propertyName(p) + "' of '" + typeName(inst) + "' object has no deleter");
        call(p->fdel.get(), { inst });
    }
}

Ref<Object> propertyCopy(Object* self, int which, Object* f)
{
    PropertyObject* p = asProp(self);
    Ref<Object> n = call(self->type(), { p->fget ? p->fget.get() : None(), p->fset ? p->fset.get() : None(),
                                          p->fdel ? p->fdel.get() : None(), p->doc ? p->doc.get() : None() });
    PropertyObject* q = asProp(n.get());
    Ref<Object> v(f == None() ? nullptr : f);
    if (which == 0) q->fget = v;
    if (which == 1) q->fset = v;
    if (which == 2) q->fdel = v;
    q->name = p->name;
    return n;
}
Ref<Object> propertyGetter(Object* self, CallArgs a)
{
    checkArgCount("getter", a, 1, 1);
    return propertyCopy(self, 0, a[0]);
}
Ref<Object> propertySetter(Object* self, CallArgs a)
{
    checkArgCount("setter", a, 1, 1);
    return propertyCopy(self, 1, a[0]);
}
Ref<Object> propertyDeleter(Object* self, CallArgs a)
{
    checkArgCount("deleter", a, 1, 1);
    return propertyCopy(self, 2, a[0]);
}
Ref<Object> propertySetName(Object* self, CallArgs a)
{
    checkArgCount("__set_name__", a, 2, 2);
    if (isStr(a[1])) asProp(self)->name = std::string(strView(a[1]));
    return Ref<Object>(None());
}
Ref<Object> propertyFget(Object* self, CallArgs)
{
    auto& f = asProp(self)->fget;
    return Ref<Object>(f ? f.get() : None());
}
Ref<Object> propertyFset(Object* self, CallArgs)
{
    auto& f = asProp(self)->fset;
    return Ref<Object>(f ? f.get() : None());
}
Ref<Object> propertyFdel(Object* self, CallArgs)
{
    auto& f = asProp(self)->fdel;
    return Ref<Object>(f ? f.get() : None());
}
Ref<Object> propertyDoc(Object* self, CallArgs)
{
    auto& f = asProp(self)->doc;
    return Ref<Object>(f ? f.get() : None());
}

Ref<Object> getsetRepr(Object* o)
{
    return newStr("<attribute '" + asProp(o)->name + "' of '" + asProp(o)->ownerType->name() + "' objects>");
}

// --- classmethod / staticmethod -------------------------------------------------------------
Ref<Object> wrapperNew(TypeObject* type, CallArgs args)
{
    const char* what = type->isSubtypeOf(types().classmethod) ? "classmethod" : "staticmethod";
    checkArgCount(what, args, 1, 1);
    bool exact = type == types().classmethod || type == types().staticmethod;
    if (exact) return Ref<Object>(new WrapperObject(type, Ref<Object>(args[0])));
    auto* w = new WithDict<WrapperObject>(type, Ref<Object>(args[0]));
    return Ref<Object>(w);
}
void wrapperInit(Object*, CallArgs) { }

Ref<Object> classmethodGet(Object* descr, Object* inst, TypeObject* owner)
{
    auto* w = static_cast<WrapperObject*>(descr);
    TypeObject* cls = owner ? owner : inst->type();
    return newBoundMethod(w->func.get(), cls);
}
Ref<Object> staticmethodGet(Object* descr, Object*, TypeObject*) { return static_cast<WrapperObject*>(descr)->func; }
Ref<Object> staticmethodCall(Object* callable, CallArgs args) { return call(static_cast<WrapperObject*>(callable)->func.get(), args); }
Ref<Object> wrapperFunc(Object* self, CallArgs) { return static_cast<WrapperObject*>(self)->func; }
Ref<Object> classmethodRepr(Object* o)
{
    return newStr("<classmethod(" + reprText(static_cast<WrapperObject*>(o)->func.get()) + ")>");
}
Ref<Object> staticmethodRepr(Object* o)
{
    return newStr("<staticmethod(" + reprText(static_cast<WrapperObject*>(o)->func.get()) + ")>");
}
Ref<Object> wrapperGetAttr(Object* self, StrObject* name)
{
    if (Ref<Object> r = genericGetAttr(self, name)) return r;
    // __name__, __doc__, __qualname__ come from the wrapped function (functools.wraps-like, 3.10+).
    std::string_view n = name->view();
    if (n == "__name__" || n == "__qualname__" || n == "__doc__" || n == "__wrapped__")
        return getAttrOrNull(static_cast<WrapperObject*>(self)->func.get(), n == "__wrapped__" ? internStr("__func__") : name);
    return {};
}

// --- super ------------------------------------------------------------------------------------
Ref<Object> superNew(TypeObject* type, CallArgs) { return Ref<Object>(new SuperObject(type)); }

void superInit(Object* self, CallArgs args)
{
    checkArgCount("super", args, 0, 2);
    if (args.nargs == 0) raise(types().RuntimeError, "super(): no arguments");
    auto* s = static_cast<SuperObject*>(self);
    Object* t = args[0];
    if (!t->type()->isSubtypeOf(types().type))
        raise(types().TypeError, "super() argument 1 must be a type, not " + typeName(t));
    s->thisType = Ref<TypeObject>(static_cast<TypeObject*>(t));
    if (args.nargs == 2 && args[1] != None()) {
        Object* obj = args[1];
        s->obj = Ref<Object>(obj);
        if (obj->type()->isSubtypeOf(types().type) && static_cast<TypeObject*>(obj)->isSubtypeOf(s->thisType.get()))
            s->objType = Ref<TypeObject>(static_cast<TypeObject*>(obj));
        else if (obj->type()->isSubtypeOf(s->thisType.get()))
            s->objType = Ref<TypeObject>(obj->type());
        else
            raise(types().TypeError, "super(type, obj): obj must be an instance or subtype of type");
    }
}

Ref<Object> superGetAttr(Object* self, StrObject* name)
{
    auto* s = static_cast<SuperObject*>(self);
    if (s->objType && name != names().class_) {
        const auto& mro = s->objType->mro();
        size_t i = 0;
        while (i < mro.size() && mro[i] != s->thisType.get()) ++i;
        for (++i; i < mro.size(); ++i) {
            Object* v = mro[i]->dict()->get(name);
            if (!v) continue;
            Ref<Object> keep(v);
            if (auto get = v->type()->slots.descrGet) {
                Object* inst = s->obj.get() == s->objType.get() ? nullptr : s->obj.get();
                return get(v, inst, s->objType.get());
            }
            return keep;
        }
    }
    return genericGetAttr(self, name);
}

Ref<Object> superRepr(Object* o)
{
    auto* s = static_cast<SuperObject*>(o);
    std::string t = s->thisType ? s->thisType->name() : "NULL";
    if (s->objType) return newStr("<super: <class '" + t + "'>, <" + s->objType->name() + " object>>");
    return newStr("<super: <class '" + t + "'>, NULL>");
}

// --- modules ------------------------------------------------------------------------------------
Ref<Object> moduleRepr(Object* o)
{
    auto* m = static_cast<ModuleObject*>(o);
    return newStr("<module '" + m->name + "'>");
}

Ref<Object> moduleGetAttr(Object* self, StrObject* name)
{
    auto* m = static_cast<ModuleObject*>(self);
    if (name == names().dict) return Ref<Object>(m->dict.get());
    if (Object* v = m->dict->get(name)) return Ref<Object>(v);
    return genericGetAttr(self, name);
}

void moduleSetAttr(Object* self, StrObject* name, Object* value)
{
    auto* m = static_cast<ModuleObject*>(self);
    if (value) {
        m->dict->set(name, Ref<Object>(value));
    } else if (!m->dict->remove(name, name->hash())) {
        raise(types().AttributeError, "module '" + m->name + "' has no attribute '" + std::string(name->view()) + "'");
    }
}

Ref<Object> moduleNew(TypeObject* type, CallArgs args)
{
    checkArgCount("module", args, 1, 2);
    if (!isStr(args[0])) raise(types().TypeError, "module.__init__() argument 'name' must be str, not " + typeName(args[0]));
    return newModule(strView(args[0]));
}

// The VM's function type binds like a method until the VM installs its own slots.
Ref<Object> functionGet(Object* descr, Object* inst, TypeObject*)
{
    if (!inst) return Ref<Object>(descr);
    return newBoundMethod(descr, inst);
}

} // namespace

int64_t detail::objectIdOf(Object* o) { return objectId(o); }

ModuleObject::ModuleObject(TypeObject* type, std::string n)
    : Object(type)
    , name(std::move(n))
    , dict(newDict())
{
    dict->set(names().name, newStr(name));
    dict->set(names().doc, Ref<Object>(None()));
}

Ref<Object> newNativeFunction(std::string_view name, NativeFn fn, Object* self, std::string_view qualname)
{
    return Ref<Object>(new NativeFunctionObject(types().builtinFunction, std::string(name), std::string(qualname), fn, Ref<Object>(self)));
}

Ref<Object> newBoundMethod(Object* func, Object* self)
{
    return Ref<Object>(new MethodObject(types().method, Ref<Object>(func), Ref<Object>(self)));
}

namespace {
void addDescriptor(TypeObject* type, std::string_view name, NativeFn fn, MethodDescriptorObject::Kind kind)
{
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    TypeObject* dt = kind == MethodDescriptorObject::Kind::ClassMethod ? extraTypes().classMethodDescriptor : extraTypes().methodDescriptor;
    auto* d = new MethodDescriptorObject(dt, std::string(name), fn, type, kind);
    d->makeImmortal();
    // A type under construction may override a method it added itself (datetime re-adds date's
    // class methods); nothing can hold the replaced immortal descriptor yet, so free it.
    Object* replaced = dictGet(type->dict(), internStr(name));
    auto* old = dynamic_cast<MethodDescriptorObject*>(replaced);
    type->dict()->set(internStr(name), Ref<Object>(d));
    if (old && old->isImmortal() && old != d) delete old;
}
} // namespace

void addMethod(TypeObject* type, std::string_view name, NativeFn fn)
{
    addDescriptor(type, name, fn, MethodDescriptorObject::Kind::Method);
}
void addClassMethod(TypeObject* type, std::string_view name, NativeFn fn)
{
    addDescriptor(type, name, fn, MethodDescriptorObject::Kind::ClassMethod);
}
void addStaticMethod(TypeObject* type, std::string_view name, NativeFn fn)
{
    addDescriptor(type, name, fn, MethodDescriptorObject::Kind::Static);
}

void addProperty(TypeObject* type, std::string_view name, NativeFn getter, NativeFn setter)
{
    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    auto* p = new PropertyObject(extraTypes().getSetDescriptor);
    p->nativeGet = getter;
    p->nativeSet = setter;
    p->name = std::string(name);
    p->ownerType = type;
    p->makeImmortal();
    type->dict()->set(internStr(name), Ref<Object>(p));
}

Ref<Object> newModule(std::string_view name)
{
    return Ref<Object>(new ModuleObject(types().module, std::string(name)));
}

DictObject* moduleDict(Object* module) { return static_cast<ModuleObject*>(module)->dict.get(); }

void detail::initFunctions(BuiltinTypes& t)
{
    ExtraTypes& x = extra();
    t.builtinFunction = newStaticType("builtin_function_or_method", t.object, 0);
    t.builtinFunction->slots.call = &nativeCall;
    t.builtinFunction->slots.repr = &nativeRepr;

    x.methodDescriptor = newStaticType("method_descriptor", t.object, 0);
    x.methodDescriptor->slots.call = &methodDescrCall;
    x.methodDescriptor->slots.descrGet = &methodDescrGet;
    x.methodDescriptor->slots.repr = &methodDescrRepr;
    x.classMethodDescriptor = newStaticType("classmethod_descriptor", t.object, 0);
    x.classMethodDescriptor->slots = x.methodDescriptor->slots;
    x.slotWrapper = newStaticType("wrapper_descriptor", t.object, 0);
    setupSlotWrapperType(x.slotWrapper);
    x.getSetDescriptor = newStaticType("getset_descriptor", t.object, 0);
    x.getSetDescriptor->slots.descrGet = &propertyGet;
    x.getSetDescriptor->slots.descrSet = &propertySet;
    x.getSetDescriptor->slots.repr = &getsetRepr;
    x.mappingProxy = newStaticType("mappingproxy", t.object, 0);

    addProperty(t.builtinFunction, "__name__", &nativeName);
    addProperty(t.builtinFunction, "__qualname__", &nativeQualname);
    addProperty(t.builtinFunction, "__self__", &nativeSelf);

    t.method = newStaticType("method", t.object, 0);
    t.method->slots.call = &methodCall;
    t.method->slots.repr = &methodRepr;
    t.method->slots.getattr = &methodGetAttr;
    t.method->slots.richcompare = &methodRichCompare;
    t.method->slots.hash = &methodHash;

    t.property = newStaticType("property", t.object);
    t.property->slots.newObject = &propertyNew;
    t.property->slots.init = &propertyInit;
    t.property->slots.descrGet = &propertyGet;
    t.property->slots.descrSet = &propertySet;
    t.property->subclassDict = &WithDict<PropertyObject>::dictPtr;
    addMethod(t.property, "getter", &propertyGetter);
    addMethod(t.property, "setter", &propertySetter);
    addMethod(t.property, "deleter", &propertyDeleter);
    addMethod(t.property, "__set_name__", &propertySetName);
    addProperty(t.property, "fget", &propertyFget);
    addProperty(t.property, "fset", &propertyFset);
    addProperty(t.property, "fdel", &propertyFdel);
    addProperty(t.property, "__doc__", &propertyDoc);

    // classmethod and staticmethod share the wrapper layout; they differ in how they bind.
    auto wrapperType = [&](const char* name, slot::DescrGet bind, slot::Repr repr) {
        TypeObject* w = newStaticType(name, t.object);
        w->slots.newObject = &wrapperNew;
        w->slots.init = &wrapperInit;
        w->slots.descrGet = bind;
        w->slots.repr = repr;
        w->slots.getattr = &wrapperGetAttr;
        w->subclassDict = &WithDict<WrapperObject>::dictPtr;
        addProperty(w, "__func__", &wrapperFunc);
        return w;
    };
    t.classmethod = wrapperType("classmethod", &classmethodGet, &classmethodRepr);
    t.staticmethod = wrapperType("staticmethod", &staticmethodGet, &staticmethodRepr);
    t.staticmethod->slots.call = &staticmethodCall;

    t.super = newStaticType("super", t.object);
    t.super->slots.newObject = &superNew;
    t.super->slots.init = &superInit;
    t.super->slots.getattr = &superGetAttr;
    t.super->slots.repr = &superRepr;

    t.module = newStaticType("module", t.object);
    t.module->slots.repr = &moduleRepr;
    t.module->slots.getattr = &moduleGetAttr;
    t.module->slots.setattr = &moduleSetAttr;
    t.module->slots.newObject = &moduleNew;

    // Filled by the VM at its initialisation (function, cell, code, generators, coroutines).
    t.function = newStaticType("function", t.object, 0);
    t.function->slots.descrGet = &functionGet;
    t.cell = newStaticType("cell", t.object, 0);
    t.code = newStaticType("code", t.object, 0);
    t.generator = newStaticType("generator", t.object, 0);
    t.coroutine = newStaticType("coroutine", t.object, 0);
    t.asyncGenerator = newStaticType("async_generator", t.object, 0);
    t.nativeCoroutine = newStaticType("coroutine", t.object, 0);
}

void detail::finalizeFunctions(BuiltinTypes& t)
{
    const ExtraTypes& x = extraTypes();
    for (TypeObject* ty : { t.builtinFunction, x.methodDescriptor, x.classMethodDescriptor, x.slotWrapper,
             x.getSetDescriptor, x.mappingProxy, t.method, t.property, t.classmethod, t.staticmethod, t.super,
             t.module, t.function, t.cell, t.code, t.generator, t.coroutine, t.asyncGenerator, t.nativeCoroutine })
        ty->finalize();
}

} // namespace loopscope
