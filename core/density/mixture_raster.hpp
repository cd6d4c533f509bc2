#pragma once

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"

namespace flowlab::core {

/// The inverse view of rasterToMixture: a 2-D mixture's density evaluated at the cell centres of
/// `grid` (its size and placement; its values are ignored), scaled so that the brightest cell is
/// 1. This is what a drawing of that density starts from. Fails for a mixture that is not 2-D or
/// that has no visible mass on the grid (all cells underflow to 0).
Result<Raster> mixtureToRaster(const GaussianMixture& mixture, const Raster& grid);

/// Total-variation distance ½ Σ |p − q| between the two rasters' normalised cell masses (0 =
/// same shape, 1 = disjoint). The rasters must have the same size; NaN when either is empty.
double rasterTotalVariation(const Raster& a, const Raster& b);

}  // namespace flowlab::core
