#include "support/formatspec.h"

#include "support/floatrepr.h"
#include "support/utf8.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <cstdio>
#include <vector>

namespace loopscope::support {

namespace {

using detail::appendRepeated;
using detail::appendUtf8;
using detail::decodeUtf8;

bool isAlignment(char32_t c)
{
    return c == '<' || c == '>' || c == '=' || c == '^';
}

bool isSign(char32_t c)
{
    return c == ' ' || c == '+' || c == '-';
}

/// "'d'" for printable ASCII, "'\x..'" otherwise, as CPython's error messages spell a type letter.
std::string quotedCode(char32_t type)
{
    char buf[32];
    if (type > 32 && type < 128)
        std::snprintf(buf, sizeof buf, "'%c'", static_cast<char>(type));
    else
        std::snprintf(buf, sizeof buf, "'\\x%x'", static_cast<unsigned>(type));
    return buf;
}

FormatResult valueError(std::string message)
{
    return FormatResult::failure(FormatErrorKind::ValueError, std::move(message));
}

FormatResult unknownCode(char32_t type, std::string_view typeName)
{
    return valueError("Unknown format code " + quotedCode(type) + " for object of type '" + std::string(typeName) + "'");
}

/// Everything of calc_number_widths/fill_number that the number's text decides.
struct NumberParts {
    char signChar = 0;        ///< '-' when the number is negative
    std::string prefix;       ///< "0x" and friends
    std::string digits;       ///< the digits that take grouping and zero fill
    bool hasDecimal = false;  ///< a '.' follows the digits
    std::string remainder;    ///< what follows the point (fraction, exponent, '%') or a 'c' character
};

/// Writes the integer digits right to left in groups, padding with '0' up to minWidth (CPython's
/// _PyUnicode_InsertThousandsGrouping); groupSize 0 means no grouping.
std::string groupDigits(const std::string& digits, long long minWidth, char separator, int groupSize)
{
    std::vector<std::string> groups; // right to left
    long long remaining = static_cast<long long>(digits.size());
    bool broken = false;
    if (groupSize > 0 && separator) {
        for (;;) {
            long long l = std::min<long long>(groupSize, std::max<long long>(std::max(remaining, minWidth), 1));
            const long long zeros = std::max<long long>(0, l - remaining);
            const long long chars = std::max<long long>(0, std::min(remaining, l));
            groups.push_back(std::string(static_cast<size_t>(zeros), '0')
                             + digits.substr(static_cast<size_t>(remaining - chars), static_cast<size_t>(chars)));
            remaining -= chars;
            minWidth -= l;
            if (remaining <= 0 && minWidth <= 0) {
                broken = true;
                break;
            }
            minWidth -= 1;
        }
    }
    if (!broken) {
        const long long l = std::max<long long>(std::max(remaining, minWidth), 1);
        const long long zeros = std::max<long long>(0, l - remaining);
        const long long chars = std::max<long long>(0, std::min(remaining, l));
        groups.push_back(std::string(static_cast<size_t>(zeros), '0') + digits.substr(0, static_cast<size_t>(chars)));
    }
    std::string out;
    for (auto it = groups.rbegin(); it != groups.rend(); ++it) {
        if (it != groups.rbegin())
            out += separator;
        out += *it;
    }
    return out;
}

/// Lays out a number: <lpad><sign><prefix><spad><grouped digits><.><remainder><rpad>.
std::string layoutNumber(const NumberParts& parts, const FormatSpec& spec, char align, char separator, int groupSize,
                         bool upper)
{
    char sign = 0;
    if (spec.sign == '+')
        sign = parts.signChar == '-' ? '-' : '+';
    else if (spec.sign == ' ')
        sign = parts.signChar == '-' ? '-' : ' ';
    else if (parts.signChar == '-')
        sign = '-';
    const long long nonDigits = (sign ? 1 : 0) + static_cast<long long>(parts.prefix.size()) + (parts.hasDecimal ? 1 : 0)
        + static_cast<long long>(detail::codePointCount(parts.remainder));
    const long long minWidth = (spec.fill == '0' && align == '=') ? spec.width - nonDigits : 0;
    std::string grouped = parts.digits.empty() ? std::string() : groupDigits(parts.digits, minWidth, separator, groupSize);
    const long long padding = spec.width - (nonDigits + static_cast<long long>(grouped.size()));
    long long lpad = 0, spad = 0, rpad = 0;
    if (padding > 0) {
        switch (align) {
        case '<': rpad = padding; break;
        case '^': lpad = padding / 2; rpad = padding - lpad; break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    std::string out;
    appendRepeated(out, spec.fill, lpad);
    if (sign)
        out += sign;
    std::string prefix = parts.prefix;
    if (upper) {
        for (char& c : prefix)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (char& c : grouped)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    out += prefix;
    appendRepeated(out, spec.fill, spad);
    out += grouped;
    if (parts.hasDecimal)
        out += '.';
    out += parts.remainder;
    appendRepeated(out, spec.fill, rpad);
    return out;
}

/// The alignment in effect: explicit, '=' for zero-padded numbers, else the type's default.
char effectiveAlign(const FormatSpec& spec, char defaultAlign)
{
    if (spec.align)
        return spec.align;
    if (spec.zeroPad && defaultAlign == '>')
        return '=';
    return defaultAlign;
}

/// Splits "-123.45e+06%" into sign, integer digits, point and remainder (CPython's parse_number).
NumberParts splitFloatText(const std::string& text)
{
    NumberParts parts;
    size_t pos = 0;
    if (!text.empty() && text[0] == '-') {
        parts.signChar = '-';
        pos = 1;
    }
    size_t digitsEnd = pos;
    while (digitsEnd < text.size() && text[digitsEnd] >= '0' && text[digitsEnd] <= '9')
        ++digitsEnd;
    parts.digits = text.substr(pos, digitsEnd - pos);
    parts.hasDecimal = digitsEnd < text.size() && text[digitsEnd] == '.';
    parts.remainder = text.substr(digitsEnd + (parts.hasDecimal ? 1 : 0));
    return parts;
}

/// Underscore groups of four for b/o/x/X, otherwise groups of three; 'n' uses the C locale (none).
void groupingFor(const FormatSpec& spec, char& separator, int& groupSize)
{
    separator = spec.grouping;
    groupSize = 0;
    if (!separator || spec.type == 'n')
        return;
    const bool binaryish = spec.type == 'b' || spec.type == 'o' || spec.type == 'x' || spec.type == 'X';
    groupSize = (separator == '_' && binaryish) ? 4 : 3;
}

bool parseInteger(std::string_view spec, size_t& pos, int& out, bool& overflow)
{
    size_t start = pos;
    long long value = 0;
    while (pos < spec.size() && spec[pos] >= '0' && spec[pos] <= '9') {
        // Stop accumulating once past INT_MAX: more digits would overflow long long (UB).
        if (value <= INT_MAX) value = value * 10 + (spec[pos] - '0');
        if (value > INT_MAX) overflow = true;
        ++pos;
    }
    out = static_cast<int>(std::min<long long>(value, INT_MAX));
    return pos > start;
}

/// Python's str(int) in the given base with lowercase digits, without sign.
std::string magnitudeDigits(const mpz_t value, int base)
{
    mpz_t magnitude;
    mpz_init(magnitude);
    mpz_abs(magnitude, value);
    std::string out(mpz_sizeinbase(magnitude, base) + 2, '\0');
    mpz_get_str(out.data(), base, magnitude);
    out.resize(std::char_traits<char>::length(out.c_str()));
    mpz_clear(magnitude);
    return out;
}

} // namespace

std::optional<FormatSpec> parseFormatSpec(std::string_view spec, char32_t defaultType, std::string_view typeName,
                                          std::string* error)
{
    auto fail = [&](std::string message) -> std::optional<FormatSpec> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };
    FormatSpec out;
    out.type = defaultType;
    std::vector<char32_t> cps;
    for (size_t i = 0; i < spec.size();)
        cps.push_back(decodeUtf8(spec, i));
    size_t pos = 0;
    const size_t end = cps.size();
    bool fillSpecified = false;
    if (end - pos >= 2 && isAlignment(cps[pos + 1])) {
        out.align = static_cast<char>(cps[pos + 1]);
        out.fill = cps[pos];
        fillSpecified = true;
        pos += 2;
    } else if (end - pos >= 1 && isAlignment(cps[pos])) {
        out.align = static_cast<char>(cps[pos]);
        ++pos;
    }
    if (pos < end && isSign(cps[pos]))
        out.sign = static_cast<char>(cps[pos++]);
    if (pos < end && cps[pos] == 'z') {
        out.noNegativeZero = true;
        ++pos;
    }
    if (pos < end && cps[pos] == '#') {
        out.alternate = true;
        ++pos;
    }
    if (!fillSpecified && pos < end && cps[pos] == '0') {
        out.fill = '0';
        out.zeroPad = true;
        ++pos;
    }
    // Digits are ASCII, so parse them from an ASCII copy of the rest.
    std::string ascii;
    for (size_t i = pos; i < end; ++i)
        ascii += cps[i] < 128 ? static_cast<char>(cps[i]) : '\x7f';
    size_t apos = 0;
    bool overflow = false;
    int width = 0;
    if (parseInteger(ascii, apos, width, overflow))
        out.width = width;
    if (overflow)
        return fail("Too many decimal digits in format string");
    if (apos < ascii.size() && ascii[apos] == ',') {
        out.grouping = ',';
        ++apos;
    }
    if (apos < ascii.size() && ascii[apos] == '_') {
        if (out.grouping)
            return fail("Cannot specify both ',' and '_'.");
        out.grouping = '_';
        ++apos;
    }
    if (apos < ascii.size() && ascii[apos] == ',' && out.grouping == '_')
        return fail("Cannot specify both ',' and '_'.");
    if (apos < ascii.size() && ascii[apos] == '.') {
        ++apos;
        int precision = 0;
        if (!parseInteger(ascii, apos, precision, overflow))
            return fail("Format specifier missing precision");
        if (overflow)
            return fail("Too many decimal digits in format string");
        out.precision = precision;
    }
    pos += apos;
    if (end - pos > 1) {
        std::string text;
        for (char32_t c : cps)
            appendUtf8(text, c);
        return fail("Invalid format specifier '" + text + "' for object of type '" + std::string(typeName) + "'");
    }
    if (end - pos == 1)
        out.type = cps[pos];
    if (out.grouping) {
        switch (out.type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (out.grouping == '_')
                break;
            [[fallthrough]];
        default:
            return fail(std::string("Cannot specify '") + out.grouping + "' with " + quotedCode(out.type) + ".");
        }
    }
    return out;
}

FormatResult formatFloat(double value, const FormatSpec& spec)
{
    switch (spec.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        break;
    default:
        return unknownCode(spec.type, "float");
    }
    unsigned flags = 0;
    if (spec.alternate)
        flags |= DoubleAlternate;
    if (spec.noNegativeZero)
        flags |= DoubleNoNegativeZero;
    char type = static_cast<char>(spec.type);
    int defaultPrecision = 6;
    if (type == 0) {
        // No type: repr when there is no precision, else 'g' that keeps one digit after the point.
        flags |= DoubleAddDot0;
        type = 'r';
        defaultPrecision = 0;
    }
    if (type == 'n')
        type = 'g';
    bool percent = false;
    if (type == '%') {
        type = 'f';
        value *= 100;
        percent = true;
    }
    int precision = spec.precision;
    if (precision < 0)
        precision = defaultPrecision;
    else if (type == 'r')
        type = 'g';
    std::string text = doubleToString(value, type, precision, flags);
    if (percent)
        text += '%';
    char separator = 0;
    int groupSize = 0;
    groupingFor(spec, separator, groupSize);
    return FormatResult::success(layoutNumber(splitFloatText(text), spec, effectiveAlign(spec, '>'), separator, groupSize,
                                              false));
}

FormatResult formatFloat(double value, std::string_view spec)
{
    if (spec.empty())
        return FormatResult::success(floatRepr(value));
    std::string error;
    const auto parsed = parseFormatSpec(spec, 0, "float", &error);
    if (!parsed)
        return valueError(error);
    return formatFloat(value, *parsed);
}

bool integerToDouble(const mpz_t value, double& out)
{
    const size_t bits = mpz_sgn(value) == 0 ? 0 : mpz_sizeinbase(value, 2);
    if (bits <= 53) {
        out = mpz_get_d(value);
        return true;
    }
    if (bits > 1024)
        return false;
    // Keep 54 bits plus a sticky bit, then round half to even to 53.
    mpz_t magnitude, top;
    mpz_init(magnitude);
    mpz_init(top);
    mpz_abs(magnitude, value);
    const mp_bitcnt_t shift = bits - 54;
    mpz_tdiv_q_2exp(top, magnitude, shift);
    const bool sticky = mpz_scan1(magnitude, 0) < shift;
    uint64_t q = mpz_get_ui(top);
    const bool roundBit = q & 1;
    q >>= 1;
    if (roundBit && (sticky || (q & 1)))
        q += 1;
    const double result = std::ldexp(static_cast<double>(q), static_cast<int>(shift + 1));
    const bool negative = mpz_sgn(value) < 0;
    mpz_clear(magnitude);
    mpz_clear(top);
    if (std::isinf(result))
        return false;
    out = negative ? -result : result;
    return true;
}

FormatResult formatInteger(const mpz_t value, const FormatSpec& spec)
{
    switch (spec.type) {
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double d = 0;
        if (!integerToDouble(value, d))
            return FormatResult::failure(FormatErrorKind::OverflowError, "int too large to convert to float");
        return formatFloat(d, spec);
    }
    default:
        return unknownCode(spec.type, "int");
    }
    if (spec.precision != -1)
        return valueError("Precision not allowed in integer format specifier");
    if (spec.noNegativeZero)
        return valueError("Negative zero coercion (z) not allowed in integer format specifier");
    NumberParts parts;
    if (spec.type == 'c') {
        if (spec.sign)
            return valueError("Sign not allowed with integer format specifier 'c'");
        if (spec.alternate)
            return valueError("Alternate form (#) not allowed with integer format specifier 'c'");
        if (!mpz_fits_slong_p(value))
            return FormatResult::failure(FormatErrorKind::OverflowError, "Python int too large to convert to C long");
        const long cp = mpz_get_si(value);
        if (cp < 0 || cp > 0x10FFFF)
            return FormatResult::failure(FormatErrorKind::OverflowError, "%c arg not in range(0x110000)");
        appendUtf8(parts.remainder, static_cast<char32_t>(cp));
    } else {
        int base = 10;
        const char* prefix = "";
        switch (spec.type) {
        case 'b': base = 2; prefix = "0b"; break;
        case 'o': base = 8; prefix = "0o"; break;
        case 'x': case 'X': base = 16; prefix = "0x"; break;
        default: break;
        }
        if (spec.alternate)
            parts.prefix = prefix;
        parts.signChar = mpz_sgn(value) < 0 ? '-' : 0;
        parts.digits = magnitudeDigits(value, base);
    }
    char separator = 0;
    int groupSize = 0;
    groupingFor(spec, separator, groupSize);
    return FormatResult::success(
        layoutNumber(parts, spec, effectiveAlign(spec, '>'), separator, groupSize, spec.type == 'X'));
}

FormatResult formatInteger(int64_t value, const FormatSpec& spec)
{
    mpz_t z;
    mpz_init(z);
    mpz_set_si(z, value);
    FormatResult result = formatInteger(z, spec);
    mpz_clear(z);
    return result;
}

FormatResult formatInteger(const mpz_t value, std::string_view spec)
{
    if (spec.empty()) {
        std::string text = magnitudeDigits(value, 10);
        return FormatResult::success(mpz_sgn(value) < 0 ? "-" + text : text);
    }
    std::string error;
    const auto parsed = parseFormatSpec(spec, 'd', "int", &error);
    if (!parsed)
        return valueError(error);
    return formatInteger(value, *parsed);
}

FormatResult formatInteger(int64_t value, std::string_view spec)
{
    mpz_t z;
    mpz_init(z);
    mpz_set_si(z, value);
    FormatResult result = formatInteger(z, spec);
    mpz_clear(z);
    return result;
}

FormatResult formatBool(bool value, std::string_view spec)
{
    if (spec.empty())
        return FormatResult::success(value ? "True" : "False");
    std::string error;
    const auto parsed = parseFormatSpec(spec, 'd', "bool", &error);
    if (!parsed)
        return valueError(error);
    return formatInteger(static_cast<int64_t>(value), *parsed);
}

FormatResult formatString(std::string_view utf8, const FormatSpec& spec)
{
    if (spec.type != 's')
        return unknownCode(spec.type, "str");
    if (spec.sign == ' ')
        return valueError("Space not allowed in string format specifier");
    if (spec.sign)
        return valueError("Sign not allowed in string format specifier");
    if (spec.noNegativeZero)
        return valueError("Negative zero coercion (z) not allowed in string format specifier");
    if (spec.alternate)
        return valueError("Alternate form (#) not allowed in string format specifier");
    if (spec.align == '=')
        return valueError("'=' alignment not allowed in string format specifier");
    std::string_view text = utf8;
    if (spec.precision >= 0)
        text = text.substr(0, detail::prefixBytes(text, static_cast<size_t>(spec.precision)));
    return FormatResult::success(padText(text, spec.width, effectiveAlign(spec, '<'), spec.fill));
}

FormatResult formatString(std::string_view utf8, std::string_view spec)
{
    if (spec.empty())
        return FormatResult::success(std::string(utf8));
    std::string error;
    const auto parsed = parseFormatSpec(spec, 's', "str", &error);
    if (!parsed)
        return valueError(error);
    return formatString(utf8, *parsed);
}

std::string padText(std::string_view utf8, int width, char align, char32_t fill)
{
    const long long length = static_cast<long long>(detail::codePointCount(utf8));
    const long long total = width > length ? width : length;
    long long left = 0;
    if (align == '>')
        left = total - length;
    else if (align == '^')
        left = (total - length) / 2;
    std::string out;
    appendRepeated(out, fill, left);
    out += utf8;
    appendRepeated(out, fill, total - length - left);
    return out;
}

} // namespace loopscope::support
