#pragma once

#include <memory>

#include "density/raster.hpp"
#include "state/image_import.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// The overlay that shows `raster` on the plane while it is painted as `role`: one grey pixel
/// per cell (intensities above 1 are scaled down with the brightest cell), tinted by the renderer.
std::shared_ptr<const DrawingOverlay> makeDrawingOverlay(const core::Raster& raster, DensityRole role);

}  // namespace flowlab::ui
