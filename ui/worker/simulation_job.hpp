#pragma once

#include <QMetaType>
#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "state/explorer_settings.hpp"
#include "view/particle_tracks.hpp"

namespace flowlab::ui {

/// A request to simulate the particle set: copied into the worker, shares only immutable data.
struct SimulationRequest {
    std::uint64_t generation = 0;                     ///< results carry it back; stale ones are dropped
    std::shared_ptr<const core::GaussianMixture> base;
    std::shared_ptr<const core::GaussianMixture> target;
    SceneSettings scene;
    /// The field to integrate; null means the exact field of base, target and interpolant.
    std::shared_ptr<const core::FieldSource> field;
    int threads = 1;              ///< threads of the exact field, or over the particles of a network (0 = all cores)
    int previewParticles = 1000;  ///< a quick first result with this many particles when the full run is slow; 0 = never
    int paletteSize = 24;         ///< colour indices are in [0, paletteSize)
    int distanceSamples = 1500;   ///< points per set for the energy distance
};

/// What a simulation produced (or why it did not).
struct SimulationResult {
    std::uint64_t generation = 0;
    bool ok = false;
    QString error;                                  ///< when !ok
    bool preview = false;                           ///< a quick subset; the full result follows
    std::shared_ptr<const ParticleTracks> tracks;   ///< increasing time, colours by end and start
    int nfe = 0;                                    ///< field evaluations of the run
    int steps = 0;                                  ///< integrator steps
    double seconds = 0.0;                           ///< wall time of the run
    double energyDistance = -1.0;                   ///< end samples vs the density they should reach; < 0 unknown
    double distanceSeconds = 0.0;
};

/// Runs the simulation of `request` on the calling thread: start samples (sampleStart), the
/// sampler with recorded trajectory, colours, and the energy distance of the end points to the
/// target (or, when encoding, to the base). Calls `onPreview` with a quick subset first when the
/// full run is estimated to be slow. Stops early with the error "cancelled" when `cancelled` is set.
SimulationResult runSimulation(const SimulationRequest& request, const std::atomic<bool>& cancelled,
                               const std::function<void(double fraction)>& onProgress = {},
                               const std::function<void(const SimulationResult&)>& onPreview = {});

}  // namespace flowlab::ui
Q_DECLARE_METATYPE(flowlab::ui::SimulationResult)
