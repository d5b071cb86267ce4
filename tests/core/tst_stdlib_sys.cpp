// sys, string, typing and the module registry (values recorded with python3 where CPython has them).
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>
#include <loopscope/stdlib/modules.h>

#include "runtime/objects.h"

// After the core headers: Qt defines `slots` as a macro, and TypeObject has a member of that name.
#include <QtTest>

using namespace loopscope;

namespace {

struct Run {
    Heap heap;
    Heap::Scope scope {heap};
    ModuleContext ctx;
};

Ref<Object> method(Object* o, std::string_view name, std::initializer_list<Object*> args = {})
{
    Ref<Object> f = getAttr(o, name);
    return call(f.get(), args);
}

std::string R(const Ref<Object>& o)
{
    return reprText(o.get());
}

} // namespace

class TestStdlibSys : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    void registry()
    {
        Run run;
        const std::vector<std::string> names = availableModules();
        QVERIFY(std::is_sorted(names.begin(), names.end()));
        for (const std::string& name : names) {
            Ref<Object> m = importStdlibModule(name, run.ctx);
            QVERIFY2(m, name.c_str());
            QCOMPARE(strText(getAttr(m.get(), "__name__").get()), name);
        }
        QVERIFY(!importStdlibModule("socket", run.ctx));
        QVERIFY(!importStdlibModule("os", run.ctx));
    }

    // python3 -c "import sys; print(sys.version_info[:2], sys.maxsize, repr(sys.stdout))"
    void sys()
    {
        Run run;
        std::string out;
        run.ctx.writeStdout = [&](std::string_view text) { out += text; };
        run.ctx.argv = {"potatoes.py", "-v"};
        Ref<Object> sys = importStdlibModule("sys", run.ctx);
        Ref<Object> info = getAttr(sys.get(), "version_info");
        QVERIFY(isTuple(info.get()));
        QCOMPARE(R(getItem(info.get(), newInt(0).get())), std::string("3"));
        QCOMPARE(R(getAttr(info.get(), "minor")), std::string("11"));
        QCOMPARE(R(getAttr(sys.get(), "maxsize")), std::string("9223372036854775807"));
        QCOMPARE(R(getAttr(sys.get(), "argv")), std::string("['potatoes.py', '-v']"));
        Ref<Object> stdoutObj = getAttr(sys.get(), "stdout");
        QCOMPARE(R(stdoutObj), std::string("<_io.TextIOWrapper name='<stdout>' mode='w' encoding='utf-8'>"));
        Ref<Object> written = method(stdoutObj.get(), "write", {newStr("héllo\n").get()});
        QCOMPARE(R(written), std::string("6"));
        QCOMPARE(out, std::string("héllo\n"));
        QCOMPARE(R(method(sys.get(), "getrecursionlimit")), std::string("1000"));
        method(sys.get(), "setrecursionlimit", {newInt(50).get()});
        QCOMPARE(run.ctx.recursionLimit, int64_t(50));
        try {
            method(sys.get(), "setrecursionlimit", {newInt(0).get()});
            QFAIL("no exception");
        } catch (const PyException& e) {
            QCOMPARE(strText(e.exception().get()), std::string("recursion limit must be greater or equal than 1"));
        }
        try {
            method(sys.get(), "exit", {newInt(3).get()});
            QFAIL("no exception");
        } catch (const PyException& e) {
            QCOMPARE(e.exception()->type(), types().SystemExit);
            QCOMPARE(R(newRef(exceptionArgs(e.exception().get()))), std::string("(3,)"));
        }
    }

    // python3 -c "import string; print(repr(string.punctuation), repr(string.whitespace), string.capwords(' hello  world '))"
    void string()
    {
        Run run;
        Ref<Object> m = importStdlibModule("string", run.ctx);
        QCOMPARE(R(getAttr(m.get(), "punctuation")), std::string("'!\"#$%&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~'"));
        QCOMPARE(R(getAttr(m.get(), "whitespace")), std::string("' \\t\\n\\r\\x0b\\x0c'"));
        QCOMPARE(strText(getAttr(m.get(), "ascii_letters").get()),
                 std::string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"));
        QCOMPARE(strText(method(m.get(), "capwords", {newStr(" hello  world ").get()}).get()), std::string("Hello World"));
    }

    // python3 -c "import typing; print(typing.Optional, typing.Optional[int], typing.Dict[str, int], typing.TypeVar('T'))"
    void typing()
    {
        Run run;
        Ref<Object> m = importStdlibModule("typing", run.ctx);
        Ref<Object> optional = getAttr(m.get(), "Optional");
        QCOMPARE(R(optional), std::string("typing.Optional"));
        QCOMPARE(R(getItem(optional.get(), types().int_)), std::string("typing.Optional[int]"));
        Ref<Object> dict = getAttr(m.get(), "Dict");
        Ref<Object> key = newTuple({types().str, types().int_});
        QCOMPARE(R(getItem(dict.get(), key.get())), std::string("typing.Dict[str, int]"));
        QCOMPARE(R(method(m.get(), "TypeVar", {newStr("T").get()})), std::string("~T"));
        Ref<Object> five = newInt(5);
        QCOMPARE(method(m.get(), "cast", {types().int_, five.get()}).get(), five.get());
        QVERIFY(!isTrue(getAttr(m.get(), "TYPE_CHECKING").get()));
    }
};

QTEST_GUILESS_MAIN(TestStdlibSys)
#include "tst_stdlib_sys.moc"
