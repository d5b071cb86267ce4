#include "support/percentformat.h"

#include "support/floatrepr.h"
#include "support/utf8.h"

#include <climits>
#include <cstdio>

namespace loopscope::support {

namespace {

std::vector<char32_t> codePoints(std::string_view utf8)
{
    std::vector<char32_t> cps;
    for (size_t i = 0; i < utf8.size();)
        cps.push_back(detail::decodeUtf8(utf8, i));
    return cps;
}

std::string encode(const std::vector<char32_t>& cps, size_t begin, size_t end)
{
    std::string out;
    for (size_t i = begin; i < end; ++i)
        detail::appendUtf8(out, cps[i]);
    return out;
}

/// CPython's unicode_format_arg_output for a numeric body (which may start with '-').
std::string outputNumber(std::string body, const PercentSpec& spec, char32_t conversion)
{
    const char fill = spec.zeroPad ? '0' : ' ';
    long long width = spec.width;
    long long len = static_cast<long long>(body.size());
    size_t index = 0;
    char signChar = 0;
    if (!body.empty() && (body[0] == '-' || body[0] == '+')) {
        signChar = body[0];
        --len;
        ++index;
    } else if (spec.plusSign) {
        signChar = '+';
    } else if (spec.blank) {
        signChar = ' ';
    }
    if (width < len)
        width = len;
    std::string out;
    if (signChar) {
        if (fill != ' ')
            out += signChar;
        if (width > len)
            --width;
    }
    const bool prefixed = spec.alternate && (conversion == 'x' || conversion == 'X' || conversion == 'o');
    std::string prefix;
    if (prefixed) {
        prefix = body.substr(index, 2);
        if (fill != ' ')
            out += prefix;
        index += 2;
        width -= 2;
        if (width < 0)
            width = 0;
        len -= 2;
    }
    if (width > len && !spec.leftAdjust) {
        out.append(static_cast<size_t>(width - len), fill);
        width = len;
    }
    if (fill == ' ') {
        if (signChar)
            out += signChar;
        if (prefixed)
            out += prefix;
    }
    out += body.substr(index);
    if (width > len)
        out.append(static_cast<size_t>(width - len), ' ');
    return out;
}

} // namespace

std::vector<PercentPiece> parsePercentTemplate(std::string_view utf8)
{
    const auto cps = codePoints(utf8);
    std::vector<PercentPiece> pieces;
    std::string literal;
    auto flushLiteral = [&]() {
        if (!literal.empty()) {
            pieces.push_back(PercentPiece{true, literal, {}});
            literal.clear();
        }
    };
    const size_t n = cps.size();
    size_t pos = 0;
    while (pos < n) {
        if (cps[pos] != '%') {
            detail::appendUtf8(literal, cps[pos++]);
            continue;
        }
        ++pos;
        if (pos < n && cps[pos] == '%') {
            literal += '%';
            ++pos;
            continue;
        }
        flushLiteral();
        PercentPiece piece;
        piece.isLiteral = false;
        PercentSpec& spec = piece.spec;
        auto fail = [&](std::string message) {
            spec.parseErrorKind = FormatErrorKind::ValueError;
            spec.parseError = std::move(message);
            pieces.push_back(piece);
        };
        // remaining mirrors CPython's fmtcnt: it goes negative when the template ends mid-spec.
        long long remaining = static_cast<long long>(n - pos);
        char32_t ch = 0;
        auto read = [&]() {
            ch = cps[pos++];
        };
        if (pos < n && cps[pos] == '(') {
            ++pos;
            --remaining;
            const size_t keyStart = pos;
            int depth = 1;
            while (depth > 0 && remaining > 0) {
                read();
                if (ch == ')')
                    --depth;
                else if (ch == '(')
                    ++depth;
                --remaining;
            }
            if (depth > 0) {
                spec.key = encode(cps, keyStart, pos);
                spec.keyIncomplete = true;
                fail("incomplete format key");
                return pieces;
            }
            spec.key = encode(cps, keyStart, pos - 1);
        }
        while (--remaining >= 0) {
            read();
            if (ch == '-') spec.leftAdjust = true;
            else if (ch == '+') spec.plusSign = true;
            else if (ch == ' ') spec.blank = true;
            else if (ch == '#') spec.alternate = true;
            else if (ch == '0') spec.zeroPad = true;
            else break;
        }
        if (ch == '*') {
            spec.widthFromArg = true;
            if (--remaining >= 0)
                read();
        } else if (ch >= '0' && ch <= '9') {
            long long width = ch - '0';
            bool tooBig = false;
            while (--remaining >= 0) {
                read();
                if (ch < '0' || ch > '9')
                    break;
                if (width > (LLONG_MAX - (ch - '0')) / 10) {
                    tooBig = true;
                    break;
                }
                width = width * 10 + (ch - '0');
            }
            if (tooBig || width > INT_MAX) {
                fail("width too big");
                return pieces;
            }
            spec.width = static_cast<int>(width);
        }
        if (ch == '.') {
            spec.precision = 0;
            if (--remaining >= 0)
                read();
            if (ch == '*') {
                spec.precisionFromArg = true;
                if (--remaining >= 0)
                    read();
            } else if (ch >= '0' && ch <= '9') {
                long long precision = ch - '0';
                while (--remaining >= 0) {
                    read();
                    if (ch < '0' || ch > '9')
                        break;
                    if (precision > (INT_MAX - (ch - '0')) / 10) {
                        fail("precision too big");
                        return pieces;
                    }
                    precision = precision * 10 + (ch - '0');
                }
                spec.precision = static_cast<int>(precision);
            }
        }
        if (remaining >= 0 && (ch == 'h' || ch == 'l' || ch == 'L')) {
            if (--remaining >= 0)
                read();
        }
        if (remaining < 0) {
            fail("incomplete format");
            return pieces;
        }
        spec.conversion = ch;
        switch (ch) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'e': case 'E': case 'f': case 'F':
        case 'g': case 'G': case 'c': case 'r': case 's': case 'a':
            break;
        default: {
            char buf[96];
            std::snprintf(buf, sizeof buf, "unsupported format character '%c' (0x%x) at index %zu",
                          (ch >= 31 && ch <= 126) ? static_cast<char>(ch) : '?', static_cast<unsigned>(ch), pos - 1);
            spec.conversionErrorKind = FormatErrorKind::ValueError;
            spec.conversionError = buf;
            pieces.push_back(piece);
            return pieces;
        }
        }
        pieces.push_back(piece);
    }
    flushLiteral();
    return pieces;
}

PercentArgCursor::PercentArgCursor(bool isTuple, int64_t tupleSize, bool isMapping)
    : m_argLen(isTuple ? tupleSize : -1)
    , m_argIndex(isTuple ? 0 : -2)
    , m_mapping(isMapping && !isTuple)
{
}

void PercentArgCursor::enterKeyedValue()
{
    m_argLen = -1;
    m_argIndex = -2;
}

std::optional<int64_t> PercentArgCursor::next()
{
    if (m_argIndex < m_argLen) {
        const int64_t index = m_argIndex++;
        return m_argLen < 0 ? -1 : index;
    }
    return std::nullopt;
}

bool PercentArgCursor::unconvertedLeft() const
{
    return m_argIndex < m_argLen;
}

void applyStarWidth(PercentSpec& spec, int64_t width)
{
    if (width < 0) {
        spec.leftAdjust = true;
        width = -width;
    }
    spec.width = static_cast<int>(width);
    spec.widthFromArg = false;
}

void applyStarPrecision(PercentSpec& spec, int64_t precision)
{
    spec.precision = precision < 0 ? 0 : static_cast<int>(precision);
    spec.precisionFromArg = false;
}

std::string formatPercentInteger(const mpz_t value, const PercentSpec& spec)
{
    const char32_t conv = spec.conversion;
    const int base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
    mpz_t magnitude;
    mpz_init(magnitude);
    mpz_abs(magnitude, value);
    std::string digits(mpz_sizeinbase(magnitude, base) + 2, '\0');
    mpz_get_str(digits.data(), base, magnitude);
    digits.resize(std::char_traits<char>::length(digits.c_str()));
    mpz_clear(magnitude);
    if (spec.precision > static_cast<int>(digits.size()))
        digits.insert(0, static_cast<size_t>(spec.precision) - digits.size(), '0');
    std::string body = mpz_sgn(value) < 0 ? "-" : "";
    if (spec.alternate && base != 10)
        body += base == 8 ? "0o" : "0x";
    body += digits;
    if (conv == 'X')
        for (char& c : body)
            if (c >= 'a' && c <= 'x')
                c = static_cast<char>(c - 'a' + 'A');
    return outputNumber(body, spec, conv);
}

std::string formatPercentInteger(int64_t value, const PercentSpec& spec)
{
    mpz_t z;
    mpz_init(z);
    mpz_set_si(z, value);
    std::string out = formatPercentInteger(z, spec);
    mpz_clear(z);
    return out;
}

std::string formatPercentFloat(double value, const PercentSpec& spec)
{
    const int precision = spec.precision < 0 ? 6 : spec.precision;
    const std::string body = doubleToString(value, static_cast<char>(spec.conversion), precision,
                                            spec.alternate ? unsigned(DoubleAlternate) : 0u);
    return outputNumber(body, spec, spec.conversion);
}

std::string formatPercentText(std::string_view utf8, const PercentSpec& spec)
{
    std::string_view text = utf8;
    if (spec.precision >= 0)
        text = text.substr(0, detail::prefixBytes(text, static_cast<size_t>(spec.precision)));
    return padText(text, spec.width, spec.leftAdjust ? '<' : '>');
}

FormatResult formatPercentChar(const mpz_t codePoint, const PercentSpec& spec)
{
    if (!mpz_fits_slong_p(codePoint) || mpz_get_si(codePoint) < 0 || mpz_get_si(codePoint) > 0x10FFFF)
        return FormatResult::failure(FormatErrorKind::OverflowError, "%c arg not in range(0x110000)");
    std::string ch;
    detail::appendUtf8(ch, static_cast<char32_t>(mpz_get_si(codePoint)));
    PercentSpec noPrecision = spec;
    noPrecision.precision = -1;
    return FormatResult::success(formatPercentText(ch, noPrecision));
}

} // namespace loopscope::support
