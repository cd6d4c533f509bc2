#include "main/explorer_controller.hpp"

#include <algorithm>
#include <cmath>

#include "density/pair_budget.hpp"
#include "scene/density_spec.hpp"

namespace flowlab::ui {
namespace {

constexpr int kGridDebounceMs = 120;
constexpr int kFanPaths = 24;

bool sameDensitiesAndMethod(const SceneSettings& a, const SceneSettings& b) {
    SceneSettings x = a;
    // Compare only what changes the fields: densities, interpolant and field source.
    x.solver = b.solver;
    x.steps = b.steps;
    x.epsilonKind = b.epsilonKind;
    x.epsilon = b.epsilon;
    x.epsilonTaper = b.epsilonTaper;
    x.langevinSteps = b.langevinSteps;
    x.snr = b.snr;
    x.particles = b.particles;
    x.seed = b.seed;
    x.direction = b.direction;
    return x == b;
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
    m_gridTimer.setSingleShot(true);
    m_gridTimer.setInterval(kGridDebounceMs);
    connect(&m_gridTimer, &QTimer::timeout, this, [this] { requestFieldFrames(FieldRefresh::KeepOld); });
    m_grids = fieldGridsFor(m_settings.view.camera, m_viewport);
}

ExplorerController::~ExplorerController() {
    m_simulation.cancel();
    m_fields.cancel();
    m_fans.cancel();
}

bool ExplorerController::rebuildScene(const SceneSettings& scene, QString& error) {
    if (const auto p = scene.validate(); !p.empty()) {
        error = QString::fromStdString(p);
        return false;
    }
    auto base = m_resolvedBase;
    auto target = m_resolvedTarget;
    if (!base || scene.baseSpec != m_baseSpec) {
        auto r = core::resolveDensitySpec(scene.baseSpec.toStdString());
        if (!r) {
            error = tr("base density: %1").arg(QString::fromStdString(r.message()));
            return false;
        }
        base = std::make_shared<const core::GaussianMixture>(std::move(r).value());
    }
    if (!target || scene.targetSpec != m_targetSpec) {
        auto r = core::resolveDensitySpec(scene.targetSpec.toStdString());
        if (!r) {
            error = tr("target density: %1").arg(QString::fromStdString(r.message()));
            return false;
        }
        target = std::make_shared<const core::GaussianMixture>(std::move(r).value());
    }
    if (base->dim() != 2 || target->dim() != 2) {
        error = tr("the explorer shows 2D densities; this one is %1D").arg(base->dim() != 2 ? base->dim() : target->dim());
        return false;
    }
    auto interp = core::Interpolant::create(scene.interpolant, *base);
    if (!interp) {
        error = QString::fromStdString(interp.message());
        return false;
    }
    // Keep the exact fields interactive: reduce big pairs of mixtures (moments preserved).
    QString reduction;
    auto reduced = core::reduceToPairBudget(*base, *target, kMaxInteractivePairs);
    if (!reduced) {
        error = QString::fromStdString(reduced.message());
        return false;
    }
    if (reduced->first.size() < base->size() || reduced->second.size() < target->size())
        reduction = tr("densities reduced from %1 × %2 to %3 × %4 components to stay interactive")
                        .arg(base->size()).arg(target->size()).arg(reduced->first.size()).arg(reduced->second.size());
    auto resolvedBase = base, resolvedTarget = target;
    base = std::make_shared<const core::GaussianMixture>(std::move(reduced->first));
    target = std::make_shared<const core::GaussianMixture>(std::move(reduced->second));
    core::ExactFieldOptions eo;
    eo.threads = m_workerThreads;
    auto exact = core::ExactField::create(*base, *target, *interp, eo);
    if (!exact) {
        error = QString::fromStdString(exact.message());
        return false;
    }
    m_resolvedBase = std::move(resolvedBase);
    m_resolvedTarget = std::move(resolvedTarget);
    m_base = std::move(base);
    m_target = std::move(target);
    m_status.reduction = reduction;
    m_baseSpec = scene.baseSpec;
    m_targetSpec = scene.targetSpec;
    m_exact = std::make_shared<const core::ExactField>(std::move(exact).value());
    m_assembler.setBridges(*interp, *m_base, *m_target, scene.seed);
    return true;
}

bool ExplorerController::apply(const ExplorerSettings& next) {
    const bool sceneChanged = !m_hasScene || next.scene != m_settings.scene;
    const bool fieldsChanged = !m_hasScene || !sameDensitiesAndMethod(next.scene, m_settings.scene);
    const bool layersChanged = !sameFieldLayers(next.view, m_settings.view);
    const bool cameraChanged = next.view.camera != m_settings.view.camera;

    if (sceneChanged) {
        QString error;
        if (m_hasScene && trainingSceneChanged(next.scene, m_settings.scene) && m_learned) {
            m_learned.reset();
            m_liveTraining = false;
            emit learnedFieldInvalidated();
        }
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
    return m_exact;
}

void ExplorerController::updateText() {
    FrameText text = describeScene(m_settings.scene, m_settings.view.arrowField);
    if (!m_status.reduction.isEmpty() && m_base && m_target)
        text.method += tr(" · %1 × %2 components (reduced)").arg(m_base->size()).arg(m_target->size());
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

void ExplorerController::startSimulation() {
    m_learnedSimPending = false;
    m_simIsLive = false;
    SimulationRequest rq;
    rq.generation = ++m_simGeneration;
    rq.base = m_base;
    rq.target = m_target;
    rq.scene = m_settings.scene;
    if (m_settings.scene.fieldMode == FieldMode::Learned) {
        if (!m_learned) {
            // Nothing to integrate yet: keep what is shown until a network exists.
            m_simulation.cancel();
            m_status.simulating = false;
            return;
        }
        rq.field = m_learned;
        if (m_liveTraining) {
            rq.scene.particles = std::min(rq.scene.particles, kLiveParticles);
            rq.previewParticles = 0;
            m_simIsLive = true;
        }
    }
    rq.threads = m_workerThreads;
    rq.paletteSize = int(Theme::dark().regionPalette.size());
    m_status.simulating = true;
    m_status.progress = 0.0;
    m_simulation.request(std::move(rq));
}

void ExplorerController::requestFieldFrames(FieldRefresh refresh) {
    if (!m_hasScene || !m_exact) return;
    if (refresh != FieldRefresh::None) {
        m_fieldGeneration++;
        m_assembler.setFieldGeneration(m_fieldGeneration);
    }
    const auto& layers = m_settings.view.layers;
    if (!layers.heatmap && !layers.arrows && !layers.streamlines) {
        m_fields.cancel();
        return;
    }
    FieldFrameRequest rq;
    rq.generation = m_fieldGeneration;
    rq.exact = m_exact;
    rq.vectorSource = vectorSource(fieldKindOf(m_settings.view.arrowField));
    rq.arrowField = m_settings.view.arrowField;
    rq.heatGrid = m_grids.heat;
    rq.arrowGrid = m_grids.arrows;
    rq.streamGrid = m_grids.stream;
    rq.heatmap = layers.heatmap;
    rq.arrows = layers.arrows;
    rq.streamlines = layers.streamlines;
    rq.times = m_assembler.missingFieldTimes(m_playhead, m_playDirection);
    if (rq.times.empty()) return;
    m_fields.request(std::move(rq));
}

void ExplorerController::requestFan() {
    if (!m_pin || !m_exact) return;
    FanRequest rq;
    rq.generation = ++m_fanGeneration;
    rq.field = fanUsesLearned() ? m_learned : m_exact;
    rq.interpolant = m_settings.scene.interpolant;
    rq.point = m_pin->world;
    rq.t = m_pin->t;
    rq.options.paths = kFanPaths;
    rq.options.epsilon = m_settings.scene.epsilonSchedule();
    rq.options.seed = m_settings.scene.seed + 99;
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
    if (generation != m_simGeneration) return;
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
        text.notice = m_status.preview ? tr("preview of %1 particles · simulating all… %2 %")
                                             .arg(m_assembler.tracks() ? m_assembler.tracks()->particleCount() : 0)
                                             .arg(int(100 * m_status.progress))
                                       : tr("simulating… %1 %").arg(int(100 * m_status.progress));
        text.noticeIsError = false;
        // A run that finishes within a blink needs no notice; the first frame has none anyway.
        if (!m_assembler.tracks() && m_status.progress < 0.01) text.notice.clear();
    } else {
        text.notice.clear();
    }
}

FrameData ExplorerController::frameAt(double t) const { return m_assembler.frameAt(t); }

bool ExplorerController::isReady(double t) const {
    if (!m_hasScene || !m_assembler.tracks() || m_status.simulating || m_gridTimer.isActive()) return false;
    const auto& layers = m_settings.view.layers;
    if ((layers.heatmap || layers.arrows || layers.streamlines) && !m_assembler.hasCurrentFieldFrame(t)) return false;
    if (m_pin && !m_assembler.fan()) return false;
    return true;
}

}  // namespace flowlab::ui
