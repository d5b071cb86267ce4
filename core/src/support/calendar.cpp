#include "support/calendar.h"

#include "support/utf8.h"

#include <cmath>
#include <cstdio>

namespace loopscope::support {

namespace {

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;
constexpr int64_t kOrdinalOfEpoch = 719163; // date(1970, 1, 1).toordinal()

const char* const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonthNames[] = {"January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};

int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

std::string format(const char* fmt, long long a, long long b = 0, long long c = 0)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, a, b, c);
    return buf;
}

} // namespace

int64_t daysFromCivil(int64_t year, int month, int day)
{
    // Howard Hinnant's algorithm: eras of 400 years starting on March 1st.
    year -= month <= 2;
    const int64_t era = floorDiv(year, 400);
    const int64_t yoe = year - era * 400;
    const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void civilFromDays(int64_t days, int64_t& year, int& month, int& day)
{
    days += 719468;
    const int64_t era = floorDiv(days, 146097);
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    year = yoe + era * 400 + (month <= 2);
}

bool isLeapYear(int64_t year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int daysInMonth(int64_t year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

TimeDelta TimeDelta::fromMicroseconds(int64_t us)
{
    TimeDelta d;
    d.days = floorDiv(us, kUsPerDay);
    int64_t rest = us - d.days * kUsPerDay;
    d.seconds = rest / kUsPerSecond;
    d.microseconds = rest % kUsPerSecond;
    return d;
}

TimeDelta TimeDelta::fromSeconds(double seconds)
{
    // CPython: whole seconds and whole microseconds exactly, the leftover fraction rounded half to even.
    double intPart = 0;
    double frac = std::modf(seconds, &intPart);
    int64_t us = static_cast<int64_t>(intPart) * kUsPerSecond;
    double leftover = 0;
    if (frac != 0.0) {
        double usPart = 0;
        leftover = std::modf(frac * 1e6, &usPart);
        us += static_cast<int64_t>(usPart);
    }
    if (leftover != 0.0) {
        double whole = std::round(leftover);
        if (std::fabs(whole - leftover) == 0.5) {
            const int odd = static_cast<int>(us & 1);
            whole = 2.0 * std::round((leftover + odd) * 0.5) - odd;
        }
        us += static_cast<int64_t>(whole);
    }
    return fromMicroseconds(us);
}

int64_t TimeDelta::totalMicroseconds() const
{
    return days * kUsPerDay + seconds * kUsPerSecond + microseconds;
}

double TimeDelta::totalSeconds() const
{
    return static_cast<double>(totalMicroseconds()) / 1e6;
}

std::string TimeDelta::str() const
{
    std::string out;
    if (days)
        out = std::to_string(days) + (days == 1 || days == -1 ? " day, " : " days, ");
    out += format("%lld:%02lld:%02lld", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if (microseconds)
        out += format(".%06lld", microseconds);
    return out;
}

std::string TimeDelta::repr() const
{
    std::string args;
    auto add = [&](const char* name, int64_t v) {
        if (!v)
            return;
        if (!args.empty())
            args += ", ";
        args += std::string(name) + "=" + std::to_string(v);
    };
    add("days", days);
    add("seconds", seconds);
    add("microseconds", microseconds);
    return "datetime.timedelta(" + (args.empty() ? std::string("0") : args) + ")";
}

int64_t DateTime::epochMicroseconds() const
{
    const int64_t d = daysFromCivil(year, month, day);
    return d * kUsPerDay + ((hour * 60 + minute) * 60 + second) * kUsPerSecond + microsecond;
}

DateTime DateTime::fromEpochMicroseconds(int64_t us)
{
    DateTime dt;
    const int64_t d = floorDiv(us, kUsPerDay);
    int64_t rest = us - d * kUsPerDay;
    civilFromDays(d, dt.year, dt.month, dt.day);
    dt.microsecond = static_cast<int>(rest % kUsPerSecond);
    rest /= kUsPerSecond;
    dt.second = static_cast<int>(rest % 60);
    dt.minute = static_cast<int>((rest / 60) % 60);
    dt.hour = static_cast<int>(rest / 3600);
    return dt;
}

DateTime DateTime::addMicroseconds(int64_t us) const
{
    return fromEpochMicroseconds(epochMicroseconds() + us);
}

DateTime DateTime::add(const TimeDelta& delta) const
{
    return addMicroseconds(delta.totalMicroseconds());
}

TimeDelta DateTime::operator-(const DateTime& other) const
{
    return TimeDelta::fromMicroseconds(epochMicroseconds() - other.epochMicroseconds());
}

int64_t DateTime::toordinal() const
{
    return daysFromCivil(year, month, day) + kOrdinalOfEpoch;
}

int DateTime::weekday() const
{
    return static_cast<int>((toordinal() + 6) % 7);
}

int DateTime::isoweekday() const
{
    return weekday() + 1;
}

int DateTime::yearDay() const
{
    return static_cast<int>(daysFromCivil(year, month, day) - daysFromCivil(year, 1, 1) + 1);
}

double DateTime::timestamp() const
{
    // CPython: (self - epoch) / timedelta(seconds=1), a correctly rounded int division.
    return static_cast<double>(epochMicroseconds()) / 1e6;
}

std::string DateTime::str() const
{
    return *isoformat(' ');
}

std::string DateTime::repr() const
{
    std::string out = "datetime.datetime(" + std::to_string(year) + ", " + std::to_string(month) + ", "
        + std::to_string(day) + ", " + std::to_string(hour) + ", " + std::to_string(minute);
    if (second || microsecond)
        out += ", " + std::to_string(second);
    if (microsecond)
        out += ", " + std::to_string(microsecond);
    return out + ")";
}

std::optional<std::string> DateTime::isoformat(char32_t sep, std::string_view timespec) const
{
    std::string out = format("%04lld-%02lld-%02lld", year, month, day);
    detail::appendUtf8(out, sep);
    if (timespec == "auto")
        timespec = microsecond ? "microseconds" : "seconds";
    if (timespec == "hours")
        out += format("%02lld", hour);
    else if (timespec == "minutes")
        out += format("%02lld:%02lld", hour, minute);
    else if (timespec == "seconds")
        out += format("%02lld:%02lld:%02lld", hour, minute, second);
    else if (timespec == "milliseconds")
        out += format("%02lld:%02lld:%02lld", hour, minute, second) + format(".%03lld", microsecond / 1000);
    else if (timespec == "microseconds")
        out += format("%02lld:%02lld:%02lld", hour, minute, second) + format(".%06lld", microsecond);
    else
        return std::nullopt;
    return out;
}

std::string DateTime::strftime(std::string_view fmt) const
{
    std::string out;
    const int wd = weekday();
    const int sundayBased = (wd + 1) % 7; // %w: Sunday is 0
    const int yday = yearDay() - 1;
    const int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    for (size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%' || i + 1 == fmt.size()) {
            out += fmt[i];
            continue;
        }
        const char c = fmt[++i];
        switch (c) {
        case 'a': out += std::string(kDayNames[wd], 3); break;
        case 'A': out += kDayNames[wd]; break;
        case 'b': case 'h': out += std::string(kMonthNames[month - 1], 3); break;
        case 'B': out += kMonthNames[month - 1]; break;
        case 'c': out += strftime("%a %b %e %H:%M:%S %Y"); break;
        case 'd': out += format("%02lld", day); break;
        case 'e': out += format("%2lld", day); break;
        case 'f': out += format("%06lld", microsecond); break;
        case 'H': out += format("%02lld", hour); break;
        case 'I': out += format("%02lld", hour12); break;
        case 'j': out += format("%03lld", yday + 1); break;
        case 'm': out += format("%02lld", month); break;
        case 'M': out += format("%02lld", minute); break;
        case 'p': out += hour < 12 ? "AM" : "PM"; break;
        case 'S': out += format("%02lld", second); break;
        case 'U': out += format("%02lld", (yday + 7 - sundayBased) / 7); break;
        case 'W': out += format("%02lld", (yday + 7 - wd) / 7); break;
        case 'w': out += std::to_string(sundayBased); break;
        case 'u': out += std::to_string(wd + 1); break;
        case 'x': out += strftime("%m/%d/%y"); break;
        case 'X': case 'T': out += strftime("%H:%M:%S"); break;
        case 'D': out += strftime("%m/%d/%y"); break;
        case 'F': out += strftime("%Y-%m-%d"); break;
        case 'R': out += strftime("%H:%M"); break;
        case 'y': out += format("%02lld", ((year % 100) + 100) % 100); break;
        case 'Y': out += std::to_string(year); break;
        case 'z': case 'Z': break; // naive datetimes have no offset or zone name
        case '%': out += '%'; break;
        default:
            out += '%';
            out += c;
            break;
        }
    }
    return out;
}

DateTime virtualNow(double clock)
{
    return kVirtualEpoch.add(TimeDelta::fromSeconds(clock));
}

double virtualTime(double clock)
{
    return kVirtualEpochTimestamp + clock;
}

} // namespace loopscope::support
