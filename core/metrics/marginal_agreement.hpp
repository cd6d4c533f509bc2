#pragma once

#include <limits>
#include <vector>

#include "common/types.hpp"

namespace flowlab::core {

/// How far apart several particle clouds at one t are, against the sampling noise (docs/maths.md §9):
/// the statistic behind "the same marginal ρ_t" in a comparison.
struct MarginalAgreement {
    /// Energy distance between cloud 0 and cloud i (entry 0 is 0; NaN when a cloud has no
    /// particles yet). The unbiased estimate: it may be slightly negative.
    std::vector<double> distance;
    /// The sampling noise of the estimate: the root mean square energy distance between two
    /// independent halves of cloud 0 (NaN: unknown). Clouds that carry the same marginal stay
    /// within a few times this.
    double noise = std::numeric_limits<double>::quiet_NaN();
};

/// Splits of cloud 0 that the noise floor averages over.
constexpr int kNoiseSplits = 3;

/// The marginal agreement of `clouds` (one row per particle; the particles of a cloud are
/// independent, so any subset is a fair sample). The distances use the first `maxPoints` rows of
/// each cloud; the noise floor splits the first 2·maxPoints rows of cloud 0 in halves. A null or
/// empty cloud counts as "not yet simulated"; with fewer than 2 particles in cloud 0 every entry
/// is NaN. `threads` as in DistanceOptions (0 = all cores).
MarginalAgreement marginalAgreement(const std::vector<const Points*>& clouds, int maxPoints = 1000, int threads = 1);

}  // namespace flowlab::core
