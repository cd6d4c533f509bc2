#include "sampler/sde_stability.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/rng.hpp"

namespace flowlab::core {
namespace {

/// Times inside a step where ε(τ) L(τ) is looked at: L = 1/σ²_min(τ) is smooth but not monotone
/// (σ² has its minimum inside (0, 1)), so both ends alone could miss a peak in a long step.
constexpr double kStepFractions[] = {0.0, 0.25, 0.5, 0.75, 1.0};
/// The finite-difference estimate sees the contraction −u·∇s u along a few random directions u,
/// a lower bound of the largest one: increased by half. (The limits z_max leave a factor 40 to
/// the stability edge, so an underestimate costs accuracy, never stability.)
constexpr double kEstimateSafety = 1.5;
/// Relative finite-difference step (float32 networks: large enough for the difference to
/// dominate the rounding of s, small against the scale of any mode).
constexpr double kRelativeProbeStep = 1e-4;
constexpr std::uint64_t kProbeSeed = 0x5ca1ab1e;
/// Rounding slack so that ε h L exactly at the limit does not ask for a second sub-step.
constexpr double kCeilSlack = 1e-9;

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

SdeSubsteps::SdeSubsteps(const FieldSource& field, const Interpolant& interpolant, const EpsilonSchedule& epsilon,
                         double zMax, std::string solverName, double t0, double t1)
    : m_field(field),
      m_interpolant(interpolant),
      m_epsilon(epsilon),
      m_zMax(zMax),
      m_solverName(std::move(solverName)),
      m_t0(t0),
      m_t1(t1) {}

Result<double> SdeSubsteps::lipschitz(double t, const Points& x, int& nfe) const {
    const double known = m_field.scoreLipschitz(t);
    if (!std::isnan(known)) return known;
    const Eigen::Index n = x.rows(), d = x.cols();
    const Eigen::Index m = std::min<Eigen::Index>(n, kProbePoints);
    if (m == 0) return 0.0;
    Points probe(2 * m, d);
    for (Eigen::Index i = 0; i < m; ++i) probe.row(i) = x.row(i * n / m);
    const double scale = std::max(1.0, std::sqrt(probe.topRows(m).squaredNorm() / double(m)));
    const double h = kRelativeProbeStep * scale;
    Rng rng(kProbeSeed);
    Points u = rng.normal(m, d);
    u.rowwise().normalize();
    probe.bottomRows(m) = probe.topRows(m) + h * u;
    FieldValues v;
    if (Status st = m_field.evaluate(t, probe, kScore, v); !st) return Error{st.message()};
    ++nfe;
    // Only the contracting part matters: the expansion between modes (∇s has a positive
    // semi-definite part there) cannot make an explicit step oscillate.
    const Vector along = -((v.score.bottomRows(m) - v.score.topRows(m)).cwiseProduct(u)).rowwise().sum() / h;
    const double rate = std::max(0.0, along.maxCoeff());
    return std::isfinite(rate) ? kEstimateSafety * rate : std::nan("");
}

Result<double> SdeSubsteps::maxRate(double t, double tNext, const Points& x, int& nfe) const {
    const bool known = !std::isnan(m_field.scoreLipschitz(t));
    double estimated = 0.0;
    if (!known) {
        auto l = lipschitz(t, x, nfe);
        if (!l) return l.error();
        estimated = *l;
    }
    double rate = 0.0;
    for (const double f : kStepFractions) {
        const double tau = t + f * (tNext - t);
        const double eps = m_epsilon.at(tau, m_interpolant);
        if (!(eps > 0.0)) continue;
        const double l = known ? m_field.scoreLipschitz(tau) : estimated;
        // An unknown (NaN) rate cannot plan anything: the step runs as asked and the finite and
        // range checks after it catch a divergence.
        if (std::isfinite(l)) rate = std::max(rate, eps * l);
    }
    return rate;
}

std::string SdeSubsteps::refusal(double rate) const {
    char needed[32];
    std::snprintf(needed, sizeof needed, "%.0f", std::ceil(std::abs(m_t1 - m_t0) * rate / m_zMax));
    return m_solverName + " would be unstable here: ε·Δt is too large for the score's curvature (ε/σ² up to " +
           fmt(rate) + "), and more than " + std::to_string(SdeStepLimits::kMaxExtraSubsteps) +
           " automatic sub-steps would be needed; use ≥ " + std::string(needed) + " steps or a smaller ε" +
           (m_zMax < SdeStepLimits::kStochasticHeun ? " (stochastic Heun needs about 5× fewer steps)" : "");
}

Status SdeSubsteps::checkRun(int steps) const {
    if (std::isnan(m_field.scoreLipschitz(0.5)) || m_epsilon.isZero() || steps < 1) return Status::success();
    const Points none;
    int nfe = 0;
    const double h = (m_t1 - m_t0) / steps;
    double extra = 0.0, worst = 0.0;
    for (int i = 0; i < steps; ++i) {
        const double t = m_t0 + i * h;
        auto r = maxRate(t, i + 1 == steps ? m_t1 : t + h, none, nfe);
        if (!r) return r.error();
        worst = std::max(worst, *r);
        extra += std::max(0.0, std::ceil(*r * std::abs(h) / m_zMax - kCeilSlack) - 1.0);
    }
    if (extra > SdeStepLimits::kMaxExtraSubsteps) return Error{refusal(worst)};
    return Status::success();
}

Result<int> SdeSubsteps::substeps(double t, double tNext, const Points& x, int& nfe) {
    auto r = maxRate(t, tNext, x, nfe);
    if (!r) return r.error();
    const double want = std::ceil(*r * std::abs(tNext - t) / m_zMax - kCeilSlack);
    if (want > 1.0 + SdeStepLimits::kMaxExtraSubsteps - m_extra) return Error{refusal(*r)};
    const int m = std::max(1, int(want));
    m_extra += m - 1;
    return m;
}

double SdeSubsteps::clampLangevinStep(double delta, double lipschitz) {
    if (!(lipschitz > 0.0) || !std::isfinite(lipschitz)) return delta;
    return std::min(delta, SdeStepLimits::kLangevin / lipschitz);
}

}  // namespace flowlab::core
