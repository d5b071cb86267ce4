#pragma once

#include <string>
#include <string_view>

namespace loopscope::support {

/// Options of doubleToString, CPython's Py_DTSF_* flags.
enum DoubleFlags : unsigned {
    DoubleAddSign = 1u << 0,     ///< always write a sign ('+' for non-negative values)
    DoubleAddDot0 = 1u << 1,     ///< write "1.0" instead of "1" when no exponent is used
    DoubleAlternate = 1u << 2,   ///< '#' form: keep the point and trailing zeros
    DoubleNoNegativeZero = 1u << 3 ///< 'z' option: "-0.00" becomes "0.00"
};

/// CPython's PyOS_double_to_string with correctly rounded digits.
/// code is one of 'e' 'E' 'f' 'F' 'g' 'G' 'r' ('r' is repr: shortest digits, precision unused);
/// for 'g' a precision of 0 means 1. Infinities are "inf"/"-inf", NaN is always "nan"
/// (uppercase for the uppercase codes). Locale-independent.
std::string doubleToString(double value, char code, int precision, unsigned flags = 0);

/// repr(float) and str(float): shortest round-trip digits, exponent at >= 1e16 and < 1e-4.
std::string floatRepr(double value);

/// float(text) for a str argument: surrounding whitespace, optional sign, decimal or exponent
/// notation with single underscores between digits, inf/infinity/nan in any case.
/// Returns false (and leaves out untouched) when Python would raise ValueError.
bool parseFloat(std::string_view text, double& out);

} // namespace loopscope::support
