#pragma once
// Shared helpers of the tst_runtime_* suites: build values, run protocol calls, catch Python exceptions.

// Included before <QtTest>: Qt's `slots` macro would otherwise eat TypeObject::slots.
#include "runtime/objects.h"

#include <loopscope/runtime/builtins.h>
#include <loopscope/runtime/heap.h>
#include <loopscope/runtime/runtime.h>

#include <cmath>
#include <memory>

#include <string>
#include <vector>

namespace rt {

using namespace loopscope;

inline Ref<Object> I(int64_t v) { return newInt(v); }
inline Ref<Object> F(double v) { return newFloat(v); }
inline Ref<Object> S(std::string_view s) { return newStr(s); }
inline Ref<Object> big(std::string_view digits) { return newIntFromString(digits); }
inline std::string R(const Ref<Object>& o) { return reprText(o.get()); }
inline std::string Str(const Ref<Object>& o) { return strText(o.get()); }
inline Ref<Object> op(const Ref<Object>& a, BinaryOp o, const Ref<Object>& b) { return binaryOp(a.get(), b.get(), o); }
inline Ref<Object> L(std::initializer_list<Ref<Object>> items) { return newList(std::vector<Ref<Object>>(items)); }
inline Ref<Object> T(std::initializer_list<Ref<Object>> items) { return newTuple(std::vector<Ref<Object>>(items)); }
inline Ref<Object> attr(const Ref<Object>& o, std::string_view name) { return getAttr(o.get(), name); }
/// Calls o.name(*args).
inline Ref<Object> meth(const Ref<Object>& o, std::string_view name, std::initializer_list<Ref<Object>> args = {})
{
    std::vector<Object*> raw;
    for (const auto& a : args) raw.push_back(a.get());
    return callMethod(o.get(), internStr(name), CallArgs { raw.data(), raw.size(), nullptr });
}
/// Calls f(*args).
inline Ref<Object> callf(Object* f, std::initializer_list<Ref<Object>> args = {})
{
    std::vector<Object*> raw;
    for (const auto& a : args) raw.push_back(a.get());
    return call(f, CallArgs { raw.data(), raw.size(), nullptr });
}

/// A type's slots (tests that include <QtTest> cannot spell the member: Qt's `slots` macro).
inline TypeSlots& slotsOf(TypeObject* t) { return t->slots; }

/// "TypeName: message" of the Python exception `fn` raises, or "no exception".
template <class Fn>
std::string error(Fn&& fn)
{
    try {
        fn();
    } catch (const PyException& e) {
        return e.exception()->type()->name() + ": " + strText(e.exception().get());
    }
    return "no exception";
}

} // namespace rt

// After the runtime headers (Qt's `slots` macro), so QCOMPARE can print std::string values.
#include <QtTest>

namespace QTest {
template <>
inline char* toString(const std::string& s)
{
    return qstrdup(s.c_str());
}
} // namespace QTest
