#include "density/raster_mixture.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "density/mixture_reduction.hpp"
#include "stats/sample_distance.hpp"

namespace flowlab::core {
namespace {

struct Cell {
    double x, y, w;
};

}  // namespace

std::string RasterMixtureOptions::validate() const {
    if (maxComponents < 1 || maxComponents > 100000) return "the component cap must be in [1, 100000]";
    if (!(threshold >= 0.0 && threshold < 1.0)) return "the threshold must be in [0, 1)";
    if (kmeansIterations < 1 || kmeansIterations > 1000) return "k-means iterations must be in [1, 1000]";
    if (errorSamples < 0 || errorSamples > 100000) return "error samples must be in [0, 100000]";
    return {};
}

Result<RasterMixtureResult> rasterToMixture(const Raster& raster, const RasterMixtureOptions& options) {
    if (auto p = options.validate(); !p.empty()) return Error{p};
    if (auto p = raster.validate(); !p.empty()) return Error{p};
    double peak = 0.0;
    for (double v : raster.values) peak = std::max(peak, v);
    if (!(peak > 0.0)) return Error{"the drawing is empty: paint some mass before using it as a density"};
    const double cut = options.threshold * peak;
    std::vector<Cell> cells;
    for (int row = 0; row < raster.height; ++row)
        for (int col = 0; col < raster.width; ++col)
            if (const double w = raster.at(col, row); w > cut && w > 0.0) cells.push_back({raster.cellX(col), raster.cellY(row), w});
    if (cells.empty()) return Error{"nothing is left above the threshold: lower it"};

    const double sigma = std::sqrt(raster.cellWidth() * raster.cellHeight());
    const Matrix cellCov = sigma * sigma * Matrix::Identity(2, 2);
    RasterMixtureResult result;
    result.nonEmptyCells = cells.size();
    for (const auto& c : cells) result.mass += c.w;
    // One isotropic component per cell, then the shared moment-matching reduction.
    std::vector<GaussianComponent> comps;
    comps.reserve(cells.size());
    for (const auto& c : cells) comps.push_back({c.w, (Vector(2) << c.x, c.y).finished(), cellCov});
    auto full = GaussianMixture::create(2, std::move(comps));
    if (!full) return full.error();
    result.reduced = static_cast<int>(cells.size()) > options.maxComponents;
    MixtureReductionOptions reduction;
    reduction.maxComponents = options.maxComponents;
    reduction.seed = options.seed;
    reduction.iterations = options.kmeansIterations;
    auto mixture = reduceMixture(*full, reduction);
    if (!mixture) return mixture.error();
    result.mixture = std::move(*mixture);

    if (options.errorSamples > 0) {
        Rng errRng(options.seed + 1);
        const Points a = raster.sample(options.errorSamples, errRng);
        const Points b = result.mixture.sample(options.errorSamples, errRng);
        auto e = energyDistance(a, b);
        result.approximationError = e ? std::max(0.0, *e) : std::numeric_limits<double>::quiet_NaN();
    } else {
        result.approximationError = std::numeric_limits<double>::quiet_NaN();
    }
    return result;
}

}  // namespace flowlab::core
