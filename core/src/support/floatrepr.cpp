#include "support/floatrepr.h"
#include "support/utf8.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <system_error>

namespace loopscope::support {

namespace detail {

/// Decimal digits of |value| as dtoa yields them: value = 0.DIGITS * 10**decpt,
/// no leading zeros, no trailing zeros (except the single "0" of zero).
struct Digits {
    std::string digits;
    int decpt = 0;
};

/// Strips trailing zeros, keeping one digit.
void trimTrailingZeros(std::string& s)
{
    while (s.size() > 1 && s.back() == '0')
        s.pop_back();
}

/// Splits to_chars' scientific output "d.ddde+XX" into digits and decimal point position.
Digits fromScientific(std::string_view text)
{
    Digits out;
    const auto ePos = text.find('e');
    for (char c : text.substr(0, ePos))
        if (c != '.')
            out.digits.push_back(c);
    int exponent = 0;
    auto expText = text.substr(ePos + 1);
    if (!expText.empty() && expText.front() == '+')
        expText.remove_prefix(1);
    std::from_chars(expText.data(), expText.data() + expText.size(), exponent);
    out.decpt = exponent + 1;
    trimTrailingZeros(out.digits);
    if (out.digits == "0")
        out.decpt = 1;
    return out;
}

/// dtoa mode 0: the shortest digits that round-trip.
Digits shortestDigits(double magnitude)
{
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::scientific);
    return fromScientific(std::string_view(buf, res.ptr - buf));
}

/// dtoa mode 2: `count` significant digits, correctly rounded (ties to even on the exact binary value).
Digits significantDigits(double magnitude, int count)
{
    std::string buf(static_cast<size_t>(count) + 32, '\0');
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), magnitude, std::chars_format::scientific,
                                   count - 1);
    return fromScientific(std::string_view(buf.data(), res.ptr - buf.data()));
}

/// dtoa mode 3: `decimals` digits after the point, correctly rounded.
Digits fixedDigits(double magnitude, int decimals)
{
    std::string buf(static_cast<size_t>(decimals) + 340, '\0');
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), magnitude, std::chars_format::fixed, decimals);
    const std::string_view text(buf.data(), res.ptr - buf.data());
    const auto point = text.find('.');
    const auto intPart = text.substr(0, point);
    Digits out;
    out.digits = std::string(intPart);
    if (point != std::string_view::npos)
        out.digits += text.substr(point + 1);
    out.decpt = static_cast<int>(intPart.size());
    size_t lead = 0;
    while (lead < out.digits.size() && out.digits[lead] == '0')
        ++lead;
    if (lead == out.digits.size())
        return Digits{"0", 1};
    out.digits.erase(0, lead);
    out.decpt -= static_cast<int>(lead);
    trimTrailingZeros(out.digits);
    return out;
}

} // namespace detail

std::string doubleToString(double value, char code, int precision, unsigned flags)
{
    const bool upper = code == 'E' || code == 'F' || code == 'G';
    char lower = upper ? static_cast<char>(code - 'A' + 'a') : code;
    const bool alternate = flags & DoubleAlternate;
    const bool addDot0 = flags & DoubleAddDot0;
    bool negative = std::signbit(value);
    std::string out;

    if (std::isnan(value) || std::isinf(value)) {
        // CPython never prints a negative NaN.
        if (std::isnan(value))
            negative = false;
        if (negative)
            out += '-';
        else if (flags & DoubleAddSign)
            out += '+';
        out += std::isnan(value) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        return out;
    }

    const double magnitude = std::fabs(value);
    detail::Digits d;
    switch (lower) {
    case 'e':
        precision += 1;
        d = detail::significantDigits(magnitude, precision);
        break;
    case 'f':
        d = detail::fixedDigits(magnitude, precision);
        break;
    case 'g':
        if (precision == 0)
            precision = 1;
        d = detail::significantDigits(magnitude, precision);
        break;
    default: // 'r'
        lower = 'r';
        d = detail::shortestDigits(magnitude);
        break;
    }
    const int digitsLen = static_cast<int>(d.digits.size());
    int decpt = d.decpt;

    if (negative && (flags & DoubleNoNegativeZero) && d.digits == "0")
        negative = false;

    // Output is the slice [start, end) of the digits padded with zeros on both sides (CPython's "vdigits").
    int end = digitsLen;
    bool useExp = false;
    switch (lower) {
    case 'e':
        useExp = true;
        end = precision;
        break;
    case 'f':
        end = decpt + precision;
        break;
    case 'g':
        if (decpt <= -4 || decpt > (addDot0 ? precision - 1 : precision))
            useExp = true;
        if (alternate)
            end = precision;
        break;
    default:
        if (decpt <= -4 || decpt > 16)
            useExp = true;
        break;
    }
    int exponent = 0;
    if (useExp) {
        exponent = decpt - 1;
        decpt = 1;
    }
    const int start = decpt <= 0 ? decpt - 1 : 0;
    if (!useExp && addDot0)
        end = end > decpt ? end : decpt + 1;
    else
        end = end > decpt ? end : decpt;

    if (negative)
        out += '-';
    else if (flags & DoubleAddSign)
        out += '+';
    if (decpt <= 0) {
        out.append(static_cast<size_t>(decpt - start), '0');
        out += '.';
        out.append(static_cast<size_t>(-decpt), '0');
    } else {
        out.append(static_cast<size_t>(-start), '0');
    }
    if (0 < decpt && decpt <= digitsLen) {
        out.append(d.digits, 0, static_cast<size_t>(decpt));
        out += '.';
        out.append(d.digits, static_cast<size_t>(decpt));
    } else {
        out += d.digits;
    }
    if (digitsLen < decpt) {
        out.append(static_cast<size_t>(decpt - digitsLen), '0');
        out += '.';
        out.append(static_cast<size_t>(end - decpt), '0');
    } else {
        out.append(static_cast<size_t>(end - digitsLen), '0');
    }
    if (out.back() == '.' && !alternate)
        out.pop_back();
    if (useExp) {
        out += upper ? 'E' : 'e';
        out += exponent < 0 ? '-' : '+';
        const int absExp = exponent < 0 ? -exponent : exponent;
        if (absExp < 10)
            out += '0';
        out += std::to_string(absExp);
    }
    return out;
}

std::string floatRepr(double value)
{
    return doubleToString(value, 'r', 0, DoubleAddDot0);
}

namespace {

using detail::decodeUtf8;

/// str.isspace() for one code point.
bool isPythonSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

bool parseFloat(std::string_view text, double& out)
{
    // Strip Unicode whitespace on both ends.
    size_t begin = 0;
    while (begin < text.size()) {
        size_t next = begin;
        if (!isPythonSpace(decodeUtf8(text, next)))
            break;
        begin = next;
    }
    size_t end = text.size();
    while (end > begin) {
        size_t back = end - 1;
        while (back > begin && (static_cast<unsigned char>(text[back]) & 0xC0) == 0x80)
            --back;
        size_t probe = back;
        if (!isPythonSpace(decodeUtf8(text, probe)))
            break;
        end = back;
    }
    std::string_view body = text.substr(begin, end - begin);
    bool negative = false;
    if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
        negative = body.front() == '-';
        body.remove_prefix(1);
    }
    if (equalsIgnoreCase(body, "inf") || equalsIgnoreCase(body, "infinity")) {
        out = negative ? -HUGE_VAL : HUGE_VAL;
        return true;
    }
    if (equalsIgnoreCase(body, "nan")) {
        out = negative ? -std::nan("") : std::nan("");
        return true;
    }

    // Grammar: digits [ '.' [digits] ] | '.' digits, then optional exponent; '_' only between two digits.
    std::string clean;
    size_t i = 0;
    auto readDigits = [&]() {
        size_t count = 0;
        while (i < body.size()) {
            if (isDigit(body[i])) {
                clean += body[i++];
                ++count;
            } else if (body[i] == '_' && count > 0 && i + 1 < body.size() && isDigit(body[i + 1])) {
                ++i;
            } else {
                break;
            }
        }
        return count;
    };
    const size_t intDigits = readDigits();
    size_t fracDigits = 0;
    if (i < body.size() && body[i] == '.') {
        clean += body[i++];
        fracDigits = readDigits();
    }
    if (intDigits + fracDigits == 0)
        return false;
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        clean += 'e';
        ++i;
        if (i < body.size() && (body[i] == '+' || body[i] == '-'))
            clean += body[i++];
        if (readDigits() == 0)
            return false;
    }
    if (i != body.size())
        return false;

    double value = 0.0;
    const auto res = std::from_chars(clean.data(), clean.data() + clean.size(), value, std::chars_format::general);
    if (res.ec == std::errc::result_out_of_range) {
        // Decide overflow versus underflow from the decimal exponent of the first significant digit.
        long long exponent = 0;
        const auto ePos = clean.find('e');
        if (ePos != std::string::npos) {
            std::string_view e(clean.data() + ePos + 1, clean.size() - ePos - 1);
            bool expNegative = !e.empty() && e.front() == '-';
            if (!e.empty() && (e.front() == '-' || e.front() == '+'))
                e.remove_prefix(1);
            for (char c : e) {
                exponent = exponent * 10 + (c - '0');
                if (exponent > 100000000)
                    break;
            }
            if (expNegative)
                exponent = -exponent;
        }
        const std::string_view mantissa(clean.data(), ePos == std::string::npos ? clean.size() : ePos);
        long long position = 0; // decimal exponent of the first significant digit, plus one
        const auto point = mantissa.find('.');
        const long long intLen = static_cast<long long>(point == std::string_view::npos ? mantissa.size() : point);
        long long idx = 0;
        for (char c : mantissa) {
            if (c == '.')
                continue;
            if (c != '0') {
                position = intLen - idx;
                break;
            }
            ++idx;
        }
        value = position + exponent > 0 ? HUGE_VAL : 0.0;
    } else if (res.ec != std::errc() || res.ptr != clean.data() + clean.size()) {
        return false;
    }
    out = negative ? -value : value;
    return true;
}

} // namespace loopscope::support
