#include "vm/disassembler.h"

#include <cstdio>
#include <set>

namespace loopscope {

namespace {

std::string quote(const std::string &s, char q = '\'')
{
    std::string out(1, q);
    for (unsigned char c : s) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c == static_cast<unsigned char>(q)) {
                out += '\\';
                out += char(c);
            } else if (c < 0x20 || c == 0x7F) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    return out + q;
}

std::string operandText(const CodeObject &code, const Instruction &ins)
{
    auto at = [](const std::vector<std::string> &v, uint32_t i) { return i < v.size() ? v[i] : std::string("?"); };
    auto cellName = [&](uint32_t i) {
        return i < code.cellvars.size() ? code.cellvars[i] : at(code.freevars, uint32_t(i - code.cellvars.size()));
    };
    switch (ins.op) {
    case Opcode::LOAD_CONST:
    case Opcode::KW_NAMES: return ins.arg < code.consts.size() ? constantRepr(code.consts[ins.arg]) : "?";
    case Opcode::LOAD_FAST:
    case Opcode::STORE_FAST:
    case Opcode::DELETE_FAST: return at(code.varnames, ins.arg);
    case Opcode::LOAD_DEREF:
    case Opcode::STORE_DEREF:
    case Opcode::DELETE_DEREF:
    case Opcode::LOAD_CLOSURE:
    case Opcode::LOAD_CLASSDEREF: return cellName(ins.arg);
    case Opcode::LOAD_GLOBAL:
    case Opcode::STORE_GLOBAL:
    case Opcode::DELETE_GLOBAL:
    case Opcode::LOAD_NAME:
    case Opcode::STORE_NAME:
    case Opcode::DELETE_NAME:
    case Opcode::LOAD_ATTR:
    case Opcode::STORE_ATTR:
    case Opcode::DELETE_ATTR:
    case Opcode::LOAD_METHOD:
    case Opcode::IMPORT_NAME:
    case Opcode::IMPORT_FROM: return at(code.names, ins.arg);
    case Opcode::BINARY_OP: return binaryOperatorSymbol(ins.arg);
    case Opcode::COMPARE_OP: return compareOperatorSymbol(ins.arg);
    case Opcode::IS_OP: return ins.arg ? "is not" : "is";
    case Opcode::CONTAINS_OP: return ins.arg ? "not in" : "in";
    case Opcode::FORMAT_VALUE: {
        static constexpr const char *kConv[] = {"", "str", "repr", "ascii"};
        std::string s = kConv[ins.arg & FormatConversionMask];
        if (ins.arg & FormatHasSpec)
            s += s.empty() ? "with format" : ", with format";
        return s;
    }
    case Opcode::MAKE_FUNCTION: {
        std::string s;
        auto add = [&](const char *t) { s += (s.empty() ? "" : ", ") + std::string(t); };
        if (ins.arg & MakeFunctionDefaults)
            add("defaults");
        if (ins.arg & MakeFunctionKwDefaults)
            add("kwdefaults");
        if (ins.arg & MakeFunctionAnnotations)
            add("annotations");
        if (ins.arg & MakeFunctionClosure)
            add("closure");
        return s;
    }
    case Opcode::GET_AWAITABLE:
        return ins.arg == 1 ? "after __aenter__" : ins.arg == 2 ? "after __aexit__" : "";
    case Opcode::YIELD_VALUE: return ins.arg ? "delegating" : "";
    default: break;
    }
    if (opcodeHasJump(ins.op))
        return "to " + std::to_string(ins.arg);
    return "";
}

bool hasOperand(Opcode op)
{
    switch (op) {
    case Opcode::NOP:
    case Opcode::POP_TOP:
    case Opcode::PUSH_NULL:
    case Opcode::BINARY_SUBSCR:
    case Opcode::STORE_SUBSCR:
    case Opcode::DELETE_SUBSCR:
    case Opcode::UNARY_POSITIVE:
    case Opcode::UNARY_NEGATIVE:
    case Opcode::UNARY_NOT:
    case Opcode::UNARY_INVERT:
    case Opcode::GET_ITER:
    case Opcode::LIST_TO_TUPLE:
    case Opcode::LOAD_BUILD_CLASS:
    case Opcode::RETURN_VALUE:
    case Opcode::GET_YIELD_FROM_ITER:
    case Opcode::GET_AITER:
    case Opcode::GET_ANEXT:
    case Opcode::END_ASYNC_FOR:
    case Opcode::BEFORE_WITH:
    case Opcode::BEFORE_ASYNC_WITH:
    case Opcode::WITH_EXCEPT_START:
    case Opcode::PUSH_EXC_INFO:
    case Opcode::POP_EXCEPT:
    case Opcode::CHECK_EXC_MATCH:
    case Opcode::CHECK_EG_MATCH:
    case Opcode::PREP_RERAISE_STAR:
    case Opcode::LOAD_ASSERTION_ERROR:
    case Opcode::IMPORT_STAR:
    case Opcode::GET_LEN:
    case Opcode::MATCH_MAPPING:
    case Opcode::MATCH_SEQUENCE:
    case Opcode::MATCH_KEYS: return false;
    default: return true;
    }
}

std::string joinNames(const std::vector<std::string> &names)
{
    std::string s;
    for (size_t i = 0; i < names.size(); ++i)
        s += (i ? ", " : "") + names[i];
    return s;
}

void disassembleInto(const CodeObject &code, std::string &out)
{
    char buf[256];
    out += "Disassembly of <code " + code.qualname + " line " + std::to_string(code.firstlineno) + ">:\n";
    out += "  name: " + code.name + "  qualname: " + code.qualname + "\n";
    out += "  flags: " + codeFlagsText(code.flags) + "\n";
    std::snprintf(buf, sizeof buf, "  argcount: %d  posonly: %d  kwonly: %d  stacksize: %d\n", code.argcount,
                  code.posonlyargcount, code.kwonlyargcount, code.stacksize);
    out += buf;
    if (code.docstring)
        out += "  docstring: " + quote(*code.docstring) + "\n";
    if (!code.varnames.empty())
        out += "  varnames: " + joinNames(code.varnames) + "\n";
    if (!code.cellvars.empty())
        out += "  cellvars: " + joinNames(code.cellvars) + "\n";
    if (!code.freevars.empty())
        out += "  freevars: " + joinNames(code.freevars) + "\n";
    std::set<uint32_t> targets;
    for (const Instruction &ins : code.code) {
        if (opcodeHasJump(ins.op))
            targets.insert(ins.arg);
    }
    for (const ExceptionTableEntry &e : code.exceptionTable)
        targets.insert(e.handler);
    int lastLine = -1;
    for (size_t i = 0; i < code.code.size(); ++i) {
        const Instruction &ins = code.code[i];
        int line = code.lineAt(i);
        std::string lineText = line != lastLine && line > 0 ? std::to_string(line) : "";
        if (line > 0)
            lastLine = line;
        std::string operand = operandText(code, ins);
        std::string arg = hasOperand(ins.op) ? std::to_string(ins.arg) : "";
        std::snprintf(buf, sizeof buf, "%6s %2s %5zu %-21s %5s", lineText.c_str(), targets.count(uint32_t(i)) ? ">>" : "",
                      i, opcodeName(ins.op), arg.c_str());
        std::string row = buf;
        if (!operand.empty())
            row += " (" + operand + ")";
        while (!row.empty() && row.back() == ' ')
            row.pop_back();
        out += row + "\n";
    }
    if (!code.exceptionTable.empty()) {
        out += "ExceptionTable:\n";
        for (const ExceptionTableEntry &e : code.exceptionTable) {
            std::snprintf(buf, sizeof buf, "  %u to %u -> %u [%u]%s\n", e.start, e.end - 1, e.handler, e.depth,
                          e.lasti ? " lasti" : "");
            out += buf;
        }
    }
    for (const Constant &c : code.consts) {
        if (auto nested = std::get_if<std::shared_ptr<const CodeObject>>(&c.value)) {
            out += "\n";
            disassembleInto(**nested, out);
        }
    }
}

} // namespace

std::string codeFlagsText(uint32_t flags)
{
    static constexpr std::pair<uint32_t, const char *> kNames[] = {
        {CodeOptimized, "OPTIMIZED"},   {CodeNewLocals, "NEWLOCALS"}, {CodeVarargs, "VARARGS"},
        {CodeVarkeywords, "VARKEYWORDS"}, {CodeNested, "NESTED"},     {CodeGenerator, "GENERATOR"},
        {CodeCoroutine, "COROUTINE"},   {CodeAsyncGenerator, "ASYNC_GENERATOR"}};
    std::string s;
    for (auto [bit, name] : kNames) {
        if (flags & bit)
            s += (s.empty() ? "" : "|") + std::string(name);
    }
    return s.empty() ? "0" : s;
}

std::string constantRepr(const Constant &constant)
{
    struct Visitor {
        std::string operator()(NoneConstant) const { return "None"; }
        std::string operator()(EllipsisConstant) const { return "Ellipsis"; }
        std::string operator()(bool b) const { return b ? "True" : "False"; }
        std::string operator()(int64_t v) const { return std::to_string(v); }
        std::string operator()(const BigIntConstant &b) const
        {
            std::string prefix = b.base == 16 ? "0x" : b.base == 8 ? "0o" : b.base == 2 ? "0b" : "";
            return std::string(b.negative ? "-" : "") + prefix + b.digits;
        }
        std::string operator()(double d) const
        {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            return buf;
        }
        std::string operator()(const std::string &s) const { return quote(s); }
        std::string operator()(const BytesConstant &b) const { return "b" + quote(b.data); }
        std::string operator()(const std::shared_ptr<const CodeObject> &c) const
        {
            return "<code " + (c ? c->qualname : std::string("?")) + ">";
        }
        std::string operator()(const TupleConstant &t) const
        {
            std::string s = "(";
            for (size_t i = 0; i < t.items.size(); ++i)
                s += (i ? ", " : "") + constantRepr(t.items[i]);
            return s + (t.items.size() == 1 ? ",)" : ")");
        }
    };
    return std::visit(Visitor{}, constant.value);
}

std::string disassemble(const CodeObject &code)
{
    std::string out;
    disassembleInto(code, out);
    return out;
}

} // namespace loopscope
