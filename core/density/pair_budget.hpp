#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::core {

/// The component caps (for the base, for the target) that bring the pair count a·b under
/// `maxPairs`: a side with at most √maxPairs components keeps them all and the other side gets
/// the rest of the budget; two big sides share it evenly (√maxPairs each).
std::pair<std::size_t, std::size_t> pairBudgetCaps(std::size_t baseSize, std::size_t targetSize, std::size_t maxPairs);

/// Both densities, reduced with reduceMixture (moment-preserving k-means) so that the exact
/// fields, whose cost grows with the number of (base, target) pairs, stay within `maxPairs`.
/// Mixtures already within budget come back unchanged.
Result<std::pair<GaussianMixture, GaussianMixture>> reduceToPairBudget(const GaussianMixture& base,
                                                                       const GaussianMixture& target,
                                                                       std::size_t maxPairs, std::uint64_t seed = 1);

}  // namespace flowlab::core
