#include "state/scene_description.hpp"

#include <QCoreApplication>
#include <QFileInfo>

#include "formula/method_formulas.hpp"
#include "state/drawing_files.hpp"

namespace flowlab::ui {

FieldGrids fieldGridsFor(const Camera& camera, QSize size, const FieldGridSizes& sizes) {
    const ViewTransform tf(camera, QSizeF(size.isValid() && !size.isEmpty() ? size : QSize(1280, 720)));
    const QRectF w = tf.worldRect();
    const auto grid = [&](int n) {
        core::GridSpec g;
        g.xMin = w.left();
        g.xMax = w.right();
        g.yMin = w.top();  // QRectF top is the smaller y (world y up)
        g.yMax = w.bottom();
        g.nx = n;
        g.ny = n;
        return g;
    };
    return {grid(sizes.heatCells), grid(sizes.arrowCells), grid(sizes.streamCells)};
}

QString densityDisplayName(const QString& spec) {
    const QString mixture = QStringLiteral("mixture:"), scene = QStringLiteral("scene:");
    if (spec.startsWith(mixture)) {
        const QString file = QFileInfo(spec.mid(mixture.size())).fileName();
        const QString drawing = DrawingFiles::displayName(file);
        return drawing.isEmpty() ? file : drawing;
    }
    if (spec.startsWith(scene)) {
        // scene:/path/name.json#base → "name (base)"; a density editor's drawing → "Drawing 2"
        const QString rest = spec.mid(scene.size());
        const int hash = rest.lastIndexOf(QLatin1Char('#'));
        const QString drawing = DrawingFiles::displayName(QFileInfo(hash >= 0 ? rest.left(hash) : rest).fileName());
        if (!drawing.isEmpty()) return drawing;
        const QString file = QFileInfo(hash >= 0 ? rest.left(hash) : rest).completeBaseName();
        return hash >= 0 ? QStringLiteral("%1 (%2)").arg(file, rest.mid(hash + 1)) : file;
    }
    return spec;
}

QString densityDisplayName(const core::DensitySource& source) {
    if (source.isSpec()) return densityDisplayName(QString::fromStdString(source.spec));
    if (!source.name.empty()) return QString::fromStdString(source.name);
    return source.kind == core::DensitySource::Kind::Raster ? QCoreApplication::translate("SceneDescription", "embedded drawing")
                                                           : QCoreApplication::translate("SceneDescription", "embedded mixture");
}

FrameText describeScene(const SceneSettings& scene, ArrowField arrows) {
    FrameText text;
    text.baseName = densityDisplayName(scene.base);
    text.targetName = densityDisplayName(scene.target);
    text.familyName = QString::fromStdString(core::interpolantFormulas(scene.interpolant).family);
    text.formula = QString::fromStdString(core::interpolantCaption(scene.interpolant));
    const core::SamplerOptions so = scene.samplerOptions();
    QString dynamics;
    if (so.isSde()) {
        const QString eps = scene.epsilonKind == core::EpsilonKind::Matched
                                ? QStringLiteral("matched ε(t)")
                                : QStringLiteral("ε = %1%2").arg(scene.epsilon, 0, 'g', 3)
                                      .arg(scene.epsilonKind == core::EpsilonKind::Taper ? QStringLiteral(" (tapered)") : QString());
        dynamics = QStringLiteral("%1 SDE, %2").arg(scene.direction == Direction::Generate ? QStringLiteral("forward")
                                                                                            : QStringLiteral("backward"),
                                                    eps);
    } else {
        dynamics = QStringLiteral("probability-flow ODE");
    }
    // The coupling is part of the method: name it unless the pairs are independent.
    const QString field = (scene.fieldMode == FieldMode::Exact ? QStringLiteral("exact") : QStringLiteral("learned")) +
                          (scene.coupling.isCoupled()
                               ? QStringLiteral(" (%1)").arg(QString::fromStdString(core::toString(scene.coupling.kind)))
                               : QString());
    text.method = QStringLiteral("%1 field · %2 · %3, %4 steps%5")
                      .arg(field, dynamics, QString::fromStdString(core::toString(scene.solver)))
                      .arg(scene.steps)
                      .arg(scene.langevinSteps > 0 ? QStringLiteral(" + %1 Langevin").arg(scene.langevinSteps) : QString());
    text.arrowLabel = arrowFieldLabel(arrows);
    return text;
}

}  // namespace flowlab::ui
