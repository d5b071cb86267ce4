#pragma once

#include "vm/code.h"
#include "vm/syntaxerror.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace loopscope {

/// Either the module's code object (with every nested code object in its constants) or the
/// first SyntaxError, exactly one of the two being set.
struct CompileResult {
    std::shared_ptr<const CodeObject> code;
    std::optional<SyntaxError> error;
};

/// Parses, analyses and compiles one source file. Never throws across this boundary.
CompileResult compileModule(std::string_view source, std::string filename);

/// Recomputes the maximum value-stack depth of `code` by flow analysis over its instructions and
/// exception table. Returns -1 if two paths reach an instruction with different depths or the
/// depth goes negative (a compiler bug); used by the compiler and by tests as a consistency check.
int computeStackDepth(const CodeObject &code);

} // namespace loopscope
