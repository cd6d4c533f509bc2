#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "io/json.hpp"
#include "sampler/sampler.hpp"
#include "scene/density_source.hpp"
#include "scene/scene_settings.hpp"

namespace flowlab::core {

/// The visible part of the plane.
struct SceneCamera {
    double centerX = 0.0, centerY = 0.0;
    double halfHeight = 6.0;  ///< half the visible height in plane units
};

/// The serialisable description of what FlowLab shows: the parts of the one scene model
/// (scene/scene_settings.hpp: kind, densities, method, run, images), plus the title, the camera
/// and the view layers (kept as a JSON object owned by the UI). The densities part (`base`,
/// `target`) is the same SceneDensities the window holds, so nothing is converted on the way
/// between a file and the window.
struct Scene : SceneDensities {
    static constexpr int kFormatVersion = 1;

    std::string title;
    /// Densities (2D, the default of files without "kind") or Images (pixel space: `images`).
    SceneKind kind = SceneKind::Densities;
    SceneImages images;  ///< the image part, used when kind is Images
    SceneMethod method;
    SceneRun run;
    SceneCamera camera;
    JsonValue view;  ///< UI-owned settings (layers, theme); an object or null
    std::string folder;  ///< where the scene file lives (anchors relative file names); not saved

    std::string validate() const;
    /// The sampler options of the method on the run's steps and direction (trajectory recorded).
    SamplerOptions samplerOptions() const;
    const SceneDensities& densities() const { return *this; }
    SceneDensities& densities() { return *this; }
    /// The scene model's parts without the title, camera and view.
    SceneSettings settings() const;
    /// Takes every part of `s` (kind, densities, method, run, images).
    void setSettings(const SceneSettings& s);
};

/// A scene's densities and interpolant, resolved and checked against each other.
struct ResolvedScene {
    GaussianMixture base;
    GaussianMixture target;
    Interpolant interpolant;
};

/// Resolves both densities (reading files, converting rasters) and checks that the dimensions
/// agree and the interpolant accepts the base.
Result<ResolvedScene> resolveScene(const Scene& scene);

/// Serialises (rasters embedded as numbers; numbers with full precision).
JsonValue sceneToJson(const Scene& scene);
/// Parses and validates a scene; every refusal names the problem. `baseDir` anchors relative
/// file names inside the scene.
Result<Scene> sceneFromJson(const JsonValue& json, const std::string& baseDir = {});

/// Loads a scene file (at most 64 MiB).
Result<Scene> loadSceneFile(const std::string& path);
/// Saves atomically: a failure leaves the previous file untouched.
Status saveSceneFile(const Scene& scene, const std::string& path);

/// The folder part of a path ("" for a bare file name).
std::string parentFolder(const std::string& path);

}  // namespace flowlab::core
