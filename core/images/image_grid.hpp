#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// How images are laid out in a picture grid.
struct ImageGridOptions {
    int rows = 8;
    int columns = 8;
    int scale = 4;     ///< nearest-neighbour upscaling of every pixel (1 … 32)
    int gap = 2;       ///< pixels between tiles (background colour), 0 … 64
    std::string validate() const;
};

/// A grid of images (one per row of `images`, d = channels·height·width in (C, H, W) order,
/// values in [−1, 1] mapped to 0 … 255 by unitToPixel), filled row by row; tiles beyond the
/// number of images stay background. Returns tightly packed opaque RGBA (width·height·4 bytes).
struct ImageGrid {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgba;
};

Result<ImageGrid> makeImageGrid(const Points& images, int channels, int height, int width,
                                const ImageGridOptions& options);

/// makeImageGrid written as a PNG file atomically (nothing is left at `path` on failure).
/// Refuses non-finite values.
Status writeImageGrid(const std::string& path, const Points& images, int channels, int height, int width,
                      const ImageGridOptions& options);

}  // namespace flowlab::core
