#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// Options of the sample-set distances of docs/maths.md §9. Seeds are fixed so a figure repeats.
struct DistanceOptions {
    int slicedProjections = 128;   ///< random directions for sliced W2
    std::uint64_t seed = 0;        ///< seed of the directions
    double mmdBandwidth = 0.0;     ///< Gaussian kernel σ; 0 = median heuristic on the pooled set
    int threads = 0;               ///< 0 = all cores
    /// Polled on the calling thread between blocks of the pairwise sums (energy distance, MMD),
    /// so that a window's Cancel ends an O(n²) distance of a large set at once: when it returns
    /// false the distance is the error "cancelled". Empty = run to the end.
    std::function<bool()> keepGoing;

    std::string validate() const;
};

/// Energy distance 2E|X−Y| − E|X−X'| − E|Y−Y'| with the unbiased (U-statistic) within-set terms.
Result<double> energyDistance(const Points& a, const Points& b, const DistanceOptions& options = {});

/// Sliced Wasserstein-2 (the root of the mean over directions of the squared 1D W2; the 1D W2
/// compares quantile functions, so the sets may differ in size).
Result<double> slicedWasserstein2(const Points& a, const Points& b, const DistanceOptions& options = {});

/// Unbiased squared MMD with a Gaussian kernel exp(−|x−y|² / (2σ²)).
Result<double> mmdSquared(const Points& a, const Points& b, const DistanceOptions& options = {});

/// The bandwidth that mmdSquared would use for these sets.
double mmdBandwidth(const Points& a, const Points& b, const DistanceOptions& options);

}  // namespace flowlab::core
