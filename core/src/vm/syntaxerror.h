#pragma once

#include <string>

namespace loopscope {

/// A compile-time diagnostic shaped like CPython's SyntaxError (and its IndentationError subclass).
struct SyntaxError {
    std::string type = "SyntaxError"; ///< "SyntaxError", "IndentationError" or "TabError"
    std::string message;
    std::string filename;
    int line = 0;      ///< 1-based
    int column = 0;    ///< 1-based like CPython's `offset`; 0 means no caret
    int endLine = 0;   ///< 1-based; 0 when unknown
    int endColumn = 0; ///< 1-based, exclusive like CPython's `end_offset`; 0 when unknown
    std::string sourceLine; ///< the offending line without its newline
};

/// Renders `error` exactly as CPython's traceback printer shows a SyntaxError (ends with '\n').
std::string renderSyntaxError(const SyntaxError &error);

/// The 1-based `line` of `source` without its line terminator ("" if out of range).
std::string sourceLineAt(std::string_view source, int line);

} // namespace loopscope
