#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "image/image_header.hpp"

namespace flowlab::core {

/// Weights of the intensity computed from sRGB-encoded channel values (Rec. 709 luma, applied
/// to the encoded values without linearisation, as image editors do for "luminosity").
inline constexpr double kLumaRed = 0.2126;
inline constexpr double kLumaGreen = 0.7152;
inline constexpr double kLumaBlue = 0.0722;

/// A decoded image as FlowLab uses it for densities: per-pixel intensity and alpha in [0, 1].
/// Pixels are stored row by row, row 0 the TOP row of the image as it is meant to be seen
/// (a JPEG's EXIF orientation applied); index y * width + x. Flipping to the plane's upward y
/// is the caller's business.
struct ImageRaster {
    int width = 0;
    int height = 0;
    std::vector<double> intensity;  ///< kLumaRed·R + kLumaGreen·G + kLumaBlue·B, channels in [0, 1]
    std::vector<double> alpha;      ///< opacity; 1 for formats without alpha
    /// The 8-bit sRGB channels, R G B per pixel (straight alpha), for uses that need colour
    /// (image data sets in pixel space); same order as intensity.
    std::vector<std::uint8_t> rgb;
    bool grey = false;              ///< the file stores no colour (grey or grey + alpha)
    int sourceWidth = 0;            ///< size declared by the file (as stored, before orientation)
    int sourceHeight = 0;
    int orientation = 1;            ///< EXIF orientation that was applied (JPEG; 1 = none)
    bool downsampled = false;       ///< true when the raster is smaller than the file's image
    ImageFormat format = ImageFormat::Png;

    double intensityAt(int x, int y) const { return intensity[static_cast<std::size_t>(y) * width + x]; }
    double alphaAt(int x, int y) const { return alpha[static_cast<std::size_t>(y) * width + x]; }
};

}  // namespace flowlab::core
