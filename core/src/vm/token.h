#pragma once

#include <string>

namespace loopscope {

/// The kinds of token the Python tokenizer produces; operators and keywords are told apart by text.
enum class TokenKind {
    EndMarker,
    Newline,
    Indent,
    Dedent,
    Name,   ///< identifiers and keywords (soft keywords stay names)
    Number, ///< the literal's source text, digits and underscores kept for GMP
    String, ///< the whole literal with prefix and quotes, f-strings included (3.11 style)
    Op,
    Error, ///< the lexer stopped here; Lexer::error() says why
};

/// One token with CPython-style positions: 1-based lines, 0-based byte columns, end exclusive.
struct Token {
    TokenKind kind = TokenKind::EndMarker;
    std::string text;
    int line = 1;
    int col = 0;
    int endLine = 1;
    int endCol = 0;
};

/// True if `word` is one of Python 3.11's hard keywords.
bool isKeyword(std::string_view word);

/// Human-readable name of a token kind (for debugging dumps and tests).
const char *tokenKindName(TokenKind kind);

} // namespace loopscope
