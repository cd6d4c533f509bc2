#pragma once

#include <QImage>
#include <QString>

#include "common/result.hpp"
#include "density/image_density.hpp"

namespace flowlab::ui {

/// Which density an image (or a drawing) replaces.
enum class DensityRole { Base, Target };

/// An image file chosen as a density, with how it becomes one.
struct ImageImport {
    QString path;
    core::ImageDensityOptions options;
    DensityRole role = DensityRole::Target;
};

/// What the import dialog shows before applying: the raster, the mixture it becomes and notices.
struct ImagePreview {
    QImage raster;                   ///< the density raster as a grey image (white = most mass)
    int components = 0;              ///< Gaussian components in use after reduction
    std::size_t nonEmptyCells = 0;
    double approximationError = 0.0; ///< energy distance raster ↔ mixture (core rasterToMixture)
    bool downsampled = false;        ///< the picture was larger than the raster (or the decoder limit)
    int sourceWidth = 0, sourceHeight = 0;
};

/// The `image:ABSOLUTE_FILE?...` SPEC that reads `import` back (see core parseImageSpec).
QString imageSpec(const ImageImport& import);

/// Decodes the file and converts it exactly as the SPEC will; errors (unreadable, corrupt,
/// empty after threshold) name the file and the problem.
core::Result<ImagePreview> previewImage(const ImageImport& import);

}  // namespace flowlab::ui
