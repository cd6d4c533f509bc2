#pragma once

#include <QSize>
#include <QString>

#include "field/field_grid.hpp"
#include "state/explorer_settings.hpp"
#include "view/camera.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// Grid sizes of the field layers.
struct FieldGridSizes {
    int heatCells = 128;    ///< heatmap cells along each side
    int arrowCells = 32;    ///< arrows along each side
    int streamCells = 64;   ///< streamline tracing grid along each side
};

/// The grids of the field layers covering what `camera` shows on an output of `size`.
struct FieldGrids {
    core::GridSpec heat;
    core::GridSpec arrows;
    core::GridSpec stream;
};
FieldGrids fieldGridsFor(const Camera& camera, QSize size, const FieldGridSizes& sizes = {});

/// The words of a frame for these settings: density names, the interpolant formula, the method.
FrameText describeScene(const SceneSettings& scene, ArrowField arrows);

/// A short display name of a density SPEC ("mixture:/a/b/data.json" → "data.json").
QString densityDisplayName(const QString& spec);
/// The display name of a density: its SPEC's, else its own name, else what it is ("embedded
/// drawing", "embedded mixture").
QString densityDisplayName(const core::DensitySource& source);

}  // namespace flowlab::ui
