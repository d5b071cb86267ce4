#include "support/strformat.h"

#include "support/utf8.h"

#include <cstdio>

namespace loopscope::support {

namespace {

using Cps = std::vector<char32_t>;

std::string encode(const Cps& cps, size_t begin, size_t end)
{
    std::string out;
    for (size_t i = begin; i < end; ++i)
        detail::appendUtf8(out, cps[i]);
    return out;
}

/// CPython's AutoNumber: fields switch it to automatic or manual numbering once.
struct AutoNumber {
    enum class State { Init, Auto, Manual } state = State::Init;
    int64_t next = 0;
};

/// A decimal integer, -1 when not all digits (then it is a keyword), -2 on overflow.
int64_t decimalValue(const Cps& cps, size_t begin, size_t end)
{
    if (begin >= end)
        return -1;
    int64_t value = 0;
    for (size_t i = begin; i < end; ++i) {
        if (cps[i] < '0' || cps[i] > '9')
            return -1;
        const int digit = static_cast<int>(cps[i] - '0');
        if (value > (INT64_MAX - digit) / 10)
            return -2;
        value = value * 10 + digit;
    }
    return value;
}

StrFormatPiece errorPiece(std::string message, FormatErrorKind kind = FormatErrorKind::ValueError)
{
    StrFormatPiece piece;
    piece.kind = StrFormatPiece::Kind::Error;
    piece.text = std::move(message);
    piece.errorKind = kind;
    return piece;
}

void parseTemplate(const Cps& cps, size_t begin, size_t end, int depth, AutoNumber& numbering,
                   std::vector<StrFormatPiece>& out);

/// Splits the field name into first part and accessors (CPython's field_name_split and its iterator).
void parseFieldName(const Cps& cps, size_t begin, size_t end, AutoNumber& numbering, ReplacementField& field)
{
    size_t i = begin;
    while (i < end && cps[i] != '.' && cps[i] != '[')
        ++i;
    const int64_t number = decimalValue(cps, begin, i);
    if (number == -2) {
        field.nameErrorKind = FormatErrorKind::ValueError;
        field.nameError = "Too many decimal digits in format string";
        return;
    }
    const bool empty = i == begin;
    const bool numeric = empty || number >= 0;
    if (numeric) {
        if (numbering.state == AutoNumber::State::Init)
            numbering.state = empty ? AutoNumber::State::Auto : AutoNumber::State::Manual;
        if (numbering.state == AutoNumber::State::Manual && empty) {
            field.nameErrorKind = FormatErrorKind::ValueError;
            field.nameError = "cannot switch from manual field specification to automatic field numbering";
            return;
        }
        if (numbering.state == AutoNumber::State::Auto && !empty) {
            field.nameErrorKind = FormatErrorKind::ValueError;
            field.nameError = "cannot switch from automatic field numbering to manual field specification";
            return;
        }
        field.index = empty ? numbering.next++ : number;
    } else {
        field.keyword = encode(cps, begin, i);
    }
    auto accessorError = [&](const char* message) {
        field.accessorErrorKind = FormatErrorKind::ValueError;
        field.accessorError = message;
    };
    while (i < end) {
        FieldAccessor accessor;
        const char32_t c = cps[i++];
        size_t nameBegin = i;
        size_t nameEnd = i;
        if (c == '.') {
            while (i < end && cps[i] != '.' && cps[i] != '[')
                ++i;
            nameEnd = i;
        } else if (c == '[') {
            while (i < end && cps[i] != ']')
                ++i;
            if (i >= end) {
                accessorError("Missing ']' in format string");
                return;
            }
            nameEnd = i++;
            accessor.isAttribute = false;
            const int64_t key = decimalValue(cps, nameBegin, nameEnd);
            if (key == -2) {
                accessorError("Too many decimal digits in format string");
                return;
            }
            if (key >= 0)
                accessor.index = key;
        } else {
            accessorError("Only '.' or '[' may follow ']' in format field specifier");
            return;
        }
        if (nameBegin == nameEnd) {
            accessorError("Empty attribute in format string");
            return;
        }
        accessor.name = encode(cps, nameBegin, nameEnd);
        field.accessors.push_back(std::move(accessor));
    }
}

/// Parses the markup after '{' (CPython's parse_field); returns false with an error piece appended.
bool parseField(const Cps& cps, size_t& pos, size_t end, int depth, AutoNumber& numbering,
                std::vector<StrFormatPiece>& out)
{
    const size_t nameBegin = pos;
    char32_t c = 0;
    while (pos < end) {
        c = cps[pos++];
        if (c == '{') {
            out.push_back(errorPiece("unexpected '{' in field name"));
            return false;
        }
        if (c == '[') {
            while (pos < end && cps[pos] != ']')
                ++pos;
            continue;
        }
        if (c == '}' || c == ':' || c == '!')
            break;
    }
    const size_t nameEnd = pos - 1;
    auto field = std::make_shared<ReplacementField>();
    size_t specBegin = 0, specEnd = 0;
    bool hasSpec = false, specNeedsExpanding = false;
    if (c == '!' || c == ':') {
        if (c == '!') {
            if (pos >= end) {
                out.push_back(errorPiece("end of string while looking for conversion specifier"));
                return false;
            }
            field->conversion = cps[pos++];
            if (pos < end) {
                const char32_t next = cps[pos++];
                if (next != '}' && next != ':') {
                    out.push_back(errorPiece("expected ':' after conversion specifier"));
                    return false;
                }
                if (next == '}')
                    goto done;
            }
        }
        specBegin = pos;
        int count = 1;
        while (pos < end) {
            const char32_t s = cps[pos++];
            if (s == '{') {
                specNeedsExpanding = true;
                ++count;
            } else if (s == '}') {
                if (--count == 0) {
                    specEnd = pos - 1;
                    hasSpec = true;
                    break;
                }
            }
        }
        if (!hasSpec) {
            out.push_back(errorPiece("unmatched '{' in format spec"));
            return false;
        }
    } else if (c != '}') {
        out.push_back(errorPiece("expected '}' before end of string"));
        return false;
    }
done:
    parseFieldName(cps, nameBegin, nameEnd, numbering, *field);
    if (field->conversion && field->conversion != 'r' && field->conversion != 's' && field->conversion != 'a') {
        char buf[64];
        if (field->conversion > 32 && field->conversion < 127)
            std::snprintf(buf, sizeof buf, "Unknown conversion specifier %c", static_cast<char>(field->conversion));
        else
            std::snprintf(buf, sizeof buf, "Unknown conversion specifier \\x%x", static_cast<unsigned>(field->conversion));
        field->conversionError = buf;
    }
    if (hasSpec) {
        if (!specNeedsExpanding) {
            if (specEnd > specBegin)
                field->spec.push_back(StrFormatPiece{StrFormatPiece::Kind::Literal, encode(cps, specBegin, specEnd),
                                                     FormatErrorKind::None, nullptr});
        } else if (depth - 1 <= 0) {
            field->spec.push_back(errorPiece("Max string recursion exceeded"));
        } else if (field->nameError.empty()) {
            // Nested fields take automatic numbers after the field itself, as CPython evaluates them.
            parseTemplate(cps, specBegin, specEnd, depth - 1, numbering, field->spec);
        }
    }
    StrFormatPiece piece;
    piece.kind = StrFormatPiece::Kind::Field;
    piece.field = std::move(field);
    out.push_back(std::move(piece));
    return true;
}

/// CPython's MarkupIterator over cps[begin, end).
void parseTemplate(const Cps& cps, size_t begin, size_t end, int depth, AutoNumber& numbering,
                   std::vector<StrFormatPiece>& out)
{
    size_t pos = begin;
    while (pos < end) {
        const size_t start = pos;
        char32_t c = 0;
        bool markup = false;
        while (pos < end) {
            c = cps[pos++];
            if (c == '{' || c == '}') {
                markup = true;
                break;
            }
        }
        const bool atEnd = pos >= end;
        size_t length = pos - start;
        if (markup && c == '}' && (atEnd || cps[pos] != '}')) {
            if (length > 1)
                out.push_back(StrFormatPiece{StrFormatPiece::Kind::Literal, encode(cps, start, pos - 1),
                                             FormatErrorKind::None, nullptr});
            out.push_back(errorPiece("Single '}' encountered in format string"));
            return;
        }
        if (markup && atEnd && c == '{') {
            if (length > 1)
                out.push_back(StrFormatPiece{StrFormatPiece::Kind::Literal, encode(cps, start, pos - 1),
                                             FormatErrorKind::None, nullptr});
            out.push_back(errorPiece("Single '{' encountered in format string"));
            return;
        }
        bool fieldFollows = markup;
        if (markup && !atEnd) {
            if (cps[pos] == c) {
                ++pos; // "{{" or "}}": the first brace stays in the literal
                fieldFollows = false;
            } else {
                --length;
            }
        }
        if (length > 0) {
            std::string text = encode(cps, start, start + length);
            if (!out.empty() && out.back().kind == StrFormatPiece::Kind::Literal)
                out.back().text += text;
            else
                out.push_back(StrFormatPiece{StrFormatPiece::Kind::Literal, std::move(text), FormatErrorKind::None, nullptr});
        }
        if (fieldFollows && !parseField(cps, pos, end, depth, numbering, out))
            return;
    }
}

} // namespace

std::vector<StrFormatPiece> parseStrFormat(std::string_view utf8)
{
    Cps cps;
    for (size_t i = 0; i < utf8.size();)
        cps.push_back(detail::decodeUtf8(utf8, i));
    std::vector<StrFormatPiece> pieces;
    AutoNumber numbering;
    parseTemplate(cps, 0, cps.size(), 2, numbering, pieces);
    return pieces;
}

std::optional<std::string> literalSpec(const std::vector<StrFormatPiece>& spec)
{
    std::string out;
    for (const auto& piece : spec) {
        if (piece.kind != StrFormatPiece::Kind::Literal)
            return std::nullopt;
        out += piece.text;
    }
    return out;
}

} // namespace loopscope::support
