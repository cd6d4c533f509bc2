#pragma once

#include <string>

namespace flowlab::core {

/// `text` as it may appear in a one-line message: unchanged when short, else its first
/// `keep` bytes (cut on a UTF-8 character boundary) and "… (N characters)", so a 100 000-digit
/// number or a 10 MB CSV cell never makes a line of that size.
std::string shownToken(const std::string& text, std::size_t keep = 40);

/// `value` with as few significant digits as give back the same double (at most 17), so a
/// value and the bound it breaks never print alike ("1e-300 is outside [0, 1]", not
/// "0.000000 is outside [0.000000, 1.000000]").
std::string shownNumber(double value);

}  // namespace flowlab::core
