#pragma once

#include "vm/syntaxerror.h"
#include "vm/token.h"

#include <optional>
#include <string_view>
#include <vector>

namespace loopscope {

/// Turns Python source into tokens the way CPython 3.11's tokenizer does (INDENT/DEDENT, implicit
/// line joining in brackets, backslash continuation). On an error the token stream ends with a
/// TokenKind::Error token, so the parser can still report an earlier syntax error first.
class Lexer
{
public:
    explicit Lexer(std::string_view source);

    /// Tokenizes the whole source; the last token is EndMarker or Error.
    std::vector<Token> tokenize();

    /// The tokenizer error, set when tokenize() ended with an Error token (filename left empty).
    const std::optional<SyntaxError> &error() const { return m_error; }

private:
    struct Bracket {
        char ch;
        int line;
        int col;
    };

    char peek(size_t ahead = 0) const;
    bool atEnd() const { return m_pos >= m_src.size(); }
    void advance();
    bool readIndentation(std::vector<Token> &out);
    bool readNumber(std::vector<Token> &out);
    bool readString(std::vector<Token> &out, size_t prefixLen);
    bool readOperator(std::vector<Token> &out);
    void push(std::vector<Token> &out, TokenKind kind, size_t start, int line, int col);
    bool fail(const std::string &message, int line, int col, int endCol = 0, const char *type = "SyntaxError");

    std::string_view m_src;
    size_t m_pos = 0;
    size_t m_lineStart = 0;
    int m_line = 1;
    std::vector<int> m_indents{0};
    std::vector<Bracket> m_brackets;
    bool m_atLineStart = true;
    bool m_lineHasTokens = false;
    std::optional<SyntaxError> m_error;
};

} // namespace loopscope
