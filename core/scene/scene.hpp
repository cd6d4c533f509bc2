#pragma once

#include <optional>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"
#include "density/raster_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "io/json.hpp"
#include "sampler/sampler.hpp"
#include "scene/scene_settings.hpp"

namespace flowlab::core {

/// Where a scene's base or target density comes from.
struct DensitySource {
    enum class Kind { Spec, Mixture, Raster };
    Kind kind = Kind::Spec;
    std::string spec = "gaussian";       ///< Kind::Spec: a SPEC (preset, mixture:FILE, image:FILE, ...)
    GaussianMixture mixture;             ///< Kind::Mixture: embedded components
    Raster raster;                       ///< Kind::Raster: a drawing or image raster
    RasterMixtureOptions conversion;     ///< Kind::Raster: how it becomes a mixture
    /// Spec/Mixture: cap on the number of components (0 = none), applied by reduceMixture so that
    /// data-to-data scenes with many pairs stay interactive.
    int maxComponents = 0;

    static DensitySource fromSpec(std::string spec);
    static DensitySource fromMixture(GaussianMixture mixture);
    static DensitySource fromRaster(Raster raster, RasterMixtureOptions conversion = {});

    /// The density as a mixture. Relative paths in a spec resolve against `baseDir`.
    Result<GaussianMixture> resolve(const std::string& baseDir = {}) const;
};

/// The visible part of the plane.
struct SceneCamera {
    double centerX = 0.0, centerY = 0.0;
    double halfHeight = 6.0;  ///< half the visible height in plane units
};

/// The serialisable description of what FlowLab shows: its kind (2D densities or images), the
/// two densities (embedded or as
/// SPECs), the method and run parts of the scene model (scene/scene_settings.hpp), the camera and
/// the view layers (kept as a JSON object owned by the UI).
struct Scene {
    static constexpr int kFormatVersion = 1;

    std::string title;
    /// Densities (2D, the default of files without "kind") or Images (pixel space: `images`).
    SceneKind kind = SceneKind::Densities;
    SceneImages images;  ///< the image part, used when kind is Images
    DensitySource base = DensitySource::fromSpec("gaussian");
    DensitySource target = DensitySource::fromSpec("8gaussians");
    SceneMethod method;
    SceneRun run;
    SceneCamera camera;
    JsonValue view;  ///< UI-owned settings (layers, theme); an object or null
    std::string folder;  ///< where the scene file lives (anchors relative file names); not saved

    std::string validate() const;
    /// The sampler options of the method on the run's steps and direction (trajectory recorded).
    SamplerOptions samplerOptions() const;
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
