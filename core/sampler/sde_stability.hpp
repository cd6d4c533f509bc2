#pragma once

#include <string>

#include "common/result.hpp"
#include "common/sane_range.hpp"
#include "common/types.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/epsilon_schedule.hpp"

namespace flowlab::core {

/// How finely the explicit SDE integrators must step so that ε·s does not make them unstable
/// or biased, and the automatic sub-steps that follow from it.
///
/// Why these numbers. Near a mode the score is s ≈ −(x − m)/σ², so the drift ε s contracts at
/// rate L = ε/σ²; an explicit step of length h multiplies the offset by 1 − z with z = ε h/σ²
/// (Euler–Maruyama). It is stable for z < 2, but long before that it is wrong: on this
/// Ornstein–Uhlenbeck the stationary variance of Euler–Maruyama is σ²/(1 − z/2), so the mode
/// spread — and with it the marginals, which must not depend on ε (docs/maths.md §6) — is off by
/// z/2. Hence the per-solver limits on z below: ≤ 2.5 % variance bias. Stochastic Heun's bias
/// is O(z²) (σ²(1 − z + z²/4)/(1 − z + z²/2 − z³/8) ≈ σ²(1 − z²/4)), which allows z ≤ 0.25 for
/// 1.8 %. The Langevin corrector is the same Euler–Maruyama step (of dx = s dt + √2 dW, time δ);
/// its δ = 2 (snr ‖ξ‖/‖s‖)² explodes where ‖s‖ → 0 (particles sitting on the modes), so it is
/// clamped to δ L ≤ 0.1 (5 % variance bias): a longer step than that only adds error.
struct SdeStepLimits {
    static constexpr double kEulerMaruyama = 0.05;   ///< largest ε h L per Euler–Maruyama step
    static constexpr double kStochasticHeun = 0.25;  ///< largest ε h L per stochastic Heun step
    static constexpr double kLangevin = 0.1;         ///< largest δ L per corrector step
    /// Sub-steps allowed in one run beyond the requested steps; past it the run is refused with
    /// the step count that would need none (so a user asks for that cost explicitly).
    static constexpr int kMaxExtraSubsteps = 10000;
};

/// Plans automatic sub-steps for one sampling run: every predictor step of the SDE from t to
/// t + Δt is split into m equal sub-steps with m = ⌈max ε(τ) L(τ) |Δt| / z_max⌉, τ over the step.
///
/// L(t) is FieldSource::scoreLipschitz(t) when the source knows it (the exact fields: a bound
/// over all x). Otherwise it is estimated from the particles at the start of the step by finite
/// differences of the score along random directions on at most kProbePoints of them, doubled
/// for safety; each estimate is one batched field evaluation and is counted as one NFE.
class SdeSubsteps {
public:
    static constexpr int kProbePoints = 16;

    /// `zMax` is the solver's limit from SdeStepLimits; `solverName` names it in refusals.
    SdeSubsteps(const FieldSource& field, const Interpolant& interpolant, const EpsilonSchedule& epsilon,
                double zMax, std::string solverName, double t0, double t1);

    /// For sources that know L: checks the whole run of `steps` steps before any work and
    /// refuses with "use ≥ N steps" when it would need more than kMaxExtraSubsteps sub-steps.
    Status checkRun(int steps) const;

    /// Sub-steps for the step [t, tNext] from the particles `x` (adds an NFE when it estimates).
    /// Refuses once the run's sub-steps exceed the cap.
    Result<int> substeps(double t, double tNext, const Points& x, int& nfe);

    /// The corrector step δ clamped to δ L ≤ SdeStepLimits::kLangevin, L from lipschitz() (an
    /// unknown L leaves δ as it is).
    static double clampLangevinStep(double delta, double lipschitz);

    /// L at t near `x`: the source's bound, or the finite-difference estimate (NaN when the
    /// score is not finite there).
    Result<double> lipschitz(double t, const Points& x, int& nfe) const;

private:
    /// max over the step of ε(τ) L(τ) (L estimated once at t when the source does not know it).
    Result<double> maxRate(double t, double tNext, const Points& x, int& nfe) const;
    std::string refusal(double rate) const;

    const FieldSource& m_field;
    const Interpolant& m_interpolant;
    const EpsilonSchedule& m_epsilon;
    double m_zMax;
    std::string m_solverName;
    double m_t0;
    double m_t1;
    int m_extra = 0;
};

}  // namespace flowlab::core
