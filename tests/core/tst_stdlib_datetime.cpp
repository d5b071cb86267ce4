// datetime and time on the virtual clock, against CPython 3.11 reprs recorded with python3
// (the script is above each test; hashes with PYTHONHASHSEED=0, the runtime's str hash seed).
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
    Ref<Object> datetime;
    Ref<Object> time;
    Run()
    {
        datetime = importStdlibModule("datetime", ctx);
        time = importStdlibModule("time", ctx);
    }
    Ref<Object> cls(std::string_view name) { return getAttr(datetime.get(), name); }
};

using Kw = std::vector<std::pair<std::string, Ref<Object>>>;

Ref<Object> callKw(Object* f, std::vector<Ref<Object>> pos, Kw kw = {})
{
    std::vector<Object*> items;
    for (auto& p : pos) items.push_back(p.get());
    std::vector<Ref<Object>> names;
    for (auto& [n, v] : kw) {
        names.push_back(newStr(n));
        items.push_back(v.get());
    }
    Ref<TupleObject> kwnames = kw.empty() ? Ref<TupleObject>() : newTuple(std::move(names));
    return call(f, CallArgs {items.data(), pos.size(), kwnames.get()});
}

Ref<Object> method(Object* o, std::string_view name, std::vector<Ref<Object>> pos = {}, Kw kw = {})
{
    Ref<Object> f = getAttr(o, name);
    return callKw(f.get(), std::move(pos), std::move(kw));
}

Ref<Object> I(int64_t v)
{
    return newInt(v);
}

std::string R(const Ref<Object>& o)
{
    return reprText(o.get());
}

std::string S(const Ref<Object>& o)
{
    return strText(o.get());
}

std::string raised(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const PyException& e) {
        return e.exception()->type()->name() + ": " + strText(e.exception().get());
    }
    return "nothing raised";
}

} // namespace

class TestStdlibDatetime : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { initRuntime(); }

    // TRACE.md: now() is 2021-06-18 15:29:33 plus the clock; time() is 1624030173.0 plus the clock;
    // time.sleep(x) advances the clock, so `now() - start` measures it.
    void virtualClock()
    {
        Run run;
        Ref<Object> dt = run.cls("datetime");
        Ref<Object> start = method(dt.get(), "now");
        QCOMPARE(R(start), std::string("datetime.datetime(2021, 6, 18, 15, 29, 33)"));
        QCOMPARE(R(method(run.time.get(), "time")), std::string("1624030173.0"));
        QCOMPARE(R(method(run.time.get(), "monotonic")), std::string("0.0"));
        method(run.time.get(), "sleep", {newFloat(2.462255)});
        QCOMPARE(run.ctx.clock->now(), 2.462255);
        QCOMPARE(R(method(run.time.get(), "perf_counter")), std::string("2.462255"));
        Ref<Object> end = method(dt.get(), "now");
        Ref<Object> elapsed = binaryOp(end.get(), start.get(), BinaryOp::Sub);
        // python3 -c "import datetime as d; s=d.datetime(2021,6,18,15,29,33); e=d.datetime(2021,6,18,15,29,35,462255);
        //   print(e-s, repr(e-s), (e-s).total_seconds())"
        QCOMPARE(S(elapsed), std::string("0:00:02.462255"));
        QCOMPARE(R(elapsed), std::string("datetime.timedelta(seconds=2, microseconds=462255)"));
        QCOMPARE(R(method(elapsed.get(), "total_seconds")), std::string("2.462255"));
        Ref<Object> date = run.cls("date");
        QCOMPARE(R(method(date.get(), "today")), std::string("datetime.date(2021, 6, 18)"));
        QCOMPARE(R(method(run.time.get(), "monotonic_ns")), std::string("2462255000"));
        QCOMPARE(R(method(run.time.get(), "time_ns")), std::string("1624030175462255000"));
        // The run's loop clock can be connected: the modules read whatever clock the context points at.
        VirtualClock loopClock;
        loopClock.advance(10.0);
        run.ctx.clock = &loopClock;
        QCOMPARE(R(method(run.time.get(), "monotonic")), std::string("10.0"));
        QCOMPARE(R(method(dt.get(), "now")), std::string("datetime.datetime(2021, 6, 18, 15, 29, 43)"));
        run.ctx.clock = &run.ctx.ownClock;
        QCOMPARE(raised([&] { method(run.time.get(), "sleep", {I(-1)}); }),
                 std::string("ValueError: sleep length must be non-negative"));
        QCOMPARE(raised([&] { method(run.time.get(), "sleep", {newStr("a")}); }),
                 std::string("TypeError: 'str' object cannot be interpreted as an integer"));
    }

    // python3 -c "import datetime as d; s=d.datetime(2021,6,18,15,29,33); print(s+d.timedelta(days=20, hours=10), repr(s),
    //   s.isoformat(), s.isoformat(' ', 'minutes'), s.strftime('%Y/%m/%d %H-%M-%S %a %j'), s.timestamp(), s.weekday());
    //   print(repr(d.date(2021,6,18) + d.timedelta(days=13, hours=30)), d.date(2021,12,25) - d.date(2021,6,18),
    //   d.date(2021,6,18).isoformat(), d.date(2021,6,18).strftime('%d %B %Y'), repr(s.date()), repr(s.replace(hour=1)), s.ctime())"
    void datetimeMethods()
    {
        Run run;
        Ref<Object> dtCls = run.cls("datetime");
        Ref<Object> tdCls = run.cls("timedelta");
        Ref<Object> dateCls = run.cls("date");
        Ref<Object> s = call(dtCls.get(), {I(2021).get(), I(6).get(), I(18).get(), I(15).get(), I(29).get(), I(33).get()});
        Ref<Object> shift = callKw(tdCls.get(), {}, {{"days", I(20)}, {"hours", I(10)}});
        QCOMPARE(S(binaryOp(s.get(), shift.get(), BinaryOp::Add)), std::string("2021-07-09 01:29:33"));
        QCOMPARE(S(method(s.get(), "isoformat")), std::string("2021-06-18T15:29:33"));
        QCOMPARE(S(method(s.get(), "isoformat", {newStr(" "), newStr("minutes")})), std::string("2021-06-18 15:29"));
        QCOMPARE(S(method(s.get(), "strftime", {newStr("%Y/%m/%d %H-%M-%S %a %j")})), std::string("2021/06/18 15-29-33 Fri 169"));
        QCOMPARE(R(method(s.get(), "timestamp")), std::string("1624030173.0"));
        QCOMPARE(R(method(s.get(), "weekday")), std::string("4"));
        QCOMPARE(S(method(s.get(), "ctime")), std::string("Fri Jun 18 15:29:33 2021"));
        QCOMPARE(S(method(s.get(), "__format__", {newStr("%H:%M")})), std::string("15:29"));
        QCOMPARE(R(method(s.get(), "date")), std::string("datetime.date(2021, 6, 18)"));
        QCOMPARE(R(method(s.get(), "replace", {}, {{"hour", I(1)}})), std::string("datetime.datetime(2021, 6, 18, 1, 29, 33)"));
        QCOMPARE(R(getAttr(s.get(), "minute")), std::string("29"));

        Ref<Object> day = call(dateCls.get(), {I(2021).get(), I(6).get(), I(18).get()});
        Ref<Object> thirteen = callKw(tdCls.get(), {}, {{"days", I(13)}, {"hours", I(30)}});
        QCOMPARE(R(binaryOp(day.get(), thirteen.get(), BinaryOp::Add)), std::string("datetime.date(2021, 7, 2)"));
        Ref<Object> xmas = call(dateCls.get(), {I(2021).get(), I(12).get(), I(25).get()});
        QCOMPARE(S(binaryOp(xmas.get(), day.get(), BinaryOp::Sub)), std::string("190 days, 0:00:00"));
        QCOMPARE(S(method(day.get(), "isoformat")), std::string("2021-06-18"));
        QCOMPARE(S(day), std::string("2021-06-18"));
        QCOMPARE(S(method(day.get(), "strftime", {newStr("%d %B %Y")})), std::string("18 June 2021"));

        Ref<Object> later = call(dtCls.get(), {I(2021).get(), I(6).get(), I(18).get(), I(15).get(), I(29).get(), I(35).get()});
        QVERIFY(richCompareBool(s.get(), later.get(), CompareOp::Lt));
        Ref<Object> same = call(dtCls.get(), {I(2021).get(), I(6).get(), I(18).get(), I(15).get(), I(29).get(), I(33).get()});
        QVERIFY(equals(s.get(), same.get()));
        QVERIFY(!equals(s.get(), day.get()));
        // PYTHONHASHSEED=0 python3 -c "import datetime as d; print(hash(d.datetime(2021,6,18,15,29,33)),
        //   hash(d.date(2021,6,18)), hash(d.timedelta(1,2,3)))"
        QCOMPARE(hash(s.get()), int64_t(8578043932396681152));
        QCOMPARE(hash(day.get()), int64_t(-3544036711306629255));
        Ref<Object> td123 = call(tdCls.get(), {I(1).get(), I(2).get(), I(3).get()});
        QCOMPARE(hash(td123.get()), int64_t(529344067295497451));
    }

    // python3 -c "import datetime as d; print(d.timedelta(seconds=1.5, milliseconds=0.3), repr(d.timedelta(hours=1, minutes=-3)),
    //   d.timedelta(3)*1.5, d.timedelta(3)/7, d.timedelta(3)//7, d.timedelta(3)/d.timedelta(hours=5),
    //   d.timedelta(3)%d.timedelta(hours=5), d.timedelta(3)//d.timedelta(hours=5), repr(-d.timedelta(seconds=1)),
    //   d.timedelta(days=1, seconds=5).total_seconds(), repr(d.timedelta(0)))"
    void timedeltaArithmetic()
    {
        Run run;
        Ref<Object> td = run.cls("timedelta");
        QCOMPARE(S(callKw(td.get(), {}, {{"seconds", newFloat(1.5)}, {"milliseconds", newFloat(0.3)}})),
                 std::string("0:00:01.500300"));
        QCOMPARE(R(callKw(td.get(), {}, {{"hours", I(1)}, {"minutes", I(-3)}})), std::string("datetime.timedelta(seconds=3420)"));
        Ref<Object> three = call(td.get(), {I(3).get()});
        Ref<Object> fiveHours = callKw(td.get(), {}, {{"hours", I(5)}});
        QCOMPARE(S(binaryOp(three.get(), newFloat(1.5).get(), BinaryOp::Mul)), std::string("4 days, 12:00:00"));
        QCOMPARE(S(binaryOp(three.get(), I(7).get(), BinaryOp::TrueDiv)), std::string("10:17:08.571429"));
        QCOMPARE(S(binaryOp(three.get(), I(7).get(), BinaryOp::FloorDiv)), std::string("10:17:08.571428"));
        QCOMPARE(R(binaryOp(three.get(), fiveHours.get(), BinaryOp::TrueDiv)), std::string("14.4"));
        QCOMPARE(S(binaryOp(three.get(), fiveHours.get(), BinaryOp::Mod)), std::string("2:00:00"));
        QCOMPARE(R(binaryOp(three.get(), fiveHours.get(), BinaryOp::FloorDiv)), std::string("14"));
        Ref<Object> second = callKw(td.get(), {}, {{"seconds", I(1)}});
        QCOMPARE(R(unaryOp(second.get(), UnaryOp::Neg)), std::string("datetime.timedelta(days=-1, seconds=86399)"));
        Ref<Object> dayAnd5 = callKw(td.get(), {}, {{"days", I(1)}, {"seconds", I(5)}});
        QCOMPARE(R(method(dayAnd5.get(), "total_seconds")), std::string("86405.0"));
        QCOMPARE(R(call(td.get())), std::string("datetime.timedelta(0)"));
        QCOMPARE(raised([&] { binaryOp(three.get(), I(0).get(), BinaryOp::TrueDiv); }),
                 std::string("ZeroDivisionError: integer division or modulo by zero"));
        QCOMPARE(raised([&] { call(td.get(), {newStr("a").get()}); }),
                 std::string("TypeError: unsupported type for timedelta days component: str"));
    }

    // python3 -c "import datetime as d; d.datetime(2021,13,1)" and the other failures.
    void errors()
    {
        Run run;
        Ref<Object> dt = run.cls("datetime");
        Ref<Object> date = run.cls("date");
        Ref<Object> td = run.cls("timedelta");
        QCOMPARE(raised([&] { call(dt.get(), {newFloat(2021.0).get(), I(1).get(), I(1).get()}); }),
                 std::string("TypeError: 'float' object cannot be interpreted as an integer"));
        QCOMPARE(raised([&] { call(dt.get(), {I(2021).get(), I(13).get(), I(1).get()}); }),
                 std::string("ValueError: month must be in 1..12"));
        QCOMPARE(raised([&] { call(dt.get(), {I(2021).get(), I(2).get(), I(30).get()}); }),
                 std::string("ValueError: day is out of range for month"));
        QCOMPARE(raised([&] { call(dt.get(), {I(0).get(), I(1).get(), I(1).get()}); }),
                 std::string("ValueError: year 0 is out of range"));
        QCOMPARE(raised([&] { call(dt.get(), {I(2021).get(), I(1).get(), I(1).get(), I(24).get()}); }),
                 std::string("ValueError: hour must be in 0..23"));
        Ref<Object> a = call(dt.get(), {I(2021).get(), I(1).get(), I(1).get()});
        Ref<Object> b = call(date.get(), {I(2021).get(), I(1).get(), I(1).get()});
        QCOMPARE(raised([&] { richCompareBool(a.get(), b.get(), CompareOp::Lt); }),
                 std::string("TypeError: can't compare datetime.datetime to datetime.date"));
        Ref<Object> last = call(dt.get(), {I(9999).get(), I(12).get(), I(31).get()});
        Ref<Object> oneDay = call(td.get(), {I(1).get()});
        QCOMPARE(raised([&] { binaryOp(last.get(), oneDay.get(), BinaryOp::Add); }),
                 std::string("OverflowError: date value out of range"));
        QCOMPARE(raised([&] { callKw(dt.get(), {I(2021), I(1), I(1)}, {{"tzinfo", I(1)}}); }),
                 std::string("TypeError: tzinfo argument must be None or of a tzinfo subclass, not type 'int'"));
    }
};

QTEST_GUILESS_MAIN(TestStdlibDatetime)
#include "tst_stdlib_datetime.moc"
