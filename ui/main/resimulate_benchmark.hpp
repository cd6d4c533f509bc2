#pragma once

#include <QSize>
#include <QString>

#include <cstddef>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "scene/image_scene.hpp"
#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// What one re-simulation of a scene cost, in milliseconds from the request (as the window
/// does it after a change of target: prepare, then the simulation and the field frames on their
/// own worker threads in parallel).
struct ResimulateFigures {
    double prepareMs = 0.0;           ///< densities resolved and reduced, exact field built
    double previewParticlesMs = 0.0;  ///< the labelled preview particles (the full ones when no preview)
    double firstFieldMs = 0.0;        ///< the field frame at the playhead (t = 0)
    double fullParticlesMs = 0.0;     ///< every particle of the scene
    double allFieldsMs = 0.0;         ///< every field frame of the timeline
    bool hadPreview = false;
    int previewCount = 0;             ///< particles of the preview
    int previewSteps = 0;             ///< its integrator steps
    /// When the class first sees a correct picture: the preview particles and the field at t.
    double previewMs() const;
    /// When the class sees the whole result: all particles and all field frames.
    double fullMs() const;
};

/// One re-simulation of `settings` as the window runs it, at a plane of `size` pixels, with the
/// exact field pruned at `pruneLogRatio` (core::ExactFieldOptions; 0 = exact), integrating
/// `field` (null: the exact field) and drawing its arrows, as the window does in learned mode.
core::Result<ResimulateFigures> measureResimulation(const ExplorerSettings& settings, QSize size, double pruneLogRatio,
                                                    std::shared_ptr<const core::FieldSource> field = nullptr);

/// What one re-simulation of an image scene's grid cost (on the image worker, as the window runs it).
struct ImageResimulateFigures {
    double prepareMs = 0.0;    ///< data and field (nothing new to load when reused)
    double integrateMs = 0.0;  ///< the sampler over the whole grid
    double totalMs = 0.0;      ///< from the request to the result on the GUI thread
    /// The longest time between two ticks of a 16 ms timer on the calling (GUI) thread meanwhile.
    double maxFrameGapMs = 0.0;
    int nfe = 0;
    std::string field;   ///< the field's label (and model file)
    std::string notice;  ///< what fell back to what, if anything
    std::shared_ptr<const core::PreparedImageScene> prepared;  ///< to reuse in the next run
};

/// One re-simulation of an image scene on an ImageSimulationWorker while the calling thread runs
/// an event loop with a 60 fps timer. `previous` (may be null) is reused as the window reuses it.
core::Result<ImageResimulateFigures> measureImageResimulation(const ExplorerSettings& settings,
                                                             std::shared_ptr<const core::PreparedImageScene> previous,
                                                             int threads);

/// The benchmark of an image scene: a first run, then five reusing its data and field; `samples`
/// > 0 sets the grid's row count to hold about that many. Returns the exit code.
/// The workers' thread count of both benchmarks: 0 (all cores, as the window's workers), or N from
/// the environment variable FLOWLAB_RESIMULATE_THREADS=N.
int resimulateWorkerThreads();

int runImageResimulateBenchmark(const QString& scenePath, const ExplorerSettings& settings, int samples);

/// `flowlab --benchmark-resimulate SCENE`: five re-simulations, one line per figure (medians),
/// ending with "resimulate: preview P ms, full F ms (median of 5)", with `particles` particles
/// (0: the scene's count), integrating the learned field of `model` when it is not empty.
/// Returns the exit code.
int runResimulateBenchmark(const QString& scene, QSize size, int particles = 0, const QString& model = {});

}  // namespace flowlab::ui
