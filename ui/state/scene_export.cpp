#include "state/scene_export.hpp"

#include "density/presets.hpp"
#include "scene/density_spec.hpp"
#include "state/scene_description.hpp"

namespace flowlab::ui {
namespace {

/// A source that does not depend on the folder of the file it is saved in.
core::Result<core::DensitySource> portable(const core::DensitySource& src, const std::string& folder) {
    if (src.kind != core::DensitySource::Kind::Spec || core::isPresetName(src.spec)) return src;
    auto mixture = src.resolve(folder);
    if (!mixture) return core::Error{mixture.message()};
    return core::DensitySource::fromMixture(std::move(*mixture));
}

/// The window's density as the file carries it: presets by name, embedded densities as they
/// are, and anything read from a file embedded, so that the scene file stands on its own.
core::Result<core::DensitySource> sourceFor(const core::DensitySource& source, const char* which) {
    if (!source.isSpec() || core::isPresetName(source.spec)) return source;
    auto p = [&]() -> core::Result<core::DensitySource> {
        auto ref = core::parseSceneDensitySpec(source.spec);
        if (!ref) return portable(source, {});
        auto scene = core::loadSceneFile(ref->file);
        if (!scene) return scene.error();
        return portable(ref->target ? scene->target : scene->base, core::parentFolder(ref->file));
    }();
    if (!p) return core::Error{std::string("the ") + which + ": " + p.message()};
    if (p->name.empty()) p->name = densityDisplayName(source).toStdString();
    return p;
}

const char* arrowName(ArrowField f) {
    switch (f) {
        case ArrowField::Score: return "score";
        case ArrowField::Denoiser: return "denoiser";
        case ArrowField::Velocity: break;
    }
    return "velocity";
}

const char* colorName(ColorMode m) {
    switch (m) {
        case ColorMode::Start: return "start";
        case ColorMode::Single: return "single";
        default: break;
    }
    return "end";
}

}  // namespace

core::Result<core::Scene> sceneFromSettings(const ExplorerSettings& settings, const std::string& title) {
    if (auto p = settings.scene.validate(); !p.empty()) return core::Error{p};
    core::Scene scene;
    scene.title = title;
    scene.kind = settings.scene.kind;
    if (settings.scene.isImages()) {
        scene.images = settings.scene.images();  // no densities: an image scene shows the data set
    } else {
        auto base = sourceFor(settings.scene.base, "base");
        if (!base) return core::Error{base.message()};
        auto target = sourceFor(settings.scene.target, "target");
        if (!target) return core::Error{target.message()};
        scene.base = std::move(*base);
        scene.target = std::move(*target);
    }
    scene.method = settings.scene.method();
    scene.run = settings.scene.run();
    scene.camera.centerX = settings.view.camera.centerX;
    scene.camera.centerY = settings.view.camera.centerY;
    scene.camera.halfHeight = settings.view.camera.halfExtent;

    const LayerVisibility& l = settings.view.layers;
    core::JsonValue layers;
    layers.set("heatmap", l.heatmap);
    layers.set("grid", l.grid);
    layers.set("streamlines", l.streamlines);
    layers.set("arrows", l.arrows);
    layers.set("trails", l.trails);
    layers.set("trajectories", l.trajectories);
    layers.set("particles", l.particles);
    layers.set("bridge", l.bridge);
    layers.set("pinned", l.pinned);
    layers.set("legend", l.legend);
    core::JsonValue view;
    view.set("theme", Theme::isName(settings.view.theme) ? settings.view.theme.toStdString() : std::string("dark"));
    view.set("layers", std::move(layers));
    view.set("arrows", arrowName(settings.view.arrowField));
    view.set("colorBy", colorName(settings.view.colorMode));
    scene.view = std::move(view);
    if (auto p = scene.validate(); !p.empty()) return core::Error{p};
    return scene;
}

bool sameScene(const ExplorerSettings& a, const ExplorerSettings& b) {
    return a.scene == b.scene && a.view.camera == b.view.camera && a.view.layers == b.view.layers &&
           a.view.theme == b.view.theme && a.view.arrowField == b.view.arrowField &&
           a.view.colorMode == b.view.colorMode;
}

}  // namespace flowlab::ui
