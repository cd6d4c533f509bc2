#include "state/drawing_seed.hpp"

#include "density/mixture_raster.hpp"
#include "scene/density_spec.hpp"
#include "scene/scene.hpp"

namespace flowlab::ui {
namespace {

/// Cells fainter than this (relative to the brightest) start empty: the overlay cannot show
/// them, and leaving them out keeps the conversion of a far-reaching tail cheap.
constexpr double kSeedFloor = 1.0 / 512.0;

}  // namespace

core::Result<core::Raster> drawingSeed(const core::DensitySource& source, const core::GaussianMixture& density,
                                       const core::Raster& grid) {
    if (source.kind == core::DensitySource::Kind::Raster) return source.raster;
    if (source.isSpec()) {
        // A file that no longer reads falls back to the density, which is what is shown.
        if (auto ref = core::parseSceneDensitySpec(source.spec)) {
            if (auto scene = core::loadSceneFile(ref->file)) {
                const core::DensitySource& src = ref->target ? scene->target : scene->base;
                if (src.kind == core::DensitySource::Kind::Raster) return src.raster;
            }
        }
    }
    auto raster = core::mixtureToRaster(density, grid);
    if (!raster) return raster;
    for (double& v : raster->values)
        if (v < kSeedFloor) v = 0.0;
    return raster;
}

}  // namespace flowlab::ui
