#pragma once

#include "vm/opcodes.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace loopscope {

struct CodeObject;
struct Constant;

/// The `None` constant.
struct NoneConstant {
    bool operator==(const NoneConstant &) const = default;
};
/// The `...` constant.
struct EllipsisConstant {
    bool operator==(const EllipsisConstant &) const = default;
};
/// An int literal too large for int64: `digits` in `base` (2, 8, 10 or 16), no prefix, no
/// underscores, ready for mpz_set_str.
struct BigIntConstant {
    std::string digits;
    int base = 10;
    bool negative = false;
    bool operator==(const BigIntConstant &) const = default;
};
/// A bytes literal's raw bytes.
struct BytesConstant {
    std::string data;
    bool operator==(const BytesConstant &) const = default;
};
/// A tuple of constants (keyword names, import fromlists, folded tuples).
struct TupleConstant {
    std::vector<Constant> items;
    bool operator==(const TupleConstant &) const;
};

/// A compile-time constant, independent of the runtime object model. Strings are UTF-8.
struct Constant {
    using Value = std::variant<NoneConstant, EllipsisConstant, bool, int64_t, BigIntConstant, double, std::string,
                               BytesConstant, std::shared_ptr<const CodeObject>, TupleConstant>;
    Value value;

    Constant() = default;
    template<typename T>
    Constant(T v)
        : value(std::move(v))
    {
    }
    /// Identity for the constant pool: same type and value (so 1, 1.0 and True stay distinct;
    /// doubles compare by bits so -0.0 and 0.0 stay distinct too).
    bool sameAs(const Constant &other) const;
};

/// One instruction: see opcodes.h for what `arg` means per opcode.
struct Instruction {
    Opcode op = Opcode::NOP;
    uint32_t arg = 0;
};

/// Source span of an instruction: 1-based lines, 0-based columns, end exclusive. line 0 = none.
struct SourcePosition {
    int line = 0;
    int col = 0;
    int endLine = 0;
    int endCol = 0;
};

/// One row of the exception table: an exception raised by an instruction in [start, end) unwinds
/// the value stack to `depth` items, pushes the instruction index as an int when `lasti` is set,
/// pushes the exception and continues at `handler`. Rows never overlap and are sorted by start.
struct ExceptionTableEntry {
    uint32_t start = 0;
    uint32_t end = 0;
    uint32_t handler = 0;
    uint32_t depth = 0;
    bool lasti = false;
};

/// Code-object flags, CPython's CO_* values.
enum CodeFlag : uint32_t {
    CodeOptimized = 0x0001,      ///< fast locals (functions), as opposed to a locals mapping (module/class)
    CodeNewLocals = 0x0002,
    CodeVarargs = 0x0004,        ///< has *args (stored after the keyword-only parameters)
    CodeVarkeywords = 0x0008,    ///< has **kwargs (stored last)
    CodeNested = 0x0010,         ///< defined inside another function
    CodeGenerator = 0x0020,
    CodeCoroutine = 0x0080,
    CodeAsyncGenerator = 0x0200,
};

/// Compiled code for one scope (module, class body, function, lambda, comprehension): plain data,
/// shared immutably between the functions made from it.
struct CodeObject {
    std::vector<Instruction> code;
    std::vector<SourcePosition> positions; ///< parallel to `code`: the line hook's source of truth
    std::vector<ExceptionTableEntry> exceptionTable;
    std::vector<Constant> consts;
    std::vector<std::string> names;    ///< globals, attributes, LOAD_NAME names, imported modules
    std::vector<std::string> varnames; ///< fast locals; parameters first (positional, kwonly, *args, **kwargs)
    std::vector<std::string> cellvars; ///< locals captured by inner scopes (cell index 0..)
    std::vector<std::string> freevars; ///< captured from outer scopes (cell index cellvars.size()..)
    std::vector<int> cell2arg;         ///< per cellvar: varnames index of the parameter that initialises it, or -1
    int argcount = 0;                  ///< positional parameters including positional-only
    int posonlyargcount = 0;
    int kwonlyargcount = 0;
    uint32_t flags = 0;
    std::string name;     ///< `co_name`: "f", "<module>", "<lambda>", "<listcomp>", "C"
    std::string qualname; ///< `__qualname__`: "C.m", "f.<locals>.g"
    std::string filename;
    int firstlineno = 1;
    int stacksize = 0; ///< maximum value-stack depth, computed by flow analysis
    std::optional<std::string> docstring; ///< a function's __doc__ (module/class docstrings are stored by their code)

    /// The line of instruction `index` (0 if it has none).
    int lineAt(size_t index) const { return index < positions.size() ? positions[index].line : 0; }
    /// The exception table row covering instruction `index`, if any.
    const ExceptionTableEntry *handlerFor(uint32_t index) const;
};

} // namespace loopscope
