#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::core {

/// How straight the probability-flow ODE paths of a field are (docs/maths.md §12).
struct PathStats {
    /// S = E ∫ ‖b(t, X_t) − (X_1 − X_0)‖² dt: 0 exactly when every path is a straight line
    /// travelled at constant speed, which one Euler step integrates without error.
    double straightness = 0.0;
    double pathLength = 0.0;   ///< E Σ_k ‖X_{t_{k+1}} − X_{t_k}‖, the mean polyline length
    double chordLength = 0.0;  ///< E ‖X_1 − X_0‖ (pathLength ≥ chordLength; equal for straight paths)
    int particles = 0;
    int nfe = 0;               ///< field evaluations of the solver plus one per recorded state
    std::vector<double> times;      ///< the recorded times
    std::vector<double> deviation;  ///< E ‖b(t, X_t) − (X_1 − X_0)‖² at each recorded time
    std::vector<double> speed;      ///< E ‖b(t, X_t)‖ at each recorded time
};

/// Integrates `start` with the ODE solver of `options` (trajectory recorded; SDE solvers are
/// refused) and measures its paths: b at every recorded state, the integral by the trapezoid
/// rule over the recorded times. In the time units of the run: X_1 − X_0 is divided by t1 − t0.
Result<PathStats> measurePaths(const FieldSource& field, const Interpolant& interpolant, Points start,
                               SamplerOptions options);

/// The fraction of a measurement done so far; return false to stop it.
using PathProgress = std::function<bool(double fraction)>;

/// measurePaths in blocks of `blockRows` particles, reporting after each block, so that a window
/// can show progress and cancel (an error "cancelled" when progress returns false). Fixed-step
/// solvers only: each path is then integrated on its own, and the result is measurePaths' on all
/// of `start` up to the order of the sums (the means are combined weighted by block size).
Result<PathStats> measurePaths(const FieldSource& field, const Interpolant& interpolant, Points start,
                               SamplerOptions options, Eigen::Index blockRows, const PathProgress& progress);

/// The profile as `flowlab-cli paths --csv` writes it: columns t, deviation (E‖b − (X1 − X0)‖²)
/// and speed (E‖b‖), one row per recorded time.
std::string pathProfileCsv(const PathStats& stats);

}  // namespace flowlab::core
