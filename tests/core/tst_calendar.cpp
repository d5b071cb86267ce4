// Facts about CPython 3.11's datetime and the virtual calendar of TRACE.md, recorded by running python3.
#include <QtTest>

#include <string>

#include "support/calendar.h"

using namespace loopscope::support;

namespace {

struct NowCase {
    double clock;
    const char* str;
    const char* isoformat;
    double time;
};

// python3 -c "import datetime; b = datetime.datetime(2021,6,18,15,29,33);
//   for c in CLOCKS: d = b + datetime.timedelta(seconds=c); print(c.hex(), str(d), d.isoformat(), (1624030173.0 + c).hex())"
const NowCase kNowCases[] = {
        {0x0.0p+0, "2021-06-18 15:29:33", "2021-06-18T15:29:33", 0x1.8332ef7400000p+30},
        {0x1.0000000000000p+0, "2021-06-18 15:29:34", "2021-06-18T15:29:34", 0x1.8332ef7800000p+30},
        {0x1.3b2b2bfdb4cc2p+1, "2021-06-18 15:29:35.462255", "2021-06-18T15:29:35.462255", 0x1.8332ef7dd9596p+30},
        {0x1.0000000000000p-1, "2021-06-18 15:29:33.500000", "2021-06-18T15:29:33.500000", 0x1.8332ef7600000p+30},
        {0x1.ad7f29abcaf48p-24, "2021-06-18 15:29:33", "2021-06-18T15:29:33", 0x1.8332ef7400000p+30},
        {0x1.0c6f7a0b5ed8dp-21, "2021-06-18 15:29:33", "2021-06-18T15:29:33", 0x1.8332ef7400002p+30},
        {0x1.92a737110e454p-20, "2021-06-18 15:29:33.000002", "2021-06-18T15:29:33.000002", 0x1.8332ef7400006p+30},
        {0x1.4f8b588e368f1p-19, "2021-06-18 15:29:33.000002", "2021-06-18T15:29:33.000002", 0x1.8332ef740000ap+30},
        {0x1.999999999999ap-4, "2021-06-18 15:29:33.100000", "2021-06-18T15:29:33.100000", 0x1.8332ef7466666p+30},
        {0x1.3333333333334p-2, "2021-06-18 15:29:33.300000", "2021-06-18T15:29:33.300000", 0x1.8332ef7533333p+30},
        {0x1.5180000000000p+16, "2021-06-19 15:29:33", "2021-06-19T15:29:33", 0x1.8338357400000p+30},
        {0x1.07ac002000000p+25, "2022-07-23 15:29:33.250000", "2022-07-23T15:29:33.250000", 0x1.8b704f7500000p+30},
        {0x1.de20000000000p+14, "2021-06-18 23:59:33", "2021-06-18T23:59:33", 0x1.8334cd9400000p+30},
        {0x1.12e0be826d695p-30, "2021-06-18 15:29:33", "2021-06-18T15:29:33", 0x1.8332ef7400000p+30},
        {0x1.92a737110e454p-20, "2021-06-18 15:29:33.000002", "2021-06-18T15:29:33.000002", 0x1.8332ef7400006p+30},
        {0x1.edd3c0a06e9ffp+6, "2021-06-18 15:31:36.456789", "2021-06-18T15:31:36.456789", 0x1.8332f161d3c0ap+30},
        {0x1.ffffef39085f5p-1, "2021-06-18 15:29:34", "2021-06-18T15:29:34", 0x1.8332ef77ffffep+30},
        {0x1.dfffffbb8c889p+5, "2021-06-18 15:30:32.999999", "2021-06-18T15:30:32.999999", 0x1.8332f063ffffep+30},
        {0x1.2d687000010c7p+20, "2021-07-02 22:25:40.000001", "2021-07-02T22:25:40.000001", 0x1.837e499000004p+30},
};

struct DeltaCase {
    int64_t microseconds;
    const char* str;
    const char* repr;
    double totalSeconds;
};

// python3 -c "import datetime; for us in US: t = datetime.timedelta(microseconds=us); print(us, str(t), repr(t), t.total_seconds().hex())"
const DeltaCase kDeltaCases[] = {
        {0LL, "0:00:00", "datetime.timedelta(0)", 0x0.0p+0},
        {2000000LL, "0:00:02", "datetime.timedelta(seconds=2)", 0x1.0000000000000p+1},
        {86400500000LL, "1 day, 0:00:00.500000", "datetime.timedelta(days=1, microseconds=500000)", 0x1.5180800000000p+16},
        {-1000000LL, "-1 day, 23:59:59", "datetime.timedelta(days=-1, seconds=86399)", -0x1.0000000000000p+0},
        {-1LL, "-1 day, 23:59:59.999999", "datetime.timedelta(days=-1, seconds=86399, microseconds=999999)", -0x1.0c6f7a0b5ed8dp-20},
        {90061000001LL, "1 day, 1:01:01.000001", "datetime.timedelta(days=1, seconds=3661, microseconds=1)", 0x1.5fcd000010c6fp+16},
        {-259200000005LL, "-4 days, 23:59:59.999995", "datetime.timedelta(days=-4, seconds=86399, microseconds=999995)", -0x1.fa40000029f17p+17},
        {172800000000LL, "2 days, 0:00:00", "datetime.timedelta(days=2)", 0x1.5180000000000p+17},
        {90000000007LL, "1 day, 1:00:00.000007", "datetime.timedelta(days=1, seconds=3600, microseconds=7)", 0x1.5f9000007570cp+16},
};

struct SecondsCase {
    double seconds;
    int64_t microseconds;
};

// python3 -c "import datetime; for s in S: print(s.hex(), datetime.timedelta(seconds=s) // datetime.timedelta(microseconds=1))"
const SecondsCase kSecondsCases[] = {
        {0x1.0000000000000p-1, 500000LL},
        {0x1.0c6f7a0b5ed8dp-20, 1LL},
        {0x1.0c6f7a0b5ed8dp-21, 0LL},
        {0x1.92a737110e454p-20, 2LL},
        {0x1.4f8b588e368f1p-19, 2LL},
        {-0x1.0000000000000p-1, -500000LL},
        {-0x1.4f8b588e368f1p-19, -2LL},
        {0x1.000008637bd06p+0, 1000001LL},
        {0x1.fffffbce4217dp+1, 3999999LL},
        {0x1.81cd6e63c53b2p+13, 12345678901LL},
        {-0x1.ad7f29abcaf48p-24, 0LL},
        {0x1.999999999999ap-4, 100000LL},
        {0x1.517ffffff94a0p+16, 86400000000LL},
};

struct StrftimeCase {
    DateTime dt;
    const char* strftime;
    const char* isoMilliseconds;
    const char* isoMinutes;
    const char* repr;
    int weekday;
    int64_t ordinal;
};

// python3 -c "import datetime; for d in DATES: print(d.strftime(FMT), d.isoformat(' ', 'milliseconds'),
//   d.isoformat('T', 'minutes'), repr(d), d.weekday(), d.toordinal())"
const char* const kFormat = "%Y-%m-%d %H:%M:%S.%f|%j|%a %A|%b %B|%y|%p %I|%%|%w %u %U %W|%c|%x %X|%e|%F %T %D %R|%zZ%Z";
const StrftimeCase kStrftimeCases[] = {
        {{2021, 6, 18, 15, 29, 33, 0}, "2021-06-18 15:29:33.000000|169|Fri Friday|Jun June|21|PM 03|%|5 5 24 24|Fri Jun 18 15:29:33 2021|06/18/21 15:29:33|18|2021-06-18 15:29:33 06/18/21 15:29|Z", "2021-06-18 15:29:33.000", "2021-06-18T15:29", "datetime.datetime(2021, 6, 18, 15, 29, 33)", 4, 737959},
        {{2021, 1, 1, 0, 5, 9, 12}, "2021-01-01 00:05:09.000012|001|Fri Friday|Jan January|21|AM 12|%|5 5 00 00|Fri Jan  1 00:05:09 2021|01/01/21 00:05:09| 1|2021-01-01 00:05:09 01/01/21 00:05|Z", "2021-01-01 00:05:09.000", "2021-01-01T00:05", "datetime.datetime(2021, 1, 1, 0, 5, 9, 12)", 4, 737791},
        {{2000, 2, 29, 12, 0, 0, 999999}, "2000-02-29 12:00:00.999999|060|Tue Tuesday|Feb February|00|PM 12|%|2 2 09 09|Tue Feb 29 12:00:00 2000|02/29/00 12:00:00|29|2000-02-29 12:00:00 02/29/00 12:00|Z", "2000-02-29 12:00:00.999", "2000-02-29T12:00", "datetime.datetime(2000, 2, 29, 12, 0, 0, 999999)", 1, 730179},
        {{1999, 12, 31, 23, 59, 59, 0}, "1999-12-31 23:59:59.000000|365|Fri Friday|Dec December|99|PM 11|%|5 5 52 52|Fri Dec 31 23:59:59 1999|12/31/99 23:59:59|31|1999-12-31 23:59:59 12/31/99 23:59|Z", "1999-12-31 23:59:59.000", "1999-12-31T23:59", "datetime.datetime(1999, 12, 31, 23, 59, 59)", 4, 730119},
        {{2024, 3, 3, 7, 8, 9, 450000}, "2024-03-03 07:08:09.450000|063|Sun Sunday|Mar March|24|AM 07|%|0 7 09 09|Sun Mar  3 07:08:09 2024|03/03/24 07:08:09| 3|2024-03-03 07:08:09 03/03/24 07:08|Z", "2024-03-03 07:08:09.450", "2024-03-03T07:08", "datetime.datetime(2024, 3, 3, 7, 8, 9, 450000)", 6, 738948},
};

} // namespace

class TestCalendar : public QObject {
    Q_OBJECT
private slots:
    void virtualNowAndTime()
    {
        for (const auto& c : kNowCases) {
            const DateTime now = virtualNow(c.clock);
            QCOMPARE(now.str(), std::string(c.str));
            QCOMPARE(*now.isoformat(), std::string(c.isoformat));
            QCOMPARE(virtualTime(c.clock), c.time);
        }
        QCOMPARE(kVirtualEpoch.timestamp(), kVirtualEpochTimestamp);
    }

    void timedeltaText()
    {
        for (const auto& c : kDeltaCases) {
            const TimeDelta t = TimeDelta::fromMicroseconds(c.microseconds);
            QCOMPARE(t.str(), std::string(c.str));
            QCOMPARE(t.repr(), std::string(c.repr));
            QCOMPARE(t.totalSeconds(), c.totalSeconds);
            QCOMPARE(t.totalMicroseconds(), c.microseconds);
        }
    }

    void timedeltaFromFloatSecondsRoundsHalfEven()
    {
        for (const auto& c : kSecondsCases)
            QCOMPARE(TimeDelta::fromSeconds(c.seconds).totalMicroseconds(), c.microseconds);
    }

    void strftimeIsoformatRepr()
    {
        for (const auto& c : kStrftimeCases) {
            QCOMPARE(c.dt.strftime(kFormat), std::string(c.strftime));
            QCOMPARE(*c.dt.isoformat(' ', "milliseconds"), std::string(c.isoMilliseconds));
            QCOMPARE(*c.dt.isoformat('T', "minutes"), std::string(c.isoMinutes));
            QCOMPARE(c.dt.repr(), std::string(c.repr));
            QCOMPARE(c.dt.weekday(), c.weekday);
            QCOMPARE(c.dt.toordinal(), c.ordinal);
        }
        // python3 -c "import datetime; datetime.datetime(2021,1,1).isoformat(timespec='weeks')" -> ValueError
        QVERIFY(!kVirtualEpoch.isoformat('T', "weeks"));
        // python3 -c "import datetime; print(datetime.datetime(2021,6,18,15,29,33).isoformat(timespec='hours'))"
        QCOMPARE(*kVirtualEpoch.isoformat('T', "hours"), std::string("2021-06-18T15"));
    }

    void civilDaysRoundTrip()
    {
        // python3 -c "import datetime; print(datetime.date(1,1,1).toordinal(), datetime.date(9999,12,31).toordinal())"
        QCOMPARE((DateTime{1, 1, 1}).toordinal(), int64_t(1));
        QCOMPARE((DateTime{9999, 12, 31}).toordinal(), int64_t(3652059));
        for (int64_t days = -800000; days < 3000000; days += 997) {
            int64_t y = 0;
            int m = 0, d = 0;
            civilFromDays(days, y, m, d);
            QCOMPARE(daysFromCivil(y, m, d), days);
            QVERIFY(d >= 1 && d <= daysInMonth(y, m));
        }
        // python3 -c "import datetime; print(datetime.datetime(2021,6,18) - datetime.datetime(2020,2,29,12))"
        QCOMPARE((DateTime{2021, 6, 18} - DateTime{2020, 2, 29, 12}).str(), std::string("474 days, 12:00:00"));
    }
};

QTEST_GUILESS_MAIN(TestCalendar)
#include "tst_calendar.moc"
