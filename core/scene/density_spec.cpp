#include "scene/density_spec.hpp"

#include "density/mixture_json.hpp"
#include "density/presets.hpp"

namespace flowlab::core {

Result<GaussianMixture> resolveDensitySpec(const std::string& spec) {
    const std::string mixturePrefix = "mixture:";
    if (spec.rfind(mixturePrefix, 0) == 0) {
        const std::string path = spec.substr(mixturePrefix.size());
        if (path.empty()) return Error{"'mixture:' needs a file name, e.g. mixture:data.json"};
        return loadMixtureFile(path);
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
    s += ") or mixture:FILE.json";
    return s;
}

}  // namespace flowlab::core
