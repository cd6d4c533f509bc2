#include "density/raster.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

Raster Raster::zeros(int width, int height, double xMin, double xMax, double yMin, double yMax) {
    Raster r;
    r.width = width;
    r.height = height;
    r.values.assign(std::size_t(std::max(0, width)) * std::size_t(std::max(0, height)), 0.0);
    r.xMin = xMin;
    r.xMax = xMax;
    r.yMin = yMin;
    r.yMax = yMax;
    return r;
}

std::string Raster::validate() const {
    if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide) {
        return "raster size must be between 1×1 and " + std::to_string(kMaxSide) + "×" + std::to_string(kMaxSide) +
               " (got " + std::to_string(width) + "×" + std::to_string(height) + ")";
    }
    if (values.size() != std::size_t(width) * std::size_t(height)) {
        return "raster has " + std::to_string(values.size()) + " values, expected " +
               std::to_string(std::size_t(width) * std::size_t(height));
    }
    for (double v : {xMin, xMax, yMin, yMax})
        if (!std::isfinite(v) || std::abs(v) > 1e6) return "raster placement must be finite and within ±10⁶";
    if (!(xMax > xMin) || !(yMax > yMin)) return "raster placement must have xMax > xMin and yMax > yMin";
    for (double v : values)
        if (!std::isfinite(v) || v < 0.0) return "raster intensities must be finite and ≥ 0";
    return {};
}

double Raster::mass() const {
    double m = 0.0;
    for (double v : values) m += v;
    return m;
}

Vector Raster::centreOfMass() const {
    Vector c = Vector::Zero(2);
    double m = 0.0;
    for (int row = 0; row < height; ++row) {
        for (int col = 0; col < width; ++col) {
            const double w = at(col, row);
            if (w <= 0.0) continue;
            c[0] += w * cellX(col);
            c[1] += w * cellY(row);
            m += w;
        }
    }
    return m > 0.0 ? Vector(c / m) : c;
}

Points Raster::sample(Eigen::Index n, Rng& rng) const {
    Points out(n, 2);
    std::vector<double> cumulative(values.size());
    double acc = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) cumulative[i] = (acc += values[i]);
    if (!(acc > 0.0)) return Points::Zero(0, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double u = rng.uniform() * acc;
        const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
        const auto idx = static_cast<std::size_t>(std::min<std::ptrdiff_t>(it - cumulative.begin(), cumulative.size() - 1));
        const int col = static_cast<int>(idx % std::size_t(width));
        const int row = static_cast<int>(idx / std::size_t(width));
        out(i, 0) = xMin + (col + rng.uniform()) * cellWidth();
        out(i, 1) = yMax - (row + rng.uniform()) * cellHeight();
    }
    return out;
}

}  // namespace flowlab::core
