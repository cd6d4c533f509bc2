#include "sampler/score_sde_samplers.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {
namespace {

bool runsOn(SolverKind kind, InterpolantFamily f) {
    switch (kind) {
        case SolverKind::Ddpm: return f == InterpolantFamily::Vp;
        case SolverKind::Ddim: return f == InterpolantFamily::Vp || f == InterpolantFamily::SubVp || f == InterpolantFamily::Ve;
        case SolverKind::Smld: return f == InterpolantFamily::Ve;
        case SolverKind::ReverseDiffusion: return f == InterpolantFamily::Vp || f == InterpolantFamily::Ve;
        default: return false;
    }
}

Status scoreAt(const FieldSource& field, double t, const Points& x, Points& s, int& nfe) {
    FieldValues v;
    if (Status st = field.evaluate(t, x, kScore, v); !st) return st;
    ++nfe;
    s = std::move(v.score);
    return Status::success();
}

/// The discrete VP noise rate of the step from level t to level tNext: β_k = 1 − ᾱ_k / ᾱ_{k−1}
/// with ᾱ = β(t)², so that the chain's levels have exactly the interpolant's marginals.
double vpStepBeta(const Interpolant& interpolant, double t, double tNext) {
    const double ratio = interpolant.coeffs(t).beta / interpolant.coeffs(tNext).beta;
    return std::clamp(1.0 - ratio * ratio, 0.0, 1.0);
}

}  // namespace

bool isScoreSdeSampler(SolverKind kind) {
    return kind == SolverKind::Ddpm || kind == SolverKind::Ddim || kind == SolverKind::Smld ||
           kind == SolverKind::ReverseDiffusion;
}

std::string scoreSdeFamilies(SolverKind kind) {
    switch (kind) {
        case SolverKind::Ddpm: return "vp";
        case SolverKind::Ddim: return "vp, subvp or ve";
        case SolverKind::Smld: return "ve";
        case SolverKind::ReverseDiffusion: return "vp or ve";
        default: return "";
    }
}

std::string validateScoreSde(const SamplerOptions& o, const Interpolant& interpolant) {
    const std::string name = toString(o.solver);
    if (!runsOn(o.solver, interpolant.family())) {
        return name + " runs on the " + scoreSdeFamilies(o.solver) + " interpolant, not on " +
               toString(interpolant.family()) + " (choose --interpolant " + scoreSdeFamilies(o.solver) +
               ", or an ODE/SDE solver)";
    }
    if (!(o.t1 > o.t0)) return name + " generates only (t: 0 → 1); encode with an ODE solver";
    if (o.solver == SolverKind::Smld && (!(o.smldStepRatio > 0.0) || o.smldStepRatio > 1.0))
        return "the smld step ratio r (δ = r σ²) must be in (0, 1]";
    return {};
}

Status scoreSdeStep(const FieldSource& field, const Interpolant& interpolant, const SamplerOptions& o, double t,
                    double tNext, Points& x, Rng& rng, int& nfe) {
    // The papers' last step returns the mean: noise added at the data level would only blur it.
    const bool lastStep = tNext >= 1.0;
    Points s;
    switch (o.solver) {
        case SolverKind::Ddpm: {
            if (Status st = scoreAt(field, t, x, s, nfe); !st) return st;
            const double b = vpStepBeta(interpolant, t, tNext);
            x = (x + b * s) / std::sqrt(1.0 - b);
            if (!lastStep) x += std::sqrt(b) * rng.normal(x.rows(), x.cols());
            return Status::success();
        }
        case SolverKind::Ddim: {
            if (Status st = scoreAt(field, t, x, s, nfe); !st) return st;
            const InterpolantCoeffs c = interpolant.coeffs(t), n = interpolant.coeffs(tNext);
            const Points epsHat = -c.alpha * s;
            const Points x1Hat = (x - c.alpha * epsHat) / c.beta;
            x = n.beta * x1Hat + n.alpha * epsHat;
            return Status::success();
        }
        case SolverKind::ReverseDiffusion: {
            if (Status st = scoreAt(field, t, x, s, nfe); !st) return st;
            double noise2 = 0.0;
            if (interpolant.family() == InterpolantFamily::Ve) {
                const double sk = interpolant.coeffs(t).alpha, sn = interpolant.coeffs(tNext).alpha;
                noise2 = std::max(0.0, sk * sk - sn * sn);
                x += noise2 * s;
            } else {
                noise2 = vpStepBeta(interpolant, t, tNext);
                x = (2.0 - std::sqrt(1.0 - noise2)) * x + noise2 * s;
            }
            if (!lastStep) x += std::sqrt(noise2) * rng.normal(x.rows(), x.cols());
            return Status::success();
        }
        case SolverKind::Smld: {
            const double sigma = interpolant.coeffs(tNext).alpha;
            const double delta = o.smldStepRatio * sigma * sigma;
            for (int m = 0; m < std::max(1, o.langevinSteps); ++m) {
                if (Status st = scoreAt(field, tNext, x, s, nfe); !st) return st;
                x += delta * s + std::sqrt(2.0 * delta) * rng.normal(x.rows(), x.cols());
            }
            return Status::success();
        }
        default: return Error{"not a score-SDE sampler: " + toString(o.solver)};
    }
}

}  // namespace flowlab::core
