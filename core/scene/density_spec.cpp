#include "scene/density_spec.hpp"

#include "density/image_density.hpp"
#include "density/mixture_json.hpp"
#include "density/raster_mixture.hpp"
#include "image/image_decoder.hpp"
#include "density/presets.hpp"
#include "scene/scene.hpp"

namespace flowlab::core {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

Result<SceneDensityRef> parseSceneDensitySpec(const std::string& spec) {
    if (!startsWith(spec, "scene:")) return Error{"not a scene: SPEC"};
    const std::string rest = spec.substr(6);
    const auto hash = rest.rfind('#');
    if (hash == std::string::npos || rest.substr(hash + 1).empty()) {
        return Error{"'scene:' needs FILE.json#base or FILE.json#target"};
    }
    const std::string which = rest.substr(hash + 1);
    if (which != "base" && which != "target") return Error{"'scene:' part must be #base or #target, not #" + which};
    return SceneDensityRef{rest.substr(0, hash), which == "target"};
}

Result<GaussianMixture> resolveDensitySpec(const std::string& spec) {
    if (startsWith(spec, "mixture:")) {
        const std::string path = spec.substr(8);
        if (path.empty()) return Error{"'mixture:' needs a file name, e.g. mixture:data.json"};
        return loadMixtureFile(path);
    }
    if (startsWith(spec, "scene:")) {
        auto ref = parseSceneDensitySpec(spec);
        if (!ref) return ref.error();
        auto scene = loadSceneFile(ref->file);
        if (!scene) return scene.error();
        const DensitySource& src = ref->target ? scene->target : scene->base;
        if (src.kind == DensitySource::Kind::Spec && startsWith(src.spec, "scene:")) {
            return Error{"a scene's density may not itself refer to a scene (no chains)"};
        }
        return src.resolve(scene->folder);
    }
    if (startsWith(spec, "image:")) {
        ImageDensityOptions options;
        auto file = parseImageSpec(spec.substr(6), options);
        if (!file) return file.error();
        auto image = decodeImageFile(*file);
        if (!image) return image.error();
        auto raster = imageToRaster(*image, options);
        if (!raster) return Error{*file + ": " + raster.message()};
        RasterMixtureOptions conversion;
        conversion.errorSamples = 0;
        auto mixture = rasterToMixture(raster->raster, conversion);
        if (!mixture) return Error{*file + ": " + mixture.message()};
        return std::move(mixture->mixture);
    }
    return makePreset(spec);
}

std::string densitySpecHelp() {
    std::string s = "SPEC is a preset (";
    bool first = true;
    for (const auto& n : presetNames()) {
        s += (first ? "" : ", ") + n;
        first = false;
    }
    s += "), mixture:FILE.json, image:FILE.png[?invert&contrast=2&size=4] or scene:FILE.json#base|target";
    return s;
}

}  // namespace flowlab::core
