#include "vm/parser.h"

#include "vm/lexer.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace loopscope {

namespace detail {

using namespace ast;

namespace {

constexpr int kMaxRecursion = 300;   // parser call nesting (unary chains, lambdas, parentheses)
constexpr int kMaxTreeDepth = 1000;  // AST height, so every later recursive walk is bounded

// Unwinds the recursive descent to parseModule(), which turns it into a returned diagnostic.
struct ParseFailure {
    SyntaxError error;
    bool fromLexer = false; ///< the tokenizer's own error, reached by the parser
    int furthestLine = 0; ///< line of the furthest token the parser looked at
    bool furthestIsError = false; ///< ... and whether that token was the tokenizer's error token
};

void appendUtf8(std::string &out, uint32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

struct StringPrefix {
    bool raw = false;
    bool bytes = false;
    bool fstring = false;
    size_t length = 0;
};

StringPrefix splitPrefix(std::string_view text)
{
    StringPrefix p;
    while (p.length < text.size() && text[p.length] != '\'' && text[p.length] != '"') {
        char c = char(std::tolower(static_cast<unsigned char>(text[p.length])));
        p.raw |= c == 'r';
        p.bytes |= c == 'b';
        p.fstring |= c == 'f';
        ++p.length;
    }
    return p;
}

} // namespace

class Parser
{
public:
    Parser(std::vector<Token> tokens, std::string_view source, const std::string &filename,
           std::optional<SyntaxError> lexError, int nesting = 0, int lineOffset = 0, int colOffset = 0)
        : m_toks(std::move(tokens))
        , m_source(source)
        , m_filename(filename)
        , m_lexError(std::move(lexError))
        , m_depth(nesting)
        , m_lineOffset(lineOffset)
        , m_colOffset(colOffset)
    {
    }

    std::unique_ptr<Module> parseFile();
    ExprPtr parseFStringField();

private:
    // RAII recursion counter: hostile nesting becomes a SyntaxError, never a stack overflow.
    struct DepthGuard {
        Parser &p;
        explicit DepthGuard(Parser &parser)
            : p(parser)
        {
            if (++p.m_depth > kMaxRecursion)
                p.failToken(p.cur(), "too many nested parentheses");
        }
        ~DepthGuard() { --p.m_depth; }
    };

    // ---- token access
    const Token &cur() const
    {
        m_furthest = std::max(m_furthest, m_i);
        return m_toks[m_i];
    }
    const Token &ahead(size_t n) const
    {
        const size_t i = std::min(m_i + n, m_toks.size() - 1);
        m_furthest = std::max(m_furthest, i);
        return m_toks[i];
    }
    bool isOp(std::string_view s) const { return cur().kind == TokenKind::Op && cur().text == s; }
    bool isKw(std::string_view s) const { return cur().kind == TokenKind::Name && cur().text == s; }
    bool isOpAt(size_t n, std::string_view s) const
    {
        return ahead(n).kind == TokenKind::Op && ahead(n).text == s;
    }
    Token take()
    {
        const Token &t = m_toks[m_i];
        // Layout tokens do not move the end of the construct being parsed (CPython's end positions).
        if (t.kind != TokenKind::Newline && t.kind != TokenKind::Indent && t.kind != TokenKind::Dedent) {
            m_prevLine = t.endLine;
            m_prevCol = t.endCol;
        }
        if (m_i + 1 < m_toks.size())
            ++m_i;
        return t;
    }
    bool acceptOp(std::string_view s)
    {
        if (!isOp(s))
            return false;
        take();
        return true;
    }
    bool acceptKw(std::string_view s)
    {
        if (!isKw(s))
            return false;
        take();
        return true;
    }
    void expectOp(std::string_view s)
    {
        if (!acceptOp(s))
            failInvalid();
    }
    void expectColon()
    {
        if (!acceptOp(":"))
            failAfterPrevious("expected ':'");
    }
    // An f-string field is parsed from its own "(expr)" text; node positions are mapped back onto
    // the file, while error positions stay relative to that text, as CPython 3.11 prints them.
    int mapLine(int line) const { return line + m_lineOffset; }
    int mapCol(int line, int col) const { return line == 1 ? col + m_colOffset : col; }
    Pos startOf(const Token &t) const
    {
        return Pos{mapLine(t.line), mapCol(t.line, t.col), mapLine(t.endLine), mapCol(t.endLine, t.endCol)};
    }
    void close(Pos &p) const
    {
        p.endLine = mapLine(m_prevLine);
        p.endCol = mapCol(m_prevLine, m_prevCol);
    }

    // ---- errors
    [[noreturn]] void failSpan(int line, int col, int endLine, int endCol, const std::string &message,
                               const char *type = "SyntaxError")
    {
        if (cur().kind == TokenKind::Error && m_lexError)
            throw ParseFailure{*m_lexError, true};
        SyntaxError e;
        e.type = type;
        e.message = message;
        e.filename = m_filename;
        e.line = mapLine(line);
        e.column = col + 1;
        e.endLine = mapLine(endLine);
        e.endColumn = endCol >= 0 ? endCol + 1 : 0;
        e.sourceLine = sourceLineAt(m_source, line);
        const Token &far = m_toks[std::min(m_furthest, m_toks.size() - 1)];
        throw ParseFailure{std::move(e), false, mapLine(far.line), far.kind == TokenKind::Error};
    }
    [[noreturn]] void failToken(const Token &t, const std::string &message, const char *type = "SyntaxError")
    {
        if (t.kind == TokenKind::EndMarker && t.col == 0 && t.line > 1) {
            // CPython reports errors at end of file on the last line, without text or caret.
            failSpan(t.line - 1, -1, t.line - 1, -1, message, type);
        }
        if (t.kind == TokenKind::EndMarker || t.kind == TokenKind::Dedent)
            failSpan(t.line, t.col, t.line, -1, message, type);
        if (t.kind == TokenKind::Newline)
            failSpan(t.line, t.col, t.line, t.col + 1, message, type);
        failSpan(t.line, t.col, t.endLine, t.endCol, message, type);
    }
    [[noreturn]] void failInvalid() { failToken(cur(), "invalid syntax"); }
    [[noreturn]] void failAfterPrevious(const std::string &message)
    {
        failSpan(m_prevLine, m_prevCol, m_prevLine, m_prevCol, message);
    }
    [[noreturn]] void failNode(const Pos &p, const std::string &message)
    {
        int line = p.line - m_lineOffset, endLine = p.endLine - m_lineOffset;
        int col = line == 1 ? p.col - m_colOffset : p.col;
        int endCol = endLine == 1 ? p.endCol - m_colOffset : p.endCol;
        failSpan(line, col, endLine, endCol, message);
    }
    // f-string structure errors: CPython 3.11 puts the caret just past the end of the line.
    [[noreturn]] void failFString(const Token &t, const std::string &message)
    {
        int length = int(sourceLineAt(m_source, t.endLine).size());
        failSpan(t.endLine, length, t.endLine, length, message);
    }

    ExprPtr node(ExprKind kind, const Pos &pos) { return std::make_unique<Expr>(kind, pos); }
    ExprPtr finish(ExprPtr e);
    StmtPtr stmtNode(StmtKind kind, const Pos &pos) { return std::make_unique<Stmt>(kind, pos); }

    bool startsExpression() const;

    // ---- statements
    void statement(StmtList &out);
    void simpleStatements(StmtList &out);
    StmtPtr simpleStatement();
    StmtPtr expressionStatement();
    StmtList block(const std::string &what, int line);
    StmtPtr ifStatement(bool isElif);
    StmtPtr whileStatement();
    StmtPtr forStatement(const Token &start, bool isAsync);
    StmtPtr withStatement(const Token &start, bool isAsync);
    void withItems(Stmt &s, bool parenthesized);
    StmtPtr tryStatement();
    StmtPtr matchStatement();
    PatternPtr patterns();
    PatternPtr pattern();
    PatternPtr closedPattern();
    PatternPtr maybeStarPattern();
    PatternPtr sequencePattern(const Token &open, const char *close);
    PatternPtr mappingPattern(const Token &open);
    PatternPtr classPattern(ExprPtr cls);
    ExprPtr literalPatternValue();
    ExprPtr dottedValue(const Token &first);
    std::string captureTarget();
    PatternPtr patternNode(PatternKind kind, const Pos &pos) { return std::make_unique<Pattern>(kind, pos); }
    StmtPtr functionDef(const Token &start, bool isAsync, std::vector<ExprPtr> decorators);
    StmtPtr classDef(const Token &start, std::vector<ExprPtr> decorators);
    StmtPtr decorated();
    StmtPtr importStatement();
    StmtPtr fromImportStatement();
    std::string dottedName();
    std::unique_ptr<Arguments> parameters(bool lambda);

    // ---- targets
    void setContext(Expr &e, ExprContext ctx, bool assignStatement);
    const char *describe(const Expr &e) const;
    void assignmentHint(const Expr &target);
    bool looksLikeMatchStatement() const;
    ExprPtr starTargets();

    // ---- expressions
    ExprPtr starExpressions();
    ExprPtr starExpression();
    ExprPtr namedExpression();
    ExprPtr expression();
    ExprPtr yieldExpression();
    ExprPtr lambdaExpression();
    ExprPtr disjunction();
    ExprPtr conjunction();
    ExprPtr inversion();
    ExprPtr comparison();
    ExprPtr binaryLevel(int level);
    ExprPtr factor();
    ExprPtr power();
    ExprPtr awaitPrimary();
    ExprPtr primary();
    ExprPtr call(ExprPtr func);
    ExprPtr slices();
    ExprPtr slice();
    ExprPtr atom();
    ExprPtr parenthesized(const Token &open);
    ExprPtr listDisplay(const Token &open);
    ExprPtr braceDisplay(const Token &open);
    ExprPtr displayElement();
    void checkMissingComma(const Expr &previous);
    std::vector<Comprehension> comprehensionClauses();
    ExprPtr strings();
    ExprPtr number(const Token &t);

    // ---- string literals
    std::string decodeEscapes(std::string_view body, bool bytes, const Token &t);
    void fstringParts(const Token &t, std::string_view body, size_t bodyOffset, bool raw, std::vector<ExprPtr> &parts,
                      std::string &pending, int nesting);
    std::pair<int, int> positionInToken(const Token &t, size_t offset) const;
    ExprPtr fstringExpression(const Token &t, size_t offset, std::string_view text, int nesting);

    std::vector<Token> m_toks;
    size_t m_i = 0;
    mutable size_t m_furthest = 0; // CPython compares this token's line with an unclosed bracket's
    std::string_view m_source;
    std::string m_filename;
    std::optional<SyntaxError> m_lexError;
    int m_depth = 0;
    int m_brackets = 0; // open brackets around the current expression ("forgot a comma?" needs it)
    int m_prevLine = 1;
    int m_prevCol = 0;
    int m_lineOffset = 0; // nonzero only in an f-string field's sub-parser
    int m_colOffset = 0;
};

ExprPtr Parser::finish(ExprPtr e)
{
    int d = 0;
    auto see = [&d](const ExprPtr &c) {
        if (c)
            d = std::max(d, c->depth);
    };
    see(e->a);
    see(e->b);
    see(e->c);
    for (auto &x : e->elts)
        see(x);
    for (auto &x : e->keys)
        see(x);
    for (auto &k : e->keywords)
        see(k.value);
    for (auto &g : e->generators) {
        see(g.target);
        see(g.iter);
        for (auto &x : g.ifs)
            see(x);
    }
    if (e->args) {
        for (auto &x : e->args->defaults)
            see(x);
        for (auto &x : e->args->kwDefaults)
            see(x);
    }
    e->depth = d + 1;
    if (e->depth > kMaxTreeDepth)
        failNode(e->pos, "expression too deeply nested");
    return e;
}

bool Parser::startsExpression() const
{
    const Token &t = cur();
    switch (t.kind) {
    case TokenKind::Number:
    case TokenKind::String: return true;
    case TokenKind::Name:
        return !isKeyword(t.text) || t.text == "None" || t.text == "True" || t.text == "False" ||
               t.text == "not" || t.text == "lambda" || t.text == "await";
    case TokenKind::Op:
        return t.text == "(" || t.text == "[" || t.text == "{" || t.text == "-" || t.text == "+" || t.text == "~" ||
               t.text == "...";
    default: return false;
    }
}

// file -> [statements] ENDMARKER
std::unique_ptr<Module> Parser::parseFile()
{
    auto module = std::make_unique<Module>();
    while (cur().kind != TokenKind::EndMarker) {
        if (cur().kind == TokenKind::Error)
            failInvalid();
        statement(module->body);
    }
    return module;
}

// The f-string field sub-parser's entry: the token stream is '(' expression ')' wrapped around the text.
ExprPtr Parser::parseFStringField()
{
    const Token open = take();
    ExprPtr e = parenthesized(open);
    if (cur().kind != TokenKind::Newline && cur().kind != TokenKind::EndMarker)
        failInvalid();
    return e;
}

// `match` is a soft keyword: a statement only as `match <subject>:` NEWLINE INDENT `case`.
bool Parser::looksLikeMatchStatement() const
{
    size_t i = m_i + 1;
    if (i >= m_toks.size() || (m_toks[i].kind == TokenKind::Op && m_toks[i].text != "(" && m_toks[i].text != "["
                                  && m_toks[i].text != "-" && m_toks[i].text != "*" && m_toks[i].text != "{"))
        return false;
    while (i < m_toks.size() && m_toks[i].kind != TokenKind::Newline && m_toks[i].kind != TokenKind::EndMarker
           && m_toks[i].kind != TokenKind::Error)
        ++i;
    if (i + 2 >= m_toks.size() || m_toks[i].kind != TokenKind::Newline)
        return false;
    const Token &colon = m_toks[i - 1];
    return colon.kind == TokenKind::Op && colon.text == ":" && m_toks[i + 1].kind == TokenKind::Indent
        && m_toks[i + 2].kind == TokenKind::Name && m_toks[i + 2].text == "case";
}

// statement -> compound_stmt | simple_stmts
void Parser::statement(StmtList &out)
{
    const Token &t = cur();
    if (t.kind == TokenKind::Indent)
        failSpan(t.line, t.endCol - 1, t.line, -1, "unexpected indent", "IndentationError");
    if (t.kind == TokenKind::Newline) { // a stray NEWLINE (e.g. after a lone ';') is harmless
        take();
        return;
    }
    if (t.kind == TokenKind::Name) {
        const std::string &w = t.text;
        if (w == "match" && looksLikeMatchStatement()) {
            out.push_back(matchStatement());
            return;
        }
        if (w == "if") {
            out.push_back(ifStatement(false));
            return;
        }
        if (w == "while") {
            out.push_back(whileStatement());
            return;
        }
        if (w == "for") {
            Token start = take();
            out.push_back(forStatement(start, false));
            return;
        }
        if (w == "with") {
            Token start = take();
            out.push_back(withStatement(start, false));
            return;
        }
        if (w == "try") {
            out.push_back(tryStatement());
            return;
        }
        if (w == "def") {
            Token start = cur();
            out.push_back(functionDef(start, false, {}));
            return;
        }
        if (w == "class") {
            Token start = cur();
            out.push_back(classDef(start, {}));
            return;
        }
        if (w == "async") {
            Token start = take();
            if (isKw("def")) {
                out.push_back(functionDef(start, true, {}));
                return;
            }
            if (acceptKw("for")) {
                out.push_back(forStatement(start, true));
                return;
            }
            if (acceptKw("with")) {
                out.push_back(withStatement(start, true));
                return;
            }
            failInvalid();
        }
    }
    if (isOp("@")) {
        out.push_back(decorated());
        return;
    }
    simpleStatements(out);
}

// simple_stmts -> simple_stmt (';' simple_stmt)* [';'] NEWLINE
void Parser::simpleStatements(StmtList &out)
{
    for (;;) {
        out.push_back(simpleStatement());
        if (!acceptOp(";"))
            break;
        if (cur().kind == TokenKind::Newline)
            break;
    }
    if (cur().kind != TokenKind::Newline) {
        // Two expressions side by side on one line: CPython's "invalid syntax" at the second one.
        failInvalid();
    }
    take();
}

// simple_stmt -> assignment | star_expressions | return_stmt | import_stmt | raise_stmt | 'pass'
//              | del_stmt | yield_stmt | assert_stmt | 'break' | 'continue' | global_stmt | nonlocal_stmt
StmtPtr Parser::simpleStatement()
{
    const Token start = cur();
    Pos pos = startOf(start);
    if (start.kind == TokenKind::Name) {
        const std::string &w = start.text;
        if (w == "pass" || w == "break" || w == "continue") {
            take();
            close(pos);
            return stmtNode(w == "pass" ? StmtKind::Pass : w == "break" ? StmtKind::Break : StmtKind::Continue, pos);
        }
        if (w == "return") {
            take();
            auto s = stmtNode(StmtKind::Return, pos);
            if (cur().kind != TokenKind::Newline && !isOp(";"))
                s->value = starExpressions();
            close(s->pos);
            return s;
        }
        if (w == "raise") {
            // raise_stmt -> 'raise' [expression ['from' expression]]
            take();
            auto s = stmtNode(StmtKind::Raise, pos);
            if (cur().kind != TokenKind::Newline && !isOp(";")) {
                s->value = expression();
                if (acceptKw("from"))
                    s->cause = expression();
            }
            close(s->pos);
            return s;
        }
        if (w == "del") {
            // del_stmt -> 'del' del_targets
            take();
            auto s = stmtNode(StmtKind::Delete, pos);
            do {
                if (cur().kind == TokenKind::Newline || isOp(";"))
                    break;
                ExprPtr t = binaryLevel(0);
                setContext(*t, ExprContext::Del, false);
                s->targets.push_back(std::move(t));
            } while (acceptOp(","));
            if (s->targets.empty())
                failInvalid();
            close(s->pos);
            return s;
        }
        if (w == "assert") {
            // assert_stmt -> 'assert' expression [',' expression]
            take();
            auto s = stmtNode(StmtKind::Assert, pos);
            s->test = expression();
            if (acceptOp(","))
                s->msg = expression();
            close(s->pos);
            return s;
        }
        if (w == "global" || w == "nonlocal") {
            // global_stmt -> 'global' NAME (',' NAME)*
            take();
            auto s = stmtNode(w == "global" ? StmtKind::Global : StmtKind::Nonlocal, pos);
            do {
                if (cur().kind != TokenKind::Name || isKeyword(cur().text))
                    failInvalid();
                s->identifierPos.push_back(startOf(cur()));
                s->identifiers.push_back(take().text);
            } while (acceptOp(","));
            close(s->pos);
            return s;
        }
        if (w == "import")
            return importStatement();
        if (w == "from")
            return fromImportStatement();
    }
    return expressionStatement();
}

// assignment -> (star_targets '=')+ (yield_expr | star_expressions)
//             | single_target augassign (yield_expr | star_expressions)
//             | single_target ':' expression ['=' (yield_expr | star_expressions)]
// expression_stmt -> star_expressions | yield_expr
StmtPtr Parser::expressionStatement()
{
    Pos pos = startOf(cur());
    ExprPtr first = isKw("yield") ? yieldExpression() : starExpressions();
    if (isOp("=")) {
        auto s = stmtNode(StmtKind::Assign, pos);
        s->targets.push_back(std::move(first));
        while (acceptOp("=")) {
            ExprPtr rhs = isKw("yield") ? yieldExpression() : starExpressions();
            s->targets.push_back(std::move(rhs));
        }
        s->value = std::move(s->targets.back());
        s->targets.pop_back();
        if (s->targets.size() == 1) {
            try {
                setContext(*s->targets[0], ExprContext::Store, false);
            } catch (const ParseFailure &) {
                assignmentHint(*s->targets[0]);
                throw;
            }
        }
        for (auto &t : s->targets)
            setContext(*t, ExprContext::Store, false);
        close(s->pos);
        return s;
    }
    static constexpr std::pair<const char *, BinOpKind> kAug[] = {
        {"+=", BinOpKind::Add},     {"-=", BinOpKind::Sub},    {"*=", BinOpKind::Mult},   {"@=", BinOpKind::MatMult},
        {"/=", BinOpKind::Div},     {"%=", BinOpKind::Mod},    {"&=", BinOpKind::And},    {"|=", BinOpKind::Or},
        {"^=", BinOpKind::Xor},     {"<<=", BinOpKind::LShift}, {">>=", BinOpKind::RShift}, {"**=", BinOpKind::Pow},
        {"//=", BinOpKind::FloorDiv}};
    for (auto [text, op] : kAug) {
        if (!isOp(text))
            continue;
        if (first->kind != ExprKind::Name && first->kind != ExprKind::Attribute &&
            first->kind != ExprKind::Subscript)
            failNode(first->pos, std::string("'") + describe(*first) + "' is an illegal expression for augmented assignment");
        take();
        auto s = stmtNode(StmtKind::AugAssign, pos);
        setContext(*first, ExprContext::Store, false);
        s->target = std::move(first);
        s->op = op;
        s->value = isKw("yield") ? yieldExpression() : starExpressions();
        close(s->pos);
        return s;
    }
    if (isOp(":")) {
        if (first->kind == ExprKind::Tuple)
            failNode(first->pos, "only single target (not tuple) can be annotated");
        if (first->kind == ExprKind::List)
            failNode(first->pos, "only single target (not list) can be annotated");
        if (first->kind != ExprKind::Name && first->kind != ExprKind::Attribute &&
            first->kind != ExprKind::Subscript)
            failNode(first->pos, "illegal target for annotation");
        take();
        auto s = stmtNode(StmtKind::AnnAssign, pos);
        s->simple = first->kind == ExprKind::Name && !first->parenthesized;
        setContext(*first, ExprContext::Store, false);
        s->target = std::move(first);
        s->annotation = expression();
        if (acceptOp("="))
            s->value = isKw("yield") ? yieldExpression() : starExpressions();
        close(s->pos);
        return s;
    }
    if (first->kind == ExprKind::Name && (first->name == "print" || first->name == "exec") && startsExpression()) {
        ExprPtr arg = starExpressions();
        Pos span = first->pos;
        span.endLine = arg->pos.endLine;
        span.endCol = arg->pos.endCol;
        failNode(span, "Missing parentheses in call to '" + first->name + "'. Did you mean " + first->name +
                           "(...)?");
    }
    auto s = stmtNode(StmtKind::ExprStmt, pos);
    s->value = std::move(first);
    close(s->pos);
    return s;
}

// block -> NEWLINE INDENT statements DEDENT | simple_stmts
StmtList Parser::block(const std::string &what, int line)
{
    StmtList body;
    if (cur().kind != TokenKind::Newline) {
        simpleStatements(body);
        return body;
    }
    take();
    if (cur().kind != TokenKind::Indent) {
        const Token &t = cur();
        std::string message = "expected an indented block after " + what + " on line " + std::to_string(line);
        if (t.kind == TokenKind::EndMarker)
            failToken(t, message, "IndentationError");
        failSpan(t.line, t.col, t.line, t.col, message, "IndentationError");
    }
    take();
    while (cur().kind != TokenKind::Dedent && cur().kind != TokenKind::EndMarker) {
        if (cur().kind == TokenKind::Error)
            failInvalid();
        statement(body);
    }
    take();
    return body;
}

// if_stmt -> 'if' named_expression ':' block (elif_stmt | ['else' ':' block])
// elif_stmt -> 'elif' named_expression ':' block (elif_stmt | ['else' ':' block])
StmtPtr Parser::ifStatement(bool isElif)
{
    Token start = take();
    auto s = stmtNode(StmtKind::If, startOf(start));
    s->test = namedExpression();
    expectColon();
    s->body = block(isElif ? "'elif' statement" : "'if' statement", start.line);
    if (isKw("elif")) {
        s->orelse.push_back(ifStatement(true));
    } else if (isKw("else")) {
        Token e = take();
        expectColon();
        s->orelse = block("'else' statement", e.line);
    }
    close(s->pos);
    return s;
}

// while_stmt -> 'while' named_expression ':' block ['else' ':' block]
StmtPtr Parser::whileStatement()
{
    Token start = take();
    auto s = stmtNode(StmtKind::While, startOf(start));
    s->test = namedExpression();
    expectColon();
    s->body = block("'while' statement", start.line);
    if (isKw("else")) {
        Token e = take();
        expectColon();
        s->orelse = block("'else' statement", e.line);
    }
    close(s->pos);
    return s;
}

// for_stmt -> ['async'] 'for' star_targets 'in' star_expressions ':' block ['else' ':' block]
StmtPtr Parser::forStatement(const Token &start, bool isAsync)
{
    auto s = stmtNode(StmtKind::For, startOf(start));
    s->isAsync = isAsync;
    s->target = starTargets();
    if (!acceptKw("in"))
        failInvalid();
    s->iter = starExpressions();
    expectColon();
    s->body = block("'for' statement", start.line);
    if (isKw("else")) {
        Token e = take();
        expectColon();
        s->orelse = block("'else' statement", e.line);
    }
    close(s->pos);
    return s;
}

// with_stmt -> ['async'] 'with' '(' ','.with_item+ [','] ')' ':' block
//            | ['async'] 'with' ','.with_item+ ':' block
// with_item -> expression ['as' star_target]
StmtPtr Parser::withStatement(const Token &start, bool isAsync)
{
    auto s = stmtNode(StmtKind::With, startOf(start));
    s->isAsync = isAsync;
    bool done = false;
    if (isOp("(")) {
        // Try the parenthesised form first and fall back to an ordinary expression on failure.
        size_t save = m_i;
        int saveLine = m_prevLine, saveCol = m_prevCol;
        try {
            take();
            ++m_brackets;
            withItems(*s, true);
            --m_brackets;
            expectOp(")");
            if (!isOp(":"))
                failInvalid();
            done = true;
        } catch (const ParseFailure &) {
            m_brackets = 0;
            m_i = save;
            m_prevLine = saveLine;
            m_prevCol = saveCol;
            s->items.clear();
        }
    }
    if (!done)
        withItems(*s, false);
    expectColon();
    s->body = block("'with' statement", start.line);
    close(s->pos);
    return s;
}

void Parser::withItems(Stmt &s, bool parenthesized)
{
    do {
        if (parenthesized && isOp(")"))
            break;
        WithItem item;
        item.context = expression();
        if (acceptKw("as")) {
            ExprPtr target = binaryLevel(0);
            if (target->kind == ExprKind::Starred)
                failNode(target->pos, "cannot use starred expression here");
            setContext(*target, ExprContext::Store, false);
            item.target = std::move(target);
        }
        s.items.push_back(std::move(item));
    } while (acceptOp(","));
}

// try_stmt -> 'try' ':' block finally_block
//           | 'try' ':' block except_block+ ['else' ':' block] [finally_block]
// except_block -> 'except' ['*'] [expression ['as' NAME]] ':' block
StmtPtr Parser::tryStatement()
{
    Token start = take();
    auto s = stmtNode(StmtKind::Try, startOf(start));
    expectColon();
    s->body = block("'try' statement", start.line);
    while (isKw("except")) {
        Token e = take();
        ExceptHandler h;
        h.pos = startOf(e);
        bool star = isOp("*");
        int keywordEnd = star ? cur().endCol : e.endCol;
        if (star)
            take();
        if (!s->handlers.empty() && star != s->isStar)
            failSpan(e.line, e.col, e.line, keywordEnd, "cannot have both 'except' and 'except*' on the same 'try'");
        s->isStar = star;
        if (star && isOp(":"))
            failToken(cur(), "expected one or more exception types");
        if (!isOp(":")) {
            h.type = expression();
            if (isOp(",")) {
                Pos span = h.type->pos;
                take();
                expression();
                span.endLine = m_prevLine;
                span.endCol = m_prevCol;
                failNode(span, "multiple exception types must be parenthesized");
            }
            if (acceptKw("as")) {
                if (cur().kind != TokenKind::Name || isKeyword(cur().text))
                    failInvalid();
                h.name = take().text;
            }
        }
        expectColon();
        close(h.pos);
        h.body = block("'except' statement", e.line);
        s->handlers.push_back(std::move(h));
    }
    if (isKw("else")) {
        if (s->handlers.empty())
            failToken(cur(), "expected 'except' or 'finally' block");
        Token e = take();
        expectColon();
        s->orelse = block("'else' statement", e.line);
    }
    if (isKw("finally")) {
        Token f = take();
        expectColon();
        s->finalbody = block("'finally' statement", f.line);
    }
    if (s->handlers.empty() && s->finalbody.empty())
        failToken(cur(), "expected 'except' or 'finally' block");
    close(s->pos);
    return s;
}

// match_stmt -> "match" subject_expr ':' NEWLINE INDENT case_block+ DEDENT
// case_block -> "case" patterns ['if' named_expression] ':' block
StmtPtr Parser::matchStatement()
{
    Token start = take();
    auto s = stmtNode(StmtKind::Match, startOf(start));
    s->value = isOp("*") ? starExpressions() : namedExpression();
    if (isOp(",")) { // subject_expr -> star_named_expression ',' star_named_expressions?
        auto t = node(ExprKind::Tuple, s->value->pos);
        t->elts.push_back(std::move(s->value));
        while (acceptOp(",") && !isOp(":"))
            t->elts.push_back(starExpression());
        close(t->pos);
        s->value = finish(std::move(t));
    }
    expectColon();
    take(); // NEWLINE and INDENT: looksLikeMatchStatement() saw them
    take();
    while (isKw("case")) {
        Token caseToken = take();
        MatchCase c;
        c.pattern = patterns();
        if (acceptKw("if"))
            c.guard = namedExpression();
        expectColon();
        c.body = block("'case' statement", caseToken.line);
        s->cases.push_back(std::move(c));
    }
    if (cur().kind != TokenKind::Dedent)
        failInvalid();
    take();
    close(s->pos);
    return s;
}

// patterns -> open_sequence_pattern | pattern
PatternPtr Parser::patterns()
{
    Pos pos = startOf(cur());
    PatternPtr first = maybeStarPattern();
    if (!isOp(",")) {
        if (first->kind == PatternKind::MatchStar)
            failNode(first->pos, "invalid syntax");
        return first;
    }
    auto seq = patternNode(PatternKind::MatchSequence, pos);
    seq->patterns.push_back(std::move(first));
    while (acceptOp(",")) {
        if (isOp(":") || isKw("if"))
            break;
        seq->patterns.push_back(maybeStarPattern());
    }
    close(seq->pos);
    return seq;
}

// maybe_star_pattern -> '*' (capture_target | '_') | pattern
PatternPtr Parser::maybeStarPattern()
{
    if (!isOp("*"))
        return pattern();
    Token star = take();
    auto p = patternNode(PatternKind::MatchStar, startOf(star));
    if (isKw("_"))
        take();
    else
        p->name = captureTarget();
    close(p->pos);
    return p;
}

// pattern -> or_pattern ['as' capture_target];  or_pattern -> '|'.closed_pattern+
PatternPtr Parser::pattern()
{
    Pos pos = startOf(cur());
    PatternPtr p = closedPattern();
    if (isOp("|")) {
        auto alt = patternNode(PatternKind::MatchOr, pos);
        alt->patterns.push_back(std::move(p));
        while (acceptOp("|"))
            alt->patterns.push_back(closedPattern());
        close(alt->pos);
        p = std::move(alt);
    }
    if (!isKw("as"))
        return p;
    take();
    if (isKw("_"))
        failToken(cur(), "cannot use '_' as a target");
    if (cur().kind != TokenKind::Name || isKeyword(cur().text)) {
        ExprPtr bad = expression();
        failNode(bad->pos, "invalid pattern target");
    }
    auto as = patternNode(PatternKind::MatchAs, pos);
    as->pattern = std::move(p);
    as->name = take().text;
    close(as->pos);
    return as;
}

// capture_target -> !'_' NAME !('.' | '(' | '=')
std::string Parser::captureTarget()
{
    if (cur().kind != TokenKind::Name || isKeyword(cur().text) || cur().text == "_")
        failInvalid();
    return take().text;
}

// signed_number | strings | the constant that a literal_pattern compares with ==
ExprPtr Parser::literalPatternValue()
{
    if (isOp("-")) {
        Token minus = take();
        if (cur().kind != TokenKind::Number)
            failInvalid();
        Token num = take();
        auto neg = node(ExprKind::UnaryOp, startOf(minus));
        neg->op = int(UnaryOpKind::USub);
        neg->a = number(num);
        close(neg->pos);
        return finish(std::move(neg));
    }
    if (cur().kind == TokenKind::Number) {
        Token num = take();
        return number(num);
    }
    ExprPtr str = strings();
    if (str->kind == ExprKind::JoinedStr)
        failNode(str->pos, "patterns may only match literals and attribute lookups");
    return str;
}

// attr -> name_or_attr '.' NAME (the Name already taken is `first`)
ExprPtr Parser::dottedValue(const Token &first)
{
    auto value = node(ExprKind::Name, startOf(first));
    value->name = first.text;
    while (acceptOp(".")) {
        if (cur().kind != TokenKind::Name || isKeyword(cur().text))
            failInvalid();
        Token attr = take();
        auto a = node(ExprKind::Attribute, value->pos);
        a->a = std::move(value);
        a->name = attr.text;
        close(a->pos);
        value = finish(std::move(a));
    }
    return value;
}

// closed_pattern -> literal | capture | wildcard | value | group | sequence | mapping | class
PatternPtr Parser::closedPattern()
{
    DepthGuard guard(*this);
    const Token t = cur();
    Pos pos = startOf(t);
    if (t.kind == TokenKind::Number || t.kind == TokenKind::String || isOp("-")) {
        auto p = patternNode(PatternKind::MatchValue, pos);
        p->value = literalPatternValue();
        if (isOp("+") || isOp("-"))
            failInvalid(); // complex literals are outside the subset
        p->pos = p->value->pos;
        return p;
    }
    if (t.kind == TokenKind::Name) {
        if (t.text == "None" || t.text == "True" || t.text == "False") {
            auto p = patternNode(PatternKind::MatchSingleton, pos);
            p->value = atom();
            return p;
        }
        if (isKeyword(t.text))
            failInvalid();
        take();
        if (!isOp(".") && !isOp("(")) {
            auto p = patternNode(PatternKind::MatchAs, pos);
            if (t.text != "_")
                p->name = t.text;
            return p;
        }
        ExprPtr value = dottedValue(t);
        if (isOp("("))
            return classPattern(std::move(value));
        auto p = patternNode(PatternKind::MatchValue, value->pos);
        p->value = std::move(value);
        return p;
    }
    if (isOp("(")) {
        Token open = take();
        if (isOp(")"))
            return sequencePattern(open, ")");
        PatternPtr inner = maybeStarPattern();
        if (inner->kind != PatternKind::MatchStar && acceptOp(")"))
            return inner; // group_pattern
        auto seq = patternNode(PatternKind::MatchSequence, startOf(open));
        seq->patterns.push_back(std::move(inner));
        if (!isOp(","))
            failInvalid();
        PatternPtr rest = sequencePattern(open, ")");
        for (PatternPtr &r : rest->patterns)
            seq->patterns.push_back(std::move(r));
        seq->pos = rest->pos;
        return seq;
    }
    if (isOp("[")) {
        Token open = take();
        if (isOp(","))
            failInvalid();
        return sequencePattern(open, "]");
    }
    if (isOp("{")) {
        Token open = take();
        return mappingPattern(open);
    }
    failInvalid();
}

// The rest of a sequence pattern after its bracket (and after a first item, which the caller holds).
PatternPtr Parser::sequencePattern(const Token &open, const char *closing)
{
    auto seq = patternNode(PatternKind::MatchSequence, startOf(open));
    bool first = !isOp(",");
    while (!isOp(closing)) {
        if (!first) {
            expectOp(",");
            if (isOp(closing))
                break;
        }
        first = false;
        seq->patterns.push_back(maybeStarPattern());
    }
    take();
    close(seq->pos);
    return seq;
}

// mapping_pattern -> '{' [key_value_pattern (',' key_value_pattern)*] [','] ['**' capture_target [',']] '}'
PatternPtr Parser::mappingPattern(const Token &open)
{
    auto map = patternNode(PatternKind::MatchMapping, startOf(open));
    while (!isOp("}")) {
        if (acceptOp("**")) {
            map->name = captureTarget();
            acceptOp(",");
            if (!isOp("}"))
                failInvalid();
            break;
        }
        ExprPtr key;
        if (cur().kind == TokenKind::Name && cur().text != "None" && cur().text != "True" && cur().text != "False") {
            Token first = take();
            if (!isOp("."))
                failInvalid();
            key = dottedValue(first);
        } else if (cur().kind == TokenKind::Name) {
            key = atom();
        } else {
            key = literalPatternValue();
        }
        expectOp(":");
        map->keys.push_back(std::move(key));
        map->patterns.push_back(pattern());
        if (!acceptOp(","))
            break;
    }
    expectOp("}");
    close(map->pos);
    return map;
}

// class_pattern -> name_or_attr '(' [pattern (',' pattern)*] [NAME '=' pattern (',' NAME '=' pattern)*] [','] ')'
PatternPtr Parser::classPattern(ExprPtr cls)
{
    auto p = patternNode(PatternKind::MatchClass, cls->pos);
    p->value = std::move(cls);
    expectOp("(");
    Pos firstPositionalAfterKeyword{};
    bool misplaced = false;
    while (!isOp(")")) {
        if (cur().kind == TokenKind::Name && isOpAt(1, "=") && !isKeyword(cur().text)) {
            p->kwdAttrs.push_back(take().text);
            take();
            p->kwdPatterns.push_back(pattern());
        } else {
            PatternPtr positional = pattern();
            if (!p->kwdAttrs.empty()) {
                if (!misplaced)
                    firstPositionalAfterKeyword = positional->pos;
                firstPositionalAfterKeyword.endLine = positional->pos.endLine;
                firstPositionalAfterKeyword.endCol = positional->pos.endCol;
                misplaced = true;
            }
            p->patterns.push_back(std::move(positional));
        }
        if (!acceptOp(","))
            break;
    }
    expectOp(")");
    if (misplaced)
        failNode(firstPositionalAfterKeyword, "positional patterns follow keyword patterns");
    close(p->pos);
    return p;
}

// decorators -> ('@' named_expression NEWLINE)+ (function_def | class_def)
StmtPtr Parser::decorated()
{
    std::vector<ExprPtr> decorators;
    while (acceptOp("@")) {
        decorators.push_back(namedExpression());
        if (cur().kind != TokenKind::Newline)
            failInvalid();
        take();
    }
    Token start = cur();
    if (isKw("def"))
        return functionDef(start, false, std::move(decorators));
    if (isKw("class"))
        return classDef(start, std::move(decorators));
    if (isKw("async") && ahead(1).kind == TokenKind::Name && ahead(1).text == "def") {
        take();
        return functionDef(start, true, std::move(decorators));
    }
    failInvalid();
}

// function_def -> ['async'] 'def' NAME '(' [params] ')' ['->' expression] ':' block
StmtPtr Parser::functionDef(const Token &start, bool isAsync, std::vector<ExprPtr> decorators)
{
    Token defToken = take(); // 'def'
    auto s = stmtNode(StmtKind::FunctionDef, startOf(start));
    s->isAsync = isAsync;
    s->decorators = std::move(decorators);
    if (cur().kind != TokenKind::Name || isKeyword(cur().text))
        failInvalid();
    s->name = take().text;
    if (!isOp("("))
        failToken(cur(), "expected '('");
    take();
    ++m_brackets;
    s->args = parameters(false);
    --m_brackets;
    expectOp(")");
    if (acceptOp("->"))
        s->annotation = expression();
    expectColon();
    s->body = block("function definition", defToken.line);
    close(s->pos);
    return s;
}

// params -> ','.(param_with_default | '/' | '*' [NAME] | '**' NAME)+ [',']   (lambda: no annotations)
// param -> NAME [':' expression] ['=' expression]
std::unique_ptr<Arguments> Parser::parameters(bool lambda)
{
    auto args = std::make_unique<Arguments>();
    const char *end = lambda ? ":" : ")";
    bool sawStar = false, sawDefault = false, sawSlash = false;
    auto paramName = [&]() -> Arg {
        if (cur().kind != TokenKind::Name || isKeyword(cur().text))
            failInvalid();
        Arg a{cur().text, startOf(cur())};
        take();
        if (!lambda && acceptOp(":"))
            args->annotations.emplace_back(a.name, expression());
        return a;
    };
    while (!isOp(end)) {
        if (args->kwarg)
            failToken(cur(), "arguments cannot follow var-keyword argument");
        if (acceptOp("/")) {
            if (sawSlash)
                failToken(ahead(0), "/ may appear only once");
            if (sawStar)
                failInvalid();
            if (args->args.empty())
                failInvalid();
            sawSlash = true;
            args->posonly = std::move(args->args);
            args->args.clear();
        } else if (isOp("*")) {
            Token star = take();
            if (sawStar)
                failToken(star, "* argument may appear only once");
            sawStar = true;
            if (isOp(",") || isOp(end)) {
                if (isOp(end) || (isOpAt(1, end) && isOp(",")))
                    failToken(star, "named arguments must follow bare *");
            } else {
                args->vararg = paramName();
            }
        } else if (acceptOp("**")) {
            args->kwarg = paramName();
        } else {
            Arg a = paramName();
            ExprPtr def;
            if (acceptOp("="))
                def = expression();
            if (sawStar) {
                args->kwonly.push_back(std::move(a));
                args->kwDefaults.push_back(std::move(def));
            } else {
                if (def) {
                    sawDefault = true;
                    args->defaults.push_back(std::move(def));
                } else if (sawDefault) {
                    failSpan(a.pos.line, a.pos.col, a.pos.endLine, a.pos.endCol,
                             "non-default argument follows default argument");
                }
                args->args.push_back(std::move(a));
            }
        }
        if (!acceptOp(","))
            break;
    }
    if (!isOp(end))
        failInvalid();
    return args;
}

// class_def -> 'class' NAME ['(' [arguments] ')'] ':' block
StmtPtr Parser::classDef(const Token &start, std::vector<ExprPtr> decorators)
{
    Token classToken = take();
    auto s = stmtNode(StmtKind::ClassDef, startOf(start));
    s->decorators = std::move(decorators);
    if (cur().kind != TokenKind::Name || isKeyword(cur().text))
        failInvalid();
    s->name = take().text;
    if (isOp("(")) {
        Pos p = startOf(cur());
        ExprPtr fake = node(ExprKind::Name, p);
        ExprPtr c = call(std::move(fake));
        s->bases = std::move(c->elts);
        s->keywords = std::move(c->keywords);
    }
    expectColon();
    s->body = block("class definition", classToken.line);
    close(s->pos);
    return s;
}

// dotted_name -> NAME ('.' NAME)*
std::string Parser::dottedName()
{
    std::string name;
    do {
        if (cur().kind != TokenKind::Name || isKeyword(cur().text))
            failInvalid();
        if (!name.empty())
            name += '.';
        name += take().text;
    } while (acceptOp("."));
    return name;
}

// import_name -> 'import' ','.(dotted_name ['as' NAME])+
StmtPtr Parser::importStatement()
{
    Token start = take();
    auto s = stmtNode(StmtKind::Import, startOf(start));
    do {
        Alias a;
        a.pos = startOf(cur());
        a.name = dottedName();
        if (acceptKw("as")) {
            if (cur().kind != TokenKind::Name || isKeyword(cur().text))
                failInvalid();
            a.asname = take().text;
        }
        close(a.pos);
        s->names.push_back(std::move(a));
    } while (acceptOp(","));
    close(s->pos);
    return s;
}

// import_from -> 'from' ('.' | '...')* dotted_name 'import' import_from_targets
//              | 'from' ('.' | '...')+ 'import' import_from_targets
// import_from_targets -> '(' ','.(NAME ['as' NAME])+ [','] ')' | ','.(NAME ['as' NAME])+ | '*'
StmtPtr Parser::fromImportStatement()
{
    Token start = take();
    auto s = stmtNode(StmtKind::ImportFrom, startOf(start));
    for (;;) {
        if (acceptOp("."))
            s->level += 1;
        else if (acceptOp("..."))
            s->level += 3;
        else
            break;
    }
    if (!isKw("import"))
        s->module = dottedName();
    if (!acceptKw("import"))
        failInvalid();
    if (isOp("*")) {
        Alias a;
        a.pos = startOf(cur());
        take();
        a.name = "*";
        close(a.pos);
        s->names.push_back(std::move(a));
        close(s->pos);
        return s;
    }
    bool paren = acceptOp("(");
    if (paren)
        ++m_brackets;
    do {
        if (paren && isOp(")"))
            break;
        if (cur().kind != TokenKind::Name || isKeyword(cur().text))
            failInvalid();
        Alias a;
        a.pos = startOf(cur());
        a.name = take().text;
        if (acceptKw("as")) {
            if (cur().kind != TokenKind::Name || isKeyword(cur().text))
                failInvalid();
            a.asname = take().text;
        }
        close(a.pos);
        s->names.push_back(std::move(a));
    } while (acceptOp(","));
    if (paren) {
        --m_brackets;
        if (s->names.empty())
            failInvalid();
        expectOp(")");
    } else if (!s->names.empty() && m_prevCol > 0 && m_toks[m_i - 1].text == ",") {
        failToken(m_toks[m_i - 1], "trailing comma not allowed without surrounding parentheses");
    }
    if (s->names.empty())
        failInvalid();
    close(s->pos);
    return s;
}

// ---------------------------------------------------------------- targets

const char *Parser::describe(const Expr &e) const
{
    switch (e.kind) {
    case ExprKind::Constant: {
        if (std::holds_alternative<NoneConstant>(e.value.value))
            return "None";
        if (auto b = std::get_if<bool>(&e.value.value))
            return *b ? "True" : "False";
        if (std::holds_alternative<EllipsisConstant>(e.value.value))
            return "ellipsis";
        return "literal";
    }
    case ExprKind::JoinedStr: return "f-string expression";
    case ExprKind::BoolOp:
    case ExprKind::BinOp:
    case ExprKind::UnaryOp: return "expression";
    case ExprKind::Compare: return "comparison";
    case ExprKind::Call: return "function call";
    case ExprKind::IfExp: return "conditional expression";
    case ExprKind::Lambda: return "lambda";
    case ExprKind::Await: return "await expression";
    case ExprKind::Yield:
    case ExprKind::YieldFrom: return "yield expression";
    case ExprKind::NamedExpr: return "named expression";
    case ExprKind::Dict: return "dict literal";
    case ExprKind::Set: return "set display";
    case ExprKind::ListComp: return "list comprehension";
    case ExprKind::SetComp: return "set comprehension";
    case ExprKind::DictComp: return "dict comprehension";
    case ExprKind::GeneratorExp: return "generator expression";
    case ExprKind::Tuple: return "tuple";
    case ExprKind::List: return "list";
    case ExprKind::Starred: return "starred";
    case ExprKind::Name: return "name";
    case ExprKind::Attribute: return "attribute";
    case ExprKind::Subscript: return "subscript";
    default: return "expression";
    }
}

// `a = b` with an invalid target: CPython's second pass tries the element just before '=' as a
// named expression first, and its "Maybe you meant '=='" errors win over the target's own message.
void Parser::assignmentHint(const Expr &target)
{
    const Expr *e = &target;
    if (e->kind == ExprKind::Tuple && !e->elts.empty() && e->elts.back()->pos.endLine == e->pos.endLine
        && e->elts.back()->pos.endCol == e->pos.endCol)
        e = e->elts.back().get();
    switch (e->kind) {
    case ExprKind::Name: failNode(e->pos, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
    case ExprKind::Constant:
    case ExprKind::Call:
    case ExprKind::BinOp:
    case ExprKind::JoinedStr:
    case ExprKind::Attribute:
    case ExprKind::Subscript: break;
    case ExprKind::UnaryOp:
        if (e->op == int(UnaryOpKind::Not))
            return;
        break;
    default: return;
    }
    const std::string what = describe(*e);
    if (what == "None" || what == "True" || what == "False")
        return;
    failNode(e->pos, "cannot assign to " + what + " here. Maybe you meant '==' instead of '='?");
}

// Validates an assignment/deletion target and marks it Store/Del, with CPython's messages.
void Parser::setContext(Expr &e, ExprContext ctx, bool assignStatement)
{
    switch (e.kind) {
    case ExprKind::Name:
    case ExprKind::Attribute:
    case ExprKind::Subscript: e.ctx = ctx; return;
    case ExprKind::Starred:
        if (ctx == ExprContext::Del)
            failNode(e.pos, "cannot delete starred");
        e.ctx = ctx;
        setContext(*e.a, ctx, assignStatement);
        return;
    case ExprKind::Tuple:
    case ExprKind::List:
        e.ctx = ctx;
        for (auto &x : e.elts)
            setContext(*x, ctx, assignStatement);
        return;
    default: break;
    }
    std::string what = describe(e);
    if (ctx == ExprContext::Del)
        failNode(e.pos, "cannot delete " + what);
    if (assignStatement && (e.kind == ExprKind::Constant || e.kind == ExprKind::Call ||
                            e.kind == ExprKind::BinOp || e.kind == ExprKind::UnaryOp ||
                            e.kind == ExprKind::BoolOp || e.kind == ExprKind::Compare ||
                            e.kind == ExprKind::Attribute || e.kind == ExprKind::JoinedStr) &&
        !(e.kind == ExprKind::Constant && (what == "None" || what == "True" || what == "False")))
        failNode(e.pos, "cannot assign to " + what + " here. Maybe you meant '==' instead of '='?");
    failNode(e.pos, "cannot assign to " + what);
}

// star_targets -> star_target (',' star_target)* [',']      (stops before 'in')
// star_target -> ['*'] (t_primary '.' NAME | t_primary '[' slices ']' | NAME | '(' targets ')' | '[' targets ']')
ExprPtr Parser::starTargets()
{
    Pos pos = startOf(cur());
    auto one = [&]() -> ExprPtr {
        if (isOp("*")) {
            Token star = take();
            auto s = node(ExprKind::Starred, startOf(star));
            s->a = binaryLevel(0);
            close(s->pos);
            return finish(std::move(s));
        }
        return binaryLevel(0);
    };
    ExprPtr first = one();
    if (!isOp(",")) {
        setContext(*first, ExprContext::Store, false);
        return first;
    }
    auto t = node(ExprKind::Tuple, pos);
    t->elts.push_back(std::move(first));
    while (acceptOp(",")) {
        if (isKw("in") || isOp("=") || isOp(":"))
            break;
        t->elts.push_back(one());
    }
    close(t->pos);
    setContext(*t, ExprContext::Store, false);
    return finish(std::move(t));
}

// ---------------------------------------------------------------- expressions

// star_expressions -> star_expression (',' star_expression)* [',']
ExprPtr Parser::starExpressions()
{
    Pos pos = startOf(cur());
    ExprPtr first = starExpression();
    if (!isOp(","))
        return first;
    auto t = node(ExprKind::Tuple, pos);
    t->elts.push_back(std::move(first));
    while (acceptOp(",")) {
        if (!startsExpression() && !isOp("*") && !isKw("yield"))
            break;
        t->elts.push_back(starExpression());
    }
    close(t->pos);
    return finish(std::move(t));
}

// star_expression -> '*' bitwise_or | expression
ExprPtr Parser::starExpression()
{
    if (isOp("*")) {
        Token star = take();
        auto s = node(ExprKind::Starred, startOf(star));
        s->a = binaryLevel(0);
        close(s->pos);
        return finish(std::move(s));
    }
    return expression();
}

// named_expression -> NAME ':=' expression | expression !':='
ExprPtr Parser::namedExpression()
{
    if (cur().kind == TokenKind::Name && isOpAt(1, ":=") && !isKeyword(cur().text)) {
        Token name = take();
        take();
        auto n = node(ExprKind::NamedExpr, startOf(name));
        auto target = node(ExprKind::Name, startOf(name));
        target->name = name.text;
        target->ctx = ExprContext::Store;
        n->a = std::move(target);
        n->b = expression();
        close(n->pos);
        return finish(std::move(n));
    }
    ExprPtr e = expression();
    if (isOp(":="))
        failNode(e->pos, std::string("cannot use assignment expressions with ") + describe(*e));
    return e;
}

// expression -> disjunction ['if' disjunction 'else' expression] | lambdef
ExprPtr Parser::expression()
{
    DepthGuard guard(*this);
    if (isKw("lambda"))
        return lambdaExpression();
    Pos pos = startOf(cur());
    ExprPtr body = disjunction();
    if (!isKw("if"))
        return body;
    take();
    auto e = node(ExprKind::IfExp, pos);
    e->b = disjunction();
    if (!acceptKw("else")) {
        Pos span = pos;
        span.endLine = m_prevLine;
        span.endCol = m_prevCol;
        failNode(span, "expected 'else' after 'if' expression");
    }
    e->a = std::move(body);
    e->c = expression();
    close(e->pos);
    return finish(std::move(e));
}

// yield_expr -> 'yield' 'from' expression | 'yield' [star_expressions]
ExprPtr Parser::yieldExpression()
{
    Token y = take();
    if (acceptKw("from")) {
        auto e = node(ExprKind::YieldFrom, startOf(y));
        e->a = expression();
        close(e->pos);
        return finish(std::move(e));
    }
    auto e = node(ExprKind::Yield, startOf(y));
    if (startsExpression() || isOp("*"))
        e->a = starExpressions();
    close(e->pos);
    return finish(std::move(e));
}

// lambdef -> 'lambda' [lambda_params] ':' expression
ExprPtr Parser::lambdaExpression()
{
    Token l = take();
    auto e = node(ExprKind::Lambda, startOf(l));
    e->args = parameters(true);
    expectColon();
    e->a = expression();
    close(e->pos);
    return finish(std::move(e));
}

// disjunction -> conjunction ('or' conjunction)*
ExprPtr Parser::disjunction()
{
    Pos pos = startOf(cur());
    ExprPtr first = conjunction();
    if (!isKw("or"))
        return first;
    auto e = node(ExprKind::BoolOp, pos);
    e->op = int(BoolOpKind::Or);
    e->elts.push_back(std::move(first));
    while (acceptKw("or"))
        e->elts.push_back(conjunction());
    close(e->pos);
    return finish(std::move(e));
}

// conjunction -> inversion ('and' inversion)*
ExprPtr Parser::conjunction()
{
    Pos pos = startOf(cur());
    ExprPtr first = inversion();
    if (!isKw("and"))
        return first;
    auto e = node(ExprKind::BoolOp, pos);
    e->op = int(BoolOpKind::And);
    e->elts.push_back(std::move(first));
    while (acceptKw("and"))
        e->elts.push_back(inversion());
    close(e->pos);
    return finish(std::move(e));
}

// inversion -> 'not' inversion | comparison
ExprPtr Parser::inversion()
{
    if (!isKw("not"))
        return comparison();
    DepthGuard guard(*this);
    Token n = take();
    auto e = node(ExprKind::UnaryOp, startOf(n));
    e->op = int(UnaryOpKind::Not);
    e->a = inversion();
    close(e->pos);
    return finish(std::move(e));
}

// comparison -> bitwise_or (compare_op bitwise_or)*
// compare_op -> '==' | '!=' | '<=' | '<' | '>=' | '>' | 'not' 'in' | 'in' | 'is' 'not' | 'is'
ExprPtr Parser::comparison()
{
    Pos pos = startOf(cur());
    ExprPtr first = binaryLevel(0);
    ExprPtr e;
    for (;;) {
        std::optional<CmpOpKind> op;
        const Token &t = cur();
        if (t.kind == TokenKind::Op) {
            if (t.text == "==")
                op = CmpOpKind::Eq;
            else if (t.text == "!=")
                op = CmpOpKind::NotEq;
            else if (t.text == "<")
                op = CmpOpKind::Lt;
            else if (t.text == "<=")
                op = CmpOpKind::LtE;
            else if (t.text == ">")
                op = CmpOpKind::Gt;
            else if (t.text == ">=")
                op = CmpOpKind::GtE;
            if (op)
                take();
        } else if (t.kind == TokenKind::Name) {
            if (t.text == "in") {
                take();
                op = CmpOpKind::In;
            } else if (t.text == "not" && ahead(1).kind == TokenKind::Name && ahead(1).text == "in") {
                take();
                take();
                op = CmpOpKind::NotIn;
            } else if (t.text == "is") {
                take();
                op = acceptKw("not") ? CmpOpKind::IsNot : CmpOpKind::Is;
            }
        }
        if (!op)
            break;
        if (!e) {
            e = node(ExprKind::Compare, pos);
            e->a = std::move(first);
        }
        e->cmpOps.push_back(*op);
        e->elts.push_back(binaryLevel(0));
    }
    if (!e)
        return first;
    close(e->pos);
    return finish(std::move(e));
}

// bitwise_or -> bitwise_or '|' bitwise_xor | bitwise_xor      (level 0)
// bitwise_xor -> bitwise_xor '^' bitwise_and | bitwise_and    (level 1)
// bitwise_and -> bitwise_and '&' shift_expr | shift_expr      (level 2)
// shift_expr -> shift_expr ('<<' | '>>') sum | sum            (level 3)
// sum -> sum ('+' | '-') term | term                          (level 4)
// term -> term ('*' | '/' | '//' | '%' | '@') factor | factor (level 5)
ExprPtr Parser::binaryLevel(int level)
{
    struct OpEntry {
        const char *text;
        BinOpKind op;
    };
    static const std::vector<std::vector<OpEntry>> kLevels = {
        {{"|", BinOpKind::Or}},
        {{"^", BinOpKind::Xor}},
        {{"&", BinOpKind::And}},
        {{"<<", BinOpKind::LShift}, {">>", BinOpKind::RShift}},
        {{"+", BinOpKind::Add}, {"-", BinOpKind::Sub}},
        {{"*", BinOpKind::Mult}, {"/", BinOpKind::Div}, {"//", BinOpKind::FloorDiv}, {"%", BinOpKind::Mod},
         {"@", BinOpKind::MatMult}},
    };
    Pos pos = startOf(cur());
    ExprPtr left = level + 1 < int(kLevels.size()) ? binaryLevel(level + 1) : factor();
    for (;;) {
        const OpEntry *found = nullptr;
        if (cur().kind == TokenKind::Op) {
            for (const OpEntry &entry : kLevels[size_t(level)]) {
                if (cur().text == entry.text)
                    found = &entry;
            }
        }
        if (!found)
            return left;
        take();
        auto e = node(ExprKind::BinOp, pos);
        e->op = int(found->op);
        e->a = std::move(left);
        e->b = level + 1 < int(kLevels.size()) ? binaryLevel(level + 1) : factor();
        close(e->pos);
        left = finish(std::move(e));
    }
}

// factor -> '+' factor | '-' factor | '~' factor | power
ExprPtr Parser::factor()
{
    if (cur().kind == TokenKind::Op && (cur().text == "+" || cur().text == "-" || cur().text == "~")) {
        DepthGuard guard(*this);
        Token t = take();
        auto e = node(ExprKind::UnaryOp, startOf(t));
        e->op = int(t.text == "+" ? UnaryOpKind::UAdd : t.text == "-" ? UnaryOpKind::USub : UnaryOpKind::Invert);
        e->a = factor();
        close(e->pos);
        return finish(std::move(e));
    }
    return power();
}

// power -> await_primary '**' factor | await_primary
ExprPtr Parser::power()
{
    Pos pos = startOf(cur());
    ExprPtr base = awaitPrimary();
    if (!isOp("**"))
        return base;
    take();
    auto e = node(ExprKind::BinOp, pos);
    e->op = int(BinOpKind::Pow);
    e->a = std::move(base);
    e->b = factor();
    close(e->pos);
    return finish(std::move(e));
}

// await_primary -> 'await' primary | primary
ExprPtr Parser::awaitPrimary()
{
    if (!isKw("await"))
        return primary();
    DepthGuard guard(*this);
    Token a = take();
    auto e = node(ExprKind::Await, startOf(a));
    e->a = primary();
    close(e->pos);
    return finish(std::move(e));
}

// primary -> primary '.' NAME | primary genexp | primary '(' [arguments] ')' | primary '[' slices ']' | atom
ExprPtr Parser::primary()
{
    Pos pos = startOf(cur());
    ExprPtr e = atom();
    for (;;) {
        if (isOp(".")) {
            take();
            if (cur().kind != TokenKind::Name || isKeyword(cur().text))
                failInvalid();
            auto a = node(ExprKind::Attribute, pos);
            a->name = take().text;
            a->a = std::move(e);
            close(a->pos);
            e = finish(std::move(a));
        } else if (isOp("(")) {
            e = call(std::move(e));
            e->pos.line = pos.line;
            e->pos.col = pos.col;
        } else if (isOp("[")) {
            take();
            ++m_brackets;
            auto s = node(ExprKind::Subscript, pos);
            s->a = std::move(e);
            s->b = slices();
            --m_brackets;
            expectOp("]");
            close(s->pos);
            e = finish(std::move(s));
        } else {
            return e;
        }
    }
}

// arguments -> ','.(starred_expression | (assignment_expression | expression !':=') !'=')+ [',' kwargs]
// kwargs -> ','.(NAME '=' expression | '*' expression | '**' expression)+
ExprPtr Parser::call(ExprPtr func)
{
    Token open = take();
    ++m_brackets;
    auto c = node(ExprKind::Call, func->pos);
    c->a = std::move(func);
    bool sawKeyword = false, sawDoubleStar = false;
    const Expr *generator = nullptr;
    size_t argumentCount = 0;
    while (!isOp(")")) {
        ++argumentCount;
        Pos argPos = startOf(cur());
        if (isOp("*")) {
            Token star = take();
            if (sawDoubleStar)
                failToken(star, "iterable argument unpacking follows keyword argument unpacking");
            auto s = node(ExprKind::Starred, startOf(star));
            s->a = expression();
            close(s->pos);
            c->elts.push_back(finish(std::move(s)));
        } else if (isOp("**")) {
            take();
            Keyword k;
            k.pos = argPos;
            k.value = expression();
            close(k.pos);
            c->keywords.push_back(std::move(k));
            sawKeyword = sawDoubleStar = true;
        } else if (cur().kind == TokenKind::Name && isOpAt(1, "=")) {
            Token name = take();
            if (isKeyword(name.text)) {
                if (name.text == "True" || name.text == "False" || name.text == "None")
                    failSpan(name.line, name.col, name.line, ahead(0).endCol, "cannot assign to " + name.text);
                failToken(name, "invalid syntax");
            }
            take();
            Keyword k;
            k.name = name.text;
            k.pos = argPos;
            k.value = expression();
            close(k.pos);
            for (auto &other : c->keywords) {
                if (other.name == k.name)
                    failSpan(k.pos.line, k.pos.col, k.pos.endLine, k.pos.endCol,
                             "keyword argument repeated: " + k.name);
            }
            c->keywords.push_back(std::move(k));
            sawKeyword = true;
        } else {
            ExprPtr arg = namedExpression();
            if (isOp("=")) {
                Pos span = arg->pos;
                span.endLine = cur().endLine;
                span.endCol = cur().endCol;
                failNode(span, "expression cannot contain assignment, perhaps you meant \"==\"?");
            }
            if (isKw("for") || (isKw("async") && ahead(1).text == "for")) {
                auto g = node(ExprKind::GeneratorExp, argPos);
                g->a = std::move(arg);
                g->generators = comprehensionClauses();
                close(g->pos);
                arg = finish(std::move(g));
                generator = arg.get();
            }
            if (sawKeyword) {
                if (sawDoubleStar)
                    failNode(arg->pos, "positional argument follows keyword argument unpacking");
                failToken(isOp(",") ? ahead(0) : cur(), "positional argument follows keyword argument");
            }
            c->elts.push_back(std::move(arg));
        }
        if (!acceptOp(",")) {
            if (!isOp(")") && startsExpression() && !c->elts.empty())
                checkMissingComma(*c->elts.back());
            break;
        }
    }
    if (generator && argumentCount > 1) {
        Pos p = generator->pos;
        failNode(p, "Generator expression must be parenthesized");
    }
    --m_brackets;
    expectOp(")");
    (void)open;
    close(c->pos);
    return finish(std::move(c));
}

// slices -> slice !',' | ','.(slice | starred_expression)+ [',']
ExprPtr Parser::slices()
{
    Pos pos = startOf(cur());
    ExprPtr first = slice();
    if (!isOp(","))
        return first;
    auto t = node(ExprKind::Tuple, pos);
    t->elts.push_back(std::move(first));
    while (acceptOp(",")) {
        if (isOp("]"))
            break;
        t->elts.push_back(slice());
    }
    close(t->pos);
    return finish(std::move(t));
}

// slice -> [expression] ':' [expression] [':' [expression]] | named_expression | starred_expression
ExprPtr Parser::slice()
{
    Pos pos = startOf(cur());
    if (isOp("*"))
        return starExpression();
    ExprPtr lower;
    if (!isOp(":")) {
        lower = namedExpression();
        if (!isOp(":"))
            return lower;
    }
    take();
    auto s = node(ExprKind::Slice, pos);
    s->a = std::move(lower);
    if (!isOp(":") && !isOp("]") && !isOp(","))
        s->b = expression();
    if (acceptOp(":")) {
        if (!isOp("]") && !isOp(","))
            s->c = expression();
    }
    close(s->pos);
    return finish(std::move(s));
}

// atom -> NAME | 'True' | 'False' | 'None' | strings | NUMBER | tuple | group | genexp | list | listcomp
//       | dict | set | dictcomp | setcomp | '...'
ExprPtr Parser::atom()
{
    const Token &t = cur();
    Pos pos = startOf(t);
    switch (t.kind) {
    case TokenKind::Name: {
        if (t.text == "None" || t.text == "True" || t.text == "False") {
            auto c = node(ExprKind::Constant, pos);
            if (t.text == "None")
                c->value = NoneConstant{};
            else
                c->value = t.text == "True";
            take();
            return c;
        }
        if (isKeyword(t.text))
            failInvalid();
        auto n = node(ExprKind::Name, pos);
        n->name = t.text;
        take();
        return n;
    }
    case TokenKind::Number: {
        Token num = take();
        return number(num);
    }
    case TokenKind::String: return strings();
    case TokenKind::Op: {
        if (t.text == "(") {
            Token open = take();
            return parenthesized(open);
        }
        if (t.text == "[") {
            Token open = take();
            return listDisplay(open);
        }
        if (t.text == "{") {
            Token open = take();
            return braceDisplay(open);
        }
        if (t.text == "...") {
            take();
            auto c = node(ExprKind::Constant, pos);
            c->value = EllipsisConstant{};
            return c;
        }
        failInvalid();
    }
    default: failInvalid();
    }
}

// Reports "Perhaps you forgot a comma?" when, inside brackets, an expression directly follows another.
void Parser::checkMissingComma(const Expr &previous)
{
    if (m_brackets == 0 || !startsExpression())
        return;
    if (previous.kind == ExprKind::Name && cur().kind == TokenKind::String)
        return; // a NAME followed by a STRING is some other mistake (a prefix typo), as in CPython
    size_t save = m_i;
    Token bad = cur();
    try {
        ExprPtr next = disjunction();
        failSpan(previous.pos.line, previous.pos.col, next->pos.endLine, next->pos.endCol,
                 "invalid syntax. Perhaps you forgot a comma?");
    } catch (const ParseFailure &f) {
        if (f.error.message == "invalid syntax. Perhaps you forgot a comma?")
            throw;
    }
    m_i = save;
    failToken(bad, "invalid syntax");
}

// tuple -> '(' [star_named_expression ',' [star_named_expressions]] ')'
// group -> '(' (yield_expr | named_expression) ')'
// genexp -> '(' (assignment_expression | expression !':=') for_if_clauses ')'
ExprPtr Parser::parenthesized(const Token &open)
{
    DepthGuard guard(*this);
    Pos pos = startOf(open);
    ++m_brackets;
    if (isOp(")")) {
        take();
        --m_brackets;
        auto t = node(ExprKind::Tuple, pos);
        close(t->pos);
        t->parenthesized = true;
        return t;
    }
    if (isKw("yield")) {
        ExprPtr y = yieldExpression();
        --m_brackets;
        expectOp(")");
        y->parenthesized = true;
        return y;
    }
    ExprPtr first = displayElement();
    if (isKw("for") || (isKw("async") && ahead(1).text == "for")) {
        if (first->kind == ExprKind::Starred)
            failNode(first->pos, "iterable unpacking cannot be used in comprehension");
        auto g = node(ExprKind::GeneratorExp, pos);
        g->a = std::move(first);
        g->generators = comprehensionClauses();
        --m_brackets;
        expectOp(")");
        close(g->pos);
        return finish(std::move(g));
    }
    if (!isOp(",")) {
        if (!isOp(")"))
            checkMissingComma(*first);
        --m_brackets;
        expectOp(")");
        if (first->kind == ExprKind::Starred)
            failNode(first->pos, "cannot use starred expression here");
        first->parenthesized = true;
        return first;
    }
    auto t = node(ExprKind::Tuple, pos);
    t->elts.push_back(std::move(first));
    while (acceptOp(",")) {
        if (isOp(")"))
            break;
        t->elts.push_back(displayElement());
        if (!isOp(",") && !isOp(")"))
            checkMissingComma(*t->elts.back());
    }
    --m_brackets;
    expectOp(")");
    close(t->pos);
    t->parenthesized = true;
    return finish(std::move(t));
}

// star_named_expression -> '*' bitwise_or | named_expression
ExprPtr Parser::displayElement()
{
    if (isOp("*")) {
        Token star = take();
        auto s = node(ExprKind::Starred, startOf(star));
        s->a = binaryLevel(0);
        close(s->pos);
        return finish(std::move(s));
    }
    return namedExpression();
}

// list -> '[' [star_named_expressions] ']'
// listcomp -> '[' named_expression for_if_clauses ']'
ExprPtr Parser::listDisplay(const Token &open)
{
    DepthGuard guard(*this);
    Pos pos = startOf(open);
    ++m_brackets;
    auto l = node(ExprKind::List, pos);
    if (!isOp("]")) {
        ExprPtr first = displayElement();
        if (isKw("for") || (isKw("async") && ahead(1).text == "for")) {
            if (first->kind == ExprKind::Starred)
                failNode(first->pos, "iterable unpacking cannot be used in comprehension");
            auto c = node(ExprKind::ListComp, pos);
            c->a = std::move(first);
            c->generators = comprehensionClauses();
            --m_brackets;
            expectOp("]");
            close(c->pos);
            return finish(std::move(c));
        }
        l->elts.push_back(std::move(first));
        for (;;) {
            if (!isOp(",")) {
                if (!isOp("]"))
                    checkMissingComma(*l->elts.back());
                break;
            }
            take();
            if (isOp("]"))
                break;
            l->elts.push_back(displayElement());
        }
    }
    --m_brackets;
    expectOp("]");
    close(l->pos);
    return finish(std::move(l));
}

// dict -> '{' [','.('**' bitwise_or | expression ':' expression)+ [',']] '}'
// set -> '{' star_named_expressions '}'
// dictcomp -> '{' expression ':' expression for_if_clauses '}'
// setcomp -> '{' named_expression for_if_clauses '}'
ExprPtr Parser::braceDisplay(const Token &open)
{
    DepthGuard guard(*this);
    Pos pos = startOf(open);
    ++m_brackets;
    if (acceptOp("}")) {
        --m_brackets;
        auto d = node(ExprKind::Dict, pos);
        close(d->pos);
        return d;
    }
    bool isDict;
    ExprPtr firstKey, firstValue;
    if (acceptOp("**")) {
        isDict = true;
        firstValue = binaryLevel(0);
    } else {
        firstKey = displayElement();
        isDict = isOp(":");
        if (isDict) {
            if (firstKey->kind == ExprKind::Starred)
                failNode(firstKey->pos, "cannot use a starred expression in a dictionary key");
            take();
            firstValue = expression();
        }
    }
    if (isKw("for") || (isKw("async") && ahead(1).text == "for")) {
        if (isDict && !firstKey)
            failNode(firstValue->pos, "dict unpacking cannot be used in dict comprehension");
        if (firstKey->kind == ExprKind::Starred)
            failNode(firstKey->pos, "iterable unpacking cannot be used in comprehension");
        auto c = node(isDict ? ExprKind::DictComp : ExprKind::SetComp, pos);
        c->a = std::move(firstKey);
        c->b = std::move(firstValue);
        c->generators = comprehensionClauses();
        --m_brackets;
        expectOp("}");
        close(c->pos);
        return finish(std::move(c));
    }
    auto d = node(isDict ? ExprKind::Dict : ExprKind::Set, pos);
    if (isDict) {
        d->keys.push_back(std::move(firstKey));
        d->elts.push_back(std::move(firstValue));
    } else {
        d->elts.push_back(std::move(firstKey));
    }
    for (;;) {
        if (!isOp(",")) {
            if (!isOp("}"))
                checkMissingComma(*d->elts.back());
            break;
        }
        take();
        if (isOp("}"))
            break;
        if (isDict) {
            if (acceptOp("**")) {
                d->keys.push_back(nullptr);
                d->elts.push_back(binaryLevel(0));
                continue;
            }
            ExprPtr key = expression();
            if (!isOp(":"))
                failSpan(key->pos.endLine, key->pos.endCol - 1, key->pos.endLine, key->pos.endCol - 1,
                         "':' expected after dictionary key");
            take();
            d->keys.push_back(std::move(key));
            d->elts.push_back(expression());
        } else {
            d->elts.push_back(displayElement());
        }
    }
    --m_brackets;
    expectOp("}");
    close(d->pos);
    return finish(std::move(d));
}

// for_if_clauses -> (['async'] 'for' star_targets 'in' disjunction ('if' disjunction)*)+
std::vector<Comprehension> Parser::comprehensionClauses()
{
    std::vector<Comprehension> out;
    while (isKw("for") || (isKw("async") && ahead(1).text == "for")) {
        Comprehension c;
        c.isAsync = acceptKw("async");
        take();
        c.target = starTargets();
        if (!acceptKw("in"))
            failInvalid();
        c.iter = disjunction();
        while (acceptKw("if"))
            c.ifs.push_back(disjunction());
        out.push_back(std::move(c));
    }
    return out;
}

// NUMBER: ints become int64 or a BigIntConstant (digits kept for GMP), everything else a double.
ExprPtr Parser::number(const Token &t)
{
    auto c = node(ExprKind::Constant, startOf(t));
    std::string text;
    for (char ch : t.text) {
        if (ch != '_')
            text += ch;
    }
    int base = 10;
    std::string digits = text;
    if (text.size() > 1 && text[0] == '0' && std::isalpha(static_cast<unsigned char>(text[1]))) {
        char r = char(std::tolower(static_cast<unsigned char>(text[1])));
        base = r == 'x' ? 16 : r == 'o' ? 8 : 2;
        digits = text.substr(2);
    } else if (text.find_first_of(".eE") != std::string::npos) {
        c->value = std::strtod(text.c_str(), nullptr);
        return c;
    } else if (text.size() > 1 && text[0] == '0' && text.find_first_not_of('0') != std::string::npos) {
        failSpan(t.line, t.col, t.line, t.col,
                 "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
    }
    uint64_t value = 0;
    bool overflow = false;
    for (char ch : digits) {
        uint64_t d = uint64_t(hexValue(ch));
        if (value > (uint64_t(std::numeric_limits<int64_t>::max()) - d) / uint64_t(base)) {
            overflow = true;
            break;
        }
        value = value * uint64_t(base) + d;
    }
    if (overflow) {
        size_t nz = digits.find_first_not_of('0');
        c->value = BigIntConstant{nz == std::string::npos ? "0" : digits.substr(nz), base, false};
    } else {
        c->value = int64_t(value);
    }
    return c;
}

// ---------------------------------------------------------------- strings

std::pair<int, int> Parser::positionInToken(const Token &t, size_t offset) const
{
    int line = t.line, col = t.col;
    for (size_t i = 0; i < offset && i < t.text.size(); ++i) {
        if (t.text[i] == '\n') {
            ++line;
            col = 0;
        } else {
            ++col;
        }
    }
    return {line, col};
}

std::string Parser::decodeEscapes(std::string_view body, bool bytes, const Token &t)
{
    std::string out;
    out.reserve(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        char e = body[++i];
        switch (e) {
        case '\n': break;
        case '\\': out += '\\'; break;
        case '\'': out += '\''; break;
        case '"': out += '"'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            uint32_t v = uint32_t(e - '0');
            for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++k)
                v = v * 8 + uint32_t(body[++i] - '0');
            if (bytes)
                out += char(v & 0xFF);
            else
                appendUtf8(out, v);
            break;
        }
        case 'x':
        case 'u':
        case 'U': {
            int width = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            if (bytes && e != 'x') {
                out += '\\';
                out += e;
                break;
            }
            uint32_t v = 0;
            for (int k = 0; k < width; ++k) {
                int h = i + 1 < body.size() ? hexValue(body[i + 1]) : -1;
                if (h < 0) {
                    std::string kind = bytes ? "bytes" : "unicode error 'unicodeescape' codec";
                    failToken(t, e == 'x' ? (bytes ? "(value error) invalid \\x escape at position " +
                                                          std::to_string(i - 1)
                                                    : "(unicode error) 'unicodeescape' codec can't decode bytes in "
                                                      "position " +
                                                          std::to_string(i - 1) + "-" + std::to_string(i + k) +
                                                          ": truncated \\xXX escape")
                                          : "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                                                std::to_string(i - 1) + "-" + std::to_string(i + k) +
                                                ": truncated \\" + std::string(1, e) + std::string(size_t(width), 'X') +
                                                " escape");
                }
                v = v * 16 + uint32_t(h);
                ++i;
            }
            if (bytes)
                out += char(v);
            else
                appendUtf8(out, v);
            break;
        }
        case 'N':
            if (!bytes)
                failToken(t, "\\N{...} escapes are not supported");
            [[fallthrough]];
        default:
            // Unknown escapes keep their backslash (CPython only warns).
            out += '\\';
            out += e;
        }
    }
    return out;
}

ExprPtr Parser::fstringExpression(const Token &t, size_t offset, std::string_view text, int nesting)
{
    auto [line, col] = positionInToken(t, offset);
    std::string wrapped = "(" + std::string(text) + ")";
    Lexer lexer(wrapped);
    std::vector<Token> toks = lexer.tokenize();
    if (lexer.error()) {
        SyntaxError e = *lexer.error();
        e.filename = m_filename;
        e.message = "f-string: " + e.message;
        e.line += line - 1;
        e.endLine = 0;
        e.endColumn = 0;
        throw ParseFailure{std::move(e)};
    }
    // The '(' of the wrapper sits one column left of the expression text.
    Parser sub(std::move(toks), wrapped, m_filename, std::nullopt, m_depth + nesting + 1, line - 1, col - 1);
    try {
        return sub.parseFStringField();
    } catch (ParseFailure &f) {
        if (f.error.message.rfind("f-string: ", 0) != 0)
            f.error.message = "f-string: " + f.error.message;
        throw;
    }
}

// Splits an f-string body into literal text and FormattedValue fields, as CPython 3.11's
// fstring_find_literal / fstring_find_expr do. `pending` accumulates literal text across parts.
void Parser::fstringParts(const Token &t, std::string_view body, size_t bodyOffset, bool raw,
                          std::vector<ExprPtr> &parts, std::string &pending, int nesting)
{
    Pos tokenPos = startOf(t);
    auto flushLiteral = [&](std::string &literal) {
        if (literal.empty())
            return;
        pending += raw ? literal : decodeEscapes(literal, false, t);
        literal.clear();
    };
    auto flushPending = [&]() {
        if (pending.empty())
            return;
        auto c = node(ExprKind::Constant, tokenPos);
        c->value = pending;
        parts.push_back(std::move(c));
        pending.clear();
    };
    std::string literal;
    size_t i = 0;
    while (i < body.size()) {
        char ch = body[i];
        if (ch == '\\' && !raw && i + 1 < body.size()) {
            literal += ch;
            literal += body[i + 1];
            i += 2;
            continue;
        }
        if (ch == '}') {
            if (i + 1 < body.size() && body[i + 1] == '}') {
                literal += '}';
                i += 2;
                continue;
            }
            failFString(t, "f-string: single '}' is not allowed");
        }
        if (ch != '{') {
            literal += ch;
            ++i;
            continue;
        }
        if (i + 1 < body.size() && body[i + 1] == '{') {
            literal += '{';
            i += 2;
            continue;
        }
        flushLiteral(literal);
        if (nesting >= 2)
            failFString(t, "f-string: expressions nested too deeply");
        // Find the end of the expression: a top-level '!', ':', '=' (not '==', '!=', ...) or '}'.
        size_t exprStart = ++i;
        std::vector<char> stack;
        char quote = 0;
        for (; i < body.size(); ++i) {
            char c = body[i];
            if (quote) {
                if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '\\')
                failFString(t, "f-string expression part cannot include a backslash");
            if (c == '#')
                failFString(t, "f-string expression part cannot include '#'");
            if (c == '\'' || c == '"') {
                quote = c;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                stack.push_back(c);
                continue;
            }
            if (c == ')' || c == ']' || c == '}') {
                if (stack.empty()) {
                    if (c == '}')
                        break;
                    failToken(t, std::string("f-string: unmatched '") + c + "'");
                }
                stack.pop_back();
                continue;
            }
            if (!stack.empty())
                continue;
            char next = i + 1 < body.size() ? body[i + 1] : '\0';
            if (c == '!' && next != '=')
                break;
            if (c == ':')
                break;
            if (c == '=' && next != '=' && i > exprStart && std::string_view("=!<>").find(body[i - 1]) ==
                                                                std::string_view::npos)
                break;
            if (c == '=' && next == '=') {
                ++i;
                continue;
            }
        }
        if (quote)
            failFString(t, "f-string: unterminated string");
        if (i >= body.size())
            failFString(t, "f-string: expecting '}'");
        std::string_view exprText = body.substr(exprStart, i - exprStart);
        if (exprText.find_first_not_of(" \t\n\r\f") == std::string_view::npos)
            failFString(t, "f-string: empty expression not allowed");
        ExprPtr value = fstringExpression(t, bodyOffset + exprStart, exprText, nesting);
        int conversion = -1;
        bool selfDocumenting = false;
        if (body[i] == '=') {
            selfDocumenting = true;
            pending += std::string(exprText) + "=";
            ++i;
            while (i < body.size() && (body[i] == ' ' || body[i] == '\t' || body[i] == '\n'))
                pending += body[i++]; // `{x = }` keeps the blanks after '=' in the text
        }
        if (i < body.size() && body[i] == '!') {
            ++i;
            if (i >= body.size())
                failFString(t, "f-string: expecting '}'");
            char conv = body[i];
            if (conv != 's' && conv != 'r' && conv != 'a')
                failFString(t, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
            conversion = conv;
            ++i;
            if (i < body.size() && body[i] != ':' && body[i] != '}')
                failFString(t, "f-string: expecting '}'");
        }
        ExprPtr spec;
        if (i < body.size() && body[i] == ':') {
            ++i;
            // The spec runs to the matching '}', and may itself contain {fields}.
            size_t specStart = i;
            int depth = 0;
            for (; i < body.size(); ++i) {
                if (body[i] == '{')
                    ++depth;
                else if (body[i] == '}') {
                    if (depth == 0)
                        break;
                    --depth;
                }
            }
            if (i >= body.size())
                failFString(t, "f-string: expecting '}'");
            auto joined = node(ExprKind::JoinedStr, tokenPos);
            std::string specPending;
            fstringParts(t, body.substr(specStart, i - specStart), bodyOffset + specStart, raw, joined->elts,
                         specPending, nesting + 1);
            if (!specPending.empty()) {
                auto c = node(ExprKind::Constant, tokenPos);
                c->value = specPending;
                joined->elts.push_back(std::move(c));
            }
            close(joined->pos);
            spec = finish(std::move(joined));
        }
        if (i >= body.size() || body[i] != '}')
            failFString(t, "f-string: expecting '}'");
        ++i;
        if (selfDocumenting && conversion == -1 && !spec)
            conversion = 'r';
        flushPending();
        auto fv = node(ExprKind::FormattedValue, value->pos);
        fv->a = std::move(value);
        fv->b = std::move(spec);
        fv->conversion = conversion;
        parts.push_back(finish(std::move(fv)));
    }
    flushLiteral(literal);
}

// strings -> STRING+   (adjacent literals concatenate; any f-string makes the whole a JoinedStr)
ExprPtr Parser::strings()
{
    Pos pos = startOf(cur());
    bool anyBytes = false, anyText = false, anyF = false;
    std::string text;
    std::vector<ExprPtr> parts;
    std::string pending;
    while (cur().kind == TokenKind::String) {
        Token t = take();
        StringPrefix prefix = splitPrefix(t.text);
        (prefix.bytes ? anyBytes : anyText) = true;
        if (anyBytes && anyText)
            failNode(Pos{pos.line, pos.col, m_prevLine, m_prevCol}, "cannot mix bytes and nonbytes literals");
        size_t quoteLen = (t.text.size() >= prefix.length + 6 &&
                           t.text.compare(prefix.length, 3, std::string(3, t.text[prefix.length])) == 0)
                              ? 3
                              : 1;
        size_t bodyOffset = prefix.length + quoteLen;
        std::string_view body = std::string_view(t.text).substr(bodyOffset, t.text.size() - bodyOffset - quoteLen);
        if (prefix.fstring) {
            anyF = true;
            fstringParts(t, body, bodyOffset, prefix.raw, parts, pending, 0);
        } else {
            pending += prefix.raw ? std::string(body) : decodeEscapes(body, prefix.bytes, t);
        }
    }
    close(pos);
    if (!anyF) {
        auto c = node(ExprKind::Constant, pos);
        if (anyBytes)
            c->value = BytesConstant{pending};
        else
            c->value = pending;
        return c;
    }
    if (!pending.empty()) {
        auto c = node(ExprKind::Constant, pos);
        c->value = pending;
        parts.push_back(std::move(c));
    }
    auto j = node(ExprKind::JoinedStr, pos);
    j->elts = std::move(parts);
    return finish(std::move(j));
}

} // namespace detail

ParseResult parseModule(std::string_view source, const std::string &filename)
{
    ParseResult result;
    Lexer lexer(source);
    std::vector<Token> tokens = lexer.tokenize();
    std::optional<SyntaxError> lexError = lexer.error();
    if (lexError)
        lexError->filename = filename;
    try {
        detail::Parser parser(std::move(tokens), source, filename, lexError);
        result.module = parser.parseFile();
    } catch (const detail::ParseFailure &failure) {
        result.error = failure.error;
        result.module.reset();
        // CPython tokenizes the rest of the file after a parser error: a tokenizer error wins, an
        // unclosed bracket only when the parser had already looked past the bracket's line.
        const bool indentBranch = failure.error.type == "IndentationError"
            && (failure.error.message == "unexpected indent" || failure.error.message == "unexpected unindent");
        if (lexError && !failure.fromLexer && !indentBranch) {
            const bool unclosed = lexError->message.ends_with("' was never closed");
            if (!unclosed || failure.furthestIsError || failure.furthestLine > lexError->line)
                result.error = *lexError;
        }
    }
    return result;
}

} // namespace loopscope
