#include "vm/ast.h"

#include <cstdio>

namespace loopscope::ast {

const char *binOpSymbol(BinOpKind op)
{
    static constexpr const char *kSymbols[] = {"+", "&", "//", "<<", "@", "*", "%", "|", "**", ">>", "-", "/", "^"};
    return kSymbols[int(op)];
}

const char *cmpOpSymbol(CmpOpKind op)
{
    static constexpr const char *kSymbols[] = {"==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"};
    return kSymbols[int(op)];
}

namespace {

std::string constantText(const Constant &c)
{
    struct Visitor {
        std::string operator()(NoneConstant) const { return "None"; }
        std::string operator()(EllipsisConstant) const { return "..."; }
        std::string operator()(bool b) const { return b ? "True" : "False"; }
        std::string operator()(int64_t v) const { return std::to_string(v); }
        std::string operator()(const BigIntConstant &b) const
        {
            return std::string(b.negative ? "-" : "") + "int(" + b.digits + ", " + std::to_string(b.base) + ")";
        }
        std::string operator()(double d) const
        {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.17g", d);
            return buf;
        }
        std::string operator()(const std::string &s) const { return "'" + s + "'"; }
        std::string operator()(const BytesConstant &b) const { return "b'" + b.data + "'"; }
        std::string operator()(const std::shared_ptr<const CodeObject> &) const { return "<code>"; }
        std::string operator()(const TupleConstant &t) const
        {
            std::string s = "(";
            for (size_t i = 0; i < t.items.size(); ++i)
                s += (i ? ", " : "") + constantText(t.items[i]);
            return s + (t.items.size() == 1 ? ",)" : ")");
        }
    };
    return std::visit(Visitor{}, c.value);
}

void dumpExpr(const Expr *e, std::string &out);

void dumpList(const std::vector<ExprPtr> &list, std::string &out)
{
    out += "[";
    for (size_t i = 0; i < list.size(); ++i) {
        if (i)
            out += ", ";
        dumpExpr(list[i].get(), out);
    }
    out += "]";
}

void dumpGenerators(const std::vector<Comprehension> &gens, std::string &out)
{
    for (const Comprehension &g : gens) {
        out += g.isAsync ? " async for " : " for ";
        dumpExpr(g.target.get(), out);
        out += " in ";
        dumpExpr(g.iter.get(), out);
        for (const ExprPtr &cond : g.ifs) {
            out += " if ";
            dumpExpr(cond.get(), out);
        }
    }
}

void dumpArgs(const Arguments &a, std::string &out)
{
    out += "(";
    bool first = true;
    auto sep = [&]() {
        if (!first)
            out += ", ";
        first = false;
    };
    size_t positional = a.posonly.size() + a.args.size();
    size_t firstDefault = positional - a.defaults.size();
    size_t index = 0;
    auto param = [&](const Arg &arg) {
        sep();
        out += arg.name;
        if (index >= firstDefault) {
            out += "=";
            dumpExpr(a.defaults[index - firstDefault].get(), out);
        }
        ++index;
    };
    for (const Arg &arg : a.posonly)
        param(arg);
    if (!a.posonly.empty()) {
        sep();
        out += "/";
    }
    for (const Arg &arg : a.args)
        param(arg);
    if (a.vararg) {
        sep();
        out += "*" + a.vararg->name;
    } else if (!a.kwonly.empty()) {
        sep();
        out += "*";
    }
    for (size_t i = 0; i < a.kwonly.size(); ++i) {
        sep();
        out += a.kwonly[i].name;
        if (a.kwDefaults[i]) {
            out += "=";
            dumpExpr(a.kwDefaults[i].get(), out);
        }
    }
    if (a.kwarg) {
        sep();
        out += "**" + a.kwarg->name;
    }
    out += ")";
}

void dumpExpr(const Expr *e, std::string &out)
{
    if (!e) {
        out += "-";
        return;
    }
    switch (e->kind) {
    case ExprKind::BoolOp:
        out += e->op == int(BoolOpKind::And) ? "And" : "Or";
        dumpList(e->elts, out);
        return;
    case ExprKind::NamedExpr:
        out += "(";
        dumpExpr(e->a.get(), out);
        out += " := ";
        dumpExpr(e->b.get(), out);
        out += ")";
        return;
    case ExprKind::BinOp:
        out += "(";
        dumpExpr(e->a.get(), out);
        out += std::string(" ") + binOpSymbol(BinOpKind(e->op)) + " ";
        dumpExpr(e->b.get(), out);
        out += ")";
        return;
    case ExprKind::UnaryOp: {
        static constexpr const char *kOps[] = {"~", "not ", "+", "-"};
        out += "(";
        out += kOps[e->op];
        dumpExpr(e->a.get(), out);
        out += ")";
        return;
    }
    case ExprKind::Lambda:
        out += "Lambda";
        dumpArgs(*e->args, out);
        out += ": ";
        dumpExpr(e->a.get(), out);
        return;
    case ExprKind::IfExp:
        out += "(";
        dumpExpr(e->a.get(), out);
        out += " if ";
        dumpExpr(e->b.get(), out);
        out += " else ";
        dumpExpr(e->c.get(), out);
        out += ")";
        return;
    case ExprKind::Dict:
        out += "Dict{";
        for (size_t i = 0; i < e->elts.size(); ++i) {
            if (i)
                out += ", ";
            if (e->keys[i]) {
                dumpExpr(e->keys[i].get(), out);
                out += ": ";
            } else {
                out += "**";
            }
            dumpExpr(e->elts[i].get(), out);
        }
        out += "}";
        return;
    case ExprKind::Set:
        out += "Set";
        dumpList(e->elts, out);
        return;
    case ExprKind::ListComp:
    case ExprKind::SetComp:
    case ExprKind::GeneratorExp:
        out += e->kind == ExprKind::ListComp ? "ListComp(" : e->kind == ExprKind::SetComp ? "SetComp(" : "GenExp(";
        dumpExpr(e->a.get(), out);
        dumpGenerators(e->generators, out);
        out += ")";
        return;
    case ExprKind::DictComp:
        out += "DictComp(";
        dumpExpr(e->a.get(), out);
        out += ": ";
        dumpExpr(e->b.get(), out);
        dumpGenerators(e->generators, out);
        out += ")";
        return;
    case ExprKind::Await:
        out += "Await(";
        dumpExpr(e->a.get(), out);
        out += ")";
        return;
    case ExprKind::Yield:
        out += "Yield(";
        dumpExpr(e->a.get(), out);
        out += ")";
        return;
    case ExprKind::YieldFrom:
        out += "YieldFrom(";
        dumpExpr(e->a.get(), out);
        out += ")";
        return;
    case ExprKind::Compare:
        out += "Compare(";
        dumpExpr(e->a.get(), out);
        for (size_t i = 0; i < e->cmpOps.size(); ++i) {
            out += std::string(" ") + cmpOpSymbol(e->cmpOps[i]) + " ";
            dumpExpr(e->elts[i].get(), out);
        }
        out += ")";
        return;
    case ExprKind::Call:
        out += "Call(";
        dumpExpr(e->a.get(), out);
        out += ", ";
        dumpList(e->elts, out);
        for (const Keyword &k : e->keywords) {
            out += ", " + (k.name.empty() ? std::string("**") : k.name + "=");
            dumpExpr(k.value.get(), out);
        }
        out += ")";
        return;
    case ExprKind::FormattedValue:
        out += "Fmt(";
        dumpExpr(e->a.get(), out);
        if (e->conversion >= 0)
            out += std::string("!") + char(e->conversion);
        if (e->b) {
            out += ":";
            dumpExpr(e->b.get(), out);
        }
        out += ")";
        return;
    case ExprKind::JoinedStr:
        out += "JoinedStr";
        dumpList(e->elts, out);
        return;
    case ExprKind::Constant: out += constantText(e->value); return;
    case ExprKind::Attribute:
        dumpExpr(e->a.get(), out);
        out += "." + e->name;
        return;
    case ExprKind::Subscript:
        dumpExpr(e->a.get(), out);
        out += "[";
        dumpExpr(e->b.get(), out);
        out += "]";
        return;
    case ExprKind::Starred:
        out += "*";
        dumpExpr(e->a.get(), out);
        return;
    case ExprKind::Name: out += e->name; return;
    case ExprKind::List:
        out += "List";
        dumpList(e->elts, out);
        return;
    case ExprKind::Tuple:
        out += "Tuple";
        dumpList(e->elts, out);
        return;
    case ExprKind::Slice:
        out += "Slice(";
        dumpExpr(e->a.get(), out);
        out += ", ";
        dumpExpr(e->b.get(), out);
        out += ", ";
        dumpExpr(e->c.get(), out);
        out += ")";
        return;
    }
}

void dumpBody(const StmtList &body, int indent, std::string &out);
void dumpPattern(const Pattern &p, std::string &out);

void dumpStmt(const Stmt &s, int indent, std::string &out)
{
    std::string pad(size_t(indent) * 2, ' ');
    out += pad;
    auto expr = [&](const ExprPtr &e) { dumpExpr(e.get(), out); };
    switch (s.kind) {
    case StmtKind::FunctionDef:
        for (const ExprPtr &d : s.decorators) {
            out += "@";
            expr(d);
            out += " ";
        }
        out += std::string(s.isAsync ? "AsyncDef " : "Def ") + s.name;
        dumpArgs(*s.args, out);
        out += "\n";
        dumpBody(s.body, indent + 1, out);
        return;
    case StmtKind::ClassDef:
        for (const ExprPtr &d : s.decorators) {
            out += "@";
            expr(d);
            out += " ";
        }
        out += "Class " + s.name;
        dumpList(s.bases, out);
        for (const Keyword &k : s.keywords) {
            out += " " + k.name + "=";
            expr(k.value);
        }
        out += "\n";
        dumpBody(s.body, indent + 1, out);
        return;
    case StmtKind::Return:
        out += "Return ";
        expr(s.value);
        break;
    case StmtKind::Delete:
        out += "Del ";
        dumpList(s.targets, out);
        break;
    case StmtKind::Assign:
        out += "Assign ";
        for (const ExprPtr &t : s.targets) {
            expr(t);
            out += " = ";
        }
        expr(s.value);
        break;
    case StmtKind::AugAssign:
        out += "AugAssign ";
        expr(s.target);
        out += std::string(" ") + binOpSymbol(s.op) + "= ";
        expr(s.value);
        break;
    case StmtKind::AnnAssign:
        out += "AnnAssign ";
        expr(s.target);
        out += ": ";
        expr(s.annotation);
        out += " = ";
        expr(s.value);
        break;
    case StmtKind::For:
        out += s.isAsync ? "AsyncFor " : "For ";
        expr(s.target);
        out += " in ";
        expr(s.iter);
        out += "\n";
        dumpBody(s.body, indent + 1, out);
        if (!s.orelse.empty()) {
            out += pad + "Else\n";
            dumpBody(s.orelse, indent + 1, out);
        }
        return;
    case StmtKind::While:
    case StmtKind::If:
        out += s.kind == StmtKind::While ? "While " : "If ";
        expr(s.test);
        out += "\n";
        dumpBody(s.body, indent + 1, out);
        if (!s.orelse.empty()) {
            out += pad + "Else\n";
            dumpBody(s.orelse, indent + 1, out);
        }
        return;
    case StmtKind::With:
        out += s.isAsync ? "AsyncWith" : "With";
        for (const WithItem &item : s.items) {
            out += " ";
            expr(item.context);
            if (item.target) {
                out += " as ";
                expr(item.target);
            }
        }
        out += "\n";
        dumpBody(s.body, indent + 1, out);
        return;
    case StmtKind::Raise:
        out += "Raise ";
        expr(s.value);
        if (s.cause) {
            out += " from ";
            expr(s.cause);
        }
        break;
    case StmtKind::Try:
        out += "Try\n";
        dumpBody(s.body, indent + 1, out);
        for (const ExceptHandler &h : s.handlers) {
            out += pad + (s.isStar ? "ExceptStar " : "Except ");
            dumpExpr(h.type.get(), out);
            if (!h.name.empty())
                out += " as " + h.name;
            out += "\n";
            dumpBody(h.body, indent + 1, out);
        }
        if (!s.orelse.empty()) {
            out += pad + "Else\n";
            dumpBody(s.orelse, indent + 1, out);
        }
        if (!s.finalbody.empty()) {
            out += pad + "Finally\n";
            dumpBody(s.finalbody, indent + 1, out);
        }
        return;
    case StmtKind::Assert:
        out += "Assert ";
        expr(s.test);
        out += ", ";
        expr(s.msg);
        break;
    case StmtKind::Import:
    case StmtKind::ImportFrom:
        if (s.kind == StmtKind::ImportFrom)
            out += "From " + std::string(size_t(s.level), '.') + s.module + " ";
        out += "Import";
        for (const Alias &a : s.names)
            out += " " + a.name + (a.asname.empty() ? "" : " as " + a.asname);
        break;
    case StmtKind::Global:
    case StmtKind::Nonlocal:
        out += s.kind == StmtKind::Global ? "Global" : "Nonlocal";
        for (const std::string &n : s.identifiers)
            out += " " + n;
        break;
    case StmtKind::ExprStmt:
        out += "Expr ";
        expr(s.value);
        break;
    case StmtKind::Pass: out += "Pass"; break;
    case StmtKind::Break: out += "Break"; break;
    case StmtKind::Continue: out += "Continue"; break;
    case StmtKind::Match:
        out += "Match ";
        expr(s.value);
        out += "\n";
        for (const MatchCase &c : s.cases) {
            out += pad + "Case ";
            dumpPattern(*c.pattern, out);
            if (c.guard) {
                out += " if ";
                expr(c.guard);
            }
            out += "\n";
            dumpBody(c.body, indent + 1, out);
        }
        return;
    }
    out += "\n";
}

// A pattern in CPython's `ast.dump` spirit, one line: MatchClass(Point, [MatchAs(x)], y=MatchAs(_)).
void dumpPattern(const Pattern &p, std::string &out)
{
    auto list = [&out](const std::vector<PatternPtr> &ps) {
        out += "[";
        for (size_t i = 0; i < ps.size(); ++i) {
            if (i)
                out += ", ";
            dumpPattern(*ps[i], out);
        }
        out += "]";
    };
    switch (p.kind) {
    case PatternKind::MatchValue:
    case PatternKind::MatchSingleton:
        out += p.kind == PatternKind::MatchValue ? "MatchValue(" : "MatchSingleton(";
        dumpExpr(p.value.get(), out);
        out += ")";
        return;
    case PatternKind::MatchSequence:
        out += "MatchSequence(";
        list(p.patterns);
        out += ")";
        return;
    case PatternKind::MatchMapping:
        out += "MatchMapping(";
        for (size_t i = 0; i < p.keys.size(); ++i) {
            dumpExpr(p.keys[i].get(), out);
            out += ": ";
            dumpPattern(*p.patterns[i], out);
            out += ", ";
        }
        out += "**" + (p.name.empty() ? std::string("None") : p.name) + ")";
        return;
    case PatternKind::MatchClass:
        out += "MatchClass(";
        dumpExpr(p.value.get(), out);
        out += ", ";
        list(p.patterns);
        for (size_t i = 0; i < p.kwdAttrs.size(); ++i) {
            out += ", " + p.kwdAttrs[i] + "=";
            dumpPattern(*p.kwdPatterns[i], out);
        }
        out += ")";
        return;
    case PatternKind::MatchStar: out += "MatchStar(" + (p.name.empty() ? std::string("_") : p.name) + ")"; return;
    case PatternKind::MatchAs:
        out += "MatchAs(";
        if (p.pattern) {
            dumpPattern(*p.pattern, out);
            out += " as ";
        }
        out += (p.name.empty() ? std::string("_") : p.name) + ")";
        return;
    case PatternKind::MatchOr:
        out += "MatchOr(";
        list(p.patterns);
        out += ")";
        return;
    }
}

void dumpBody(const StmtList &body, int indent, std::string &out)
{
    for (const StmtPtr &s : body)
        dumpStmt(*s, indent, out);
}

} // namespace

std::string dump(const Module &module)
{
    std::string out;
    dumpBody(module.body, 0, out);
    return out;
}

std::string dump(const Expr &expr)
{
    std::string out;
    dumpExpr(&expr, out);
    return out;
}

bool hasFutureAnnotations(const Module &module)
{
    for (size_t i = 0; i < module.body.size(); ++i) {
        const Stmt &s = *module.body[i];
        if (i == 0 && s.kind == StmtKind::ExprStmt && s.value->kind == ExprKind::Constant &&
            std::holds_alternative<std::string>(s.value->value.value))
            continue;
        if (s.kind != StmtKind::ImportFrom || s.module != "__future__")
            return false;
        for (const Alias &a : s.names)
            if (a.name == "annotations")
                return true;
    }
    return false;
}

std::string sourceSpan(std::string_view source, const Pos &pos)
{
    std::string out;
    int line = 1;
    size_t at = 0;
    while (line < pos.line && at < source.size()) {
        if (source[at++] == '\n')
            ++line;
    }
    for (int col = 0; at < source.size() && (line < pos.endLine || col < pos.endCol); ++at, ++col) {
        if (source[at] == '\n') {
            ++line;
            col = -1;
            out += ' ';
            continue;
        }
        if (line == pos.line && col < pos.col)
            continue;
        out += source[at];
    }
    return out;
}

} // namespace loopscope::ast
