#pragma once

#include <cstdint>
#include <gmp.h>
#include <optional>
#include <string>
#include <string_view>

namespace loopscope::support {

/// Which Python exception a formatting failure maps to.
enum class FormatErrorKind { None, ValueError, OverflowError, TypeError, KeyError, IndexError };

/// Text on success, or CPython's exception type and message; never thrown.
struct FormatResult {
    std::string text;
    FormatErrorKind errorKind = FormatErrorKind::None;
    std::string error;

    bool ok() const { return errorKind == FormatErrorKind::None; }
    static FormatResult success(std::string text) { return {std::move(text), FormatErrorKind::None, {}}; }
    static FormatResult failure(FormatErrorKind kind, std::string message) { return {{}, kind, std::move(message)}; }
};

/// A parsed format-spec: [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type].
struct FormatSpec {
    char32_t fill = ' ';     ///< '0' when the zero flag was given without an explicit fill
    char align = 0;          ///< '<' '>' '^' '=' or 0 for the type's default
    char sign = 0;           ///< '+' '-' ' ' or 0
    bool noNegativeZero = false; ///< the 3.11 'z' option
    bool alternate = false;  ///< '#'
    bool zeroPad = false;    ///< a '0' before the width (fill not given)
    int width = -1;          ///< -1: none
    char grouping = 0;       ///< ',' '_' or 0
    int precision = -1;      ///< -1: none
    char32_t type = 0;       ///< presentation type, or the caller's default type
};

/// Parses spec as CPython's parse_internal_render_format_spec does. defaultType is the type
/// letter used when the spec has none ('d' for int, 0 for float, 's' for str); typeName goes into
/// "Invalid format specifier '...' for object of type '...'". On failure returns nullopt and sets
/// *error (a ValueError message) when error is non-null.
std::optional<FormatSpec> parseFormatSpec(std::string_view spec, char32_t defaultType, std::string_view typeName,
                                          std::string* error);

/// format(float, spec) for a parsed spec (types e E f F g G n % and none).
FormatResult formatFloat(double value, const FormatSpec& spec);
/// format(float, spec): the empty spec is str(value).
FormatResult formatFloat(double value, std::string_view spec);

/// format(int, spec) for a parsed spec (types b c d o x X n, and e E f F g G % through float()).
FormatResult formatInteger(const mpz_t value, const FormatSpec& spec);
/// format(int, spec) for a parsed spec.
FormatResult formatInteger(int64_t value, const FormatSpec& spec);
/// format(int, spec): the empty spec is str(value).
FormatResult formatInteger(const mpz_t value, std::string_view spec);
/// format(int, spec): the empty spec is str(value).
FormatResult formatInteger(int64_t value, std::string_view spec);

/// format(bool, spec): the empty spec is "True"/"False", any other spec formats the int 1 or 0.
FormatResult formatBool(bool value, std::string_view spec);

/// format(str, spec) on UTF-8 text: precision truncates, width counts code points, default left.
FormatResult formatString(std::string_view utf8, const FormatSpec& spec);
/// format(str, spec): the empty spec returns the text unchanged.
FormatResult formatString(std::string_view utf8, std::string_view spec);

/// Pads already-formatted UTF-8 text as object.__format__ would not: helper for align/fill/width only.
std::string padText(std::string_view utf8, int width, char align, char32_t fill = ' ');

/// float(int) with CPython's rounding (half to even); false when the result would be infinite
/// ("int too large to convert to float").
bool integerToDouble(const mpz_t value, double& out);

} // namespace loopscope::support
