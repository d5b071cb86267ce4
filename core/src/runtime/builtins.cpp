// The builtins namespace: print and the built-in functions with CPython 3.11's behaviour and messages.
#include "runtime/objects.h"

#include <loopscope/runtime/builtins.h>

#include <cstdio>

namespace loopscope {

using namespace detail;

namespace {

void stdoutSink(void*, std::string_view text) { fwrite(text.data(), 1, text.size(), stdout); }

thread_local OutputSink t_sink = &stdoutSink;
thread_local void* t_sinkCtx = nullptr;

Ref<Object> none() { return Ref<Object>(None()); }

Ref<Object> bPrint(Object*, CallArgs args)
{
    Object* sep = keywordArgument(args, "sep");
    Object* end = keywordArgument(args, "end");
    Object* file = keywordArgument(args, "file");
    if (args.kwnames)
        for (const auto& k : args.kwnames->items) {
            std::string_view n = strView(k.get());
            if (n != "sep" && n != "end" && n != "file" && n != "flush")
                raise(types().TypeError, "'" + std::string(n) + "' is an invalid keyword argument for print()");
        }
    if (sep && sep != None() && !isStr(sep)) raise(types().TypeError, "sep must be None or a string, not " + typeName(sep));
    if (end && end != None() && !isStr(end)) raise(types().TypeError, "end must be None or a string, not " + typeName(end));
    std::string out;
    for (size_t i = 0; i < args.nargs; ++i) {
        if (i) out += sep && sep != None() ? strView(sep) : " ";
        out += strText(args[i]);
    }
    out += end && end != None() ? strView(end) : "\n";
    if (file && file != None()) {
        Ref<Object> text = newStr(out);
        callMethod(file, "write", { text.get() });
        return none();
    }
    writeOutput(out);
    return none();
}

Ref<Object> bLen(Object*, CallArgs args)
{
    checkArgCount("len", args, 1, 1);
    return newInt(length(args[0]));
}

Ref<Object> bRepr(Object*, CallArgs args)
{
    checkArgCount("repr", args, 1, 1);
    return repr(args[0]);
}

Ref<Object> bAscii(Object*, CallArgs args)
{
    checkArgCount("ascii", args, 1, 1);
    return newStr(asciiEscape(reprText(args[0])));
}

Ref<Object> bHash(Object*, CallArgs args)
{
    checkArgCount("hash", args, 1, 1);
    return newInt(hash(args[0]));
}

Ref<Object> bId(Object*, CallArgs args)
{
    checkArgCount("id", args, 1, 1);
    return newInt(objectId(args[0]));
}

Ref<Object> bAbs(Object*, CallArgs args)
{
    checkArgCount("abs", args, 1, 1);
    if (auto f = args[0]->type()->slots.abs) return f(args[0]);
    raise(types().TypeError, "bad operand type for abs(): '" + typeName(args[0]) + "'");
}

Ref<Object> bRound(Object*, CallArgs args)
{
    Object* out[2];
    parseArgs("round", args, { "number", "ndigits=" }, out);
    Object* f = out[0]->type()->lookup(names().round);
    if (!f) raise(types().TypeError, "type " + typeName(out[0]) + " doesn't define __round__ method");
    if (out[1] && out[1] != None()) return callPrepend(f, out[0], CallArgs { &out[1], 1, nullptr });
    return callPrepend(f, out[0], CallArgs {});
}

Ref<Object> bAny(Object*, CallArgs args)
{
    checkArgCount("any", args, 1, 1);
    Ref<Object> it = getIter(args[0]);
    while (Ref<Object> x = iterNext(it.get()))
        if (isTrue(x.get())) return Ref<Object>(True());
    return Ref<Object>(False());
}

Ref<Object> bAll(Object*, CallArgs args)
{
    checkArgCount("all", args, 1, 1);
    Ref<Object> it = getIter(args[0]);
    while (Ref<Object> x = iterNext(it.get()))
        if (!isTrue(x.get())) return Ref<Object>(False());
    return Ref<Object>(True());
}

Ref<Object> bIsInstance(Object*, CallArgs args)
{
    checkArgCount("isinstance", args, 2, 2);
    return Ref<Object>(boolObject(isInstance(args[0], args[1])));
}

Ref<Object> bIsSubclass(Object*, CallArgs args)
{
    checkArgCount("issubclass", args, 2, 2);
    return Ref<Object>(boolObject(isSubclass(args[0], args[1])));
}

Ref<Object> bIter(Object*, CallArgs args)
{
    checkArgCount("iter", args, 1, 2);
    if (args.nargs == 1) return getIter(args[0]);
    if (!isCallable(args[0])) raise(types().TypeError, "iter(v, w): v must be callable");
    return newCallIter(args[0], args[1]);
}

Ref<Object> bNext(Object*, CallArgs args)
{
    checkArgCount("next", args, 1, 2);
    if (!args[0]->type()->slots.next) raise(types().TypeError, "'" + typeName(args[0]) + "' object is not an iterator");
    if (args[0]->type() == types().generator) {
        // A generator's return value travels in StopIteration.value.
        SendResult sent = args[0]->type()->slots.send(args[0], None());
        if (sent.status == SendResult::Status::Yielded) return std::move(sent.value);
        if (args.nargs == 2) return Ref<Object>(args[1]);
        std::vector<Ref<Object>> value;
        if (sent.value && sent.value.get() != None()) value.push_back(std::move(sent.value));
        raise(newException(types().StopIteration, std::move(value)));
    }
    Ref<Object> r = iterNext(args[0]);
    if (r) return r;
    if (args.nargs == 2) return Ref<Object>(args[1]);
    raise(newException(types().StopIteration, std::vector<Ref<Object>> {}));
}

Ref<Object> bAIter(Object*, CallArgs args)
{
    checkArgCount("aiter", args, 1, 1);
    if (auto f = args[0]->type()->slots.aiter) return f(args[0]);
    raise(types().TypeError, "'" + typeName(args[0]) + "' object is not an async iterable");
}

// anext(it, default): awaits it.__anext__() and turns its StopAsyncIteration into `default`.
class ANextAwaitable : public Object {
public:
    ANextAwaitable(TypeObject* t, Ref<Object> inner, Ref<Object> fallback)
        : Object(t)
        , inner(std::move(inner))
        , fallback(std::move(fallback))
    {
    }
    void clearRefs() override
    {
        inner = nullptr;
        fallback = nullptr;
    }
    Ref<Object> inner;
    Ref<Object> fallback;
};

SendResult anextStep(Object* self, Object* value, Object* exc)
{
    auto* a = static_cast<ANextAwaitable*>(self);
    if (!a->inner) raise(types().RuntimeError, "cannot reuse already awaited anext()");
    try {
        SendResult r = exc ? throwInto(a->inner.get(), exc) : send(a->inner.get(), value ? value : None());
        if (r.status == SendResult::Status::Returned) a->inner = nullptr;
        return r;
    } catch (const PyException& e) {
        a->inner = nullptr;
        if (!isInstance(e.exception().get(), types().StopAsyncIteration)) throw;
        return SendResult { SendResult::Status::Returned, a->fallback };
    }
}

SendResult anextSend(Object* self, Object* value) { return anextStep(self, value, nullptr); }
SendResult anextThrow(Object* self, Object* exc) { return anextStep(self, nullptr, exc); }
Ref<Object> anextNext(Object* self)
{
    SendResult r = anextStep(self, None(), nullptr);
    if (r.status == SendResult::Status::Yielded) return r.value;
    Ref<Object> stop = newException(types().StopIteration, std::vector<Ref<Object>> { r.value ? r.value : Ref<Object>(None()) });
    raise(std::move(stop));
}

TypeObject* anextAwaitableType()
{
    static TypeObject* t = [] {
        TypeObject* ty = newStaticType("anext_awaitable", types().object, 0);
        ty->slots.send = &anextSend;
        ty->slots.throwExc = &anextThrow;
        ty->slots.await = &selfIter;
        ty->slots.iter = &selfIter;
        ty->slots.next = &anextNext;
        ty->finalize();
        return ty;
    }();
    return t;
}

Ref<Object> bANext(Object*, CallArgs args)
{
    checkArgCount("anext", args, 1, 2);
    auto f = args[0]->type()->slots.anext;
    if (!f) raise(types().TypeError, "'" + typeName(args[0]) + "' object is not an async iterator");
    Ref<Object> awaitable = f(args[0]);
    if (args.nargs == 1) return awaitable;
    slot::Unary aw = awaitable->type()->slots.await;
    if (!aw) raise(types().TypeError, "'" + typeName(awaitable.get()) + "' object is not awaitable");
    Ref<Object> inner = aw(awaitable.get());
    return Ref<Object>(new ANextAwaitable(anextAwaitableType(), std::move(inner), Ref<Object>(args[1])));
}

StrObject* nameArg(Object* o, const char* fn)
{
    if (!isStr(o)) raise(types().TypeError, std::string(fn) + "(): attribute name must be string");
    return asStr(o);
}

Ref<Object> bGetAttr(Object*, CallArgs args)
{
    checkArgCount("getattr", args, 2, 3);
    StrObject* n = nameArg(args[1], "getattr");
    if (args.nargs == 3) {
        Ref<Object> r = getAttrOrNull(args[0], n);
        return r ? r : Ref<Object>(args[2]);
    }
    return getAttr(args[0], n);
}

Ref<Object> bSetAttr(Object*, CallArgs args)
{
    checkArgCount("setattr", args, 3, 3);
    setAttr(args[0], nameArg(args[1], "setattr"), args[2]);
    return none();
}

Ref<Object> bHasAttr(Object*, CallArgs args)
{
    checkArgCount("hasattr", args, 2, 2);
    return Ref<Object>(boolObject(static_cast<bool>(getAttrOrNull(args[0], nameArg(args[1], "hasattr")))));
}

Ref<Object> bDelAttr(Object*, CallArgs args)
{
    checkArgCount("delattr", args, 2, 2);
    delAttr(args[0], nameArg(args[1], "delattr"));
    return none();
}

Ref<Object> bCallable(Object*, CallArgs args)
{
    checkArgCount("callable", args, 1, 1);
    return Ref<Object>(boolObject(isCallable(args[0])));
}

Ref<Object> bChr(Object*, CallArgs args)
{
    checkArgCount("chr", args, 1, 1);
    Ref<Object> i = index(args[0]);
    int64_t v;
    if (!intFits(i.get(), v) || v < 0 || v > 0x10ffff) raise(types().ValueError, "chr() arg not in range(0x110000)");
    std::u32string cp(1, static_cast<char32_t>(v));
    return strFromCodePoints(cp);
}

Ref<Object> bOrd(Object*, CallArgs args)
{
    checkArgCount("ord", args, 1, 1);
    Object* o = args[0];
    if (isStr(o)) {
        StrObject* s = asStr(o);
        if (s->length() != 1)
            raise(types().TypeError, "ord() expected a character, but string of length " + std::to_string(s->length()) + " found");
        return newInt(s->codePoints().empty() ? static_cast<unsigned char>(s->text()[0]) : s->codePoints()[0]);
    }
    if (o->type() == types().bytes) {
        if (length(o) != 1) raise(types().TypeError, "ord() expected a character, but string of length " + std::to_string(length(o)) + " found");
        Ref<Object> zero = newInt(0);
        return getItem(o, zero.get());
    }
    raise(types().TypeError, "ord() expected string of length 1, but " + typeName(o) + " found");
}

Ref<Object> bDivMod(Object*, CallArgs args)
{
    checkArgCount("divmod", args, 2, 2);
    Object *a = args[0], *b = args[1];
    if (isInt(a) && isInt(b)) {
        if (intSign(b) == 0) raise(types().ZeroDivisionError, "integer division or modulo by zero");
        Ref<Object> q = binaryOp(a, b, BinaryOp::FloorDiv);
        Ref<Object> r = binaryOp(a, b, BinaryOp::Mod);
        return newTuple({ q.get(), r.get() });
    }
    if ((isFloat(a) || isInt(a)) && (isFloat(b) || isInt(b))) {
        double x = isFloat(a) ? floatValue(a) : intToDouble(a);
        double y = isFloat(b) ? floatValue(b) : intToDouble(b);
        double q, r;
        floatDivMod(x, y, q, r);
        return newTuple({ newFloat(q).get(), newFloat(r).get() });
    }
    static StrObject* divmodName = internStr("__divmod__");
    static StrObject* rdivmodName = internStr("__rdivmod__");
    if (Object* f = a->type()->lookup(divmodName)) {
        Ref<Object> r = callPrepend(f, a, CallArgs { &b, 1, nullptr });
        if (r.get() != NotImplemented()) return r;
    }
    if (Object* f = b->type()->lookup(rdivmodName)) {
        Ref<Object> r = callPrepend(f, b, CallArgs { &a, 1, nullptr });
        if (r.get() != NotImplemented()) return r;
    }
    raise(types().TypeError, "unsupported operand type(s) for divmod(): '" + typeName(a) + "' and '" + typeName(b) + "'");
}

Ref<Object> bPow(Object*, CallArgs args)
{
    Object* out[3];
    parseArgs("pow", args, { "base", "exp", "mod=" }, out);
    if (!out[2] || out[2] == None()) return binaryOp(out[0], out[1], BinaryOp::Pow);
    if (!isInt(out[0]) || !isInt(out[1]) || !isInt(out[2]))
        raise(types().TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
    return intPowMod(out[0], out[1], out[2]);
}

Ref<Object> bFormat(Object*, CallArgs args)
{
    checkArgCount("format", args, 1, 2);
    Ref<Object> spec = args.nargs > 1 ? Ref<Object>(args[1]) : Ref<Object>(newStr(""));
    if (!isStr(spec.get())) raise(types().TypeError, "format() argument 2 must be str, not " + typeName(spec.get()));
    return formatObject(args[0], spec.get());
}

Ref<Object> bVars(Object*, CallArgs args)
{
    checkArgCount("vars", args, 1, 1);
    Ref<Object> d = getAttrOrNull(args[0], names().dict);
    if (!d) raise(types().TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

Ref<Object> bDir(Object*, CallArgs args)
{
    checkArgCount("dir", args, 1, 1);
    Ref<Object> r;
    if (args[0]->type()->isSubtypeOf(types().type)) {
        Ref<Object> keys = newSet();
        for (TypeObject* t : static_cast<TypeObject*>(args[0])->mro())
            for (auto& e : t->dict()->entries())
                if (e.key) asSet(keys.get())->add(e.key.get());
        r = keys;
    } else if (args[0]->type() == types().module) {
        r = newList(toVector(moduleDict(args[0])));
    } else {
        r = callMethod(args[0], names().dir, CallArgs {});
    }
    return sortedList(r.get(), nullptr, false);
}

Ref<Object> numberText(Object* o, const char* spec, const char* fn)
{
    Ref<Object> i = index(o);
    Ref<Object> s = newStr(spec);
    return formatObject(i.get(), s.get());
}
Ref<Object> bHex(Object*, CallArgs args)
{
    checkArgCount("hex", args, 1, 1);
    return numberText(args[0], "#x", "hex");
}
Ref<Object> bOct(Object*, CallArgs args)
{
    checkArgCount("oct", args, 1, 1);
    return numberText(args[0], "#o", "oct");
}
Ref<Object> bBin(Object*, CallArgs args)
{
    checkArgCount("bin", args, 1, 1);
    return numberText(args[0], "#b", "bin");
}

Ref<Object> bSorted(Object*, CallArgs args)
{
    if (args.nargs != 1) raise(types().TypeError, "sorted expected 1 argument, got " + std::to_string(args.nargs));
    Object* key = keywordArgument(args, "key");
    Object* rev = keywordArgument(args, "reverse");
    if (args.kwnames)
        for (const auto& k : args.kwnames->items) {
            std::string_view n = strView(k.get());
            if (n != "key" && n != "reverse") raise(types().TypeError, "sort() got an unexpected keyword argument '" + std::string(n) + "'");
        }
    return sortedList(args[0], key == None() ? nullptr : key, rev && isTrue(rev));
}

Ref<Object> bSum(Object*, CallArgs args)
{
    Object* out[2];
    parseArgs("sum", args, { "iterable", "start=" }, out);
    Ref<Object> acc = out[1] ? Ref<Object>(out[1]) : newInt(0);
    if (isStr(acc.get())) raise(types().TypeError, "sum() can't sum strings [use ''.join(seq) instead]");
    if (acc->type() == types().bytes) raise(types().TypeError, "sum() can't sum bytes [use b''.join(seq) instead]");
    Ref<Object> it = getIter(out[0]);
    while (Ref<Object> x = iterNext(it.get())) acc = binaryOp(acc.get(), x.get(), BinaryOp::Add);
    return acc;
}

Ref<Object> minMax(CallArgs args, const char* name, CompareOp op)
{
    Object* key = keywordArgument(args, "key");
    Object* dflt = keywordArgument(args, "default");
    if (args.kwnames)
        for (const auto& k : args.kwnames->items) {
            std::string_view n = strView(k.get());
            if (n != "key" && n != "default")
                raise(types().TypeError, "'" + std::string(n) + "' is an invalid keyword argument for " + name + "()");
        }
    if (key == None()) key = nullptr;
    if (args.nargs == 0) raise(types().TypeError, std::string(name) + " expected at least 1 argument, got 0");
    std::vector<Ref<Object>> items;
    if (args.nargs == 1) {
        items = toVector(args[0]);
    } else {
        if (dflt) raise(types().TypeError, std::string("Cannot specify a default for ") + name + "() with multiple positional arguments");
        for (size_t i = 0; i < args.nargs; ++i) items.emplace_back(args[i]);
    }
    if (items.empty()) {
        if (dflt) return Ref<Object>(dflt);
        raise(types().ValueError, std::string(name) + "() arg is an empty sequence");
    }
    Ref<Object> best = items[0];
    Ref<Object> bestKey = key ? call(key, { best.get() }) : best;
    for (size_t i = 1; i < items.size(); ++i) {
        Ref<Object> k = key ? call(key, { items[i].get() }) : items[i];
        if (richCompareBool(k.get(), bestKey.get(), op)) {
            best = items[i];
            bestKey = k;
        }
    }
    return best;
}
Ref<Object> bMin(Object*, CallArgs args) { return minMax(args, "min", CompareOp::Lt); }
Ref<Object> bMax(Object*, CallArgs args) { return minMax(args, "max", CompareOp::Gt); }

Ref<Object> bInput(Object*, CallArgs args)
{
    checkArgCount("input", args, 0, 1);
    if (args.nargs) writeOutput(strText(args[0]));
    raise(types().EOFError, "EOF when reading a line");
}

Ref<Object> bOpen(Object*, CallArgs)
{
    for (TypeObject* t : extraTypes().moreExceptions)
        if (t->name() == "PermissionError")
            raise(t, "open() is not available: scenario programs cannot access files");
    raise(types().OSError, "open() is not available: scenario programs cannot access files");
}

} // namespace

void setOutputSink(OutputSink sink, void* ctx)
{
    t_sink = sink ? sink : &stdoutSink;
    t_sinkCtx = sink ? ctx : nullptr;
}

void writeOutput(std::string_view text) { t_sink(t_sinkCtx, text); }

Ref<DictObject> makeBuiltinsDict()
{
    initRuntime();
    const BuiltinTypes& t = types();
    Ref<DictObject> d = newDict();
    auto fn = [&](const char* name, NativeFn f) { dictSet(d.get(), name, newNativeFunction(name, f).get()); };
    auto obj = [&](const char* name, Object* o) { dictSet(d.get(), name, o); };
    fn("print", &bPrint);
    fn("len", &bLen);
    fn("repr", &bRepr);
    fn("ascii", &bAscii);
    fn("hash", &bHash);
    fn("id", &bId);
    fn("abs", &bAbs);
    fn("round", &bRound);
    fn("any", &bAny);
    fn("all", &bAll);
    fn("isinstance", &bIsInstance);
    fn("issubclass", &bIsSubclass);
    fn("iter", &bIter);
    fn("next", &bNext);
    fn("aiter", &bAIter);
    fn("anext", &bANext);
    fn("getattr", &bGetAttr);
    fn("setattr", &bSetAttr);
    fn("hasattr", &bHasAttr);
    fn("delattr", &bDelAttr);
    fn("callable", &bCallable);
    fn("chr", &bChr);
    fn("ord", &bOrd);
    fn("divmod", &bDivMod);
    fn("pow", &bPow);
    fn("format", &bFormat);
    fn("vars", &bVars);
    fn("dir", &bDir);
    fn("hex", &bHex);
    fn("oct", &bOct);
    fn("bin", &bBin);
    fn("sorted", &bSorted);
    fn("sum", &bSum);
    fn("min", &bMin);
    fn("max", &bMax);
    fn("input", &bInput);
    fn("open", &bOpen);
    for (TypeObject* ty : { t.type, t.object, t.int_, t.bool_, t.float_, t.str, t.bytes, t.tuple, t.list, t.dict, t.set,
             t.frozenset, t.range, t.slice, t.property, t.classmethod, t.staticmethod, t.super, t.enumerate, t.zip,
             t.map, t.filter, t.reversed })
        obj(ty->name().c_str(), ty);
    for (TypeObject* ty : { t.BaseException, t.BaseExceptionGroup, t.ExceptionGroup, t.SystemExit, t.KeyboardInterrupt,
             t.GeneratorExit, t.Exception, t.StopIteration, t.StopAsyncIteration, t.ArithmeticError,
             t.FloatingPointError, t.OverflowError, t.ZeroDivisionError, t.AssertionError, t.AttributeError,
             t.BufferError, t.EOFError, t.ImportError, t.ModuleNotFoundError, t.LookupError, t.IndexError, t.KeyError,
             t.MemoryError, t.NameError, t.UnboundLocalError, t.OSError, t.TimeoutError, t.ReferenceError,
             t.RuntimeError, t.NotImplementedError, t.RecursionError, t.SyntaxError, t.IndentationError, t.TabError,
             t.SystemError, t.TypeError, t.ValueError, t.UnicodeError, t.UnicodeDecodeError, t.UnicodeEncodeError,
             t.Warning, t.UserWarning, t.DeprecationWarning, t.RuntimeWarning })
        obj(ty->name().c_str(), ty);
    for (TypeObject* ty : extraTypes().moreExceptions) obj(ty->name().c_str(), ty);
    obj("EnvironmentError", t.OSError);
    obj("IOError", t.OSError);
    obj("None", None());
    obj("True", True());
    obj("False", False());
    obj("NotImplemented", NotImplemented());
    obj("Ellipsis", Ellipsis());
    obj("__name__", newStr("builtins").get());
    obj("__debug__", True());
    return d;
}

} // namespace loopscope
