#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

#include "common/result.hpp"
#include "field/exact_field.hpp"
#include "field/field_grid.hpp"
#include "state/explorer_settings.hpp"
#include "view/field_layers.hpp"

namespace flowlab::ui {

/// A request for the field-derived layers (heatmap, arrows, streamlines) at a list of times.
struct FieldFrameRequest {
    std::uint64_t generation = 0;
    std::shared_ptr<const core::ExactField> exact;          ///< gives log ρ_t; null: no heatmap
    std::shared_ptr<const core::FieldSource> vectorSource;  ///< the arrow field (exact or learned)
    ArrowField arrowField = ArrowField::Velocity;
    core::GridSpec heatGrid;     ///< log ρ_t grid (e.g. 128²)
    core::GridSpec arrowGrid;    ///< arrow grid (e.g. 32²)
    core::GridSpec streamGrid;   ///< finer grid that streamlines are traced on (e.g. 64²)
    bool heatmap = true;
    bool arrows = true;
    bool streamlines = false;
    std::vector<double> times;   ///< in the order to compute them (most urgent first)
};

/// The layers of `request` at one time t, computed on the calling thread.
core::Result<std::shared_ptr<const FieldFrame>> computeFieldFrame(const FieldFrameRequest& request, double t);

/// The FieldKind bit of an ArrowField.
unsigned fieldKindOf(ArrowField f);

}  // namespace flowlab::ui
