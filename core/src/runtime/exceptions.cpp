// The exception hierarchy of Python 3.11: args, str/repr, __cause__/__context__/__traceback__,
// StopIteration.value, SystemExit.code, SyntaxError's location fields, add_note.
#include "runtime/objects.h"

namespace loopscope {

using namespace detail;

namespace {

ExceptionObject* E(Object* o) { return asException(o); }

Ref<DictObject>* exceptionDictPtr(Object* o) { return &E(o)->dict; }

Ref<Object> excNew(TypeObject* type, CallArgs args)
{
    auto* e = new ExceptionObject(type);
    Ref<Object> r(e);
    std::vector<Ref<Object>> items(args.items, args.items + args.nargs);
    e->args = newTuple(std::move(items));
    return r;
}

bool acceptsKeywords(TypeObject* t)
{
    // ImportError takes name= and path=; heap subclasses may define their own __init__.
    return t->isSubtypeOf(types().ImportError);
}

void excInit(Object* self, CallArgs args)
{
    ExceptionObject* e = E(self);
    if (args.kwnames && !args.kwnames->items.empty()) {
        if (!acceptsKeywords(self->type()) || self->type()->slots.init != &excInit)
            if (!acceptsKeywords(self->type())) raise(types().TypeError, self->type()->name() + "() takes no keyword arguments");
        for (size_t i = 0; i < args.kwnames->items.size(); ++i)
            genericSetAttr(self, asStr(args.kwnames->items[i].get()), args.items[args.nargs + i]);
    }
    std::vector<Ref<Object>> items(args.items, args.items + args.nargs);
    e->args = newTuple(std::move(items));
    TypeObject* t = self->type();
    if (t->isSubtypeOf(types().StopIteration) || t->isSubtypeOf(types().SystemExit)) {
        if (args.nargs == 0)
            e->value = Ref<Object>(None());
        else if (args.nargs == 1 || t->isSubtypeOf(types().StopIteration))
            e->value = Ref<Object>(args[0]);
        else
            e->value = e->args;
    }
    if (t->isSubtypeOf(types().OSError)) {
        // oserror_init: (errno, strerror[, filename[, winerror[, filename2]]]); a filename leaves args (errno, strerror).
        Object* none = None();
        Object *err = none, *strerror = none, *filename = none, *filename2 = none;
        if (args.nargs >= 2 && args.nargs <= 5) {
            err = args[0];
            strerror = args[1];
            if (args.nargs >= 3) filename = args[2];
            if (args.nargs == 5) filename2 = args[4];
            if (filename != none) e->args = newTuple({ args[0], args[1] });
        }
        e->value = newTuple({ err, strerror, filename, filename2 });
    }
    if (t->isSubtypeOf(types().SyntaxError)) {
        DictObject* d = instanceDict(self);
        Object* none = None();
        Object* msg = args.nargs >= 1 ? args[0] : none;
        dictSet(d, "msg", msg);
        Object *filename = none, *lineno = none, *offset = none, *text = none, *endLineno = none, *endOffset = none;
        if (args.nargs == 2 && isTuple(args[1])) {
            auto info = tupleItems(args[1]);
            if (info.size() < 4 || info.size() > 6) raise(types().IndexError, "tuple index out of range");
            filename = info[0].get();
            lineno = info[1].get();
            offset = info[2].get();
            text = info[3].get();
            if (info.size() > 4) endLineno = info[4].get();
            if (info.size() > 5) endOffset = info[5].get();
        }
        dictSet(d, "filename", filename);
        dictSet(d, "lineno", lineno);
        dictSet(d, "offset", offset);
        dictSet(d, "text", text);
        dictSet(d, "end_lineno", endLineno);
        dictSet(d, "end_offset", endOffset);
        dictSet(d, "print_file_and_line", none);
    }
}

Ref<Object> excStr(Object* self)
{
    ExceptionObject* e = E(self);
    const auto& a = e->args->items;
    TypeObject* t = self->type();
    if (t->isSubtypeOf(types().KeyError) && a.size() == 1) return repr(a[0].get());
    if (t->isSubtypeOf(types().SyntaxError)) {
        DictObject* d = instanceDict(self);
        Object* msg = dictGet(d, "msg");
        Object* filename = dictGet(d, "filename");
        Object* lineno = dictGet(d, "lineno");
        std::string m = msg && msg != None() ? strText(msg) : (a.empty() ? "" : strText(a[0].get()));
        bool haveFile = filename && isStr(filename);
        bool haveLine = lineno && isInt(lineno);
        std::string base;
        if (haveFile) {
            std::string f(strView(filename));
            size_t slash = f.rfind('/');
            base = slash == std::string::npos ? f : f.substr(slash + 1);
        }
        if (haveFile && haveLine) return newStr(m + " (" + base + ", line " + std::to_string(intValue(lineno)) + ")");
        if (haveFile) return newStr(m + " (" + base + ")");
        if (haveLine) return newStr(m + " (line " + std::to_string(intValue(lineno)) + ")");
        return newStr(m);
    }
    if (t->isSubtypeOf(types().OSError) && e->value && isTuple(e->value.get())) {
        const auto& f = tupleItems(e->value.get());
        Object* none = None();
        if (f[2].get() != none) {
            std::string s = "[Errno " + strText(f[0].get()) + "] " + strText(f[1].get()) + ": " + reprText(f[2].get());
            if (f[3].get() != none) s += " -> " + reprText(f[3].get());
            return newStr(s);
        }
        if (f[0].get() != none && f[1].get() != none) return newStr("[Errno " + strText(f[0].get()) + "] " + strText(f[1].get()));
    }
    if (t->isSubtypeOf(types().BaseExceptionGroup) && a.size() == 2) {
        int64_t n = isList(a[1].get()) || isTuple(a[1].get()) ? length(a[1].get()) : 0;
        return newStr(strText(a[0].get()) + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? "" : "s") + ")");
    }
    if (a.empty()) return newStr("");
    if (a.size() == 1) return str(a[0].get());
    return str(e->args.get());
}

Ref<Object> excRepr(Object* self)
{
    ExceptionObject* e = E(self);
    const auto& a = e->args->items;
    std::string name = self->type()->name();
    if (a.size() == 1) return newStr(name + "(" + reprText(a[0].get()) + ")");
    return newStr(name + reprText(e->args.get()));
}

Ref<Object> none() { return Ref<Object>(None()); }
Ref<Object> orNone(const Ref<Object>& r) { return r ? r : none(); }

Ref<Object> getArgs(Object* self, CallArgs) { return E(self)->args; }
Ref<Object> setArgs(Object* self, CallArgs a)
{
    if (a.nargs == 0) raise(types().TypeError, "args may not be deleted");
    E(self)->args = newTuple(toVector(a[0]));
    return none();
}
Ref<Object> getCause(Object* self, CallArgs) { return orNone(E(self)->cause); }
Ref<Object> setCauseAttr(Object* self, CallArgs a)
{
    if (a.nargs == 0) raise(types().TypeError, "__cause__ may not be deleted");
    if (a[0] != None() && !isExceptionInstance(a[0]))
        raise(types().TypeError, "exception cause must be None or derive from BaseException");
    setExceptionCause(self, a[0] == None() ? nullptr : a[0]);
    return none();
}
Ref<Object> getContext(Object* self, CallArgs) { return orNone(E(self)->context); }
Ref<Object> setContextAttr(Object* self, CallArgs a)
{
    if (a.nargs == 0) raise(types().TypeError, "__context__ may not be deleted");
    if (a[0] != None() && !isExceptionInstance(a[0]))
        raise(types().TypeError, "exception context must be None or derive from BaseException");
    E(self)->context = a[0] == None() ? Ref<Object>() : Ref<Object>(a[0]);
    return none();
}
Ref<Object> getSuppress(Object* self, CallArgs) { return Ref<Object>(boolObject(E(self)->suppressContext)); }
Ref<Object> setSuppress(Object* self, CallArgs a)
{
    if (a.nargs == 0) raise(types().TypeError, "__suppress_context__ may not be deleted");
    E(self)->suppressContext = isTrue(a[0]);
    return none();
}
Ref<Object> getTraceback(Object* self, CallArgs) { return orNone(E(self)->traceback); }
Ref<Object> setTracebackAttr(Object* self, CallArgs a)
{
    if (a.nargs == 0) raise(types().TypeError, "__traceback__ may not be deleted");
    E(self)->traceback = a[0] == None() ? Ref<Object>() : Ref<Object>(a[0]);
    return none();
}
Ref<Object> withTraceback(Object* self, CallArgs a)
{
    checkArgCount("with_traceback", a, 1, 1);
    E(self)->traceback = a[0] == None() ? Ref<Object>() : Ref<Object>(a[0]);
    return Ref<Object>(self);
}
Ref<Object> addNote(Object* self, CallArgs a)
{
    checkArgCount("add_note", a, 1, 1);
    if (!isStr(a[0])) raise(types().TypeError, "note must be a str, not '" + typeName(a[0]) + "'");
    DictObject* d = instanceDict(self);
    Object* notes = d->get(names().notes);
    if (!notes) {
        d->set(names().notes, newList());
        notes = d->get(names().notes);
    }
    if (!isList(notes)) raise(types().TypeError, "Cannot add note: __notes__ is not a list");
    listItems(notes).emplace_back(a[0]);
    return none();
}
Ref<Object> getValue(Object* self, CallArgs) { return orNone(E(self)->value); }
Ref<Object> setValue(Object* self, CallArgs a)
{
    E(self)->value = a.nargs ? Ref<Object>(a[0]) : Ref<Object>();
    return none();
}
// OSError's errno, strerror, filename and filename2: fields of the tuple oserror_init leaves in `value`.
template <size_t Field>
Ref<Object> getOsField(Object* self, CallArgs)
{
    Object* v = E(self)->value.get();
    return v && isTuple(v) ? tupleItems(v)[Field] : none();
}
template <size_t Field>
Ref<Object> setOsField(Object* self, CallArgs a)
{
    ExceptionObject* e = E(self);
    std::vector<Ref<Object>> f(4, none());
    if (e->value && isTuple(e->value.get())) f = toVector(e->value.get());
    f[Field] = a.nargs ? Ref<Object>(a[0]) : none();
    e->value = newTuple(std::move(f));
    return none();
}

// CPython's errnomap (Linux errno values): OSError(errno, strerror) builds the matching subclass.
const char* osErrorSubclassName(int64_t err)
{
    switch (err) {
    case 1: case 13: return "PermissionError"; // EPERM, EACCES
    case 2: return "FileNotFoundError";
    case 3: return "ProcessLookupError";
    case 4: return "InterruptedError";
    case 10: return "ChildProcessError";
    case 11: case 114: case 115: return "BlockingIOError"; // EAGAIN, EALREADY, EINPROGRESS
    case 17: return "FileExistsError";
    case 20: return "NotADirectoryError";
    case 21: return "IsADirectoryError";
    case 32: case 108: return "BrokenPipeError"; // EPIPE, ESHUTDOWN
    case 103: return "ConnectionAbortedError";
    case 104: return "ConnectionResetError";
    case 110: return "TimeoutError";
    case 111: return "ConnectionRefusedError";
    default: return nullptr;
    }
}

Ref<Object> osErrorNew(TypeObject* type, CallArgs args)
{
    TypeObject* t = type;
    int64_t err = 0;
    if (type == types().OSError && args.nargs >= 2 && args.nargs <= 5 && isInt(args[0]) && intFits(args[0], err))
        if (const char* name = osErrorSubclassName(err)) {
            if (std::string_view(name) == "TimeoutError") t = types().TimeoutError;
            for (TypeObject* x : extraTypes().moreExceptions)
                if (x->name() == name) t = x;
        }
    return excNew(t, args);
}

Ref<Object> groupMessage(Object* self, CallArgs)
{
    auto& a = E(self)->args->items;
    return a.empty() ? none() : a[0];
}
Ref<Object> groupExceptions(Object* self, CallArgs)
{
    auto& a = E(self)->args->items;
    if (a.size() < 2) return Ref<Object>(newTuple(std::vector<Ref<Object>> {}));
    return Ref<Object>(newTuple(toVector(a[1].get())));
}

// split()/subgroup() condition: an exception type, a tuple of types, or a predicate.
bool groupConditionMatches(Object* cond, Object* exc)
{
    if (isExceptionType(cond)) return isInstance(exc, cond);
    if (isTuple(cond)) {
        for (const Ref<Object>& t : tupleItems(cond))
            if (!isExceptionType(t.get())) raise(types().TypeError, "expected a function, exception type or tuple of exception types");
        return isInstance(exc, cond);
    }
    if (isCallable(cond) && !isExceptionType(cond)) return isTrue(call(cond, { exc }).get());
    raise(types().TypeError, "expected a function, exception type or tuple of exception types");
}

// self.derive(excs) with traceback, cause, context and notes copied, as CPython's split does.
Ref<Object> groupDeriveAndCopy(Object* eg, std::vector<Ref<Object>> excs)
{
    Ref<Object> list = newList(std::move(excs));
    Ref<Object> g = callMethod(eg, "derive", { list.get() });
    if (!isExceptionInstance(g.get()) || !isInstance(g.get(), types().BaseExceptionGroup))
        raise(types().TypeError, "derive must return an instance of BaseExceptionGroup");
    ExceptionObject* from = E(eg);
    ExceptionObject* to = E(g.get());
    to->traceback = from->traceback;
    to->cause = from->cause;
    to->context = from->context;
    if (from->dict)
        if (Object* notes = from->dict->get(names().notes)) instanceDict(g.get())->set(names().notes, Ref<Object>(notes));
    return g;
}

// CPython's exceptiongroup_split_recursive: leaves are tested, groups rebuilt through derive().
void groupSplitRecursive(Object* exc, Object* cond, bool wantRest, Ref<Object>& match, Ref<Object>& rest)
{
    if (groupConditionMatches(cond, exc)) {
        match = Ref<Object>(exc);
        return;
    }
    if (!isInstance(exc, types().BaseExceptionGroup)) {
        if (wantRest) rest = Ref<Object>(exc);
        return;
    }
    std::vector<Ref<Object>> matches, rests;
    Ref<Object> children = getAttr(exc, "exceptions");
    for (const Ref<Object>& c : toVector(children.get())) {
        Ref<Object> m, r;
        groupSplitRecursive(c.get(), cond, wantRest, m, r);
        if (m) matches.push_back(std::move(m));
        if (r) rests.push_back(std::move(r));
    }
    if (!matches.empty()) match = groupDeriveAndCopy(exc, std::move(matches));
    if (wantRest && !rests.empty()) rest = groupDeriveAndCopy(exc, std::move(rests));
}

Ref<Object> groupSplit(Object* self, CallArgs a)
{
    checkArgCount("split", a, 1, 1);
    Ref<Object> m, r;
    groupSplitRecursive(self, a[0], true, m, r);
    return Ref<Object>(newTuple({ m ? m.get() : None(), r ? r.get() : None() }));
}

Ref<Object> groupSubgroup(Object* self, CallArgs a)
{
    checkArgCount("subgroup", a, 1, 1);
    Ref<Object> m, r;
    groupSplitRecursive(self, a[0], false, m, r);
    return m ? m : none();
}

Ref<Object> groupDerive(Object* self, CallArgs a)
{
    checkArgCount("derive", a, 1, 1);
    Ref<Object> msg = groupMessage(self, {});
    return call(types().BaseExceptionGroup, { msg.get(), a[0] });
}

Ref<Object> groupNew(TypeObject* type, CallArgs args)
{
    checkArgCount(type->name(), args, 2, 2);
    if (!isStr(args[0])) raise(types().TypeError, "argument 1 must be str, not " + typeName(args[0]));
    std::vector<Ref<Object>> excs = toVector(args[1]);
    if (excs.empty()) raise(types().ValueError, "second argument (exceptions) must be a non-empty sequence");
    bool allExceptions = true;
    for (auto& x : excs) {
        if (!isExceptionInstance(x.get()))
            raise(types().ValueError, "Item " + std::to_string(&x - excs.data()) + " of second argument (exceptions) is not an exception");
        if (!isInstance(x.get(), types().Exception)) allExceptions = false;
    }
    TypeObject* t = type;
    if (type == types().BaseExceptionGroup && allExceptions) t = types().ExceptionGroup;
    if (type->isSubtypeOf(types().Exception) && !allExceptions)
        raise(types().TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
    return excNew(t, args);
}

TypeObject* makeExc(const char* name, TypeObject* base)
{
    TypeObject* t = newStaticType(name, base, TypeObject::BaseType | TypeObject::ExceptionType);
    t->finalize();
    return t;
}

} // namespace

ExceptionObject::ExceptionObject(TypeObject* type)
    : Object(type)
{
}

void ExceptionObject::clearRefs()
{
    args = nullptr;
    cause = nullptr;
    context = nullptr;
    traceback = nullptr;
    value = nullptr;
    dict = nullptr;
}

// ---------------------------------------------------------------------------------------------
Ref<Object> newException(TypeObject* type, std::string message)
{
    if (!type->hasFlag(TypeObject::HeapType) && type->slots.newObject == &excNew && type->slots.init == &excInit) {
        auto* e = new ExceptionObject(type);
        Ref<Object> r(e);
        Ref<Object> msg = newStr(message);
        e->args = newTuple({ msg.get() });
        if (type->isSubtypeOf(types().StopIteration) || type->isSubtypeOf(types().SystemExit)) e->value = msg;
        return r;
    }
    Ref<Object> msg = newStr(message);
    return call(type, { msg.get() });
}

Ref<Object> newException(TypeObject* type, std::vector<Ref<Object>> args)
{
    std::vector<Object*> raw;
    raw.reserve(args.size());
    for (auto& a : args) raw.push_back(a.get());
    return call(type, CallArgs { raw.data(), raw.size(), nullptr });
}

void raise(TypeObject* type, std::string message) { throw PyException(newException(type, std::move(message))); }

void raise(Ref<Object> exception)
{
    if (exception->type()->isSubtypeOf(types().type) && static_cast<TypeObject*>(exception.get())->hasFlag(TypeObject::ExceptionType))
        exception = call(exception.get());
    throw PyException(std::move(exception));
}

Object* exceptionArgs(Object* exc) { return E(exc)->args.get(); }
Object* exceptionCause(Object* exc) { return E(exc)->cause.get(); }
Object* exceptionContext(Object* exc) { return E(exc)->context.get(); }
void setExceptionCause(Object* exc, Object* cause)
{
    E(exc)->cause = Ref<Object>(cause);
    E(exc)->suppressContext = true;
}
void setExceptionContext(Object* exc, Object* context)
{
    if (context == exc) return;
    E(exc)->context = Ref<Object>(context);
}
Object* stopIterationValue(Object* exc)
{
    if (!isInstance(exc, types().StopIteration) && !isInstance(exc, types().StopAsyncIteration)) return nullptr;
    ExceptionObject* e = E(exc);
    if (e->value) return e->value.get();
    return e->args && !e->args->items.empty() ? e->args->items[0].get() : None();
}

namespace detail {

void initExceptions(BuiltinTypes& t)
{
    auto& extra = const_cast<ExtraTypes&>(extraTypes());
    TypeObject* base = t.BaseException = newStaticType("BaseException", t.object, TypeObject::BaseType | TypeObject::ExceptionType);
    TypeSlots& s = base->slots;
    s.newObject = &excNew;
    s.init = &excInit;
    s.repr = &excRepr;
    s.str = &excStr;
    base->instanceDict = &exceptionDictPtr;
    base->subclassDict = &exceptionDictPtr;
    addProperty(base, "args", &getArgs, &setArgs);
    addProperty(base, "__cause__", &getCause, &setCauseAttr);
    addProperty(base, "__context__", &getContext, &setContextAttr);
    addProperty(base, "__suppress_context__", &getSuppress, &setSuppress);
    addProperty(base, "__traceback__", &getTraceback, &setTracebackAttr);
    addMethod(base, "with_traceback", &withTraceback);
    addMethod(base, "add_note", &addNote);
    base->finalize();

    t.BaseExceptionGroup = makeExc("BaseExceptionGroup", base);
    t.BaseExceptionGroup->slots.newObject = &groupNew;
    addProperty(t.BaseExceptionGroup, "message", &groupMessage);
    addProperty(t.BaseExceptionGroup, "exceptions", &groupExceptions);
    addMethod(t.BaseExceptionGroup, "split", &groupSplit);
    addMethod(t.BaseExceptionGroup, "subgroup", &groupSubgroup);
    addMethod(t.BaseExceptionGroup, "derive", &groupDerive);
    t.SystemExit = makeExc("SystemExit", base);
    addProperty(t.SystemExit, "code", &getValue, &setValue);
    t.KeyboardInterrupt = makeExc("KeyboardInterrupt", base);
    t.GeneratorExit = makeExc("GeneratorExit", base);
    t.Exception = makeExc("Exception", base);
    TypeObject* E = t.Exception;
    t.ExceptionGroup = newStaticType("ExceptionGroup", t.BaseExceptionGroup, TypeObject::BaseType | TypeObject::ExceptionType);
    t.ExceptionGroup->setBases({ Ref<TypeObject>(t.BaseExceptionGroup), Ref<TypeObject>(E) });
    t.StopIteration = makeExc("StopIteration", E);
    addProperty(t.StopIteration, "value", &getValue, &setValue);
    t.StopAsyncIteration = makeExc("StopAsyncIteration", E);
    addProperty(t.StopAsyncIteration, "value", &getValue, &setValue);
    t.ArithmeticError = makeExc("ArithmeticError", E);
    t.FloatingPointError = makeExc("FloatingPointError", t.ArithmeticError);
    t.OverflowError = makeExc("OverflowError", t.ArithmeticError);
    t.ZeroDivisionError = makeExc("ZeroDivisionError", t.ArithmeticError);
    t.AssertionError = makeExc("AssertionError", E);
    t.AttributeError = makeExc("AttributeError", E);
    t.BufferError = makeExc("BufferError", E);
    t.EOFError = makeExc("EOFError", E);
    t.ImportError = makeExc("ImportError", E);
    t.ModuleNotFoundError = makeExc("ModuleNotFoundError", t.ImportError);
    t.LookupError = makeExc("LookupError", E);
    t.IndexError = makeExc("IndexError", t.LookupError);
    t.KeyError = makeExc("KeyError", t.LookupError);
    t.MemoryError = makeExc("MemoryError", E);
    t.NameError = makeExc("NameError", E);
    t.UnboundLocalError = makeExc("UnboundLocalError", t.NameError);
    t.OSError = makeExc("OSError", E);
    t.OSError->slots.newObject = &osErrorNew;
    addProperty(t.OSError, "errno", &getOsField<0>, &setOsField<0>);
    addProperty(t.OSError, "strerror", &getOsField<1>, &setOsField<1>);
    addProperty(t.OSError, "filename", &getOsField<2>, &setOsField<2>);
    addProperty(t.OSError, "filename2", &getOsField<3>, &setOsField<3>);
    t.TimeoutError = makeExc("TimeoutError", t.OSError);
    t.ReferenceError = makeExc("ReferenceError", E);
    t.RuntimeError = makeExc("RuntimeError", E);
    t.NotImplementedError = makeExc("NotImplementedError", t.RuntimeError);
    t.RecursionError = makeExc("RecursionError", t.RuntimeError);
    t.SyntaxError = makeExc("SyntaxError", E);
    t.IndentationError = makeExc("IndentationError", t.SyntaxError);
    t.TabError = makeExc("TabError", t.IndentationError);
    t.SystemError = makeExc("SystemError", E);
    t.TypeError = makeExc("TypeError", E);
    t.ValueError = makeExc("ValueError", E);
    t.UnicodeError = makeExc("UnicodeError", t.ValueError);
    t.UnicodeDecodeError = makeExc("UnicodeDecodeError", t.UnicodeError);
    t.UnicodeEncodeError = makeExc("UnicodeEncodeError", t.UnicodeError);
    t.Warning = makeExc("Warning", E);
    t.UserWarning = makeExc("UserWarning", t.Warning);
    t.DeprecationWarning = makeExc("DeprecationWarning", t.Warning);
    t.RuntimeWarning = makeExc("RuntimeWarning", t.Warning);

    auto more = [&](const char* name, TypeObject* b) {
        TypeObject* x = makeExc(name, b);
        extra.moreExceptions.push_back(x);
        return x;
    };
    more("UnicodeTranslateError", t.UnicodeError);
    for (const char* n : { "BytesWarning", "EncodingWarning", "FutureWarning", "ImportWarning", "PendingDeprecationWarning",
             "ResourceWarning", "SyntaxWarning", "UnicodeWarning" })
        more(n, t.Warning);
    for (const char* n : { "BlockingIOError", "ChildProcessError", "FileExistsError", "FileNotFoundError", "InterruptedError",
             "IsADirectoryError", "NotADirectoryError", "PermissionError", "ProcessLookupError" })
        more(n, t.OSError);
    TypeObject* conn = more("ConnectionError", t.OSError);
    for (const char* n : { "BrokenPipeError", "ConnectionAbortedError", "ConnectionRefusedError", "ConnectionResetError" })
        more(n, conn);
}

} // namespace detail

} // namespace loopscope
