#include "vm/symtable.h"

#include <algorithm>
#include <set>

namespace loopscope {

using namespace ast;

const Symbol *Scope::lookup(const std::string &name) const
{
    auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_symbols[it->second];
}

SymbolScope Scope::scopeOf(const std::string &name) const
{
    const Symbol *s = lookup(name);
    return s ? s->scope : SymbolScope::GlobalImplicit;
}

Symbol &Scope::add(const std::string &name, uint32_t flags)
{
    auto it = m_index.find(name);
    if (it != m_index.end()) {
        m_symbols[it->second].flags |= flags;
        return m_symbols[it->second];
    }
    m_index.emplace(name, m_symbols.size());
    m_symbols.push_back(Symbol{name, flags, SymbolScope::GlobalImplicit});
    return m_symbols.back();
}

std::vector<std::string> Scope::varnames() const
{
    std::vector<std::string> out = params;
    if (!isFunctionLike())
        return out;
    for (const Symbol &s : m_symbols) {
        if (s.scope == SymbolScope::Local && !(s.flags & DefParam))
            out.push_back(s.name);
    }
    return out;
}

std::vector<std::string> Scope::cellvars() const
{
    std::vector<std::string> out;
    for (const Symbol &s : m_symbols) {
        if (s.scope == SymbolScope::Cell)
            out.push_back(s.name);
    }
    if (needsClassClosure)
        out.push_back("__class__");
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> Scope::freevars() const
{
    std::vector<std::string> out;
    for (const Symbol &s : m_symbols) {
        if (s.scope == SymbolScope::Free || (s.flags & DefFreeClass))
            out.push_back(s.name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const Scope *SymbolTable::scopeFor(const void *node) const
{
    auto it = m_byNode.find(node);
    return it == m_byNode.end() ? nullptr : it->second;
}

std::string mangleName(const std::string &privateName, const std::string &name)
{
    if (privateName.empty() || name.size() < 3 || name[0] != '_' || name[1] != '_')
        return name;
    if (name.size() >= 4 && name.compare(name.size() - 2, 2, "__") == 0)
        return name;
    if (name.find('.') != std::string::npos)
        return name;
    size_t first = privateName.find_first_not_of('_');
    if (first == std::string::npos)
        return name;
    return "_" + privateName.substr(first) + name;
}

namespace {

struct SymtableFailure {
    Pos pos;
    std::string message;
};

} // namespace

/// Walks the AST once to collect each scope's names, then classifies them (CPython's analyze_block).
class SymbolTableBuilder
{
public:
    explicit SymbolTableBuilder(SymbolTable &table)
        : m_table(table)
    {
    }

    void build(const Module &module)
    {
        m_table.m_top = std::make_unique<Scope>();
        m_table.m_top->kind = ScopeKind::Module;
        m_table.m_top->name = "top";
        m_cur = m_table.m_top.get();
        m_stack.push_back(m_cur);
        m_futureAnnotations = hasFutureAnnotations(module);
        visitBody(module.body);
        analyze(*m_table.m_top, {}, {});
    }

private:
    [[noreturn]] void fail(const Pos &pos, const std::string &message) { throw SymtableFailure{pos, message}; }

    Scope *enter(ScopeKind kind, const std::string &name, const void *node, int line)
    {
        auto scope = std::make_unique<Scope>();
        scope->kind = kind;
        scope->name = name;
        scope->line = line;
        Scope *raw = scope.get();
        m_cur->children.push_back(std::move(scope));
        m_table.m_byNode[node] = raw;
        m_stack.push_back(raw);
        m_cur = raw;
        return raw;
    }

    void leave()
    {
        m_stack.pop_back();
        m_cur = m_stack.back();
    }

    std::string mangle(const std::string &name) const { return mangleName(m_private, name); }
    void define(const std::string &name, uint32_t flags) { m_cur->add(mangle(name), flags); }

    void addParam(const Arg &arg, uint32_t extra = 0)
    {
        std::string name = mangle(arg.name);
        if (m_cur->lookup(name) && (m_cur->lookup(name)->flags & DefParam))
            fail(arg.pos, "duplicate argument '" + arg.name + "' in function definition");
        m_cur->add(name, DefParam | extra);
        m_cur->params.push_back(name);
    }

    void addParams(const Arguments &args)
    {
        for (const Arg &a : args.posonly)
            addParam(a);
        for (const Arg &a : args.args)
            addParam(a);
        for (const Arg &a : args.kwonly)
            addParam(a);
        if (args.vararg) {
            addParam(*args.vararg);
            m_cur->hasVarargs = true;
        }
        if (args.kwarg) {
            addParam(*args.kwarg);
            m_cur->hasVarkeywords = true;
        }
    }

    void visitDefaults(const Arguments &args)
    {
        for (const ExprPtr &d : args.defaults)
            visit(d.get());
        for (const ExprPtr &d : args.kwDefaults)
            visit(d.get());
    }

    void visitBody(const StmtList &body)
    {
        for (const StmtPtr &s : body)
            visit(*s);
    }

    void visit(const Stmt &s)
    {
        switch (s.kind) {
        case StmtKind::FunctionDef:
            for (const ExprPtr &d : s.decorators)
                visit(d.get());
            visitDefaults(*s.args);
            if (!m_futureAnnotations) {
                for (const auto &[name, ann] : s.args->annotations)
                    visit(ann.get());
                visit(s.annotation.get());
            }
            define(s.name, DefLocal);
            enter(ScopeKind::Function, s.name, &s, s.pos.line);
            m_cur->isCoroutine = s.isAsync;
            addParams(*s.args);
            visitBody(s.body);
            leave();
            return;
        case StmtKind::ClassDef:
            for (const ExprPtr &d : s.decorators)
                visit(d.get());
            for (const ExprPtr &b : s.bases)
                visit(b.get());
            for (const Keyword &k : s.keywords)
                visit(k.value.get());
            define(s.name, DefLocal);
            enter(ScopeKind::Class, s.name, &s, s.pos.line);
            {
                std::string outerPrivate = m_private;
                m_private = s.name;
                visitBody(s.body);
                m_private = outerPrivate;
            }
            leave();
            return;
        case StmtKind::Return: visit(s.value.get()); return;
        case StmtKind::Delete:
            for (const ExprPtr &t : s.targets)
                visit(t.get());
            return;
        case StmtKind::Assign:
            for (const ExprPtr &t : s.targets)
                visit(t.get());
            visit(s.value.get());
            return;
        case StmtKind::AugAssign:
            visit(s.target.get());
            visit(s.value.get());
            return;
        case StmtKind::AnnAssign:
            visit(s.target.get());
            if (!m_futureAnnotations)
                visit(s.annotation.get());
            visit(s.value.get());
            return;
        case StmtKind::For:
            visit(s.target.get());
            visit(s.iter.get());
            visitBody(s.body);
            visitBody(s.orelse);
            return;
        case StmtKind::While:
        case StmtKind::If:
            visit(s.test.get());
            visitBody(s.body);
            visitBody(s.orelse);
            return;
        case StmtKind::With:
            for (const WithItem &item : s.items) {
                visit(item.context.get());
                visit(item.target.get());
            }
            visitBody(s.body);
            return;
        case StmtKind::Raise:
            visit(s.value.get());
            visit(s.cause.get());
            return;
        case StmtKind::Try:
            visitBody(s.body);
            for (const ExceptHandler &h : s.handlers) {
                visit(h.type.get());
                if (!h.name.empty())
                    define(h.name, DefLocal);
                visitBody(h.body);
            }
            visitBody(s.orelse);
            visitBody(s.finalbody);
            return;
        case StmtKind::Assert:
            visit(s.test.get());
            visit(s.msg.get());
            return;
        case StmtKind::Import:
            for (const Alias &a : s.names) {
                std::string bound = a.asname.empty() ? a.name.substr(0, a.name.find('.')) : a.asname;
                define(bound, DefLocal | DefImport);
            }
            return;
        case StmtKind::ImportFrom:
            for (const Alias &a : s.names) {
                if (a.name == "*") {
                    if (m_cur->kind != ScopeKind::Module)
                        fail(Pos{a.pos.line, a.pos.col, a.pos.line, a.pos.col},
                             "import * only allowed at module level");
                    continue;
                }
                define(a.asname.empty() ? a.name : a.asname, DefLocal | DefImport);
            }
            return;
        case StmtKind::Global:
        case StmtKind::Nonlocal: declare(s); return;
        case StmtKind::ExprStmt: visit(s.value.get()); return;
        case StmtKind::Pass:
        case StmtKind::Break:
        case StmtKind::Continue: return;
        case StmtKind::Match:
            visit(s.value.get());
            for (const MatchCase &c : s.cases) {
                visitPattern(*c.pattern);
                visit(c.guard.get());
                visitBody(c.body);
            }
            return;
        }
    }

    // Captures bind in the current scope; value patterns and class names are loads.
    void visitPattern(const Pattern &p)
    {
        visit(p.value.get());
        for (const ExprPtr &k : p.keys)
            visit(k.get());
        for (const PatternPtr &sub : p.patterns)
            visitPattern(*sub);
        for (const PatternPtr &sub : p.kwdPatterns)
            visitPattern(*sub);
        if (p.pattern)
            visitPattern(*p.pattern);
        if (!p.name.empty())
            define(p.name, DefLocal);
    }

    // global_stmt / nonlocal_stmt: the declaration must come before any use in the block.
    void declare(const Stmt &s)
    {
        bool global = s.kind == StmtKind::Global;
        const char *what = global ? "global" : "nonlocal";
        if (!global && m_cur->kind == ScopeKind::Module)
            fail(s.pos, "nonlocal declaration not allowed at module level");
        for (const std::string &rawName : s.identifiers) {
            const std::string name = mangle(rawName);
            if (const Symbol *existing = m_cur->lookup(name)) {
                uint32_t f = existing->flags;
                if (f & DefParam)
                    fail(s.pos, "name '" + name + "' is parameter and " + what);
                if (global && (f & DefNonlocal))
                    fail(s.pos, "name '" + name + "' is nonlocal and global");
                if (!global && (f & DefGlobal))
                    fail(s.pos, "name '" + name + "' is nonlocal and global");
                if (f & DefLocal)
                    fail(s.pos, "name '" + name + "' is assigned to before " + what + " declaration");
                if (f & SymbolUse)
                    fail(s.pos, "name '" + name + "' is used prior to " + what + " declaration");
            }
            m_cur->add(name, global ? DefGlobal : DefNonlocal);
            if (!global)
                m_nonlocalPos[m_cur][name] = s.pos;
        }
    }

    // A walrus inside a comprehension binds in the nearest enclosing non-comprehension scope.
    void namedExprTarget(const Expr &target)
    {
        const std::string name = mangle(target.name);
        for (size_t i = m_stack.size(); i-- > 0;) {
            Scope *s = m_stack[i];
            if (s->kind == ScopeKind::Comprehension) {
                if (const Symbol *sym = s->lookup(name); sym && (sym->flags & DefCompIter))
                    fail(target.pos, "assignment expression cannot rebind comprehension iteration variable '" +
                                         name + "'");
                continue;
            }
            if (s->kind == ScopeKind::Class)
                fail(target.pos, "assignment expression within a comprehension cannot be used in a class body");
            bool module = s->kind == ScopeKind::Module;
            for (size_t j = i + 1; j < m_stack.size(); ++j)
                m_stack[j]->add(name, module ? uint32_t(DefGlobal) : uint32_t(DefNonlocal));
            if (!module)
                for (size_t j = i + 1; j < m_stack.size(); ++j)
                    m_nonlocalPos[m_stack[j]][name] = target.pos;
            s->add(name, DefLocal);
            return;
        }
    }

    void comprehension(const Expr &e, const char *name, const char *kindText)
    {
        const std::vector<Comprehension> &gens = e.generators;
        visit(gens[0].iter.get());
        bool genexp = e.kind == ExprKind::GeneratorExp;
        Scope *scope = enter(ScopeKind::Comprehension, name, &e, e.pos.line);
        scope->isGenerator = genexp;
        scope->params.push_back(".0");
        scope->add(".0", DefParam);
        m_compKind.push_back(kindText);
        for (size_t i = 0; i < gens.size(); ++i) {
            if (i > 0)
                visit(gens[i].iter.get());
            m_compTarget = true;
            visit(gens[i].target.get());
            m_compTarget = false;
            for (const ExprPtr &cond : gens[i].ifs)
                visit(cond.get());
            if (gens[i].isAsync)
                scope->isAsyncComprehension = true;
        }
        if (e.b)
            visit(e.b.get());
        visit(e.a.get());
        m_compKind.pop_back();
        leave();
        if (!scope->isAsyncComprehension)
            return;
        if (genexp) {
            return; // an async generator expression is fine anywhere; making it awaits nothing
        }
        scope->isCoroutine = true;
        if (m_cur->kind == ScopeKind::Comprehension)
            m_cur->isAsyncComprehension = true; // the outer one awaits the inner one
        else if (!(m_cur->kind == ScopeKind::Function && m_cur->isCoroutine))
            fail(e.pos, "asynchronous comprehension outside of an asynchronous function");
    }

    void visit(const Expr *e)
    {
        if (!e)
            return;
        switch (e->kind) {
        case ExprKind::Name:
            if (e->ctx == ExprContext::Load) {
                define(e->name, SymbolUse);
                if (e->name == "super" && m_cur->isFunctionLike())
                    define("__class__", SymbolUse);
            } else {
                define(e->name, uint32_t(DefLocal) | (m_compTarget ? uint32_t(DefCompIter) : 0u));
            }
            return;
        case ExprKind::NamedExpr:
            visit(e->b.get());
            if (m_cur->kind == ScopeKind::Comprehension)
                namedExprTarget(*e->a);
            else
                visit(e->a.get());
            return;
        case ExprKind::Lambda:
            visitDefaults(*e->args);
            enter(ScopeKind::Lambda, "<lambda>", e, e->pos.line);
            addParams(*e->args);
            visit(e->a.get());
            leave();
            return;
        case ExprKind::ListComp: comprehension(*e, "<listcomp>", "list comprehension"); return;
        case ExprKind::SetComp: comprehension(*e, "<setcomp>", "set comprehension"); return;
        case ExprKind::DictComp: comprehension(*e, "<dictcomp>", "dict comprehension"); return;
        case ExprKind::GeneratorExp: comprehension(*e, "<genexpr>", "generator expression"); return;
        case ExprKind::Await:
            if (m_cur->kind == ScopeKind::Module || m_cur->kind == ScopeKind::Class)
                fail(e->pos, "'await' outside function");
            if (m_cur->kind == ScopeKind::Comprehension)
                m_cur->isAsyncComprehension = true;
            else if (!m_cur->isCoroutine)
                fail(e->pos, "'await' outside async function");
            visit(e->a.get());
            return;
        case ExprKind::Yield:
        case ExprKind::YieldFrom:
            if (m_cur->kind == ScopeKind::Module || m_cur->kind == ScopeKind::Class)
                fail(e->pos, e->kind == ExprKind::Yield ? "'yield' outside function" : "'yield from' outside function");
            if (m_cur->kind == ScopeKind::Comprehension)
                fail(e->pos, std::string("'yield' inside ") + m_compKind.back());
            if (e->kind == ExprKind::YieldFrom && m_cur->isCoroutine)
                fail(e->pos, "'yield from' inside async function");
            m_cur->isGenerator = true;
            visit(e->a.get());
            return;
        default: break;
        }
        visit(e->a.get());
        visit(e->b.get());
        visit(e->c.get());
        for (const ExprPtr &k : e->keys)
            visit(k.get());
        for (const ExprPtr &x : e->elts)
            visit(x.get());
        for (const Keyword &k : e->keywords)
            visit(k.value.get());
    }

    // CPython's analyze_block: decides each name's scope top-down, then turns locals that inner
    // scopes capture into cells bottom-up. Returns the names this block needs from outside.
    std::set<std::string> analyze(Scope &s, const std::set<std::string> &bound, const std::set<std::string> &globals)
    {
        std::set<std::string> local, free;
        std::set<std::string> newGlobal = globals;
        std::vector<std::string> declaredGlobal;
        for (Symbol &sym : s.mutableSymbols()) {
            if (sym.flags & DefGlobal) {
                sym.scope = SymbolScope::GlobalExplicit;
                newGlobal.insert(sym.name);
                declaredGlobal.push_back(sym.name);
            } else if (sym.flags & DefNonlocal) {
                if (!bound.count(sym.name))
                    fail(m_nonlocalPos[&s][sym.name], "no binding for nonlocal '" + sym.name + "' found");
                sym.scope = SymbolScope::Free;
                free.insert(sym.name);
            } else if (sym.flags & (DefLocal | DefParam | DefImport)) {
                sym.scope = SymbolScope::Local;
                local.insert(sym.name);
                newGlobal.erase(sym.name);
            } else if (bound.count(sym.name) && !(s.kind == ScopeKind::Module)) {
                sym.scope = SymbolScope::Free;
                free.insert(sym.name);
            } else {
                sym.scope = SymbolScope::GlobalImplicit;
            }
        }
        std::set<std::string> newBound;
        if (s.kind == ScopeKind::Class) {
            newBound = bound;
            newBound.insert("__class__");
        } else if (s.isFunctionLike()) {
            newBound = bound;
            newBound.insert(local.begin(), local.end());
        }
        for (const std::string &g : declaredGlobal)
            newBound.erase(g);
        std::set<std::string> childFree;
        for (auto &child : s.children) {
            std::set<std::string> f = analyze(*child, newBound, newGlobal);
            childFree.insert(f.begin(), f.end());
        }
        if (s.kind == ScopeKind::Class && childFree.erase("__class__"))
            s.needsClassClosure = true;
        for (const std::string &name : childFree) {
            Symbol *sym = s.find(name);
            if (sym && sym->scope == SymbolScope::Local && s.isFunctionLike()) {
                sym->scope = SymbolScope::Cell;
                continue;
            }
            if (sym && sym->scope == SymbolScope::Local && s.kind == ScopeKind::Class) {
                sym->flags |= DefFreeClass; // the class passes the outer cell on to its methods
                free.insert(name);
                continue;
            }
            if (!sym)
                sym = &s.add(name, 0);
            if (sym->scope != SymbolScope::Cell)
                sym->scope = SymbolScope::Free;
            free.insert(name);
        }
        return free;
    }

    SymbolTable &m_table;
    Scope *m_cur = nullptr;
    std::vector<Scope *> m_stack;
    std::vector<const char *> m_compKind;
    bool m_compTarget = false;
    std::string m_private; // enclosing class name, for private name mangling
    bool m_futureAnnotations = false; // annotations are kept as text, so their names are not uses
    std::map<const Scope *, std::map<std::string, Pos>> m_nonlocalPos;

    friend class SymbolTable;
};

std::optional<SyntaxError> SymbolTable::build(const Module &module, std::string_view source,
                                              const std::string &filename, SymbolTable &out)
{
    SymbolTableBuilder builder(out);
    try {
        builder.build(module);
    } catch (const SymtableFailure &f) {
        SyntaxError e;
        e.message = f.message;
        e.filename = filename;
        e.line = f.pos.line;
        e.column = f.pos.col + 1;
        e.endLine = f.pos.endLine;
        e.endColumn = f.pos.endCol + 1;
        e.sourceLine = sourceLineAt(source, f.pos.line);
        return e;
    }
    return std::nullopt;
}

} // namespace loopscope
