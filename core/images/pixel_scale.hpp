#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace flowlab::core {

/// Pixel scaling of docs/maths.md §10. Every FlowLab image data set holds 8-bit levels
/// p ∈ {0 … 255} (loaders that resample round back to 8 bits), stored at the centre of their
/// bin, x = 2 (p + ½)/256 − 1 ∈ (−1, 1). Uniform dequantisation replaces the ½ by u ~ U[0, 1),
/// i.e. adds (u − ½)·kPixelBinWidth to x.
inline constexpr double kPixelBinWidth = 2.0 / 256.0;

/// The stored value of level p (u = ½).
inline float pixelToUnit(int p) { return static_cast<float>((2.0 * p + 1.0) / 256.0 - 1.0); }

/// The level whose bin holds x (values outside [−1, 1] clamp to 0 or 255): the inverse of
/// pixelToUnit, and how samples become displayable bytes.
inline std::uint8_t unitToPixel(double x) {
    if (!(x > -1.0)) return 0;  // also NaN
    return static_cast<std::uint8_t>(std::clamp(std::floor((x + 1.0) * 128.0), 0.0, 255.0));
}

}  // namespace flowlab::core
