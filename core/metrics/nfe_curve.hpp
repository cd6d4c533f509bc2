#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"
#include "stats/sample_distance.hpp"

namespace flowlab::core {

/// What an error-vs-NFE curve measures: which solvers, at which budgets of field evaluations,
/// on how many particles. Validates itself (against the interpolant in use).
struct NfeCurveOptions {
    std::vector<SolverKind> solvers;  ///< every fixed-step solver but dopri5 (which picks its own steps)
    std::vector<int> nfe;             ///< budgets; each becomes ⌈NFE / evaluations per step⌉ ≥ 1 steps
    int particles = 2000;             ///< generated end points per run
    int targetSamples = 4000;         ///< fresh draws from the target the distances compare with
    std::uint64_t seed = 1;           ///< start points, noise and target draws (common to every run)
    /// ε schedule, corrector and smld settings for the solvers that use them (solver, steps and
    /// times are set per run).
    SamplerOptions sampler;
    /// RK4 steps of the reference probability-flow ODE that the deterministic solvers' end points
    /// are compared with (same start points).
    int referenceSteps = 1000;
    DistanceOptions distance;

    std::string validate(const Interpolant& interpolant) const;
};

/// The solvers a curve runs unless told otherwise: euler, heun, rk4, and every score-SDE sampler
/// (ddpm, ddim, smld, reverse-diffusion) that `sampler`'s settings allow on `interpolant`.
std::vector<SolverKind> defaultNfeCurveSolvers(const Interpolant& interpolant, const SamplerOptions& sampler);

/// One run of the curve.
struct NfeCurvePoint {
    SolverKind solver = SolverKind::Rk4;
    int requestedNfe = 0;
    int steps = 0;
    int nfe = 0;                 ///< what the run used (SDE sub-steps and corrector included)
    double energyDistance = 0;   ///< end points vs the target draws (unbiased: ≈ 0 ± noise at best)
    double slicedW2 = 0;         ///< the same, sliced Wasserstein-2 (has a positive floor of finite n)
    /// RMS distance of the end points to those of the reference ODE from the same starts: the
    /// discretisation error of a deterministic solver (ODE or ddim); NaN for the stochastic ones
    /// and when the field has no velocity.
    double odeError = std::numeric_limits<double>::quiet_NaN();
};

/// The runs of a curve, and why ode_error is missing when the reference ODE could not run (a
/// learned ε-prediction score has no velocity at t = 1, say); empty when it ran.
struct NfeCurve {
    std::vector<NfeCurvePoint> points;
    std::string referenceProblem;
};

/// Generates from t = 0 to 1 with every solver at every budget from the same start points and
/// noise seed, and measures the end points. Stops with the first failing run's error, naming it.
Result<NfeCurve> nfeCurve(const FieldSource& field, const Interpolant& interpolant,
                          const GaussianMixture& base, const GaussianMixture& target, const NfeCurveOptions& options,
                          const ProgressFn& progress = {});

/// The curve as CSV (header solver,field,requested_nfe,steps,nfe,energy_distance,sliced_w2,
/// ode_error); an unavailable ode_error is an empty cell. `fieldLabel` fills the field column.
std::string nfeCurveCsv(const std::vector<NfeCurvePoint>& points, const std::string& fieldLabel);

}  // namespace flowlab::core
