#pragma once

#include "support/formatspec.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::support {

struct ReplacementField;

/// One piece of a str.format template: literal text, a replacement field, or the error CPython
/// raises when evaluation reaches this point (always the last piece of its list).
struct StrFormatPiece {
    enum class Kind { Literal, Field, Error };
    Kind kind = Kind::Literal;
    std::string text;                          ///< literal text, or the error message
    FormatErrorKind errorKind = FormatErrorKind::None;
    std::shared_ptr<const ReplacementField> field;
};

/// `.name` or `[key]` after the first part of a field name.
struct FieldAccessor {
    bool isAttribute = true;
    std::string name;                ///< attribute name or item key text
    std::optional<int64_t> index;    ///< set when an item key is all decimal digits (an int key)
};

/// `{first.attr[key]!conv:spec}`, evaluated as CPython's output_markup does: resolve first (error if
/// nameError), apply accessors in order (then raise accessorError if set), convert (error for an
/// unknown conversion), expand the spec pieces, then format.
struct ReplacementField {
    std::optional<int64_t> index;           ///< positional argument (explicit or automatic number)
    std::string keyword;                    ///< keyword argument when index is empty
    FormatErrorKind nameErrorKind = FormatErrorKind::None;
    std::string nameError;                  ///< e.g. "cannot switch from manual field specification ..."
    std::vector<FieldAccessor> accessors;
    FormatErrorKind accessorErrorKind = FormatErrorKind::None;
    std::string accessorError;              ///< e.g. "Empty attribute in format string"
    char32_t conversion = 0;                ///< 'r' 's' 'a', 0 for none
    std::string conversionError;            ///< ValueError "Unknown conversion specifier x"
    std::vector<StrFormatPiece> spec;       ///< the format spec as a template (nested fields expanded at run time)
};

/// Parses a str.format template into pieces with automatic numbering resolved.
std::vector<StrFormatPiece> parseStrFormat(std::string_view utf8);

/// Concatenates a spec's literal pieces when it has no nested fields (the usual case).
std::optional<std::string> literalSpec(const std::vector<StrFormatPiece>& spec);

} // namespace loopscope::support
