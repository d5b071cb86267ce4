#pragma once

#include "vm/code.h"

#include <string>

namespace loopscope {

/// Human-readable listing of `code` and, recursively, of every code object in its constants:
/// a header (name, qualname, flags, argument counts, variable tables), one line per instruction
/// (source line when it changes, index, jump-target marker, opcode, operand and its meaning),
/// and the exception table.
std::string disassemble(const CodeObject &code);

/// A constant as Python's repr would show it ('str', 1.5, (1, 2), <code f>).
std::string constantRepr(const Constant &constant);

/// The flag names of a CodeObject::flags value, e.g. "OPTIMIZED|NEWLOCALS|COROUTINE".
std::string codeFlagsText(uint32_t flags);

} // namespace loopscope
