#pragma once

#include <vector>

#include "common/types.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// The law of x_t for one fixed pair (x0, x1) over time: the mean path m(t) = α(t) x0 + β(t) x1
/// and the noise scale γ(t), i.e. x_t | (x0, x1) ~ N(m(t), γ(t)² I).
struct BridgePath {
    std::vector<double> times;  ///< increasing, from 0 to 1
    Points mean;                ///< m(t) at each time, one per row
    std::vector<double> gamma;  ///< γ(t) at each time
};

/// The bridge of `interpolant` between x0 and x1 at `samples` ≥ 2 equally spaced times in [0, 1]
/// (x0, x1 must have the same size). For two-sided families the mean starts at x0 and ends at x1.
BridgePath bridgePath(const Interpolant& interpolant, const Vector& x0, const Vector& x1, int samples);

/// One draw of x_t = α x0 + β x1 + γ z for the given z (a fixed z per pair keeps the drawn
/// points continuous in t, which is what the explorer animates).
Vector bridgePoint(const Interpolant& interpolant, const Vector& x0, const Vector& x1, const Vector& z, double t);

}  // namespace flowlab::core
