#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "sampler/ode_solver.hpp"

namespace flowlab::core {

/// How the fan of paths through a pinned point is drawn.
struct PinnedFanOptions {
    int paths = 24;            ///< SDE paths, in [1, 10000]
    int stepsPerUnit = 200;    ///< integration steps per unit of time, in [2, 100000]
    EpsilonSchedule epsilon;   ///< ε(t) of the SDE paths (ε ≡ 0 makes them all the ODE's Euler path)
    std::uint64_t seed = 0;    ///< seed of the SDE noise

    std::string validate(const Interpolant& interpolant) const;
};

/// Paths through the point x at time t, on one increasing time grid from 0 to 1 that contains t:
/// SDE paths (the backward SDE from t down to 0 joined to an independent forward SDE from t up
/// to 1, which is a path of the diffusion conditioned on X_t = x, since past and future of a
/// Markov process are independent given the present) and the probability-flow ODE path (RK4).
struct PinnedFan {
    double t = 0.0;
    Vector x;
    std::vector<double> times;     ///< increasing from 0 to 1; times[pinIndex] == t
    std::size_t pinIndex = 0;
    std::vector<Points> sdePaths;  ///< per path: one row per time
    Points odePath;                ///< one row per time
    int nfe = 0;                   ///< field evaluations used
};

/// Computes the fan through (t, x). Needs the velocity, and the score when ε > 0. `progress`
/// may cancel (the result is then the error "cancelled").
Result<PinnedFan> pinnedFan(const FieldSource& field, const Interpolant& interpolant, const Vector& x, double t,
                            const PinnedFanOptions& options, const ProgressFn& progress = {});

}  // namespace flowlab::core
