#pragma once

#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::core {

/// Resolves a density SPEC as used by the CLI and scene files: a preset name
/// (`gaussian`, `8gaussians`, ...) or `mixture:FILE.json`.
Result<GaussianMixture> resolveDensitySpec(const std::string& spec);

/// The file and the part of a `scene:FILE.json#base|target` SPEC.
struct SceneDensityRef {
    std::string file;
    bool target = false;  ///< #target (else #base)
};
/// Splits a `scene:` SPEC; the error says what is malformed (also when `spec` is no `scene:` SPEC).
Result<SceneDensityRef> parseSceneDensitySpec(const std::string& spec);

/// Help text listing the accepted SPEC forms.
std::string densitySpecHelp();

}  // namespace flowlab::core
