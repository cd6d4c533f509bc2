#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::core {

/// Options of mixture reduction.
struct MixtureReductionOptions {
    int maxComponents = 256;   ///< cap on the number of components
    std::uint64_t seed = 0;    ///< k-means++ initialisation
    int iterations = 25;       ///< Lloyd iterations at most

    std::string validate() const;
};

/// Caps the number of components of a 2D mixture: weighted k-means on the component means, then
/// each cluster becomes one moment-matched component (weight = Σw, mean = weighted mean,
/// covariance = weighted covariances + spread of the means). The total mass, mean and covariance
/// of the mixture are preserved exactly. A mixture already within the cap is returned unchanged.
/// Cost: the exact fields scale with the number of (base, target) pairs, so this is what keeps
/// big drawings, images and data sets interactive.
Result<GaussianMixture> reduceMixture(const GaussianMixture& mixture, const MixtureReductionOptions& options);

}  // namespace flowlab::core
