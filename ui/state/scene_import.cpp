#include "state/scene_import.hpp"

#include <QDir>
#include <QFileInfo>

#include "density/presets.hpp"
#include "scene/image_scene.hpp"

namespace flowlab::ui {
namespace {

/// The density as the window holds it: presets and embedded densities as the file has them
/// (an embedded one named after the file when it has no name), a file SPEC as a reference
/// through the scene file, which anchors its relative names.
core::DensitySource sourceFor(const core::DensitySource& src, const QString& absolutePath, const char* which) {
    if (!src.isSpec()) {
        core::DensitySource d = src;
        if (d.name.empty())
            d.name = QStringLiteral("%1 (%2)").arg(QFileInfo(absolutePath).completeBaseName(), QLatin1String(which)).toStdString();
        return d;
    }
    if (core::isPresetName(src.spec)) return src;
    return core::DensitySource::fromSpec(QStringLiteral("scene:%1#%2").arg(absolutePath, QLatin1String(which)).toStdString());
}

void readLayer(const core::JsonValue& layers, const char* key, bool& flag) {
    if (const auto* v = layers.find(key); v && v->isBool()) flag = v->asBool();
}

}  // namespace

core::Result<ExplorerSettings> settingsFromScene(const core::Scene& scene, const std::string& path,
                                                 const ExplorerSettings& base) {
    ExplorerSettings s = base;
    const QString absolute = QFileInfo(QString::fromStdString(path)).absoluteFilePath();
    s.scene.kind = scene.kind;
    if (scene.kind == core::SceneKind::Images) {
        // Names relative to the scene file are anchored to it: the settings outlive the folder.
        s.scene.images() = scene.images;
        const QDir folder = QFileInfo(absolute).absoluteDir();
        for (auto& model : s.scene.models) {
            const std::string found = core::findImageModel({model}, folder.absolutePath().toStdString());
            if (!found.empty()) model = QFileInfo(QString::fromStdString(found)).absoluteFilePath().toStdString();
        }
        if (s.scene.data.rfind("folder:", 0) == 0 && QDir::isRelativePath(QString::fromStdString(s.scene.data.substr(7))))
            s.scene.data = "folder:" + folder.absoluteFilePath(QString::fromStdString(s.scene.data.substr(7))).toStdString();
    } else {
        s.scene.base = sourceFor(scene.base, absolute, "base");
        s.scene.target = sourceFor(scene.target, absolute, "target");
    }
    s.scene.method() = scene.method;
    s.scene.run() = scene.run;
    s.view.camera.centerX = scene.camera.centerX;
    s.view.camera.centerY = scene.camera.centerY;
    s.view.camera.halfExtent = scene.camera.halfHeight;
    if (scene.view.isObject()) {
        if (const auto* t = scene.view.find("theme"); t && t->isString())
            s.view.theme = Theme::isName(QString::fromStdString(t->asString())) ? QString::fromStdString(t->asString())
                                                                                 : QStringLiteral("dark");
        if (const auto* layers = scene.view.find("layers"); layers && layers->isObject()) {
            LayerVisibility& l = s.view.layers;
            readLayer(*layers, "heatmap", l.heatmap);
            readLayer(*layers, "grid", l.grid);
            readLayer(*layers, "streamlines", l.streamlines);
            readLayer(*layers, "arrows", l.arrows);
            readLayer(*layers, "trails", l.trails);
            readLayer(*layers, "trajectories", l.trajectories);
            readLayer(*layers, "particles", l.particles);
            readLayer(*layers, "bridge", l.bridge);
            readLayer(*layers, "pinned", l.pinned);
            readLayer(*layers, "legend", l.legend);
        }
        if (const auto* a = scene.view.find("arrows"); a && a->isString()) {
            if (a->asString() == "score") s.view.arrowField = ArrowField::Score;
            if (a->asString() == "denoiser") s.view.arrowField = ArrowField::Denoiser;
            if (a->asString() == "velocity") s.view.arrowField = ArrowField::Velocity;
        }
        if (const auto* c = scene.view.find("colorBy"); c && c->isString()) {
            if (c->asString() == "start") s.view.colorMode = ColorMode::Start;
            if (c->asString() == "single") s.view.colorMode = ColorMode::Single;
            if (c->asString() == "end") s.view.colorMode = ColorMode::End;
        }
    }
    if (auto p = s.scene.validate(); !p.empty()) return core::Error{path + ": " + p};
    return s;
}

core::Result<ExplorerSettings> loadSceneSettings(const std::string& path, const ExplorerSettings& base) {
    auto scene = core::loadSceneFile(path);
    if (!scene) return core::Error{scene.message()};
    return settingsFromScene(*scene, path, base);
}

}  // namespace flowlab::ui
