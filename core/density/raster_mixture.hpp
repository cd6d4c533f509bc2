#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"

namespace flowlab::core {

/// How a raster becomes a Gaussian mixture (MATH.md §8).
struct RasterMixtureOptions {
    /// Cap on the number of components. Rasters with more non-empty cells are reduced by
    /// weighted k-means on the cells, each cluster becoming one moment-matched component.
    int maxComponents = 256;
    /// Cells with intensity ≤ threshold × (largest intensity) count as empty.
    double threshold = 0.0;
    std::uint64_t seed = 0;     ///< k-means initialisation and the error estimate
    int kmeansIterations = 25;
    int errorSamples = 1000;    ///< samples per side for the energy-distance error; 0 = skip

    std::string validate() const;
};

/// The mixture and what it cost.
struct RasterMixtureResult {
    GaussianMixture mixture;
    std::size_t nonEmptyCells = 0;  ///< components before reduction
    double mass = 0.0;              ///< total intensity carried (the raster's mass above the threshold)
    bool reduced = false;           ///< true when k-means merged cells
    /// Energy distance between samples of the raster density and of the mixture (≥ 0 up to
    /// sampling noise; NaN when errorSamples = 0).
    double approximationError = 0.0;
};

/// One isotropic component per non-empty cell (weight = intensity, standard deviation = cell
/// size), reduced to at most maxComponents. Mass (total weight) and centre of mass are preserved
/// exactly by the reduction. An empty raster is an error: it is not a density.
Result<RasterMixtureResult> rasterToMixture(const Raster& raster, const RasterMixtureOptions& options = {});

}  // namespace flowlab::core
