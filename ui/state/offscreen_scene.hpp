#pragma once

#include <QSize>

#include <QPointF>

#include <memory>
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "state/explorer_settings.hpp"
#include "state/frame_assembler.hpp"
#include "state/probe_builder.hpp"
#include "state/scene_description.hpp"
#include "worker/simulation_job.hpp"
#include "view/image_tracks.hpp"

namespace flowlab::ui {

/// A scene computed synchronously on the calling thread, without a window: the simulation, the
/// field frames and the bridges, for frames that do not depend on real time (screenshots, the
/// render benchmark, video export). Uses the same jobs as the live window's workers.
class OffscreenScene {
public:
    struct Options {
        QSize size{1280, 720};          ///< output size (sets the grids' aspect)
        FieldGridSizes grids;
        int threads = 0;                ///< exact-field threads (0 = all cores)
        /// Cap on (base, target) component pairs, as in the window (core::reduceToPairBudget).
        std::size_t maxPairs = 512;
        /// The exact field's display kernel (core::ExactFieldOptions::pruneLogRatio); 0 keeps
        /// the exact double kernel, as export and the CLI do.
        double pruneLogRatio = 0.0;
        /// Times of the field frames to compute; empty means all FrameAssembler slots.
        std::vector<double> fieldTimes;
        /// A pinned point (world coordinates) and its time: adds the fan of paths through it.
        std::optional<QPointF> pin;
        double pinT = 0.5;
        /// The field the particles, the arrows and the fan follow (e.g. a learned model); null
        /// means the exact field. The heatmap always shows the exact log ρ_t.
        std::shared_ptr<const core::FieldSource> field;
        /// The teaching probe at the pin (exact posterior), and the conditional probe's target
        /// component (−1: the most probable at the pin). Needs a pin.
        ProbeMode probe = ProbeMode::Off;
        int probeComponent = -1;
        /// The conditional probe's target point x1 (takes precedence over the component).
        std::optional<QPointF> probePoint;
    };

    /// Resolves the densities, simulates and computes the field frames. An error names the
    /// problem (bad SPEC, invalid settings, a failed integration).
    static core::Result<std::shared_ptr<OffscreenScene>> create(const ExplorerSettings& settings, const Options& options);

    /// The frame at t, with the probe when one is asked for (an image scene's: its grid of samples
    /// at the state nearest t). Safe to call from several threads.
    FrameData frameAt(double t) const;
    /// An image scene's recorded grid (null for a 2D scene).
    const std::shared_ptr<const ImageTracks>& imageTracks() const { return m_imageTracks; }
    const SimulationResult& simulation() const { return m_simulation; }
    FrameAssembler& assembler() { return m_assembler; }
    const std::shared_ptr<const core::GaussianMixture>& base() const { return m_base; }
    const std::shared_ptr<const core::GaussianMixture>& target() const { return m_target; }

private:
    OffscreenScene() = default;
    FrameAssembler m_assembler;
    SimulationResult m_simulation;
    std::shared_ptr<const core::GaussianMixture> m_base, m_target;
    std::shared_ptr<const core::ExactField> m_exact;
    QSize m_size;
    std::optional<QPointF> m_pin;
    ProbeMode m_probe = ProbeMode::Off;
    int m_probeComponent = -1;
    std::optional<QPointF> m_probePoint;
    // Image scenes.
    static core::Result<std::shared_ptr<OffscreenScene>> createImages(const ExplorerSettings& settings, const Options& options);
    SceneSettings m_scene;
    LayerVisibility m_layers;
    std::shared_ptr<const ImageTracks> m_imageTracks;
    FrameText m_imageText;
};

}  // namespace flowlab::ui
