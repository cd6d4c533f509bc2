#pragma once

#include <string>

#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "sampler/ode_solver.hpp"

namespace flowlab::core {

/// How to compute log ρ1 by the probability-flow ODE (docs/maths.md §7).
struct LikelihoodOptions {
    OdeMethod method = OdeMethod::Dopri5;
    int steps = 100;      ///< fixed steps, or the initial step hint for dopri5
    double rtol = 1e-7;
    double atol = 1e-9;

    std::string validate() const;
};

/// Per-point results.
struct LikelihoodResult {
    Vector logDensity;    ///< log ρ1(x) for each input row
    Points latent;        ///< X_0: where each point lands at t = 0
    int nfe = 0;

    /// Mean negative log-likelihood in nats.
    double meanNll() const { return -logDensity.mean(); }
};

/// log ρ1(x) = log ρ0(X_0) − ∫₀¹ ∇·b(t, X_t) dt, solving (X, ℓ) backward from t = 1 to t = 0.
/// `prior` is the density at t = 0 that generation starts from. When the field itself provides
/// log ρ_t, its value at t = 0 is used instead (exact fields), so that the result equals the
/// exact log ρ1 up to the integrator's tolerance.
Result<LikelihoodResult> logLikelihood(const FieldSource& field, const GaussianMixture& prior,
                                       const Points& x, const LikelihoodOptions& options,
                                       const ProgressFn& progress = {});

}  // namespace flowlab::core
