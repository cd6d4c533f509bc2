#pragma once

#include <QString>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"
#include "scene/density_source.hpp"

namespace flowlab::ui {

/// What a drawing of a density starts from, so the editor edits what the plane shows: when
/// `source` is a raster, or a SPEC that reads a raster from a scene file (scene:FILE#base|target
/// whose density is a raster, e.g. a saved drawing), that exact raster; otherwise `density` evaluated on the cells of `grid`
/// with its brightest cell at 1 (core mixtureToRaster) and cells fainter than 1/512 empty.
/// Errors say why nothing can be drawn.
core::Result<core::Raster> drawingSeed(const core::DensitySource& source, const core::GaussianMixture& density,
                                       const core::Raster& grid);

}  // namespace flowlab::ui
