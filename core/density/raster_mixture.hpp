#pragma once

#include <cstdint>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"

namespace flowlab::core {

/// How a raster becomes a Gaussian mixture (docs/maths.md §8).
struct RasterMixtureOptions {
    /// Cap on the number of components. Rasters with more non-empty cells are reduced by
    /// weighted k-means on the cells, each cluster becoming one moment-matched component.
    ///
    /// 256, by measurement (`cmake --build build --target flowlab_bench_raster_cap &&
    /// build/tests/bench/flowlab_bench_raster_cap`: a 128² picture raster with 3 994 non-empty
    /// cells as the target, N(0, I) as the base, 10 000 particles, one exact-field thread as in
    /// the window, 2-core machine). For K = 64 / 128 / 256 / 512 / 1024 components:
    ///   - animation frame (FrameAssembler + FrameRenderer, 1280×720, heatmap, arrows, trails):
    ///     5.3–6.7 ms mean and p95 ≤ 10 ms at every K over three runs (≥ 60 fps), since the field
    ///     layers are computed once per scene and the animation replays stored states;
    ///   - exact-field simulation of 10 000 particles (Heun, 100 steps): 0.4 / 0.9 / 1.7 / 3.9 / 9–10 s,
    ///     and the 101 field frames (heatmap + arrows): 0.3 / 0.6 / 1.2 / 2.6 / 6.0 s;
    ///   - total-variation distance between the raster and the mixture on its cells:
    ///     0.179 / 0.145 / 0.105 / 0.090 / 0.088 (0.086 with one component per cell); the energy
    ///     distance at 12 000 samples is within its noise (|E| < 0.0005) at every K.
    /// 256 keeps the re-simulation after each stroke under about 2 s while closing 80 % of the
    /// gap between 64 components and one per cell.
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
