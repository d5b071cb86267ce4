#include "vm/code.h"

#include <algorithm>
#include <cstring>

namespace loopscope {

namespace {

constexpr const char *kOpcodeNames[] = {
#define LOOPSCOPE_OPCODE_NAME(name, jump) #name,
    LOOPSCOPE_OPCODES(LOOPSCOPE_OPCODE_NAME)
#undef LOOPSCOPE_OPCODE_NAME
};

constexpr bool kOpcodeJumps[] = {
#define LOOPSCOPE_OPCODE_JUMP(name, jump) jump,
    LOOPSCOPE_OPCODES(LOOPSCOPE_OPCODE_JUMP)
#undef LOOPSCOPE_OPCODE_JUMP
};

} // namespace

const char *opcodeName(Opcode op)
{
    return kOpcodeNames[size_t(op)];
}

bool opcodeHasJump(Opcode op)
{
    return kOpcodeJumps[size_t(op)];
}

const char *binaryOperatorSymbol(uint32_t op)
{
    static constexpr const char *kSymbols[] = {"+",  "&",  "//",  "<<",  "@",  "*",  "%",  "|",  "**",
                                               ">>", "-",  "/",   "^",   "+=", "&=", "//=", "<<=", "@=",
                                               "*=", "%=", "|=",  "**=", ">>=", "-=", "/=", "^="};
    return op < std::size(kSymbols) ? kSymbols[op] : "?";
}

const char *compareOperatorSymbol(uint32_t op)
{
    static constexpr const char *kSymbols[] = {"<", "<=", "==", "!=", ">", ">="};
    return op < std::size(kSymbols) ? kSymbols[op] : "?";
}

int stackEffect(Opcode op, uint32_t arg, bool jump)
{
    int n = int(arg);
    switch (op) {
    case Opcode::NOP: return 0;
    case Opcode::POP_TOP: return -1;
    case Opcode::PUSH_NULL: return 1;
    case Opcode::COPY: return 1;
    case Opcode::SWAP: return 0;
    case Opcode::LOAD_CONST:
    case Opcode::LOAD_FAST:
    case Opcode::LOAD_DEREF:
    case Opcode::LOAD_CLOSURE:
    case Opcode::LOAD_CLASSDEREF:
    case Opcode::LOAD_GLOBAL:
    case Opcode::LOAD_NAME: return 1;
    case Opcode::STORE_FAST:
    case Opcode::STORE_DEREF:
    case Opcode::STORE_GLOBAL:
    case Opcode::STORE_NAME: return -1;
    case Opcode::DELETE_FAST:
    case Opcode::DELETE_DEREF:
    case Opcode::DELETE_GLOBAL:
    case Opcode::DELETE_NAME: return 0;
    case Opcode::LOAD_ATTR: return 0;
    case Opcode::STORE_ATTR: return -2;
    case Opcode::DELETE_ATTR: return -1;
    case Opcode::LOAD_METHOD: return 1;
    case Opcode::BINARY_SUBSCR: return -1;
    case Opcode::STORE_SUBSCR: return -3;
    case Opcode::DELETE_SUBSCR: return -2;
    case Opcode::BUILD_SLICE: return 1 - n;
    case Opcode::BINARY_OP: return -1;
    case Opcode::UNARY_POSITIVE:
    case Opcode::UNARY_NEGATIVE:
    case Opcode::UNARY_NOT:
    case Opcode::UNARY_INVERT: return 0;
    case Opcode::COMPARE_OP:
    case Opcode::IS_OP:
    case Opcode::CONTAINS_OP: return -1;
    case Opcode::JUMP: return 0;
    case Opcode::POP_JUMP_IF_FALSE:
    case Opcode::POP_JUMP_IF_TRUE:
    case Opcode::POP_JUMP_IF_NONE:
    case Opcode::POP_JUMP_IF_NOT_NONE: return -1;
    case Opcode::JUMP_IF_FALSE_OR_POP:
    case Opcode::JUMP_IF_TRUE_OR_POP: return jump ? 0 : -1;
    case Opcode::GET_ITER: return 0;
    case Opcode::FOR_ITER: return jump ? -1 : 1;
    case Opcode::BUILD_TUPLE:
    case Opcode::BUILD_LIST:
    case Opcode::BUILD_SET:
    case Opcode::BUILD_STRING: return 1 - n;
    case Opcode::BUILD_MAP: return 1 - 2 * n;
    case Opcode::LIST_APPEND:
    case Opcode::SET_ADD: return -1;
    case Opcode::MAP_ADD: return -2;
    case Opcode::LIST_EXTEND:
    case Opcode::SET_UPDATE:
    case Opcode::DICT_UPDATE:
    case Opcode::DICT_MERGE: return -1;
    case Opcode::LIST_TO_TUPLE: return 0;
    case Opcode::UNPACK_SEQUENCE: return n - 1;
    case Opcode::UNPACK_EX: return int(arg & 0xFF) + int(arg >> 8);
    case Opcode::KW_NAMES: return 0;
    case Opcode::CALL: return -1 - n;
    case Opcode::CALL_FUNCTION_EX: return (arg & 1) ? -3 : -2;
    case Opcode::MAKE_FUNCTION:
        return -(int((arg & MakeFunctionDefaults) != 0) + int((arg & MakeFunctionKwDefaults) != 0) +
                 int((arg & MakeFunctionAnnotations) != 0) + int((arg & MakeFunctionClosure) != 0));
    case Opcode::LOAD_BUILD_CLASS: return 1;
    case Opcode::RETURN_VALUE: return -1;
    case Opcode::YIELD_VALUE: return 0;
    case Opcode::GET_YIELD_FROM_ITER: return 0;
    case Opcode::GET_AWAITABLE: return 0;
    case Opcode::SEND: return jump ? -1 : 0;
    case Opcode::GET_AITER: return 0;
    case Opcode::GET_ANEXT: return 1;
    case Opcode::END_ASYNC_FOR: return -2;
    case Opcode::BEFORE_WITH:
    case Opcode::BEFORE_ASYNC_WITH: return 1;
    case Opcode::WITH_EXCEPT_START: return 1;
    case Opcode::PUSH_EXC_INFO: return 1;
    case Opcode::POP_EXCEPT: return -1;
    case Opcode::CHECK_EXC_MATCH: return 0;
    case Opcode::CHECK_EG_MATCH: return 0;
    case Opcode::PREP_RERAISE_STAR: return -1;
    case Opcode::RERAISE: return -1;
    case Opcode::RAISE_VARARGS: return -n;
    case Opcode::LOAD_ASSERTION_ERROR: return 1;
    case Opcode::IMPORT_NAME: return -1;
    case Opcode::IMPORT_FROM: return 1;
    case Opcode::IMPORT_STAR: return -1;
    case Opcode::FORMAT_VALUE: return (arg & FormatHasSpec) ? -1 : 0;
    case Opcode::GET_LEN:
    case Opcode::MATCH_MAPPING:
    case Opcode::MATCH_SEQUENCE:
    case Opcode::MATCH_KEYS: return 1;
    case Opcode::MATCH_CLASS: return -2;
    }
    return 0;
}

bool TupleConstant::operator==(const TupleConstant &other) const
{
    if (items.size() != other.items.size())
        return false;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].sameAs(other.items[i]))
            return false;
    }
    return true;
}

bool Constant::sameAs(const Constant &other) const
{
    if (value.index() != other.value.index())
        return false;
    if (auto d = std::get_if<double>(&value)) {
        double e = std::get<double>(other.value);
        return std::memcmp(d, &e, sizeof e) == 0;
    }
    if (auto c = std::get_if<std::shared_ptr<const CodeObject>>(&value))
        return *c == std::get<std::shared_ptr<const CodeObject>>(other.value);
    return value == other.value;
}

const ExceptionTableEntry *CodeObject::handlerFor(uint32_t index) const
{
    auto it = std::upper_bound(exceptionTable.begin(), exceptionTable.end(), index,
                               [](uint32_t i, const ExceptionTableEntry &e) { return i < e.start; });
    if (it == exceptionTable.begin())
        return nullptr;
    --it;
    return index < it->end ? &*it : nullptr;
}

} // namespace loopscope
