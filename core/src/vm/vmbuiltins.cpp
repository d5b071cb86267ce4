// The builtins that need the VM: __build_class__, __import__, globals(), locals(), dir(), and the
// import machinery (asyncio for this run, the stdlib modules native and in Python, sys.modules caching).
#include "vm/interpreter.h"

#include "runtime/objects.h"
#include "vm/compiler.h"
#include "vm/pysources.h"

#include <loopscope/asyncio/asyncioapi.h>
#include <loopscope/stdlib/modules.h>

#include <algorithm>

namespace loopscope {

namespace {

Interpreter& interp()
{
    Interpreter* i = Interpreter::current();
    if (!i) raise(types().RuntimeError, "no interpreter is running");
    return *i;
}

Ref<Object> builtinBuildClass(Object*, CallArgs args) { return buildClass(args); }

Ref<Object> builtinGlobals(Object*, CallArgs)
{
    Frame* f = interp().currentFrame();
    if (!f) raise(types().RuntimeError, "globals(): no current frame");
    return Ref<Object>(f->globals);
}

Ref<Object> localsOf(Frame* f)
{
    if (f->locals) return f->locals;
    Ref<DictObject> d = newDict();
    for (size_t i = 0; i < f->fast.size(); ++i)
        if (f->fast[i]) dictSet(d.get(), f->code->varnames[i], f->fast[i].get());
    const size_t nc = f->code->cellvars.size();
    for (size_t i = 0; i < f->cells.size(); ++i)
        if (f->cells[i] && f->cells[i]->contents)
            dictSet(d.get(), i < nc ? f->code->cellvars[i] : f->code->freevars[i - nc], f->cells[i]->contents.get());
    return Ref<Object>(d);
}

Ref<Object> builtinLocals(Object*, CallArgs)
{
    Frame* f = interp().currentFrame();
    if (!f) raise(types().RuntimeError, "locals(): no current frame");
    return localsOf(f);
}

Ref<Object> builtinVars(Object*, CallArgs args)
{
    if (args.nargs == 0) return builtinLocals(nullptr, args);
    Ref<Object> d = getAttrOrNull(args[0], internStr("__dict__"));
    if (!d) raise(types().TypeError, "vars() argument must have __dict__ attribute");
    return d;
}

// dir() with no argument lists the caller's names; with one it is the runtime's dir().
Ref<Object> builtinDir(Object* self, CallArgs args)
{
    if (args.total() != 0) return call(self, args);
    Ref<Object> names = newList(toVector(builtinLocals(nullptr, args).get()));
    callMethod(names.get(), "sort");
    return names;
}

Ref<Object> builtinImport(Object*, CallArgs args)
{
    if (args.nargs < 1 || !isStr(args[0])) raise(types().TypeError, "__import__() argument 1 must be str");
    std::string name(strView(args[0]));
    Ref<Object> mod = interp().importModule(name);
    bool fromlist = args.nargs >= 4 && args[3] != None() && isTrue(args[3]);
    if (!fromlist && name.find('.') != std::string::npos) return interp().importModule(name.substr(0, name.find('.')));
    return mod;
}

} // namespace

void addVmBuiltins(DictObject* builtins)
{
    dictSet(builtins, "__build_class__", newNativeFunction("__build_class__", &builtinBuildClass).get());
    dictSet(builtins, "globals", newNativeFunction("globals", &builtinGlobals).get());
    dictSet(builtins, "locals", newNativeFunction("locals", &builtinLocals).get());
    dictSet(builtins, "__import__", newNativeFunction("__import__", &builtinImport).get());
    if (!dictGet(builtins, "vars")) dictSet(builtins, "vars", newNativeFunction("vars", &builtinVars).get());
    if (Object* runtimeDir = dictGet(builtins, "dir"); runtimeDir && runtimeDir->type() != types().function)
        dictSet(builtins, "dir", newNativeFunction("dir", &builtinDir, runtimeDir).get());
}

Ref<Object> buildClass(CallArgs args)
{
    if (args.nargs < 2) raise(types().TypeError, "__build_class__: not enough arguments");
    Object* fnObj = args[0];
    if (fnObj->type() != types().function) raise(types().TypeError, "__build_class__: func must be a function");
    if (!isStr(args[1])) raise(types().TypeError, "__build_class__: name is not a string");
    auto* fn = static_cast<FunctionObject*>(fnObj);
    std::string name(strView(args[1]));
    std::vector<Ref<Object>> baseObjs;
    for (size_t i = 2; i < args.nargs; ++i) baseObjs.push_back(Ref<Object>(args[i]));
    // PEP 560: non-class bases may substitute themselves (typing.Generic[T] and friends).
    std::vector<Ref<Object>> resolved;
    for (auto& b : baseObjs) {
        if (!b->type()->isSubtypeOf(types().type)) {
            if (Ref<Object> me = getAttrOrNull(b.get(), internStr("__mro_entries__"))) {
                Ref<Object> orig = Ref<Object>(newTuple(baseObjs));
                for (auto& x : toVector(call(me.get(), { orig.get() }).get())) resolved.push_back(x);
                continue;
            }
        }
        resolved.push_back(b);
    }
    Object* metaclass = nullptr;
    std::vector<std::pair<Ref<Object>, Ref<Object>>> kw;
    if (args.kwnames) {
        auto names = tupleItems(args.kwnames);
        for (size_t k = 0; k < names.size(); ++k) {
            if (strView(names[k].get()) == "metaclass") metaclass = args[args.nargs + k];
            else kw.emplace_back(names[k], Ref<Object>(args[args.nargs + k]));
        }
    }
    std::vector<Ref<TypeObject>> bases;
    for (auto& b : resolved) {
        if (!b->type()->isSubtypeOf(types().type))
            raise(types().TypeError, "bases must be types");
        bases.push_back(Ref<TypeObject>(static_cast<TypeObject*>(b.get())));
    }
    // The most derived metaclass among the explicit one and every base's type, as CPython's
    // _PyType_CalculateMetaclass picks it.
    if (!metaclass || metaclass->type()->isSubtypeOf(types().type)) {
        TypeObject* winner = metaclass ? static_cast<TypeObject*>(metaclass) : types().type;
        for (const auto& b : bases) {
            TypeObject* bt = b->type();
            if (winner->isSubtypeOf(bt)) continue;
            if (bt->isSubtypeOf(winner)) {
                winner = bt;
                continue;
            }
            raise(types().TypeError, "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of the metaclasses of all its bases");
        }
        if (winner != types().type || metaclass) metaclass = winner;
    }

    Interpreter& in = interp();
    Ref<DictObject> ns = newDict();
    if (metaclass)
        if (Ref<Object> prep = getAttrOrNull(metaclass, internStr("__prepare__"))) {
            Ref<Object> bt = Ref<Object>(newTuple(resolved));
            Ref<Object> r = call(prep.get(), { args[1], bt.get() });
            if (isDict(r.get())) ns = Ref<DictObject>(static_cast<DictObject*>(r.get()));
        }
    Frame frame(fn->code, fn->globals, fn->builtins);
    frame.locals = Ref<Object>(ns);
    frame.function = Ref<FunctionObject>(fn);
    const CodeObject& co = *fn->code;
    for (size_t i = 0; i < co.cellvars.size(); ++i) frame.cells[i] = make<CellObject>();
    if (fn->closure) {
        auto cl = tupleItems(fn->closure.get());
        for (size_t i = 0; i < cl.size() && i < co.freevars.size(); ++i)
            frame.cells[co.cellvars.size() + i] = Ref<CellObject>(static_cast<CellObject*>(cl[i].get()));
    }
    Ref<Object> cell = in.eval(frame, nullptr, nullptr).value;

    Ref<Object> cls;
    if (metaclass && metaclass != types().type) {
        Ref<Object> bt = Ref<Object>(newTuple(resolved));
        std::vector<Object*> callArgs { args[1], bt.get(), ns.get() };
        std::vector<Ref<Object>> kwn;
        for (auto& [k, v] : kw) {
            kwn.push_back(k);
            callArgs.push_back(v.get());
        }
        Ref<TupleObject> kwt = kwn.empty() ? Ref<TupleObject>() : newTuple(std::move(kwn));
        cls = call(metaclass, CallArgs { callArgs.data(), 3, kwt.get() });
    } else {
        std::string qualname = name;
        if (Object* q = dictGet(ns.get(), "__qualname__"); q && isStr(q)) qualname = strView(q);
        std::string module = "__main__";
        if (Object* m = dictGet(ns.get(), "__module__"); m && isStr(m)) module = strView(m);
        cls = newClass(name, bases, ns, qualname, module, &kw);
    }
    if (cell && cell->type() == types().cell) static_cast<CellObject*>(cell.get())->contents = cls;
    return cls;
}

Ref<Object> Interpreter::importModule(const std::string& name)
{
    auto it = m_sysModules.find(name);
    if (it != m_sysModules.end()) return it->second;
    Ref<Object> mod;
    if (name == "asyncio" && m_ctx) {
        mod = makeAsyncioModule(*m_ctx);
    } else if (m_modules) {
        mod = importStdlibModule(name, *m_modules);
    }
    if (std::string_view src = pythonModuleSource(name); !src.empty()) {
        if (!mod) mod = newModule(name);
        m_sysModules[name] = mod; // a partly run module is what a circular import sees, as in CPython
        const std::string filename = "<frozen " + name + ">";
        CompileResult compiled = compileModule(src, filename);
        if (compiled.error) raise(types().SystemError, "cannot compile the built-in " + name + " module: " + compiled.error->message);
        addSource(filename, std::string(src));
        m_libraryCode.push_back(compiled.code);
        DictObject* d = moduleDict(mod.get());
        if (!dictGet(d, "__builtins__")) dictSet(d, "__builtins__", builtins());
        try {
            runModule(compiled.code, mod.get());
        } catch (...) {
            m_sysModules.erase(name);
            throw;
        }
    }
    if (!mod && name.find('.') != std::string::npos) {
        // `import asyncio.queues`, `collections.abc`: serve the attribute of the parent when it is a module-like value.
        const size_t dot = name.rfind('.');
        Ref<Object> parent = importModule(name.substr(0, dot));
        if (Ref<Object> sub = getAttrOrNull(parent.get(), internStr(name.substr(dot + 1)))) mod = sub;
        else if (name.substr(0, dot) == "asyncio") mod = parent; // asyncio.events, asyncio.tasks … share one namespace
    }
    if (!mod) {
        Ref<Object> exc = newException(types().ModuleNotFoundError, "No module named '" + name + "'");
        setAttr(exc.get(), "name", newStr(name).get());
        std::vector<std::string> avail = availableModules();
        avail.push_back("asyncio");
        for (std::string_view py : pythonModuleNames())
            if (std::find(avail.begin(), avail.end(), py) == avail.end()) avail.emplace_back(py);
        std::sort(avail.begin(), avail.end());
        std::string hint = "Loopscope runs scenarios with these modules only: ";
        for (size_t i = 0; i < avail.size(); ++i) hint += (i ? ", " : "") + avail[i];
        Ref<Object> notes = newList({ Ref<Object>(newStr(hint)) });
        setAttr(exc.get(), "__notes__", notes.get());
        raise(std::move(exc));
    }
    m_sysModules[name] = mod;
    return mod;
}

Ref<Object> Interpreter::importName(const std::string& name, Object* fromlist, int level, Frame&)
{
    if (level > 0) raise(types().ImportError, "attempted relative import with no known parent package");
    Ref<Object> mod = importModule(name);
    const bool hasFrom = fromlist && fromlist != None() && isTrue(fromlist);
    if (!hasFrom && name.find('.') != std::string::npos) return importModule(name.substr(0, name.find('.')));
    return mod;
}

} // namespace loopscope
