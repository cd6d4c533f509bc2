#include "state/settings_store.hpp"

#include <QSettings>

#include <cmath>

namespace flowlab::ui {
namespace {

double readDouble(QSettings& s, const QString& key, double fallback, double lo, double hi) {
    bool ok = false;
    const double v = s.value(key).toDouble(&ok);
    return ok && std::isfinite(v) && v >= lo && v <= hi ? v : fallback;
}

int readInt(QSettings& s, const QString& key, int fallback, int lo, int hi) {
    bool ok = false;
    const int v = s.value(key).toInt(&ok);
    return ok && v >= lo && v <= hi ? v : fallback;
}

bool readBool(QSettings& s, const QString& key, bool fallback) {
    const QVariant v = s.value(key);
    if (!v.isValid()) return fallback;
    const QString t = v.toString();
    if (t == QLatin1String("true") || t == QLatin1String("1")) return true;
    if (t == QLatin1String("false") || t == QLatin1String("0")) return false;
    return fallback;
}

template <class Enum>
Enum readEnum(QSettings& s, const QString& key, Enum fallback, int count) {
    return Enum(readInt(s, key, int(fallback), 0, count - 1));
}

}  // namespace

ExplorerSettings loadExplorerSettings(QSettings& s) {
    const ExplorerSettings d;
    ExplorerSettings r;
    SceneSettings& sc = r.scene;
    sc.baseSpec = s.value(QStringLiteral("scene/base"), QString::fromStdString(d.scene.baseSpec)).toString().toStdString();
    sc.targetSpec = s.value(QStringLiteral("scene/target"), QString::fromStdString(d.scene.targetSpec)).toString().toStdString();
    if (auto f = core::parseInterpolantFamily(s.value(QStringLiteral("scene/family")).toString().toStdString())) sc.interpolant.family = *f;
    if (auto g = core::parseGammaKind(s.value(QStringLiteral("scene/gamma")).toString().toStdString())) sc.interpolant.gamma = *g;
    sc.interpolant.gammaA = readDouble(s, QStringLiteral("scene/gammaA"), d.scene.interpolant.gammaA, 1e-6, 1e6);
    sc.interpolant.sigmaMin = readDouble(s, QStringLiteral("scene/sigmaMin"), d.scene.interpolant.sigmaMin, 0.0, 0.999);
    sc.interpolant.vpBetaMin = readDouble(s, QStringLiteral("scene/vpBetaMin"), d.scene.interpolant.vpBetaMin, 0.0, 1e4);
    sc.interpolant.vpBetaMax = readDouble(s, QStringLiteral("scene/vpBetaMax"), d.scene.interpolant.vpBetaMax, 0.0, 1e4);
    sc.interpolant.veSigmaMin = readDouble(s, QStringLiteral("scene/veSigmaMin"), d.scene.interpolant.veSigmaMin, 1e-9, 1e6);
    sc.interpolant.veSigmaMax = readDouble(s, QStringLiteral("scene/veSigmaMax"), d.scene.interpolant.veSigmaMax, 1e-9, 1e6);
    sc.fieldMode = readEnum(s, QStringLiteral("scene/fieldMode"), d.scene.fieldMode, 2);
    if (auto k = core::parseSolverKind(s.value(QStringLiteral("scene/solver")).toString().toStdString())) sc.solver = *k;
    sc.steps = readInt(s, QStringLiteral("scene/steps"), d.scene.steps, 2, 2000);
    if (auto e = core::parseEpsilonKind(s.value(QStringLiteral("scene/epsilonKind")).toString().toStdString())) sc.epsilonKind = *e;
    sc.epsilon = readDouble(s, QStringLiteral("scene/epsilon"), d.scene.epsilon, 0.0, 1e4);
    sc.epsilonTaper = readDouble(s, QStringLiteral("scene/epsilonTaper"), d.scene.epsilonTaper, 1e-3, 0.5);
    sc.langevinSteps = readInt(s, QStringLiteral("scene/langevinSteps"), d.scene.langevinSteps, 0, 1000);
    sc.snr = readDouble(s, QStringLiteral("scene/snr"), d.scene.snr, 1e-6, 100.0);
    sc.particles = readInt(s, QStringLiteral("scene/particles"), d.scene.particles, 1, SceneSettings::kMaxParticles);
    sc.seed = std::uint64_t(readInt(s, QStringLiteral("scene/seed"), int(d.scene.seed), 0, 999999));
    sc.direction = readEnum(s, QStringLiteral("scene/direction"), d.scene.direction, 2);
    if (!sc.validate().empty()) sc = d.scene;

    ViewSettings& v = r.view;
    LayerVisibility& l = v.layers;
    const LayerVisibility dl;
    l.heatmap = readBool(s, QStringLiteral("view/layers/heatmap"), dl.heatmap);
    l.grid = readBool(s, QStringLiteral("view/layers/grid"), dl.grid);
    l.streamlines = readBool(s, QStringLiteral("view/layers/streamlines"), dl.streamlines);
    l.arrows = readBool(s, QStringLiteral("view/layers/arrows"), dl.arrows);
    l.trails = readBool(s, QStringLiteral("view/layers/trails"), dl.trails);
    l.trajectories = readBool(s, QStringLiteral("view/layers/trajectories"), dl.trajectories);
    l.particles = readBool(s, QStringLiteral("view/layers/particles"), dl.particles);
    l.bridge = readBool(s, QStringLiteral("view/layers/bridge"), dl.bridge);
    l.pinned = readBool(s, QStringLiteral("view/layers/pinned"), dl.pinned);
    l.legend = readBool(s, QStringLiteral("view/layers/legend"), dl.legend);
    v.colorMode = readEnum(s, QStringLiteral("view/colorMode"), d.view.colorMode, 3);
    v.arrowField = readEnum(s, QStringLiteral("view/arrowField"), d.view.arrowField, 3);
    v.trailSteps = readInt(s, QStringLiteral("view/trailSteps"), d.view.trailSteps, 1, 200);
    v.trajectoryCount = readInt(s, QStringLiteral("view/trajectoryCount"), d.view.trajectoryCount, 1, 2000);
    v.particleSize = readDouble(s, QStringLiteral("view/particleSize"), d.view.particleSize, 0.25, 4.0);
    const QString theme = s.value(QStringLiteral("view/theme"), d.view.theme).toString();
    v.theme = theme == QLatin1String("light") ? theme : QStringLiteral("dark");
    v.camera.centerX = readDouble(s, QStringLiteral("view/camera/x"), d.view.camera.centerX, -1e4, 1e4);
    v.camera.centerY = readDouble(s, QStringLiteral("view/camera/y"), d.view.camera.centerY, -1e4, 1e4);
    v.camera.halfExtent = readDouble(s, QStringLiteral("view/camera/halfExtent"), d.view.camera.halfExtent, 1e-3, 1e4);

    TrainingSettings& tr = r.training;
    if (auto t = core::parseTrainTarget(s.value(QStringLiteral("training/target")).toString().toStdString());
        t && *t != core::TrainTarget::InterpolantVelocity)
        tr.target = *t;
    tr.width = readInt(s, QStringLiteral("training/width"), d.training.width, 8, 1024);
    tr.depth = readInt(s, QStringLiteral("training/depth"), d.training.depth, 1, 8);
    if (auto a = core::parseActivation(s.value(QStringLiteral("training/activation")).toString().toStdString())) tr.activation = *a;
    tr.batchSize = readInt(s, QStringLiteral("training/batchSize"), d.training.batchSize, 16, 8192);
    tr.learningRate = readDouble(s, QStringLiteral("training/learningRate"), d.training.learningRate, 1e-6, 1.0);
    tr.stepsPerRun = readInt(s, QStringLiteral("training/stepsPerRun"), d.training.stepsPerRun, 10, 10000000);

    r.playback.secondsPerSweep = readDouble(s, QStringLiteral("playback/secondsPerSweep"), d.playback.secondsPerSweep, 0.25, 120.0);
    r.playback.loopMode = readEnum(s, QStringLiteral("playback/loopMode"), d.playback.loopMode, 3);
    return r;
}

void saveExplorerSettings(QSettings& s, const ExplorerSettings& r) {
    const SceneSettings& sc = r.scene;
    s.setValue(QStringLiteral("scene/base"), QString::fromStdString(sc.baseSpec));
    s.setValue(QStringLiteral("scene/target"), QString::fromStdString(sc.targetSpec));
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
    s.setValue(QStringLiteral("playback/secondsPerSweep"), r.playback.secondsPerSweep);
    s.setValue(QStringLiteral("playback/loopMode"), int(r.playback.loopMode));
}

}  // namespace flowlab::ui
