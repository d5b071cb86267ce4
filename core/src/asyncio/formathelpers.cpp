// reprlib.repr and format_helpers._format_callback, as asyncio's reprs use them.
#include "formathelpers.h"

#include "nativestate.h"

#include <loopscope/runtime/runtime.h>
#include <loopscope/runtime/typeobject.h>

namespace loopscope::detail::asyncioimpl {

namespace {

// reprlib.Repr's defaults (3.11).
constexpr int kMaxLevel = 6;
constexpr size_t kMaxIter = 6; // maxtuple, maxlist, maxset, maxfrozenset, maxdeque
constexpr size_t kMaxDict = 4;
constexpr size_t kMaxString = 30;
constexpr size_t kMaxLong = 40;
constexpr size_t kMaxOther = 30;

// Lengths and cuts count code points, as Python's str does.
size_t codePoints(std::string_view s)
{
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

// The byte offset of code point `k` (s.size() past the end).
size_t offsetOf(std::string_view s, size_t k)
{
    size_t seen = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (seen++ == k) return i;
    }
    return s.size();
}

// s[:i] + "..." + s[len(s)-j:] when s is longer than `max` (reprlib's cut for long reprs).
std::string cutMiddle(const std::string& s, size_t max)
{
    const size_t n = codePoints(s);
    if (n <= max) return s;
    const size_t i = (max - 3) / 2;
    const size_t j = max - 3 - i;
    return s.substr(0, offsetOf(s, i)) + "..." + s.substr(offsetOf(s, n - j));
}

std::string repr1(Object* o, int level);

// sorted(items) when they compare, else as they are (reprlib._possibly_sorted).
std::vector<Ref<Object>> possiblySorted(std::vector<Ref<Object>> items)
{
    Ref<Object> list = newList(items);
    try {
        listSort(asList(list.get()), nullptr, false);
        return listItems(list.get());
    } catch (const PyException&) {
        return items;
    }
}

std::vector<Ref<Object>> iterate(Object* o)
{
    std::vector<Ref<Object>> items;
    Ref<Object> it = getIter(o);
    while (Ref<Object> v = iterNext(it.get())) items.push_back(std::move(v));
    return items;
}

std::string reprIterable(const std::vector<Ref<Object>>& items, int level, const std::string& left, std::string right,
    const std::string& trail = {})
{
    std::string s;
    if (level <= 0 && !items.empty()) {
        s = "...";
    } else {
        for (size_t k = 0; k < items.size() && k < kMaxIter; ++k) s += (k ? ", " : "") + repr1(items[k].get(), level - 1);
        if (items.size() > kMaxIter) s += ", ...";
        if (items.size() == 1 && !trail.empty()) right = trail + right;
    }
    return left + s + right;
}

std::string reprDict(Object* o, int level)
{
    std::vector<Ref<Object>> keys;
    for (auto [k, v] : dictItems(static_cast<DictObject*>(o))) keys.emplace_back(k);
    if (keys.empty()) return "{}";
    if (level <= 0) return "{...}";
    keys = possiblySorted(std::move(keys));
    std::string s;
    for (size_t k = 0; k < keys.size() && k < kMaxDict; ++k) {
        Ref<Object> v = getItem(o, keys[k].get());
        s += (k ? ", " : "") + repr1(keys[k].get(), level - 1) + ": " + repr1(v.get(), level - 1);
    }
    if (keys.size() > kMaxDict) s += ", ...";
    return "{" + s + "}";
}

std::string reprInstance(Object* o)
{
    std::string s;
    try {
        s = reprText(o);
    } catch (const PyException&) {
        return "<" + o->type()->name() + " instance>";
    }
    return cutMiddle(s, kMaxOther);
}

// reprlib.Repr.repr1: dispatch on the exact type's name, as reprlib does (subclasses fall through).
std::string repr1(Object* o, int level)
{
    const std::string& type = o->type()->name();
    if (type == "str") {
        // repr(x[:maxstring]), and when that is too long, repr of both ends cut at the quotes too.
        const std::string_view text = strView(o);
        const std::string r = reprText(pyStr(std::string(text.substr(0, offsetOf(text, kMaxString)))).get());
        if (codePoints(r) <= kMaxString) return r;
        const size_t n = codePoints(text);
        const size_t i = (kMaxString - 3) / 2, j = kMaxString - 3 - i;
        const std::string ends = std::string(text.substr(0, offsetOf(text, i))) + std::string(text.substr(offsetOf(text, n - j)));
        const std::string cut = reprText(pyStr(ends).get());
        const size_t cn = codePoints(cut);
        return cut.substr(0, offsetOf(cut, i)) + "..." + cut.substr(offsetOf(cut, cn - j));
    }
    if (type == "int") return cutMiddle(reprText(o), kMaxLong);
    if (type == "tuple") return reprIterable(iterate(o), level, "(", ")", ",");
    if (type == "list") return reprIterable(iterate(o), level, "[", "]");
    if (type == "set") {
        std::vector<Ref<Object>> items = iterate(o);
        if (items.empty()) return "set()";
        return reprIterable(possiblySorted(std::move(items)), level, "{", "}");
    }
    if (type == "frozenset") {
        std::vector<Ref<Object>> items = iterate(o);
        if (items.empty()) return "frozenset()";
        return reprIterable(possiblySorted(std::move(items)), level, "frozenset({", "})");
    }
    if (type == "deque") return reprIterable(iterate(o), level, "deque([", "])");
    if (type == "dict") return reprDict(o, level);
    return reprInstance(o);
}

} // namespace

std::string reprlibRepr(Object* o)
{
    try {
        return repr1(o, kMaxLevel);
    } catch (const PyException&) {
        return "?";
    }
}

std::string formatArgs(const std::vector<Ref<Object>>& args, Object* kwargs)
{
    std::string s = "(";
    for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + reprlibRepr(args[i].get());
    if (kwargs && isDict(kwargs)) {
        for (auto [k, v] : dictItems(static_cast<DictObject*>(kwargs))) {
            if (s.size() > 1) s += ", ";
            s += (isStr(k) ? std::string(strView(k)) : reprText(k)) + "=" + reprlibRepr(v);
        }
    }
    return s + ")";
}

std::string formatPythonCallback(Object* callable, const std::vector<Ref<Object>>& args)
{
    // A partial's own arguments come first; the call's arguments follow as a suffix.
    std::string suffix;
    std::vector<Ref<Object>> callArgs = args;
    Object* kwargs = nullptr;
    Ref<Object> fn(callable);
    Ref<Object> keywords;
    try {
        while (fn->type()->name() == "partial") {
            suffix = formatArgs(callArgs, kwargs) + suffix;
            Ref<Object> inner = getAttrOrNull(fn.get(), internStr("func"));
            Ref<Object> pargs = getAttrOrNull(fn.get(), internStr("args"));
            keywords = getAttrOrNull(fn.get(), internStr("keywords"));
            if (!inner) break;
            callArgs.clear();
            if (pargs && isTuple(pargs.get()))
                for (const Ref<Object>& a : tupleItems(pargs.get())) callArgs.push_back(a);
            kwargs = keywords.get();
            fn = inner;
        }
        std::string name;
        if (Ref<Object> q = getAttrOrNull(fn.get(), internStr("__qualname__")); q && isStr(q.get()) && !strView(q.get()).empty())
            name = std::string(strView(q.get()));
        else if (Ref<Object> n = getAttrOrNull(fn.get(), internStr("__name__")); n && isStr(n.get()) && !strView(n.get()).empty())
            name = std::string(strView(n.get()));
        else
            name = reprText(fn.get());
        return name + formatArgs(callArgs, kwargs) + suffix;
    } catch (const PyException&) {
        return "?" + formatArgs(args);
    }
}

} // namespace loopscope::detail::asyncioimpl
