#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace loopscope::support::detail {

/// Decodes the code point at pos and advances pos; a malformed byte decodes as itself.
inline char32_t decodeUtf8(std::string_view s, size_t& pos)
{
    const auto b0 = static_cast<unsigned char>(s[pos]);
    const int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
    if (extra && pos + extra >= s.size()) {
        ++pos;
        return b0;
    }
    char32_t cp = extra == 0 ? b0 : extra == 1 ? (b0 & 0x1Fu) : extra == 2 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (int i = 1; i <= extra; ++i)
        cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3Fu);
    pos += 1 + extra;
    return cp;
}

/// Appends the UTF-8 encoding of cp.
inline void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Appends count copies of cp.
inline void appendRepeated(std::string& out, char32_t cp, long long count)
{
    for (long long i = 0; i < count; ++i)
        appendUtf8(out, cp);
}

/// Number of code points (continuation bytes are not counted).
inline size_t codePointCount(std::string_view s)
{
    size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

/// Byte length of the first `count` code points of s.
inline size_t prefixBytes(std::string_view s, size_t count)
{
    size_t pos = 0;
    while (pos < s.size() && count > 0) {
        ++pos;
        while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80)
            ++pos;
        --count;
    }
    return pos;
}

} // namespace loopscope::support::detail
