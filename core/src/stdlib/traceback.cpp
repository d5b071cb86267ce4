// The traceback module's printing and formatting of exceptions: format_exception, format_exc,
// print_exception, print_exc and format_exception_only, with the text the VM prints for an
// uncaught exception (the VM formats it through ModuleContext::formatException).

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

const ModuleContext& formatterOf(Object* self)
{
    const ModuleContext& ctx = contextOf(self);
    if (!ctx.formatException) raise(types().RuntimeError, "traceback needs a running interpreter");
    return ctx;
}

std::optional<int64_t> limitArg(Object* limit)
{
    if (!limit || limit == None()) return std::nullopt;
    return toInt64(limit);
}

// _parse_value_tb: the exception to format, from `exc` alone or from the old (type, value, tb) form.
Object* exceptionArg(Object* exc, Object* value, Object* tb)
{
    if (!value != !tb) raise(types().ValueError, "Both or neither of value and tb must be given");
    if (value) return value;
    if (exc != None() && !isExceptionInstance(exc))
        raise(types().TypeError, "Exception expected for value, " + typeName(exc) + " found");
    return exc;
}

// The strings of format_exception for `exc`, formatted with `tb` as its traceback when one is given.
std::vector<std::string> formatWithTraceback(Object* self, Object* exc, Object* tb, Object* limit, Object* chain)
{
    const ModuleContext& ctx = formatterOf(self);
    const bool chained = !chain || isTrue(chain);
    if (!tb || !isExceptionInstance(exc)) return ctx.formatException(exc, limitArg(limit), chained, false);
    // The explicit tb replaces the exception's own only while formatting, as TracebackException(value, tb) does.
    Ref<Object> own = getAttr(exc, "__traceback__");
    setAttr(exc, "__traceback__", tb);
    std::vector<std::string> chunks;
    try {
        chunks = ctx.formatException(exc, limitArg(limit), chained, false);
    } catch (...) {
        setAttr(exc, "__traceback__", own.get());
        throw;
    }
    setAttr(exc, "__traceback__", own.get());
    return chunks;
}

Ref<Object> chunkList(const std::vector<std::string>& chunks)
{
    std::vector<Ref<Object>> items;
    for (const std::string& c : chunks) items.push_back(newStr(c));
    return newList(std::move(items));
}

// print(line, file=file, end="") for each string; no file means sys.stderr.
void writeChunks(Object* self, const std::vector<std::string>& chunks, Object* file)
{
    const ModuleContext& ctx = contextOf(self);
    for (const std::string& c : chunks) {
        if (!file || file == None()) {
            if (ctx.writeStderr) ctx.writeStderr(c);
        } else {
            callMethod(file, "write", { newStr(c).get() });
        }
    }
}

Object* handled(Object* self)
{
    const ModuleContext& ctx = contextOf(self);
    Object* exc = ctx.handledException ? ctx.handledException() : nullptr;
    return exc ? exc : None();
}

Ref<Object> tb_format_exception(Object* self, CallArgs args)
{
    Object* out[5] = {};
    parseArgs("format_exception", args, { "exc", "value=", "tb=", "limit=", "chain=" }, out);
    Object* exc = exceptionArg(out[0], out[1], out[2]);
    return chunkList(formatWithTraceback(self, exc, out[2], out[3], out[4]));
}

Ref<Object> tb_print_exception(Object* self, CallArgs args)
{
    Object* out[6] = {};
    parseArgs("print_exception", args, { "exc", "value=", "tb=", "limit=", "file=", "chain=" }, out);
    Object* exc = exceptionArg(out[0], out[1], out[2]);
    writeChunks(self, formatWithTraceback(self, exc, out[2], out[3], out[5]), out[4]);
    return newRef(None());
}

Ref<Object> tb_format_exception_only(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("format_exception_only", args, { "exc", "value=" }, out);
    Object* exc = out[1] ? out[1] : out[0];
    return chunkList(formatterOf(self).formatException(exc, std::nullopt, false, true));
}

Ref<Object> tb_format_exc(Object* self, CallArgs args)
{
    Object* out[2] = {};
    parseArgs("format_exc", args, { "limit=", "chain=" }, out);
    std::string text;
    for (const std::string& c : formatWithTraceback(self, handled(self), nullptr, out[0], out[1])) text += c;
    return newStr(text);
}

Ref<Object> tb_print_exc(Object* self, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("print_exc", args, { "limit=", "file=", "chain=" }, out);
    writeChunks(self, formatWithTraceback(self, handled(self), nullptr, out[0], out[2]), out[1]);
    return newRef(None());
}

} // namespace

Ref<Object> makeTracebackModule(ModuleContext& ctx)
{
    Ref<Object> m = newModule("traceback");
    Object* mod = m.get();
    Ref<Object> handle = newContextHandle(ctx);
    const std::pair<std::string_view, NativeFn> functions[] = {
        { "format_exc", tb_format_exc },
        { "format_exception", tb_format_exception },
        { "format_exception_only", tb_format_exception_only },
        { "print_exc", tb_print_exc },
        { "print_exception", tb_print_exception },
    };
    for (const auto& [name, fn] : functions)
        setModuleAttr(mod, name, newNativeFunction(name, fn, handle.get(), name).get());
    return m;
}

} // namespace loopscope
