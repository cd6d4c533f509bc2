#pragma once

#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// The mixture JSON format:
/// `{"dim":2,"components":[{"weight":w,"mean":[...],"cov":[[...],[...]]}, ...]}`.
/// `cov` may also be a single number c (meaning c·I) or omitted (a point mass). Weights are
/// normalised on load.
JsonValue mixtureToJson(const GaussianMixture& mixture);
Result<GaussianMixture> mixtureFromJson(const JsonValue& json);

Result<GaussianMixture> loadMixtureFile(const std::string& path);
/// Atomic write (see writeFileAtomic).
Status saveMixtureFile(const GaussianMixture& mixture, const std::string& path);

}  // namespace flowlab::core
