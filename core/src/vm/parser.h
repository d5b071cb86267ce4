#pragma once

#include "vm/ast.h"
#include "vm/syntaxerror.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace loopscope {

/// Either a module AST or the first syntax error (CPython reports only one).
struct ParseResult {
    std::unique_ptr<ast::Module> module;
    std::optional<SyntaxError> error;
};

/// Parses a whole file of the Python 3.11 subset. Never throws; nesting is bounded, so hostile
/// input yields a SyntaxError instead of exhausting the stack.
ParseResult parseModule(std::string_view source, const std::string &filename);

} // namespace loopscope
