#pragma once

#include <QObject>
#include <QPointF>
#include <QSize>
#include <QString>
#include <QTimer>

#include <memory>
#include <optional>

#include "density/gaussian_mixture.hpp"
#include "field/exact_field.hpp"
#include "state/explorer_settings.hpp"
#include "state/frame_assembler.hpp"
#include "state/probe_builder.hpp"
#include "state/scene_description.hpp"
#include "state/scene_pipeline.hpp"
#include "worker/fan_worker.hpp"
#include "worker/field_frame_worker.hpp"
#include "worker/image_simulation_worker.hpp"
#include "worker/simulation_worker.hpp"

namespace flowlab::ui {

/// What the status bar shows.
struct ExplorerStatus {
    bool simulating = false;
    double progress = 0.0;          ///< of the running simulation, in [0, 1]
    bool preview = false;           ///< the particles shown are a quick preview subset
    int nfe = 0;                    ///< field evaluations of the last simulation
    int steps = 0;                  ///< its integrator steps
    double simulationSeconds = 0.0;
    double energyDistance = -1.0;   ///< end samples vs the density they should reach; < 0 unknown
    bool towardTarget = true;       ///< the distance is to ρ1 (generation) or to ρ0 (encoding)
    int fieldFrames = 0;            ///< field frames of the current generation ready (of 101)
    QString error;                  ///< the last problem, empty when all is well
    QString reduction;              ///< how the densities were reduced to stay interactive (empty: not)
};

/// The explorer's state machine: owns the settings, the resolved densities, the workers and the
/// FrameAssembler. Settings go in (apply), frames come out (frameAt); every expensive step runs
/// on a worker and only what a change affects is recomputed. The GUI thread never waits.
class ExplorerController : public QObject {
    Q_OBJECT
public:
    /// Above this many (base, target) component pairs the densities are reduced (moment-matched
    /// k-means, core::reduceMixture) before the exact fields are built: the cost of every field
    /// evaluation grows with the pair count (about 7·10⁷ point-pair evaluations per second and
    /// core here with the exact kernel, 5–6× more with the window's display kernel,
    /// scene_pipeline::kDisplayPruneLogRatio). At 512 pairs a 10 000-particle SDE-Heun run of 200
    /// steps takes about 3 s of CPU (both cores work on it), after a preview of a few hundred
    /// particles at a quarter of the steps (`flowlab --benchmark-resimulate`); the animation
    /// itself replays stored states and does not depend on the pair count.
    static constexpr std::size_t kMaxInteractivePairs = 512;

    explicit ExplorerController(QObject* parent = nullptr);
    ~ExplorerController() override;

    /// Threads of the exact field in the workers (0 = all cores). The window passes 0: while it
    /// re-simulates, the class watches the old particles, and the new ones arrive sooner when
    /// both cores integrate (the drawing thread keeps its share of the machine).
    void setWorkerThreads(int threads) { m_workerThreads = threads; }

    const ExplorerSettings& settings() const { return m_settings; }

    /// Applies `settings`: re-simulates when the scene changed, recomputes field frames when the
    /// densities, interpolant, field or arrow choice changed, redraws otherwise. Invalid settings
    /// (an unknown SPEC, an unreadable mixture file, a bad combination) are refused: the message
    /// goes to status().error, the previous scene stays, and false is returned.
    bool apply(const ExplorerSettings& settings);

    /// The size of the plane in pixels (sets the aspect of the field grids).
    void setViewportSize(QSize size);
    void setCamera(const Camera& camera);
    void resetCamera();
    /// A new seed and a new simulation.
    void resample();
    /// Pins the point `world` at time t: the fan of SDE paths and the ODE path through it.
    void pin(QPointF world, double t);
    void clearPin();
    bool hasPin() const { return m_pin.has_value(); }
    /// The pinned point (world coordinates) and its time; nothing without a pin.
    std::optional<std::pair<QPointF, double>> pinned() const {
        return m_pin ? std::optional<std::pair<QPointF, double>>({m_pin->world, m_pin->t}) : std::nullopt;
    }
    /// The teaching probe drawn at the pinned point (exact posterior, whatever the field mode).
    void setProbeMode(ProbeMode mode);
    ProbeMode probeMode() const { return m_probe.mode(); }
    /// The conditional probe's x1: the target component nearest to `world` (drops a target point).
    void setProbeTarget(QPointF world);
    /// The conditional probe's x1 by component (from 0; −1: the most probable at the pin).
    void setProbeComponent(int component);
    int probeComponent() const { return m_probe.component(); }
    /// The conditional probe's x1 as a point of the plane (nullopt: by component, as above).
    void setProbeTargetPoint(std::optional<QPointF> x1);
    const std::optional<QPointF>& probeTargetPoint() const { return m_probe.targetPoint(); }
    /// Tells where the playhead is, so missing field frames near it are computed first.
    void setPlayhead(double t, int direction);

    /// The frame at time t.
    FrameData frameAt(double t) const;
    const ExplorerStatus& status() const { return m_status; }
    /// True when particles and the field layers for time t are there (and the fan, if pinned).
    bool isReady(double t) const;
    std::shared_ptr<const core::ExactField> exactField() const { return m_prepared.exact; }
    std::shared_ptr<const core::GaussianMixture> base() const { return m_prepared.base; }
    std::shared_ptr<const core::GaussianMixture> target() const { return m_prepared.target; }

    /// The field the arrows, particles and pin use in learned mode (null: none yet). Setting it
    /// recomputes the arrows and re-simulates when the scene is in learned mode. While `live`
    /// (training goes on) the particles are a subset of kLiveParticles, and a snapshot that
    /// arrives while one is being simulated waits for it rather than cancelling it, so the
    /// particles keep up with training instead of restarting forever. In an image scene it is
    /// the U-Net the grid follows in learned mode instead of the scene's model file (null: the
    /// scene's own field again), re-simulated from the same noise, live snapshots waiting the
    /// same way.
    void setLearnedField(std::shared_ptr<const core::FieldSource> field, bool live = false);
    std::shared_ptr<const core::FieldSource> learnedField() const { return m_learned; }
    static constexpr int kLiveParticles = 1000;

    /// Image scenes (settings().scene.isImages()): the prepared data and field in effect (null
    /// until the first run finished), and every recorded state of the grid (null until then).
    /// Both immutable: safe to hand to other widgets and threads.
    std::shared_ptr<const core::PreparedImageScene> imageScene() const { return m_imagePrepared; }
    std::shared_ptr<const ImageTracks> imageTracks() const { return m_imageTracks; }
    /// Sample `index` of the grid along its whole trajectory (one row per recorded state, a
    /// copy), with the recorded times in imageTracks()->times; empty when there is none.
    core::Points sampleTrajectory(int index) const;
    /// Outlines sample `index` of the grid (−1: none).
    void selectSample(int index);
    int selectedSample() const { return m_selectedSample; }

signals:
    /// A simulation result of the current scene was accepted (a preview or the full set).
    void simulationFinished(const flowlab::ui::SimulationResult& result);
    void statusChanged();
    /// Something new to draw (a result arrived, settings changed): a paused view should repaint.
    void contentChanged();
    /// The settings changed from inside (resample, camera): panels should reload them.
    void settingsChanged();
    /// The densities or the interpolant changed (an image scene: its data, size or interpolant;
    /// or the scene kind): a trained network no longer fits the scene.
    void learnedFieldInvalidated();

private:
    enum class FieldRefresh { None, KeepOld };

    bool rebuildScene(const SceneSettings& scene, QString& error);
    void startSimulation();
    void requestFieldFrames(FieldRefresh refresh);
    void requestFan();
    void updateNotice();
    std::shared_ptr<const core::FieldSource> vectorSource(unsigned kind) const;
    bool learnedActive() const;
    /// The fields the pinned fan integrates (b, and s when ε > 0).
    unsigned fanFields() const;
    bool fanUsesLearned() const;
    /// In learned mode, when the fan falls back to the exact field: why, in words (else empty).
    QString fanFallback() const;
    void updateText();

    void onSimulationFinished(const SimulationResult& result);
    void onSimulationProgress(quint64 generation, double fraction);
    void onFieldFrame(quint64 generation, std::shared_ptr<const FieldFrame> frame);
    void onFieldFailed(quint64 generation, const QString& message);
    void onFan(quint64 generation, std::shared_ptr<const FanDrawing> fan);
    void onFanFailed(quint64 generation, const QString& message);
    bool applyImages(const ExplorerSettings& settings);
    void startImageSimulation();
    void onImageFinished(const ImageSimulationResult& result);
    void updateImageText();
    void setImageLearnedField();
    /// Forgets the learned field and says so (learnedFieldInvalidated); nothing without one.
    void dropLearnedField();
    FrameData imageFrameAt(double t) const;

    ExplorerSettings m_settings;
    bool m_hasScene = false;
    int m_workerThreads = 1;
    PreparedScene m_prepared;  // densities, reduction and exact field (scene_pipeline::prepare)
    std::shared_ptr<const core::FieldSource> m_learned;
    bool m_liveTraining = false;
    bool m_learnedSimPending = false;
    bool m_simIsLive = false;  // the running simulation is a live (subset) one

    SimulationWorker m_simulation;
    FieldFrameWorker m_fields;
    FanWorker m_fans;
    quint64 m_simGeneration = 0;
    quint64 m_fieldGeneration = 0;
    quint64 m_fanGeneration = 0;

    ImageSimulationWorker m_images;
    quint64 m_imageGeneration = 0;
    std::shared_ptr<const core::PreparedImageScene> m_imagePrepared;       // in effect
    std::shared_ptr<const core::PreparedImageScene> m_imageScenePrepared;  // the scene's own, reused
    bool m_imageSimIsLive = false;   // the running image run follows a live training snapshot
    bool m_imageSimPending = false;  // a newer snapshot waits for it
    std::shared_ptr<const ImageTracks> m_imageTracks;
    FrameText m_imageText;
    int m_selectedSample = -1;

    FrameAssembler m_assembler;
    QSize m_viewport{1280, 720};
    FieldGrids m_grids;
    QTimer m_gridTimer;  // coalesces camera and resize changes
    double m_playhead = 0.0;
    int m_playDirection = 1;
    struct Pin {
        QPointF world;
        double t = 0.0;
    };
    std::optional<Pin> m_pin;
    mutable ProbeBuilder m_probe;  // frameAt builds the probe's drawing for its t
    ExplorerStatus m_status;
};

}  // namespace flowlab::ui
