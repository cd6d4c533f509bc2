#pragma once

#include <QPointF>
#include <QString>

#include <cstddef>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "state/explorer_settings.hpp"
#include "state/scene_description.hpp"
#include "worker/fan_job.hpp"
#include "worker/field_frame_job.hpp"
#include "worker/simulation_job.hpp"

namespace flowlab::ui {

/// A scene's densities resolved and reduced, and its exact field: what every front end (the
/// window, each compare panel, offscreen rendering and export) builds before it simulates.
struct PreparedScene {
    core::SceneDensities densities;  ///< what the densities were resolved from
    std::shared_ptr<const core::GaussianMixture> resolvedBase, resolvedTarget;  ///< as read, unreduced
    std::shared_ptr<const core::GaussianMixture> base, target;                  ///< what the fields use
    std::shared_ptr<const core::ExactField> exact;
    QString reduction;  ///< how the densities were reduced to stay interactive (empty: not reduced)
};

/// The one scene pipeline: scene settings → prepared scene → simulation, field-frame and fan
/// requests. Seeds come from core::SceneSeeds only.
namespace scene_pipeline {

/// Paths of the fan through a pinned point.
constexpr int kFanPaths = 24;

/// What the window's exact field skips (core::ExactFieldOptions::pruneLogRatio): pairs whose
/// posterior weight is below e^-kDisplayPruneLogRatio of the largest, a relative error of at most
/// K·e^-ratio in the posterior mass (≤ 4.3e-4 at 512 pairs; 1e-5 measured on the fields), far
/// below a pixel: a velocity wrong by 4e-4 of the spread of the pair velocities moves a particle
/// by less than that over the whole of t ∈ [0, 1]. 14 rather than 20 skips 20–30 % more of the
/// pairs (the posterior of a Brownian bridge stays broad). Offscreen rendering, export and the
/// CLI stay exact.
constexpr double kDisplayPruneLogRatio = 14.0;

/// Validates `scene`, resolves its densities (reusing `previous`'s when their SPECs are
/// unchanged), checks that they are 2D and accepted by the interpolant, reduces them to at most
/// `maxPairs` component pairs (moments kept, core::reduceToPairBudget) and builds the exact field
/// with `threads` threads, skipping negligible pairs below `pruneLogRatio` (0: exact). Errors
/// name the density or the problem.
core::Result<PreparedScene> prepare(const SceneSettings& scene, std::size_t maxPairs, int threads,
                                    const PreparedScene* previous = nullptr, double pruneLogRatio = 0.0);

/// The simulation of `scene` on `prepared`, integrating `field` (null: the prepared exact field).
SimulationRequest simulation(const PreparedScene& prepared, const SceneSettings& scene,
                             std::shared_ptr<const core::FieldSource> field, int threads);

/// The field layers of `view` on `grids`: log ρ_t from the exact field, arrows and streamlines
/// from `vectorSource`.
FieldFrameRequest fieldFrames(const PreparedScene& prepared, const ViewSettings& view, const FieldGrids& grids,
                              std::shared_ptr<const core::FieldSource> vectorSource);

/// The fan of paths through `point` at time t, with the scene's ε schedule and fan seed.
FanRequest fan(const SceneSettings& scene, std::shared_ptr<const core::FieldSource> field, QPointF point, double t);

}  // namespace scene_pipeline
}  // namespace flowlab::ui
