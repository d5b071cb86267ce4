// The locator that finds asyncio's own functions in the installed CPython's sources.
#include "asynciolocator.h"

#include <QStandardPaths>
#include <QTest>

using namespace loopscope;

namespace {
void nothing(Object*, Object* const*, size_t) { }
} // namespace

class TestAsyncioLocator : public QObject {
    Q_OBJECT
private slots:
    void findsTopLevelAndNestedDefinitions()
    {
        const QStringList lines = {
            "import x",                                   // 1
            "def _wait(fs, timeout, return_when, loop):", // 2
            "    def _on_completion(f):",                 // 3
            "        pass",                               // 4
            "def gather(*coros):",                        // 5
            "    def _on_completion(f):",                 // 6 (another closure of the same name)
            "    def _done_callback(fut):",               // 7
            "async def sleep(delay):",                    // 8
            "def _release_waiter(waiter, *args):",        // 9
        };
        QCOMPARE(findDefinitionLine(lines, "_wait.<locals>._on_completion"), std::optional<int>(3));
        QCOMPARE(findDefinitionLine(lines, "gather.<locals>._done_callback"), std::optional<int>(7));
        QCOMPARE(findDefinitionLine(lines, "gather.<locals>._on_completion"), std::optional<int>(6));
        QCOMPARE(findDefinitionLine(lines, "sleep"), std::optional<int>(8));
        QCOMPARE(findDefinitionLine(lines, "_release_waiter"), std::optional<int>(9));
        // A nested def is not a top-level one, and what is absent is not guessed.
        QCOMPARE(findDefinitionLine(lines, "_on_completion"), std::optional<int>());
        QCOMPARE(findDefinitionLine(lines, "shield.<locals>._inner_done_callback"), std::optional<int>());
    }

    void locatesTheInstalledAsyncio()
    {
        if (QStandardPaths::findExecutable("python3").isEmpty()) QSKIP("python3 is not on PATH");
        installPythonAsyncioLocator();
        Callback cb = Callback::nativeFn("_run_until_complete_cb", &nothing);
        const std::string at = cb.sourceLocation();
        setAsyncioSourceLocator({});
        QVERIFY2(at.starts_with(" at /") && at.find("/asyncio/base_events.py:") != std::string::npos, at.c_str());
        // A bound method has no source, as in CPython's _get_function_source.
        QCOMPARE(Callback::nativeFn("Task.__wakeup", &nothing).sourceLocation(), std::string());
    }

    void noInterpreterMeansNoLocation()
    {
        installPythonAsyncioLocator("/nonexistent/python3");
        const std::string at = Callback::nativeFn("_run_until_complete_cb", &nothing).sourceLocation();
        setAsyncioSourceLocator({});
        QCOMPARE(at, std::string());
    }
};

QTEST_GUILESS_MAIN(TestAsyncioLocator)
#include "tst_asynciolocator.moc"
