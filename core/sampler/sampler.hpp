#pragma once

#include <string>
#include <vector>

#include "common/rng.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "sampler/ode_solver.hpp"

namespace flowlab::core {

/// Every sampler of docs/maths.md §6 — five ODE integrators and two SDE integrators — and the
/// discrete samplers of the score-SDE paper of §13 (DDPM ancestral, deterministic DDIM, SMLD
/// annealed Langevin dynamics, the reverse-diffusion predictor; see score_sde_samplers.hpp).
enum class SolverKind {
    Euler, Heun, Midpoint, Rk4, Dopri5, EulerMaruyama, StochasticHeun,
    Ddpm, Ddim, Smld, ReverseDiffusion
};

/// What to integrate and how. Validates itself (against the field and interpolant in use).
struct SamplerOptions {
    SolverKind solver = SolverKind::Rk4;
    int steps = 100;          ///< fixed steps; the initial step hint for dopri5
    double t0 = 0.0;          ///< start time (0 generates, 1 encodes)
    double t1 = 1.0;          ///< end time
    EpsilonSchedule epsilon;  ///< diffusion ε(t) of the SDE solvers
    int langevinSteps = 0;    ///< Langevin corrector steps after each predictor step; for smld the
                              ///< Langevin steps M at each noise level (0 counts as 1)
    double snr = 0.16;        ///< corrector signal-to-noise ratio
    double smldStepRatio = 0.1;  ///< smld step δ_k = r σ_k² (r = 0.1 is Song–Ermon's ε = 2·10⁻⁵ at σ_min = 0.01)
    double rtol = 1e-6;       ///< dopri5 tolerances
    double atol = 1e-8;
    bool recordTrajectory = false;  ///< keep every step's state

    /// The SDE integrators em and sde-heun: the solvers that use ε(t).
    bool isSde() const;
    /// Any solver that draws noise (the SDE integrators, ddpm, smld, reverse-diffusion).
    bool isStochastic() const;
    /// The fields the chosen sampler needs from the FieldSource (b, and s for SDE or corrector).
    unsigned requiredFields() const;
    std::string validate(const Interpolant& interpolant) const;
};

/// The result of a sampling run.
struct SampleResult {
    Points end;                     ///< final positions (one row per particle)
    std::vector<double> times;      ///< with recordTrajectory: the time of each recorded state
    std::vector<Points> trajectory; ///< with recordTrajectory: states, trajectory[0] = start
    int nfe = 0;                    ///< field evaluations (one batched call counts once)
};

/// Integrates the particles `start` (at options.t0) to options.t1 with the probability-flow
/// ODE or the forward/backward SDE (chosen by the sign of t1 − t0). Noise comes from `rng`.
Result<SampleResult> sample(const FieldSource& field, const Interpolant& interpolant, Points start,
                            const SamplerOptions& options, Rng& rng, const ProgressFn& progress = {});

/// Samples of x_t = α x0 + β x1 + γ z with x0 ~ base, x1 ~ target, z ~ N(0, I): the exact law
/// of the interpolant at t (independent coupling).
Points sampleInterpolant(const GaussianMixture& base, const GaussianMixture& target,
                         const Interpolant& interpolant, double t, Eigen::Index n, Rng& rng);

/// Where generation (t = 0) or encoding (t = 1) starts. Two-sided families and every t = 1
/// start use the interpolant's exact law; one-sided families at t = 0 use N(0, α(0)² I), as the
/// diffusion papers do (docs/maths.md §2).
Points sampleStart(const GaussianMixture& base, const GaussianMixture& target,
                   const Interpolant& interpolant, double t, Eigen::Index n, Rng& rng);

/// Field evaluations one step of `kind` costs (dopri5: 6 per accepted step; smld: per Langevin step).
int evaluationsPerStep(SolverKind kind);

const std::vector<std::string>& solverKindNames();
std::string toString(SolverKind kind);
Result<SolverKind> parseSolverKind(const std::string& name);

}  // namespace flowlab::core
