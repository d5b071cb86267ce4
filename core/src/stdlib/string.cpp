// The string module's constants and capwords.

#include "stdlib/stdlibutil.h"

#include <loopscope/stdlib/modules.h>

namespace loopscope {

using namespace detail;
using namespace detail::stdlib;

namespace {

constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
constexpr std::string_view kWhitespace = " \t\n\r\x0b\x0c";

/// capwords(s, sep=None): sep.join(word.capitalize() for word in s.split(sep)), ' ' when sep is None.
Ref<Object> string_capwords(Object*, CallArgs args)
{
    Object* a[2] = {};
    parseArgs("capwords", args, {"s", "sep="}, a);
    Object* sep = a[1] ? a[1] : None();
    Ref<Object> words = callMethod(a[0], "split", {sep});
    std::vector<Ref<Object>> capitalized;
    for (const Ref<Object>& w : toVector(words.get())) capitalized.push_back(callMethod(w.get(), "capitalize"));
    Ref<Object> joiner = sep == None() ? Ref<Object>(newStr(" ")) : newRef(sep);
    Ref<Object> list = newList(std::move(capitalized));
    return callMethod(joiner.get(), "join", {list.get()});
}

} // namespace

Ref<Object> makeStringModule(ModuleContext&)
{
    Ref<Object> m = newModule("string");
    const std::string letters = std::string(kLower) + std::string(kUpper);
    const std::pair<const char*, std::string> constants[] = {
            {"ascii_lowercase", std::string(kLower)},
            {"ascii_uppercase", std::string(kUpper)},
            {"ascii_letters", letters},
            {"digits", std::string(kDigits)},
            {"hexdigits", std::string(kDigits) + "abcdefABCDEF"},
            {"octdigits", "01234567"},
            {"punctuation", std::string(kPunctuation)},
            {"whitespace", std::string(kWhitespace)},
            {"printable", std::string(kDigits) + letters + std::string(kPunctuation) + std::string(kWhitespace)},
    };
    for (const auto& [name, value] : constants) setModuleAttr(m.get(), name, newStr(value).get());
    addFunction(m.get(), "capwords", string_capwords);
    return m;
}

} // namespace loopscope
