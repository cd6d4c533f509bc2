#include "density/mixture_raster.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowlab::core {
namespace {

/// A grid whose brightest cell is this many nats below the density's height shows only a tail.
constexpr double kOffGridNats = 25.0;

}  // namespace

Result<Raster> mixtureToRaster(const GaussianMixture& mixture, const Raster& grid) {
    if (mixture.dim() != 2) return Error{"only a 2-D density can be drawn; this one is " + std::to_string(mixture.dim()) + "-D"};
    if (mixture.empty()) return Error{"the density has no components"};
    if (auto p = Raster::zeros(grid.width, grid.height, grid.xMin, grid.xMax, grid.yMin, grid.yMax).validate(); !p.empty())
        return Error{p};
    Raster out = Raster::zeros(grid.width, grid.height, grid.xMin, grid.xMax, grid.yMin, grid.yMax);
    Points centres(Eigen::Index(out.values.size()), 2);
    for (int row = 0; row < out.height; ++row)
        for (int col = 0; col < out.width; ++col) {
            const Eigen::Index i = Eigen::Index(row) * out.width + col;
            centres(i, 0) = out.cellX(col);
            centres(i, 1) = out.cellY(row);
        }
    const Vector logP = mixture.logDensity(centres);
    // Scaling by the peak in log space keeps sharp densities (tiny variances) from overflowing.
    double peak = -std::numeric_limits<double>::infinity();
    for (Eigen::Index i = 0; i < logP.size(); ++i)
        if (std::isfinite(logP(i))) peak = std::max(peak, logP(i));
    // The density's own height, at its component means: a grid peak far below it means the mass
    // lies off the grid, and stretching its faint tail to 1 would draw something misleading.
    Points means(Eigen::Index(mixture.size()), 2);
    for (std::size_t k = 0; k < mixture.size(); ++k) means.row(Eigen::Index(k)) = mixture.component(k).mean.transpose();
    const double height = mixture.logDensity(means).maxCoeff();
    if (!std::isfinite(peak) || (std::isfinite(height) && peak < height - kOffGridNats)) return Error{"the density has no mass on the drawing's area"};
    for (Eigen::Index i = 0; i < logP.size(); ++i)
        out.values[std::size_t(i)] = std::isfinite(logP(i)) ? std::exp(logP(i) - peak) : 0.0;
    return out;
}

double rasterTotalVariation(const Raster& a, const Raster& b) {
    if (a.width != b.width || a.height != b.height || a.values.size() != b.values.size())
        return std::numeric_limits<double>::quiet_NaN();
    const double ma = a.mass(), mb = b.mass();
    if (!(ma > 0.0) || !(mb > 0.0)) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0.0;
    for (std::size_t i = 0; i < a.values.size(); ++i) sum += std::abs(a.values[i] / ma - b.values[i] / mb);
    return 0.5 * sum;
}

}  // namespace flowlab::core
