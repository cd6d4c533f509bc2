#pragma once

#include <cstdint>
#include <string>

#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "sampler/ode_solver.hpp"

namespace flowlab::core {

/// Largest dimension for which the exact trace of ∂b/∂x is formed from d Jacobian–vector
/// products when the field itself cannot give ∇·b.
inline constexpr int kMaxExactTraceDim = 64;

/// How the likelihood obtains the divergence ∇·b = tr(∂b/∂x) (docs/maths.md §7, §10).
enum class TraceMethod {
    FieldDivergence,  ///< the field's own closed-form ∇·b (exact fields); refused when it has none
    ExactJvp,         ///< tr from d Jacobian–vector products (probes √d e_j), d ≤ kMaxExactTraceDim
    Hutchinson,       ///< vᵀ(∂b/∂x)v with `probes` Rademacher vectors per point, fixed for the solve
};

/// How to compute log ρ1 by the probability-flow ODE (docs/maths.md §7).
struct LikelihoodOptions {
    OdeMethod method = OdeMethod::Dopri5;
    int steps = 100;      ///< fixed steps, or the initial step hint for dopri5
    double rtol = 1e-7;
    double atol = 1e-9;
    /// How ∇·b is obtained along the path.
    TraceMethod trace = TraceMethod::FieldDivergence;
    /// Rademacher probes per point for TraceMethod::Hutchinson (≥ 2 for a standard error).
    int probes = 16;
    std::uint64_t probeSeed = 0;
    /// Step of the central difference (∂b/∂x) v ≈ (b(x + hv) − b(x − hv)) / 2h, for fields that
    /// do not give ∇·b (a network; one batched evaluation of 2K·n points per stage).
    double jvpStep = 1e-3;
    /// The probes of all K estimates are integrated side by side along the same path, so each
    /// ℓ_k is an unbiased estimate of −∫∇·b dt; the result is their mean and their spread gives
    /// its standard error.
    /// Time at which the data sit, in (0, 1]. Below 1 for fields whose ρ1 has no density (the
    /// exact field of a finite data set is a sum of point masses at t = 1).
    double tData = 1.0;

    std::string validate() const;
};

/// Per-point results.
struct LikelihoodResult {
    Vector logDensity;    ///< log ρ_tData(x) for each input row (mean over probes with Hutchinson)
    Vector standardError; ///< Hutchinson's standard error of each value (zero for an exact trace)
    Points latent;        ///< X_0: where each point lands at t = 0
    int nfe = 0;
    int probes = 0;       ///< Hutchinson probes used (0: exact trace)
    TraceMethod trace = TraceMethod::FieldDivergence;

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

/// v_kᵀ (∂b/∂x) v_k at every row of x for each probe v_k (probes[k] has x's shape), by central
/// differences of b with step h in one batched evaluation. Column k of the result is probe k.
Result<Matrix> probeQuadraticForms(const FieldSource& field, double t, const Points& x,
                                   const std::vector<Points>& probes, double h);

/// K Rademacher probes (entries ±1) of shape n × d.
std::vector<Points> rademacherProbes(Eigen::Index n, int d, int k, std::uint64_t seed);

}  // namespace flowlab::core
