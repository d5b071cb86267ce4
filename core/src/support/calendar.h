#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loopscope::support {

/// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t daysFromCivil(int64_t year, int month, int day);
/// The date that is `days` days after 1970-01-01.
void civilFromDays(int64_t days, int64_t& year, int& month, int& day);
/// True for Gregorian leap years.
bool isLeapYear(int64_t year);
/// Number of days in a month of a year.
int daysInMonth(int64_t year, int month);

/// datetime.timedelta, normalized as Python keeps it: 0 <= seconds < 86400, 0 <= microseconds < 10**6.
struct TimeDelta {
    int64_t days = 0;
    int64_t seconds = 0;
    int64_t microseconds = 0;

    /// timedelta(microseconds=us).
    static TimeDelta fromMicroseconds(int64_t us);
    /// timedelta(seconds=s) for a float, rounding the microseconds half to even as CPython does.
    static TimeDelta fromSeconds(double seconds);
    /// days * 86400 * 10**6 + seconds * 10**6 + microseconds.
    int64_t totalMicroseconds() const;
    /// timedelta.total_seconds().
    double totalSeconds() const;
    /// str(timedelta): "0:00:02", "1 day, 0:00:00.500000", "-1 day, 23:59:59".
    std::string str() const;
    /// repr(timedelta): "datetime.timedelta(days=1, seconds=5)", "datetime.timedelta(0)".
    std::string repr() const;
    bool operator==(const TimeDelta&) const = default;
};

/// A naive datetime.datetime.
struct DateTime {
    int64_t year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int microsecond = 0;

    /// Microseconds since 1970-01-01 00:00:00 (the naive instant read as UTC).
    int64_t epochMicroseconds() const;
    /// The datetime `us` microseconds after 1970-01-01 00:00:00.
    static DateTime fromEpochMicroseconds(int64_t us);
    /// self + timedelta(microseconds=us).
    DateTime addMicroseconds(int64_t us) const;
    /// self + delta.
    DateTime add(const TimeDelta& delta) const;
    /// self - other.
    TimeDelta operator-(const DateTime& other) const;
    /// date.toordinal(): 0001-01-01 is day 1.
    int64_t toordinal() const;
    /// Monday is 0.
    int weekday() const;
    /// Monday is 1.
    int isoweekday() const;
    /// Day of the year, 1-based.
    int yearDay() const;
    /// The POSIX timestamp of the naive instant read as UTC.
    double timestamp() const;
    /// str(datetime): "2021-06-18 15:29:33" or "2021-06-18 15:29:35.462255".
    std::string str() const;
    /// repr(datetime): "datetime.datetime(2021, 6, 18, 15, 29, 33)".
    std::string repr() const;
    /// isoformat(sep, timespec); nullopt for an unknown timespec (ValueError "Unknown timespec value").
    std::optional<std::string> isoformat(char32_t sep = 'T', std::string_view timespec = "auto") const;
    /// strftime in the C locale: %a %A %b %B %c %d %e %f %H %I %j %m %M %p %S %U %w %W %x %X %y %Y %% (and %z %Z empty).
    std::string strftime(std::string_view format) const;
    bool operator==(const DateTime&) const = default;
};

/// The instant TRACE.md starts every run at: 2021-06-18 15:29:33.
constexpr DateTime kVirtualEpoch{2021, 6, 18, 15, 29, 33, 0};
/// time.time() at loop clock 0: kVirtualEpoch as a POSIX timestamp.
constexpr double kVirtualEpochTimestamp = 1624030173.0;

/// datetime.datetime.now() at loop clock `clock`: kVirtualEpoch + timedelta(seconds=clock).
DateTime virtualNow(double clock);
/// time.time() at loop clock `clock`.
double virtualTime(double clock);

} // namespace loopscope::support
