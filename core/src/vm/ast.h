#pragma once

#include "vm/code.h"

#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::ast {

struct Expr;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

/// A source span: 1-based lines, 0-based byte columns (CPython's col_offset), end exclusive.
struct Pos {
    int line = 0;
    int col = 0;
    int endLine = 0;
    int endCol = 0;
};

enum class ExprKind {
    BoolOp,     ///< op (And/Or), elts = operands
    NamedExpr,  ///< a = target Name, b = value
    BinOp,      ///< a op b
    UnaryOp,    ///< op a
    Lambda,     ///< args, a = body
    IfExp,      ///< a if b else c
    Dict,       ///< keys (nullptr for `**v`) and elts = values
    Set,        ///< elts
    ListComp,   ///< a = element, generators
    SetComp,    ///< a = element, generators
    DictComp,   ///< a = key, b = value, generators
    GeneratorExp, ///< a = element, generators
    Await,      ///< a
    Yield,      ///< a (may be null)
    YieldFrom,  ///< a
    Compare,    ///< a, cmpOps, elts = comparators
    Call,       ///< a = func, elts = positional (Starred for *x), keywords (empty name for **x)
    FormattedValue, ///< a = value, conversion (-1, 's', 'r', 'a'), b = format spec (JoinedStr) or null
    JoinedStr,  ///< elts = Constant strings and FormattedValues
    Constant,   ///< value
    Attribute,  ///< a.name
    Subscript,  ///< a[b]
    Starred,    ///< *a
    Name,       ///< name
    List,       ///< elts
    Tuple,      ///< elts
    Slice,      ///< a:b:c, each may be null
};

enum class ExprContext { Load, Store, Del };

enum class BoolOpKind { And, Or };

/// Binary operators in CPython 3.11's NB_* order (so BINARY_OP's operand matches CPython's numbering).
enum class BinOpKind { Add, And, FloorDiv, LShift, MatMult, Mult, Mod, Or, Pow, RShift, Sub, Div, Xor };

enum class UnaryOpKind { Invert, Not, UAdd, USub };

enum class CmpOpKind { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

/// Python spelling of an operator ("+", "not in", ...).
const char *binOpSymbol(BinOpKind op);
const char *cmpOpSymbol(CmpOpKind op);

struct Comprehension {
    ExprPtr target;
    ExprPtr iter;
    std::vector<ExprPtr> ifs;
    bool isAsync = false;
};

struct Keyword {
    std::string name; ///< empty for `**value`
    ExprPtr value;
    Pos pos;
};

struct Arg {
    std::string name;
    Pos pos;
};

/// A parameter list; defaults align with the last positional parameters, kwDefaults with kwonly.
struct Arguments {
    std::vector<Arg> posonly;
    std::vector<Arg> args;
    std::optional<Arg> vararg;
    std::vector<Arg> kwonly;
    std::vector<ExprPtr> kwDefaults; ///< one per kwonly, null when it has none
    std::optional<Arg> kwarg;
    std::vector<ExprPtr> defaults;
    std::vector<std::pair<std::string, ExprPtr>> annotations; ///< `name: expr` in source order (not lambda)
};

struct Expr {
    ExprKind kind;
    Pos pos;
    ExprContext ctx = ExprContext::Load;
    int op = 0; ///< BoolOpKind, BinOpKind or UnaryOpKind
    std::string name;
    Constant value;
    ExprPtr a, b, c;
    std::vector<ExprPtr> elts;
    std::vector<ExprPtr> keys;
    std::vector<CmpOpKind> cmpOps;
    std::vector<Keyword> keywords;
    std::vector<Comprehension> generators;
    std::unique_ptr<Arguments> args;
    int conversion = -1;
    bool parenthesized = false; ///< written inside its own parentheses (only what error messages need)
    int depth = 1;              ///< height of this subtree; the parser bounds it so walkers cannot overflow

    Expr(ExprKind k, Pos p)
        : kind(k)
        , pos(p)
    {
    }
};

enum class StmtKind {
    FunctionDef, ///< name, args, body, decorators, annotation (the return's, may be null), isAsync
    ClassDef,    ///< name, bases, keywords, body, decorators
    Return,      ///< value (may be null)
    Delete,      ///< targets
    Assign,      ///< targets (chained), value
    AugAssign,   ///< target op= value
    AnnAssign,   ///< target, annotation, value (may be null), simple
    For,         ///< target, iter, body, orelse, isAsync
    While,       ///< test, body, orelse
    If,          ///< test, body, orelse
    With,        ///< items, body, isAsync
    Raise,       ///< value = exc (may be null), cause (may be null)
    Try,         ///< body, handlers, orelse, finalbody
    Assert,      ///< test, msg
    Import,      ///< names
    ImportFrom,  ///< module, names, level
    Global,      ///< identifiers
    Nonlocal,    ///< identifiers
    ExprStmt,    ///< value
    Pass,
    Break,
    Continue,
    Match,       ///< value = subject, cases
};

struct ExceptHandler {
    ExprPtr type; ///< null for bare `except:`
    std::string name;
    StmtList body;
    Pos pos;
};

struct WithItem {
    ExprPtr context;
    ExprPtr target; ///< may be null
};

/// PEP 634 patterns, as CPython's `pattern` AST.
enum class PatternKind {
    MatchValue,     ///< value (a literal, a signed number or a dotted name)
    MatchSingleton, ///< value = Constant None, True or False (compared with `is`)
    MatchSequence,  ///< patterns (at most one MatchStar)
    MatchMapping,   ///< keys, patterns, name = the `**rest` target (empty when absent)
    MatchClass,     ///< value = class expression, patterns (positional), kwdAttrs, kwdPatterns
    MatchStar,      ///< name (empty for `*_`)
    MatchAs,        ///< pattern (null for a bare capture or `_`), name (empty for `_`)
    MatchOr,        ///< patterns
};

struct Pattern;
using PatternPtr = std::unique_ptr<Pattern>;

struct Pattern {
    PatternKind kind;
    Pos pos;
    ExprPtr value;
    std::vector<ExprPtr> keys;
    std::vector<PatternPtr> patterns;
    std::vector<std::string> kwdAttrs;
    std::vector<PatternPtr> kwdPatterns;
    PatternPtr pattern;
    std::string name;

    Pattern(PatternKind k, Pos p)
        : kind(k)
        , pos(p)
    {
    }
};

struct MatchCase {
    PatternPtr pattern;
    ExprPtr guard; ///< may be null
    StmtList body;
};

struct Alias {
    std::string name;   ///< dotted for `import a.b`, "*" for a star import
    std::string asname; ///< empty when absent
    Pos pos;
};

struct Stmt {
    StmtKind kind;
    Pos pos;
    std::string name;
    std::unique_ptr<Arguments> args;
    StmtList body, orelse, finalbody;
    std::vector<ExprPtr> decorators;
    std::vector<ExprPtr> bases;
    std::vector<Keyword> keywords;
    std::vector<ExprPtr> targets;
    ExprPtr target, value, test, iter, msg, cause, annotation;
    BinOpKind op = BinOpKind::Add;
    std::vector<ExceptHandler> handlers;
    std::vector<WithItem> items;
    std::vector<Alias> names;
    std::vector<MatchCase> cases;
    std::string module;
    int level = 0;
    std::vector<std::string> identifiers;
    std::vector<Pos> identifierPos;
    bool isAsync = false;
    bool isStar = false; ///< Try: the handlers are `except*` clauses
    bool simple = false;

    Stmt(StmtKind k, Pos p)
        : kind(k)
        , pos(p)
    {
    }
};

/// The root of a parsed file.
struct Module {
    StmtList body;
};

/// An indented S-expression dump of a module (for tests and `dis --ast`).
std::string dump(const Module &module);
std::string dump(const Expr &expr);

/// Whether the module opens with `from __future__ import annotations` (after its docstring).
bool hasFutureAnnotations(const Module &module);
/// The source text `pos` spans, on one line (how the annotations future stores an annotation).
std::string sourceSpan(std::string_view source, const Pos &pos);

} // namespace loopscope::ast
