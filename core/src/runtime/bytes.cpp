// bytes: an immutable byte string with the methods programs use on it (str.encode's result,
// b'' literals). Case and character classes are ASCII-only, as in CPython.
#include "runtime/objects.h"
#include "support/hash.h"

#include <algorithm>
#include <loopscope/runtime/memory.h>

namespace loopscope {

using namespace detail;

namespace {

class BytesObject : public Object {
public:
    BytesObject(TypeObject* t, std::string d)
        : Object(t)
        , data(std::move(d))
    {
    }
    std::string data;
};
BytesObject* B(Object* o) { return static_cast<BytesObject*>(o); }

Ref<Object> bytesRepr(Object* o)
{
    const std::string& d = B(o)->data;
    bool sq = d.find('\'') != std::string::npos, dq = d.find('"') != std::string::npos;
    char quote = sq && !dq ? '"' : '\'';
    std::string out = "b";
    out += quote;
    static const char hex[] = "0123456789abcdef";
    for (unsigned char c : d) {
        if (c == static_cast<unsigned char>(quote) || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c < 0x20 || c >= 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else out += static_cast<char>(c);
    }
    out += quote;
    return newStr(out);
}
int64_t bytesLen(Object* o) { return static_cast<int64_t>(B(o)->data.size()); }
int64_t bytesHash(Object* o) { return hashBytes(B(o)->data.data(), B(o)->data.size()); }
Ref<Object> bytesRichCompare(Object* a, Object* b, CompareOp op)
{
    if (b->type() != types().bytes) return Ref<Object>(NotImplemented());
    int c = B(a)->data.compare(B(b)->data);
    bool r = op == CompareOp::Eq ? c == 0 : op == CompareOp::Ne ? c != 0 : op == CompareOp::Lt ? c < 0 : op == CompareOp::Le ? c <= 0 : op == CompareOp::Gt ? c > 0 : c >= 0;
    return Ref<Object>(boolObject(r));
}
Ref<Object> bytesGetItem(Object* o, Object* key)
{
    const std::string& d = B(o)->data;
    if (isSlice(key)) {
        int64_t start, stop, step;
        int64_t n = sliceIndices(key, static_cast<int64_t>(d.size()), start, stop, step);
        std::string out;
        for (int64_t i = 0, j = start; i < n; ++i, j += step) out += d[static_cast<size_t>(j)];
        return newBytes(out);
    }
    int64_t i = indexClamped(key);
    if (i < 0) i += static_cast<int64_t>(d.size());
    if (i < 0 || i >= static_cast<int64_t>(d.size())) raise(types().IndexError, "index out of range");
    return newInt(static_cast<unsigned char>(d[static_cast<size_t>(i)]));
}
Ref<Object> bytesIter(Object* o)
{
    std::vector<Ref<Object>> items;
    for (unsigned char c : B(o)->data) items.push_back(newInt(c));
    return getIter(newTuple(std::move(items)).get());
}
Ref<Object> bytesAdd(Object* a, Object* b)
{
    if (a->type() != types().bytes || b->type() != types().bytes) return Ref<Object>(NotImplemented());
    return newBytes(B(a)->data + B(b)->data);
}
Ref<Object> bytesDecode(Object* self, CallArgs args)
{
    Object* out[2];
    parseArgs("decode", args, { "encoding=", "errors=" }, out);
    std::string enc = out[0] ? std::string(strView(out[0])) : "utf-8";
    const std::string& d = B(self)->data;
    if (enc == "latin-1" || enc == "latin1") {
        std::string s;
        for (unsigned char c : d) {
            if (c < 0x80)
                s += static_cast<char>(c);
            else {
                s += static_cast<char>(0xC0 | (c >> 6));
                s += static_cast<char>(0x80 | (c & 0x3F));
            }
        }
        return newStr(s);
    }
    return newStr(d);
}
Ref<Object> bytesNew(TypeObject*, CallArgs args)
{
    checkArgCount("bytes", args, 0, 3);
    if (args.nargs == 0) return newBytes({});
    if (isStr(args[0])) {
        if (args.nargs < 2) raise(types().TypeError, "string argument without an encoding");
        return callMethod(args[0], "encode", { args[1] });
    }
    if (isInt(args[0])) return newBytes(std::string(static_cast<size_t>(asSsize(args[0])), '\0'));
    std::string d;
    for (const Ref<Object>& x : toVector(args[0])) {
        int64_t v = intValue(index(x.get()).get());
        if (v < 0 || v > 255) raise(types().ValueError, "bytes must be in range(0, 256)");
        d += static_cast<char>(v);
    }
    return newBytes(d);
}


const std::string& data(Object* o) { return B(o)->data; }

bool isBytes(Object* o) { return o->type() == types().bytes; }

// A bytes argument, or CPython's TypeError for anything else.
const std::string& bytesArg(Object* o)
{
    if (!isBytes(o)) raise(types().TypeError, "a bytes-like object is required, not '" + o->type()->name() + "'");
    return B(o)->data;
}

// The needle of find/count/index/`in`: bytes, or an int for a single byte.
std::string needleArg(Object* o)
{
    if (isInt(o)) {
        const int64_t v = intValue(o);
        if (v < 0 || v > 255) raise(types().ValueError, "byte must be in range(0, 256)");
        return std::string(1, static_cast<char>(v));
    }
    if (!isBytes(o))
        raise(types().TypeError, "argument should be integer or bytes-like object, not '" + o->type()->name() + "'");
    return B(o)->data;
}

bool isAsciiSpace(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool isAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool isAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool isAsciiDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isAsciiAlpha(unsigned char c) { return isAsciiLower(c) || isAsciiUpper(c); }
char toUpper(unsigned char c) { return static_cast<char>(isAsciiLower(c) ? c - 32 : c); }
char toLower(unsigned char c) { return static_cast<char>(isAsciiUpper(c) ? c + 32 : c); }

Ref<Object> bytesMul(Object* a, Object* b)
{
    Object* seq = isBytes(a) ? a : isBytes(b) ? b : nullptr;
    Object* count = seq == a ? b : a;
    if (!seq || !count->type()->slots.index) return Ref<Object>(NotImplemented());
    const int64_t n = indexClamped(count);
    const std::string& d = data(seq);
    if (n <= 0 || d.empty()) return newBytes({});
    if (n > INT64_MAX / static_cast<int64_t>(d.size())) raise(types().OverflowError, "repeated bytes are too long");
    checkMemory(d.size() * static_cast<size_t>(n));
    std::string out;
    out.reserve(d.size() * static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out += d;
    return newBytes(std::move(out));
}

bool bytesContains(Object* o, Object* item)
{
    if (!isInt(item)) bytesArg(item); // `in` words its TypeError differently from find()
    return data(o).find(needleArg(item)) != std::string::npos;
}

// [start, end) of find/count/startswith after Python's slice clamping.
std::pair<size_t, size_t> window(const std::string& d, Object* start, Object* end)
{
    const int64_t n = static_cast<int64_t>(d.size());
    auto clamp = [n](Object* o, int64_t dflt) {
        if (!o || o == None()) return dflt;
        int64_t v = indexClamped(o);
        if (v < 0) v = std::max<int64_t>(0, v + n);
        return std::min(v, n);
    };
    const int64_t s = clamp(start, 0), e = clamp(end, n);
    return { static_cast<size_t>(s), static_cast<size_t>(std::max(s, e)) };
}

// find, rfind, index, rindex and count share their signature `(sub[, start[, end]])`.
enum class Search { Find, RFind, Index, RIndex, Count };
Ref<Object> search(Object* self, CallArgs args, const char* name, Search kind)
{
    Object* out[3] = {};
    parseArgs(name, args, { "sub", "start=", "end=" }, out);
    const std::string& d = data(self);
    const std::string sub = needleArg(out[0]);
    const auto [lo, hi] = window(d, out[1], out[2]);
    std::string_view w(d.data() + lo, hi - lo);
    if (kind == Search::Count) {
        if (sub.empty()) return newInt(static_cast<int64_t>(w.size() + 1));
        int64_t count = 0;
        for (size_t at = w.find(sub); at != std::string_view::npos; at = w.find(sub, at + sub.size())) ++count;
        return newInt(count);
    }
    const bool reverse = kind == Search::RFind || kind == Search::RIndex;
    const size_t at = reverse ? w.rfind(sub) : w.find(sub);
    if (at == std::string_view::npos) {
        if (kind == Search::Index || kind == Search::RIndex) raise(types().ValueError, "subsection not found");
        return newInt(-1);
    }
    return newInt(static_cast<int64_t>(lo + at));
}
Ref<Object> bytesFind(Object* self, CallArgs a) { return search(self, a, "find", Search::Find); }
Ref<Object> bytesRFind(Object* self, CallArgs a) { return search(self, a, "rfind", Search::RFind); }
Ref<Object> bytesIndex(Object* self, CallArgs a) { return search(self, a, "index", Search::Index); }
Ref<Object> bytesRIndex(Object* self, CallArgs a) { return search(self, a, "rindex", Search::RIndex); }
Ref<Object> bytesCount(Object* self, CallArgs a) { return search(self, a, "count", Search::Count); }

Ref<Object> affix(Object* self, CallArgs args, const char* name, bool prefix)
{
    Object* out[3] = {};
    parseArgs(name, args, { "affix", "start=", "end=" }, out);
    const std::string& d = data(self);
    const auto [lo, hi] = window(d, out[1], out[2]);
    std::string_view w(d.data() + lo, hi - lo);
    auto matches = [&](Object* o) {
        if (!isBytes(o))
            raise(types().TypeError, std::string(name) + " first arg must be bytes or a tuple of bytes, not " + o->type()->name());
        return prefix ? w.starts_with(data(o)) : w.ends_with(data(o));
    };
    if (isTuple(out[0])) {
        for (const Ref<Object>& item : tupleItems(out[0]))
            if (matches(item.get())) return newRef(True());
        return newRef(False());
    }
    return newRef(boolObject(matches(out[0])));
}
Ref<Object> bytesStartsWith(Object* self, CallArgs a) { return affix(self, a, "startswith", true); }
Ref<Object> bytesEndsWith(Object* self, CallArgs a) { return affix(self, a, "endswith", false); }

Ref<Object> bytesJoin(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("join", args, { "iterable_of_bytes" }, out);
    std::string joined;
    size_t i = 0;
    for (const Ref<Object>& item : toVector(out[0])) {
        if (!isBytes(item.get()))
            raise(types().TypeError, "sequence item " + std::to_string(i) + ": expected a bytes-like object, "
                                         + item->type()->name() + " found");
        if (i++) joined += data(self);
        joined += data(item.get());
    }
    return newBytes(std::move(joined));
}

Ref<Object> split(Object* self, CallArgs args, const char* name, bool reverse)
{
    Object* out[2] = {};
    parseArgs(name, args, { "sep=", "maxsplit=" }, out);
    const std::string& d = data(self);
    const int64_t maxsplit = out[1] ? indexClamped(out[1]) : -1;
    std::vector<Ref<Object>> parts;
    auto room = [&] { return maxsplit < 0 || static_cast<int64_t>(parts.size()) < maxsplit; };
    if (!out[0] || out[0] == None()) {
        // Runs of ASCII whitespace separate; none at either end makes an empty part.
        if (!reverse) {
            size_t i = 0;
            while (true) {
                while (i < d.size() && isAsciiSpace(d[i])) ++i;
                if (i == d.size()) break;
                if (!room()) { // the rest as it is, trailing whitespace included
                    parts.push_back(newBytes(d.substr(i)));
                    break;
                }
                size_t j = i;
                while (j < d.size() && !isAsciiSpace(d[j])) ++j;
                parts.push_back(newBytes(d.substr(i, j - i)));
                i = j;
            }
        } else {
            size_t i = d.size();
            while (true) {
                while (i > 0 && isAsciiSpace(d[i - 1])) --i;
                if (i == 0) break;
                if (!room()) { // the rest as it is, leading whitespace included
                    parts.push_back(newBytes(d.substr(0, i)));
                    break;
                }
                size_t j = i;
                while (j > 0 && !isAsciiSpace(d[j - 1])) --j;
                parts.push_back(newBytes(d.substr(j, i - j)));
                i = j;
            }
            std::reverse(parts.begin(), parts.end());
        }
        return newList(std::move(parts));
    }
    const std::string& sep = bytesArg(out[0]);
    if (sep.empty()) raise(types().ValueError, "empty separator");
    if (!reverse) {
        size_t pos = 0;
        for (size_t f; room() && (f = d.find(sep, pos)) != std::string::npos; pos = f + sep.size())
            parts.push_back(newBytes(d.substr(pos, f - pos)));
        parts.push_back(newBytes(d.substr(pos)));
    } else {
        size_t end = d.size();
        for (size_t f; room() && end >= sep.size() && (f = d.rfind(sep, end - sep.size())) != std::string::npos; end = f)
            parts.push_back(newBytes(d.substr(f + sep.size(), end - f - sep.size())));
        parts.push_back(newBytes(d.substr(0, end)));
        std::reverse(parts.begin(), parts.end());
    }
    return newList(std::move(parts));
}
Ref<Object> bytesSplit(Object* self, CallArgs a) { return split(self, a, "split", false); }
Ref<Object> bytesRSplit(Object* self, CallArgs a) { return split(self, a, "rsplit", true); }

Ref<Object> bytesSplitLines(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("splitlines", args, { "keepends=" }, out);
    const bool keep = out[0] && isTrue(out[0]);
    const std::string& d = data(self);
    std::vector<Ref<Object>> parts;
    for (size_t i = 0; i < d.size();) {
        size_t j = i;
        while (j < d.size() && d[j] != '\n' && d[j] != '\r') ++j;
        size_t eol = j;
        if (j < d.size()) j += (d[j] == '\r' && j + 1 < d.size() && d[j + 1] == '\n') ? 2 : 1;
        parts.push_back(newBytes(d.substr(i, (keep ? j : eol) - i)));
        i = j;
    }
    return newList(std::move(parts));
}

Ref<Object> strip(Object* self, CallArgs args, const char* name, bool left, bool right)
{
    Object* out[1] = {};
    parseArgs(name, args, { "bytes=" }, out);
    const std::string& d = data(self);
    const bool whitespace = !out[0] || out[0] == None();
    const std::string chars = whitespace ? std::string() : bytesArg(out[0]);
    auto drop = [&](char c) { return whitespace ? isAsciiSpace(c) : chars.find(c) != std::string::npos; };
    size_t b = 0, e = d.size();
    if (left)
        while (b < e && drop(d[b])) ++b;
    if (right)
        while (e > b && drop(d[e - 1])) --e;
    return newBytes(d.substr(b, e - b));
}
Ref<Object> bytesStrip(Object* self, CallArgs a) { return strip(self, a, "strip", true, true); }
Ref<Object> bytesLStrip(Object* self, CallArgs a) { return strip(self, a, "lstrip", true, false); }
Ref<Object> bytesRStrip(Object* self, CallArgs a) { return strip(self, a, "rstrip", false, true); }

Ref<Object> bytesReplace(Object* self, CallArgs args)
{
    Object* out[3] = {};
    parseArgs("replace", args, { "old", "new", "count=" }, out);
    const std::string& d = data(self);
    const std::string& from = bytesArg(out[0]);
    const std::string& to = bytesArg(out[1]);
    int64_t left = out[2] ? indexClamped(out[2]) : -1;
    std::string result;
    if (from.empty()) {
        // Inserted before every byte and at the end, as str.replace does.
        for (size_t i = 0; i <= d.size(); ++i) {
            if (left != 0) {
                result += to;
                if (left > 0) --left;
            }
            if (i < d.size()) result += d[i];
        }
        return newBytes(std::move(result));
    }
    size_t pos = 0;
    for (size_t f; left != 0 && (f = d.find(from, pos)) != std::string::npos; pos = f + from.size()) {
        result.append(d, pos, f - pos);
        result += to;
        if (left > 0) --left;
    }
    result.append(d, pos, std::string::npos);
    return newBytes(std::move(result));
}

Ref<Object> bytesPartition(Object* self, CallArgs args, const char* name, bool reverse)
{
    Object* out[1] = {};
    parseArgs(name, args, { "sep" }, out);
    const std::string& d = data(self);
    const std::string& sep = bytesArg(out[0]);
    if (sep.empty()) raise(types().ValueError, "empty separator");
    const size_t at = reverse ? d.rfind(sep) : d.find(sep);
    if (at == std::string::npos)
        return reverse ? newTuple({ newBytes({}), newBytes({}), newBytes(d) }) : newTuple({ newBytes(d), newBytes({}), newBytes({}) });
    return newTuple({ newBytes(d.substr(0, at)), newBytes(sep), newBytes(d.substr(at + sep.size())) });
}
Ref<Object> bytesPartitionL(Object* self, CallArgs a) { return bytesPartition(self, a, "partition", false); }
Ref<Object> bytesPartitionR(Object* self, CallArgs a) { return bytesPartition(self, a, "rpartition", true); }

template <char (*F)(unsigned char)> Ref<Object> mapBytes(Object* self, CallArgs args)
{
    checkArgCount("bytes method", args, 0, 0);
    std::string d = data(self);
    for (char& c : d) c = F(static_cast<unsigned char>(c));
    return newBytes(std::move(d));
}
char swapCase(unsigned char c) { return isAsciiUpper(c) ? toLower(c) : toUpper(c); }

Ref<Object> bytesTitle(Object* self, CallArgs args)
{
    checkArgCount("title", args, 0, 0);
    std::string d = data(self);
    bool previousCased = false;
    for (char& c : d) {
        const unsigned char u = static_cast<unsigned char>(c);
        c = previousCased ? toLower(u) : toUpper(u);
        previousCased = isAsciiAlpha(u);
    }
    return newBytes(std::move(d));
}

Ref<Object> bytesCapitalize(Object* self, CallArgs args)
{
    checkArgCount("capitalize", args, 0, 0);
    std::string d = data(self);
    for (size_t i = 0; i < d.size(); ++i) d[i] = i ? toLower(static_cast<unsigned char>(d[i])) : toUpper(static_cast<unsigned char>(d[i]));
    return newBytes(std::move(d));
}

// isdigit and friends: true when non-empty and every byte passes (islower/isupper: see below).
template <bool (*P)(unsigned char)> Ref<Object> allBytes(Object* self, CallArgs args)
{
    checkArgCount("bytes method", args, 0, 0);
    const std::string& d = data(self);
    return newRef(boolObject(!d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return P(static_cast<unsigned char>(c)); })));
}
bool isAsciiAlnum(unsigned char c) { return isAsciiAlpha(c) || isAsciiDigit(c); }

// islower/isupper: at least one cased byte, and none of the other case.
template <bool Lower> Ref<Object> casedBytes(Object* self, CallArgs args)
{
    checkArgCount(Lower ? "islower" : "isupper", args, 0, 0);
    bool cased = false;
    for (unsigned char c : data(self)) {
        if (Lower ? isAsciiUpper(c) : isAsciiLower(c)) return newRef(False());
        cased = cased || (Lower ? isAsciiLower(c) : isAsciiUpper(c));
    }
    return newRef(boolObject(cased));
}

Ref<Object> pad(Object* self, CallArgs args, const char* name, int where)
{
    Object* out[2] = {};
    parseArgs(name, args, { "width", "fillchar=" }, out);
    const std::string& d = data(self);
    char fill = ' ';
    if (out[1]) {
        const std::string& f = bytesArg(out[1]);
        if (f.size() != 1)
            raise(types().TypeError, std::string(name) + "() argument 2 must be a byte string of length 1, not bytes");
        fill = f[0];
    }
    const int64_t width = indexClamped(out[0]);
    if (width <= static_cast<int64_t>(d.size())) return newBytes(d);
    const size_t total = static_cast<size_t>(width) - d.size();
    // center: CPython puts the odd byte on the left when the width is odd (str.center's rule).
    size_t left = where < 0 ? 0 : where > 0 ? total : total / 2 + (total & static_cast<size_t>(width) & 1);
    return newBytes(std::string(left, fill) + d + std::string(total - left, fill));
}
Ref<Object> bytesLJust(Object* self, CallArgs a) { return pad(self, a, "ljust", -1); }
Ref<Object> bytesRJust(Object* self, CallArgs a) { return pad(self, a, "rjust", 1); }
Ref<Object> bytesCenter(Object* self, CallArgs a) { return pad(self, a, "center", 0); }

Ref<Object> bytesZFill(Object* self, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("zfill", args, { "width" }, out);
    std::string d = data(self);
    const int64_t width = indexClamped(out[0]);
    if (width <= static_cast<int64_t>(d.size())) return newBytes(d);
    const size_t fill = static_cast<size_t>(width) - d.size();
    const size_t at = !d.empty() && (d[0] == '+' || d[0] == '-') ? 1 : 0;
    d.insert(at, fill, '0');
    return newBytes(std::move(d));
}

Ref<Object> bytesHex(Object* self, CallArgs args)
{
    checkArgCount("hex", args, 0, 0);
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : data(self)) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return newStr(out);
}

Ref<Object> bytesFromHex(Object*, CallArgs args)
{
    Object* out[1] = {};
    parseArgs("fromhex", args, { "string" }, out);
    if (!isStr(out[0])) raise(types().TypeError, "fromhex() argument must be str, not " + out[0]->type()->name());
    std::string_view s = strView(out[0]);
    auto value = [](char c) { return isAsciiDigit(c) ? c - '0' : (c | 32) >= 'a' && (c | 32) <= 'f' ? (c | 32) - 'a' + 10 : -1; };
    std::string result;
    for (size_t i = 0; i < s.size();) {
        if (isAsciiSpace(s[i])) {
            ++i;
            continue;
        }
        const int hi = value(s[i]), lo = i + 1 < s.size() ? value(s[i + 1]) : -1;
        if (hi < 0 || lo < 0)
            raise(types().ValueError, "non-hexadecimal number found in fromhex() arg at position " + std::to_string(hi < 0 ? i : i + 1));
        result += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return newBytes(std::move(result));
}

} // namespace

const std::string& detail::bytesData(Object* o) { return B(o)->data; }

Ref<Object> detail::newBytes(std::string data) { return Ref<Object>(new BytesObject(types().bytes, std::move(data))); }

void detail::initBytes(BuiltinTypes& t)
{
    t.bytes = newStaticType("bytes", t.object);
    TypeSlots& s = t.bytes->slots;
    s.repr = &bytesRepr;
    s.len = &bytesLen;
    s.hash = &bytesHash;
    s.richcompare = &bytesRichCompare;
    s.getitem = &bytesGetItem;
    s.iter = &bytesIter;
    s.newObject = &bytesNew;
    s.contains = &bytesContains;
    s.binary[static_cast<size_t>(BinaryOp::Add)] = &bytesAdd;
    s.binary[static_cast<size_t>(BinaryOp::Mul)] = &bytesMul;
    const std::pair<const char*, NativeFn> methods[] = {
        { "decode", &bytesDecode }, { "find", &bytesFind }, { "rfind", &bytesRFind }, { "index", &bytesIndex },
        { "rindex", &bytesRIndex }, { "count", &bytesCount }, { "startswith", &bytesStartsWith },
        { "endswith", &bytesEndsWith }, { "join", &bytesJoin }, { "split", &bytesSplit }, { "rsplit", &bytesRSplit },
        { "splitlines", &bytesSplitLines }, { "strip", &bytesStrip }, { "lstrip", &bytesLStrip },
        { "rstrip", &bytesRStrip }, { "replace", &bytesReplace }, { "partition", &bytesPartitionL },
        { "rpartition", &bytesPartitionR }, { "upper", &mapBytes<toUpper> }, { "lower", &mapBytes<toLower> },
        { "swapcase", &mapBytes<swapCase> }, { "title", &bytesTitle }, { "capitalize", &bytesCapitalize },
        { "isdigit", &allBytes<isAsciiDigit> }, { "isalpha", &allBytes<isAsciiAlpha> },
        { "isalnum", &allBytes<isAsciiAlnum> }, { "isspace", &allBytes<isAsciiSpace> },
        { "islower", &casedBytes<true> }, { "isupper", &casedBytes<false> }, { "ljust", &bytesLJust },
        { "rjust", &bytesRJust }, { "center", &bytesCenter }, { "zfill", &bytesZFill }, { "hex", &bytesHex },
    };
    for (const auto& [name, fn] : methods) addMethod(t.bytes, name, fn);
    addClassMethod(t.bytes, "fromhex", &bytesFromHex);
    t.bytes->finalize();
}

} // namespace loopscope
