#include "density/pair_budget.hpp"

#include <algorithm>
#include <cmath>

#include "density/mixture_reduction.hpp"

namespace flowlab::core {

std::pair<std::size_t, std::size_t> pairBudgetCaps(std::size_t a, std::size_t b, std::size_t maxPairs) {
    maxPairs = std::max<std::size_t>(maxPairs, 1);
    if (a * b <= maxPairs) return {a, b};
    const auto even = std::max<std::size_t>(1, std::size_t(std::sqrt(double(maxPairs))));
    if (a <= even) return {a, std::max<std::size_t>(1, maxPairs / a)};
    if (b <= even) return {std::max<std::size_t>(1, maxPairs / b), b};
    return {even, even};
}

Result<std::pair<GaussianMixture, GaussianMixture>> reduceToPairBudget(const GaussianMixture& base,
                                                                       const GaussianMixture& target,
                                                                       std::size_t maxPairs, std::uint64_t seed) {
    const auto [capA, capB] = pairBudgetCaps(base.size(), target.size(), maxPairs);
    std::pair<GaussianMixture, GaussianMixture> out{base, target};
    MixtureReductionOptions o;
    o.seed = seed;
    if (capA < base.size()) {
        o.maxComponents = int(capA);
        auto r = reduceMixture(base, o);
        if (!r) return r.error();
        out.first = std::move(r).value();
    }
    if (capB < target.size()) {
        o.maxComponents = int(capB);
        auto r = reduceMixture(target, o);
        if (!r) return r.error();
        out.second = std::move(r).value();
    }
    return out;
}

}  // namespace flowlab::core
