// time's calendar side (gmtime, localtime, struct_time, strftime, asctime, ctime, mktime) with local time UTC.
// Each row is a program and the output python3 (3.11) printed for it with TZ=UTC; the argument-less
// forms read the run's virtual clock (2021-06-18 15:29:33 at clock 0), as tools/cpython_trace.py makes
// CPython do.
#include "program_testutil.h"

#include <QtTest>

using namespace loopscope;

class TestStdlibTime : public QObject {
    Q_OBJECT

private slots:
    void programs_data();
    void programs();
};

void TestStdlibTime::programs_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("struct time") << QString("import time\nt = time.gmtime(0)\nprint(t, t.tm_zone, t.tm_gmtoff, len(t), t[0], t[-1], t[3:6], type(t).__name__)\ny, m, d, *rest = t\nprint(y, m, d, rest, list(t) == [1970, 1, 1, 0, 0, 0, 3, 1, 0], t == (1970, 1, 1, 0, 0, 0, 3, 1, 0))\ns = time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0))\nprint(s, s.tm_zone, s.tm_wday, hash(s) == hash(tuple(s)))\nprint(time.gmtime(-1.5), time.gmtime(1.9).tm_sec, time.localtime(1624030173).tm_zone)\n")
                                << QString("time.struct_time(tm_year=1970, tm_mon=1, tm_mday=1, tm_hour=0, tm_min=0, tm_sec=0, tm_wday=3, tm_yday=1, tm_isdst=0) GMT 0 9 1970 0 (0, 0, 0) struct_time\n1970 1 1 [0, 0, 0, 3, 1, 0] True True\ntime.struct_time(tm_year=2020, tm_mon=1, tm_mday=2, tm_hour=3, tm_min=4, tm_sec=5, tm_wday=6, tm_yday=7, tm_isdst=0) None 6 True\ntime.struct_time(tm_year=1969, tm_mon=12, tm_mday=31, tm_hour=23, tm_min=59, tm_sec=58, tm_wday=2, tm_yday=365, tm_isdst=0) 1 UTC\n");
    QTest::newRow("strftime") << QString("import time\nt = time.gmtime(1700000000)\nprint(time.strftime('%Y-%m-%d %H:%M:%S %Z %z %a %A %b %B %j %%', t))\nprint(time.strftime('%c | %x | %X | %I %p | %e %y', t))\nprint(time.strftime('%Z %z', time.localtime(0)), time.strftime('%U %W %w', time.gmtime(1600000000)))\nprint(time.strftime('%H:%M', (2021, 6, 18, 15, 29, 33, 4, 169, 0)))\n")
                                << QString("2023-11-14 22:13:20 GMT +0000 Tue Tuesday Nov November 318 %\nTue Nov 14 22:13:20 2023 | 11/14/23 | 22:13:20 | 10 PM | 14 23\nUTC +0000 37 36 0\n15:29\n");
    QTest::newRow("asctime mktime") << QString("import time\nprint(time.asctime(time.gmtime(86400 * 365)), time.ctime(1e9), repr(time.asctime((2020, 1, 2, 3, 4, 5, 6, 7, 0))))\nprint(time.mktime(time.localtime(1624030173)), time.mktime((2021, 14, 40, 25, 0, 0, 0, 0, 0)))\nprint(all(time.mktime(time.localtime(x)) == x for x in range(0, 10 ** 9, 12345677)))\n")
                                << QString("Fri Jan  1 00:00:00 1971 Sun Sep  9 01:46:40 2001 'Sun Jan  2 03:04:05 2020'\n1624030173.0 1647133200.0\nTrue\n");
    QTest::newRow("virtual clock") << QString("import time\nprint(time.strftime('%Y-%m-%d %H:%M:%S'), time.ctime(), time.localtime().tm_yday, time.gmtime().tm_hour)\ntime.sleep(90.5)\nprint(time.strftime('%H:%M:%S'), time.asctime())\n")
                                << QString("2021-06-18 15:29:33 Fri Jun 18 15:29:33 2021 169 15\n15:31:03 Fri Jun 18 15:31:03 2021\n");
}

void TestStdlibTime::programs()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    testutil::verifyPrints(source, expected);
}

QTEST_GUILESS_MAIN(TestStdlibTime)
#include "tst_stdlib_time.moc"
