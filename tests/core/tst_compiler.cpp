// Compiler tests: code-object flags, scopes and qualnames against CPython 3.11's code objects,
// instruction shapes the interpreter relies on, compile-time errors, and a smoke test over
// every scenario program in data_frontend/.
#include "vm/compiler.h"
#include "vm/disassembler.h"

#include <QtTest>

#include <functional>

using namespace loopscope;

namespace {

std::shared_ptr<const CodeObject> compileOrFail(const std::string &source)
{
    CompileResult r = compileModule(source, "t.py");
    if (r.error)
        qWarning("%s", renderSyntaxError(*r.error).c_str());
    return r.code;
}

void forEachCode(const CodeObject &code, const std::function<void(const CodeObject &)> &fn)
{
    fn(code);
    for (const Constant &c : code.consts) {
        if (auto nested = std::get_if<std::shared_ptr<const CodeObject>>(&c.value))
            forEachCode(**nested, fn);
    }
}

const CodeObject *findCode(const CodeObject &root, const std::string &qualname)
{
    const CodeObject *found = nullptr;
    forEachCode(root, [&](const CodeObject &c) {
        if (!found && c.qualname == qualname)
            found = &c;
    });
    return found;
}

QString joined(const std::vector<std::string> &names)
{
    QStringList l;
    for (const std::string &n : names)
        l << QString::fromStdString(n);
    return l.join(',');
}

// "OP arg-meaning; ..." for a code object's instructions, operands resolved to names.
QStringList opcodes(const CodeObject &code)
{
    QStringList out;
    for (const Instruction &ins : code.code)
        out << QString::fromLatin1(opcodeName(ins.op));
    return out;
}

int countOp(const CodeObject &code, Opcode op)
{
    int n = 0;
    for (const Instruction &ins : code.code)
        n += ins.op == op;
    return n;
}

// Structural invariants every code object must satisfy for the interpreter.
void checkInvariants(const CodeObject &code)
{
    QCOMPARE(code.positions.size(), code.code.size());
    QVERIFY2(code.stacksize >= 0, code.qualname.c_str());
    QCOMPARE(computeStackDepth(code), code.stacksize);
    QVERIFY(!code.code.empty());
    const Opcode last = code.code.back().op;
    QVERIFY2(last == Opcode::RETURN_VALUE || last == Opcode::JUMP || last == Opcode::RERAISE ||
                 last == Opcode::RAISE_VARARGS,
             code.qualname.c_str());
    for (const Instruction &ins : code.code) {
        if (opcodeHasJump(ins.op))
            QVERIFY(ins.arg < code.code.size());
        if (ins.op == Opcode::LOAD_CONST || ins.op == Opcode::KW_NAMES)
            QVERIFY(ins.arg < code.consts.size());
        if (ins.op == Opcode::LOAD_FAST || ins.op == Opcode::STORE_FAST || ins.op == Opcode::DELETE_FAST)
            QVERIFY(ins.arg < code.varnames.size());
        if (ins.op == Opcode::LOAD_DEREF || ins.op == Opcode::STORE_DEREF || ins.op == Opcode::LOAD_CLOSURE ||
            ins.op == Opcode::LOAD_CLASSDEREF || ins.op == Opcode::DELETE_DEREF)
            QVERIFY(ins.arg < code.cellvars.size() + code.freevars.size());
        if (ins.op == Opcode::LOAD_GLOBAL || ins.op == Opcode::LOAD_NAME || ins.op == Opcode::LOAD_ATTR ||
            ins.op == Opcode::LOAD_METHOD || ins.op == Opcode::STORE_NAME || ins.op == Opcode::IMPORT_NAME)
            QVERIFY(ins.arg < code.names.size());
    }
    // The delegating yield always follows the SEND whose target ends the loop (throw() relies on it).
    for (size_t i = 0; i < code.code.size(); ++i) {
        if (code.code[i].op == Opcode::YIELD_VALUE && code.code[i].arg == 1)
            QVERIFY(i > 0 && code.code[i - 1].op == Opcode::SEND);
    }
    uint32_t previousEnd = 0;
    for (const ExceptionTableEntry &e : code.exceptionTable) {
        QVERIFY(e.start < e.end);
        QVERIFY(e.start >= previousEnd);
        QVERIFY(e.end <= code.code.size());
        QVERIFY(e.handler < code.code.size());
        QVERIFY(int(e.depth) <= code.stacksize);
        previousEnd = e.end;
    }
    QCOMPARE(code.cell2arg.size(), code.cellvars.size());
    if (code.flags & CodeOptimized)
        QVERIFY(int(code.varnames.size()) >= code.argcount + code.kwonlyargcount);
}

} // namespace

class TestCompiler : public QObject
{
    Q_OBJECT

private slots:
    void scenariosCompile_data();
    void scenariosCompile();
    void codeObjectsMatchCPython_data();
    void codeObjectsMatchCPython();
    void nameOperations();
    void classCell();
    void awaitShape();
    void asyncForShape();
    void withShape();
    void tryFinallyShape();
    void returnThroughFinallyAndWith();
    void exceptStarShape();
    void callShapes();
    void privateNameMangling();
    void docstrings();
    void mutatedScenariosNeverCrash();
    void constants();
    void lineTable();
    void compileErrors_data();
    void compileErrors();
    void disassemblyListing();
    void neverThrows();
};

void TestCompiler::scenariosCompile_data()
{
    QTest::addColumn<QString>("path");
    QDir dir(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/core/data_frontend"));
    const QStringList files = dir.entryList({"*.py"}, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 9);
    for (const QString &f : files)
        QTest::newRow(f.toLatin1().constData()) << dir.filePath(f);
    // The project's own scenario programs must all compile too.
    QDir scenarios(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/scenarios"));
    for (const QString &f : scenarios.entryList({"*.py"}, QDir::Files, QDir::Name))
        QTest::newRow(("scenarios/" + f).toLatin1().constData()) << scenarios.filePath(f);
}

void TestCompiler::scenariosCompile()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    std::string source = file.readAll().toStdString();
    CompileResult r = compileModule(source, QFileInfo(path).fileName().toStdString());
    if (r.error)
        QFAIL(renderSyntaxError(*r.error).c_str());
    QVERIFY(r.code);
    QCOMPARE(r.code->qualname, std::string("<module>"));
    int codeObjects = 0;
    forEachCode(*r.code, [&](const CodeObject &c) {
        ++codeObjects;
        checkInvariants(c);
    });
    QVERIFY(codeObjects >= 1);
    QVERIFY(!disassemble(*r.code).empty());
}

void TestCompiler::codeObjectsMatchCPython_data()
{
    // Facts recorded from CPython 3.11 (co_qualname, co_flags, co_varnames, co_cellvars, co_freevars)
    // for the program in codeObjectsMatchCPython().
    QTest::addColumn<QString>("qualname");
    QTest::addColumn<QString>("flags");
    QTest::addColumn<QString>("varnames");
    QTest::addColumn<QString>("cellvars");
    QTest::addColumn<QString>("freevars");
    QTest::newRow("<module>") << "<module>" << "0" << "" << "" << "";
    QTest::newRow("Outer") << "Outer" << "0" << "" << "" << "";
    QTest::newRow("Outer.method") << "Outer.method" << "OPTIMIZED|NEWLOCALS" << "self,helper" << "" << "";
    QTest::newRow("Outer.method.<locals>.helper") << "Outer.method.<locals>.helper" << "OPTIMIZED|NEWLOCALS|NESTED" << "" << "" << "";
    QTest::newRow("Outer.method.<locals>.helper.<locals>.<listcomp>") << "Outer.method.<locals>.helper.<locals>.<listcomp>" << "OPTIMIZED|NEWLOCALS|NESTED" << ".0,x" << "" << "";
    QTest::newRow("Outer.Inner") << "Outer.Inner" << "0" << "" << "" << "";
    QTest::newRow("Outer.Inner.deep") << "Outer.Inner.deep" << "OPTIMIZED|NEWLOCALS|COROUTINE" << "self" << "" << "";
    QTest::newRow("Outer.Inner.deep.<locals>.<genexpr>") << "Outer.Inner.deep.<locals>.<genexpr>" << "OPTIMIZED|NEWLOCALS|NESTED|GENERATOR" << ".0,y" << "" << "";
    QTest::newRow("gen") << "gen" << "OPTIMIZED|NEWLOCALS|GENERATOR" << "" << "" << "";
    QTest::newRow("coro") << "coro" << "OPTIMIZED|NEWLOCALS|COROUTINE" << "" << "" << "";
    QTest::newRow("agen") << "agen" << "OPTIMIZED|NEWLOCALS|ASYNC_GENERATOR" << "" << "" << "";
    QTest::newRow("comps") << "comps" << "OPTIMIZED|NEWLOCALS|COROUTINE" << "src,b,c" << "a" << "";
    QTest::newRow("comps.<locals>.<listcomp>") << "comps.<locals>.<listcomp>" << "OPTIMIZED|NEWLOCALS|NESTED|COROUTINE" << ".0,v" << "" << "";
    QTest::newRow("comps.<locals>.<genexpr>") << "comps.<locals>.<genexpr>" << "OPTIMIZED|NEWLOCALS|NESTED|ASYNC_GENERATOR" << ".0,v" << "" << "";
    QTest::newRow("comps.<locals>.<setcomp>") << "comps.<locals>.<setcomp>" << "OPTIMIZED|NEWLOCALS|NESTED|COROUTINE" << ".0,v" << "" << "";
    QTest::newRow("comps.<locals>.<lambda>") << "comps.<locals>.<lambda>" << "OPTIMIZED|NEWLOCALS|NESTED" << "" << "" << "a";
    QTest::newRow("declared") << "declared" << "OPTIMIZED|NEWLOCALS" << "" << "" << "";
    QTest::newRow("later") << "later" << "OPTIMIZED|NEWLOCALS|NESTED" << "" << "" << "";
    QTest::newRow("declared.<locals>.<lambda>") << "declared.<locals>.<lambda>" << "OPTIMIZED|NEWLOCALS|NESTED" << "q" << "" << "";
}

void TestCompiler::codeObjectsMatchCPython()
{
    QFETCH(QString, qualname);
    QFETCH(QString, flags);
    QFETCH(QString, varnames);
    QFETCH(QString, cellvars);
    QFETCH(QString, freevars);
    auto module = compileOrFail("class Outer:\n    def method(self):\n        def helper():\n            return [x for x in range(3)]\n        return helper\n\n    class Inner:\n        async def deep(self):\n            return (y for y in self)\n\ndef gen():\n    yield 1\n\nasync def coro():\n    await other()\n\nasync def agen():\n    yield 1\n\nasync def comps(src):\n    a = [v async for v in src]\n    b = (v async for v in src)\n    c = {await v for v in src}\n    return lambda: a\n\ndef declared():\n    global later\n    def later():\n        pass\n    return lambda q: q\n");
    QVERIFY(module);
    const CodeObject *code = findCode(*module, qualname.toStdString());
    QVERIFY2(code, qPrintable(qualname));
    QCOMPARE(QString::fromStdString(codeFlagsText(code->flags)), flags);
    QCOMPARE(joined(code->varnames), varnames);
    QCOMPARE(joined(code->cellvars), cellvars);
    QCOMPARE(joined(code->freevars), freevars);
}

void TestCompiler::nameOperations()
{
    auto module = compileOrFail("g = 1\n"
                                "def outer(p):\n"
                                "    global g\n"
                                "    local = p\n"
                                "    shared = 2\n"
                                "    g = local\n"
                                "    def inner():\n"
                                "        nonlocal shared\n"
                                "        shared = builtin_name\n"
                                "        return p\n"
                                "    class K:\n"
                                "        shared = 3\n"
                                "        seen = p\n"
                                "    return inner\n");
    QVERIFY(module);
    const CodeObject *outer = findCode(*module, "outer");
    QVERIFY(outer);
    QCOMPARE(joined(outer->cellvars), QString("p,shared"));
    QCOMPARE(outer->cell2arg, (std::vector<int>{0, -1}));
    QCOMPARE(joined(outer->varnames), QString("p,local,inner,K"));
    QCOMPARE(countOp(*outer, Opcode::STORE_GLOBAL), 1);
    QCOMPARE(countOp(*outer, Opcode::STORE_DEREF), 1); // shared = 2
    QCOMPARE(countOp(*outer, Opcode::LOAD_CLOSURE), 3); // inner gets (p, shared), K gets (p)
    const CodeObject *inner = findCode(*module, "outer.<locals>.inner");
    QVERIFY(inner);
    QCOMPARE(joined(inner->freevars), QString("p,shared"));
    QCOMPARE(opcodes(*inner), QStringList({"LOAD_GLOBAL", "STORE_DEREF", "LOAD_DEREF", "RETURN_VALUE"}));
    const CodeObject *k = findCode(*module, "outer.<locals>.K");
    QVERIFY(k);
    QCOMPARE(countOp(*k, Opcode::LOAD_CLASSDEREF), 1);
    QCOMPARE(countOp(*k, Opcode::STORE_NAME), 4); // __module__, __qualname__, shared, seen
    QCOMPARE(countOp(*module, Opcode::STORE_NAME), 2); // g, outer
}

void TestCompiler::classCell()
{
    auto module = compileOrFail("class C(Base):\n"
                                "    def m(self):\n"
                                "        return super().m()\n");
    QVERIFY(module);
    const CodeObject *cls = findCode(*module, "C");
    QVERIFY(cls);
    QCOMPARE(joined(cls->cellvars), QString("__class__"));
    QCOMPARE(cls->names.back(), std::string("__classcell__"));
    QCOMPARE(cls->code.back().op, Opcode::RETURN_VALUE);
    const CodeObject *m = findCode(*module, "C.m");
    QVERIFY(m);
    QCOMPARE(joined(m->freevars), QString("__class__"));
    QVERIFY(opcodes(*module).contains("LOAD_BUILD_CLASS"));
}

void TestCompiler::awaitShape()
{
    auto module = compileOrFail("async def f():\n    return await g()\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    QCOMPARE(opcodes(*f), QStringList({"PUSH_NULL", "LOAD_GLOBAL", "CALL", "GET_AWAITABLE", "LOAD_CONST", "SEND",
                                       "YIELD_VALUE", "JUMP", "RETURN_VALUE"}));
    QCOMPARE(f->code[5].arg, 8u); // SEND exits to the instruction after the loop
    QCOMPARE(f->code[6].arg, 1u); // delegating yield
    QCOMPARE(f->code[7].arg, 5u); // back to SEND
    QVERIFY(f->exceptionTable.empty());
}

void TestCompiler::asyncForShape()
{
    auto module = compileOrFail("async def f(src):\n"
                                "    async for x in src:\n"
                                "        use(x)\n"
                                "    else:\n"
                                "        done()\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    QCOMPARE(countOp(*f, Opcode::GET_AITER), 1);
    QCOMPARE(countOp(*f, Opcode::GET_ANEXT), 1);
    QCOMPARE(f->exceptionTable.size(), size_t(1));
    const ExceptionTableEntry &e = f->exceptionTable[0];
    QCOMPARE(f->code[e.start].op, Opcode::GET_ANEXT);
    QCOMPARE(f->code[e.handler].op, Opcode::END_ASYNC_FOR);
    QCOMPARE(e.depth, 1u); // only the async iterator stays below the exception
    QVERIFY(!e.lasti);
    QCOMPARE(f->code[e.end].op, Opcode::STORE_FAST); // the target store is outside the guarded range
}

void TestCompiler::withShape()
{
    auto module = compileOrFail("def f(m):\n    with m as v:\n        body(v)\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    QStringList ops = opcodes(*f);
    QCOMPARE(ops.mid(0, 3), QStringList({"LOAD_FAST", "BEFORE_WITH", "STORE_FAST"}));
    QVERIFY(ops.contains("WITH_EXCEPT_START"));
    QCOMPARE(f->exceptionTable.size(), size_t(2));
    // Body: unwinds to the __exit__ method with lasti; the handler asks __exit__ what to do.
    QCOMPARE(f->exceptionTable[0].start, 2u);
    QCOMPARE(f->exceptionTable[0].depth, 1u);
    QVERIFY(f->exceptionTable[0].lasti);
    QCOMPARE(f->code[f->exceptionTable[0].handler].op, Opcode::PUSH_EXC_INFO);
    QCOMPARE(f->code[f->exceptionTable[0].handler + 1].op, Opcode::WITH_EXCEPT_START);
    // The exit call with three Nones follows the body.
    int call = ops.indexOf("CALL", 7);
    QVERIFY(call > 0);
    QCOMPARE(f->code[size_t(call)].arg, 2u);
}

void TestCompiler::tryFinallyShape()
{
    auto module = compileOrFail("def f():\n"
                                "    try:\n"
                                "        a()\n"
                                "    except E as e:\n"
                                "        b(e)\n"
                                "    finally:\n"
                                "        c()\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    int calls = 0;
    for (const Instruction &ins : f->code)
        calls += ins.op == Opcode::LOAD_GLOBAL && f->names[ins.arg] == "c";
    QCOMPARE(calls, 2); // the finally body exists once per exit path (normal and exceptional)
    QCOMPARE(countOp(*f, Opcode::CHECK_EXC_MATCH), 1);
    QCOMPARE(countOp(*f, Opcode::PUSH_EXC_INFO), 2);
    QCOMPARE(countOp(*f, Opcode::DELETE_FAST), 2); // `e` is deleted on both exits of the handler
    QVERIFY(f->exceptionTable.size() >= 4);
}

void TestCompiler::returnThroughFinallyAndWith()
{
    auto module = compileOrFail("def f(m, items):\n"
                                "    for x in items:\n"
                                "        with m:\n"
                                "            try:\n"
                                "                if x:\n"
                                "                    return x\n"
                                "                continue\n"
                                "            finally:\n"
                                "                cleanup()\n"
                                "    while True:\n"
                                "        try:\n"
                                "            break\n"
                                "        except E:\n"
                                "            return 0\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    checkInvariants(*f);
    int cleanupCalls = 0;
    for (const Instruction &ins : f->code)
        cleanupCalls += ins.op == Opcode::LOAD_GLOBAL && f->names[ins.arg] == "cleanup";
    QCOMPARE(cleanupCalls, 4); // return path, continue path, normal exit, exceptional exit
    QCOMPARE(countOp(*f, Opcode::RETURN_VALUE), 3);
}

void TestCompiler::exceptStarShape()
{
    // Instruction-for-instruction CPython 3.11's layout (dis of the same function, minus RESUME/
    // PRECALL/NOP and with PUSH_NULL spelled out).
    auto module = compileOrFail("def f():\n"
                                "    try:\n"
                                "        a()\n"
                                "    except* ValueError as eg:\n"
                                "        b(eg)\n"
                                "    except* TypeError:\n"
                                "        c()\n"
                                "    d()\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    checkInvariants(*f);
    const QStringList expected = {
        "PUSH_NULL", "LOAD_GLOBAL", "CALL", "POP_TOP", "JUMP", "PUSH_EXC_INFO", "COPY", "BUILD_LIST", "SWAP",
        "LOAD_GLOBAL", "CHECK_EG_MATCH", "COPY", "POP_JUMP_IF_NONE", "STORE_FAST", "PUSH_NULL", "LOAD_GLOBAL",
        "LOAD_FAST", "CALL", "POP_TOP", "LOAD_CONST", "STORE_FAST", "DELETE_FAST", "JUMP", "LOAD_CONST",
        "STORE_FAST", "DELETE_FAST", "LIST_APPEND", "POP_TOP", "JUMP", "POP_TOP", "LOAD_GLOBAL", "CHECK_EG_MATCH",
        "COPY", "POP_JUMP_IF_NONE", "POP_TOP", "PUSH_NULL", "LOAD_GLOBAL", "CALL", "POP_TOP", "JUMP", "LIST_APPEND",
        "POP_TOP", "JUMP", "POP_TOP", "LIST_APPEND", "PREP_RERAISE_STAR", "COPY", "POP_JUMP_IF_NOT_NONE",
        "POP_TOP", "POP_EXCEPT", "JUMP", "SWAP", "POP_EXCEPT", "RERAISE", "COPY", "POP_EXCEPT", "RERAISE",
        "PUSH_NULL", "LOAD_GLOBAL", "CALL", "POP_TOP", "LOAD_CONST", "RETURN_VALUE"};
    QCOMPARE(opcodes(*f), expected);
    // Exception table rows as CPython's: (depth, lasti) per region.
    QCOMPARE(f->exceptionTable.size(), size_t(6));
    const std::pair<uint32_t, bool> rows[] = {{0, false}, {1, true}, {4, true}, {1, true}, {4, true}, {1, true}};
    for (size_t i = 0; i < 6; ++i) {
        QCOMPARE(f->exceptionTable[i].depth, rows[i].first);
        QCOMPARE(f->exceptionTable[i].lasti, rows[i].second);
    }
}

void TestCompiler::callShapes()
{
    auto module = compileOrFail("obj.m(1, k=2)\nf(*a, **b)\nf(x, y=1)\n");
    QVERIFY(module);
    QStringList ops = opcodes(*module);
    QCOMPARE(ops.mid(0, 7), QStringList({"LOAD_NAME", "LOAD_METHOD", "LOAD_CONST", "LOAD_CONST", "KW_NAMES", "CALL",
                                         "POP_TOP"}));
    QCOMPARE(module->code[5].arg, 2u);
    auto kwnames = std::get_if<TupleConstant>(&module->consts[module->code[4].arg].value);
    QVERIFY(kwnames);
    QCOMPARE(kwnames->items.size(), size_t(1));
    QCOMPARE(std::get<std::string>(kwnames->items[0].value), std::string("k"));
    QVERIFY(ops.contains("CALL_FUNCTION_EX"));
    QVERIFY(ops.contains("DICT_MERGE"));
    QCOMPARE(countOp(*module, Opcode::PUSH_NULL), 2);
}

void TestCompiler::privateNameMangling()
{
    // Names as CPython 3.11 mangles them inside `class _Cls` (checked with dis on CPython).
    auto module = compileOrFail("class _Cls:\n"
                                "    __slot = 1\n"
                                "    def __init__(self, __arg, *, __kw=2):\n"
                                "        self.__x = __arg\n"
                                "        self.__dunder__ = __kw\n"
                                "    def __m(self):\n"
                                "        return [self.__x for _ in range(1)]\n"
                                "__outside = 1\n");
    QVERIFY(module);
    const CodeObject *cls = findCode(*module, "_Cls");
    QVERIFY(cls);
    QVERIFY(std::count(cls->names.begin(), cls->names.end(), "_Cls__slot") == 1);
    QVERIFY(std::count(cls->names.begin(), cls->names.end(), "_Cls__m") == 1);
    QVERIFY(std::count(cls->names.begin(), cls->names.end(), "__init__") == 1);
    const CodeObject *init = findCode(*cls, "_Cls.__init__");
    QVERIFY(init);
    QCOMPARE(init->name, std::string("__init__"));
    QCOMPARE(joined(init->varnames), QString("self,_Cls__arg,_Cls__kw"));
    QCOMPARE(joined(init->names), QString("_Cls__x,__dunder__"));
    const CodeObject *comp = findCode(*cls, "_Cls.__m.<locals>.<listcomp>");
    QVERIFY(comp);
    QCOMPARE(joined(comp->names), QString("_Cls__x"));
    QVERIFY(std::count(module->names.begin(), module->names.end(), "__outside") == 1);
}

void TestCompiler::docstrings()
{
    auto module = compileOrFail("'''Module.'''\n"
                                "class C:\n"
                                "    'Class.'\n"
                                "def f():\n"
                                "    \"Function.\"\n"
                                "    return 1\n"
                                "def g():\n"
                                "    return 'not a docstring'\n");
    QVERIFY(module);
    QCOMPARE(opcodes(*module).mid(0, 2), QStringList({"LOAD_CONST", "STORE_NAME"}));
    QCOMPARE(module->names[0], std::string("__doc__"));
    const CodeObject *cls = findCode(*module, "C");
    QVERIFY(std::count(cls->names.begin(), cls->names.end(), "__doc__") == 1);
    const CodeObject *f = findCode(*module, "f");
    QCOMPARE(f->docstring, std::optional<std::string>("Function."));
    QCOMPARE(opcodes(*f), QStringList({"LOAD_CONST", "RETURN_VALUE"}));
    QVERIFY(!findCode(*module, "g")->docstring);
}

void TestCompiler::mutatedScenariosNeverCrash()
{
    // Deleting and duplicating random characters of valid programs: every result is a code object
    // that satisfies the interpreter's invariants, or a diagnostic.
    QDir dir(QStringLiteral(LOOPSCOPE_SOURCE_DIR "/tests/core/data_frontend"));
    std::vector<std::string> programs;
    for (const QString &f : dir.entryList({"*.py"}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        programs.push_back(file.readAll().toStdString());
    }
    QVERIFY(!programs.empty());
    uint32_t seed = 2024;
    auto next = [&seed]() {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    int compiled = 0, rejected = 0;
    for (int round = 0; round < 400; ++round) {
        std::string src = programs[next() % programs.size()];
        int edits = 1 + int(next() % 3);
        for (int e = 0; e < edits && !src.empty(); ++e) {
            size_t at = next() % src.size();
            if (next() % 2)
                src.erase(at, 1 + next() % 4);
            else
                src.insert(at, src.substr(next() % src.size(), 1 + next() % 8));
        }
        CompileResult r = compileModule(src, "m.py");
        QVERIFY(bool(r.code) != r.error.has_value());
        if (r.code) {
            ++compiled;
            forEachCode(*r.code, [](const CodeObject &c) { checkInvariants(c); });
        } else {
            ++rejected;
            QVERIFY(!renderSyntaxError(*r.error).empty());
        }
    }
    QVERIFY(compiled > 0);
    QVERIFY(rejected > 0);
}

void TestCompiler::constants()
{
    auto module = compileOrFail("a = -1\nb = 123456789012345678901234567890\nc = -2.5\nd = 'x'\ne = b'y'\nf = ...\n");
    QVERIFY(module);
    QCOMPARE(countOp(*module, Opcode::UNARY_NEGATIVE), 0);
    auto has = [&](const Constant &c) {
        for (const Constant &k : module->consts) {
            if (k.sameAs(c))
                return true;
        }
        return false;
    };
    QVERIFY(has(Constant(int64_t(-1))));
    QVERIFY(has(Constant(BigIntConstant{"123456789012345678901234567890", 10, false})));
    QVERIFY(has(Constant(-2.5)));
    QVERIFY(has(Constant(std::string("x"))));
    QVERIFY(has(Constant(BytesConstant{"y"})));
    QVERIFY(has(Constant(EllipsisConstant{})));
    // 1, 1.0 and True are distinct constants even though they compare equal in Python.
    auto mixed = compileOrFail("x = (1, 1.0, True)\n");
    QVERIFY(mixed);
    QCOMPARE(mixed->consts.size(), size_t(4));
}

void TestCompiler::lineTable()
{
    auto module = compileOrFail("def f(a):\n"
                                "    b = a + 1\n"
                                "\n"
                                "    if b:\n"
                                "        return b\n"
                                "    return (a,\n"
                                "            b)\n");
    QVERIFY(module);
    const CodeObject *f = findCode(*module, "f");
    QVERIFY(f);
    QCOMPARE(f->firstlineno, 1);
    QList<int> lines;
    for (size_t i = 0; i < f->code.size(); ++i) {
        if (lines.isEmpty() || lines.back() != f->lineAt(i))
            lines << f->lineAt(i);
    }
    QCOMPARE(lines, QList<int>({2, 4, 5, 6, 7, 6}));
}

void TestCompiler::compileErrors_data()
{
    // Each expected text is what CPython 3.11 prints for `python3 t.py`.
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
        QTest::newRow("yield in augmented assignment") << QStringLiteral("x.y += (yield)\n") << QStringLiteral("  File \"t.py\", line 1\n    x.y += (yield)\n            ^^^^^\nSyntaxError: 'yield' outside function\n");
        QTest::newRow("except star jump 0") << QStringLiteral("for x in y:\n  try:\n    pass\n  except* E:\n    break\n") << QStringLiteral("  File \"t.py\", line 5\n    break\n    ^^^^^\nSyntaxError: 'break', 'continue' and 'return' cannot appear in an except* block\n");
        QTest::newRow("except star jump 1") << QStringLiteral("def f():\n  try:\n    pass\n  except* E:\n    return 1\n") << QStringLiteral("  File \"t.py\", line 5\n    return 1\n           ^\nSyntaxError: 'break', 'continue' and 'return' cannot appear in an except* block\n");
        QTest::newRow("c00") << QStringLiteral("return 1\n") << QStringLiteral("  File \"t.py\", line 1\n    return 1\n    ^^^^^^^^\nSyntaxError: 'return' outside function\n");
        QTest::newRow("c01") << QStringLiteral("await x\n") << QStringLiteral("  File \"t.py\", line 1\n    await x\n    ^^^^^^^\nSyntaxError: 'await' outside function\n");
        QTest::newRow("c02") << QStringLiteral("def f():\n  await x\n") << QStringLiteral("  File \"t.py\", line 2\n    await x\n    ^^^^^^^\nSyntaxError: 'await' outside async function\n");
        QTest::newRow("c03") << QStringLiteral("break\n") << QStringLiteral("  File \"t.py\", line 1\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n");
        QTest::newRow("c04") << QStringLiteral("continue\n") << QStringLiteral("  File \"t.py\", line 1\n    continue\n    ^^^^^^^^\nSyntaxError: 'continue' not properly in loop\n");
        QTest::newRow("c05") << QStringLiteral("yield 1\n") << QStringLiteral("  File \"t.py\", line 1\n    yield 1\n    ^^^^^^^\nSyntaxError: 'yield' outside function\n");
        QTest::newRow("c06") << QStringLiteral("def f():\n  nonlocal x\n") << QStringLiteral("  File \"t.py\", line 2\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: no binding for nonlocal 'x' found\n");
        QTest::newRow("c07") << QStringLiteral("def f():\n  x=1\n  global x\n") << QStringLiteral("  File \"t.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is assigned to before global declaration\n");
        QTest::newRow("c08") << QStringLiteral("def f():\n  print(x)\n  global x\n") << QStringLiteral("  File \"t.py\", line 3\n    global x\n    ^^^^^^^^\nSyntaxError: name 'x' is used prior to global declaration\n");
        QTest::newRow("c09") << QStringLiteral("nonlocal x\n") << QStringLiteral("  File \"t.py\", line 1\n    nonlocal x\n    ^^^^^^^^^^\nSyntaxError: nonlocal declaration not allowed at module level\n");
        QTest::newRow("c10") << QStringLiteral("x.y += (yield)\n") << QStringLiteral("  File \"t.py\", line 1\n    x.y += (yield)\n            ^^^^^\nSyntaxError: 'yield' outside function\n");
        QTest::newRow("c11") << QStringLiteral("class C:\n  yield 1\n") << QStringLiteral("  File \"t.py\", line 2\n    yield 1\n    ^^^^^^^\nSyntaxError: 'yield' outside function\n");
        QTest::newRow("c12") << QStringLiteral("def f():\n  return [(yield) for x in y]\n") << QStringLiteral("  File \"t.py\", line 2\n    return [(yield) for x in y]\n             ^^^^^\nSyntaxError: 'yield' inside list comprehension\n");
        QTest::newRow("c13") << QStringLiteral("def f():\n  return [await x for x in y]\n") << QStringLiteral("  File \"t.py\", line 2\n    return [await x for x in y]\n           ^^^^^^^^^^^^^^^^^^^^\nSyntaxError: asynchronous comprehension outside of an asynchronous function\n");
        QTest::newRow("c14") << QStringLiteral("async def f():\n  yield 1\n  return 2\n") << QStringLiteral("  File \"t.py\", line 3\n    return 2\n    ^^^^^^^^\nSyntaxError: 'return' with value in async generator\n");
        QTest::newRow("c15") << QStringLiteral("async def f():\n  yield from x\n") << QStringLiteral("  File \"t.py\", line 2\n    yield from x\n    ^^^^^^^^^^^^\nSyntaxError: 'yield from' inside async function\n");
        QTest::newRow("c16") << QStringLiteral("def f(a, a):\n  pass\n") << QStringLiteral("  File \"t.py\", line 1\n    def f(a, a):\n             ^\nSyntaxError: duplicate argument 'a' in function definition\n");
        QTest::newRow("c17") << QStringLiteral("def f(a):\n  global a\n") << QStringLiteral("  File \"t.py\", line 2\n    global a\n    ^^^^^^^^\nSyntaxError: name 'a' is parameter and global\n");
        QTest::newRow("c18") << QStringLiteral("for x in y:\n  def f():\n    break\n") << QStringLiteral("  File \"t.py\", line 3\n    break\n    ^^^^^\nSyntaxError: 'break' outside loop\n");
        QTest::newRow("c19") << QStringLiteral("try:\n  pass\nexcept:\n  pass\nexcept E:\n  pass\n") << QStringLiteral("  File \"t.py\", line 3\n    except:\n    ^^^^^^^\nSyntaxError: default 'except:' must be last\n");
        QTest::newRow("c20") << QStringLiteral("*a = b\n") << QStringLiteral("  File \"t.py\", line 1\n    *a = b\n    ^^\nSyntaxError: starred assignment target must be in a list or tuple\n");
        QTest::newRow("c21") << QStringLiteral("a, *b, *c = d\n") << QStringLiteral("  File \"t.py\", line 1\n    a, *b, *c = d\n    ^^^^^^^^^\nSyntaxError: multiple starred expressions in assignment\n");
        QTest::newRow("c22") << QStringLiteral("print(*a)\nx = *a\n") << QStringLiteral("  File \"t.py\", line 2\n    x = *a\n        ^^\nSyntaxError: can't use starred expression here\n");
        QTest::newRow("c23") << QStringLiteral("def f():\n  async with x:\n    pass\n") << QStringLiteral("  File \"t.py\", line 2\n    async with x:\n    ^^^^^^^^^^^^^\nSyntaxError: 'async with' outside async function\n");
        QTest::newRow("c24") << QStringLiteral("def f():\n  async for x in y:\n    pass\n") << QStringLiteral("  File \"t.py\", line 2\n    async for x in y:\n    ^^^^^^^^^^^^^^^^^\nSyntaxError: 'async for' outside async function\n");
        QTest::newRow("c25") << QStringLiteral("class C:\n  [y := 1 for x in z]\n") << QStringLiteral("  File \"t.py\", line 2\n    [y := 1 for x in z]\n     ^\nSyntaxError: assignment expression within a comprehension cannot be used in a class body\n");
        QTest::newRow("c26") << QStringLiteral("[x := 1 for x in y]\n") << QStringLiteral("  File \"t.py\", line 1\n    [x := 1 for x in y]\n     ^\nSyntaxError: assignment expression cannot rebind comprehension iteration variable 'x'\n");
        QTest::newRow("c27") << QStringLiteral("def f():\n  x = lambda: await y\n") << QStringLiteral("  File \"t.py\", line 2\n    x = lambda: await y\n                ^^^^^^^\nSyntaxError: 'await' outside async function\n");
        QTest::newRow("c28") << QStringLiteral("from x import *\ndef f():\n  from y import *\n") << QStringLiteral("  File \"t.py\", line 3\n    from y import *\n                  ^\nSyntaxError: import * only allowed at module level\n");
        QTest::newRow("match unreachable capture") << QStringLiteral("match x:\n    case y:\n        pass\n    case 1:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case y:\n         ^\nSyntaxError: name capture 'y' makes remaining patterns unreachable\n");
        QTest::newRow("match unreachable wildcard") << QStringLiteral("match x:\n    case _:\n        pass\n    case 1:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case _:\n         ^\nSyntaxError: wildcard makes remaining patterns unreachable\n");
        QTest::newRow("match duplicate capture") << QStringLiteral("match x:\n    case [a, a]:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case [a, a]:\n             ^\nSyntaxError: multiple assignments to name 'a' in pattern\n");
        QTest::newRow("match or binds differently") << QStringLiteral("match x:\n    case [a] | b:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case [a] | b:\n               ^\nSyntaxError: alternative patterns bind different names\n");
        QTest::newRow("match duplicate key") << QStringLiteral("match x:\n    case {\"a\": 1, \"a\": 2}:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case {\"a\": 1, \"a\": 2}:\n         ^^^^^^^^^^^^^^^^\nSyntaxError: mapping pattern checks duplicate key ('a')\n");
        QTest::newRow("match repeated attribute") << QStringLiteral("match x:\n    case P(a=1, a=2):\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case P(a=1, a=2):\n                  ^\nSyntaxError: attribute name repeated in class pattern: a\n");
        QTest::newRow("match positional after keyword") << QStringLiteral("match x:\n    case P(a=1, 2):\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case P(a=1, 2):\n                ^\nSyntaxError: positional patterns follow keyword patterns\n");
        QTest::newRow("match two stars") << QStringLiteral("match x:\n    case [*a, *b]:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case [*a, *b]:\n         ^^^^^^^^\nSyntaxError: multiple starred names in sequence pattern\n");
        QTest::newRow("match as underscore") << QStringLiteral("match x:\n    case 1 as _:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case 1 as _:\n              ^\nSyntaxError: cannot use '_' as a target\n");
        QTest::newRow("match as literal") << QStringLiteral("match x:\n    case 1 as 2:\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case 1 as 2:\n              ^\nSyntaxError: invalid pattern target\n");
        QTest::newRow("match no colon") << QStringLiteral("match x:\n    case 1\n        pass\n") << QStringLiteral("  File \"t.py\", line 2\n    case 1\n          ^\nSyntaxError: expected ':'\n");
}

void TestCompiler::compileErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    CompileResult r = compileModule(source.toStdString(), "t.py");
    QVERIFY(!r.code);
    QVERIFY(r.error.has_value());
    QCOMPARE(QString::fromStdString(renderSyntaxError(*r.error)), expected);
}

void TestCompiler::disassemblyListing()
{
    auto module = compileOrFail("def f(x):\n"
                                "    while x:\n"
                                "        x -= 1\n"
                                "    return x\n");
    QVERIFY(module);
    const QString text = QString::fromStdString(disassemble(*module));
    QVERIFY(text.contains("Disassembly of <code <module> line 1>:"));
    QVERIFY(text.contains("Disassembly of <code f line 1>:"));
    QVERIFY(text.contains("  flags: OPTIMIZED|NEWLOCALS\n"));
    QVERIFY(text.contains("  varnames: x\n"));
    QStringList lines;
    for (const QString &l : text.split('\n'))
        lines << l.simplified();
    auto row = [&](const QString &needle) {
        for (const QString &l : lines) {
            if (l.contains(needle))
                return l;
        }
        return QString();
    };
    QCOMPARE(row("BINARY_OP"), QString("4 BINARY_OP 23 (-=)"));
    // CPython 3.11's loop layout: the test again after the body, jumping back to the body.
    QCOMPARE(row("POP_JUMP_IF_FALSE"), QString("1 POP_JUMP_IF_FALSE 8 (to 8)"));
    QCOMPARE(row("POP_JUMP_IF_TRUE"), QString("7 POP_JUMP_IF_TRUE 2 (to 2)"));
    QCOMPARE(row("<code f>"), QString("1 0 LOAD_CONST 0 (<code f>)"));
    QCOMPARE(row(">> 8"), QString("4 >> 8 LOAD_FAST 0 (x)"));
    QVERIFY(text.contains(">>"));
}

void TestCompiler::neverThrows()
{
    const char *const sources[] = {"", "\n\n", "x", "def", "async", "await", "lambda: (yield)", "class C: return",
                                   "f(**{})", "[*a] = b", "del (a, [b])", "x = yield", "(a := 1) = 2"};
    for (const char *src : sources) {
        CompileResult r = compileModule(src, "t.py");
        QVERIFY(bool(r.code) != r.error.has_value());
        if (r.code)
            forEachCode(*r.code, [](const CodeObject &c) { checkInvariants(c); });
    }
}

QTEST_GUILESS_MAIN(TestCompiler)
#include "tst_compiler.moc"
