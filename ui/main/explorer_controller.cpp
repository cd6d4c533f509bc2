#include "main/explorer_controller.hpp"

#include <algorithm>
#include <cmath>

#include "view/camera.hpp"


namespace flowlab::ui {
namespace {

constexpr int kGridDebounceMs = 120;

bool sameDensitiesAndMethod(const SceneSettings& a, const SceneSettings& b) {
    // Only what changes the fields: densities, interpolant and field source.
    return a.densities() == b.densities() && a.interpolant == b.interpolant && a.fieldMode == b.fieldMode;
}

bool sameFieldLayers(const ViewSettings& a, const ViewSettings& b) {
    return a.arrowField == b.arrowField && a.layers.heatmap == b.layers.heatmap && a.layers.arrows == b.layers.arrows &&
           a.layers.streamlines == b.layers.streamlines;
}

}  // namespace

ExplorerController::ExplorerController(QObject* parent) : QObject(parent) {
    connect(&m_simulation, &SimulationWorker::finished, this, &ExplorerController::onSimulationFinished);
    connect(&m_simulation, &SimulationWorker::progress, this, &ExplorerController::onSimulationProgress);
    connect(&m_fields, &FieldFrameWorker::frameReady, this, &ExplorerController::onFieldFrame);
    connect(&m_fields, &FieldFrameWorker::failed, this, &ExplorerController::onFieldFailed);
    connect(&m_fans, &FanWorker::fanReady, this, &ExplorerController::onFan);
    connect(&m_fans, &FanWorker::failed, this, &ExplorerController::onFanFailed);
    connect(&m_images, &ImageSimulationWorker::finished, this, &ExplorerController::onImageFinished);
    connect(&m_images, &ImageSimulationWorker::progress, this, &ExplorerController::onSimulationProgress);
    m_gridTimer.setSingleShot(true);
    m_gridTimer.setInterval(kGridDebounceMs);
    connect(&m_gridTimer, &QTimer::timeout, this, [this] { requestFieldFrames(FieldRefresh::KeepOld); });
    m_grids = fieldGridsFor(m_settings.view.camera, m_viewport);
}

ExplorerController::~ExplorerController() {
    m_images.cancel();
    m_simulation.cancel();
    m_fields.cancel();
    m_fans.cancel();
}

bool ExplorerController::rebuildScene(const SceneSettings& scene, QString& error) {
    auto prepared = scene_pipeline::prepare(scene, kMaxInteractivePairs, m_workerThreads, &m_prepared,
                                            scene_pipeline::kDisplayPruneLogRatio);
    if (!prepared) {
        error = QString::fromStdString(prepared.message());
        return false;
    }
    m_prepared = std::move(prepared).value();
    m_status.reduction = m_prepared.reduction;
    m_assembler.setBridges(m_prepared.exact->interpolant(), *m_prepared.base, *m_prepared.target, scene.seed);
    return true;
}

bool ExplorerController::apply(const ExplorerSettings& next) {
    if (next.scene.isImages()) return applyImages(next);
    if (m_hasScene && m_settings.scene.isImages()) {
        // Back from an image scene: nothing of it is shown any more, and its U-Net fits no plane.
        ++m_imageGeneration;
        m_images.cancel();
        m_imageTracks.reset();
        m_status.simulating = false;
        dropLearnedField();
    }
    const bool sceneChanged = !m_hasScene || next.scene != m_settings.scene;
    const bool fieldsChanged = !m_hasScene || !sameDensitiesAndMethod(next.scene, m_settings.scene);
    const bool layersChanged = !sameFieldLayers(next.view, m_settings.view);
    const bool cameraChanged = next.view.camera != m_settings.view.camera;

    if (sceneChanged) {
        QString error;
        if (m_hasScene && trainingSceneChanged(next.scene, m_settings.scene)) dropLearnedField();
        if (!rebuildScene(next.scene, error)) {
            m_status.error = error;
            updateNotice();
            emit statusChanged();
            emit contentChanged();
            return false;
        }
    }
    const bool themeChanged = next.view.theme != m_settings.view.theme || !m_hasScene;
    // Until the new particles arrive the plane keeps the old picture and its words, veiled.
    if (sceneChanged && m_hasScene) m_assembler.holdPrevious();
    m_settings = next;
    m_hasScene = true;
    m_status.error.clear();
    if (themeChanged) m_assembler.setTheme(std::make_shared<const Theme>(Theme::named(next.view.theme)));
    m_assembler.setView(next.view);
    updateText();

    if (sceneChanged) {
        startSimulation();
        if (m_pin) requestFan();
    }
    if (cameraChanged) m_grids = fieldGridsFor(next.view.camera, m_viewport);
    // New fields replace the old frames one by one: the heatmap and arrows never vanish meanwhile.
    if (fieldsChanged || layersChanged || cameraChanged) requestFieldFrames(FieldRefresh::KeepOld);
    updateNotice();
    emit statusChanged();
    emit contentChanged();
    return true;
}

void ExplorerController::setViewportSize(QSize size) {
    if (size.isEmpty() || size == m_viewport) return;
    m_viewport = size;
    m_grids = fieldGridsFor(m_settings.view.camera, m_viewport);
    if (m_hasScene) m_gridTimer.start();
}

void ExplorerController::setCamera(const Camera& camera) {
    if (camera == m_settings.view.camera) return;
    m_settings.view.camera = camera;
    m_assembler.setView(m_settings.view);
    m_grids = fieldGridsFor(camera, m_viewport);
    if (m_hasScene) m_gridTimer.start();
    emit contentChanged();
}

void ExplorerController::resetCamera() {
    setCamera(Camera{});
    emit settingsChanged();
}

void ExplorerController::resample() {
    ExplorerSettings s = m_settings;
    s.scene.seed = s.scene.seed + 1;
    apply(s);
    emit settingsChanged();
}

void ExplorerController::pin(QPointF world, double t) {
    if (m_settings.scene.isImages()) return;  // an image grid has no plane to pin
    m_pin = Pin{world, std::clamp(t, 0.0, 1.0)};
    m_assembler.setFan(nullptr);
    requestFan();
}

void ExplorerController::clearPin() {
    m_pin.reset();
    ++m_fanGeneration;
    m_fans.cancel();
    m_assembler.setFan(nullptr);
    emit contentChanged();
}

void ExplorerController::setPlayhead(double t, int direction) {
    const bool jumped = std::abs(t - m_playhead) > 0.05;
    m_playhead = t;
    m_playDirection = direction;
    // After a jump, the frames near the new playhead come first.
    if (jumped && m_hasScene && m_assembler.fieldFrameCount() <= FrameAssembler::kFieldIntervals && m_fields.busy())
        requestFieldFrames(FieldRefresh::None);
}

bool ExplorerController::learnedActive() const {
    return m_settings.scene.fieldMode == FieldMode::Learned && m_learned != nullptr;
}

unsigned ExplorerController::fanFields() const {
    return core::kVelocity | (m_settings.scene.epsilonSchedule().isZero() ? 0u : unsigned(core::kScore));
}

bool ExplorerController::fanUsesLearned() const { return learnedActive() && m_learned->canProvide(fanFields()); }

QString ExplorerController::fanFallback() const {
    if (m_settings.scene.fieldMode != FieldMode::Learned || fanUsesLearned()) return {};
    if (!m_learned) return tr("exact field (no network yet)");
    return m_learned->canProvide(core::kVelocity) ? tr("exact field (no learned score)")
                                                  : tr("exact field (no learned velocity)");
}

std::shared_ptr<const core::FieldSource> ExplorerController::vectorSource(unsigned kind) const {
    // In learned mode a field the network cannot give (the score of a learned b, say) falls
    // back to the exact one, and the legend says so.
    if (learnedActive() && m_learned->canProvide(kind)) return m_learned;
    return m_prepared.exact;
}

void ExplorerController::updateText() {
    FrameText text = describeScene(m_settings.scene, m_settings.view.arrowField);
    if (!m_status.reduction.isEmpty() && m_prepared.base && m_prepared.target)
        text.method += tr(" · %1 × %2 components (reduced)").arg(m_prepared.base->size()).arg(m_prepared.target->size());
    if (m_settings.scene.fieldMode == FieldMode::Learned) {
        const unsigned kind = fieldKindOf(m_settings.view.arrowField);
        if (m_learned) {
            text.method.replace(QStringLiteral("learned field"), QString::fromStdString(m_learned->label()));
            text.arrowLabel += vectorSource(kind) == m_learned ? tr(" · learned") : tr(" · exact (not learned)");
        } else {
            text.method.replace(QStringLiteral("learned field"), tr("learned field (no network yet: press Train)"));
            text.arrowLabel += tr(" · exact (no network yet)");
        }
    }
    // The fan's paths need b (and s for ε > 0): when the network lacks one, the fan says so.
    text.fanSource = fanFallback();
    text.notice = m_assembler.text().notice;
    text.noticeIsError = m_assembler.text().noticeIsError;
    m_assembler.setText(text);
}

void ExplorerController::setLearnedField(std::shared_ptr<const core::FieldSource> field, bool live) {
    m_learned = std::move(field);
    m_liveTraining = live && m_learned != nullptr;
    if (m_hasScene && m_settings.scene.isImages()) {
        setImageLearnedField();
        return;
    }
    if (!m_hasScene || m_settings.scene.fieldMode != FieldMode::Learned) return;
    updateText();
    updateNotice();
    requestFieldFrames(FieldRefresh::KeepOld);
    if (m_pin) requestFan();
    if (m_liveTraining && m_status.simulating && m_simIsLive)
        m_learnedSimPending = true;  // the running live simulation finishes first
    else
        startSimulation();
    emit contentChanged();
}

void ExplorerController::dropLearnedField() {
    if (!m_learned) return;
    m_learned.reset();
    m_liveTraining = false;
    emit learnedFieldInvalidated();
}

void ExplorerController::startSimulation() {
    m_learnedSimPending = false;
    m_simIsLive = false;
    SimulationRequest rq = scene_pipeline::simulation(m_prepared, m_settings.scene, nullptr, m_workerThreads);
    rq.generation = ++m_simGeneration;
    if (m_settings.scene.fieldMode == FieldMode::Learned) {
        if (!m_learned) {
            // Nothing to integrate yet: keep what is shown until a network exists.
            m_simulation.cancel();
            m_status.simulating = false;
            return;
        }
        if (!m_learned->canProvide(rq.scene.samplerOptions().requiredFields())) {
            // A network for b alone cannot drive an SDE or the Langevin corrector: say what to do
            // instead of starting a run that can only fail.
            m_simulation.cancel();
            m_status.simulating = false;
            m_status.error = tr("the network (%1) gives no score s, which this SDE sampler needs: train s "
                                "(Training dock, field s) or choose an ODE solver")
                                 .arg(QString::fromStdString(m_learned->label()));
            updateNotice();
            emit statusChanged();
            return;
        }
        rq.field = m_learned;
        if (m_liveTraining) {
            rq.scene.particles = std::min(rq.scene.particles, kLiveParticles);
            rq.previewParticles = 0;
            m_simIsLive = true;
        }
    }
    m_status.simulating = true;
    m_status.progress = 0.0;
    m_simulation.request(std::move(rq));
}

void ExplorerController::requestFieldFrames(FieldRefresh refresh) {
    if (!m_hasScene || !m_prepared.exact || m_settings.scene.isImages()) return;
    if (refresh != FieldRefresh::None) {
        m_fieldGeneration++;
        m_assembler.setFieldGeneration(m_fieldGeneration);
    }
    const auto& layers = m_settings.view.layers;
    if (!layers.heatmap && !layers.arrows && !layers.streamlines) {
        m_fields.cancel();
        return;
    }
    FieldFrameRequest rq = scene_pipeline::fieldFrames(m_prepared, m_settings.view, m_grids,
                                                       vectorSource(fieldKindOf(m_settings.view.arrowField)));
    rq.generation = m_fieldGeneration;
    rq.times = m_assembler.missingFieldTimes(m_playhead, m_playDirection);
    if (rq.times.empty()) return;
    m_fields.request(std::move(rq));
}

void ExplorerController::requestFan() {
    if (!m_pin || !m_prepared.exact) return;
    const std::shared_ptr<const core::FieldSource> field =
        fanUsesLearned() ? m_learned : std::shared_ptr<const core::FieldSource>(m_prepared.exact);
    FanRequest rq = scene_pipeline::fan(m_settings.scene, field, m_pin->world, m_pin->t);
    rq.generation = ++m_fanGeneration;
    m_fans.request(std::move(rq));
}

void ExplorerController::onSimulationFinished(const SimulationResult& r) {
    if (r.generation != m_simGeneration) return;  // superseded
    if (m_learnedSimPending && !r.preview) {
        // A newer snapshot of the network arrived meanwhile: show this result, then go on.
        QTimer::singleShot(0, this, [this] {
            if (m_learnedSimPending) startSimulation();
        });
    }
    if (!r.ok) {
        m_status.simulating = false;
        m_status.error = tr("simulation: %1").arg(r.error);
    } else {
        m_assembler.setTracks(r.tracks, m_settings.scene.direction == Direction::Generate);
        m_assembler.releaseHeld();
        m_status.preview = r.preview;
        m_status.simulating = r.preview;
        m_status.nfe = r.nfe;
        m_status.steps = r.steps;
        m_status.simulationSeconds = r.seconds;
        if (!r.preview) {
            m_status.energyDistance = r.energyDistance;
            m_status.towardTarget = m_settings.scene.direction == Direction::Generate;
        }
    }
    updateNotice();
    emit simulationFinished(r);
    emit statusChanged();
    emit contentChanged();
}

void ExplorerController::onSimulationProgress(quint64 generation, double fraction) {
    if (generation != (m_settings.scene.isImages() ? m_imageGeneration : m_simGeneration)) return;
    m_status.progress = fraction;
    updateNotice();
    emit statusChanged();
}

void ExplorerController::onFieldFrame(quint64 generation, std::shared_ptr<const FieldFrame> frame) {
    if (!m_assembler.addFieldFrame(std::move(frame), generation)) return;
    m_status.fieldFrames = m_assembler.fieldFrameCount();
    emit contentChanged();
}

void ExplorerController::onFieldFailed(quint64 generation, const QString& message) {
    if (generation != m_fieldGeneration) return;
    m_status.error = tr("field layers: %1").arg(message);
    updateNotice();
    emit statusChanged();
    emit contentChanged();
}

void ExplorerController::onFan(quint64 generation, std::shared_ptr<const FanDrawing> fan) {
    if (generation != m_fanGeneration || !m_pin) return;
    m_assembler.setFan(std::move(fan));
    emit contentChanged();
}

void ExplorerController::onFanFailed(quint64 generation, const QString& message) {
    if (generation != m_fanGeneration) return;
    m_status.error = tr("pinned point: %1").arg(message);
    updateNotice();
    emit statusChanged();
    emit contentChanged();
}

void ExplorerController::updateNotice() {
    if (m_settings.scene.isImages()) {
        updateImageText();
        return;
    }
    FrameText& text = m_assembler.text();
    if (!m_status.error.isEmpty()) {
        text.notice = m_status.error;
        text.noticeIsError = true;
    } else if (m_liveTraining && m_settings.scene.fieldMode == FieldMode::Learned) {
        text.notice = tr("particles follow the network · %1 of them until training stops").arg(kLiveParticles);
        text.noticeIsError = false;
    } else if (m_assembler.isHolding() && m_settings.scene.fieldMode == FieldMode::Learned && !m_learned) {
        text.notice = tr("waiting for the learned field's network…");
        text.noticeIsError = false;
    } else if (m_status.simulating) {
        text.notice = m_status.preview ? tr("preview of %1 particles, %2 steps · simulating all… %3 %")
                                             .arg(m_assembler.tracks() ? m_assembler.tracks()->particleCount() : 0)
                                             .arg(m_status.steps)
                                             .arg(int(100 * m_status.progress))
                                       : tr("simulating… %1 %").arg(int(100 * m_status.progress));
        text.noticeIsError = false;
        // A run that finishes within a blink needs no notice; the first frame has none anyway.
        if (!m_assembler.tracks() && m_status.progress < 0.01) text.notice.clear();
    } else {
        text.notice.clear();
    }
}

FrameData ExplorerController::frameAt(double t) const {
    if (m_settings.scene.isImages()) return imageFrameAt(t);
    FrameData f = m_assembler.frameAt(t);
    if (m_pin && m_probe.mode() != ProbeMode::Off)
        f.probe = m_probe.build(m_prepared.exact, m_pin->world, t, ViewTransform(f.camera, QSizeF(m_viewport)).worldRect());
    return f;
}

void ExplorerController::setProbeMode(ProbeMode mode) {
    m_probe.setMode(mode);
    emit contentChanged();
}

void ExplorerController::setProbeTarget(QPointF world) {
    m_probe.setTargetPoint(std::nullopt);
    m_probe.setComponent(m_prepared.exact ? ProbeBuilder::nearestComponent(*m_prepared.exact, world) : -1);
    emit contentChanged();
}

void ExplorerController::setProbeComponent(int component) {
    m_probe.setComponent(component);
    emit contentChanged();
}

void ExplorerController::setProbeTargetPoint(std::optional<QPointF> x1) {
    m_probe.setTargetPoint(x1);
    emit contentChanged();
}

bool ExplorerController::isReady(double t) const {
    if (m_settings.scene.isImages()) return m_imageTracks && !m_status.simulating && m_status.error.isEmpty();
    if (!m_hasScene || !m_assembler.tracks() || m_status.simulating || m_gridTimer.isActive()) return false;
    const auto& layers = m_settings.view.layers;
    if ((layers.heatmap || layers.arrows || layers.streamlines) && !m_assembler.hasCurrentFieldFrame(t)) return false;
    if (m_pin && !m_assembler.fan()) return false;
    return true;
}

}  // namespace flowlab::ui
