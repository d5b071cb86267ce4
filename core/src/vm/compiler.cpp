#include "vm/compiler.h"

#include "vm/ast.h"
#include "vm/parser.h"
#include "vm/symtable.h"

#include <algorithm>
#include <unordered_map>

namespace loopscope {

namespace detail {

using namespace ast;

namespace {

constexpr size_t kMaxStaticBlocks = 20; // CPython's CO_MAXBLOCKS

// Unwinds compilation to compileModule(), which returns it as a diagnostic.
struct CompileFailure {
    Pos pos;
    std::string message;
};

// Compile-time block stack entry, used to emit the cleanup code that `return`, `break` and
// `continue` must run when they leave loops, handlers, `finally` and `with` blocks early.
enum class BlockKind { WhileLoop, ForLoop, TryExcept, FinallyTry, FinallyEnd, With, AsyncWith, HandlerCleanup, ExceptionHandler, PopValue, ExceptStarBody };

struct FrameBlock {
    BlockKind kind = BlockKind::WhileLoop;
    int start = -1; // label `continue` jumps to
    int exit = -1;  // label `break` jumps to
    const StmtList *finalBody = nullptr;
    std::string name;      // HandlerCleanup: the `except ... as name` variable
    bool hasInnerHandler = false; // HandlerCleanup with a name protects the body with its own handler
};

FrameBlock makeBlock(BlockKind kind, int start = -1, int exit = -1, const StmtList *finalBody = nullptr)
{
    FrameBlock block;
    block.kind = kind;
    block.start = start;
    block.exit = exit;
    block.finalBody = finalBody;
    return block;
}

struct Handler {
    int label;
    int depth;
    bool lasti;
};

// One code object under construction.
struct Unit {
    std::shared_ptr<CodeObject> code;
    const Scope *scope = nullptr;
    std::vector<int> labelTarget;
    std::vector<int> labelDepth;
    std::vector<int> instrHandler; // per instruction: index into handlers, or -1
    std::vector<Handler> handlers;
    std::vector<int> handlerStack;
    std::vector<FrameBlock> blocks;
    int depth = 0; // current value-stack depth; -1 while the code being emitted is unreachable
    SourcePosition pos;
    std::unordered_map<std::string, uint32_t> nameIndex;
    std::unordered_map<std::string, uint32_t> constIndex;
    std::unordered_map<std::string, uint32_t> varIndex;
    std::unordered_map<std::string, uint32_t> cellIndex;
    std::string privateName; // innermost enclosing class, for __private name mangling
};

bool isTerminal(Opcode op)
{
    return op == Opcode::JUMP || op == Opcode::RETURN_VALUE || op == Opcode::RERAISE || op == Opcode::RAISE_VARARGS;
}

std::optional<bool> constantTruth(const Expr &e)
{
    if (e.kind != ExprKind::Constant)
        return std::nullopt;
    const auto &v = e.value.value;
    if (std::holds_alternative<NoneConstant>(v))
        return false;
    if (auto b = std::get_if<bool>(&v))
        return *b;
    if (auto i = std::get_if<int64_t>(&v))
        return *i != 0;
    if (auto s = std::get_if<std::string>(&v))
        return !s->empty();
    if (std::holds_alternative<EllipsisConstant>(v))
        return true;
    return std::nullopt;
}

// What compiling one case's pattern tracks (CPython's pattern_context): captured values wait on the
// stack under `onTop` working items, and failPop[n] is the label that pops n items and fails.
struct PatternContext {
    std::vector<std::string> stores;
    bool allowIrrefutable = false;
    std::vector<int> failPop;
    uint32_t onTop = 0;
};

bool isWildcard(const Pattern &p)
{
    return p.kind == PatternKind::MatchAs && !p.pattern && p.name.empty();
}

bool isWildcardStar(const Pattern &p)
{
    return p.kind == PatternKind::MatchStar && p.name.empty();
}

} // namespace

class Compiler
{
public:
    Compiler(const SymbolTable &symbols, std::string filename, std::string_view source)
        : m_symbols(symbols)
        , m_filename(std::move(filename))
        , m_source(source)
    {
    }

    std::shared_ptr<CodeObject> compile(const Module &module);

private:
    Unit &u() { return *m_units.back(); }
    [[noreturn]] void fail(const Pos &pos, const std::string &message) { throw CompileFailure{pos, message}; }

    // ---- emission
    uint32_t emit(Opcode op, uint32_t arg = 0);
    int newLabel();
    void bind(int label);
    void bindHandler(int label, int depth, bool lasti);
    void pushHandler(int label, int depth, bool lasti);
    void popHandler();
    uint32_t constIndex(const Constant &c);
    uint32_t nameIndex(const std::string &name);
    uint32_t attrIndex(const std::string &name) { return nameIndex(mangleName(u().privateName, name)); }
    void loadConst(const Constant &c) { emit(Opcode::LOAD_CONST, constIndex(c)); }
    void pushBlock(FrameBlock block, const Pos &pos);
    void popBlock() { u().blocks.pop_back(); }

    // ---- units
    void enterUnit(const Scope *scope, const std::string &name, const std::string &qualname, int firstLine);
    std::shared_ptr<CodeObject> leaveUnit();
    std::string qualnameFor(const std::string &name, bool isDefOrClass);
    void makeClosure(const std::shared_ptr<CodeObject> &code, uint32_t flags);

    // ---- statements
    void body(const StmtList &stmts);
    void setupAnnotations(const StmtList &stmts);
    void annotation(const Expr &e);
    void annAssign(const Stmt &s);
    void functionAnnotations(const Stmt &s, uint32_t &flags);
    void bodyWithDocstring(const StmtList &stmts);
    void statement(const Stmt &s);
    void functionDef(const Stmt &s);
    void classDef(const Stmt &s);
    void assign(const Stmt &s);
    void augAssign(const Stmt &s);
    void ifStatement(const Stmt &s);
    void whileStatement(const Stmt &s);
    void forStatement(const Stmt &s);
    void asyncForStatement(const Stmt &s);
    void withStatement(const Stmt &s, size_t item);
    void withExceptFinish(int cleanup);
    void callExitWithNones();
    void tryStatement(const Stmt &s);
    void tryExcept(const Stmt &s);
    void tryStarExcept(const Stmt &s);
    void tryFinally(const Stmt &s);
    void returnStatement(const Stmt &s);
    void breakContinue(const Stmt &s, bool isBreak);
    void unwindBlock(const FrameBlock &b, bool preserveTos);
    void unwindBlocks(bool preserveTos, bool stopAtLoop, FrameBlock *loopOut);
    void importStatement(const Stmt &s);
    void importFrom(const Stmt &s);
    void deleteTarget(const Expr &e);
    void matchStatement(const Stmt &s);
    void pattern(const Pattern &p, PatternContext &pc);
    void subpattern(const Pattern &p, PatternContext &pc);
    void patternStoreName(const std::string &name, const Pos &pos, PatternContext &pc);
    void patternRotate(uint32_t count);
    void jumpToFailPop(PatternContext &pc, Opcode op);
    void emitAndResetFailPop(PatternContext &pc);
    void patternSequence(const Pattern &p, PatternContext &pc);
    void patternMapping(const Pattern &p, PatternContext &pc);
    void patternClass(const Pattern &p, PatternContext &pc);
    void patternOr(const Pattern &p, PatternContext &pc);

    // ---- expressions
    void expr(const Expr &e);
    void exprInner(const Expr &e);
    void nameOp(const std::string &name, ExprContext ctx);
    void store(const Expr &target);
    void storeInner(const Expr &target);
    void unpackTargets(const Expr &target);
    void jumpIf(const Expr &e, int label, bool condition);
    void compare(const Expr &e);
    void compareOp(CmpOpKind op);
    void boolOp(const Expr &e);
    void call(const Expr &e);
    void callArguments(const std::vector<ExprPtr> &args, const std::vector<Keyword> &keywords, uint32_t extraPositional);
    void starredCollection(const std::vector<ExprPtr> &elts, Opcode build, Opcode add, Opcode extend, bool toTuple);
    void dict(const Expr &e);
    void joinedStr(const Expr &e);
    void formattedValue(const Expr &e);
    void lambda(const Expr &e);
    void comprehension(const Expr &e);
    void comprehensionLevel(const Expr &e, size_t level);
    void yieldFromLoop();
    void slice(const Expr &e);
    void defaults(const Arguments &args, uint32_t &flags);

    const SymbolTable &m_symbols;
    std::string m_filename;
    std::vector<std::unique_ptr<Unit>> m_units;
    std::string_view m_source;
    bool m_futureAnnotations = false; // `from __future__ import annotations`: annotations are their source text
};

// ---------------------------------------------------------------- emission

uint32_t Compiler::emit(Opcode op, uint32_t arg)
{
    Unit &unit = u();
    unit.code->code.push_back(Instruction{op, arg});
    unit.code->positions.push_back(unit.pos);
    unit.instrHandler.push_back(unit.handlerStack.empty() ? -1 : unit.handlerStack.back());
    if (unit.depth >= 0) {
        if (opcodeHasJump(op)) {
            int &target = unit.labelDepth[arg];
            if (target < 0)
                target = unit.depth + stackEffect(op, arg, true);
        }
        unit.depth += stackEffect(op, arg, false);
    }
    if (isTerminal(op))
        unit.depth = -1;
    return uint32_t(unit.code->code.size() - 1);
}

int Compiler::newLabel()
{
    u().labelTarget.push_back(-1);
    u().labelDepth.push_back(-1);
    return int(u().labelTarget.size() - 1);
}

void Compiler::bind(int label)
{
    Unit &unit = u();
    unit.labelTarget[size_t(label)] = int(unit.code->code.size());
    if (unit.depth < 0)
        unit.depth = unit.labelDepth[size_t(label)];
}

// Exception handlers are entered with the stack cut to `depth`, then [lasti] and the exception.
void Compiler::bindHandler(int label, int depth, bool lasti)
{
    Unit &unit = u();
    unit.labelTarget[size_t(label)] = int(unit.code->code.size());
    unit.depth = depth + (lasti ? 1 : 0) + 1;
}

void Compiler::pushHandler(int label, int depth, bool lasti)
{
    Unit &unit = u();
    unit.handlers.push_back(Handler{label, std::max(depth, 0), lasti});
    unit.handlerStack.push_back(int(unit.handlers.size() - 1));
}

void Compiler::popHandler()
{
    u().handlerStack.pop_back();
}

namespace {

// A string that is equal for two constants exactly when Constant::sameAs holds (type tag + value;
// doubles by bit pattern, code objects by identity), so the constant pool is a hash lookup.
std::string constantKey(const Constant &c)
{
    std::string key(1, char('a' + c.value.index()));
    struct Visitor {
        std::string &key;
        void operator()(NoneConstant) const {}
        void operator()(EllipsisConstant) const {}
        void operator()(bool b) const { key += b ? '1' : '0'; }
        void operator()(int64_t v) const { key += std::to_string(v); }
        void operator()(const BigIntConstant &b) const
        {
            key += (b.negative ? "-" : "+") + std::to_string(b.base) + ":" + b.digits;
        }
        void operator()(double d) const { key.append(reinterpret_cast<const char *>(&d), sizeof d); }
        void operator()(const std::string &s) const { key += s; }
        void operator()(const BytesConstant &b) const { key += b.data; }
        void operator()(const std::shared_ptr<const CodeObject> &code) const
        {
            key += std::to_string(reinterpret_cast<uintptr_t>(code.get())); // identity, lookup only
        }
        void operator()(const TupleConstant &t) const
        {
            for (const Constant &item : t.items) {
                std::string inner = constantKey(item);
                key += std::to_string(inner.size()) + ":" + inner;
            }
        }
    };
    std::visit(Visitor{key}, c.value);
    return key;
}

// repr() of a literal pattern key, for the duplicate-key message.
std::string constantRepr(const Constant &c)
{
    if (const auto *text = std::get_if<std::string>(&c.value))
        return (text->find('\'') != std::string::npos && text->find('"') == std::string::npos ? "\"" + *text + "\""
                                                                                         : "'" + *text + "'");
    if (const auto *i = std::get_if<int64_t>(&c.value))
        return std::to_string(*i);
    if (const auto *b = std::get_if<bool>(&c.value))
        return *b ? "True" : "False";
    if (std::holds_alternative<NoneConstant>(c.value))
        return "None";
    if (const auto *bytes = std::get_if<BytesConstant>(&c.value))
        return "b'" + bytes->data + "'";
    return "...";
}

} // namespace

uint32_t Compiler::constIndex(const Constant &c)
{
    Unit &unit = u();
    auto [it, inserted] = unit.constIndex.emplace(constantKey(c), uint32_t(unit.code->consts.size()));
    if (inserted)
        unit.code->consts.push_back(c);
    return it->second;
}

uint32_t Compiler::nameIndex(const std::string &name)
{
    Unit &unit = u();
    auto it = unit.nameIndex.find(name);
    if (it != unit.nameIndex.end())
        return it->second;
    unit.code->names.push_back(name);
    uint32_t index = uint32_t(unit.code->names.size() - 1);
    unit.nameIndex.emplace(name, index);
    return index;
}

void Compiler::pushBlock(FrameBlock block, const Pos &pos)
{
    if (u().blocks.size() >= kMaxStaticBlocks)
        fail(pos, "too many statically nested blocks");
    u().blocks.push_back(std::move(block));
}

// ---------------------------------------------------------------- units

void Compiler::enterUnit(const Scope *scope, const std::string &name, const std::string &qualname, int firstLine)
{
    auto unit = std::make_unique<Unit>();
    unit->scope = scope;
    unit->code = std::make_shared<CodeObject>();
    CodeObject &code = *unit->code;
    code.name = name;
    code.qualname = qualname;
    code.filename = m_filename;
    code.firstlineno = firstLine;
    code.varnames = scope->varnames();
    code.cellvars = scope->cellvars();
    code.freevars = scope->freevars();
    for (size_t i = 0; i < code.varnames.size(); ++i)
        unit->varIndex.emplace(code.varnames[i], uint32_t(i));
    for (size_t i = 0; i < code.cellvars.size(); ++i) {
        unit->cellIndex.emplace(code.cellvars[i], uint32_t(i));
        auto param = std::find(scope->params.begin(), scope->params.end(), code.cellvars[i]);
        code.cell2arg.push_back(param == scope->params.end() ? -1 : int(param - scope->params.begin()));
    }
    for (size_t i = 0; i < code.freevars.size(); ++i)
        unit->cellIndex.emplace(code.freevars[i], uint32_t(code.cellvars.size() + i));
    if (scope->isFunctionLike()) {
        code.flags |= CodeOptimized | CodeNewLocals;
        if (scope->hasVarargs)
            code.flags |= CodeVarargs;
        if (scope->hasVarkeywords)
            code.flags |= CodeVarkeywords;
        if (scope->isGenerator && scope->isCoroutine)
            code.flags |= CodeAsyncGenerator;
        else if (scope->isGenerator && scope->kind == ScopeKind::Comprehension && scope->isAsyncComprehension)
            code.flags |= CodeAsyncGenerator;
        else if (scope->isGenerator)
            code.flags |= CodeGenerator;
        else if (scope->isCoroutine)
            code.flags |= CodeCoroutine;
        if (!m_units.empty() && m_units.back()->scope->isFunctionLike())
            code.flags |= CodeNested;
    }
    unit->pos = SourcePosition{firstLine, 0, firstLine, 0};
    if (scope->kind == ScopeKind::Class)
        unit->privateName = name;
    else if (!m_units.empty())
        unit->privateName = m_units.back()->privateName;
    m_units.push_back(std::move(unit));
}

std::shared_ptr<CodeObject> Compiler::leaveUnit()
{
    Unit &unit = u();
    CodeObject &code = *unit.code;
    for (Instruction &ins : code.code) {
        if (opcodeHasJump(ins.op))
            ins.arg = uint32_t(unit.labelTarget[ins.arg]);
    }
    // Runs of instructions sharing the innermost handler become exception-table rows.
    for (size_t i = 0; i < code.code.size();) {
        int h = unit.instrHandler[i];
        size_t j = i + 1;
        while (j < code.code.size() && unit.instrHandler[j] == h)
            ++j;
        if (h >= 0) {
            const Handler &handler = unit.handlers[size_t(h)];
            code.exceptionTable.push_back(ExceptionTableEntry{uint32_t(i), uint32_t(j),
                                                              uint32_t(unit.labelTarget[size_t(handler.label)]),
                                                              uint32_t(handler.depth), handler.lasti});
        }
        i = j;
    }
    code.stacksize = computeStackDepth(code);
    if (code.stacksize < 0)
        fail(Pos{code.firstlineno, 0, code.firstlineno, 0}, "internal compiler error: inconsistent stack depth in " +
                                                                code.qualname);
    std::shared_ptr<CodeObject> result = unit.code;
    m_units.pop_back();
    return result;
}

// CPython's __qualname__: "f.<locals>.g" inside functions, "C.m" inside classes, just the name for
// module-level code and for names declared `global` in the enclosing function.
std::string Compiler::qualnameFor(const std::string &name, bool isDefOrClass)
{
    const Unit &parent = *m_units.back();
    if (parent.scope->kind == ScopeKind::Module)
        return name;
    if (isDefOrClass && parent.scope->scopeOf(mangleName(parent.privateName, name)) == SymbolScope::GlobalExplicit)
        return name;
    if (parent.scope->isFunctionLike())
        return parent.code->qualname + ".<locals>." + name;
    return parent.code->qualname + "." + name;
}

// Pushes the closure tuple (if the code has free variables) and the code, then MAKE_FUNCTION.
void Compiler::makeClosure(const std::shared_ptr<CodeObject> &code, uint32_t flags)
{
    if (!code->freevars.empty()) {
        for (const std::string &name : code->freevars) {
            auto it = u().cellIndex.find(name);
            if (it == u().cellIndex.end())
                fail(Pos{code->firstlineno, 0, code->firstlineno, 0},
                     "internal compiler error: no cell for free variable '" + name + "'");
            emit(Opcode::LOAD_CLOSURE, it->second);
        }
        emit(Opcode::BUILD_TUPLE, uint32_t(code->freevars.size()));
        flags |= MakeFunctionClosure;
    }
    loadConst(Constant(std::shared_ptr<const CodeObject>(code)));
    emit(Opcode::MAKE_FUNCTION, flags);
}

std::shared_ptr<CodeObject> Compiler::compile(const Module &module)
{
    m_futureAnnotations = hasFutureAnnotations(module);
    enterUnit(m_symbols.top(), "<module>", "<module>", 1);
    bodyWithDocstring(module.body);
    u().pos = SourcePosition{};
    loadConst(NoneConstant{});
    emit(Opcode::RETURN_VALUE);
    return leaveUnit();
}

// ---------------------------------------------------------------- statements

void Compiler::body(const StmtList &stmts)
{
    for (const StmtPtr &s : stmts)
        statement(*s);
}

namespace {

// The docstring of a module, class or function body: a leading string-literal expression statement.
const std::string *docstringOf(const StmtList &stmts)
{
    if (stmts.empty() || stmts[0]->kind != StmtKind::ExprStmt || stmts[0]->value->kind != ExprKind::Constant)
        return nullptr;
    return std::get_if<std::string>(&stmts[0]->value->value.value);
}

} // namespace

// Module and class bodies store their docstring as __doc__ before running the rest.
void Compiler::bodyWithDocstring(const StmtList &stmts)
{
    setupAnnotations(stmts);
    const std::string *doc = docstringOf(stmts);
    if (!doc) {
        body(stmts);
        return;
    }
    const Stmt &first = *stmts[0];
    u().pos = SourcePosition{first.pos.line, first.pos.col, first.pos.endLine, first.pos.endCol};
    loadConst(*doc);
    nameOp("__doc__", ExprContext::Store);
    for (size_t i = 1; i < stmts.size(); ++i)
        statement(*stmts[i]);
}

void Compiler::statement(const Stmt &s)
{
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    switch (s.kind) {
    case StmtKind::FunctionDef: functionDef(s); return;
    case StmtKind::ClassDef: classDef(s); return;
    case StmtKind::Return: returnStatement(s); return;
    case StmtKind::Delete:
        for (const ExprPtr &t : s.targets)
            deleteTarget(*t);
        return;
    case StmtKind::Assign: assign(s); return;
    case StmtKind::AugAssign: augAssign(s); return;
    case StmtKind::AnnAssign: annAssign(s); return;
    case StmtKind::For:
        if (s.isAsync) {
            if (!u().scope->isCoroutine || u().scope->kind != ScopeKind::Function)
                fail(s.pos, "'async for' outside async function");
            asyncForStatement(s);
        } else {
            forStatement(s);
        }
        return;
    case StmtKind::While: whileStatement(s); return;
    case StmtKind::If: ifStatement(s); return;
    case StmtKind::With:
        if (s.isAsync && (!u().scope->isCoroutine || u().scope->kind != ScopeKind::Function))
            fail(s.pos, "'async with' outside async function");
        withStatement(s, 0);
        return;
    case StmtKind::Raise: {
        uint32_t n = 0;
        if (s.value) {
            expr(*s.value);
            ++n;
            if (s.cause) {
                expr(*s.cause);
                ++n;
            }
        }
        emit(Opcode::RAISE_VARARGS, n);
        return;
    }
    case StmtKind::Try: tryStatement(s); return;
    case StmtKind::Assert: {
        int end = newLabel();
        jumpIf(*s.test, end, true);
        if (s.msg) {
            emit(Opcode::PUSH_NULL);
            emit(Opcode::LOAD_ASSERTION_ERROR);
            expr(*s.msg);
            emit(Opcode::CALL, 1);
        } else {
            emit(Opcode::LOAD_ASSERTION_ERROR);
        }
        emit(Opcode::RAISE_VARARGS, 1);
        bind(end);
        return;
    }
    case StmtKind::Import: importStatement(s); return;
    case StmtKind::ImportFrom: importFrom(s); return;
    case StmtKind::Global:
    case StmtKind::Nonlocal: return;
    case StmtKind::ExprStmt:
        expr(*s.value);
        emit(Opcode::POP_TOP);
        return;
    case StmtKind::Pass: emit(Opcode::NOP); return; // keeps a line event for the debugger
    case StmtKind::Break: breakContinue(s, true); return;
    case StmtKind::Continue: breakContinue(s, false); return;
    case StmtKind::Match: matchStatement(s); return;
    }
}

void Compiler::defaults(const Arguments &args, uint32_t &flags)
{
    if (!args.defaults.empty()) {
        for (const ExprPtr &d : args.defaults)
            expr(*d);
        emit(Opcode::BUILD_TUPLE, uint32_t(args.defaults.size()));
        flags |= MakeFunctionDefaults;
    }
    uint32_t kw = 0;
    for (size_t i = 0; i < args.kwonly.size(); ++i) {
        if (!args.kwDefaults[i])
            continue;
        loadConst(mangleName(u().privateName, args.kwonly[i].name));
        expr(*args.kwDefaults[i]);
        ++kw;
    }
    if (kw) {
        emit(Opcode::BUILD_MAP, kw);
        flags |= MakeFunctionKwDefaults;
    }
}

namespace {

// Whether a module or class body holds an annotated assignment outside nested defs and classes
// (CPython's find_ann): such a body starts with a fresh __annotations__ dict.
bool hasAnnotations(const StmtList &stmts)
{
    for (const StmtPtr &st : stmts) {
        switch (st->kind) {
        case StmtKind::AnnAssign: return true;
        case StmtKind::For:
        case StmtKind::While:
        case StmtKind::If:
        case StmtKind::With:
        case StmtKind::Try:
            if (hasAnnotations(st->body) || hasAnnotations(st->orelse) || hasAnnotations(st->finalbody))
                return true;
            for (const ExceptHandler &h : st->handlers)
                if (hasAnnotations(h.body))
                    return true;
            break;
        case StmtKind::Match:
            for (const MatchCase &c : st->cases)
                if (hasAnnotations(c.body))
                    return true;
            break;
        default: break;
        }
    }
    return false;
}

} // namespace

void Compiler::setupAnnotations(const StmtList &stmts)
{
    if (!hasAnnotations(stmts))
        return;
    emit(Opcode::BUILD_MAP, 0);
    emit(Opcode::STORE_NAME, nameIndex("__annotations__"));
}

// An annotation's value: the evaluated expression, or under the annotations future its source text.
void Compiler::annotation(const Expr &e)
{
    if (!m_futureAnnotations) {
        expr(e);
        return;
    }
    if (e.kind == ExprKind::Constant) {
        if (const std::string *text = std::get_if<std::string>(&e.value.value)) {
            const char quote = text->find('\'') != std::string::npos && text->find('"') == std::string::npos ? '"' : '\'';
            loadConst(std::string(1, quote) + *text + quote);
            return;
        }
    }
    loadConst(sourceSpan(m_source, e.pos));
}

// x: T [= v]: a simple name at module or class level records T in __annotations__; other targets
// have their subexpressions and T evaluated (and dropped) there, as CPython does; functions evaluate no T.
void Compiler::annAssign(const Stmt &s)
{
    if (s.value) {
        expr(*s.value);
        store(*s.target);
    }
    const bool atModuleOrClass = !u().scope->isFunctionLike();
    const Expr &t = *s.target;
    if (t.kind == ExprKind::Name) {
        if (s.simple && atModuleOrClass) {
            annotation(*s.annotation);
            emit(Opcode::LOAD_NAME, nameIndex("__annotations__"));
            loadConst(mangleName(u().privateName, t.name));
            emit(Opcode::STORE_SUBSCR);
            return;
        }
    } else if (!s.value) {
        expr(*t.a);
        emit(Opcode::POP_TOP);
        if (t.kind == ExprKind::Subscript) {
            expr(*t.b);
            emit(Opcode::POP_TOP);
        }
    }
    if (atModuleOrClass && !m_futureAnnotations) {
        expr(*s.annotation);
        emit(Opcode::POP_TOP);
    }
}

// The annotations dict a def attaches to its function, in CPython 3.11's order: positional
// parameters, then positional-only ones, *args, keyword-only ones, **kwargs and 'return'.
void Compiler::functionAnnotations(const Stmt &s, uint32_t &flags)
{
    const Arguments &args = *s.args;
    if (args.annotations.empty() && !s.annotation)
        return;
    std::vector<const Arg *> order;
    for (const Arg &a : args.args)
        order.push_back(&a);
    for (const Arg &a : args.posonly)
        order.push_back(&a);
    if (args.vararg)
        order.push_back(&*args.vararg);
    for (const Arg &a : args.kwonly)
        order.push_back(&a);
    if (args.kwarg)
        order.push_back(&*args.kwarg);
    uint32_t n = 0;
    for (const Arg *a : order) {
        for (const auto &[name, ann] : args.annotations) {
            if (name != a->name)
                continue;
            loadConst(mangleName(u().privateName, name));
            annotation(*ann);
            ++n;
        }
    }
    if (s.annotation) {
        loadConst(std::string("return"));
        annotation(*s.annotation);
        ++n;
    }
    emit(Opcode::BUILD_MAP, n);
    flags |= MakeFunctionAnnotations;
}

// def: decorators are evaluated first, then defaults, then the function is made and decorated
// innermost-first.
void Compiler::functionDef(const Stmt &s)
{
    for (const ExprPtr &d : s.decorators) {
        emit(Opcode::PUSH_NULL);
        expr(*d);
    }
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    uint32_t flags = 0;
    defaults(*s.args, flags);
    functionAnnotations(s, flags);
    const Scope *scope = m_symbols.scopeFor(&s);
    int firstLine = s.decorators.empty() ? s.pos.line : s.decorators.front()->pos.line;
    enterUnit(scope, s.name, qualnameFor(s.name, true), firstLine);
    CodeObject &code = *u().code;
    code.argcount = int(s.args->posonly.size() + s.args->args.size());
    code.posonlyargcount = int(s.args->posonly.size());
    code.kwonlyargcount = int(s.args->kwonly.size());
    if (scope->isCoroutine && scope->isGenerator) {
        // 'return' with a value in an async generator is caught here, before any code is emitted.
        std::vector<const StmtList *> work{&s.body};
        while (!work.empty()) {
            const StmtList *list = work.back();
            work.pop_back();
            for (const StmtPtr &st : *list) {
                if (st->kind == StmtKind::Return && st->value)
                    fail(st->pos, "'return' with value in async generator");
                if (st->kind == StmtKind::FunctionDef || st->kind == StmtKind::ClassDef)
                    continue;
                work.push_back(&st->body);
                work.push_back(&st->orelse);
                work.push_back(&st->finalbody);
                for (const ExceptHandler &h : st->handlers)
                    work.push_back(&h.body);
            }
        }
    }
    // A function's docstring becomes data on the code object; the statement itself emits nothing.
    if (const std::string *doc = docstringOf(s.body)) {
        code.docstring = *doc;
        for (size_t i = 1; i < s.body.size(); ++i)
            statement(*s.body[i]);
    } else {
        body(s.body);
    }
    // Dead code (after a return in try/finally, say) may still jump to the end: keep it in range.
    bool labelAtEnd = std::find(u().labelTarget.begin(), u().labelTarget.end(), int(u().code->code.size())) !=
                      u().labelTarget.end();
    if (u().depth >= 0 || labelAtEnd || u().code->code.empty()) {
        u().pos = SourcePosition{};
        loadConst(NoneConstant{});
        emit(Opcode::RETURN_VALUE);
    }
    std::shared_ptr<CodeObject> fn = leaveUnit();
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    makeClosure(fn, flags);
    for (size_t i = 0; i < s.decorators.size(); ++i)
        emit(Opcode::CALL, 1);
    nameOp(s.name, ExprContext::Store);
}

// class: __build_class__(body_function, name, *bases, **keywords), then decorators.
void Compiler::classDef(const Stmt &s)
{
    for (const ExprPtr &d : s.decorators) {
        emit(Opcode::PUSH_NULL);
        expr(*d);
    }
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    const Scope *scope = m_symbols.scopeFor(&s);
    int firstLine = s.decorators.empty() ? s.pos.line : s.decorators.front()->pos.line;
    enterUnit(scope, s.name, qualnameFor(s.name, true), firstLine);
    nameOp("__name__", ExprContext::Load);
    nameOp("__module__", ExprContext::Store);
    loadConst(u().code->qualname);
    nameOp("__qualname__", ExprContext::Store);
    bodyWithDocstring(s.body);
    u().pos = SourcePosition{};
    if (scope->needsClassClosure) {
        emit(Opcode::LOAD_CLOSURE, u().cellIndex.at("__class__"));
        emit(Opcode::COPY, 1);
        nameOp("__classcell__", ExprContext::Store);
    } else {
        loadConst(NoneConstant{});
    }
    emit(Opcode::RETURN_VALUE);
    std::shared_ptr<CodeObject> cls = leaveUnit();
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    emit(Opcode::PUSH_NULL);
    emit(Opcode::LOAD_BUILD_CLASS);
    makeClosure(cls, 0);
    loadConst(s.name);
    callArguments(s.bases, s.keywords, 2);
    for (size_t i = 0; i < s.decorators.size(); ++i)
        emit(Opcode::CALL, 1);
    nameOp(s.name, ExprContext::Store);
}

// a = b = value: the value is stored into each target left to right.
void Compiler::assign(const Stmt &s)
{
    expr(*s.value);
    for (size_t i = 0; i < s.targets.size(); ++i) {
        if (i + 1 < s.targets.size())
            emit(Opcode::COPY, 1);
        store(*s.targets[i]);
    }
}

// As CPython's compiler_augassign: the load and the store of the target carry the target's
// position, the in-place operation the statement's.
void Compiler::augAssign(const Stmt &s)
{
    const Expr &t = *s.target;
    uint32_t op = uint32_t(s.op) + uint32_t(BinaryOperator::InplaceAdd);
    const SourcePosition statement = u().pos;
    const SourcePosition target{t.pos.line, t.pos.col, t.pos.endLine, t.pos.endCol};
    switch (t.kind) {
    case ExprKind::Name:
        u().pos = target;
        nameOp(t.name, ExprContext::Load);
        u().pos = statement;
        expr(*s.value);
        emit(Opcode::BINARY_OP, op);
        u().pos = target;
        nameOp(t.name, ExprContext::Store);
        break;
    case ExprKind::Attribute:
        expr(*t.a);
        u().pos = target;
        emit(Opcode::COPY, 1);
        emit(Opcode::LOAD_ATTR, attrIndex(t.name));
        u().pos = statement;
        expr(*s.value);
        emit(Opcode::BINARY_OP, op);
        u().pos = target;
        emit(Opcode::SWAP, 2);
        emit(Opcode::STORE_ATTR, attrIndex(t.name));
        break;
    case ExprKind::Subscript:
        expr(*t.a);
        expr(*t.b);
        u().pos = target;
        emit(Opcode::COPY, 2);
        emit(Opcode::COPY, 2);
        emit(Opcode::BINARY_SUBSCR);
        u().pos = statement;
        expr(*s.value);
        emit(Opcode::BINARY_OP, op);
        u().pos = target;
        emit(Opcode::SWAP, 3);
        emit(Opcode::SWAP, 2);
        emit(Opcode::STORE_SUBSCR);
        break;
    default: fail(t.pos, "illegal expression for augmented assignment");
    }
    u().pos = statement;
}

void Compiler::ifStatement(const Stmt &s)
{
    int end = newLabel();
    std::optional<bool> constant = constantTruth(*s.test);
    if (constant && !s.orelse.empty() && !*constant) {
        body(s.orelse); // `if 0:` bodies are dropped, as CPython does
        return;
    }
    int orelse = s.orelse.empty() ? end : newLabel();
    if (!constant)
        jumpIf(*s.test, orelse, false);
    else if (!*constant)
        emit(Opcode::JUMP, uint32_t(orelse));
    body(s.body);
    if (!s.orelse.empty()) {
        emit(Opcode::JUMP, uint32_t(end));
        bind(orelse);
        body(s.orelse);
    }
    bind(end);
}

// while, laid out like CPython 3.11: the test at the top, then again after the body, jumping back
// to the body (so a one-line loop traces its line once per backward jump, as CPython does);
// `continue` goes to the top test; `while True` has no test at all.
void Compiler::whileStatement(const Stmt &s)
{
    int loop = newLabel(), bodyStart = newLabel(), orelse = newLabel(), end = newLabel();
    bind(loop);
    std::optional<bool> constant = constantTruth(*s.test);
    if (!constant)
        jumpIf(*s.test, orelse, false);
    else if (!*constant)
        emit(Opcode::JUMP, uint32_t(orelse));
    else
        emit(Opcode::NOP); // `while True:` still has a line event on entry, as in CPython
    bind(bodyStart);
    pushBlock(makeBlock(BlockKind::WhileLoop, loop, end), s.pos);
    body(s.body);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    if (!constant)
        jumpIf(*s.test, bodyStart, true);
    else
        emit(Opcode::JUMP, uint32_t(bodyStart));
    popBlock();
    bind(orelse);
    body(s.orelse);
    bind(end);
}

// for: GET_ITER; start: FOR_ITER cleanup; <store>; body; JUMP start; cleanup: orelse; end:
void Compiler::forStatement(const Stmt &s)
{
    int start = newLabel(), cleanup = newLabel(), end = newLabel();
    expr(*s.iter);
    emit(Opcode::GET_ITER);
    bind(start);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    emit(Opcode::FOR_ITER, uint32_t(cleanup));
    pushBlock(makeBlock(BlockKind::ForLoop, start, end), s.pos);
    store(*s.target);
    body(s.body);
    emit(Opcode::JUMP, uint32_t(start));
    popBlock();
    bind(cleanup);
    body(s.orelse);
    bind(end);
}

// async for: GET_AITER; start: [handler except] GET_ANEXT; await; [/handler] <store>; body;
// JUMP start; except: END_ASYNC_FOR; orelse; end:
void Compiler::asyncForStatement(const Stmt &s)
{
    int start = newLabel(), except = newLabel(), end = newLabel();
    expr(*s.iter);
    emit(Opcode::GET_AITER);
    bind(start);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    int aiterDepth = u().depth;
    pushHandler(except, aiterDepth, false);
    emit(Opcode::GET_ANEXT);
    loadConst(NoneConstant{});
    yieldFromLoop();
    popHandler();
    pushBlock(makeBlock(BlockKind::ForLoop, start, end), s.pos);
    store(*s.target);
    body(s.body);
    emit(Opcode::JUMP, uint32_t(start));
    popBlock();
    bindHandler(except, aiterDepth, false);
    u().pos = SourcePosition{s.iter->pos.line, s.iter->pos.col, s.iter->pos.endLine, s.iter->pos.endCol};
    emit(Opcode::END_ASYNC_FOR);
    body(s.orelse);
    bind(end);
}

// The awaiting loop shared by await, yield from, async with and async for:
//   send: SEND exit; YIELD_VALUE 1; JUMP send; exit:
void Compiler::yieldFromLoop()
{
    int send = newLabel(), exit = newLabel();
    bind(send);
    emit(Opcode::SEND, uint32_t(exit));
    emit(Opcode::YIELD_VALUE, 1);
    emit(Opcode::JUMP, uint32_t(send));
    bind(exit);
}

// exit(None, None, None): the bound __exit__ sits below in the "callable" slot of CALL 2.
void Compiler::callExitWithNones()
{
    loadConst(NoneConstant{});
    loadConst(NoneConstant{});
    loadConst(NoneConstant{});
    emit(Opcode::CALL, 2);
}

// with a as b, c: body  ==  with a as b: with c: body
void Compiler::withStatement(const Stmt &s, size_t item)
{
    const WithItem &w = s.items[item];
    int final = newLabel(), exit = newLabel(), cleanup = newLabel();
    expr(*w.context);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    if (s.isAsync) {
        emit(Opcode::BEFORE_ASYNC_WITH);
        emit(Opcode::GET_AWAITABLE, 1);
        loadConst(NoneConstant{});
        yieldFromLoop();
    } else {
        emit(Opcode::BEFORE_WITH);
    }
    // The handler keeps the bound __exit__ (below the __enter__ result) on the stack.
    int exitDepth = u().depth - 1;
    pushHandler(final, exitDepth, true);
    pushBlock(makeBlock(s.isAsync ? BlockKind::AsyncWith : BlockKind::With), s.pos);
    if (w.target)
        store(*w.target);
    else
        emit(Opcode::POP_TOP);
    if (item + 1 < s.items.size())
        withStatement(s, item + 1);
    else
        body(s.body);
    popBlock();
    popHandler();
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    callExitWithNones();
    if (s.isAsync) {
        emit(Opcode::GET_AWAITABLE, 2);
        loadConst(NoneConstant{});
        yieldFromLoop();
    }
    emit(Opcode::POP_TOP);
    emit(Opcode::JUMP, uint32_t(exit));

    // Exceptional exit: stack is (exit, lasti, exc).
    bindHandler(final, exitDepth, true);
    pushHandler(cleanup, u().depth, true);
    emit(Opcode::PUSH_EXC_INFO);
    emit(Opcode::WITH_EXCEPT_START);
    if (s.isAsync) {
        emit(Opcode::GET_AWAITABLE, 2);
        loadConst(NoneConstant{});
        yieldFromLoop();
    }
    withExceptFinish(cleanup);
    bind(exit);
}

// After WITH_EXCEPT_START: (exit lasti prev_exc exc res). A true result swallows the exception.
void Compiler::withExceptFinish(int cleanup)
{
    int suppress = newLabel(), exit = newLabel();
    int cleanupDepth = u().handlers[size_t(u().handlerStack.back())].depth;
    emit(Opcode::POP_JUMP_IF_TRUE, uint32_t(suppress));
    emit(Opcode::RERAISE, 2);
    bind(suppress);
    emit(Opcode::POP_TOP);
    popHandler();
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::POP_TOP);
    emit(Opcode::POP_TOP);
    emit(Opcode::JUMP, uint32_t(exit));
    bindHandler(cleanup, cleanupDepth, true);
    u().pos = SourcePosition{}; // artificial: no line event
    emit(Opcode::COPY, 3);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE, 1);
    bind(exit);
}

void Compiler::tryStatement(const Stmt &s)
{
    for (size_t i = 0; i + 1 < s.handlers.size(); ++i) {
        if (!s.handlers[i].type)
            fail(s.handlers[i].pos, "default 'except:' must be last");
    }
    if (!s.finalbody.empty())
        tryFinally(s);
    else if (s.isStar)
        tryStarExcept(s);
    else
        tryExcept(s);
}

// try: body [except...] finally: final
//   [handler end] body-or-try/except [/handler]; final; JUMP exit
//   end: [handler cleanup] PUSH_EXC_INFO; final; RERAISE 0 [/handler]
//   cleanup: COPY 3; POP_EXCEPT; RERAISE 1
//   exit:
void Compiler::tryFinally(const Stmt &s)
{
    int end = newLabel(), exit = newLabel(), cleanup = newLabel();
    int baseDepth = u().depth;
    pushHandler(end, baseDepth, false);
    pushBlock(makeBlock(BlockKind::FinallyTry, -1, -1, &s.finalbody), s.pos);
    if (s.handlers.empty())
        body(s.body);
    else if (s.isStar)
        tryStarExcept(s);
    else
        tryExcept(s);
    popBlock();
    popHandler();
    body(s.finalbody);
    emit(Opcode::JUMP, uint32_t(exit));

    bindHandler(end, baseDepth, false);
    pushHandler(cleanup, u().depth, true);
    int cleanupDepth = u().depth;
    u().pos = SourcePosition{}; // artificial: no line event
    emit(Opcode::PUSH_EXC_INFO);
    pushBlock(makeBlock(BlockKind::FinallyEnd), s.pos);
    body(s.finalbody);
    popBlock();
    u().pos = SourcePosition{};
    emit(Opcode::RERAISE, 0);
    popHandler();
    bindHandler(cleanup, cleanupDepth, true);
    u().pos = SourcePosition{}; // artificial: no line event
    emit(Opcode::COPY, 3);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE, 1);
    bind(exit);
}

// try: body except E as n: h ... else: orelse
//   [handler except] body [/handler]; orelse; JUMP end
//   except: [handler cleanup] PUSH_EXC_INFO
//     per clause: <E>; CHECK_EXC_MATCH; POP_JUMP_IF_FALSE next; STORE n | POP_TOP
//       [handler cleanup_n] h [/handler]; POP_EXCEPT; n = None; del n; JUMP end
//       cleanup_n: n = None; del n; RERAISE 1
//     next: ...
//   RERAISE 0 [/handler]
//   cleanup: COPY 3; POP_EXCEPT; RERAISE 1
//   end:
void Compiler::tryExcept(const Stmt &s)
{
    int except = newLabel(), end = newLabel(), cleanup = newLabel();
    int baseDepth = u().depth;
    pushHandler(except, baseDepth, false);
    pushBlock(makeBlock(BlockKind::TryExcept), s.pos);
    body(s.body);
    popBlock();
    popHandler();
    body(s.orelse);
    emit(Opcode::JUMP, uint32_t(end));

    bindHandler(except, baseDepth, false);
    int cleanupDepth = u().depth;
    pushHandler(cleanup, cleanupDepth, true);
    u().pos = SourcePosition{}; // artificial: no line event
    emit(Opcode::PUSH_EXC_INFO);
    pushBlock(makeBlock(BlockKind::ExceptionHandler), s.pos);
    for (const ExceptHandler &h : s.handlers) {
        u().pos = SourcePosition{h.pos.line, h.pos.col, h.pos.endLine, h.pos.endCol};
        int next = newLabel();
        if (h.type) {
            expr(*h.type);
            emit(Opcode::CHECK_EXC_MATCH);
            emit(Opcode::POP_JUMP_IF_FALSE, uint32_t(next));
        }
        if (!h.name.empty()) {
            int cleanupBody = newLabel();
            nameOp(h.name, ExprContext::Store);
            int innerDepth = u().depth;
            pushHandler(cleanupBody, innerDepth, true);
            FrameBlock block = makeBlock(BlockKind::HandlerCleanup);
            block.name = h.name;
            block.hasInnerHandler = true;
            pushBlock(block, h.pos);
            body(h.body);
            popBlock();
            popHandler();
            popHandler();
            u().pos = SourcePosition{};
            emit(Opcode::POP_EXCEPT);
            loadConst(NoneConstant{});
            nameOp(h.name, ExprContext::Store);
            nameOp(h.name, ExprContext::Del);
            emit(Opcode::JUMP, uint32_t(end));
            // The handler body raised: drop the name, then re-raise through the except-wide cleanup.
            pushHandler(cleanup, cleanupDepth, true);
            bindHandler(cleanupBody, innerDepth, true);
            loadConst(NoneConstant{});
            nameOp(h.name, ExprContext::Store);
            nameOp(h.name, ExprContext::Del);
            emit(Opcode::RERAISE, 1);
        } else {
            emit(Opcode::POP_TOP);
            FrameBlock block = makeBlock(BlockKind::HandlerCleanup);
            pushBlock(block, h.pos);
            body(h.body);
            popBlock();
            popHandler();
            u().pos = SourcePosition{};
            emit(Opcode::POP_EXCEPT);
            emit(Opcode::JUMP, uint32_t(end));
            pushHandler(cleanup, cleanupDepth, true);
        }
        bind(next);
    }
    popBlock();
    u().pos = SourcePosition{};
    emit(Opcode::RERAISE, 0);
    popHandler();
    bindHandler(cleanup, cleanupDepth, true);
    u().pos = SourcePosition{}; // artificial: no line event
    emit(Opcode::COPY, 3);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE, 1);
    bind(end);
}

// try: body except* E as n: h ... else: orelse          (CPython 3.11's layout)
//   [handler except] body [/handler]; orelse; JUMP end
//   except: [handler cleanup] PUSH_EXC_INFO; COPY 1; BUILD_LIST 0; SWAP 2   -> (prev orig list exc)
//     per clause: <E>; CHECK_EG_MATCH; COPY 1; POP_JUMP_IF_NONE no_match; STORE n | POP_TOP
//       [handler raised] h [/handler]; n = None; del n; JUMP next
//       raised: n = None; del n; LIST_APPEND 3; POP_TOP; JUMP next      (collects what h raised)
//       no_match: POP_TOP
//     next: ... (the clause after matches against the rest)
//   LIST_APPEND 1; PREP_RERAISE_STAR; COPY 1; POP_JUMP_IF_NOT_NONE reraise; POP_TOP; POP_EXCEPT; JUMP end
//   reraise: SWAP 2; POP_EXCEPT; RERAISE 0          [/handler]
//   cleanup: COPY 3; POP_EXCEPT; RERAISE 1
//   end:
void Compiler::tryStarExcept(const Stmt &s)
{
    int except = newLabel(), end = newLabel(), cleanup = newLabel(), reraise = newLabel();
    int baseDepth = u().depth;
    pushHandler(except, baseDepth, false);
    pushBlock(makeBlock(BlockKind::TryExcept), s.pos);
    body(s.body);
    popBlock();
    popHandler();
    body(s.orelse);
    emit(Opcode::JUMP, uint32_t(end));

    bindHandler(except, baseDepth, false);
    int cleanupDepth = u().depth;
    pushHandler(cleanup, cleanupDepth, true);
    u().pos = SourcePosition{};
    emit(Opcode::PUSH_EXC_INFO);
    pushBlock(makeBlock(BlockKind::ExceptionHandler), s.pos);
    for (size_t i = 0; i < s.handlers.size(); ++i) {
        const ExceptHandler &h = s.handlers[i];
        u().pos = SourcePosition{h.pos.line, h.pos.col, h.pos.endLine, h.pos.endCol};
        if (i == 0) {
            emit(Opcode::COPY, 1);
            emit(Opcode::BUILD_LIST, 0);
            emit(Opcode::SWAP, 2);
        }
        int noMatch = newLabel(), next = newLabel(), raised = newLabel();
        expr(*h.type);
        emit(Opcode::CHECK_EG_MATCH);
        emit(Opcode::COPY, 1);
        emit(Opcode::POP_JUMP_IF_NONE, uint32_t(noMatch));
        if (h.name.empty())
            emit(Opcode::POP_TOP);
        else
            nameOp(h.name, ExprContext::Store);
        int bodyDepth = u().depth;
        pushHandler(raised, bodyDepth, true);
        FrameBlock block = makeBlock(BlockKind::ExceptStarBody);
        pushBlock(block, h.pos);
        body(h.body);
        popBlock();
        popHandler();
        u().pos = SourcePosition{};
        if (!h.name.empty()) {
            loadConst(NoneConstant{});
            nameOp(h.name, ExprContext::Store);
            nameOp(h.name, ExprContext::Del);
        }
        emit(Opcode::JUMP, uint32_t(next));
        bindHandler(raised, bodyDepth, true);
        if (!h.name.empty()) {
            loadConst(NoneConstant{});
            nameOp(h.name, ExprContext::Store);
            nameOp(h.name, ExprContext::Del);
        }
        emit(Opcode::LIST_APPEND, 3);
        emit(Opcode::POP_TOP);
        emit(Opcode::JUMP, uint32_t(next));
        bind(noMatch);
        emit(Opcode::POP_TOP);
        bind(next);
    }
    popBlock();
    u().pos = SourcePosition{};
    emit(Opcode::LIST_APPEND, 1);
    emit(Opcode::PREP_RERAISE_STAR);
    emit(Opcode::COPY, 1);
    emit(Opcode::POP_JUMP_IF_NOT_NONE, uint32_t(reraise));
    emit(Opcode::POP_TOP);
    popHandler();
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::JUMP, uint32_t(end));
    bind(reraise);
    emit(Opcode::SWAP, 2);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE, 0);
    bindHandler(cleanup, cleanupDepth, true);
    emit(Opcode::COPY, 3);
    emit(Opcode::POP_EXCEPT);
    emit(Opcode::RERAISE, 1);
    bind(end);
}

// Emits what leaving block `b` early requires; with `preserveTos` a return value stays on top.
void Compiler::unwindBlock(const FrameBlock &b, bool preserveTos)
{
    switch (b.kind) {
    case BlockKind::WhileLoop:
    case BlockKind::ExceptionHandler:
    case BlockKind::ExceptStarBody: return; // never unwound: jumps out of except* are compile errors
    case BlockKind::ForLoop:
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        emit(Opcode::POP_TOP);
        return;
    case BlockKind::TryExcept: popHandler(); return;
    case BlockKind::FinallyTry:
        popHandler();
        if (preserveTos)
            pushBlock(makeBlock(BlockKind::PopValue), Pos{});
        body(*b.finalBody);
        if (preserveTos)
            popBlock();
        return;
    case BlockKind::FinallyEnd:
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        emit(Opcode::POP_TOP); // the exception
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        popHandler();
        emit(Opcode::POP_EXCEPT);
        return;
    case BlockKind::With:
    case BlockKind::AsyncWith:
        popHandler();
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        callExitWithNones();
        if (b.kind == BlockKind::AsyncWith) {
            emit(Opcode::GET_AWAITABLE, 2);
            loadConst(NoneConstant{});
            yieldFromLoop();
        }
        emit(Opcode::POP_TOP);
        return;
    case BlockKind::HandlerCleanup:
        if (b.hasInnerHandler)
            popHandler();
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        popHandler();
        emit(Opcode::POP_EXCEPT);
        if (!b.name.empty()) {
            loadConst(NoneConstant{});
            nameOp(b.name, ExprContext::Store);
            nameOp(b.name, ExprContext::Del);
        }
        return;
    case BlockKind::PopValue:
        if (preserveTos)
            emit(Opcode::SWAP, 2);
        emit(Opcode::POP_TOP);
        return;
    }
}

// Unwinds the block stack innermost-first (up to the nearest loop when `stopAtLoop`). Each block is
// popped while its cleanup is emitted, so a `return` inside a finally body does not rerun it.
void Compiler::unwindBlocks(bool preserveTos, bool stopAtLoop, FrameBlock *loopOut)
{
    std::vector<FrameBlock> &blocks = u().blocks;
    const SourcePosition statementPos = u().pos;
    while (!blocks.empty()) {
        u().pos = statementPos;
        FrameBlock top = blocks.back();
        if (stopAtLoop && (top.kind == BlockKind::WhileLoop || top.kind == BlockKind::ForLoop)) {
            *loopOut = top;
            return;
        }
        blocks.pop_back();
        unwindBlock(top, preserveTos);
    }
}

void Compiler::returnStatement(const Stmt &s)
{
    if (!u().scope->isFunctionLike() || u().scope->kind == ScopeKind::Comprehension)
        fail(s.pos, "'return' outside function");
    for (const FrameBlock &b : u().blocks) {
        if (b.kind == BlockKind::ExceptStarBody)
            fail(s.value ? s.value->pos : s.pos, "'break', 'continue' and 'return' cannot appear in an except* block");
    }
    bool preserve = s.value != nullptr;
    if (preserve)
        expr(*s.value);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    std::vector<FrameBlock> savedBlocks = u().blocks;
    std::vector<int> savedHandlers = u().handlerStack;
    unwindBlocks(preserve, false, nullptr);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol}; // a finally body moved it
    if (!preserve)
        loadConst(NoneConstant{});
    emit(Opcode::RETURN_VALUE);
    u().blocks = std::move(savedBlocks);
    u().handlerStack = std::move(savedHandlers);
}

void Compiler::breakContinue(const Stmt &s, bool isBreak)
{
    std::vector<FrameBlock> savedBlocks = u().blocks;
    std::vector<int> savedHandlers = u().handlerStack;
    bool inLoop = std::any_of(savedBlocks.begin(), savedBlocks.end(), [](const FrameBlock &b) {
        return b.kind == BlockKind::WhileLoop || b.kind == BlockKind::ForLoop;
    });
    if (!inLoop)
        fail(s.pos, isBreak ? "'break' outside loop" : "'continue' not properly in loop");
    for (auto it = savedBlocks.rbegin(); it != savedBlocks.rend(); ++it) {
        if (it->kind == BlockKind::WhileLoop || it->kind == BlockKind::ForLoop)
            break;
        if (it->kind == BlockKind::ExceptStarBody)
            fail(s.pos, "'break', 'continue' and 'return' cannot appear in an except* block");
    }
    FrameBlock loop;
    unwindBlocks(false, true, &loop);
    u().pos = SourcePosition{s.pos.line, s.pos.col, s.pos.endLine, s.pos.endCol};
    if (isBreak) {
        unwindBlock(loop, false);
        emit(Opcode::JUMP, uint32_t(loop.exit));
    } else {
        emit(Opcode::JUMP, uint32_t(loop.start));
    }
    u().blocks = std::move(savedBlocks);
    u().handlerStack = std::move(savedHandlers);
}

// import a.b.c        -> IMPORT_NAME a.b.c; STORE a
// import a.b.c as d   -> IMPORT_NAME a.b.c; IMPORT_FROM b; SWAP 2; POP_TOP; IMPORT_FROM c; STORE d; POP_TOP
void Compiler::importStatement(const Stmt &s)
{
    for (const Alias &a : s.names) {
        loadConst(int64_t(0));
        loadConst(NoneConstant{});
        emit(Opcode::IMPORT_NAME, nameIndex(a.name));
        if (a.asname.empty()) {
            nameOp(a.name.substr(0, a.name.find('.')), ExprContext::Store);
            continue;
        }
        size_t dot = a.name.find('.');
        if (dot == std::string::npos) {
            nameOp(a.asname, ExprContext::Store);
            continue;
        }
        while (dot != std::string::npos) {
            size_t next = a.name.find('.', dot + 1);
            std::string attr = a.name.substr(dot + 1, next == std::string::npos ? std::string::npos : next - dot - 1);
            emit(Opcode::IMPORT_FROM, nameIndex(attr));
            if (next != std::string::npos) {
                emit(Opcode::SWAP, 2);
                emit(Opcode::POP_TOP);
            }
            dot = next;
        }
        nameOp(a.asname, ExprContext::Store);
        emit(Opcode::POP_TOP);
    }
}

// from m import a as b, c -> LOAD_CONST level; LOAD_CONST ('a', 'c'); IMPORT_NAME m;
//                            IMPORT_FROM a; STORE b; IMPORT_FROM c; STORE c; POP_TOP
void Compiler::importFrom(const Stmt &s)
{
    TupleConstant fromlist;
    for (const Alias &a : s.names)
        fromlist.items.push_back(a.name);
    loadConst(int64_t(s.level));
    loadConst(fromlist);
    emit(Opcode::IMPORT_NAME, nameIndex(s.module));
    if (s.names.size() == 1 && s.names[0].name == "*") {
        emit(Opcode::IMPORT_STAR);
        return;
    }
    for (const Alias &a : s.names) {
        emit(Opcode::IMPORT_FROM, nameIndex(a.name));
        nameOp(a.asname.empty() ? a.name : a.asname, ExprContext::Store);
    }
    emit(Opcode::POP_TOP);
}

void Compiler::deleteTarget(const Expr &e)
{
    switch (e.kind) {
    case ExprKind::Name: nameOp(e.name, ExprContext::Del); return;
    case ExprKind::Attribute:
        expr(*e.a);
        emit(Opcode::DELETE_ATTR, attrIndex(e.name));
        return;
    case ExprKind::Subscript:
        expr(*e.a);
        expr(*e.b);
        emit(Opcode::DELETE_SUBSCR);
        return;
    case ExprKind::Tuple:
    case ExprKind::List:
        for (const ExprPtr &x : e.elts)
            deleteTarget(*x);
        return;
    default: fail(e.pos, "cannot delete expression");
    }
}

// ---------------------------------------------------------------- names and targets

// Chooses FAST / DEREF / CLASSDEREF / GLOBAL / NAME from the symbol table's verdict.
void Compiler::nameOp(const std::string &rawName, ExprContext ctx)
{
    Unit &unit = u();
    const std::string name = mangleName(unit.privateName, rawName);
    const Scope *scope = unit.scope;
    const Symbol *sym = scope->lookup(name);
    SymbolScope where = sym ? sym->scope : SymbolScope::GlobalImplicit;
    if (scope->kind == ScopeKind::Class && sym && (sym->flags & DefFreeClass))
        where = SymbolScope::Local;
    if (name == "__class__" && scope->kind == ScopeKind::Class && scope->needsClassClosure && !sym)
        where = SymbolScope::Cell;
    auto pick = [ctx](Opcode load, Opcode storeOp, Opcode del) {
        return ctx == ExprContext::Load ? load : ctx == ExprContext::Store ? storeOp : del;
    };
    switch (where) {
    case SymbolScope::Free:
    case SymbolScope::Cell: {
        auto it = unit.cellIndex.find(name);
        if (it == unit.cellIndex.end())
            break;
        Opcode load = scope->kind == ScopeKind::Class ? Opcode::LOAD_CLASSDEREF : Opcode::LOAD_DEREF;
        emit(pick(load, Opcode::STORE_DEREF, Opcode::DELETE_DEREF), it->second);
        return;
    }
    case SymbolScope::Local:
        if (scope->isFunctionLike()) {
            auto it = unit.varIndex.find(name);
            if (it == unit.varIndex.end()) {
                unit.code->varnames.push_back(name);
                it = unit.varIndex.emplace(name, uint32_t(unit.code->varnames.size() - 1)).first;
            }
            emit(pick(Opcode::LOAD_FAST, Opcode::STORE_FAST, Opcode::DELETE_FAST), it->second);
            return;
        }
        emit(pick(Opcode::LOAD_NAME, Opcode::STORE_NAME, Opcode::DELETE_NAME), nameIndex(name));
        return;
    case SymbolScope::GlobalExplicit:
        emit(pick(Opcode::LOAD_GLOBAL, Opcode::STORE_GLOBAL, Opcode::DELETE_GLOBAL), nameIndex(name));
        return;
    case SymbolScope::GlobalImplicit:
        if (scope->isFunctionLike())
            emit(pick(Opcode::LOAD_GLOBAL, Opcode::STORE_GLOBAL, Opcode::DELETE_GLOBAL), nameIndex(name));
        else
            emit(pick(Opcode::LOAD_NAME, Opcode::STORE_NAME, Opcode::DELETE_NAME), nameIndex(name));
        return;
    }
    emit(pick(Opcode::LOAD_NAME, Opcode::STORE_NAME, Opcode::DELETE_NAME), nameIndex(name));
}

// Stores TOS into an assignment target (the value is consumed).
void Compiler::store(const Expr &target)
{
    // The store instructions carry the target's position, as CPython's visit of a Store expression does.
    const SourcePosition saved = u().pos;
    u().pos = SourcePosition{target.pos.line, target.pos.col, target.pos.endLine, target.pos.endCol};
    storeInner(target);
    u().pos = saved;
}

void Compiler::storeInner(const Expr &target)
{
    switch (target.kind) {
    case ExprKind::Name: nameOp(target.name, ExprContext::Store); return;
    case ExprKind::Attribute:
        expr(*target.a);
        emit(Opcode::STORE_ATTR, attrIndex(target.name));
        return;
    case ExprKind::Subscript:
        expr(*target.a);
        expr(*target.b);
        emit(Opcode::STORE_SUBSCR);
        return;
    case ExprKind::Tuple:
    case ExprKind::List: unpackTargets(target); return;
    case ExprKind::Starred: fail(target.pos, "starred assignment target must be in a list or tuple");
    default: fail(target.pos, "cannot assign to expression");
    }
}

// a, *b, c = v -> UNPACK_EX 1 | (1 << 8); STORE a; STORE b; STORE c
void Compiler::unpackTargets(const Expr &target)
{
    const auto &elts = target.elts;
    size_t starIndex = elts.size();
    for (size_t i = 0; i < elts.size(); ++i) {
        if (elts[i]->kind != ExprKind::Starred)
            continue;
        if (starIndex != elts.size())
            fail(target.pos, "multiple starred expressions in assignment");
        starIndex = i;
    }
    if (starIndex == elts.size()) {
        emit(Opcode::UNPACK_SEQUENCE, uint32_t(elts.size()));
    } else {
        size_t after = elts.size() - starIndex - 1;
        if (starIndex >= 256 || after >= (1u << 24))
            fail(target.pos, "too many expressions in star-unpacking assignment");
        emit(Opcode::UNPACK_EX, uint32_t(starIndex) | uint32_t(after << 8));
    }
    for (const ExprPtr &e : elts)
        store(e->kind == ExprKind::Starred ? *e->a : *e);
}

// ---------------------------------------------------------------- match (PEP 634)
// Laid out as CPython 3.11's compiler does it: the subject is copied for every case but the last,
// a pattern consumes its copy, and the captured values are stored only once the whole pattern matched.

// match_stmt -> "match" subject ':' case_block+
void Compiler::matchStatement(const Stmt &s)
{
    expr(*s.value);
    int end = newLabel();
    const size_t cases = s.cases.size();
    const bool hasDefault = isWildcard(*s.cases.back().pattern) && cases > 1;
    PatternContext pc;
    for (size_t i = 0; i < cases - (hasDefault ? 1 : 0); ++i) {
        const MatchCase &m = s.cases[i];
        const Pos &ppos = m.pattern->pos;
        u().pos = SourcePosition{ppos.line, ppos.col, ppos.endLine, ppos.endCol};
        const bool lastTested = i == cases - (hasDefault ? 1 : 0) - 1;
        if (!lastTested)
            emit(Opcode::COPY, 1);
        pc = PatternContext{};
        // Irrefutable cases must be either guarded, last, or both.
        pc.allowIrrefutable = m.guard != nullptr || i == cases - 1;
        pattern(*m.pattern, pc);
        for (const std::string &name : pc.stores)
            nameOp(name, ExprContext::Store);
        if (m.guard) {
            if (pc.failPop.empty())
                pc.failPop.push_back(newLabel());
            jumpIf(*m.guard, pc.failPop[0], false);
        }
        if (!lastTested)
            emit(Opcode::POP_TOP);
        body(m.body);
        emit(Opcode::JUMP, uint32_t(end));
        u().pos = SourcePosition{ppos.line, ppos.col, ppos.endLine, ppos.endCol};
        emitAndResetFailPop(pc);
    }
    if (hasDefault) {
        const MatchCase &m = s.cases.back();
        const Pos &ppos = m.pattern->pos;
        u().pos = SourcePosition{ppos.line, ppos.col, ppos.endLine, ppos.endCol};
        emit(Opcode::NOP); // the default case's line event
        if (m.guard)
            jumpIf(*m.guard, end, false);
        body(m.body);
    }
    bind(end);
}

void Compiler::subpattern(const Pattern &p, PatternContext &pc)
{
    const bool allow = pc.allowIrrefutable;
    pc.allowIrrefutable = true;
    pattern(p, pc);
    pc.allowIrrefutable = allow;
}

// Moves TOS down to the count-th position (1 = TOS).
void Compiler::patternRotate(uint32_t count)
{
    while (count > 1)
        emit(Opcode::SWAP, count--);
}

void Compiler::jumpToFailPop(PatternContext &pc, Opcode op)
{
    const size_t pops = pc.onTop + pc.stores.size();
    while (pc.failPop.size() <= pops)
        pc.failPop.push_back(newLabel());
    emit(op, uint32_t(pc.failPop[pops]));
}

// failPop[n] pops one item and falls through to failPop[n-1]; failPop[0] is where matching fails.
void Compiler::emitAndResetFailPop(PatternContext &pc)
{
    if (pc.failPop.empty())
        return;
    for (size_t n = pc.failPop.size() - 1; n > 0; --n) {
        bind(pc.failPop[n]);
        emit(Opcode::POP_TOP);
    }
    bind(pc.failPop[0]);
    pc.failPop.clear();
}

// The value to capture is TOS: it goes under the working items and the earlier captures.
void Compiler::patternStoreName(const std::string &name, const Pos &pos, PatternContext &pc)
{
    if (name.empty()) {
        emit(Opcode::POP_TOP);
        return;
    }
    if (name == "__debug__")
        fail(pos, "cannot assign to __debug__");
    if (std::find(pc.stores.begin(), pc.stores.end(), name) != pc.stores.end())
        fail(pos, "multiple assignments to name '" + name + "' in pattern");
    patternRotate(uint32_t(pc.onTop + pc.stores.size() + 1));
    pc.stores.push_back(name);
}

// pattern: consumes the subject on TOS; on a mismatch jumps to the fail-pop label of the moment.
void Compiler::pattern(const Pattern &p, PatternContext &pc)
{
    u().pos = SourcePosition{p.pos.line, p.pos.col, p.pos.endLine, p.pos.endCol};
    switch (p.kind) {
    case PatternKind::MatchValue:
        expr(*p.value);
        emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Eq));
        jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
        return;
    case PatternKind::MatchSingleton:
        loadConst(p.value->value);
        emit(Opcode::IS_OP, 0);
        jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
        return;
    case PatternKind::MatchSequence: patternSequence(p, pc); return;
    case PatternKind::MatchMapping: patternMapping(p, pc); return;
    case PatternKind::MatchClass: patternClass(p, pc); return;
    case PatternKind::MatchStar: patternStoreName(p.name, p.pos, pc); return;
    case PatternKind::MatchAs:
        if (!p.pattern) {
            if (!pc.allowIrrefutable) {
                if (!p.name.empty())
                    fail(p.pos, "name capture '" + p.name + "' makes remaining patterns unreachable");
                fail(p.pos, "wildcard makes remaining patterns unreachable");
            }
            patternStoreName(p.name, p.pos, pc);
            return;
        }
        ++pc.onTop; // a copy to store once the inner pattern matched
        emit(Opcode::COPY, 1);
        pattern(*p.pattern, pc);
        --pc.onTop;
        patternStoreName(p.name, p.pos, pc);
        return;
    case PatternKind::MatchOr: patternOr(p, pc); return;
    }
}

// sequence_pattern: MATCH_SEQUENCE, a length check, then unpacking (or subscripts around `*_`).
void Compiler::patternSequence(const Pattern &p, PatternContext &pc)
{
    const size_t size = p.patterns.size();
    long star = -1;
    bool onlyWildcard = true, starWildcard = false;
    for (size_t i = 0; i < size; ++i) {
        const Pattern &sub = *p.patterns[i];
        if (sub.kind == PatternKind::MatchStar) {
            if (star >= 0)
                fail(p.pos, "multiple starred names in sequence pattern");
            starWildcard = isWildcardStar(sub);
            onlyWildcard &= starWildcard;
            star = long(i);
            continue;
        }
        onlyWildcard &= isWildcard(sub);
    }
    ++pc.onTop; // the subject stays on top during the checks
    emit(Opcode::MATCH_SEQUENCE);
    jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
    if (star < 0) {
        emit(Opcode::GET_LEN);
        loadConst(Constant{int64_t(size)});
        emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Eq));
        jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
    } else if (size > 1) {
        emit(Opcode::GET_LEN);
        loadConst(Constant{int64_t(size - 1)});
        emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Ge));
        jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
    }
    --pc.onTop;
    if (onlyWildcard) {
        emit(Opcode::POP_TOP);
    } else if (starWildcard) {
        ++pc.onTop;
        for (size_t i = 0; i < size; ++i) {
            const Pattern &sub = *p.patterns[i];
            if (isWildcard(sub) || long(i) == star)
                continue;
            emit(Opcode::COPY, 1);
            if (long(i) < star) {
                loadConst(Constant{int64_t(i)});
            } else {
                emit(Opcode::GET_LEN);
                loadConst(Constant{int64_t(size - i)});
                emit(Opcode::BINARY_OP, uint32_t(BinaryOperator::Subtract));
            }
            emit(Opcode::BINARY_SUBSCR);
            subpattern(sub, pc);
        }
        --pc.onTop;
        emit(Opcode::POP_TOP);
    } else {
        if (star < 0)
            emit(Opcode::UNPACK_SEQUENCE, uint32_t(size));
        else
            emit(Opcode::UNPACK_EX, uint32_t(star) | (uint32_t(size - size_t(star) - 1) << 8));
        pc.onTop += uint32_t(size);
        for (const PatternPtr &sub : p.patterns) {
            --pc.onTop;
            subpattern(*sub, pc);
        }
    }
}

// mapping_pattern: MATCH_MAPPING, a length check, MATCH_KEYS, the value sub-patterns, then **rest.
void Compiler::patternMapping(const Pattern &p, PatternContext &pc)
{
    const size_t size = p.keys.size();
    ++pc.onTop;
    emit(Opcode::MATCH_MAPPING);
    jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
    if (size == 0 && p.name.empty()) {
        --pc.onTop;
        emit(Opcode::POP_TOP);
        return;
    }
    if (size) {
        emit(Opcode::GET_LEN);
        loadConst(Constant{int64_t(size)});
        emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Ge));
        jumpToFailPop(pc, Opcode::POP_JUMP_IF_FALSE);
    }
    std::vector<std::string> seen; // literal keys, to refuse duplicates as CPython's compiler does
    for (const ExprPtr &key : p.keys) {
        if (key->kind != ExprKind::Attribute) {
            const bool negative = key->kind == ExprKind::UnaryOp;
            const Constant &value = negative ? key->a->value : key->value;
            const std::string id = (negative ? "-" : "") + constantKey(value);
            if (std::find(seen.begin(), seen.end(), id) != seen.end())
                fail(p.pos, "mapping pattern checks duplicate key (" + std::string(negative ? "-" : "")
                                   + constantRepr(value) + ")");
            seen.push_back(id);
        }
        expr(*key);
    }
    emit(Opcode::BUILD_TUPLE, uint32_t(size));
    emit(Opcode::MATCH_KEYS);
    pc.onTop += 2; // the keys and the values
    emit(Opcode::COPY, 1);
    jumpToFailPop(pc, Opcode::POP_JUMP_IF_NONE);
    emit(Opcode::UNPACK_SEQUENCE, uint32_t(size));
    pc.onTop += uint32_t(size) - 1;
    for (const PatternPtr &sub : p.patterns) {
        --pc.onTop;
        subpattern(*sub, pc);
    }
    pc.onTop -= 2; // what follows consumes the keys and the subject
    if (!p.name.empty()) {
        // rest = dict(subject), then del rest[key] for every key.
        emit(Opcode::BUILD_MAP, 0);
        emit(Opcode::SWAP, 3);
        emit(Opcode::DICT_UPDATE, 2);
        emit(Opcode::UNPACK_SEQUENCE, uint32_t(size));
        for (size_t left = size; left > 0; --left) {
            emit(Opcode::COPY, uint32_t(1 + left));
            emit(Opcode::SWAP, 2);
            emit(Opcode::DELETE_SUBSCR);
        }
        patternStoreName(p.name, p.pos, pc);
    } else {
        emit(Opcode::POP_TOP); // the keys
        emit(Opcode::POP_TOP); // the subject
    }
}

// class_pattern: MATCH_CLASS yields the attributes the sub-patterns then match, or None.
void Compiler::patternClass(const Pattern &p, PatternContext &pc)
{
    for (size_t i = 0; i < p.kwdAttrs.size(); ++i) {
        if (p.kwdAttrs[i] == "__debug__")
            fail(p.kwdPatterns[i]->pos, "cannot assign to __debug__");
        for (size_t j = i + 1; j < p.kwdAttrs.size(); ++j)
            if (p.kwdAttrs[i] == p.kwdAttrs[j])
                fail(p.kwdPatterns[j]->pos, "attribute name repeated in class pattern: " + p.kwdAttrs[i]);
    }
    expr(*p.value);
    TupleConstant names;
    for (const std::string &attr : p.kwdAttrs)
        names.items.push_back(Constant{attr});
    loadConst(Constant{std::move(names)});
    const size_t nargs = p.patterns.size(), nattrs = p.kwdAttrs.size();
    emit(Opcode::MATCH_CLASS, uint32_t(nargs));
    emit(Opcode::COPY, 1);
    ++pc.onTop;
    jumpToFailPop(pc, Opcode::POP_JUMP_IF_NONE);
    emit(Opcode::UNPACK_SEQUENCE, uint32_t(nargs + nattrs));
    pc.onTop += uint32_t(nargs + nattrs) - 1;
    for (size_t i = 0; i < nargs + nattrs; ++i) {
        --pc.onTop;
        const Pattern &sub = i < nargs ? *p.patterns[i] : *p.kwdPatterns[i - nargs];
        if (isWildcard(sub)) {
            emit(Opcode::POP_TOP);
            continue;
        }
        subpattern(sub, pc);
    }
}

// or_pattern: each alternative works on its own copy of the subject; the captures of every
// alternative are reordered on the stack to the first alternative's order.
void Compiler::patternOr(const Pattern &p, PatternContext &pc)
{
    int end = newLabel();
    PatternContext old = pc;
    std::vector<std::string> control;
    for (size_t i = 0; i < p.patterns.size(); ++i) {
        const Pattern &alt = *p.patterns[i];
        pc.stores.clear();
        pc.allowIrrefutable = i == p.patterns.size() - 1 && old.allowIrrefutable;
        pc.failPop.clear();
        pc.onTop = 0;
        emit(Opcode::COPY, 1);
        pattern(alt, pc);
        if (i == 0) {
            control = pc.stores;
        } else if (pc.stores.size() != control.size()) {
            fail(alt.pos, "alternative patterns bind different names");
        } else {
            for (size_t icontrol = control.size(); icontrol-- > 0;) {
                auto found = std::find(pc.stores.begin(), pc.stores.end(), control[icontrol]);
                if (found == pc.stores.end())
                    fail(alt.pos, "alternative patterns bind different names");
                const size_t istores = size_t(found - pc.stores.begin());
                if (icontrol != istores) {
                    const size_t rotations = istores + 1;
                    std::vector<std::string> rotated(pc.stores.begin(), pc.stores.begin() + long(rotations));
                    pc.stores.erase(pc.stores.begin(), pc.stores.begin() + long(rotations));
                    pc.stores.insert(pc.stores.begin() + long(icontrol - istores), rotated.begin(), rotated.end());
                    for (size_t r = 0; r < rotations; ++r)
                        patternRotate(uint32_t(icontrol + 1));
                }
            }
        }
        emit(Opcode::JUMP, uint32_t(end));
        emitAndResetFailPop(pc);
    }
    pc = std::move(old);
    // No alternative matched: pop the remaining copy of the subject and fail.
    emit(Opcode::POP_TOP);
    jumpToFailPop(pc, Opcode::JUMP);
    bind(end);
    const size_t nrots = control.size() + 1 + pc.onTop + pc.stores.size();
    for (const std::string &name : control) {
        patternRotate(uint32_t(nrots));
        if (std::find(pc.stores.begin(), pc.stores.end(), name) != pc.stores.end())
            fail(p.pos, "multiple assignments to name '" + name + "' in pattern");
        pc.stores.push_back(name);
    }
    emit(Opcode::POP_TOP); // the copy of the subject
}

// ---------------------------------------------------------------- expressions

void Compiler::expr(const Expr &e)
{
    SourcePosition saved = u().pos;
    u().pos = SourcePosition{e.pos.line, e.pos.col, e.pos.endLine, e.pos.endCol};
    exprInner(e);
    u().pos = saved;
}

void Compiler::exprInner(const Expr &e)
{
    switch (e.kind) {
    case ExprKind::Constant: loadConst(e.value); return;
    case ExprKind::Name: nameOp(e.name, ExprContext::Load); return;
    case ExprKind::BoolOp: boolOp(e); return;
    case ExprKind::NamedExpr:
        expr(*e.b);
        emit(Opcode::COPY, 1);
        store(*e.a);
        return;
    case ExprKind::BinOp:
        expr(*e.a);
        expr(*e.b);
        emit(Opcode::BINARY_OP, uint32_t(e.op));
        return;
    case ExprKind::UnaryOp: {
        auto op = UnaryOpKind(e.op);
        // Fold -<number literal> as CPython does (the value is identical either way).
        if (op == UnaryOpKind::USub && e.a->kind == ExprKind::Constant) {
            const auto &v = e.a->value.value;
            if (auto i = std::get_if<int64_t>(&v)) {
                loadConst(int64_t(-*i));
                return;
            }
            if (auto d = std::get_if<double>(&v)) {
                loadConst(-*d);
                return;
            }
            if (auto b = std::get_if<BigIntConstant>(&v)) {
                BigIntConstant n = *b;
                n.negative = !n.negative;
                loadConst(n);
                return;
            }
        }
        expr(*e.a);
        emit(op == UnaryOpKind::Invert ? Opcode::UNARY_INVERT
             : op == UnaryOpKind::Not  ? Opcode::UNARY_NOT
             : op == UnaryOpKind::UAdd ? Opcode::UNARY_POSITIVE
                                       : Opcode::UNARY_NEGATIVE);
        return;
    }
    case ExprKind::Lambda: lambda(e); return;
    case ExprKind::IfExp: {
        int orelse = newLabel(), end = newLabel();
        jumpIf(*e.b, orelse, false);
        expr(*e.a);
        emit(Opcode::JUMP, uint32_t(end));
        bind(orelse);
        expr(*e.c);
        bind(end);
        return;
    }
    case ExprKind::Dict: dict(e); return;
    case ExprKind::Set: starredCollection(e.elts, Opcode::BUILD_SET, Opcode::SET_ADD, Opcode::SET_UPDATE, false); return;
    case ExprKind::List: starredCollection(e.elts, Opcode::BUILD_LIST, Opcode::LIST_APPEND, Opcode::LIST_EXTEND, false); return;
    case ExprKind::Tuple: starredCollection(e.elts, Opcode::BUILD_TUPLE, Opcode::LIST_APPEND, Opcode::LIST_EXTEND, true); return;
    case ExprKind::ListComp:
    case ExprKind::SetComp:
    case ExprKind::DictComp:
    case ExprKind::GeneratorExp: comprehension(e); return;
    case ExprKind::Await:
        expr(*e.a);
        emit(Opcode::GET_AWAITABLE, 0);
        loadConst(NoneConstant{});
        yieldFromLoop();
        return;
    case ExprKind::Yield:
        if (e.a)
            expr(*e.a);
        else
            loadConst(NoneConstant{});
        emit(Opcode::YIELD_VALUE, 0);
        return;
    case ExprKind::YieldFrom:
        expr(*e.a);
        emit(Opcode::GET_YIELD_FROM_ITER);
        loadConst(NoneConstant{});
        yieldFromLoop();
        return;
    case ExprKind::Compare: compare(e); return;
    case ExprKind::Call: call(e); return;
    case ExprKind::FormattedValue: formattedValue(e); return;
    case ExprKind::JoinedStr: joinedStr(e); return;
    case ExprKind::Attribute:
        expr(*e.a);
        emit(Opcode::LOAD_ATTR, attrIndex(e.name));
        return;
    case ExprKind::Subscript:
        expr(*e.a);
        expr(*e.b);
        emit(Opcode::BINARY_SUBSCR);
        return;
    case ExprKind::Slice: slice(e); return;
    case ExprKind::Starred: fail(e.pos, "can't use starred expression here");
    }
}

void Compiler::slice(const Expr &e)
{
    auto part = [this](const ExprPtr &p) {
        if (p)
            expr(*p);
        else
            loadConst(NoneConstant{});
    };
    part(e.a);
    part(e.b);
    if (e.c) {
        expr(*e.c);
        emit(Opcode::BUILD_SLICE, 3);
    } else {
        emit(Opcode::BUILD_SLICE, 2);
    }
}

// a and b -> a; JUMP_IF_FALSE_OR_POP end; b; end:
void Compiler::boolOp(const Expr &e)
{
    int end = newLabel();
    Opcode jump = e.op == int(BoolOpKind::And) ? Opcode::JUMP_IF_FALSE_OR_POP : Opcode::JUMP_IF_TRUE_OR_POP;
    for (size_t i = 0; i < e.elts.size(); ++i) {
        expr(*e.elts[i]);
        if (i + 1 < e.elts.size())
            emit(jump, uint32_t(end));
    }
    bind(end);
}

void Compiler::compareOp(CmpOpKind op)
{
    switch (op) {
    case CmpOpKind::Eq: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Eq)); return;
    case CmpOpKind::NotEq: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Ne)); return;
    case CmpOpKind::Lt: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Lt)); return;
    case CmpOpKind::LtE: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Le)); return;
    case CmpOpKind::Gt: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Gt)); return;
    case CmpOpKind::GtE: emit(Opcode::COMPARE_OP, uint32_t(CompareOperator::Ge)); return;
    case CmpOpKind::Is: emit(Opcode::IS_OP, 0); return;
    case CmpOpKind::IsNot: emit(Opcode::IS_OP, 1); return;
    case CmpOpKind::In: emit(Opcode::CONTAINS_OP, 0); return;
    case CmpOpKind::NotIn: emit(Opcode::CONTAINS_OP, 1); return;
    }
}

// a < b < c -> a; b; SWAP 2; COPY 2; <; JUMP_IF_FALSE_OR_POP cleanup; c; <; JUMP end;
//              cleanup: SWAP 2; POP_TOP; end:
void Compiler::compare(const Expr &e)
{
    expr(*e.a);
    size_t n = e.cmpOps.size();
    if (n == 1) {
        expr(*e.elts[0]);
        compareOp(e.cmpOps[0]);
        return;
    }
    int cleanup = newLabel(), end = newLabel();
    for (size_t i = 0; i + 1 < n; ++i) {
        expr(*e.elts[i]);
        emit(Opcode::SWAP, 2);
        emit(Opcode::COPY, 2);
        compareOp(e.cmpOps[i]);
        emit(Opcode::JUMP_IF_FALSE_OR_POP, uint32_t(cleanup));
    }
    expr(*e.elts[n - 1]);
    compareOp(e.cmpOps[n - 1]);
    emit(Opcode::JUMP, uint32_t(end));
    bind(cleanup);
    emit(Opcode::SWAP, 2);
    emit(Opcode::POP_TOP);
    bind(end);
}

// Jumps to `label` when truthiness(e) == condition; `not`, `and` and `or` become control flow.
void Compiler::jumpIf(const Expr &e, int label, bool condition)
{
    if (e.kind == ExprKind::UnaryOp && e.op == int(UnaryOpKind::Not)) {
        jumpIf(*e.a, label, !condition);
        return;
    }
    if (e.kind == ExprKind::BoolOp) {
        bool isOr = e.op == int(BoolOpKind::Or);
        if (isOr == condition) {
            // or-true / and-false: any operand decides.
            for (const ExprPtr &v : e.elts)
                jumpIf(*v, label, condition);
        } else {
            int next = newLabel();
            for (size_t i = 0; i + 1 < e.elts.size(); ++i)
                jumpIf(*e.elts[i], next, !condition);
            jumpIf(*e.elts.back(), label, condition);
            bind(next);
        }
        return;
    }
    expr(e);
    SourcePosition saved = u().pos;
    u().pos = SourcePosition{e.pos.line, e.pos.col, e.pos.endLine, e.pos.endCol};
    emit(condition ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, uint32_t(label));
    // 3.11's compiler_jump_if sets a comparison's location and leaves it set: the rest of the
    // statement (an assert's AssertionError and raise) carries it, which places traceback carets.
    if (e.kind != ExprKind::Compare) u().pos = saved;
}

// f(a, *b, k=1, **m): plain calls use CALL (+ KW_NAMES); any unpacking uses CALL_FUNCTION_EX.
// obj.m(...) without unpacking uses LOAD_METHOD so no bound method is allocated.
void Compiler::call(const Expr &e)
{
    const Expr &func = *e.a;
    bool unpacking = std::any_of(e.elts.begin(), e.elts.end(), [](const ExprPtr &a) { return a->kind == ExprKind::Starred; }) ||
                     std::any_of(e.keywords.begin(), e.keywords.end(), [](const Keyword &k) { return k.name.empty(); });
    if (func.kind == ExprKind::Attribute && !unpacking) {
        expr(*func.a);
        SourcePosition saved = u().pos;
        u().pos = SourcePosition{func.pos.line, func.pos.col, func.pos.endLine, func.pos.endCol};
        emit(Opcode::LOAD_METHOD, attrIndex(func.name));
        u().pos = saved;
    } else {
        emit(Opcode::PUSH_NULL);
        expr(func);
    }
    callArguments(e.elts, e.keywords, 0);
}

// Emits the arguments and the call; `extraPositional` arguments are already on the stack (class
// statements push the body function and the name).
void Compiler::callArguments(const std::vector<ExprPtr> &args, const std::vector<Keyword> &keywords,
                             uint32_t extraPositional)
{
    bool unpacking = std::any_of(args.begin(), args.end(), [](const ExprPtr &a) { return a->kind == ExprKind::Starred; }) ||
                     std::any_of(keywords.begin(), keywords.end(), [](const Keyword &k) { return k.name.empty(); });
    if (!unpacking) {
        for (const ExprPtr &a : args)
            expr(*a);
        for (const Keyword &k : keywords)
            expr(*k.value);
        if (!keywords.empty()) {
            TupleConstant names;
            for (const Keyword &k : keywords)
                names.items.push_back(k.name);
            emit(Opcode::KW_NAMES, constIndex(names));
        }
        emit(Opcode::CALL, extraPositional + uint32_t(args.size() + keywords.size()));
        return;
    }
    // Positional part: a list built incrementally, then made a tuple.
    emit(Opcode::BUILD_LIST, extraPositional);
    for (const ExprPtr &a : args) {
        if (a->kind == ExprKind::Starred) {
            expr(*a->a);
            emit(Opcode::LIST_EXTEND, 1);
        } else {
            expr(*a);
            emit(Opcode::LIST_APPEND, 1);
        }
    }
    emit(Opcode::LIST_TO_TUPLE);
    if (keywords.empty()) {
        emit(Opcode::CALL_FUNCTION_EX, 0);
        return;
    }
    // Keyword part: runs of name=value become BUILD_MAP, each **m is merged with duplicate checks.
    bool haveDict = false;
    size_t i = 0;
    while (i < keywords.size()) {
        if (keywords[i].name.empty()) {
            if (!haveDict)
                emit(Opcode::BUILD_MAP, 0);
            haveDict = true;
            expr(*keywords[i].value);
            emit(Opcode::DICT_MERGE, 1);
            ++i;
            continue;
        }
        uint32_t n = 0;
        while (i < keywords.size() && !keywords[i].name.empty()) {
            loadConst(keywords[i].name);
            expr(*keywords[i].value);
            ++n;
            ++i;
        }
        emit(Opcode::BUILD_MAP, n);
        if (haveDict)
            emit(Opcode::DICT_MERGE, 1);
        haveDict = true;
    }
    emit(Opcode::CALL_FUNCTION_EX, 1);
}

// Displays: BUILD_x n without starred items, else build incrementally with add/extend.
void Compiler::starredCollection(const std::vector<ExprPtr> &elts, Opcode build, Opcode add, Opcode extend,
                                 bool toTuple)
{
    bool starred = std::any_of(elts.begin(), elts.end(), [](const ExprPtr &x) { return x->kind == ExprKind::Starred; });
    if (!starred) {
        for (const ExprPtr &x : elts)
            expr(*x);
        emit(build, uint32_t(elts.size()));
        return;
    }
    emit(toTuple ? Opcode::BUILD_LIST : build, 0);
    for (const ExprPtr &x : elts) {
        if (x->kind == ExprKind::Starred) {
            expr(*x->a);
            emit(extend, 1);
        } else {
            expr(*x);
            emit(add, 1);
        }
    }
    if (toTuple)
        emit(Opcode::LIST_TO_TUPLE);
}

// {k: v, **m, k2: v2} -> k v BUILD_MAP 1; m DICT_UPDATE 1; k2 v2 BUILD_MAP 1; DICT_UPDATE 1
void Compiler::dict(const Expr &e)
{
    bool haveDict = false;
    size_t i = 0;
    if (e.elts.empty()) {
        emit(Opcode::BUILD_MAP, 0);
        return;
    }
    while (i < e.elts.size()) {
        if (!e.keys[i]) {
            if (!haveDict)
                emit(Opcode::BUILD_MAP, 0);
            haveDict = true;
            expr(*e.elts[i]);
            emit(Opcode::DICT_UPDATE, 1);
            ++i;
            continue;
        }
        uint32_t n = 0;
        while (i < e.elts.size() && e.keys[i]) {
            expr(*e.keys[i]);
            expr(*e.elts[i]);
            ++n;
            ++i;
        }
        emit(Opcode::BUILD_MAP, n);
        if (haveDict)
            emit(Opcode::DICT_UPDATE, 1);
        haveDict = true;
    }
}

void Compiler::formattedValue(const Expr &e)
{
    expr(*e.a);
    uint32_t flags = e.conversion == 's' ? 1 : e.conversion == 'r' ? 2 : e.conversion == 'a' ? 3 : 0;
    if (e.b) {
        expr(*e.b);
        flags |= FormatHasSpec;
    }
    emit(Opcode::FORMAT_VALUE, flags);
}

// f"a{x}b" -> LOAD_CONST 'a'; x; FORMAT_VALUE 0; LOAD_CONST 'b'; BUILD_STRING 3
void Compiler::joinedStr(const Expr &e)
{
    if (e.elts.empty()) {
        loadConst(std::string());
        return;
    }
    for (const ExprPtr &part : e.elts)
        expr(*part);
    if (e.elts.size() > 1)
        emit(Opcode::BUILD_STRING, uint32_t(e.elts.size()));
}

void Compiler::lambda(const Expr &e)
{
    uint32_t flags = 0;
    defaults(*e.args, flags);
    const Scope *scope = m_symbols.scopeFor(&e);
    enterUnit(scope, "<lambda>", qualnameFor("<lambda>", false), e.pos.line);
    CodeObject &code = *u().code;
    code.argcount = int(e.args->posonly.size() + e.args->args.size());
    code.posonlyargcount = int(e.args->posonly.size());
    code.kwonlyargcount = int(e.args->kwonly.size());
    expr(*e.a);
    if (scope->isGenerator) {
        emit(Opcode::POP_TOP);
        loadConst(NoneConstant{});
    }
    emit(Opcode::RETURN_VALUE);
    std::shared_ptr<CodeObject> fn = leaveUnit();
    makeClosure(fn, flags);
}

// Comprehensions are functions of one argument (.0, the outermost iterator) called on the spot;
// an async list/set/dict comprehension is a coroutine that the caller awaits.
void Compiler::comprehension(const Expr &e)
{
    const Scope *scope = m_symbols.scopeFor(&e);
    const char *name = e.kind == ExprKind::ListComp  ? "<listcomp>"
                       : e.kind == ExprKind::SetComp ? "<setcomp>"
                       : e.kind == ExprKind::DictComp ? "<dictcomp>"
                                                      : "<genexpr>";
    emit(Opcode::PUSH_NULL);
    enterUnit(scope, name, qualnameFor(name, false), e.pos.line);
    u().code->argcount = 1;
    u().pos = SourcePosition{e.pos.line, e.pos.col, e.pos.endLine, e.pos.endCol};
    if (e.kind == ExprKind::ListComp)
        emit(Opcode::BUILD_LIST, 0);
    else if (e.kind == ExprKind::SetComp)
        emit(Opcode::BUILD_SET, 0);
    else if (e.kind == ExprKind::DictComp)
        emit(Opcode::BUILD_MAP, 0);
    comprehensionLevel(e, 0);
    if (e.kind == ExprKind::GeneratorExp)
        loadConst(NoneConstant{});
    emit(Opcode::RETURN_VALUE);
    std::shared_ptr<CodeObject> fn = leaveUnit();
    makeClosure(fn, 0);
    const Comprehension &outer = e.generators[0];
    expr(*outer.iter);
    emit(outer.isAsync ? Opcode::GET_AITER : Opcode::GET_ITER);
    emit(Opcode::CALL, 1);
    if (scope->isCoroutine && e.kind != ExprKind::GeneratorExp) {
        emit(Opcode::GET_AWAITABLE, 0);
        loadConst(NoneConstant{});
        yieldFromLoop();
    }
}

void Compiler::comprehensionLevel(const Expr &e, size_t level)
{
    const Comprehension &gen = e.generators[level];
    int start = newLabel(), anchor = newLabel();
    if (level == 0)
        emit(Opcode::LOAD_FAST, u().varIndex.at(".0"));
    else {
        expr(*gen.iter);
        emit(gen.isAsync ? Opcode::GET_AITER : Opcode::GET_ITER);
    }
    bind(start);
    int iterDepth = u().depth;
    if (gen.isAsync) {
        pushHandler(anchor, iterDepth, false);
        emit(Opcode::GET_ANEXT);
        loadConst(NoneConstant{});
        yieldFromLoop();
        popHandler();
    } else {
        emit(Opcode::FOR_ITER, uint32_t(anchor));
    }
    store(*gen.target);
    for (const ExprPtr &cond : gen.ifs)
        jumpIf(*cond, start, false);
    if (level + 1 < e.generators.size()) {
        comprehensionLevel(e, level + 1);
    } else {
        uint32_t slot = uint32_t(e.generators.size() + 1);
        switch (e.kind) {
        case ExprKind::ListComp:
            expr(*e.a);
            emit(Opcode::LIST_APPEND, slot);
            break;
        case ExprKind::SetComp:
            expr(*e.a);
            emit(Opcode::SET_ADD, slot);
            break;
        case ExprKind::DictComp:
            expr(*e.a);
            expr(*e.b);
            emit(Opcode::MAP_ADD, slot);
            break;
        default:
            expr(*e.a);
            emit(Opcode::YIELD_VALUE, 0);
            emit(Opcode::POP_TOP);
            break;
        }
    }
    emit(Opcode::JUMP, uint32_t(start));
    if (gen.isAsync) {
        bindHandler(anchor, iterDepth, false);
        emit(Opcode::END_ASYNC_FOR);
    } else {
        bind(anchor);
    }
}

} // namespace detail

int computeStackDepth(const CodeObject &code)
{
    const size_t n = code.code.size();
    std::vector<int> depthAt(n, -1);
    std::vector<std::pair<size_t, int>> work{{0, 0}};
    int maxDepth = 0;
    while (!work.empty()) {
        auto [i, depth] = work.back();
        work.pop_back();
        while (i < n) {
            if (depthAt[i] >= 0) {
                if (depthAt[i] != depth)
                    return -1;
                break;
            }
            depthAt[i] = depth;
            const Instruction &ins = code.code[i];
            if (const ExceptionTableEntry *h = code.handlerFor(uint32_t(i))) {
                int handlerDepth = int(h->depth) + (h->lasti ? 1 : 0) + 1;
                maxDepth = std::max(maxDepth, handlerDepth);
                work.emplace_back(h->handler, handlerDepth);
            }
            if (opcodeHasJump(ins.op)) {
                int jumped = depth + stackEffect(ins.op, ins.arg, true);
                if (jumped < 0 || ins.arg >= n)
                    return -1;
                maxDepth = std::max(maxDepth, jumped);
                work.emplace_back(ins.arg, jumped);
            }
            int next = depth + stackEffect(ins.op, ins.arg, false);
            if (next < 0)
                return -1;
            maxDepth = std::max(maxDepth, next);
            if (detail::isTerminal(ins.op))
                break;
            ++i;
            depth = next;
        }
    }
    return maxDepth;
}

CompileResult compileModule(std::string_view source, std::string filename)
{
    CompileResult result;
    ParseResult parsed = parseModule(source, filename);
    if (parsed.error) {
        result.error = std::move(parsed.error);
        return result;
    }
    SymbolTable symbols;
    if (auto error = SymbolTable::build(*parsed.module, source, filename, symbols)) {
        result.error = std::move(error);
        return result;
    }
    try {
        detail::Compiler compiler(symbols, filename, source);
        result.code = compiler.compile(*parsed.module);
    } catch (const detail::CompileFailure &f) {
        SyntaxError e;
        e.message = f.message;
        e.filename = filename;
        e.line = f.pos.line;
        e.column = f.pos.col + 1;
        e.endLine = f.pos.endLine;
        e.endColumn = f.pos.endCol + 1;
        e.sourceLine = sourceLineAt(source, f.pos.line);
        result.error = std::move(e);
    }
    return result;
}

} // namespace loopscope
