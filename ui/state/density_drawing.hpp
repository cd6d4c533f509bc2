#pragma once

#include <QPointF>

#include <string>

#include "density/raster.hpp"

namespace flowlab::ui {

/// One brush of the density editor.
struct BrushOptions {
    double radius = 0.6;     ///< in plane units, in [0.05, 10]
    double softness = 0.5;   ///< fraction of the radius over which the dab fades out, in [0, 1]
    double strength = 0.5;   ///< intensity added (or removed) at the centre per dab, in (0, 1]
    bool erase = false;      ///< remove intensity instead of adding it

    /// Empty when valid.
    std::string validate() const;
};

/// A drawing of a density: a square raster of intensities in [0, 1] placed on the plane, edited
/// by brush dabs, fill and clear. Plain value type (copyable), so undo can store exact states.
class DensityDrawing {
public:
    static constexpr int kCells = 96;  ///< cells along each side

    /// A blank drawing covering [-halfExtent, halfExtent]² around the origin.
    explicit DensityDrawing(double halfExtent = 6.0);

    const core::Raster& raster() const { return m_raster; }
    void setRaster(core::Raster raster) { m_raster = std::move(raster); }

    /// One dab of the brush at a point of the plane; returns whether a cell changed.
    bool dab(QPointF world, const BrushOptions& brush);
    /// Sets every cell to `value` (clamped to [0, 1]).
    void fill(double value);
    void clear() { fill(0.0); }

private:
    core::Raster m_raster;
};

}  // namespace flowlab::ui
