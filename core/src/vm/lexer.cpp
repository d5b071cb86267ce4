#include "vm/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace loopscope {

namespace {

constexpr std::array kKeywords{"False",  "None",   "True",    "and",      "as",     "assert", "async",
                               "await",  "break",  "class",   "continue", "def",    "del",    "elif",
                               "else",   "except", "finally", "for",      "from",   "global", "if",
                               "import", "in",     "is",      "lambda",   "nonlocal", "not",  "or",
                               "pass",   "raise",  "return",  "try",      "while",  "with",   "yield"};

// Longest operators first so that maximal munch is a linear scan.
constexpr std::array kOperators{"**=", "//=", ">>=", "<<=", "...", "!=", "**", "//", "<<", ">>", "<=", ">=",
                                "==",  "->",  "+=",  "-=",  "*=",  "/=", "%=", "&=", "|=", "^=", "@=", ":=",
                                "+",   "-",   "*",   "/",   "%",   "@",  "&",  "|",  "^",  "~",  "<",  ">",
                                "(",   ")",   "[",   "]",   "{",   "}",  ",",  ":",  ";",  ".",  "="};

bool isIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool isIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

bool isStringPrefix(std::string_view p)
{
    std::string lower;
    for (char c : p)
        lower += char(std::tolower(static_cast<unsigned char>(c)));
    static constexpr std::array kPrefixes{"r", "u", "b", "br", "rb", "f", "fr", "rf"};
    return std::find(kPrefixes.begin(), kPrefixes.end(), lower) != kPrefixes.end();
}

} // namespace

bool isKeyword(std::string_view word)
{
    return std::find(kKeywords.begin(), kKeywords.end(), word) != kKeywords.end();
}

const char *tokenKindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::EndMarker: return "ENDMARKER";
    case TokenKind::Newline: return "NEWLINE";
    case TokenKind::Indent: return "INDENT";
    case TokenKind::Dedent: return "DEDENT";
    case TokenKind::Name: return "NAME";
    case TokenKind::Number: return "NUMBER";
    case TokenKind::String: return "STRING";
    case TokenKind::Op: return "OP";
    case TokenKind::Error: return "ERRORTOKEN";
    }
    return "?";
}

Lexer::Lexer(std::string_view source)
    : m_src(source)
{
}

char Lexer::peek(size_t ahead) const
{
    return m_pos + ahead < m_src.size() ? m_src[m_pos + ahead] : '\0';
}

void Lexer::advance()
{
    if (m_src[m_pos] == '\n') {
        ++m_line;
        m_lineStart = m_pos + 1;
    }
    ++m_pos;
}

void Lexer::push(std::vector<Token> &out, TokenKind kind, size_t start, int line, int col)
{
    Token t;
    t.kind = kind;
    t.text = std::string(m_src.substr(start, m_pos - start));
    t.line = line;
    t.col = col;
    t.endLine = m_line;
    t.endCol = int(m_pos - m_lineStart);
    out.push_back(std::move(t));
    m_lineHasTokens = true;
}

bool Lexer::fail(const std::string &message, int line, int col, int endCol, const char *type)
{
    SyntaxError e;
    e.type = type;
    e.message = message;
    e.line = line;
    e.column = col + 1;
    e.endLine = line;
    e.endColumn = endCol > 0 ? endCol + 1 : 0;
    e.sourceLine = sourceLineAt(m_src, line);
    m_error = std::move(e);
    return false;
}

// Measures the indentation of a new logical line and emits INDENT/DEDENT; blank and comment-only
// lines are skipped entirely, as in CPython.
bool Lexer::readIndentation(std::vector<Token> &out)
{
    for (;;) {
        int col = 0;
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\f')) {
            col = peek() == '\t' ? (col / 8 + 1) * 8 : peek() == '\f' ? 0 : col + 1;
            ++m_pos;
        }
        if (atEnd())
            return true;
        if (peek() == '#') {
            while (!atEnd() && peek() != '\n')
                ++m_pos;
        }
        if (peek() == '\r')
            ++m_pos;
        if (!atEnd() && peek() == '\n') {
            advance();
            continue;
        }
        if (atEnd())
            return true;
        if (peek() == '\\' && (peek(1) == '\n' || (peek(1) == '\r' && peek(2) == '\n')))
            return true; // a continuation right after indentation: leave it to the main loop
        int here = int(m_pos - m_lineStart);
        if (col > m_indents.back()) {
            if (m_indents.size() > 100)
                return fail("too many levels of indentation", m_line, here, 0, "IndentationError");
            m_indents.push_back(col);
            Token t{TokenKind::Indent, std::string(m_src.substr(m_lineStart, m_pos - m_lineStart)), m_line, 0, m_line,
                    here};
            out.push_back(std::move(t));
        } else {
            while (col < m_indents.back()) {
                m_indents.pop_back();
                out.push_back(Token{TokenKind::Dedent, "", m_line, here, m_line, here});
            }
            if (col != m_indents.back()) {
                // CPython puts the caret just past the end of the offending line.
                int lineLength = int(sourceLineAt(m_src, m_line).size());
                return fail("unindent does not match any outer indentation level", m_line, lineLength, 0,
                            "IndentationError");
            }
        }
        return true;
    }
}

bool Lexer::readNumber(std::vector<Token> &out)
{
    size_t start = m_pos;
    int col = int(m_pos - m_lineStart);
    auto digits = [&](auto accept, const char *kind) -> bool {
        bool any = false;
        for (;;) {
            char c = peek();
            if (c == '_') {
                if (!accept(peek(1)))
                    return fail(std::string("invalid ") + kind + " literal", m_line, int(m_pos - m_lineStart) + 1);
                ++m_pos;
                continue;
            }
            if (!accept(c))
                return any || fail(std::string("invalid ") + kind + " literal", m_line, int(m_pos - m_lineStart));
            any = true;
            ++m_pos;
        }
    };
    auto isDec = [](char c) { return c >= '0' && c <= '9'; };
    char radix = (peek() == '0') ? char(std::tolower(static_cast<unsigned char>(peek(1)))) : '\0';
    if (radix == 'x' || radix == 'o' || radix == 'b') {
        m_pos += 2;
        if (peek() == '_')
            ++m_pos;
        const char *kind = radix == 'x' ? "hexadecimal" : radix == 'o' ? "octal" : "binary";
        auto accept = [radix](char c) {
            if (radix == 'x')
                return bool(std::isxdigit(static_cast<unsigned char>(c)));
            if (radix == 'o')
                return c >= '0' && c <= '7';
            return c == '0' || c == '1';
        };
        if (!digits(accept, kind))
            return false;
        if (std::isdigit(static_cast<unsigned char>(peek())))
            return fail(std::string("invalid digit '") + peek() + "' in " + kind + " literal", m_line,
                        int(m_pos - m_lineStart));
    } else {
        bool isFloat = false;
        if (peek() != '.' && !digits(isDec, "decimal"))
            return false;
        if (peek() == '.') {
            isFloat = true;
            ++m_pos;
            if (isDec(peek()) && !digits(isDec, "decimal"))
                return false;
        }
        if (peek() == 'e' || peek() == 'E') {
            char after = peek(1);
            if (isDec(after) || ((after == '+' || after == '-') && isDec(peek(2)))) {
                isFloat = true;
                m_pos += (after == '+' || after == '-') ? 2 : 1;
                if (!digits(isDec, "decimal"))
                    return false;
            }
        }
        (void)isFloat;
        if (peek() == 'j' || peek() == 'J')
            return fail("imaginary literals are not supported", m_line, col, int(m_pos - m_lineStart) + 1);
    }
    if (isIdentStart(static_cast<unsigned char>(peek())))
        return fail("invalid decimal literal", m_line, col);
    push(out, TokenKind::Number, start, m_line, col);
    return true;
}

// Scans a string literal; the prefix has been measured but not consumed. Escapes are skipped, not
// decoded: the parser decodes, so the token keeps the exact source text.
bool Lexer::readString(std::vector<Token> &out, size_t prefixLen)
{
    size_t start = m_pos;
    int line = m_line;
    int col = int(m_pos - m_lineStart);
    m_pos += prefixLen;
    char quote = peek();
    bool triple = peek(1) == quote && peek(2) == quote;
    m_pos += triple ? 3 : 1;
    for (;;) {
        if (atEnd()) {
            // A final '\n' does not start a new line for this count.
            int lastLine = (m_pos > 0 && m_src[m_pos - 1] == '\n') ? m_line - 1 : m_line;
            if (!triple)
                return fail("unterminated string literal (detected at line " + std::to_string(lastLine) + ")", line,
                            col);
            // CPython counts the line the EOF sits on, which for a file ending in '\n' is the last line + 1.
            return fail("unterminated triple-quoted string literal (detected at line " + std::to_string(lastLine) +
                            ")",
                        line, col);
        }
        char c = peek();
        if (c == '\\') {
            advance();
            if (!atEnd())
                advance();
            continue;
        }
        if (c == '\n' && !triple)
            return fail("unterminated string literal (detected at line " + std::to_string(m_line) + ")", line, col);
        if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
            m_pos += triple ? 3 : 1;
            break;
        }
        advance();
    }
    push(out, TokenKind::String, start, line, col);
    return true;
}

bool Lexer::readOperator(std::vector<Token> &out)
{
    size_t start = m_pos;
    int col = int(m_pos - m_lineStart);
    for (std::string_view op : kOperators) {
        if (m_src.substr(m_pos, op.size()) != op)
            continue;
        char c = op[0];
        if (op.size() == 1 && (c == '(' || c == '[' || c == '{')) {
            if (m_brackets.size() >= 200)
                return fail("too many nested parentheses", m_line, col);
            m_brackets.push_back({c, m_line, col});
        } else if (op.size() == 1 && (c == ')' || c == ']' || c == '}')) {
            if (m_brackets.empty())
                return fail(std::string("unmatched '") + c + "'", m_line, col, col);
            char open = m_brackets.back().ch;
            char want = open == '(' ? ')' : open == '[' ? ']' : '}';
            if (c != want) {
                std::string msg = std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" +
                                  open + "'";
                if (m_brackets.back().line != m_line)
                    msg += " on line " + std::to_string(m_brackets.back().line);
                return fail(msg, m_line, col, col);
            }
            m_brackets.pop_back();
        }
        m_pos += op.size();
        push(out, TokenKind::Op, start, m_line, col);
        return true;
    }
    return fail(peek() == '!' ? "invalid syntax" : "invalid character in identifier", m_line, col);
}

std::vector<Token> Lexer::tokenize()
{
    std::vector<Token> out;
    auto errorToken = [&]() {
        Token t{TokenKind::Error, "", m_error->line, std::max(0, m_error->column - 1), m_error->line,
                std::max(0, m_error->column - 1)};
        out.push_back(std::move(t));
        return out;
    };
    // Skip a UTF-8 byte order mark.
    if (m_src.substr(0, 3) == "\xEF\xBB\xBF")
        m_pos = m_lineStart = 3;
    for (;;) {
        if (m_atLineStart && m_brackets.empty()) {
            m_atLineStart = false;
            if (!readIndentation(out))
                return errorToken();
        }
        if (atEnd())
            break;
        char c = peek();
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            ++m_pos;
            continue;
        }
        if (c == '#') {
            while (!atEnd() && peek() != '\n')
                ++m_pos;
            continue;
        }
        if (c == '\n') {
            if (m_brackets.empty() && m_lineHasTokens) {
                int col = int(m_pos - m_lineStart);
                out.push_back(Token{TokenKind::Newline, "\n", m_line, col, m_line, col + 1});
                m_lineHasTokens = false;
            }
            advance();
            if (m_brackets.empty())
                m_atLineStart = true;
            continue;
        }
        if (c == '\\') {
            size_t skip = peek(1) == '\n' ? 1 : (peek(1) == '\r' && peek(2) == '\n') ? 2 : 0;
            if (skip == 0) {
                if (m_pos + 1 >= m_src.size()) {
                    fail("unexpected EOF while parsing", m_line, int(m_pos - m_lineStart) + 1);
                    return errorToken();
                }
                fail("unexpected character after line continuation character", m_line, int(m_pos - m_lineStart) + 1);
                return errorToken();
            }
            m_pos += skip;
            advance();
            if (atEnd()) {
                fail("unexpected EOF while parsing", m_line - 1, 0);
                return errorToken();
            }
            continue;
        }
        if (isIdentStart(static_cast<unsigned char>(c))) {
            size_t start = m_pos;
            while (!atEnd() && isIdentChar(static_cast<unsigned char>(peek())))
                ++m_pos;
            size_t len = m_pos - start;
            if ((peek() == '"' || peek() == '\'') && len <= 2 && isStringPrefix(m_src.substr(start, len))) {
                m_pos = start;
                if (!readString(out, len))
                    return errorToken();
                continue;
            }
            push(out, TokenKind::Name, start, m_line, int(start - m_lineStart));
            continue;
        }
        if ((c >= '0' && c <= '9') || (c == '.' && peek(1) >= '0' && peek(1) <= '9')) {
            if (!readNumber(out))
                return errorToken();
            continue;
        }
        if (c == '"' || c == '\'') {
            if (!readString(out, 0))
                return errorToken();
            continue;
        }
        if (!readOperator(out))
            return errorToken();
    }
    if (!m_brackets.empty()) {
        const Bracket &b = m_brackets.back();
        fail(std::string("'") + b.ch + "' was never closed", b.line, b.col);
        return errorToken();
    }
    int col = int(m_pos - m_lineStart);
    if (m_lineHasTokens)
        out.push_back(Token{TokenKind::Newline, "", m_line, col, m_line, col + 1});
    if (col > 0) { // no trailing newline: the end marker sits on the next line, as in CPython
        ++m_line;
        col = 0;
    }
    while (m_indents.size() > 1) {
        m_indents.pop_back();
        out.push_back(Token{TokenKind::Dedent, "", m_line, col, m_line, col});
    }
    out.push_back(Token{TokenKind::EndMarker, "", m_line, col, m_line, col});
    return out;
}

} // namespace loopscope
