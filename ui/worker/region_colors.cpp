#include "worker/region_colors.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {
namespace {
constexpr std::size_t kMaxComponentsForModes = 64;
}

std::vector<std::uint8_t> regionColors(const core::Points& points, const core::GaussianMixture& reference,
                                       int paletteSize) {
    paletteSize = std::clamp(paletteSize, 1, 256);
    std::vector<std::uint8_t> out(std::size_t(points.rows()), 0);
    if (points.cols() != 2 || reference.dim() != 2) return out;
    const Eigen::Vector2d centre = reference.mean();
    const Eigen::Matrix2d cov = reference.covariance();
    const double spread = std::sqrt(std::max(1e-12, cov.trace()));
    const bool byMode = reference.size() >= 2 && reference.size() <= kMaxComponentsForModes;
    const auto bin = [&](const Eigen::Vector2d& d) {
        const double a = std::atan2(d.y(), d.x());  // (−π, π]
        const double u = (a + M_PI) / (2.0 * M_PI);
        return std::uint8_t(std::min(paletteSize - 1, int(u * paletteSize)));
    };
    for (Eigen::Index r = 0; r < points.rows(); ++r) {
        const Eigen::Vector2d p = points.row(r).transpose();
        Eigen::Vector2d q = p;
        if (byMode) {
            double best = std::numeric_limits<double>::infinity();
            for (const auto& c : reference.components()) {
                const double d = (c.mean - p).squaredNorm();
                if (d < best) best = d, q = c.mean;
            }
            if ((q - centre).norm() < 0.1 * spread) q = p;
        }
        out[std::size_t(r)] = bin(q - centre);
    }
    return out;
}

}  // namespace flowlab::ui
