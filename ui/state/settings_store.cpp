#include "state/settings_store.hpp"

#include <QSettings>

#include <cmath>

#include "io/json.hpp"

namespace flowlab::ui {
namespace {

const QString kEmbedded = QStringLiteral("embedded:");

QString storedDensity(const core::DensitySource& d) {
    if (d.isSpec()) return QString::fromStdString(d.spec);
    return kEmbedded + QString::fromStdString(core::densitySourceToJson(d).dump(0));
}

/// Reads typed values from the store; a value that is present but malformed or out of range
/// falls back and is named in the report (absent values fall back silently: a first start).
class Reader {
public:
    Reader(QSettings& s, SettingsLoadReport* report) : m_s(s), m_report(report) {}

    double real(const QString& key, double fallback, double lo, double hi) {
        if (!m_s.contains(key)) return fallback;
        bool ok = false;
        const double v = m_s.value(key).toDouble(&ok);
        return ok && std::isfinite(v) && v >= lo && v <= hi ? v : reject(key, fallback);
    }
    int integer(const QString& key, int fallback, int lo, int hi) {
        if (!m_s.contains(key)) return fallback;
        bool ok = false;
        const int v = m_s.value(key).toInt(&ok);
        return ok && v >= lo && v <= hi ? v : reject(key, fallback);
    }
    bool boolean(const QString& key, bool fallback) {
        if (!m_s.contains(key)) return fallback;
        const QString t = m_s.value(key).toString();
        if (t == QLatin1String("true") || t == QLatin1String("1")) return true;
        if (t == QLatin1String("false") || t == QLatin1String("0")) return false;
        return reject(key, fallback);
    }
    template <class Enum>
    Enum enumeration(const QString& key, Enum fallback, int count) {
        return Enum(integer(key, int(fallback), 0, count - 1));
    }
    /// A name parsed by core (solver, family, …) into `dst`; `accept` may refuse a parsed value.
    template <class T, class Parse>
    void parsed(const QString& key, T& dst, Parse parse, bool (*accept)(T) = nullptr) {
        if (!m_s.contains(key)) return;
        auto v = parse(m_s.value(key).toString().toStdString());
        if (v && (!accept || accept(*v))) dst = *v;
        else reject(key, 0);
    }
    QString text(const QString& key, const QString& fallback) { return m_s.value(key, fallback).toString(); }
    /// A density: its SPEC, or an embedded one stored as kEmbedded + its scene-file JSON.
    core::DensitySource density(const QString& key, const core::DensitySource& fallback) {
        if (!m_s.contains(key)) return fallback;
        const QString t = m_s.value(key).toString();
        if (!t.startsWith(kEmbedded)) return t.isEmpty() ? reject(key, fallback) : core::DensitySource::fromSpec(t.toStdString());
        auto json = core::parseJson(t.mid(kEmbedded.size()).toStdString());
        if (!json) return reject(key, fallback);
        auto d = core::densitySourceFromJson(&*json, key.toStdString());
        return d ? std::move(*d) : reject(key, fallback);
    }
    QStringList list(const QString& key) { return m_s.value(key).toStringList(); }
    template <class T>
    T reject(const QString& key, T fallback) {
        if (m_report) m_report->rejected.append(key);
        return fallback;
    }

private:
    QSettings& m_s;
    SettingsLoadReport* m_report;
};

}  // namespace

bool SettingsLoadReport::clean() const { return rejected.isEmpty() && sceneProblem.isEmpty(); }

QString SettingsLoadReport::notice() const {
    QStringList parts;
    if (!rejected.isEmpty())
        parts << QStringLiteral("Stored settings that were not valid were reset to their defaults: %1.").arg(rejected.join(QStringLiteral(", ")));
    if (!sceneProblem.isEmpty())
        parts << QStringLiteral("The stored scene was not valid (%1); the default scene is shown.").arg(sceneProblem);
    return parts.join(QLatin1Char(' '));
}

ExplorerSettings loadExplorerSettings(QSettings& s, SettingsLoadReport* report) {
    if (report) *report = {};
    Reader in(s, report);
    const ExplorerSettings d;
    ExplorerSettings r;
    SceneSettings& sc = r.scene;
    sc.base = in.density(QStringLiteral("scene/base"), d.scene.base);
    sc.target = in.density(QStringLiteral("scene/target"), d.scene.target);
    in.parsed(QStringLiteral("scene/family"), sc.interpolant.family, core::parseInterpolantFamily);
    in.parsed(QStringLiteral("scene/gamma"), sc.interpolant.gamma, core::parseGammaKind);
    sc.interpolant.gammaA = in.real(QStringLiteral("scene/gammaA"), d.scene.interpolant.gammaA, 1e-6, 1e6);
    sc.interpolant.sigmaMin = in.real(QStringLiteral("scene/sigmaMin"), d.scene.interpolant.sigmaMin, 0.0, 0.999);
    sc.interpolant.vpBetaMin = in.real(QStringLiteral("scene/vpBetaMin"), d.scene.interpolant.vpBetaMin, 0.0, 1e4);
    sc.interpolant.vpBetaMax = in.real(QStringLiteral("scene/vpBetaMax"), d.scene.interpolant.vpBetaMax, 0.0, 1e4);
    sc.interpolant.veSigmaMin = in.real(QStringLiteral("scene/veSigmaMin"), d.scene.interpolant.veSigmaMin, 1e-9, 1e6);
    sc.interpolant.veSigmaMax = in.real(QStringLiteral("scene/veSigmaMax"), d.scene.interpolant.veSigmaMax, 1e-9, 1e6);
    sc.fieldMode = in.enumeration(QStringLiteral("scene/fieldMode"), d.scene.fieldMode, 2);
    in.parsed(QStringLiteral("scene/solver"), sc.solver, core::parseSolverKind);
    sc.steps = in.integer(QStringLiteral("scene/steps"), d.scene.steps, 2, 2000);
    in.parsed(QStringLiteral("scene/epsilonKind"), sc.epsilonKind, core::parseEpsilonKind);
    sc.epsilon = in.real(QStringLiteral("scene/epsilon"), d.scene.epsilon, 0.0, 1e4);
    sc.epsilonTaper = in.real(QStringLiteral("scene/epsilonTaper"), d.scene.epsilonTaper, 1e-3, 0.5);
    sc.langevinSteps = in.integer(QStringLiteral("scene/langevinSteps"), d.scene.langevinSteps, 0, 1000);
    sc.snr = in.real(QStringLiteral("scene/snr"), d.scene.snr, 1e-6, 100.0);
    sc.particles = in.integer(QStringLiteral("scene/particles"), d.scene.particles, 1, SceneSettings::kMaxParticles);
    sc.seed = std::uint64_t(in.integer(QStringLiteral("scene/seed"), int(d.scene.seed), 0, 999999));
    sc.direction = in.enumeration(QStringLiteral("scene/direction"), d.scene.direction, 2);
    // The image part (issue 12): an image scene comes back as one.
    sc.kind = in.enumeration(QStringLiteral("scene/kind"), d.scene.kind, 2);
    sc.data = in.text(QStringLiteral("images/data"), QString::fromStdString(d.scene.data)).toStdString();
    sc.size = in.integer(QStringLiteral("images/size"), d.scene.size, 0, 32);
    sc.exactImages = in.integer(QStringLiteral("images/exactImages"), d.scene.exactImages, 1, core::SceneImages::kMaxExactImages);
    sc.models.clear();
    for (const QString& m : in.list(QStringLiteral("images/models")))
        if (!m.isEmpty()) sc.models.push_back(m.toStdString());
    sc.classLabel = in.integer(QStringLiteral("images/class"), d.scene.classLabel, -1, 100000);
    sc.guidance = in.real(QStringLiteral("images/guidance"), d.scene.guidance, 0.0, 100.0);
    sc.rows = in.integer(QStringLiteral("images/rows"), d.scene.rows, 1, core::SceneImages::kMaxGridSide);
    sc.columns = in.integer(QStringLiteral("images/columns"), d.scene.columns, 1, core::SceneImages::kMaxGridSide);
    if (!sc.images().validate().empty()) sc.images() = d.scene.images();
    if (const std::string problem = sc.validate(); !problem.empty()) {
        if (report) report->sceneProblem = QString::fromStdString(problem);
        sc = d.scene;
    }

    ViewSettings& v = r.view;
    LayerVisibility& l = v.layers;
    const LayerVisibility dl;
    l.heatmap = in.boolean(QStringLiteral("view/layers/heatmap"), dl.heatmap);
    l.grid = in.boolean(QStringLiteral("view/layers/grid"), dl.grid);
    l.streamlines = in.boolean(QStringLiteral("view/layers/streamlines"), dl.streamlines);
    l.arrows = in.boolean(QStringLiteral("view/layers/arrows"), dl.arrows);
    l.trails = in.boolean(QStringLiteral("view/layers/trails"), dl.trails);
    l.trajectories = in.boolean(QStringLiteral("view/layers/trajectories"), dl.trajectories);
    l.particles = in.boolean(QStringLiteral("view/layers/particles"), dl.particles);
    l.bridge = in.boolean(QStringLiteral("view/layers/bridge"), dl.bridge);
    l.pinned = in.boolean(QStringLiteral("view/layers/pinned"), dl.pinned);
    l.legend = in.boolean(QStringLiteral("view/layers/legend"), dl.legend);
    v.colorMode = in.enumeration(QStringLiteral("view/colorMode"), d.view.colorMode, 3);
    v.arrowField = in.enumeration(QStringLiteral("view/arrowField"), d.view.arrowField, 3);
    v.trailSteps = in.integer(QStringLiteral("view/trailSteps"), d.view.trailSteps, 1, 200);
    v.trajectoryCount = in.integer(QStringLiteral("view/trajectoryCount"), d.view.trajectoryCount, 1, 2000);
    v.particleSize = in.real(QStringLiteral("view/particleSize"), d.view.particleSize, 0.25, 4.0);
    const QString theme = in.text(QStringLiteral("view/theme"), d.view.theme);
    v.theme = Theme::isName(theme) ? theme : QStringLiteral("dark");
    if (!Theme::isName(theme)) in.reject(QStringLiteral("view/theme"), 0);
    v.textScale = in.real(QStringLiteral("view/textScale"), d.view.textScale, ViewSettings::kMinTextScale,
                          ViewSettings::kMaxTextScale);
    v.camera.centerX = in.real(QStringLiteral("view/camera/x"), d.view.camera.centerX, -1e4, 1e4);
    v.camera.centerY = in.real(QStringLiteral("view/camera/y"), d.view.camera.centerY, -1e4, 1e4);
    v.camera.halfExtent = in.real(QStringLiteral("view/camera/halfExtent"), d.view.camera.halfExtent, 1e-3, 1e4);

    TrainingSettings& tr = r.training;
    in.parsed(QStringLiteral("training/target"), tr.target, core::parseTrainTarget,
              +[](core::TrainTarget t) { return t != core::TrainTarget::InterpolantVelocity; });
    tr.width = in.integer(QStringLiteral("training/width"), d.training.width, 8, 1024);
    tr.depth = in.integer(QStringLiteral("training/depth"), d.training.depth, 1, 8);
    in.parsed(QStringLiteral("training/activation"), tr.activation, core::parseActivation);
    tr.batchSize = in.integer(QStringLiteral("training/batchSize"), d.training.batchSize, 16, 8192);
    tr.learningRate = in.real(QStringLiteral("training/learningRate"), d.training.learningRate, 1e-6, 1.0);
    tr.stepsPerRun = in.integer(QStringLiteral("training/stepsPerRun"), d.training.stepsPerRun, 10, 10000000);
    tr.unetChannels = 8 * (in.integer(QStringLiteral("training/unetChannels"), d.training.unetChannels, 8, 128) / 8);
    tr.imageBatch = in.integer(QStringLiteral("training/imageBatch"), d.training.imageBatch, 8, 512);

    r.playback.secondsPerSweep = in.real(QStringLiteral("playback/secondsPerSweep"), d.playback.secondsPerSweep, 0.25, 120.0);
    r.playback.loopMode = in.enumeration(QStringLiteral("playback/loopMode"), d.playback.loopMode, 3);
    return r;
}

void saveExplorerSettings(QSettings& s, const ExplorerSettings& r) {
    const SceneSettings& sc = r.scene;
    s.setValue(QStringLiteral("scene/base"), storedDensity(sc.base));
    s.setValue(QStringLiteral("scene/target"), storedDensity(sc.target));
    s.setValue(QStringLiteral("scene/family"), QString::fromStdString(core::toString(sc.interpolant.family)));
    s.setValue(QStringLiteral("scene/gamma"), QString::fromStdString(core::toString(sc.interpolant.gamma)));
    s.setValue(QStringLiteral("scene/gammaA"), sc.interpolant.gammaA);
    s.setValue(QStringLiteral("scene/sigmaMin"), sc.interpolant.sigmaMin);
    s.setValue(QStringLiteral("scene/vpBetaMin"), sc.interpolant.vpBetaMin);
    s.setValue(QStringLiteral("scene/vpBetaMax"), sc.interpolant.vpBetaMax);
    s.setValue(QStringLiteral("scene/veSigmaMin"), sc.interpolant.veSigmaMin);
    s.setValue(QStringLiteral("scene/veSigmaMax"), sc.interpolant.veSigmaMax);
    s.setValue(QStringLiteral("scene/fieldMode"), int(sc.fieldMode));
    s.setValue(QStringLiteral("scene/solver"), QString::fromStdString(core::toString(sc.solver)));
    s.setValue(QStringLiteral("scene/steps"), sc.steps);
    s.setValue(QStringLiteral("scene/epsilonKind"), QString::fromStdString(core::toString(sc.epsilonKind)));
    s.setValue(QStringLiteral("scene/epsilon"), sc.epsilon);
    s.setValue(QStringLiteral("scene/epsilonTaper"), sc.epsilonTaper);
    s.setValue(QStringLiteral("scene/langevinSteps"), sc.langevinSteps);
    s.setValue(QStringLiteral("scene/snr"), sc.snr);
    s.setValue(QStringLiteral("scene/particles"), sc.particles);
    s.setValue(QStringLiteral("scene/seed"), qulonglong(sc.seed));
    s.setValue(QStringLiteral("scene/direction"), int(sc.direction));
    s.setValue(QStringLiteral("scene/kind"), int(sc.kind));
    s.setValue(QStringLiteral("images/data"), QString::fromStdString(sc.data));
    s.setValue(QStringLiteral("images/size"), sc.size);
    s.setValue(QStringLiteral("images/exactImages"), sc.exactImages);
    QStringList models;
    for (const auto& m : sc.models) models << QString::fromStdString(m);
    s.setValue(QStringLiteral("images/models"), models);
    s.setValue(QStringLiteral("images/class"), sc.classLabel);
    s.setValue(QStringLiteral("images/guidance"), sc.guidance);
    s.setValue(QStringLiteral("images/rows"), sc.rows);
    s.setValue(QStringLiteral("images/columns"), sc.columns);
    const ViewSettings& v = r.view;
    const LayerVisibility& l = v.layers;
    s.setValue(QStringLiteral("view/layers/heatmap"), l.heatmap);
    s.setValue(QStringLiteral("view/layers/grid"), l.grid);
    s.setValue(QStringLiteral("view/layers/streamlines"), l.streamlines);
    s.setValue(QStringLiteral("view/layers/arrows"), l.arrows);
    s.setValue(QStringLiteral("view/layers/trails"), l.trails);
    s.setValue(QStringLiteral("view/layers/trajectories"), l.trajectories);
    s.setValue(QStringLiteral("view/layers/particles"), l.particles);
    s.setValue(QStringLiteral("view/layers/bridge"), l.bridge);
    s.setValue(QStringLiteral("view/layers/pinned"), l.pinned);
    s.setValue(QStringLiteral("view/layers/legend"), l.legend);
    s.setValue(QStringLiteral("view/colorMode"), int(v.colorMode));
    s.setValue(QStringLiteral("view/arrowField"), int(v.arrowField));
    s.setValue(QStringLiteral("view/trailSteps"), v.trailSteps);
    s.setValue(QStringLiteral("view/trajectoryCount"), v.trajectoryCount);
    s.setValue(QStringLiteral("view/particleSize"), v.particleSize);
    s.setValue(QStringLiteral("view/theme"), v.theme);
    s.setValue(QStringLiteral("view/textScale"), v.textScale);
    s.setValue(QStringLiteral("view/camera/x"), v.camera.centerX);
    s.setValue(QStringLiteral("view/camera/y"), v.camera.centerY);
    s.setValue(QStringLiteral("view/camera/halfExtent"), v.camera.halfExtent);
    const TrainingSettings& tr = r.training;
    s.setValue(QStringLiteral("training/target"), QString::fromStdString(core::toString(tr.target)));
    s.setValue(QStringLiteral("training/width"), tr.width);
    s.setValue(QStringLiteral("training/depth"), tr.depth);
    s.setValue(QStringLiteral("training/activation"), QString::fromStdString(core::toString(tr.activation)));
    s.setValue(QStringLiteral("training/batchSize"), tr.batchSize);
    s.setValue(QStringLiteral("training/learningRate"), tr.learningRate);
    s.setValue(QStringLiteral("training/stepsPerRun"), tr.stepsPerRun);
    s.setValue(QStringLiteral("training/unetChannels"), tr.unetChannels);
    s.setValue(QStringLiteral("training/imageBatch"), tr.imageBatch);
    s.setValue(QStringLiteral("playback/secondsPerSweep"), r.playback.secondsPerSweep);
    s.setValue(QStringLiteral("playback/loopMode"), int(r.playback.loopMode));
}

}  // namespace flowlab::ui
