#include "state/drawing_seed.hpp"

#include "density/mixture_raster.hpp"
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
    const QString spec = source.isSpec() ? QString::fromStdString(source.spec) : QString();
    if (spec.startsWith(QLatin1String("scene:"))) {
        const qsizetype hash = spec.lastIndexOf(QLatin1Char('#'));
        const QString part = hash > 6 ? spec.mid(hash + 1) : QString();
        if (part == QLatin1String("base") || part == QLatin1String("target")) {
            // A file that no longer reads falls back to the density, which is what is shown.
            if (auto scene = core::loadSceneFile(spec.mid(6, hash - 6).toStdString())) {
                const core::DensitySource& src = part == QLatin1String("base") ? scene->base : scene->target;
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
