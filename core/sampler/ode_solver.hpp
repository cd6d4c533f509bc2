#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/types.hpp"

namespace flowlab::core {

/// ODE integrators of docs/maths.md §6.
enum class OdeMethod { Euler, Heun, Midpoint, Rk4, Dopri5 };

/// Right-hand side dy/dt = f(t, y) over a whole batch (one row per particle).
using OdeRhs = std::function<Status(double t, const Points& y, Points& dydt)>;

/// Called after every accepted step with the fraction of the time span done; return false to
/// stop (the solve then ends with the error "cancelled").
using ProgressFn = std::function<bool(double fraction)>;

/// How to integrate from t0 to t1 (t1 < t0 integrates backward).
struct OdeOptions {
    OdeMethod method = OdeMethod::Rk4;
    int steps = 100;            ///< fixed-step count; initial step hint for Dopri5
    double t0 = 0.0;
    double t1 = 1.0;
    double rtol = 1e-6;         ///< Dopri5 relative tolerance
    double atol = 1e-8;         ///< Dopri5 absolute tolerance
    int maxSteps = 100000;      ///< Dopri5 guard against stiffness
    bool recordTrajectory = false;

    std::string validate() const;
};

/// The end state, the recorded states (times[i] ↔ states[i], including the start) and cost.
struct OdeResult {
    Points y;
    std::vector<double> times;
    std::vector<Points> states;
    int nfe = 0;
    int acceptedSteps = 0;
    int rejectedSteps = 0;
};

/// Integrates y' = f(t, y) from options.t0 to options.t1.
Result<OdeResult> solveOde(const OdeRhs& rhs, Points y0, const OdeOptions& options,
                           const ProgressFn& progress = {});

/// One fixed step y ← y + h·Φ(t, y) of Euler, Heun, midpoint or RK4; adds the evaluations used
/// to `nfe`. (Dopri5 is adaptive and not available here.)
Status odeStep(OdeMethod method, const OdeRhs& rhs, double t, double h, Points& y, int& nfe);

/// Number of right-hand-side evaluations one fixed step of `method` costs.
int stagesPerStep(OdeMethod method);

const std::vector<std::string>& odeMethodNames();
std::string toString(OdeMethod method);

}  // namespace flowlab::core
