#include "state/drawing_overlay.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

std::shared_ptr<const DrawingOverlay> makeDrawingOverlay(const core::Raster& raster, DensityRole role) {
    auto overlay = std::make_shared<DrawingOverlay>();
    overlay->target = role == DensityRole::Target;
    overlay->xMin = raster.xMin;
    overlay->xMax = raster.xMax;
    overlay->yMin = raster.yMin;
    overlay->yMax = raster.yMax;
    if (raster.width <= 0 || raster.height <= 0 || raster.values.size() != std::size_t(raster.width) * std::size_t(raster.height))
        return overlay;
    double peak = 1.0;
    for (double v : raster.values)
        if (std::isfinite(v)) peak = std::max(peak, v);
    QImage img(raster.width, raster.height, QImage::Format_Grayscale8);
    for (int row = 0; row < raster.height; ++row) {
        uchar* line = img.scanLine(row);
        for (int col = 0; col < raster.width; ++col) {
            const double v = raster.at(col, row);
            line[col] = uchar(std::lround(255.0 * std::clamp(std::isfinite(v) ? v / peak : 0.0, 0.0, 1.0)));
        }
    }
    overlay->intensity = std::move(img);
    return overlay;
}

}  // namespace flowlab::ui
