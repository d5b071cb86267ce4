#pragma once

#include "vm/ast.h"
#include "vm/syntaxerror.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace loopscope {

/// What kind of block a scope is; comprehensions are function scopes of their own, as in 3.11.
enum class ScopeKind { Module, Class, Function, Lambda, Comprehension };

/// Where a name lives for the code of one scope (CPython's symtable classification).
enum class SymbolScope {
    Local,          ///< fast local (functions) or locals-mapping entry (module, class)
    GlobalExplicit, ///< declared `global`
    GlobalImplicit, ///< not bound anywhere enclosing: globals, then builtins
    Free,           ///< bound in an enclosing function, read through a cell
    Cell,           ///< local that an inner scope captures
};

/// Per-name facts gathered from the scope's code.
enum SymbolFlag : uint32_t {
    DefLocal = 0x01,
    DefGlobal = 0x02,
    DefNonlocal = 0x04,
    DefParam = 0x08,
    SymbolUse = 0x10,
    DefFreeClass = 0x20, ///< class-bound name that a method also captures from further out
    DefImport = 0x40,
    DefCompIter = 0x80,
};

/// One name of a scope.
struct Symbol {
    std::string name;
    uint32_t flags = 0;
    SymbolScope scope = SymbolScope::GlobalImplicit;
};

/// One block of code (module, class body, function, lambda, comprehension) and its names.
class Scope
{
public:
    ScopeKind kind = ScopeKind::Module;
    std::string name;
    int line = 1;
    bool isGenerator = false;   ///< contains yield (or is a generator expression)
    bool isCoroutine = false;   ///< `async def`, or an async list/set/dict comprehension
    bool isAsyncComprehension = false; ///< comprehension containing `async for` or `await`
    bool needsClassClosure = false;    ///< class whose methods use `__class__`/`super`
    bool hasVarargs = false;
    bool hasVarkeywords = false;
    std::vector<std::string> params; ///< parameter names in varnames order
    std::vector<std::unique_ptr<Scope>> children;

    /// True for scopes with fast locals (function, lambda, comprehension).
    bool isFunctionLike() const { return kind != ScopeKind::Module && kind != ScopeKind::Class; }
    /// The symbol named `name`, or null when the scope never mentions it.
    const Symbol *lookup(const std::string &name) const;
    /// The scope of `name` as seen by this block's code (GlobalImplicit when never mentioned).
    SymbolScope scopeOf(const std::string &name) const;
    /// Symbols in first-mention order (deterministic varnames order).
    const std::vector<Symbol> &symbols() const { return m_symbols; }
    /// Parameters, then other fast locals, in first-mention order (function-like scopes).
    std::vector<std::string> varnames() const;
    /// Captured locals, sorted by name as CPython does.
    std::vector<std::string> cellvars() const;
    /// Names read from enclosing scopes' cells, sorted by name.
    std::vector<std::string> freevars() const;

    /// Records a mention of `name` (flags are or-ed into an existing symbol).
    Symbol &add(const std::string &name, uint32_t flags);
    /// Mutable access for the analysis pass.
    std::vector<Symbol> &mutableSymbols() { return m_symbols; }
    Symbol *find(const std::string &name) { return const_cast<Symbol *>(lookup(name)); }

private:
    std::vector<Symbol> m_symbols;
    std::unordered_map<std::string, size_t> m_index;
};

/// CPython's private name mangling: inside class `_Cls`, `__x` becomes `_Cls__x` (dunders,
/// dotted names and classes named only with underscores are left alone).
std::string mangleName(const std::string &privateName, const std::string &name);

/// Scope analysis of a module: builds one Scope per block and classifies every name.
class SymbolTable
{
public:
    /// Analyses `module`; on a scope error (nonlocal without binding, yield outside function ...)
    /// returns the diagnostic instead. Never throws.
    static std::optional<SyntaxError> build(const ast::Module &module, std::string_view source,
                                            const std::string &filename, SymbolTable &out);

    /// The module scope.
    const Scope *top() const { return m_top.get(); }
    /// The scope a def/class statement, lambda or comprehension node opens (null if none).
    const Scope *scopeFor(const void *node) const;

private:
    friend class SymbolTableBuilder;
    std::unique_ptr<Scope> m_top;
    std::unordered_map<const void *, const Scope *> m_byNode;
};

} // namespace loopscope
