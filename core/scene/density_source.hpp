#pragma once

#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "density/raster.hpp"
#include "density/raster_mixture.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// Where a scene's base or target density comes from: the one representation of a density in
/// the scene model, shared by the window, the compare panels, offscreen export, the CLI and
/// scene files. A SPEC names a preset or a file; a mixture or raster is carried inside (a scene
/// file opened in the window keeps its embedded densities as they are, not as a reference to
/// the file).
struct DensitySource {
    enum class Kind { Spec, Mixture, Raster };
    Kind kind = Kind::Spec;
    std::string spec = "gaussian";       ///< Kind::Spec: a SPEC (preset, mixture:FILE, image:FILE, scene:FILE#part)
    GaussianMixture mixture;             ///< Kind::Mixture: embedded components
    Raster raster;                       ///< Kind::Raster: a drawing or image raster
    RasterMixtureOptions conversion;     ///< Kind::Raster: how it becomes a mixture
    /// Spec/Mixture: cap on the number of components (0 = none), applied by reduceMixture so that
    /// data-to-data scenes with many pairs stay interactive.
    int maxComponents = 0;
    /// What captions and legends call an embedded density ("Drawing 2", "moons (target)");
    /// empty for SPECs, which are named after the SPEC. Saved with the scene.
    std::string name;

    static DensitySource fromSpec(std::string spec);
    static DensitySource fromMixture(GaussianMixture mixture);
    static DensitySource fromRaster(Raster raster, RasterMixtureOptions conversion = {});

    bool isSpec() const { return kind == Kind::Spec; }
    /// The density as a mixture. Relative paths in a spec resolve against `baseDir`.
    Result<GaussianMixture> resolve(const std::string& baseDir = {}) const;

    /// Same density and same name (mixtures and rasters compared entry by entry).
    bool operator==(const DensitySource& o) const;
    bool operator!=(const DensitySource& o) const { return !(*this == o); }
};

/// The scene-file form: {"spec": ...}, {"mixture": ...} or {"raster": ...} (numbers at full
/// precision), with "maxComponents" and "name" when set.
JsonValue densitySourceToJson(const DensitySource& d);
/// Parses the scene-file form (a bare string is a SPEC); `where` names the field in errors.
Result<DensitySource> densitySourceFromJson(const JsonValue* j, const std::string& where);

}  // namespace flowlab::core
