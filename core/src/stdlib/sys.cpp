// A minimal sys module: version facts, argv, maxsize, the recursion limit (kept in the run's
// ModuleContext), exception()/exc_info(), exit(), and stdout/stderr whose write() goes to the run's print sink.

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

#include <limits>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

/// sys.stdout / sys.stderr: a text stream whose write() hands text to the run.
class StreamObject : public Object {
public:
    StreamObject(TypeObject* type, ModuleContext& ctx, bool isStderr)
        : Object(type)
        , ctx(&ctx)
        , isStderr(isStderr)
    {
    }
    ModuleContext* ctx;
    bool isStderr;
};

TypeObject* streamType();

StreamObject* asStream(Object* self)
{
    if (self->type() != streamType()) raise(types().TypeError, "descriptor requires a '_io.TextIOWrapper' object");
    return static_cast<StreamObject*>(self);
}

Ref<Object> stream_write(Object* self, CallArgs args)
{
    noKeywords("write", args);
    checkArgCount("write", args, 1, 1);
    if (!isStr(args[0])) raise(types().TypeError, "write() argument must be str, not " + typeName(args[0]));
    StreamObject* s = asStream(self);
    const auto& sink = s->isStderr ? s->ctx->writeStderr : s->ctx->writeStdout;
    if (sink) sink(strView(args[0]));
    return newInt(strView(args[0]).size() ? static_cast<StrObject*>(args[0])->length() : 0);
}

Ref<Object> stream_flush(Object* self, CallArgs args)
{
    asStream(self);
    checkArgCount("flush", args, 0, 0);
    return newRef(None());
}

Ref<Object> stream_isatty(Object*, CallArgs)
{
    return newRef(False());
}

Ref<Object> streamRepr(Object* self)
{
    const char* name = asStream(self)->isStderr ? "<stderr>" : "<stdout>";
    return newStr(std::string("<_io.TextIOWrapper name='") + name + "' mode='w' encoding='utf-8'>");
}

TypeObject* streamType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("TextIOWrapper", types().object, 0, "_io");
        t->slots.repr = streamRepr;
        addMethod(t, "write", stream_write);
        addMethod(t, "flush", stream_flush);
        addMethod(t, "isatty", stream_isatty);
        t->finalize();
        return t;
    }();
    return type;
}

Ref<Object> sys_getrecursionlimit(Object* self, CallArgs args)
{
    checkArgCount("getrecursionlimit", args, 0, 0);
    return newInt(contextOf(self).recursionLimit);
}

Ref<Object> sys_setrecursionlimit(Object* self, CallArgs args)
{
    noKeywords("setrecursionlimit", args);
    checkArgCount("setrecursionlimit", args, 1, 1);
    if (isFloat(args[0])) raise(types().TypeError, "'float' object cannot be interpreted as an integer");
    const int64_t limit = toInt64(args[0]);
    if (limit < 1) raise(types().ValueError, "recursion limit must be greater or equal than 1");
    contextOf(self).recursionLimit = limit;
    return newRef(None());
}

Ref<Object> sys_exit(Object*, CallArgs args)
{
    noKeywords("exit", args);
    checkArgCount("exit", args, 0, 1);
    std::vector<Ref<Object>> excArgs;
    if (args.nargs == 1) excArgs.push_back(newRef(args[0]));
    raise(newException(types().SystemExit, std::move(excArgs)));
}

Ref<Object> sys_intern(Object*, CallArgs args)
{
    noKeywords("intern", args);
    checkArgCount("intern", args, 1, 1);
    if (!isStr(args[0])) raise(types().TypeError, "intern() argument must be str, not " + typeName(args[0]));
    return newRef(static_cast<Object*>(internStr(strView(args[0]))));
}

Ref<Object> sys_get_int_max_str_digits(Object*, CallArgs args)
{
    checkArgCount("get_int_max_str_digits", args, 0, 0);
    return newInt(intMaxStrDigits());
}

Ref<Object> sys_set_int_max_str_digits(Object*, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("set_int_max_str_digits", args, {"maxdigits"}, a);
    const int64_t digits = toInt64(a[0]);
    if (digits != 0 && digits < 640) raise(types().ValueError, "maxdigits must be 0 or larger than 640");
    setIntMaxStrDigits(digits);
    return newRef(None());
}

Object* handledException(Object* self)
{
    const ModuleContext& ctx = contextOf(self);
    return ctx.handledException ? ctx.handledException() : nullptr;
}

Ref<Object> sys_exception(Object* self, CallArgs args)
{
    checkArgCount("exception", args, 0, 0);
    Object* exc = handledException(self);
    return newRef(exc ? exc : None());
}

Ref<Object> sys_exc_info(Object* self, CallArgs args)
{
    checkArgCount("exc_info", args, 0, 0);
    Object* exc = handledException(self);
    if (!exc) return newTuple({ None(), None(), None() });
    Ref<Object> tb = getAttr(exc, "__traceback__");
    return newTuple({ exc->type(), exc, tb.get() });
}

} // namespace

Ref<Object> makeSysModule(ModuleContext& ctx)
{
    Ref<Object> m = newModule("sys");
    Object* mod = m.get();
    Ref<Object> handle = newContextHandle(ctx);

    Ref<TypeObject> versionInfoType = makeNamedTuple("version_info", {"major", "minor", "micro", "releaselevel", "serial"},
                                                     {}, "sys");
    versionInfoType->setQualname("sys.version_info");
    Ref<Object> versionInfo = call(versionInfoType.get(), {newInt(3).get(), newInt(11).get(), newInt(7).get(),
                                                           newStr("final").get(), newInt(0).get()});
    setModuleAttr(mod, "version_info", versionInfo.get());
    setModuleAttr(mod, "version", newStr("3.11.7 (loopscope) [C++20]").get());
    setModuleAttr(mod, "hexversion", newInt(0x030b07f0).get());
    setModuleAttr(mod, "maxsize", newInt(std::numeric_limits<int64_t>::max()).get());
    setModuleAttr(mod, "platform", newStr("linux").get());
    setModuleAttr(mod, "byteorder", newStr("little").get());
    setModuleAttr(mod, "implementation_name", newStr("loopscope").get());
    std::vector<Ref<Object>> argv;
    for (const std::string& a : ctx.argv) argv.push_back(newStr(a));
    setModuleAttr(mod, "argv", newList(std::move(argv)).get());
    setModuleAttr(mod, "stdout", make<StreamObject>(streamType(), ctx, false).get());
    setModuleAttr(mod, "stderr", make<StreamObject>(streamType(), ctx, true).get());
    setModuleAttr(mod, "getrecursionlimit",
                  newNativeFunction("getrecursionlimit", sys_getrecursionlimit, handle.get(), "getrecursionlimit").get());
    setModuleAttr(mod, "setrecursionlimit",
                  newNativeFunction("setrecursionlimit", sys_setrecursionlimit, handle.get(), "setrecursionlimit").get());
    setModuleAttr(mod, "exception", newNativeFunction("exception", sys_exception, handle.get(), "exception").get());
    setModuleAttr(mod, "exc_info", newNativeFunction("exc_info", sys_exc_info, handle.get(), "exc_info").get());
    addFunction(mod, "get_int_max_str_digits", sys_get_int_max_str_digits);
    addFunction(mod, "set_int_max_str_digits", sys_set_int_max_str_digits);
    addFunction(mod, "exit", sys_exit);
    addFunction(mod, "intern", sys_intern);
    return m;
}

} // namespace loopscope
