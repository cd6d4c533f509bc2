#include "state/density_drawing.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

std::string BrushOptions::validate() const {
    if (!(radius >= 0.05 && radius <= 10.0)) return "the brush size must be between 0.05 and 10";
    if (!(softness >= 0.0 && softness <= 1.0)) return "the brush softness must be between 0 and 1";
    if (!(strength > 0.0 && strength <= 1.0)) return "the brush strength must be in (0, 1]";
    return {};
}

DensityDrawing::DensityDrawing(double halfExtent)
    : m_raster(core::Raster::zeros(kCells, kCells, -halfExtent, halfExtent, -halfExtent, halfExtent)) {}

bool DensityDrawing::dab(QPointF world, const BrushOptions& brush) {
    if (!brush.validate().empty()) return false;
    const double r = brush.radius;
    const double hard = r * (1.0 - brush.softness);  // full strength inside, linear fade to r
    const int c0 = std::max(0, int(std::floor((world.x() - r - m_raster.xMin) / m_raster.cellWidth())));
    const int c1 = std::min(m_raster.width - 1, int(std::floor((world.x() + r - m_raster.xMin) / m_raster.cellWidth())));
    const int r0 = std::max(0, int(std::floor((m_raster.yMax - world.y() - r) / m_raster.cellHeight())));
    const int r1 = std::min(m_raster.height - 1, int(std::floor((m_raster.yMax - world.y() + r) / m_raster.cellHeight())));
    bool changed = false;
    for (int row = r0; row <= r1; ++row) {
        for (int col = c0; col <= c1; ++col) {
            const double d = std::hypot(m_raster.cellX(col) - world.x(), m_raster.cellY(row) - world.y());
            if (d > r) continue;
            const double w = d <= hard ? 1.0 : (r - d) / std::max(r - hard, 1e-12);
            double& v = m_raster.at(col, row);
            const double next = brush.erase ? std::max(0.0, v - brush.strength * w) : std::min(1.0, v + brush.strength * w);
            if (next != v) {
                v = next;
                changed = true;
            }
        }
    }
    return changed;
}

void DensityDrawing::fill(double value) {
    std::fill(m_raster.values.begin(), m_raster.values.end(), std::clamp(value, 0.0, 1.0));
}

}  // namespace flowlab::ui
