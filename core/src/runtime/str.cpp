// str: UTF-8 storage with cached length and hash; byte-level algorithms where UTF-8 allows them
// (find, split, replace), code points where Python's indices are visible.
#include "runtime/objects.h"
#include "support/formatspec.h"
#include "support/hash.h"
#include "support/percentformat.h"
#include "support/strformat.h"
#include "support/utf8.h"

#include <loopscope/runtime/memory.h>

#include <algorithm>
#include <cstring>

namespace loopscope {

using namespace detail;
using support::detail::appendUtf8;
using support::detail::decodeUtf8;

namespace {

StrObject* g_chars[128];
StrObject* g_empty = nullptr;

std::u32string decode(std::string_view s)
{
    std::u32string out;
    out.reserve(s.size());
    size_t pos = 0;
    while (pos < s.size()) out.push_back(decodeUtf8(s, pos));
    return out;
}

std::string encode(std::u32string_view cps)
{
    std::string out;
    out.reserve(cps.size());
    for (char32_t c : cps) appendUtf8(out, c);
    return out;
}

// --- character classes (ASCII exact; beyond it a compact approximation of Unicode) -------------
bool isSpaceCp(char32_t c)
{
    if (c < 128) return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
    return c == 0x85 || c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029
        || c == 0x202f || c == 0x205f || c == 0x3000;
}
bool isDigitCp(char32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    return c == 0xb2 || c == 0xb3 || c == 0xb9 || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)
        || (c >= 0x966 && c <= 0x96f) || (c >= 0xff10 && c <= 0xff19) || (c >= 0x2070 && c <= 0x2079 && c != 0x2071 && c != 0x2072 && c != 0x2073);
}
bool isDecimalCp(char32_t c)
{
    if (c < 128) return c >= '0' && c <= '9';
    return (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x966 && c <= 0x96f) || (c >= 0xff10 && c <= 0xff19);
}
bool isNumericCp(char32_t c) { return isDigitCp(c) || c == 0xbc || c == 0xbd || c == 0xbe || (c >= 0x2150 && c <= 0x218b) || (c >= 0x4e00 && c <= 0x4e5d && (c == 0x4e00 || c == 0x4e8c || c == 0x4e09)); }
char32_t lowerCp(char32_t c);
char32_t upperCp(char32_t c);
bool isAlphaCp(char32_t c)
{
    if (c < 128) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (c < 0x100) return c == 0xaa || c == 0xb5 || c == 0xba || (c >= 0xc0 && c != 0xd7 && c != 0xf7);
    if (isSpaceCp(c) || isDigitCp(c)) return false;
    if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xfe00 && c <= 0xfe6f) || (c >= 0xff00 && c <= 0xff20)
        || (c >= 0x1f000 && c <= 0x1faff) || (c >= 0xd800 && c <= 0xf8ff) || (c >= 0x300 && c <= 0x36f))
        return false;
    return true;
}
bool isCasedLower(char32_t c) { return upperCp(c) != c || c == 0xdf; }
bool isCasedUpper(char32_t c) { return lowerCp(c) != c; }

char32_t lowerCp(char32_t c)
{
    if (c < 128) return c >= 'A' && c <= 'Z' ? c + 32 : c;
    if (c >= 0xc0 && c <= 0xde && c != 0xd7) return c + 32;
    if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
    if (c >= 0x410 && c <= 0x42f) return c + 32;
    if (c >= 0x400 && c <= 0x40f) return c + 80;
    if (c >= 0x100 && c <= 0x17f && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17f) {
        bool evenUpper = !((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e));
        if (evenUpper ? (c % 2 == 0) : (c % 2 == 1)) return c + 1;
        return c;
    }
    if (c == 0x178) return 0xff;
    return c;
}

char32_t upperCp(char32_t c)
{
    if (c < 128) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 32;
    if (c == 0xff) return 0x178;
    if (c == 0xb5) return 0x39c;
    if (c >= 0x3b1 && c <= 0x3c9) return c == 0x3c2 ? 0x3a3 : c - 32;
    if (c >= 0x430 && c <= 0x44f) return c - 32;
    if (c >= 0x450 && c <= 0x45f) return c - 80;
    if (c >= 0x100 && c <= 0x17f && c != 0x130 && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17f) {
        bool evenUpper = !((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e));
        if (evenUpper ? (c % 2 == 1) : (c % 2 == 0)) return c - 1;
        return c;
    }
    return c;
}

void appendUpper(std::string& out, char32_t c)
{
    if (c == 0xdf) {
        out += "SS";
        return;
    }
    appendUtf8(out, upperCp(c));
}

// --- construction helpers ---------------------------------------------------------------------
Ref<Object> makeStr(std::string s)
{
    if (s.size() <= 1) {
        if (s.empty()) return Ref<Object>(g_empty);
        auto c = static_cast<unsigned char>(s[0]);
        if (c < 128) return Ref<Object>(g_chars[c]);
    }
    return Ref<Object>(new StrObject(types().str, std::move(s)));
}

Ref<Object> charAt(const StrObject* s, int64_t i)
{
    if (s->isAscii()) return Ref<Object>(g_chars[static_cast<unsigned char>(s->text()[static_cast<size_t>(i)])]);
    std::string out;
    appendUtf8(out, s->codePoints()[static_cast<size_t>(i)]);
    return makeStr(std::move(out));
}

// Code-point slice [start, stop) of s.
std::string_view cpSlice(const StrObject* s, int64_t start, int64_t stop)
{
    if (stop <= start) return {};
    size_t b = s->byteOffset(start);
    size_t e = s->byteOffset(stop);
    return s->view().substr(b, e - b);
}

int64_t cpIndexOfByte(const StrObject* s, size_t byte)
{
    if (s->isAscii()) return static_cast<int64_t>(byte);
    return static_cast<int64_t>(support::detail::codePointCount(s->view().substr(0, byte)));
}

StrObject* argStr(Object* o, const char* method, int argNo = 0)
{
    if (!isStr(o)) {
        if (argNo)
            raise(types().TypeError, std::string(method) + "() argument " + std::to_string(argNo) + " must be str, not " + typeName(o));
        raise(types().TypeError, "must be str, not " + typeName(o));
    }
    return asStr(o);
}

// --- slots ------------------------------------------------------------------------------------
Ref<Object> strReprSlot(Object* o) { return newStr(strRepr(asStr(o)->view())); }
Ref<Object> strStrSlot(Object* o)
{
    if (o->type() == types().str) return Ref<Object>(o);
    return newStr(asStr(o)->view());
}
int64_t strHashSlot(Object* o) { return asStr(o)->hash(); }

Ref<Object> strRichCompare(Object* a, Object* b, CompareOp op)
{
    if (!isStr(b)) return Ref<Object>(NotImplemented());
    int c = asStr(a)->view().compare(asStr(b)->view());
    bool r = false;
    switch (op) {
    case CompareOp::Lt: r = c < 0; break;
    case CompareOp::Le: r = c <= 0; break;
    case CompareOp::Eq: r = c == 0; break;
    case CompareOp::Ne: r = c != 0; break;
    case CompareOp::Gt: r = c > 0; break;
    case CompareOp::Ge: r = c >= 0; break;
    }
    return Ref<Object>(boolObject(r));
}

Ref<Object> strAdd(Object* a, Object* b)
{
    if (!isStr(a) || !isStr(b)) return Ref<Object>(NotImplemented());
    std::string s;
    const size_t total = asStr(a)->text().size() + asStr(b)->text().size();
    if (total >= (size_t(1) << 20)) checkMemory(total);
    s.reserve(total);
    s += asStr(a)->view();
    s += asStr(b)->view();
    return makeStr(std::move(s));
}

Ref<Object> repeatStr(StrObject* s, Object* count)
{
    int64_t n = indexClamped(count);
    if (n <= 0 || s->text().empty()) return makeStr({});
    if (n > INT64_MAX / static_cast<int64_t>(s->text().size())) raise(types().OverflowError, "repeated string is too long");
    checkMemory(s->text().size() * static_cast<size_t>(n));
    std::string out;
    out.reserve(s->text().size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out += s->view();
    return makeStr(std::move(out));
}

Ref<Object> strMul(Object* a, Object* b)
{
    if (isStr(a) && b->type()->slots.index) return repeatStr(asStr(a), b);
    if (isStr(b) && a->type()->slots.index) return repeatStr(asStr(b), a);
    return Ref<Object>(NotImplemented());
}

Ref<Object> percentFormat(StrObject* tmpl, Object* args);

Ref<Object> strMod(Object* a, Object* b)
{
    if (!isStr(a)) return Ref<Object>(NotImplemented());
    return percentFormat(asStr(a), b);
}

int64_t strLen(Object* o) { return asStr(o)->length(); }

Ref<Object> strGetItem(Object* o, Object* key)
{
    StrObject* s = asStr(o);
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, s->length(), start, stop, step);
        if (step == 1) return makeStr(std::string(cpSlice(s, start, start + n)));
        std::string out;
        if (s->isAscii()) {
            for (int64_t i = 0, j = start; i < n; ++i, j += step) out += s->text()[static_cast<size_t>(j)];
        } else {
            const auto& cps = s->codePoints();
            for (int64_t i = 0, j = start; i < n; ++i, j += step) appendUtf8(out, cps[static_cast<size_t>(j)]);
        }
        return makeStr(std::move(out));
    }
    if (!key->type()->slots.index) raise(types().TypeError, "string indices must be integers, not '" + typeName(key) + "'");
    int64_t i = indexClamped(key);
    if (i < 0) i += s->length();
    if (i < 0 || i >= s->length()) raise(types().IndexError, "string index out of range");
    return charAt(s, i);
}

bool strContains(Object* o, Object* item)
{
    if (!isStr(item)) raise(types().TypeError, "'in <string>' requires string as left operand, not " + typeName(item));
    return asStr(o)->view().find(asStr(item)->view()) != std::string_view::npos;
}

Ref<Object> strIter(Object* o) { return newSeqIter(types().strIterator, Ref<Object>(o)); }

Ref<Object> strIterNext(Object* it)
{
    auto* i = static_cast<IterObject*>(it);
    if (!i->seq) return {};
    StrObject* s = asStr(i->seq.get());
    if (i->index >= s->length()) {
        i->seq = nullptr;
        return {};
    }
    if (s->isAscii()) return charAt(s, i->index++);
    // Walk bytes with `end` as the byte cursor so iteration stays linear.
    size_t pos = static_cast<size_t>(i->end);
    size_t start = pos;
    decodeUtf8(s->view(), pos);
    i->end = static_cast<int64_t>(pos);
    ++i->index;
    return makeStr(std::string(s->view().substr(start, pos - start)));
}

Ref<Object> strNew(TypeObject* type, CallArgs args)
{
    Object* out[3];
    parseArgs("str", args, { "object=", "encoding=", "errors=" }, out);
    Ref<Object> value;
    if (!out[0]) {
        value = makeStr({});
    } else if (out[1] || out[2]) {
        if (out[0]->type() != types().bytes) raise(types().TypeError, "decoding str is not supported");
        value = callMethod(out[0], "decode", {});
    } else {
        value = str(out[0]);
    }
    if (type == types().str) return value;
    return Ref<Object>(new WithDict<StrObject>(type, std::string(strView(value.get()))));
}

// --- methods ------------------------------------------------------------------------------------
#define SELF StrObject* s = asStr(self)

Ref<Object> mapChars(Object* self, CallArgs args, const char* name, void (*fn)(std::string&, char32_t))
{
    checkArgCount(name, args, 0, 0);
    SELF;
    std::string out;
    out.reserve(s->text().size());
    size_t pos = 0;
    while (pos < s->text().size()) fn(out, decodeUtf8(s->view(), pos));
    return makeStr(std::move(out));
}

Ref<Object> strUpper(Object* self, CallArgs a)
{
    return mapChars(self, a, "upper", [](std::string& o, char32_t c) { appendUpper(o, c); });
}
Ref<Object> strLower(Object* self, CallArgs a)
{
    return mapChars(self, a, "lower", [](std::string& o, char32_t c) { appendUtf8(o, lowerCp(c)); });
}
Ref<Object> strCasefold(Object* self, CallArgs a)
{
    return mapChars(self, a, "casefold", [](std::string& o, char32_t c) {
        if (c == 0xdf)
            o += "ss";
        else
            appendUtf8(o, lowerCp(c));
    });
}
Ref<Object> strSwapcase(Object* self, CallArgs a)
{
    return mapChars(self, a, "swapcase", [](std::string& o, char32_t c) {
        if (isCasedUpper(c))
            appendUtf8(o, lowerCp(c));
        else
            appendUpper(o, c);
    });
}

bool isCased(char32_t c) { return isCasedUpper(c) || isCasedLower(c); }

Ref<Object> strTitle(Object* self, CallArgs args)
{
    checkArgCount("title", args, 0, 0);
    SELF;
    std::string out;
    bool prevCased = false;
    size_t pos = 0;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        if (prevCased)
            appendUtf8(out, lowerCp(c));
        else
            appendUpper(out, c);
        prevCased = isCased(c);
    }
    return makeStr(std::move(out));
}

Ref<Object> strCapitalize(Object* self, CallArgs args)
{
    checkArgCount("capitalize", args, 0, 0);
    SELF;
    std::string out;
    size_t pos = 0;
    bool first = true;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        if (first)
            appendUpper(out, c);
        else
            appendUtf8(out, lowerCp(c));
        first = false;
    }
    return makeStr(std::move(out));
}

template <bool (*Pred)(char32_t)>
Ref<Object> allChars(Object* self, CallArgs args)
{
    checkArgCount("is", args, 0, 0);
    SELF;
    if (s->text().empty()) return Ref<Object>(False());
    size_t pos = 0;
    while (pos < s->text().size())
        if (!Pred(decodeUtf8(s->view(), pos))) return Ref<Object>(False());
    return Ref<Object>(True());
}
bool isAlnumCp(char32_t c) { return isAlphaCp(c) || isNumericCp(c); }
bool isPrintableCp(char32_t c) { return isPrintable(c); }

Ref<Object> strIsPrintable(Object* self, CallArgs args)
{
    SELF;
    if (s->text().empty()) return Ref<Object>(True());
    return allChars<&isPrintableCp>(self, args);
}
Ref<Object> strIsAscii(Object* self, CallArgs)
{
    return Ref<Object>(boolObject(asStr(self)->isAscii()));
}

template <bool Upper>
Ref<Object> casedCheck(Object* self, CallArgs args)
{
    checkArgCount(Upper ? "isupper" : "islower", args, 0, 0);
    SELF;
    bool cased = false;
    size_t pos = 0;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        if (Upper ? isCasedLower(c) : isCasedUpper(c)) return Ref<Object>(False());
        if (Upper ? isCasedUpper(c) : isCasedLower(c)) cased = true;
    }
    return Ref<Object>(boolObject(cased));
}

Ref<Object> strIsTitle(Object* self, CallArgs args)
{
    checkArgCount("istitle", args, 0, 0);
    SELF;
    bool cased = false, prevCased = false;
    size_t pos = 0;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        if (isCasedUpper(c)) {
            if (prevCased) return Ref<Object>(False());
            prevCased = cased = true;
        } else if (isCasedLower(c)) {
            if (!prevCased) return Ref<Object>(False());
            prevCased = cased = true;
        } else {
            prevCased = false;
        }
    }
    return Ref<Object>(boolObject(cased));
}

Ref<Object> strIsIdentifier(Object* self, CallArgs)
{
    SELF;
    if (s->text().empty()) return Ref<Object>(False());
    size_t pos = 0;
    bool first = true;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        bool ok = c == '_' || isAlphaCp(c) || (!first && isDigitCp(c));
        if (!ok) return Ref<Object>(False());
        first = false;
    }
    return Ref<Object>(True());
}

// Strip with whitespace (chars null) or a set of characters.
Ref<Object> doStrip(Object* self, CallArgs args, const char* name, bool left, bool right)
{
    checkArgCount(name, args, 0, 1);
    SELF;
    std::u32string chars;
    bool ws = args.nargs == 0 || args[0] == None();
    if (!ws) {
        if (!isStr(args[0])) raise(types().TypeError, std::string(name) + " arg must be None or str");
        chars = decode(strView(args[0]));
    }
    auto strip = [&](char32_t c) { return ws ? isSpaceCp(c) : chars.find(c) != std::u32string::npos; };
    if (s->isAscii()) {
        std::string_view v = s->view();
        size_t b = 0, e = v.size();
        if (left)
            while (b < e && strip(static_cast<unsigned char>(v[b]))) ++b;
        if (right)
            while (e > b && strip(static_cast<unsigned char>(v[e - 1]))) --e;
        if (b == 0 && e == v.size() && self->type() == types().str) return Ref<Object>(self);
        return makeStr(std::string(v.substr(b, e - b)));
    }
    const auto& cps = s->codePoints();
    size_t b = 0, e = cps.size();
    if (left)
        while (b < e && strip(cps[b])) ++b;
    if (right)
        while (e > b && strip(cps[e - 1])) --e;
    return makeStr(encode(std::u32string_view(cps).substr(b, e - b)));
}
Ref<Object> strStrip(Object* self, CallArgs a) { return doStrip(self, a, "strip", true, true); }
Ref<Object> strLStrip(Object* self, CallArgs a) { return doStrip(self, a, "lstrip", true, false); }
Ref<Object> strRStrip(Object* self, CallArgs a) { return doStrip(self, a, "rstrip", false, true); }

// Resolves optional start/end arguments (code points) into a byte range.
void byteRange(StrObject* s, CallArgs args, size_t first, size_t& b, size_t& e, int64_t& cpStart)
{
    int64_t len = s->length();
    int64_t start = 0, end = len;
    auto clampArg = [&](Object* o, int64_t& v) {
        if (o == None()) return;
        v = indexClamped(o);
        if (v < 0) v = std::max<int64_t>(0, v + len);
        v = std::min(v, len);
    };
    if (args.nargs > first) clampArg(args[first], start);
    if (args.nargs > first + 1) clampArg(args[first + 1], end);
    cpStart = start;
    if (end < start) {
        b = e = std::string::npos;
        return;
    }
    b = s->byteOffset(start);
    e = s->byteOffset(end);
}

int64_t findImpl(Object* self, CallArgs args, const char* name, bool reverse)
{
    checkArgCount(name, args, 1, 3);
    SELF;
    StrObject* sub = argStr(args[0], name);
    size_t b, e;
    int64_t cpStart;
    byteRange(s, args, 1, b, e, cpStart);
    if (b == std::string::npos) return -1;
    std::string_view hay = s->view().substr(b, e - b);
    size_t r = reverse ? hay.rfind(sub->view()) : hay.find(sub->view());
    if (r == std::string_view::npos) return -1;
    return cpIndexOfByte(s, b + r);
}
Ref<Object> strFind(Object* self, CallArgs a) { return newInt(findImpl(self, a, "find", false)); }
Ref<Object> strRFind(Object* self, CallArgs a) { return newInt(findImpl(self, a, "rfind", true)); }
Ref<Object> strIndex(Object* self, CallArgs a)
{
    int64_t r = findImpl(self, a, "index", false);
    if (r < 0) raise(types().ValueError, "substring not found");
    return newInt(r);
}
Ref<Object> strRIndex(Object* self, CallArgs a)
{
    int64_t r = findImpl(self, a, "rindex", true);
    if (r < 0) raise(types().ValueError, "substring not found");
    return newInt(r);
}

Ref<Object> strCount(Object* self, CallArgs args)
{
    checkArgCount("count", args, 1, 3);
    SELF;
    StrObject* sub = argStr(args[0], "count");
    size_t b, e;
    int64_t cpStart;
    byteRange(s, args, 1, b, e, cpStart);
    if (b == std::string::npos) return newInt(0);
    std::string_view hay = s->view().substr(b, e - b);
    if (sub->text().empty()) return newInt(static_cast<int64_t>(support::detail::codePointCount(hay)) + 1);
    int64_t n = 0;
    for (size_t p = hay.find(sub->view()); p != std::string_view::npos; p = hay.find(sub->view(), p + sub->text().size())) ++n;
    return newInt(n);
}

Ref<Object> affixCheck(Object* self, CallArgs args, const char* name, bool prefix)
{
    checkArgCount(name, args, 1, 3);
    SELF;
    size_t b, e;
    int64_t cpStart;
    byteRange(s, args, 1, b, e, cpStart);
    auto test = [&](Object* x) {
        if (!isStr(x))
            raise(types().TypeError, std::string(name) + " first arg must be str or a tuple of str, not " + typeName(x));
        if (b == std::string::npos) return false;
        std::string_view hay = s->view().substr(b, e - b);
        std::string_view a = strView(x);
        if (a.size() > hay.size()) return false;
        return prefix ? hay.substr(0, a.size()) == a : hay.substr(hay.size() - a.size()) == a;
    };
    if (isTuple(args[0])) {
        for (const auto& x : tupleItems(args[0]))
            if (test(x.get())) return Ref<Object>(True());
        return Ref<Object>(False());
    }
    return Ref<Object>(boolObject(test(args[0])));
}
Ref<Object> strStartsWith(Object* self, CallArgs a) { return affixCheck(self, a, "startswith", true); }
Ref<Object> strEndsWith(Object* self, CallArgs a) { return affixCheck(self, a, "endswith", false); }

Ref<Object> strReplace(Object* self, CallArgs args)
{
    checkArgCount("replace", args, 2, 3);
    SELF;
    std::string_view from = argStr(args[0], "replace", 1)->view();
    std::string_view to = argStr(args[1], "replace", 2)->view();
    int64_t count = args.nargs > 2 ? indexClamped(args[2]) : -1;
    std::string_view v = s->view();
    std::string out;
    if (from.empty()) {
        // Inserts `to` before every code point and at the end.
        size_t pos = 0;
        int64_t n = 0;
        while (true) {
            if (count >= 0 && n >= count) {
                out += v.substr(pos);
                break;
            }
            out += to;
            ++n;
            if (pos >= v.size()) break;
            size_t next = pos;
            decodeUtf8(v, next);
            out += v.substr(pos, next - pos);
            pos = next;
        }
        return makeStr(std::move(out));
    }
    size_t pos = 0;
    int64_t n = 0;
    while (count < 0 || n < count) {
        size_t f = v.find(from, pos);
        if (f == std::string_view::npos) break;
        out += v.substr(pos, f - pos);
        out += to;
        pos = f + from.size();
        ++n;
    }
    if (n == 0 && self->type() == types().str) return Ref<Object>(self);
    out += v.substr(pos);
    return makeStr(std::move(out));
}

std::vector<Ref<Object>> splitWhitespace(StrObject* s, int64_t maxsplit, bool reverse)
{
    std::vector<Ref<Object>> parts;
    const std::u32string* cpsPtr = s->isAscii() ? nullptr : &s->codePoints();
    int64_t n = s->length();
    auto at = [&](int64_t i) -> char32_t { return cpsPtr ? (*cpsPtr)[static_cast<size_t>(i)] : static_cast<unsigned char>(s->text()[static_cast<size_t>(i)]); };
    auto piece = [&](int64_t b, int64_t e) { return makeStr(std::string(cpSlice(s, b, e))); };
    if (!reverse) {
        int64_t i = 0;
        while (true) {
            while (i < n && isSpaceCp(at(i))) ++i;
            if (i >= n) break;
            if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) >= maxsplit) {
                int64_t e = n;
                while (e > i && isSpaceCp(at(e - 1))) --e;
                parts.push_back(piece(i, e));
                break;
            }
            int64_t j = i;
            while (j < n && !isSpaceCp(at(j))) ++j;
            parts.push_back(piece(i, j));
            i = j;
        }
    } else {
        int64_t i = n;
        while (true) {
            while (i > 0 && isSpaceCp(at(i - 1))) --i;
            if (i <= 0) break;
            if (maxsplit >= 0 && static_cast<int64_t>(parts.size()) >= maxsplit) {
                int64_t b = 0;
                while (b < i && isSpaceCp(at(b))) ++b;
                parts.push_back(piece(b, i));
                break;
            }
            int64_t j = i;
            while (j > 0 && !isSpaceCp(at(j - 1))) --j;
            parts.push_back(piece(j, i));
            i = j;
        }
        std::reverse(parts.begin(), parts.end());
    }
    return parts;
}

Ref<Object> splitImpl(Object* self, CallArgs args, const char* name, bool reverse)
{
    Object* out[2];
    parseArgs(name, args, { "sep=", "maxsplit=" }, out);
    SELF;
    int64_t maxsplit = out[1] ? indexClamped(out[1]) : -1;
    if (!out[0] || out[0] == None()) return newList(splitWhitespace(s, maxsplit, reverse));
    std::string_view sep = argStr(out[0], name)->view();
    if (sep.empty()) raise(types().ValueError, "empty separator");
    std::string_view v = s->view();
    std::vector<Ref<Object>> parts;
    if (!reverse) {
        size_t pos = 0;
        while (maxsplit < 0 || static_cast<int64_t>(parts.size()) < maxsplit) {
            size_t f = v.find(sep, pos);
            if (f == std::string_view::npos) break;
            parts.push_back(makeStr(std::string(v.substr(pos, f - pos))));
            pos = f + sep.size();
        }
        parts.push_back(makeStr(std::string(v.substr(pos))));
    } else {
        size_t end = v.size();
        while (maxsplit < 0 || static_cast<int64_t>(parts.size()) < maxsplit) {
            if (end < sep.size()) break;
            size_t f = v.rfind(sep, end - sep.size());
            if (f == std::string_view::npos) break;
            parts.push_back(makeStr(std::string(v.substr(f + sep.size(), end - f - sep.size()))));
            end = f;
        }
        parts.push_back(makeStr(std::string(v.substr(0, end))));
        std::reverse(parts.begin(), parts.end());
    }
    return newList(std::move(parts));
}
Ref<Object> strSplit(Object* self, CallArgs a) { return splitImpl(self, a, "split", false); }
Ref<Object> strRSplit(Object* self, CallArgs a) { return splitImpl(self, a, "rsplit", true); }

Ref<Object> strSplitLines(Object* self, CallArgs args)
{
    Object* out[1];
    parseArgs("splitlines", args, { "keepends=" }, out);
    bool keep = out[0] && isTrue(out[0]);
    SELF;
    const std::u32string cps = decode(s->view());
    std::vector<Ref<Object>> parts;
    size_t i = 0, n = cps.size();
    auto isBreak = [](char32_t c) {
        return c == '\n' || c == '\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
    };
    while (i < n) {
        size_t j = i;
        while (j < n && !isBreak(cps[j])) ++j;
        size_t eol = j;
        if (j < n) {
            if (cps[j] == '\r' && j + 1 < n && cps[j + 1] == '\n')
                j += 2;
            else
                ++j;
            if (keep) eol = j;
        }
        parts.push_back(makeStr(encode(std::u32string_view(cps).substr(i, eol - i))));
        i = j;
    }
    return newList(std::move(parts));
}

Ref<Object> strJoin(Object* self, CallArgs args)
{
    checkArgCount("join", args, 1, 1);
    SELF;
    std::vector<Ref<Object>> items = toVector(args[0]);
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (!isStr(items[i].get()))
            raise(types().TypeError, "sequence item " + std::to_string(i) + ": expected str instance, " + typeName(items[i].get()) + " found");
        if (i) out += s->view();
        out += strView(items[i].get());
        if (out.size() >= (size_t(1) << 20) && out.size() > 2 * out.capacity() / 3) checkMemory(out.size() * 2);
    }
    return makeStr(std::move(out));
}

Ref<Object> partitionImpl(Object* self, CallArgs args, bool reverse)
{
    checkArgCount(reverse ? "rpartition" : "partition", args, 1, 1);
    SELF;
    std::string_view sep = argStr(args[0], "partition")->view();
    if (sep.empty()) raise(types().ValueError, "empty separator");
    std::string_view v = s->view();
    size_t f = reverse ? v.rfind(sep) : v.find(sep);
    if (f == std::string_view::npos) {
        if (reverse) return newTuple({ makeStr({}).get(), makeStr({}).get(), self });
        return newTuple({ self, makeStr({}).get(), makeStr({}).get() });
    }
    return newTuple({ makeStr(std::string(v.substr(0, f))).get(), args[0], makeStr(std::string(v.substr(f + sep.size()))).get() });
}
Ref<Object> strPartition(Object* self, CallArgs a) { return partitionImpl(self, a, false); }
Ref<Object> strRPartition(Object* self, CallArgs a) { return partitionImpl(self, a, true); }

char32_t fillArg(CallArgs args, const char* name)
{
    if (args.nargs < 2) return ' ';
    if (!isStr(args[1]) || asStr(args[1])->length() != 1)
        raise(types().TypeError, std::string("The fill character must be exactly one character long"));
    size_t pos = 0;
    return decodeUtf8(strView(args[1]), pos);
}

Ref<Object> padImpl(Object* self, CallArgs args, const char* name, int where)
{
    checkArgCount(name, args, 1, 2);
    SELF;
    int64_t width = indexClamped(args[0]);
    char32_t fill = fillArg(args, name);
    int64_t len = s->length();
    if (width <= len) return self->type() == types().str ? Ref<Object>(self) : makeStr(s->text());
    int64_t total = width - len, left;
    if (where == 0) left = 0;
    else if (where == 2) left = total;
    else left = total / 2 + (total & width & 1); // CPython's centering rule
    std::string out;
    support::detail::appendRepeated(out, fill, left);
    out += s->view();
    support::detail::appendRepeated(out, fill, total - left);
    return makeStr(std::move(out));
}
Ref<Object> strLJust(Object* self, CallArgs a) { return padImpl(self, a, "ljust", 0); }
Ref<Object> strCenter(Object* self, CallArgs a) { return padImpl(self, a, "center", 1); }
Ref<Object> strRJust(Object* self, CallArgs a) { return padImpl(self, a, "rjust", 2); }

Ref<Object> strZFill(Object* self, CallArgs args)
{
    checkArgCount("zfill", args, 1, 1);
    SELF;
    int64_t width = indexClamped(args[0]);
    int64_t len = s->length();
    if (width <= len) return makeStr(s->text());
    std::string v = s->text();
    std::string sign;
    if (!v.empty() && (v[0] == '+' || v[0] == '-')) {
        sign = v.substr(0, 1);
        v.erase(0, 1);
    }
    return makeStr(sign + std::string(static_cast<size_t>(width - len), '0') + v);
}

Ref<Object> strExpandTabs(Object* self, CallArgs args)
{
    Object* out[1];
    parseArgs("expandtabs", args, { "tabsize=" }, out);
    int64_t tab = out[0] ? indexClamped(out[0]) : 8;
    SELF;
    std::string res;
    int64_t col = 0;
    size_t pos = 0;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        if (c == '\t') {
            if (tab > 0) {
                int64_t n = tab - col % tab;
                res.append(static_cast<size_t>(n), ' ');
                col += n;
            }
        } else {
            appendUtf8(res, c);
            col = (c == '\n' || c == '\r') ? 0 : col + 1;
        }
    }
    return makeStr(std::move(res));
}

Ref<Object> strRemovePrefix(Object* self, CallArgs args)
{
    checkArgCount("removeprefix", args, 1, 1);
    std::string_view v = asStr(self)->view(), p = argStr(args[0], "removeprefix", 1)->view();
    if (v.substr(0, p.size()) == p && !p.empty()) return makeStr(std::string(v.substr(p.size())));
    return makeStr(std::string(v));
}
Ref<Object> strRemoveSuffix(Object* self, CallArgs args)
{
    checkArgCount("removesuffix", args, 1, 1);
    std::string_view v = asStr(self)->view(), p = argStr(args[0], "removesuffix", 1)->view();
    if (!p.empty() && v.size() >= p.size() && v.substr(v.size() - p.size()) == p) return makeStr(std::string(v.substr(0, v.size() - p.size())));
    return makeStr(std::string(v));
}

Ref<Object> strEncode(Object* self, CallArgs args)
{
    Object* out[2];
    parseArgs("encode", args, { "encoding=", "errors=" }, out);
    std::string enc = out[0] ? std::string(argStr(out[0], "encode", 1)->view()) : "utf-8";
    for (auto& c : enc) c = static_cast<char>(c == '_' ? '-' : std::tolower(static_cast<unsigned char>(c)));
    SELF;
    if (enc == "utf-8" || enc == "utf8") return newBytes(s->text());
    if (enc == "ascii" || enc == "latin-1" || enc == "latin1" || enc == "iso-8859-1") {
        char32_t limit = enc == "ascii" ? 128 : 256;
        std::string outb;
        size_t pos = 0;
        int64_t i = 0;
        while (pos < s->text().size()) {
            char32_t c = decodeUtf8(s->view(), pos);
            if (c >= limit)
                raise(types().UnicodeEncodeError, "'" + std::string(enc == "ascii" ? "ascii" : "latin-1") + "' codec can't encode character " + strRepr(encode(std::u32string(1, c))) + " in position " + std::to_string(i) + ": ordinal not in range(" + std::to_string(limit) + ")");
            outb += static_cast<char>(c);
            ++i;
        }
        return newBytes(outb);
    }
    raise(types().LookupError, "unknown encoding: " + enc);
}

Ref<Object> strFormatMethod(Object* self, CallArgs args);
Ref<Object> strFormatMap(Object* self, CallArgs args);

Ref<Object> strDunderFormat(Object* self, CallArgs args)
{
    checkArgCount("__format__", args, 1, 1);
    if (!isStr(args[0])) raise(types().TypeError, "argument to __format__ must be str, not " + typeName(args[0]));
    support::FormatResult r = support::formatString(asStr(self)->view(), strView(args[0]));
    if (!r.ok()) raiseFormatError(static_cast<int>(r.errorKind), r.error);
    return makeStr(std::move(r.text));
}

Ref<Object> strGetNewArgs(Object* self, CallArgs) { return newTuple({ makeStr(asStr(self)->text()).get() }); }

Ref<Object> strMakeTrans(Object*, CallArgs args)
{
    checkArgCount("maketrans", args, 1, 3);
    Ref<DictObject> d = newDict();
    if (args.nargs == 1) {
        if (!isDict(args[0])) raise(types().TypeError, "if you give only one argument to maketrans it must be a dict");
        for (auto [k, v] : dictItems(asDict(args[0]))) {
            Ref<Object> key(k);
            if (isStr(k)) {
                if (asStr(k)->length() != 1) raise(types().ValueError, "string keys in translate table must be of length 1");
                size_t p = 0;
                key = newInt(decodeUtf8(strView(k), p));
            }
            d->set(key.get(), Ref<Object>(v));
        }
        return d;
    }
    std::u32string a = decode(argStr(args[0], "maketrans", 1)->view());
    std::u32string b = decode(argStr(args[1], "maketrans", 2)->view());
    if (a.size() != b.size()) raise(types().ValueError, "the first two maketrans arguments must have equal length");
    for (size_t i = 0; i < a.size(); ++i) d->set(newInt(a[i]).get(), newInt(b[i]));
    if (args.nargs == 3)
        for (char32_t c : decode(argStr(args[2], "maketrans", 3)->view())) d->set(newInt(c).get(), Ref<Object>(None()));
    return d;
}

Ref<Object> strTranslate(Object* self, CallArgs args)
{
    checkArgCount("translate", args, 1, 1);
    SELF;
    std::string out;
    size_t pos = 0;
    while (pos < s->text().size()) {
        char32_t c = decodeUtf8(s->view(), pos);
        Ref<Object> key = newInt(c);
        Ref<Object> v;
        try {
            v = getItem(args[0], key.get());
        } catch (const PyException& e) {
            if (!isInstance(e.exception().get(), types().LookupError)) throw;
            appendUtf8(out, c);
            continue;
        }
        if (v.get() == None()) continue;
        if (isInt(v.get()))
            appendUtf8(out, static_cast<char32_t>(intValue(v.get())));
        else if (isStr(v.get()))
            out += strView(v.get());
        else
            raise(types().TypeError, "character mapping must return integer, None or str");
    }
    return makeStr(std::move(out));
}

// --- str.format and % ---------------------------------------------------------------------------
TypeObject* errorType(support::FormatErrorKind k)
{
    using K = support::FormatErrorKind;
    switch (k) {
    case K::OverflowError: return types().OverflowError;
    case K::TypeError: return types().TypeError;
    case K::KeyError: return types().KeyError;
    case K::IndexError: return types().IndexError;
    default: return types().ValueError;
    }
}

std::string renderFormat(const std::vector<support::StrFormatPiece>& pieces, CallArgs args, Object* mapping, int depth);

Ref<Object> resolveField(const support::ReplacementField& f, CallArgs args, Object* mapping)
{
    if (!f.nameError.empty()) raise(errorType(f.nameErrorKind), f.nameError);
    Ref<Object> value;
    if (f.index) {
        int64_t i = *f.index;
        if (mapping || i < 0 || static_cast<size_t>(i) >= args.nargs) {
            if (mapping) raise(types().ValueError, "Format string contains positional fields");
            raise(types().IndexError, "Replacement index " + std::to_string(i) + " out of range for positional args tuple");
        }
        value = Ref<Object>(args[static_cast<size_t>(i)]);
    } else {
        Ref<Object> key = newStr(f.keyword);
        if (mapping) {
            value = getItem(mapping, key.get());
        } else {
            Object* v = keywordArgument(args, f.keyword);
            if (!v) raise(newException(types().KeyError, std::vector<Ref<Object>> { key }));
            value = Ref<Object>(v);
        }
    }
    for (const auto& acc : f.accessors) {
        if (acc.isAttribute) {
            value = getAttr(value.get(), acc.name);
        } else if (acc.index) {
            Ref<Object> k = newInt(*acc.index);
            value = getItem(value.get(), k.get());
        } else {
            Ref<Object> k = newStr(acc.name);
            value = getItem(value.get(), k.get());
        }
    }
    if (!f.accessorError.empty()) raise(errorType(f.accessorErrorKind), f.accessorError);
    return value;
}

std::string renderFormat(const std::vector<support::StrFormatPiece>& pieces, CallArgs args, Object* mapping, int depth)
{
    if (depth > 2) raise(types().ValueError, "Max string recursion exceeded");
    std::string out;
    for (const auto& p : pieces) {
        switch (p.kind) {
        case support::StrFormatPiece::Kind::Literal: out += p.text; break;
        case support::StrFormatPiece::Kind::Error: raise(errorType(p.errorKind), p.text);
        case support::StrFormatPiece::Kind::Field: {
            const auto& f = *p.field;
            Ref<Object> value = resolveField(f, args, mapping);
            if (!f.conversionError.empty()) raise(types().ValueError, f.conversionError);
            if (f.conversion == 'r')
                value = repr(value.get());
            else if (f.conversion == 's')
                value = str(value.get());
            else if (f.conversion == 'a')
                value = newStr(asciiEscape(reprText(value.get())));
            std::string spec;
            if (auto lit = support::literalSpec(f.spec))
                spec = *lit;
            else
                spec = renderFormat(f.spec, args, mapping, depth + 1);
            Ref<Object> specObj = newStr(spec);
            Ref<Object> r = formatObject(value.get(), specObj.get());
            out += strView(r.get());
            break;
        }
        }
    }
    return out;
}

Ref<Object> strFormatMethod(Object* self, CallArgs args)
{
    auto pieces = support::parseStrFormat(asStr(self)->view());
    return makeStr(renderFormat(pieces, args, nullptr, 0));
}

Ref<Object> strFormatMap(Object* self, CallArgs args)
{
    checkArgCount("format_map", args, 1, 1);
    auto pieces = support::parseStrFormat(asStr(self)->view());
    return makeStr(renderFormat(pieces, CallArgs {}, args[0], 0));
}

Ref<Object> percentFormat(StrObject* tmpl, Object* args)
{
    bool tuple = isTuple(args);
    bool mapping = !tuple && !isStr(args) && args->type()->slots.getitem;
    int64_t tsize = tuple ? static_cast<int64_t>(tupleItems(args).size()) : 0;
    support::PercentArgCursor cursor(tuple, tsize, mapping);
    std::vector<support::PercentPiece> pieces = support::parsePercentTemplate(tmpl->view());
    std::string out;
    auto take = [&](Ref<Object>& keyed) -> Object* {
        std::optional<int64_t> i = cursor.next();
        if (!i) raise(types().TypeError, "not enough arguments for format string");
        if (*i < 0) return keyed ? keyed.get() : args;
        return tupleItems(args)[static_cast<size_t>(*i)].get();
    };
    for (auto& piece : pieces) {
        if (piece.isLiteral) {
            out += piece.literal;
            continue;
        }
        support::PercentSpec spec = piece.spec;
        Ref<Object> keyed;
        if (spec.key) {
            if (!cursor.isMapping()) raise(types().TypeError, "format requires a mapping");
            Ref<Object> k = newStr(*spec.key);
            keyed = getItem(args, k.get());
            cursor.enterKeyedValue();
        }
        if (spec.widthFromArg) {
            Object* w = take(keyed);
            if (!isInt(w)) raise(types().TypeError, "* wants int");
            support::applyStarWidth(spec, intValue(w));
        }
        if (spec.precisionFromArg) {
            Object* p = take(keyed);
            if (!isInt(p)) raise(types().TypeError, "* wants int");
            support::applyStarPrecision(spec, intValue(p));
        }
        if (!spec.parseError.empty()) raise(errorType(spec.parseErrorKind), spec.parseError);
        Object* v = take(keyed);
        if (!spec.conversionError.empty()) raise(errorType(spec.conversionErrorKind), spec.conversionError);
        char32_t c = spec.conversion;
        switch (c) {
        case 's': out += support::formatPercentText(strText(v), spec); break;
        case 'r': out += support::formatPercentText(reprText(v), spec); break;
        case 'a': out += support::formatPercentText(asciiEscape(reprText(v)), spec); break;
        case 'c': {
            if (isStr(v)) {
                if (asStr(v)->length() != 1) raise(types().TypeError, "%c requires int or char");
                out += support::formatPercentText(strView(v), spec);
            } else if (isInt(v)) {
                mpz_t z;
                mpz_init(z);
                intToMpz(v, z);
                support::FormatResult r = support::formatPercentChar(z, spec);
                mpz_clear(z);
                if (!r.ok()) raise(errorType(r.errorKind), r.error);
                out += r.text;
            } else {
                raise(types().TypeError, "%c requires int or char");
            }
            break;
        }
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': {
            Ref<Object> iv;
            if (isInt(v)) {
                iv = Ref<Object>(v);
            } else if (isFloat(v) && (c == 'd' || c == 'i' || c == 'u')) {
                iv = v->type()->slots.toInt(v);
            } else if (v->type()->slots.index) {
                iv = index(v);
            } else if (c == 'd' || c == 'i' || c == 'u') {
                if (v->type()->slots.toInt) iv = v->type()->slots.toInt(v);
                else raise(types().TypeError, std::string("%") + static_cast<char>(c) + " format: a real number is required, not " + typeName(v));
            } else {
                raise(types().TypeError, std::string("%") + static_cast<char>(c) + " format: an integer is required, not " + typeName(v));
            }
            const IntObject* io = asInt(iv.get());
            out += io->isBig() ? support::formatPercentInteger(io->big(), spec) : support::formatPercentInteger(io->small(), spec);
            break;
        }
        default: {
            double d;
            if (isFloat(v)) d = floatValue(v);
            else if (isInt(v)) d = intToDouble(v);
            else if (v->type()->slots.toFloat) d = floatValue(v->type()->slots.toFloat(v).get());
            else raise(types().TypeError, "must be real number, not " + typeName(v));
            out += support::formatPercentFloat(d, spec);
            break;
        }
        }
        if (cursor.isMapping() && cursor.unconvertedLeft())
            raise(types().TypeError, "not all arguments converted during string formatting");
    }
    if (!cursor.isMapping() && cursor.unconvertedLeft())
        raise(types().TypeError, "not all arguments converted during string formatting");
    return makeStr(std::move(out));
}

} // namespace

// ---------------------------------------------------------------------------------------------
StrObject::StrObject(TypeObject* type, std::string utf8)
    : Object(type)
    , m_text(std::move(utf8))
    , m_length(static_cast<int64_t>(support::detail::codePointCount(m_text)))
{
}

int64_t StrObject::hash() const noexcept
{
    if (m_hash == -1) m_hash = support::hashStr(m_text);
    return m_hash;
}

const std::u32string& StrObject::codePoints() const
{
    if (m_cps.empty() && !m_text.empty()) m_cps = decode(m_text);
    return m_cps;
}

size_t StrObject::byteOffset(int64_t index) const
{
    if (isAscii()) return static_cast<size_t>(index);
    if (index >= m_length) return m_text.size();
    return support::detail::prefixBytes(m_text, static_cast<size_t>(index));
}

Ref<StrObject> newStr(std::string_view utf8)
{
    Ref<Object> s = makeStr(std::string(utf8));
    return Ref<StrObject>(static_cast<StrObject*>(s.get()));
}

namespace detail {

std::string asciiEscape(std::string_view utf8)
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    size_t pos = 0;
    while (pos < utf8.size()) {
        char32_t c = decodeUtf8(utf8, pos);
        if (c < 0x80) {
            out += static_cast<char>(c);
        } else if (c <= 0xff) {
            out += "\\x";
            out += hex[(c >> 4) & 15];
            out += hex[c & 15];
        } else if (c <= 0xffff) {
            out += "\\u";
            for (int sh = 12; sh >= 0; sh -= 4) out += hex[(c >> sh) & 15];
        } else {
            out += "\\U";
            for (int sh = 28; sh >= 0; sh -= 4) out += hex[(c >> sh) & 15];
        }
    }
    return out;
}

Ref<Object> strFromCodePoints(const std::u32string& cps) { return makeStr(encode(cps)); }

bool isPrintable(char32_t c)
{
    if (c < 0x20 || c == 0x7f) return false;
    if (c < 0x7f) return true;
    if (c <= 0xa0 || c == 0xad) return false;
    if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f)) return false;
    if (c == 0x3000 || c == 0x1680 || c == 0x180e || c == 0xfeff || c == 0x061c) return false;
    if (c >= 0xd800 && c <= 0xf8ff) return false;
    if ((c >= 0xfff0 && c <= 0xfffb) || c == 0xfffe || c == 0xffff) return false;
    if (c >= 0xe0000) return false;
    if (c == 0x0378 || c == 0x0379 || (c >= 0x0380 && c <= 0x0383) || c == 0x038b || c == 0x038d || c == 0x03a2) return false;
    return c <= 0x10ffff;
}

std::string strRepr(std::string_view utf8)
{
    bool hasSingle = utf8.find('\'') != std::string_view::npos;
    bool hasDouble = utf8.find('"') != std::string_view::npos;
    char quote = hasSingle && !hasDouble ? '"' : '\'';
    std::string out;
    out.reserve(utf8.size() + 2);
    out += quote;
    size_t pos = 0;
    static const char hex[] = "0123456789abcdef";
    while (pos < utf8.size()) {
        char32_t c = decodeUtf8(utf8, pos);
        if (c == static_cast<char32_t>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else if (c < 0x7f || !isPrintable(c)) {
            if (c <= 0xff) {
                out += "\\x";
                out += hex[(c >> 4) & 15];
                out += hex[c & 15];
            } else if (c <= 0xffff) {
                out += "\\u";
                for (int sh = 12; sh >= 0; sh -= 4) out += hex[(c >> sh) & 15];
            } else {
                out += "\\U";
                for (int sh = 28; sh >= 0; sh -= 4) out += hex[(c >> sh) & 15];
            }
        } else {
            appendUtf8(out, c);
        }
    }
    out += quote;
    return out;
}

Ref<Object> formatObject(Object* value, Object* spec)
{
    TypeObject* t = value->type();
    std::string_view sp = strView(spec);
    support::FormatResult r;
    if (t == types().str) {
        r = support::formatString(strView(value), sp);
    } else if (t == types().int_) {
        const IntObject* i = asInt(value);
        r = i->isBig() ? support::formatInteger(i->big(), sp) : support::formatInteger(i->small(), sp);
    } else if (t == types().float_) {
        r = support::formatFloat(floatValue(value), sp);
    } else {
        // A special method comes from the type, so format(SomeClass) uses type's __format__, never the class's own.
        Object* method = t->lookup(names().format);
        if (!method) raise(types().TypeError, "Type " + t->name() + " doesn't define __format__");
        Ref<Object> keep(method);
        Ref<Object> bound = method->type()->slots.descrGet ? method->type()->slots.descrGet(method, value, t) : keep;
        Ref<Object> res = call(bound.get(), CallArgs { &spec, 1, nullptr });
        if (!isStr(res.get())) raise(types().TypeError, "__format__ must return a str, not " + typeName(res.get()));
        return res;
    }
    if (!r.ok()) raiseFormatError(static_cast<int>(r.errorKind), r.error);
    return makeStr(std::move(r.text));
}

void initStr(BuiltinTypes& t)
{
    TypeObject* st = t.str;
    TypeSlots& s = st->slots;
    s.repr = &strReprSlot;
    s.str = &strStrSlot;
    s.hash = &strHashSlot;
    s.richcompare = &strRichCompare;
    s.binary[static_cast<size_t>(BinaryOp::Add)] = &strAdd;
    s.binary[static_cast<size_t>(BinaryOp::Mul)] = &strMul;
    s.binary[static_cast<size_t>(BinaryOp::Mod)] = &strMod;
    s.len = &strLen;
    s.getitem = &strGetItem;
    s.contains = &strContains;
    s.iter = &strIter;
    s.newObject = &strNew;
    st->subclassDict = &WithDict<StrObject>::dictPtr;

    t.strIterator = newStaticType("str_ascii_iterator", t.object, 0);
    t.strIterator->slots.next = &strIterNext;
    t.strIterator->slots.iter = [](Object* o) { return Ref<Object>(o); };

    struct M {
        const char* name;
        NativeFn fn;
    };
    const M methods[] = { { "upper", &strUpper }, { "lower", &strLower }, { "casefold", &strCasefold },
        { "swapcase", &strSwapcase }, { "title", &strTitle }, { "capitalize", &strCapitalize },
        { "isdigit", &allChars<&isDigitCp> }, { "isdecimal", &allChars<&isDecimalCp> },
        { "isnumeric", &allChars<&isNumericCp> }, { "isalpha", &allChars<&isAlphaCp> },
        { "isalnum", &allChars<&isAlnumCp> }, { "isspace", &allChars<&isSpaceCp> },
        { "isupper", &casedCheck<true> }, { "islower", &casedCheck<false> }, { "istitle", &strIsTitle },
        { "isidentifier", &strIsIdentifier }, { "isprintable", &strIsPrintable }, { "isascii", &strIsAscii },
        { "strip", &strStrip }, { "lstrip", &strLStrip }, { "rstrip", &strRStrip }, { "find", &strFind },
        { "rfind", &strRFind }, { "index", &strIndex }, { "rindex", &strRIndex }, { "count", &strCount },
        { "startswith", &strStartsWith }, { "endswith", &strEndsWith }, { "replace", &strReplace },
        { "split", &strSplit }, { "rsplit", &strRSplit }, { "splitlines", &strSplitLines }, { "join", &strJoin },
        { "partition", &strPartition }, { "rpartition", &strRPartition }, { "ljust", &strLJust },
        { "rjust", &strRJust }, { "center", &strCenter }, { "zfill", &strZFill }, { "expandtabs", &strExpandTabs },
        { "removeprefix", &strRemovePrefix }, { "removesuffix", &strRemoveSuffix }, { "encode", &strEncode },
        { "format", &strFormatMethod }, { "format_map", &strFormatMap }, { "__format__", &strDunderFormat },
        { "__getnewargs__", &strGetNewArgs }, { "translate", &strTranslate } };
    for (const M& m : methods) addMethod(st, m.name, m.fn);
    addStaticMethod(st, "maketrans", &strMakeTrans);
    st->finalize();
    t.strIterator->finalize();

    Heap::Scope noHeap(static_cast<Heap*>(nullptr));
    g_empty = new StrObject(st, std::string());
    g_empty->makeImmortal();
    for (int c = 0; c < 128; ++c) {
        g_chars[c] = new StrObject(st, std::string(1, static_cast<char>(c)));
        g_chars[c]->makeImmortal();
        g_chars[c]->hash();
    }
}

} // namespace detail

} // namespace loopscope
