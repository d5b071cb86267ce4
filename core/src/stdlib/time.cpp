// The time module on the run's virtual clock (TRACE.md): monotonic() and perf_counter() are the
// clock, time() is the virtual calendar's epoch plus the clock, sleep(x) advances the clock. The calendar
// functions (gmtime, localtime, strftime, struct_time ...) are Python source in vm/pysources.cpp.

#include "stdlib/stdlibutil.h"
#include "support/calendar.h"

#include <loopscope/stdlib/modules.h>

#include <cmath>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

double clockNow(Object* self)
{
    return contextOf(self).clock->now();
}

/// Nanoseconds as an int, rounded like CPython's conversion of a float timestamp.
Ref<Object> nanoseconds(double seconds)
{
    return intFromDouble(std::round(seconds * 1e9));
}

Ref<Object> time_time(Object* self, CallArgs args)
{
    checkArgCount("time", args, 0, 0);
    return newFloat(support::virtualTime(clockNow(self)));
}

Ref<Object> time_time_ns(Object* self, CallArgs args)
{
    checkArgCount("time_ns", args, 0, 0);
    // Whole seconds and the clock separately, so the epoch does not eat the clock's precision.
    Ref<Object> epoch = newInt(static_cast<int64_t>(support::kVirtualEpochTimestamp) * 1000000000);
    return binaryOp(epoch.get(), nanoseconds(clockNow(self)).get(), BinaryOp::Add);
}

Ref<Object> time_monotonic(Object* self, CallArgs args)
{
    checkArgCount("monotonic", args, 0, 0);
    return newFloat(clockNow(self));
}

Ref<Object> time_monotonic_ns(Object* self, CallArgs args)
{
    checkArgCount("monotonic_ns", args, 0, 0);
    return nanoseconds(clockNow(self));
}

Ref<Object> time_perf_counter(Object* self, CallArgs args)
{
    checkArgCount("perf_counter", args, 0, 0);
    return newFloat(clockNow(self));
}

Ref<Object> time_perf_counter_ns(Object* self, CallArgs args)
{
    checkArgCount("perf_counter_ns", args, 0, 0);
    return nanoseconds(clockNow(self));
}

/// A program that computes does not spend virtual time: process_time() stays at 0.
Ref<Object> time_process_time(Object*, CallArgs args)
{
    checkArgCount("process_time", args, 0, 0);
    return newFloat(0.0);
}

Ref<Object> time_sleep(Object* self, CallArgs args)
{
    noKeywords("sleep", args);
    if (args.nargs != 1)
        raise(types().TypeError, "time.sleep() takes exactly one argument (" + std::to_string(args.nargs) + " given)");
    Object* x = args[0];
    double seconds = 0.0;
    if (isFloat(x)) {
        seconds = floatValue(x);
        if (std::isnan(seconds)) raise(types().ValueError, "Invalid value NaN (not a number)");
    } else {
        // Like _PyTime_FromObject: ints (and __index__) are accepted, other types are not.
        seconds = toDouble(toIndex(x).get());
    }
    if (seconds < 0) raise(types().ValueError, "sleep length must be non-negative");
    if (std::isinf(seconds)) raise(types().OverflowError, "timestamp too large to convert to C _PyTime_t");
    ModuleContext& ctx = contextOf(self);
    if (ctx.sleep)
        ctx.sleep(seconds);
    else
        ctx.clock->advance(seconds);
    return newRef(None());
}

} // namespace

Ref<Object> makeTimeModule(ModuleContext& ctx)
{
    Ref<Object> m = newModule("time");
    Ref<Object> handle = newContextHandle(ctx);
    const std::pair<const char*, NativeFn> functions[] = {
            {"time", time_time},
            {"time_ns", time_time_ns},
            {"monotonic", time_monotonic},
            {"monotonic_ns", time_monotonic_ns},
            {"perf_counter", time_perf_counter},
            {"perf_counter_ns", time_perf_counter_ns},
            {"process_time", time_process_time},
            {"sleep", time_sleep},
    };
    for (const auto& [name, fn] : functions)
        setModuleAttr(m.get(), name, newNativeFunction(name, fn, handle.get(), name).get());
    setModuleAttr(m.get(), "timezone", newInt(0).get());
    setModuleAttr(m.get(), "altzone", newInt(0).get());
    setModuleAttr(m.get(), "daylight", newInt(0).get());
    return m;
}

} // namespace loopscope
