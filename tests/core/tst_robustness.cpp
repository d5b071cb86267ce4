// Bad inputs end as diagnostics or run statuses, never as a crash or a hang: the front end's
// SyntaxErrors (checked against CPython 3.11's own message, line and column), the Engine's
// endings for runaway programs, and every fuzz regression and seed replayed through the same
// entry points the fuzz targets use (tests/fuzz). docs/robustness.md maps each row to a test.
#include "vm/compiler.h"

#include <loopscope/engine.h>
#include <loopscope/runtime/memory.h>

#include <QRegularExpression>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace loopscope;

namespace {

std::string readFile(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Every regular file under tests/fuzz/<kind>/<target>, sorted so failures are reproducible.
std::vector<std::filesystem::path> fuzzInputs(const char *kind, const char *target)
{
    std::vector<std::filesystem::path> files;
    const std::filesystem::path dir = std::filesystem::path(LOOPSCOPE_SOURCE_DIR) / "tests/fuzz" / kind / target;
    if (!std::filesystem::is_directory(dir)) return files;
    for (const auto &entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

/// The budgets tests/fuzz/fuzz_scenario.cpp runs with; runaway programs end quickly under them.
EngineOptions fuzzOptions()
{
    EngineOptions options;
    options.maxIterations = 2000;
    options.instructionBudget = 200000;
    options.recursionLimit = 200;
    return options;
}

struct Run {
    RunResult result;
    std::string output; ///< the program's printed text, from the trace's `out` lines
    std::string errors; ///< what the run wrote to stderr (warnings, asyncio's log)
};

Run runProgram(const std::string &source, EngineOptions options = fuzzOptions())
{
    Engine engine(std::move(options));
    Run run;
    engine.setTraceSink([&run](std::string_view line) {
        const std::string_view tag = " out ";
        const size_t at = line.find(tag);
        if (at != std::string_view::npos && line.find(' ') == at) {
            run.output += line.substr(at + tag.size());
            run.output += '\n';
        }
    });
    engine.setStderrSink([&run](std::string_view text) { run.errors += text; });
    run.result = engine.run(source, "prog.py");
    return run;
}

QString q(const std::string &s) { return QString::fromStdString(s); }

} // namespace

Q_DECLARE_METATYPE(RunResult::Status)

class TestRobustness : public QObject {
    Q_OBJECT
private slots:
    void syntaxErrors_data();
    void syntaxErrors();
    void syntaxErrorCaret();
    void runtimeErrorTraceback();
    void uncaughtExceptionInAwaitedTask();
    void exceptionInForgottenTask();
    void stderrDiagnostics_data();
    void stderrDiagnostics();
    void exceptionGroupTraceback();
    void infiniteLoopInCallback();
    void infiniteLoopAtTopLevel();
    void infiniteRecursion();
    void recursionErrorIsCatchable();
    void hugeAllocation_data();
    void hugeAllocation();
    void deadlock();
    void neverEnds();
    void unsupportedSyntax_data();
    void unsupportedSyntax();
    void matchAsAName();
    void unsupportedModule();
    void deeplyNestedSource();
    void frontendRegressions();
    void scenarioRegressions();
};

void TestRobustness::syntaxErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    // Expected values are what CPython 3.11's compile() reports for the same text.
    QTest::newRow("bad parameter") << "def f(:\n    pass\n" << "SyntaxError" << "invalid syntax" << 1 << 7;
    QTest::newRow("unexpected indent") << "if True:\n  x = 1\n    y = 2\n" << "IndentationError" << "unexpected indent" << 3 << 4;
    QTest::newRow("unclosed paren") << "x = (1, 2\nprint(x)\n" << "SyntaxError" << "'(' was never closed" << 1 << 5;
    QTest::newRow("unterminated string") << "s = \"abc\n" << "SyntaxError" << "unterminated string literal (detected at line 1)" << 1 << 5;
    QTest::newRow("unterminated triple quote") << "'''never closed\n" << "SyntaxError" << "unterminated triple-quoted string literal (detected at line 1)" << 1 << 1;
    QTest::newRow("trailing operator") << "x = 1 +\n" << "SyntaxError" << "invalid syntax" << 1 << 8;
    QTest::newRow("missing block") << "class C:\nreturn 5\n" << "IndentationError" << "expected an indented block after class definition on line 1" << 2 << 1;
    QTest::newRow("return outside function") << "return 5\n" << "SyntaxError" << "'return' outside function" << 1 << 1;
    QTest::newRow("break outside loop") << "break\n" << "SyntaxError" << "'break' outside loop" << 1 << 1;
    QTest::newRow("mismatched bracket") << "x = [1, 2}\n" << "SyntaxError" << "closing parenthesis '}' does not match opening parenthesis '['" << 1 << 10;
    QTest::newRow("bad dedent") << "for x in range(3):\n    pass\n  print(x)\n" << "IndentationError" << "unindent does not match any outer indentation level" << 3 << 11;
    QTest::newRow("unparenthesized genexp") << "f(x for x in y, 1)\n" << "SyntaxError" << "Generator expression must be parenthesized" << 1 << 3;
    QTest::newRow("double operator") << "a = 1\na += = 2\n" << "SyntaxError" << "invalid syntax" << 2 << 6;
    QTest::newRow("nonlocal without binding") << "def f():\n    nonlocal q\n" << "SyntaxError" << "no binding for nonlocal 'q' found" << 2 << 5;
    QTest::newRow("assign to literal") << "x = 5 = y\n" << "SyntaxError" << "cannot assign to literal" << 1 << 5;
    QTest::newRow("python 2 print") << "print 'hello'\n" << "SyntaxError" << "Missing parentheses in call to 'print'. Did you mean print(...)?" << 1 << 1;
    QTest::newRow("yield from in async") << "async def f():\n    yield from g()\n" << "SyntaxError" << "'yield from' inside async function" << 2 << 5;
    QTest::newRow("duplicate argument") << "def f(a, a):\n    pass\n" << "SyntaxError" << "duplicate argument 'a' in function definition" << 1 << 10;
    QTest::newRow("unclosed paren, error on a later line") << "x = [1, 2\nfor i in x: pass\n" << "SyntaxError" << "'[' was never closed" << 1 << 5;
    QTest::newRow("unclosed paren on the error's line") << "if (a:\n  pass\n" << "SyntaxError" << "invalid syntax" << 1 << 6;
    QTest::newRow("unclosed paren after the error") << "x = (1 2)\ny = (\n" << "SyntaxError" << "invalid syntax. Perhaps you forgot a comma?" << 1 << 6;
    QTest::newRow("tokenizer error after a parser error") << "x = 1 2\ns = \"abc\n" << "SyntaxError" << "unterminated string literal (detected at line 2)" << 2 << 5;
    QTest::newRow("assign to literal, first target") << "5 = x\n" << "SyntaxError" << "cannot assign to literal here. Maybe you meant '==' instead of '='?" << 1 << 1;
    QTest::newRow("assign to literal, chained first") << "5 = x = y\n" << "SyntaxError" << "cannot assign to literal" << 1 << 1;
    QTest::newRow("assign to call, chained") << "x = f() = 3\n" << "SyntaxError" << "cannot assign to function call" << 1 << 5;
    QTest::newRow("assign to comparison") << "a < b = 1\n" << "SyntaxError" << "cannot assign to comparison" << 1 << 1;
    QTest::newRow("assign to tuple element") << "x, 5 = 1, 2\n" << "SyntaxError" << "cannot assign to literal here. Maybe you meant '==' instead of '='?" << 1 << 4;
    QTest::newRow("assign to tuple, name last") << "5, x = 1\n" << "SyntaxError" << "invalid syntax. Maybe you meant '==' or ':=' instead of '='?" << 1 << 4;
    QTest::newRow("leading zeros") << "x = 0777\n" << "SyntaxError" << "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers" << 1 << 5;
}

void TestRobustness::syntaxErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(int, line);
    QFETCH(int, column);
    const CompileResult result = compileModule(source.toStdString(), "prog.py");
    QVERIFY(!result.code);
    QVERIFY(result.error.has_value());
    QCOMPARE(q(result.error->type), type);
    QCOMPARE(q(result.error->message), message);
    QCOMPARE(result.error->line, line);
    QCOMPARE(result.error->column, column);
    QCOMPARE(q(result.error->filename), QString("prog.py"));
}

void TestRobustness::syntaxErrorCaret()
{
    // CPython:   File "prog.py", line 2 / the line / a caret under column 5 / the message.
    const CompileResult result = compileModule("x = 1\ny = (2 +\n", "prog.py");
    QVERIFY(result.error.has_value());
    const QStringList lines = q(renderSyntaxError(*result.error)).split('\n');
    QVERIFY2(lines.size() >= 4, qPrintable(lines.join('|')));
    QCOMPARE(lines[0], QString("  File \"prog.py\", line 2"));
    QCOMPARE(lines[1].trimmed(), QString("y = (2 +"));
    const int caret = lines[2].indexOf('^');
    QVERIFY2(caret >= 0, qPrintable(lines[2]));
    QCOMPARE(lines[1].at(caret), QChar('('));
    QCOMPARE(lines[3], QString("SyntaxError: '(' was never closed"));
}

void TestRobustness::runtimeErrorTraceback()
{
    const Run run = runProgram("def inner(d):\n    return d['missing']\n\ndef outer():\n    return inner({})\n\nouter()\n");
    QCOMPARE(run.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(q(run.result.errorType), QString("KeyError"));
    QCOMPARE(run.result.exitCode, 1);
    const QString tb = q(run.result.traceback);
    QVERIFY2(tb.startsWith("Traceback (most recent call last):\n"), qPrintable(tb));
    const int outerAt = tb.indexOf("File \"prog.py\", line 5, in outer");
    const int innerAt = tb.indexOf("File \"prog.py\", line 2, in inner");
    QVERIFY2(tb.contains("File \"prog.py\", line 7, in <module>"), qPrintable(tb));
    QVERIFY2(outerAt > 0 && innerAt > outerAt, qPrintable(tb)); // most recent call last
    QVERIFY2(tb.endsWith("KeyError: 'missing'\n"), qPrintable(tb));
}

void TestRobustness::uncaughtExceptionInAwaitedTask()
{
    const Run run = runProgram(
        "import asyncio\n"
        "async def boom():\n"
        "    await asyncio.sleep(0.1)\n"
        "    raise ValueError('bad value')\n"
        "async def main():\n"
        "    await asyncio.create_task(boom())\n"
        "asyncio.run(main())\n");
    QCOMPARE(run.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(q(run.result.errorType), QString("ValueError"));
    QCOMPARE(q(run.result.message), QString("bad value"));
    QVERIFY2(q(run.result.traceback).contains("line 4, in boom"), qPrintable(q(run.result.traceback)));
}

void TestRobustness::exceptionInForgottenTask()
{
    // A task that fails while nobody awaits it does not end the program (CPython logs it).
    const Run run = runProgram(
        "import asyncio\n"
        "async def boom():\n"
        "    raise ValueError('lost')\n"
        "async def main():\n"
        "    t = asyncio.create_task(boom())\n"
        "    await asyncio.sleep(1)\n"
        "    print('still running', t.done())\n"
        "asyncio.run(main())\n");
    QCOMPARE(run.result.status, RunResult::Status::Completed);
    QVERIFY2(q(run.output).contains("still running True"), qPrintable(q(run.output)));
}

void TestRobustness::stderrDiagnostics_data()
{
    // Each expected text is what python3.11 writes for the program run as prog.py.
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("errors");
    QTest::newRow("coroutines never awaited, once per line")
        << "import asyncio\n"
           "async def work():\n"
           "    return 1\n"
           "async def main():\n"
           "    work()\n"
           "    for _ in range(2):\n"
           "        asyncio.sleep(1)\n"
           "    work().close()\n"
           "asyncio.run(main())\n"
        << "prog.py:5: RuntimeWarning: coroutine 'work' was never awaited\n"
           "  work()\n"
           "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n"
           "prog.py:7: RuntimeWarning: coroutine 'sleep' was never awaited\n"
           "  asyncio.sleep(1)\n"
           "RuntimeWarning: Enable tracemalloc to get the object allocation traceback\n";
    QTest::newRow("future exception never retrieved")
        << "import asyncio\n"
           "async def main():\n"
           "    f = asyncio.get_running_loop().create_future()\n"
           "    f.set_exception(KeyError('k'))\n"
           "    del f\n"
           "    g = asyncio.get_running_loop().create_future()\n"
           "    g.set_exception(KeyError('read'))\n"
           "    g.exception()\n"
           "asyncio.run(main())\n"
        << "Future exception was never retrieved\n"
           "future: <Future finished exception=KeyError('k')>\n"
           "KeyError: 'k'\n";
    QTest::newRow("generator closed on release, its error ignored")
        << "def gen():\n"
           "    try:\n"
           "        yield 1\n"
           "    finally:\n"
           "        raise KeyError('cleanup')\n"
           "g = gen()\n"
           "next(g)\n"
           "g = None\n"
        << "Exception ignored in: <generator object gen at 0x>\n"
           "Traceback (most recent call last):\n"
           "  File \"prog.py\", line 5, in gen\n"
           "    raise KeyError('cleanup')\n"
           "KeyError: 'cleanup'\n";
}

void TestRobustness::stderrDiagnostics()
{
    QFETCH(QString, source);
    QFETCH(QString, errors);
    const Run run = runProgram(source.toStdString());
    QCOMPARE(run.result.status, RunResult::Status::Completed);
    QString written = q(run.errors);
    written.replace(QRegularExpression("0x[0-9a-f]+"), "0x"); // addresses differ from run to run
    QCOMPARE(written, errors);
}

void TestRobustness::exceptionGroupTraceback()
{
    // An uncaught ExceptionGroup prints as CPython's nested boxes (pythonrun.c print_exception_group).
    const Run run = runProgram(
        "def f():\n"
        "    raise ExceptionGroup('outer', [ValueError(1), ExceptionGroup('inner', [KeyError(2)])])\n"
        "f()\n");
    QCOMPARE(run.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(q(run.result.traceback),
        QString("  + Exception Group Traceback (most recent call last):\n"
                "  |   File \"prog.py\", line 3, in <module>\n"
                "  |     f()\n"
                "  |   File \"prog.py\", line 2, in f\n"
                "  |     raise ExceptionGroup('outer', [ValueError(1), ExceptionGroup('inner', [KeyError(2)])])\n"
                "  | ExceptionGroup: outer (2 sub-exceptions)\n"
                "  +-+---------------- 1 ----------------\n"
                "    | ValueError: 1\n"
                "    +---------------- 2 ----------------\n"
                "    | ExceptionGroup: inner (1 sub-exception)\n"
                "    +-+---------------- 1 ----------------\n"
                "      | KeyError: 2\n"
                "      +------------------------------------\n"));
}

void TestRobustness::infiniteLoopInCallback()
{
    const Run run = runProgram(
        "import asyncio\n"
        "def spin():\n"
        "    while True:\n"
        "        pass\n"
        "async def main():\n"
        "    asyncio.get_running_loop().call_soon(spin)\n"
        "    await asyncio.sleep(1)\n"
        "asyncio.run(main())\n");
    QCOMPARE(run.result.status, RunResult::Status::Blocked);
    QCOMPARE(run.result.exitCode, 1);
}

void TestRobustness::infiniteLoopAtTopLevel()
{
    const Run run = runProgram("n = 0\nwhile True:\n    n += 1\n");
    QVERIFY2(run.result.status == RunResult::Status::Blocked, qPrintable(q(run.result.errorType)));
}

void TestRobustness::infiniteRecursion()
{
    const Run run = runProgram("def f(n):\n    return f(n + 1)\nf(0)\n");
    QCOMPARE(run.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(q(run.result.errorType), QString("RecursionError"));
    QVERIFY(q(run.result.message).contains("maximum recursion depth exceeded"));
}

void TestRobustness::recursionErrorIsCatchable()
{
    // Also through a coroutine chain: the limit counts frames, not C++ stack.
    const Run run = runProgram(
        "import asyncio\n"
        "async def down(n):\n"
        "    return await down(n + 1)\n"
        "async def main():\n"
        "    try:\n"
        "        await down(0)\n"
        "    except RecursionError:\n"
        "        print('caught')\n"
        "asyncio.run(main())\n"
        "print('alive')\n");
    QCOMPARE(run.result.status, RunResult::Status::Completed);
    QCOMPARE(q(run.output), QString("caught\nalive\n"));
}

void TestRobustness::hugeAllocation_data()
{
    QTest::addColumn<QString>("expression");
    QTest::newRow("list repeat") << "[0] * 10**10";
    QTest::newRow("tuple repeat") << "(1, 2) * 10**10";
    QTest::newRow("str repeat") << "'ab' * 10**12";
    QTest::newRow("list of a huge range") << "list(range(10**10))";
    QTest::newRow("list repeat under the old cap") << "[0] * 10**9";
    QTest::newRow("comprehension") << "[i for i in range(10**10)]";
    QTest::newRow("append loop") << "[]\n    while True: x.append(None)";
    QTest::newRow("str join") << "''.join('x' * 1000 for _ in range(10**10))";
    QTest::newRow("dict growth") << "{i: i for i in range(10**10)}";
    QTest::newRow("set growth") << "set(range(10**10))";
}

void TestRobustness::hugeAllocation()
{
    QFETCH(QString, expression);
    const std::string source = "try:\n    x = " + expression.toStdString() +
                               "\nexcept MemoryError:\n    print('MemoryError')\nprint('alive')\n";
    EngineOptions options = fuzzOptions();
    options.instructionBudget = 0; // the allocation must fail with MemoryError, not be cut off by the budget
    // A small budget keeps the element-by-element rows fast; the default (2 GiB) behaves the same, later.
    const size_t previous = memoryBudget();
    setMemoryBudget(size_t(64) << 20);
    const Run run = runProgram(source, options);
    setMemoryBudget(previous);
    QVERIFY2(run.result.status == RunResult::Status::Completed,
             qPrintable(q(run.result.errorType + ": " + run.result.message)));
    QCOMPARE(q(run.output), QString("MemoryError\nalive\n"));
}

void TestRobustness::deadlock()
{
    const Run run = runProgram(
        "import asyncio\n"
        "async def main():\n"
        "    lock = asyncio.Lock()\n"
        "    await lock.acquire()\n"
        "    await lock.acquire()\n"
        "asyncio.run(main())\n");
    QCOMPARE(run.result.status, RunResult::Status::Deadlock);
}

void TestRobustness::neverEnds()
{
    EngineOptions options = fuzzOptions();
    options.maxIterations = 500;
    const Run run = runProgram(
        "import asyncio\n"
        "async def main():\n"
        "    while True:\n"
        "        await asyncio.sleep(1)\n"
        "asyncio.run(main())\n", options);
    QCOMPARE(run.result.status, RunResult::Status::BudgetExceeded);
    QCOMPARE(q(run.result.errorType), QString("BudgetExceeded"));
    QCOMPARE(run.result.exitCode, 1);
}

void TestRobustness::unsupportedSyntax_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("feature");
    QTest::addColumn<int>("line");
    QTest::newRow("imaginary literal") << "z = 3 + 4j\n" << "imaginary literals" << 1;
}

void TestRobustness::unsupportedSyntax()
{
    QFETCH(QString, source);
    QFETCH(QString, feature);
    QFETCH(int, line);
    const CompileResult result = compileModule(source.toStdString(), "prog.py");
    QVERIFY(result.error.has_value());
    QCOMPARE(q(result.error->type), QString("SyntaxError"));
    QVERIFY2(q(result.error->message).contains(feature), qPrintable(q(result.error->message)));
    QVERIFY2(q(result.error->message).contains("not supported"), qPrintable(q(result.error->message)));
    QCOMPARE(result.error->line, line);
}

void TestRobustness::matchAsAName()
{
    // `match` is a soft keyword: it stays usable as an ordinary name beside the statement.
    const Run run = runProgram("match = [1, 2]\nmatch.append(3)\nmatch[0] = 0\nprint(match, len(match))\n");
    QCOMPARE(run.result.status, RunResult::Status::Completed);
    QCOMPARE(q(run.output), QString("[0, 2, 3] 3\n"));
}

void TestRobustness::unsupportedModule()
{
    const Run run = runProgram("import numpy\n");
    QCOMPARE(run.result.status, RunResult::Status::UncaughtException);
    QCOMPARE(q(run.result.errorType), QString("ModuleNotFoundError"));
    QVERIFY2(q(run.result.message).contains("numpy"), qPrintable(q(run.result.message)));
}

void TestRobustness::deeplyNestedSource()
{
    // Nesting deeper than the parser allows must be a diagnostic, not a C++ stack overflow.
    for (const auto &[open, close] : {std::pair{"(", ")"}, {"[", "]"}, {"-", ""}, {"not ", ""}}) {
        std::string source = "x = ";
        for (int i = 0; i < 100000; ++i) source += open;
        source += "1";
        for (int i = 0; i < 100000; ++i) source += close;
        source += "\n";
        const CompileResult result = compileModule(source, "prog.py");
        QVERIFY2(result.error.has_value(), open);
    }
    std::string blocks;
    for (int i = 0; i < 3000; ++i) blocks += std::string(size_t(i), ' ') + "if x:\n";
    blocks += std::string(3000, ' ') + "pass\n";
    QVERIFY(compileModule(blocks, "prog.py").error.has_value());
}

void TestRobustness::frontendRegressions()
{
    // Crashes fuzz_frontend found, then its seeds: compileModule answers code xor a SyntaxError.
    auto files = fuzzInputs("regressions", "fuzz_frontend");
    const auto seeds = fuzzInputs("corpus", "fuzz_frontend");
    QVERIFY(!seeds.empty());
    files.insert(files.end(), seeds.begin(), seeds.end());
    for (const auto &path : files) {
        const CompileResult result = compileModule(readFile(path), path.filename().string());
        QVERIFY2(bool(result.code) != result.error.has_value(), path.c_str());
        if (result.error) QVERIFY2(!renderSyntaxError(*result.error).empty(), path.c_str());
    }
}

void TestRobustness::scenarioRegressions()
{
    // Crashes and hangs fuzz_scenario found, then its seeds: each run ends with a status.
    auto files = fuzzInputs("regressions", "fuzz_scenario");
    const auto seeds = fuzzInputs("corpus", "fuzz_scenario");
    QVERIFY(!seeds.empty());
    files.insert(files.end(), seeds.begin(), seeds.end());
    for (const auto &path : files) {
        const Run run = runProgram(readFile(path));
        QVERIFY2(run.result.status != RunResult::Status::InternalError,
                 qPrintable(QString::fromStdString(path.string() + ": " + run.result.message)));
    }
}

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
