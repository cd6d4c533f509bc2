#include "sampler/sampler.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "density/gaussian_mixture.hpp"
#include "sampler/score_sde_samplers.hpp"
#include "sampler/sde_stability.hpp"

namespace flowlab::core {
namespace {

OdeMethod odeMethodOf(SolverKind k) {
    switch (k) {
        case SolverKind::Euler: return OdeMethod::Euler;
        case SolverKind::Heun: return OdeMethod::Heun;
        case SolverKind::Midpoint: return OdeMethod::Midpoint;
        case SolverKind::Rk4: return OdeMethod::Rk4;
        default: return OdeMethod::Dopri5;
    }
}

bool keepGoing(const ProgressFn& progress, double fraction) {
    return !progress || progress(std::clamp(fraction, 0.0, 1.0));
}

/// Drift and diffusion of the SDE: f = b ± ε s (+ forward, − backward), σ = √(2ε).
class SdeTerms {
public:
    SdeTerms(const FieldSource& field, const Interpolant& interpolant, const SamplerOptions& o)
        : m_field(field), m_interpolant(interpolant), m_options(o),
          m_sign(o.t1 >= o.t0 ? 1.0 : -1.0) {}

    Status drift(double t, const Points& x, Points& f) const {
        const double eps = m_options.epsilon.at(t, m_interpolant);
        const unsigned what = eps > 0.0 ? (kVelocity | kScore) : kVelocity;
        FieldValues v;
        if (Status st = m_field.evaluate(t, x, what, v); !st) return st;
        f = std::move(v.velocity);
        if (eps > 0.0) f += (m_sign * eps) * v.score;
        return Status::success();
    }
    double sigma(double t) const { return std::sqrt(2.0 * m_options.epsilon.at(t, m_interpolant)); }

private:
    const FieldSource& m_field;
    const Interpolant& m_interpolant;
    const SamplerOptions& m_options;
    double m_sign;
};

/// Langevin corrector at fixed t: x ← x + δ s + √(2δ) ξ with one δ = 2 (snr ‖ξ‖ / ‖s‖)² for the
/// whole batch, the norms being means over particles (predictor–corrector sampling, Song et al.
/// 2021). A per-particle δ would depend on the particle's own ‖s‖, which vanishes at a mode: such
/// a state-dependent step does not keep ρ_t invariant (it flung particles away from the modes).
/// δ is clamped to δ L ≤ SdeStepLimits::kLangevin: where ‖s‖ → 0 (particles on the modes) the
/// snr rule asks for an arbitrarily long step, which explicit Langevin cannot take stably.
Status langevinCorrect(const FieldSource& field, double t, Points& x, const SamplerOptions& o, Rng& rng,
                       const SdeSubsteps& plan, int& nfe) {
    auto lipschitz = plan.lipschitz(t, x, nfe);
    if (!lipschitz) return lipschitz.error();
    for (int i = 0; i < o.langevinSteps; ++i) {
        FieldValues v;
        if (Status st = field.evaluate(t, x, kScore, v); !st) return st;
        ++nfe;
        const Points xi = rng.normal(x.rows(), x.cols());
        const double sNorm = v.score.rowwise().norm().mean();
        if (!(sNorm > 0.0) || !std::isfinite(sNorm)) continue;
        const double ratio = o.snr * xi.rowwise().norm().mean() / sNorm;
        const double delta = SdeSubsteps::clampLangevinStep(2.0 * ratio * ratio, *lipschitz);
        x += delta * v.score + std::sqrt(2.0 * delta) * xi;
    }
    return Status::success();
}

/// One step of the SDE from t to t + dt split into `m` equal sub-steps. Each sub-step draws its
/// own increment dW ~ N(0, |dt|/m I): independent increments over a partition of the step, so
/// the noise law over the step is unchanged. One drift evaluation per Euler–Maruyama sub-step,
/// two per stochastic Heun one, all counted.
Status sdeStep(const SdeTerms& sde, SolverKind solver, double t, double dt, int m, Points& x, Rng& rng, int& nfe) {
    const double h = dt / m;
    for (int j = 0; j < m; ++j) {
        const double a = t + j * h;
        const double b = j + 1 == m ? t + dt : a + h;
        const Points dW = std::sqrt(std::abs(b - a)) * rng.normal(x.rows(), x.cols());
        Points f0;
        if (Status st = sde.drift(a, x, f0); !st) return st;
        ++nfe;
        if (solver == SolverKind::EulerMaruyama) {
            x += (b - a) * f0 + sde.sigma(a) * dW;
            continue;
        }
        // Stochastic Heun (additive noise): trapezoidal drift and diffusion.
        const double s0 = sde.sigma(a), s1 = sde.sigma(b);
        const Points xPred = x + (b - a) * f0 + s0 * dW;
        Points f1;
        if (Status st = sde.drift(b, xPred, f1); !st) return st;
        ++nfe;
        x += 0.5 * (b - a) * (f0 + f1) + 0.5 * (s0 + s1) * dW;
    }
    return Status::success();
}

}  // namespace

bool SamplerOptions::isSde() const {
    return solver == SolverKind::EulerMaruyama || solver == SolverKind::StochasticHeun;
}

bool SamplerOptions::isStochastic() const {
    return isSde() || solver == SolverKind::Ddpm || solver == SolverKind::Smld || solver == SolverKind::ReverseDiffusion;
}

unsigned SamplerOptions::requiredFields() const {
    if (isScoreSdeSampler(solver)) return kScore;
    unsigned w = kVelocity;
    if ((isSde() && !epsilon.isZero()) || langevinSteps > 0) w |= kScore;
    return w;
}

std::string SamplerOptions::validate(const Interpolant& interpolant) const {
    OdeOptions ode;
    ode.steps = steps;
    ode.t0 = t0;
    ode.t1 = t1;
    ode.rtol = rtol;
    ode.atol = atol;
    if (auto p = ode.validate(); !p.empty()) return p;
    if (isSde()) {
        if (auto p = epsilon.validate(interpolant); !p.empty()) return p;
    }
    if (isScoreSdeSampler(solver)) {
        if (auto p = validateScoreSde(*this, interpolant); !p.empty()) return p;
    }
    if (langevinSteps < 0 || langevinSteps > 1000) return "Langevin corrector steps must be in [0, 1000]";
    if (langevinSteps > 0 && solver == SolverKind::Dopri5)
        return "the Langevin corrector needs a fixed-step solver (not dopri5)";
    if (!(snr > 0.0) || !std::isfinite(snr) || snr > 100.0) return "snr must be in (0, 100]";
    return {};
}

Result<SampleResult> sample(const FieldSource& field, const Interpolant& interpolant, Points x,
                            const SamplerOptions& o, Rng& rng, const ProgressFn& progress) {
    if (const auto p = o.validate(interpolant); !p.empty()) return Error{p};
    if (x.cols() != field.dim()) {
        return Error{"start points have " + std::to_string(x.cols()) + " coordinates, the field has " +
                     std::to_string(field.dim())};
    }
    if (!field.canProvide(o.requiredFields())) {
        return Error{"the field source '" + field.label() + "' cannot provide " +
                     ((o.requiredFields() & kScore) ? "the score needed by this sampler"
                                                    : "the velocity")};
    }
    if (auto p = checkSaneRange(x, "start points"); !p.empty()) return Error{p};

    SampleResult result;
    const OdeRhs velocity = [&field](double t, const Points& y, Points& dy) {
        FieldValues v;
        Status st = field.evaluate(t, y, kVelocity, v);
        if (st) dy = std::move(v.velocity);
        return st;
    };
    if (o.solver == SolverKind::Dopri5) {
        OdeOptions ode;
        ode.method = OdeMethod::Dopri5;
        ode.steps = o.steps;
        ode.t0 = o.t0;
        ode.t1 = o.t1;
        ode.rtol = o.rtol;
        ode.atol = o.atol;
        ode.recordTrajectory = o.recordTrajectory;
        auto r = solveOde(velocity, std::move(x), ode, progress);
        if (!r) return r.error();
        result.end = std::move(r->y);
        result.times = std::move(r->times);
        result.trajectory = std::move(r->states);
        result.nfe = r->nfe;
        return result;
    }

    const double h = (o.t1 - o.t0) / o.steps;
    const SdeTerms sde(field, interpolant, o);
    SdeSubsteps plan(field, interpolant, o.epsilon,
                     o.solver == SolverKind::StochasticHeun ? SdeStepLimits::kStochasticHeun
                                                            : SdeStepLimits::kEulerMaruyama,
                     o.solver == SolverKind::StochasticHeun ? "stochastic Heun" : "Euler–Maruyama", o.t0, o.t1);
    if (o.isSde()) {
        if (Status st = plan.checkRun(o.steps); !st) return Error{st.message()};
    }
    if (o.recordTrajectory) {
        result.times.reserve(o.steps + 1);
        result.trajectory.reserve(o.steps + 1);
        result.times.push_back(o.t0);
        result.trajectory.push_back(x);
    }
    for (int i = 0; i < o.steps; ++i) {
        const double t = o.t0 + i * h;
        const double tNext = (i + 1 == o.steps) ? o.t1 : t + h;
        Status st;
        if (isScoreSdeSampler(o.solver)) {
            st = scoreSdeStep(field, interpolant, o, t, tNext, x, rng, result.nfe);
        } else if (!o.isSde()) {
            st = odeStep(odeMethodOf(o.solver), velocity, t, tNext - t, x, result.nfe);
        } else {
            auto m = plan.substeps(t, tNext, x, result.nfe);
            st = m ? sdeStep(sde, o.solver, t, tNext - t, *m, x, rng, result.nfe) : Status(m.error());
        }
        if (!st) return Error{st.message()};
        if (o.langevinSteps > 0 && o.solver != SolverKind::Smld) {
            if (Status c = langevinCorrect(field, tNext, x, o, rng, plan, result.nfe); !c) return Error{c.message()};
        }
        if (!x.allFinite() || x.cwiseAbs().maxCoeff() > kMaxSaneCoordinate) {
            char bound[32];
            std::snprintf(bound, sizeof bound, "%.0e", kMaxSaneCoordinate);
            return Error{"sampling diverged at t = " + std::to_string(tNext) + " (values left |x| ≤ " + bound +
                         "): use ≥ " + std::to_string(2 * o.steps) + " steps" + (o.isSde() ? " or a smaller ε" : "") +
                         (isScoreSdeSampler(o.solver) ? " (or check the field's score)" : "")};
        }
        if (o.recordTrajectory) {
            result.times.push_back(tNext);
            result.trajectory.push_back(x);
        }
        if (!keepGoing(progress, double(i + 1) / o.steps)) return Error{"cancelled"};
    }
    result.end = std::move(x);
    return result;
}

Points sampleInterpolant(const GaussianMixture& base, const GaussianMixture& target,
                         const Interpolant& interpolant, double t, Eigen::Index n, Rng& rng) {
    const InterpolantCoeffs c = interpolant.coeffs(t);
    Points x = c.alpha * base.sample(n, rng) + c.beta * target.sample(n, rng);
    if (c.gamma != 0.0) x += c.gamma * rng.normal(n, base.dim());
    return x;
}

Points sampleStart(const GaussianMixture& base, const GaussianMixture& target, const Interpolant& interpolant,
                   double t, Eigen::Index n, Rng& rng) {
    if (interpolant.isOneSided() && t == 0.0) {
        return interpolant.coeffs(t).alpha * rng.normal(n, base.dim());
    }
    return sampleInterpolant(base, target, interpolant, t, n, rng);
}

int evaluationsPerStep(SolverKind kind) {
    switch (kind) {
        case SolverKind::Heun:
        case SolverKind::Midpoint:
        case SolverKind::StochasticHeun: return 2;
        case SolverKind::Rk4: return 4;
        case SolverKind::Dopri5: return 6;
        default: return 1;
    }
}

const std::vector<std::string>& solverKindNames() {
    static const std::vector<std::string> n = {"euler", "heun", "midpoint", "rk4",  "dopri5",           "em",
                                               "sde-heun", "ddpm", "ddim", "smld", "reverse-diffusion"};
    return n;
}

std::string toString(SolverKind kind) { return solverKindNames()[static_cast<int>(kind)]; }

Result<SolverKind> parseSolverKind(const std::string& name) {
    const auto& n = solverKindNames();
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == name) return static_cast<SolverKind>(i);
    std::string known;
    for (const auto& k : n) known += (known.empty() ? "" : ", ") + k;
    return Error{"unknown solver '" + name + "' (known: " + known + ")"};
}

}  // namespace flowlab::core
