#pragma once

#include <QPointF>

#include <memory>
#include <vector>

#include "field/field_grid.hpp"

namespace flowlab::ui {

/// A scalar on the cell centres of a grid (log ρ_t for the heatmap), in GridSpec::index order.
struct ScalarGrid {
    core::GridSpec spec;
    std::vector<float> values;
    bool empty() const { return values.empty(); }
};

/// A 2D vector field on the cell centres of a grid (the arrows), in GridSpec::index order.
struct VectorGrid {
    core::GridSpec spec;
    std::vector<float> vx, vy;
    bool empty() const { return vx.empty(); }
};

/// Streamlines in world coordinates, each ordered along the field.
struct StreamlineSet {
    std::vector<std::vector<QPointF>> lines;
};

/// Everything field-derived that is drawn at one time t: computed by a worker per displayed t,
/// cached, and blended between neighbouring times by the animation.
struct FieldFrame {
    double t = 0.0;
    ScalarGrid logDensity;
    VectorGrid vectors;
    StreamlineSet streamlines;
};

/// (1 − w)·a + w·b for grids of identical layout; returns a when the layouts differ.
ScalarGrid blendGrids(const ScalarGrid& a, const ScalarGrid& b, float w);
VectorGrid blendGrids(const VectorGrid& a, const VectorGrid& b, float w);

}  // namespace flowlab::ui
