// The datetime module: naive date, datetime and timedelta on the virtual calendar
// (support/calendar.h). datetime.now() is the calendar's origin plus the run's clock.
// Arithmetic is done in 128-bit microseconds so the whole timedelta range is exact.

#include "stdlib/stdlibutil.h"
#include "support/calendar.h"

#include <loopscope/runtime/heap.h>
#include <loopscope/stdlib/modules.h>

#include <cmath>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;
using support::DateTime;
using support::TimeDelta;

namespace {

using i128 = __int128;

constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kUsPerDay = 86400 * kUsPerSecond;
constexpr int64_t kMaxDeltaDays = 999999999;

class TimedeltaObject : public Object {
public:
    TimedeltaObject(TypeObject* type, TimeDelta td)
        : Object(type)
        , td(td)
    {
    }
    TimeDelta td;
};

/// date and datetime share one layout; a date ignores the time fields (they stay 0).
class DateTimeObject : public Object {
public:
    DateTimeObject(TypeObject* type, DateTime dt)
        : Object(type)
        , dt(dt)
    {
    }
    DateTime dt;
};

TypeObject* timedeltaType();
TypeObject* dateType();
TypeObject* datetimeType();
TypeObject* timeType();

bool isTimedelta(const Object* o)
{
    return o->type()->isSubtypeOf(timedeltaType());
}

bool isDate(const Object* o) ///< date or datetime
{
    return o->type()->isSubtypeOf(dateType());
}

bool isDateTime(const Object* o)
{
    return o->type()->isSubtypeOf(datetimeType());
}

const TimeDelta& tdOf(Object* o)
{
    return static_cast<TimedeltaObject*>(o)->td;
}

const DateTime& dtOf(Object* o)
{
    return static_cast<DateTimeObject*>(o)->dt;
}

/// The name CPython prints for our types ("datetime.timedelta"), or a subclass's own name.
std::string shownName(const Object* o, TypeObject* base)
{
    return o->type() == base ? "datetime." + base->name() : o->type()->name();
}

// ---------------------------------------------------------------------------------------------
// Microsecond arithmetic

i128 usOf(const TimeDelta& td)
{
    return static_cast<i128>(td.days) * kUsPerDay + static_cast<i128>(td.seconds) * kUsPerSecond + td.microseconds;
}

i128 floorDiv(i128 a, i128 b)
{
    i128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

/// a / b rounded half to even (CPython's divide_nearest).
i128 divideNearest(i128 a, i128 b)
{
    i128 q = floorDiv(a, b);
    const i128 r = a - q * b;
    // Compare 2r with b, on b's side of zero.
    const i128 twice = 2 * r;
    const bool greater = b > 0 ? twice > b : twice < b;
    const bool equal = twice == b;
    if (greater || (equal && (q & 1))) ++q;
    return q;
}

TimeDelta deltaFromUs(i128 us)
{
    const i128 days = floorDiv(us, kUsPerDay);
    if (days > kMaxDeltaDays || days < -kMaxDeltaDays)
        raise(types().OverflowError, "days=" + std::to_string(static_cast<int64_t>(days))
                                             + "; must have magnitude <= 999999999");
    const i128 rest = us - days * kUsPerDay;
    TimeDelta td;
    td.days = static_cast<int64_t>(days);
    td.seconds = static_cast<int64_t>(rest / kUsPerSecond);
    td.microseconds = static_cast<int64_t>(rest % kUsPerSecond);
    return td;
}

Ref<Object> newTimedelta(const TimeDelta& td, TypeObject* type = nullptr)
{
    return newNativeInstance<TimedeltaObject>(type ? type : timedeltaType(), td);
}

const DateTime kMinDateTime {1, 1, 1, 0, 0, 0, 0};
const DateTime kMaxDateTime {9999, 12, 31, 23, 59, 59, 999999};

/// The datetime `us` microseconds after the epoch, or OverflowError outside years 1..9999.
DateTime dateTimeFromUs(i128 us)
{
    if (us < kMinDateTime.epochMicroseconds() || us > kMaxDateTime.epochMicroseconds())
        raise(types().OverflowError, "date value out of range");
    return DateTime::fromEpochMicroseconds(static_cast<int64_t>(us));
}

Ref<Object> newDate(const DateTime& dt, TypeObject* type = nullptr)
{
    DateTime d {dt.year, dt.month, dt.day, 0, 0, 0, 0};
    return newNativeInstance<DateTimeObject>(type ? type : dateType(), d);
}

Ref<Object> newDateTime(const DateTime& dt, TypeObject* type = nullptr)
{
    return newNativeInstance<DateTimeObject>(type ? type : datetimeType(), dt);
}

/// The class a classmethod was called on, if it has our layout; else the default type.
TypeObject* targetType(Object* cls, TypeObject* fallback)
{
    if (cls && cls->type()->isSubtypeOf(types().type) && static_cast<TypeObject*>(cls)->isSubtypeOf(fallback))
        return static_cast<TypeObject*>(cls);
    return fallback;
}

double virtualClock()
{
    return contextForCurrentHeap().clock->now();
}

void rejectTzinfo(Object* tz)
{
    if (tz && tz != None())
        raise(types().TypeError, "tzinfo argument must be None or of a tzinfo subclass, not type '" + typeName(tz) + "'");
}

// ---------------------------------------------------------------------------------------------
// timedelta

/// timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)
Ref<Object> timedeltaNew(TypeObject* type, CallArgs args)
{
    Object* a[7] = {};
    parseArgs("timedelta", args, {"days=", "seconds=", "microseconds=", "milliseconds=", "minutes=", "hours=", "weeks="},
              a);
    static constexpr const char* kNames[] = {"days", "seconds", "microseconds", "milliseconds", "minutes", "hours",
                                             "weeks"};
    static constexpr int64_t kFactor[] = {kUsPerDay, kUsPerSecond, 1, 1000, 60 * kUsPerSecond, 3600 * kUsPerSecond,
                                          7 * kUsPerDay};
    i128 whole = 0;
    double leftover = 0.0; // fractions of a microsecond from float components
    for (int i = 0; i < 7; ++i) {
        Object* v = a[i];
        if (!v) continue;
        if (isInt(v)) {
            int64_t n = 0;
            if (!intFits(v, n)) raise(types().OverflowError, "Python int too large to convert to C int");
            whole += static_cast<i128>(n) * kFactor[i];
        } else if (isFloat(v)) {
            const double x = floatValue(v);
            if (!std::isfinite(x)) raise(types().OverflowError, "cannot convert float " + std::string(std::isnan(x) ? "NaN" : "infinity") + " to integer");
            double intPart = 0;
            const double frac = std::modf(x, &intPart);
            if (std::fabs(intPart) > 1e18) raise(types().OverflowError, "Python int too large to convert to C int");
            whole += static_cast<i128>(static_cast<int64_t>(intPart)) * kFactor[i];
            double usWhole = 0;
            const double usFrac = std::modf(frac * static_cast<double>(kFactor[i]), &usWhole);
            whole += static_cast<int64_t>(usWhole);
            leftover += usFrac;
        } else {
            raise(types().TypeError, std::string("unsupported type for timedelta ") + kNames[i] + " component: "
                                             + typeName(v));
        }
    }
    if (leftover != 0.0) {
        double intPart = 0;
        const double frac = std::modf(leftover, &intPart);
        whole += static_cast<int64_t>(intPart);
        double r = std::round(frac);
        if (std::fabs(frac) == 0.5 && (whole & 1) == 0) r = 0.0; // half to even
        whole += static_cast<int64_t>(r);
    }
    return newTimedelta(deltaFromUs(whole), type);
}

Ref<Object> timedeltaRepr(Object* self)
{
    std::string text = tdOf(self).repr();
    if (self->type() != timedeltaType()) text = self->type()->name() + text.substr(text.find('('));
    return newStr(text);
}

Ref<Object> timedeltaStr(Object* self)
{
    return newStr(tdOf(self).str());
}

int64_t timedeltaHash(Object* self)
{
    const TimeDelta& td = tdOf(self);
    Ref<Object> state[] = {newInt(td.days), newInt(td.seconds), newInt(td.microseconds)};
    return hashTupleItems(state);
}

bool timedeltaBool(Object* self)
{
    return usOf(tdOf(self)) != 0;
}

Ref<Object> compareResult(int cmp, CompareOp op)
{
    bool r = false;
    switch (op) {
    case CompareOp::Lt: r = cmp < 0; break;
    case CompareOp::Le: r = cmp <= 0; break;
    case CompareOp::Eq: r = cmp == 0; break;
    case CompareOp::Ne: r = cmp != 0; break;
    case CompareOp::Gt: r = cmp > 0; break;
    case CompareOp::Ge: r = cmp >= 0; break;
    }
    return newRef(boolObject(r));
}

template <class T>
int threeWay(const T& a, const T& b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

Ref<Object> timedeltaRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isTimedelta(a) || !isTimedelta(b)) return newRef(NotImplemented());
    return compareResult(threeWay(usOf(tdOf(a)), usOf(tdOf(b))), op);
}

Ref<Object> timedeltaAdd(Object* a, Object* b)
{
    if (isTimedelta(a) && isTimedelta(b)) return newTimedelta(deltaFromUs(usOf(tdOf(a)) + usOf(tdOf(b))));
    return newRef(NotImplemented()); // date + timedelta is the date's slot
}

Ref<Object> timedeltaSub(Object* a, Object* b)
{
    if (isTimedelta(a) && isTimedelta(b)) return newTimedelta(deltaFromUs(usOf(tdOf(a)) - usOf(tdOf(b))));
    return newRef(NotImplemented());
}

/// timedelta * int, int * timedelta, timedelta * float (rounded half to even).
Ref<Object> timedeltaMul(Object* a, Object* b)
{
    Object* td = isTimedelta(a) ? a : b;
    Object* factor = isTimedelta(a) ? b : a;
    if (!isTimedelta(td)) return newRef(NotImplemented());
    const i128 us = usOf(tdOf(td));
    if (isInt(factor)) {
        int64_t n = 0;
        if (!intFits(factor, n)) raise(types().OverflowError, "Python int too large to convert to C int");
        return newTimedelta(deltaFromUs(us * n));
    }
    if (isFloat(factor)) {
        const long double r = static_cast<long double>(us) * floatValue(factor);
        if (!std::isfinite(static_cast<double>(r)) || std::fabs(static_cast<double>(r)) > 9e19)
            raise(types().OverflowError, "date value out of range");
        return newTimedelta(deltaFromUs(static_cast<i128>(std::nearbyintl(r))));
    }
    return newRef(NotImplemented());
}

[[noreturn]] void zeroDivision()
{
    raise(types().ZeroDivisionError, "integer division or modulo by zero");
}

Ref<Object> timedeltaTrueDiv(Object* a, Object* b)
{
    if (!isTimedelta(a)) return newRef(NotImplemented());
    const i128 us = usOf(tdOf(a));
    if (isTimedelta(b)) {
        const i128 d = usOf(tdOf(b));
        if (d == 0) zeroDivision();
        return newFloat(static_cast<double>(us) / static_cast<double>(d));
    }
    if (isInt(b)) {
        const int64_t n = intValue(b);
        if (n == 0) zeroDivision();
        return newTimedelta(deltaFromUs(divideNearest(us, n)));
    }
    if (isFloat(b)) {
        const double f = floatValue(b);
        if (f == 0.0) raise(types().ZeroDivisionError, "float division by zero");
        return newTimedelta(deltaFromUs(static_cast<i128>(std::nearbyintl(static_cast<long double>(us) / f))));
    }
    return newRef(NotImplemented());
}

Ref<Object> timedeltaFloorDiv(Object* a, Object* b)
{
    if (!isTimedelta(a)) return newRef(NotImplemented());
    const i128 us = usOf(tdOf(a));
    if (isTimedelta(b)) {
        const i128 d = usOf(tdOf(b));
        if (d == 0) zeroDivision();
        return newInt(static_cast<int64_t>(floorDiv(us, d)));
    }
    if (isInt(b)) {
        const int64_t n = intValue(b);
        if (n == 0) zeroDivision();
        return newTimedelta(deltaFromUs(floorDiv(us, n)));
    }
    return newRef(NotImplemented());
}

Ref<Object> timedeltaMod(Object* a, Object* b)
{
    if (!isTimedelta(a) || !isTimedelta(b)) return newRef(NotImplemented());
    const i128 d = usOf(tdOf(b));
    if (d == 0) zeroDivision();
    const i128 us = usOf(tdOf(a));
    return newTimedelta(deltaFromUs(us - floorDiv(us, d) * d));
}

Ref<Object> timedeltaNeg(Object* self)
{
    return newTimedelta(deltaFromUs(-usOf(tdOf(self))));
}

Ref<Object> timedeltaPos(Object* self)
{
    return newTimedelta(tdOf(self));
}

Ref<Object> timedeltaAbs(Object* self)
{
    const i128 us = usOf(tdOf(self));
    return newTimedelta(deltaFromUs(us < 0 ? -us : us));
}

Ref<Object> timedelta_total_seconds(Object* self, CallArgs args)
{
    checkArgCount("total_seconds", args, 0, 0);
    // CPython: total microseconds / 10**6 as a true division of ints (correctly rounded).
    const i128 us = usOf(tdOf(self));
    return newFloat(static_cast<double>(us) / 1e6);
}

Ref<Object> timedelta_days(Object* self, CallArgs)
{
    return newInt(tdOf(self).days);
}

Ref<Object> timedelta_seconds(Object* self, CallArgs)
{
    return newInt(tdOf(self).seconds);
}

Ref<Object> timedelta_microseconds(Object* self, CallArgs)
{
    return newInt(tdOf(self).microseconds);
}

// ---------------------------------------------------------------------------------------------
// date and datetime

int64_t checkedField(Object* v, int64_t fallback)
{
    if (!v) return fallback;
    if (isFloat(v)) raise(types().TypeError, "'float' object cannot be interpreted as an integer");
    return toInt64(v);
}

DateTime validated(int64_t year, int64_t month, int64_t day, int64_t hour = 0, int64_t minute = 0, int64_t second = 0,
                   int64_t microsecond = 0)
{
    if (year < 1 || year > 9999) raise(types().ValueError, "year " + std::to_string(year) + " is out of range");
    if (month < 1 || month > 12) raise(types().ValueError, "month must be in 1..12");
    if (day < 1 || day > support::daysInMonth(year, static_cast<int>(month)))
        raise(types().ValueError, "day is out of range for month");
    if (hour < 0 || hour > 23) raise(types().ValueError, "hour must be in 0..23");
    if (minute < 0 || minute > 59) raise(types().ValueError, "minute must be in 0..59");
    if (second < 0 || second > 59) raise(types().ValueError, "second must be in 0..59");
    if (microsecond < 0 || microsecond > 999999) raise(types().ValueError, "microsecond must be in 0..999999");
    return DateTime {year, static_cast<int>(month), static_cast<int>(day), static_cast<int>(hour),
                     static_cast<int>(minute), static_cast<int>(second), static_cast<int>(microsecond)};
}

Ref<Object> dateNew(TypeObject* type, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("date", args, {"year", "month", "day"}, a);
    return newDate(validated(checkedField(a[0], 0), checkedField(a[1], 0), checkedField(a[2], 0)), type);
}

Ref<Object> datetimeNew(TypeObject* type, CallArgs args)
{
    Object* a[9] = {};
    parseArgs("datetime", args,
              {"year", "month", "day", "hour=", "minute=", "second=", "microsecond=", "tzinfo=", "*fold="}, a);
    rejectTzinfo(a[7]);
    if (a[8] && checkedField(a[8], 0) != 0 && checkedField(a[8], 0) != 1)
        raise(types().ValueError, "fold must be either 0 or 1");
    return newDateTime(validated(checkedField(a[0], 0), checkedField(a[1], 0), checkedField(a[2], 0),
                                 checkedField(a[3], 0), checkedField(a[4], 0), checkedField(a[5], 0),
                                 checkedField(a[6], 0)),
                       type);
}

std::string twoDigits(int v)
{
    return (v < 10 ? "0" : "") + std::to_string(v);
}

std::string dateText(const DateTime& d)
{
    std::string year = std::to_string(d.year);
    while (year.size() < 4) year = "0" + year;
    return year + "-" + twoDigits(d.month) + "-" + twoDigits(d.day);
}

Ref<Object> dateRepr(Object* self)
{
    if (isDateTime(self)) {
        std::string text = dtOf(self).repr();
        if (self->type() != datetimeType()) text = self->type()->name() + text.substr(text.find('('));
        return newStr(text);
    }
    const DateTime& d = dtOf(self);
    return newStr(shownName(self, dateType()) + "(" + std::to_string(d.year) + ", " + std::to_string(d.month) + ", "
                  + std::to_string(d.day) + ")");
}

Ref<Object> dateStr(Object* self)
{
    return newStr(isDateTime(self) ? dtOf(self).str() : dateText(dtOf(self)));
}

/// CPython hashes the packed state bytes: year (2 bytes), month, day[, hour, minute, second, 3-byte us].
int64_t dateHash(Object* self)
{
    const DateTime& d = dtOf(self);
    unsigned char data[10] = {static_cast<unsigned char>(d.year >> 8), static_cast<unsigned char>(d.year & 0xff),
                              static_cast<unsigned char>(d.month),     static_cast<unsigned char>(d.day),
                              static_cast<unsigned char>(d.hour),      static_cast<unsigned char>(d.minute),
                              static_cast<unsigned char>(d.second),    static_cast<unsigned char>(d.microsecond >> 16),
                              static_cast<unsigned char>((d.microsecond >> 8) & 0xff),
                              static_cast<unsigned char>(d.microsecond & 0xff)};
    return hashBytes(data, isDateTime(self) ? 10 : 4);
}

Ref<Object> dateRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isDate(a) || !isDate(b)) return newRef(NotImplemented());
    if (isDateTime(a) != isDateTime(b)) {
        if (op == CompareOp::Eq) return newRef(False());
        if (op == CompareOp::Ne) return newRef(True());
        raise(types().TypeError, "can't compare datetime.datetime to datetime.date");
    }
    return compareResult(threeWay(dtOf(a).epochMicroseconds(), dtOf(b).epochMicroseconds()), op);
}

/// date/datetime + timedelta (a date moves by whole days only).
Ref<Object> shifted(Object* when, const TimeDelta& td, int sign)
{
    const DateTime& d = dtOf(when);
    if (isDateTime(when)) {
        const i128 us = static_cast<i128>(d.epochMicroseconds()) + sign * usOf(td);
        return newDateTime(dateTimeFromUs(us));
    }
    const i128 us = static_cast<i128>(d.epochMicroseconds()) + static_cast<i128>(sign) * td.days * kUsPerDay;
    return newDate(dateTimeFromUs(us));
}

Ref<Object> dateAdd(Object* a, Object* b)
{
    if (isDate(a) && isTimedelta(b)) return shifted(a, tdOf(b), 1);
    if (isTimedelta(a) && isDate(b)) return shifted(b, tdOf(a), 1);
    if (isTimedelta(a) && isTimedelta(b)) return timedeltaAdd(a, b);
    return newRef(NotImplemented());
}

Ref<Object> dateSub(Object* a, Object* b)
{
    if (!isDate(a)) return newRef(NotImplemented());
    if (isTimedelta(b)) return shifted(a, tdOf(b), -1);
    if (isDate(b) && isDateTime(a) == isDateTime(b)) {
        const i128 us = static_cast<i128>(dtOf(a).epochMicroseconds()) - dtOf(b).epochMicroseconds();
        return newTimedelta(deltaFromUs(us));
    }
    return newRef(NotImplemented());
}

// Properties.
Ref<Object> date_year(Object* self, CallArgs)
{
    return newInt(dtOf(self).year);
}
Ref<Object> date_month(Object* self, CallArgs)
{
    return newInt(dtOf(self).month);
}
Ref<Object> date_day(Object* self, CallArgs)
{
    return newInt(dtOf(self).day);
}
Ref<Object> datetime_hour(Object* self, CallArgs)
{
    return newInt(dtOf(self).hour);
}
Ref<Object> datetime_minute(Object* self, CallArgs)
{
    return newInt(dtOf(self).minute);
}
Ref<Object> datetime_second(Object* self, CallArgs)
{
    return newInt(dtOf(self).second);
}
Ref<Object> datetime_microsecond(Object* self, CallArgs)
{
    return newInt(dtOf(self).microsecond);
}
Ref<Object> datetime_tzinfo(Object*, CallArgs)
{
    return newRef(None());
}
Ref<Object> datetime_fold(Object*, CallArgs)
{
    return newInt(0);
}

// Class methods: the run's virtual "now".
Ref<Object> date_today(Object* cls, CallArgs args)
{
    checkArgCount("today", args, 0, 0);
    const DateTime now = support::virtualNow(virtualClock());
    if (targetType(cls, dateType())->isSubtypeOf(datetimeType())) return newDateTime(now, targetType(cls, datetimeType()));
    return newDate(now, targetType(cls, dateType()));
}

Ref<Object> datetime_now(Object* cls, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("now", args, {"tz="}, a);
    rejectTzinfo(a[0]);
    return newDateTime(support::virtualNow(virtualClock()), targetType(cls, datetimeType()));
}

Ref<Object> datetime_utcnow(Object* cls, CallArgs args)
{
    checkArgCount("utcnow", args, 0, 0);
    return newDateTime(support::virtualNow(virtualClock()), targetType(cls, datetimeType()));
}

/// The virtual calendar has no time zone: local time is UTC.
DateTime fromTimestamp(Object* ts)
{
    const double t = toDouble(ts);
    if (!std::isfinite(t)) raise(types().ValueError, "Invalid value NaN (not a number)");
    const long double us = std::nearbyintl(static_cast<long double>(t) * 1e6L);
    if (std::fabs(static_cast<double>(us)) > 3e17) raise(types().ValueError, "year is out of range");
    return dateTimeFromUs(static_cast<i128>(us));
}

Ref<Object> datetime_fromtimestamp(Object* cls, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("fromtimestamp", args, {"timestamp", "tz="}, a);
    rejectTzinfo(a[1]);
    return newDateTime(fromTimestamp(a[0]), targetType(cls, datetimeType()));
}

Ref<Object> date_fromtimestamp(Object* cls, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("fromtimestamp", args, {"timestamp"}, a);
    if (targetType(cls, dateType())->isSubtypeOf(datetimeType()))
        return newDateTime(fromTimestamp(a[0]), targetType(cls, datetimeType()));
    return newDate(fromTimestamp(a[0]), targetType(cls, dateType()));
}

Ref<Object> date_fromordinal(Object* cls, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("fromordinal", args, {"ordinal"}, a);
    const int64_t n = checkedField(a[0], 0);
    if (n < 1 || n > DateTime {9999, 12, 31}.toordinal()) raise(types().ValueError, "ordinal must be >= 1");
    const int64_t days = n - DateTime {1970, 1, 1}.toordinal();
    const DateTime d = DateTime::fromEpochMicroseconds(days * kUsPerDay);
    if (targetType(cls, dateType())->isSubtypeOf(datetimeType())) return newDateTime(d, targetType(cls, datetimeType()));
    return newDate(d, targetType(cls, dateType()));
}

// fromisoformat: what 3.11 reads of ISO 8601 — YYYY-MM-DD or YYYYMMDD, then (datetime only) one
// separator character and HH[:MM[:SS[.ffffff]]] or HH[MM[SS]]; fractions are padded or cut to
// microseconds. Week dates and UTC offsets (aware datetimes) are not modelled.
[[noreturn]] void invalidIsoformat(std::string_view text)
{
    raise(types().ValueError, "Invalid isoformat string: " + reprText(newStr(std::string(text)).get()));
}

bool digitsAt(std::string_view t, size_t at, size_t n, int64_t& value)
{
    if (at + n > t.size()) return false;
    value = 0;
    for (size_t i = at; i < at + n; ++i) {
        if (t[i] < '0' || t[i] > '9') return false;
        value = value * 10 + (t[i] - '0');
    }
    return true;
}

DateTime parseIsoformat(std::string_view t, bool withTime)
{
    int64_t y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0, us = 0;
    size_t at = 0;
    if (t.size() >= 10 && t[4] == '-' && t[7] == '-') {
        if (!digitsAt(t, 0, 4, y) || !digitsAt(t, 5, 2, m) || !digitsAt(t, 8, 2, d)) invalidIsoformat(t);
        at = 10;
    } else if (digitsAt(t, 0, 4, y) && digitsAt(t, 4, 2, m) && digitsAt(t, 6, 2, d)) {
        at = 8;
    } else {
        invalidIsoformat(t);
    }
    if (at < t.size()) {
        if (!withTime || at + 1 >= t.size()) invalidIsoformat(t);
        std::string_view time = t.substr(at + 1);
        const bool extended = time.size() > 2 && time[2] == ':';
        size_t i = 0;
        if (!digitsAt(time, i, 2, hh)) invalidIsoformat(t);
        i += 2;
        for (int64_t* field : { &mm, &ss }) {
            if (i == time.size()) break;
            if (extended && time[i++] != ':') invalidIsoformat(t);
            if (!digitsAt(time, i, 2, *field)) invalidIsoformat(t);
            i += 2;
        }
        // A fraction may follow only the seconds: HH:MM:SS (8 characters) or HHMMSS (6).
        if (i == (extended ? 8u : 6u) && i < time.size() && (time[i] == '.' || time[i] == ',')) {
            size_t digits = 0;
            for (++i; i < time.size() && time[i] >= '0' && time[i] <= '9'; ++i, ++digits)
                if (digits < 6) us = us * 10 + (time[i] - '0');
            if (digits == 0) invalidIsoformat(t);
            for (; digits < 6; ++digits) us *= 10;
        }
        if (i != time.size()) invalidIsoformat(t);
    }
    return validated(y, m, d, hh, mm, ss, us);
}

Ref<Object> date_fromisoformat(Object* cls, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("fromisoformat", args, {"date_string"}, a);
    if (!isStr(a[0])) raise(types().TypeError, "fromisoformat: argument must be str");
    TypeObject* type = targetType(cls, dateType());
    if (type->isSubtypeOf(datetimeType())) return newDateTime(parseIsoformat(strView(a[0]), true), type);
    return newDate(parseIsoformat(strView(a[0]), false), type);
}

// Instance methods.
Ref<Object> date_isoformat(Object* self, CallArgs args)
{
    if (!isDateTime(self)) {
        if (args.total() != 0)
            raise(types().TypeError, "date.isoformat() takes no arguments (" + std::to_string(args.total()) + " given)");
        return newStr(dateText(dtOf(self)));
    }
    Object* a[2] = {};
    parseArgs("isoformat", args, {"sep=", "timespec="}, a);
    char32_t sep = 'T';
    if (a[0]) {
        if (!isStr(a[0]) || static_cast<StrObject*>(a[0])->length() != 1)
            raise(types().TypeError, "isoformat() argument 1 must be a unicode character, not " + typeName(a[0]));
        sep = static_cast<StrObject*>(a[0])->codePoints()[0];
    }
    const std::string_view timespec = a[1] ? strView(a[1]) : std::string_view("auto");
    auto text = dtOf(self).isoformat(sep, timespec);
    if (!text) raise(types().ValueError, "Unknown timespec value");
    return newStr(*text);
}

Ref<Object> date_strftime(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("strftime", args, {"format"}, a);
    if (!isStr(a[0])) raise(types().TypeError, "strftime() argument 1 must be str, not " + typeName(a[0]));
    return newStr(dtOf(self).strftime(strView(a[0])));
}

Ref<Object> date_format(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("__format__", args, {"format"}, a);
    if (!isStr(a[0])) raise(types().TypeError, "must be str, not " + typeName(a[0]));
    if (strView(a[0]).empty()) return str(self);
    return newStr(dtOf(self).strftime(strView(a[0])));
}

Ref<Object> date_ctime(Object* self, CallArgs args)
{
    checkArgCount("ctime", args, 0, 0);
    return newStr(dtOf(self).strftime("%a %b %e %H:%M:%S %Y"));
}

Ref<Object> datetime_timestamp(Object* self, CallArgs args)
{
    checkArgCount("timestamp", args, 0, 0);
    return newFloat(dtOf(self).timestamp());
}

Ref<Object> date_weekday(Object* self, CallArgs args)
{
    checkArgCount("weekday", args, 0, 0);
    return newInt(dtOf(self).weekday());
}

Ref<Object> date_isoweekday(Object* self, CallArgs args)
{
    checkArgCount("isoweekday", args, 0, 0);
    return newInt(dtOf(self).isoweekday());
}

Ref<Object> date_toordinal(Object* self, CallArgs args)
{
    checkArgCount("toordinal", args, 0, 0);
    return newInt(dtOf(self).toordinal());
}

Ref<Object> datetime_date(Object* self, CallArgs args)
{
    checkArgCount("date", args, 0, 0);
    return newDate(dtOf(self));
}

Ref<Object> date_replace(Object* self, CallArgs args)
{
    const DateTime& d = dtOf(self);
    if (!isDateTime(self)) {
        Object* a[3] = {};
        parseArgs("replace", args, {"year=", "month=", "day="}, a);
        return newDate(validated(checkedField(a[0], d.year), checkedField(a[1], d.month), checkedField(a[2], d.day)),
                       self->type());
    }
    Object* a[9] = {};
    parseArgs("replace", args,
              {"year=", "month=", "day=", "hour=", "minute=", "second=", "microsecond=", "tzinfo=", "*fold="}, a);
    rejectTzinfo(a[7]);
    return newDateTime(validated(checkedField(a[0], d.year), checkedField(a[1], d.month), checkedField(a[2], d.day),
                                 checkedField(a[3], d.hour), checkedField(a[4], d.minute), checkedField(a[5], d.second),
                                 checkedField(a[6], d.microsecond)),
                       self->type());
}

// ---------------------------------------------------------------------------------------------
// datetime.time: a naive time of day, kept as a DateTime on 1900-01-01 (the date strftime shows).

bool isTime(const Object* o)
{
    return o->type()->isSubtypeOf(timeType());
}

Ref<Object> newTime(const DateTime& dt, TypeObject* type = nullptr)
{
    DateTime t {1900, 1, 1, dt.hour, dt.minute, dt.second, dt.microsecond};
    return newNativeInstance<DateTimeObject>(type ? type : timeType(), t);
}

Ref<Object> timeNew(TypeObject* type, CallArgs args)
{
    Object* a[6] = {};
    parseArgs("time", args, {"hour=", "minute=", "second=", "microsecond=", "tzinfo=", "*fold="}, a);
    rejectTzinfo(a[4]);
    if (a[5] && checkedField(a[5], 0) != 0 && checkedField(a[5], 0) != 1)
        raise(types().ValueError, "fold must be either 0 or 1");
    return newTime(validated(1900, 1, 1, checkedField(a[0], 0), checkedField(a[1], 0), checkedField(a[2], 0),
                             checkedField(a[3], 0)),
                   type);
}

std::optional<std::string> timeIsoformat(const DateTime& t, std::string_view timespec)
{
    std::optional<std::string> text = t.isoformat('T', timespec);
    if (!text) return text;
    return text->substr(text->find('T') + 1);
}

Ref<Object> timeRepr(Object* self)
{
    const DateTime& t = dtOf(self);
    std::string fields = std::to_string(t.hour) + ", " + std::to_string(t.minute);
    if (t.microsecond) fields += ", " + std::to_string(t.second) + ", " + std::to_string(t.microsecond);
    else if (t.second) fields += ", " + std::to_string(t.second);
    return newStr(shownName(self, timeType()) + "(" + fields + ")");
}

Ref<Object> timeStr(Object* self)
{
    return newStr(*timeIsoformat(dtOf(self), "auto"));
}

/// CPython hashes a naive time's state bytes: hour, minute, second, 3-byte microsecond.
int64_t timeHash(Object* self)
{
    const DateTime& t = dtOf(self);
    unsigned char data[6] = {static_cast<unsigned char>(t.hour),   static_cast<unsigned char>(t.minute),
                             static_cast<unsigned char>(t.second), static_cast<unsigned char>(t.microsecond >> 16),
                             static_cast<unsigned char>((t.microsecond >> 8) & 0xff),
                             static_cast<unsigned char>(t.microsecond & 0xff)};
    return hashBytes(data, 6);
}

Ref<Object> timeRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isTime(a) || !isTime(b)) return newRef(NotImplemented());
    return compareResult(threeWay(dtOf(a).epochMicroseconds(), dtOf(b).epochMicroseconds()), op);
}

Ref<Object> time_isoformat(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("isoformat", args, {"timespec="}, a);
    auto text = timeIsoformat(dtOf(self), a[0] ? strView(a[0]) : std::string_view("auto"));
    if (!text) raise(types().ValueError, "Unknown timespec value");
    return newStr(*text);
}

Ref<Object> time_format(Object* self, CallArgs args)
{
    Object* a[1] = {};
    parseArgs("__format__", args, {"format"}, a);
    if (!isStr(a[0])) raise(types().TypeError, "must be str, not " + typeName(a[0]));
    if (strView(a[0]).empty()) return str(self);
    return newStr(dtOf(self).strftime(strView(a[0])));
}

Ref<Object> time_replace(Object* self, CallArgs args)
{
    const DateTime& t = dtOf(self);
    Object* a[6] = {};
    parseArgs("replace", args, {"hour=", "minute=", "second=", "microsecond=", "tzinfo=", "*fold="}, a);
    rejectTzinfo(a[4]);
    return newTime(validated(1900, 1, 1, checkedField(a[0], t.hour), checkedField(a[1], t.minute),
                             checkedField(a[2], t.second), checkedField(a[3], t.microsecond)),
                   self->type());
}

Ref<Object> datetime_time(Object* self, CallArgs args)
{
    checkArgCount("time", args, 0, 0);
    return newTime(dtOf(self));
}

Ref<Object> datetime_combine(Object* cls, CallArgs args)
{
    Object* a[3] = {};
    parseArgs("combine", args, {"date", "time", "tzinfo="}, a);
    if (!isDate(a[0])) raise(types().TypeError, "combine() argument 1 must be datetime.date, not " + typeName(a[0]));
    if (!isTime(a[1])) raise(types().TypeError, "combine() argument 2 must be datetime.time, not " + typeName(a[1]));
    rejectTzinfo(a[2]);
    const DateTime& d = dtOf(a[0]);
    const DateTime& t = dtOf(a[1]);
    return newDateTime(DateTime {d.year, d.month, d.day, t.hour, t.minute, t.second, t.microsecond},
                       targetType(cls, datetimeType()));
}

// ---------------------------------------------------------------------------------------------
// Types. Their class attributes (min, max, resolution) are made outside any run's heap.

void setClassAttr(TypeObject* t, std::string_view name, Ref<Object> value)
{
    value->makeImmortal();
    dictSet(t->dict(), name, value.get());
}

TypeObject* timedeltaType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("timedelta", types().object, TypeObject::BaseType, "datetime");
        t->slots.newObject = timedeltaNew;
        enableSubclassDict<TimedeltaObject>(t);
        t->slots.repr = timedeltaRepr;
        t->slots.str = timedeltaStr;
        t->slots.hash = timedeltaHash;
        t->slots.boolean = timedeltaBool;
        t->slots.richcompare = timedeltaRichCompare;
        t->slots.binary[static_cast<size_t>(BinaryOp::Add)] = dateAdd;
        t->slots.binary[static_cast<size_t>(BinaryOp::Sub)] = timedeltaSub;
        t->slots.binary[static_cast<size_t>(BinaryOp::Mul)] = timedeltaMul;
        t->slots.binary[static_cast<size_t>(BinaryOp::TrueDiv)] = timedeltaTrueDiv;
        t->slots.binary[static_cast<size_t>(BinaryOp::FloorDiv)] = timedeltaFloorDiv;
        t->slots.binary[static_cast<size_t>(BinaryOp::Mod)] = timedeltaMod;
        t->slots.unary[static_cast<size_t>(UnaryOp::Neg)] = timedeltaNeg;
        t->slots.unary[static_cast<size_t>(UnaryOp::Pos)] = timedeltaPos;
        t->slots.abs = timedeltaAbs;
        addMethod(t, "total_seconds", timedelta_total_seconds);
        addProperty(t, "days", timedelta_days);
        addProperty(t, "seconds", timedelta_seconds);
        addProperty(t, "microseconds", timedelta_microseconds);
        t->finalize();
        Heap::Scope unowned(static_cast<Heap*>(nullptr));
        setClassAttr(t, "min", newTimedelta(TimeDelta {-kMaxDeltaDays, 0, 0}, t));
        setClassAttr(t, "max", newTimedelta(TimeDelta {kMaxDeltaDays, 86399, 999999}, t));
        setClassAttr(t, "resolution", newTimedelta(TimeDelta {0, 0, 1}, t));
        return t;
    }();
    return type;
}

void addDateSlotsAndMethods(TypeObject* t)
{
    t->slots.repr = dateRepr;
    t->slots.str = dateStr;
    t->slots.hash = dateHash;
    t->slots.richcompare = dateRichCompare;
    t->slots.binary[static_cast<size_t>(BinaryOp::Add)] = dateAdd;
    t->slots.binary[static_cast<size_t>(BinaryOp::Sub)] = dateSub;
    const std::pair<const char*, NativeFn> methods[] = {
            {"isoformat", date_isoformat}, {"strftime", date_strftime}, {"__format__", date_format},
            {"ctime", date_ctime},         {"weekday", date_weekday},   {"isoweekday", date_isoweekday},
            {"toordinal", date_toordinal}, {"replace", date_replace},
    };
    for (const auto& [name, fn] : methods) addMethod(t, name, fn);
    addClassMethod(t, "today", date_today);
    addClassMethod(t, "fromtimestamp", date_fromtimestamp);
    addClassMethod(t, "fromordinal", date_fromordinal);
    addClassMethod(t, "fromisoformat", date_fromisoformat);
}

TypeObject* dateType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("date", types().object, TypeObject::BaseType, "datetime");
        t->slots.newObject = dateNew;
        enableSubclassDict<DateTimeObject>(t);
        addDateSlotsAndMethods(t);
        addProperty(t, "year", date_year);
        addProperty(t, "month", date_month);
        addProperty(t, "day", date_day);
        t->finalize();
        Heap::Scope unowned(static_cast<Heap*>(nullptr));
        setClassAttr(t, "min", newDate(DateTime {1, 1, 1}, t));
        setClassAttr(t, "max", newDate(DateTime {9999, 12, 31}, t));
        setClassAttr(t, "resolution", newTimedelta(TimeDelta {1, 0, 0}));
        return t;
    }();
    return type;
}

TypeObject* datetimeType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("datetime", dateType(), TypeObject::BaseType, "datetime");
        t->slots.newObject = datetimeNew;
        addDateSlotsAndMethods(t);
        addProperty(t, "hour", datetime_hour);
        addProperty(t, "minute", datetime_minute);
        addProperty(t, "second", datetime_second);
        addProperty(t, "microsecond", datetime_microsecond);
        addProperty(t, "tzinfo", datetime_tzinfo);
        addProperty(t, "fold", datetime_fold);
        addMethod(t, "timestamp", datetime_timestamp);
        addMethod(t, "date", datetime_date);
        addMethod(t, "time", datetime_time);
        addClassMethod(t, "combine", datetime_combine);
        addClassMethod(t, "now", datetime_now);
        addClassMethod(t, "utcnow", datetime_utcnow);
        addClassMethod(t, "fromtimestamp", datetime_fromtimestamp);
        addClassMethod(t, "utcfromtimestamp", datetime_fromtimestamp);
        t->finalize();
        Heap::Scope unowned(static_cast<Heap*>(nullptr));
        setClassAttr(t, "min", newDateTime(kMinDateTime, t));
        setClassAttr(t, "max", newDateTime(kMaxDateTime, t));
        setClassAttr(t, "resolution", newTimedelta(TimeDelta {0, 0, 1}));
        return t;
    }();
    return type;
}

TypeObject* timeType()
{
    static TypeObject* type = [] {
        TypeObject* t = newStaticType("time", types().object, TypeObject::BaseType, "datetime");
        t->slots.newObject = timeNew;
        enableSubclassDict<DateTimeObject>(t);
        t->slots.repr = timeRepr;
        t->slots.str = timeStr;
        t->slots.hash = timeHash;
        t->slots.richcompare = timeRichCompare;
        addProperty(t, "hour", datetime_hour);
        addProperty(t, "minute", datetime_minute);
        addProperty(t, "second", datetime_second);
        addProperty(t, "microsecond", datetime_microsecond);
        addProperty(t, "tzinfo", datetime_tzinfo);
        addProperty(t, "fold", datetime_fold);
        addMethod(t, "isoformat", time_isoformat);
        addMethod(t, "strftime", date_strftime);
        addMethod(t, "__format__", time_format);
        addMethod(t, "replace", time_replace);
        t->finalize();
        Heap::Scope unowned(static_cast<Heap*>(nullptr));
        setClassAttr(t, "min", newTime(DateTime {1900, 1, 1, 0, 0, 0, 0}, t));
        setClassAttr(t, "max", newTime(DateTime {1900, 1, 1, 23, 59, 59, 999999}, t));
        setClassAttr(t, "resolution", newTimedelta(TimeDelta {0, 0, 1}));
        return t;
    }();
    return type;
}

} // namespace

Ref<Object> makeDatetimeModule(ModuleContext& ctx)
{
    registerContext(ctx);
    Ref<Object> m = newModule("datetime");
    setModuleAttr(m.get(), "date", dateType());
    setModuleAttr(m.get(), "datetime", datetimeType());
    setModuleAttr(m.get(), "timedelta", timedeltaType());
    setModuleAttr(m.get(), "time", timeType());
    setModuleAttr(m.get(), "MINYEAR", newInt(1).get());
    setModuleAttr(m.get(), "MAXYEAR", newInt(9999).get());
    return m;
}

} // namespace loopscope
