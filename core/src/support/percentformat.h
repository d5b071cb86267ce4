#pragma once

#include "support/formatspec.h"

#include <cstdint>
#include <gmp.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::support {

/// One %-conversion of a printf-style template, in CPython's evaluation order: mapping check
/// ("format requires a mapping" when key is set), key lookup, '*' width, '*' precision, the value.
/// parseError is raised after the key and star arguments were taken (before the lookup when
/// keyIncomplete), conversionError after the value was taken.
struct PercentSpec {
    std::optional<std::string> key; ///< %(key)
    bool keyIncomplete = false;     ///< "%(ke" without ')': parseError comes right after the mapping check
    bool leftAdjust = false;        ///< '-'
    bool plusSign = false;          ///< '+'
    bool blank = false;             ///< ' '
    bool alternate = false;         ///< '#'
    bool zeroPad = false;           ///< '0'
    int width = -1;                 ///< -1: none
    bool widthFromArg = false;      ///< '*': width comes from the next argument
    int precision = -1;             ///< -1: none
    bool precisionFromArg = false;  ///< '.*'
    char32_t conversion = 0;        ///< d i u o x X e E f F g G c r s a
    FormatErrorKind parseErrorKind = FormatErrorKind::None;
    std::string parseError;         ///< "incomplete format", "width too big", ...
    FormatErrorKind conversionErrorKind = FormatErrorKind::None;
    std::string conversionError;    ///< "unsupported format character 'y' (0x79) at index 3"
};

/// A literal run (with "%%" already turned into '%') or a conversion.
struct PercentPiece {
    bool isLiteral = true;
    std::string literal;
    PercentSpec spec;
};

/// Splits a template into pieces. Parsing stops after the first piece with an error.
std::vector<PercentPiece> parsePercentTemplate(std::string_view utf8);

/// CPython's argument cursor for `template % args`: args is a tuple of `tupleSize` items, or one object
/// (tupleSize ignored), which may also be a mapping (usable with %(key)).
class PercentArgCursor {
public:
    PercentArgCursor(bool isTuple, int64_t tupleSize, bool isMapping);
    /// After a %(key) lookup the looked-up value becomes the single current argument.
    void enterKeyedValue();
    /// The next argument: a tuple index, or -1 for "the single object / keyed value"; nullopt means
    /// TypeError "not enough arguments for format string".
    std::optional<int64_t> next();
    /// True when TypeError "not all arguments converted during string formatting" is due: check after
    /// each conversion when a mapping was given, and at the end otherwise.
    bool unconvertedLeft() const;
    bool isMapping() const { return m_mapping; }

private:
    int64_t m_argLen;
    int64_t m_argIndex;
    bool m_mapping;
};

/// Applies a '*' width argument (a negative one means left-adjust).
void applyStarWidth(PercentSpec& spec, int64_t width);
/// Applies a '.*' precision argument (a negative one means 0).
void applyStarPrecision(PercentSpec& spec, int64_t precision);

/// %d %i %u %o %x %X of an int, with flags, width and precision.
std::string formatPercentInteger(const mpz_t value, const PercentSpec& spec);
/// %d %i %u %o %x %X of a machine int.
std::string formatPercentInteger(int64_t value, const PercentSpec& spec);
/// %e %E %f %F %g %G of a float.
std::string formatPercentFloat(double value, const PercentSpec& spec);
/// %s %r %a (text is str(), repr() or ascii() of the argument) and %c: precision truncates, width pads.
std::string formatPercentText(std::string_view utf8, const PercentSpec& spec);
/// %c of an int: the character, or OverflowError "%c arg not in range(0x110000)".
FormatResult formatPercentChar(const mpz_t codePoint, const PercentSpec& spec);

} // namespace loopscope::support
