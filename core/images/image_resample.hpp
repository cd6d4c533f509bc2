#pragma once

#include <cstdint>
#include <vector>

namespace flowlab::core {

/// Resizes a planar 8-bit image (C, H, W) to dstWidth × dstHeight by area averaging: each output
/// pixel is the mean of the source area it covers (fractional pixels weighted by coverage), so
/// 28 → 14 is the exact 2×2 box average. Values are rounded back to 8 bits. Upscaling repeats
/// pixels (the covered area lies inside one or two source pixels).
std::vector<std::uint8_t> resampleArea(const std::vector<std::uint8_t>& src, int channels, int srcWidth,
                                       int srcHeight, int dstWidth, int dstHeight);

/// The centred square crop (side min(W, H)) of a planar 8-bit image.
std::vector<std::uint8_t> cropCentreSquare(const std::vector<std::uint8_t>& src, int channels, int width,
                                           int height);

}  // namespace flowlab::core
