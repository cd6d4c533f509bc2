#pragma once

#include <string>

#include "common/result.hpp"
#include "density/raster.hpp"
#include "image/image_raster.hpp"

namespace flowlab::core {

/// How an image becomes a density raster (issue 5): which channel is the weight, tone
/// adjustments, and where the picture sits in the plane.
struct ImageDensityOptions {
    enum class Weight { Intensity, Alpha, IntensityTimesAlpha };
    Weight weight = Weight::IntensityTimesAlpha;
    bool invert = false;       ///< use 1 − intensity (dark drawings on white paper)
    double contrast = 1.0;     ///< exponent applied to the weight (> 1 sharpens, < 1 softens)
    double threshold = 0.0;    ///< weights below this (after contrast) become 0, in [0, 1)
    double centerX = 0.0;      ///< centre of the picture in the plane
    double centerY = 0.0;
    double halfExtent = 4.0;   ///< half the longer side of the picture, in plane units
    int rasterCells = 128;     ///< cells along the longer side (the picture is area-averaged)

    std::string validate() const;
};

/// The density raster of an image: area-averaged onto at most rasterCells cells along the longer
/// side, aspect ratio kept, row 0 at the top. Sets `downsampled` when cells were merged.
struct ImageDensity {
    Raster raster;
    bool downsampled = false;
};

Result<ImageDensity> imageToRaster(const ImageRaster& image, const ImageDensityOptions& options = {});

/// Parses the options of an `image:FILE.png?invert&alpha&contrast=2&threshold=0.1&size=4&center=1,2&cells=96`
/// SPEC; returns the file name and fills `options`.
Result<std::string> parseImageSpec(const std::string& specBody, ImageDensityOptions& options);

}  // namespace flowlab::core
