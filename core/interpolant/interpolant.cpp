#include "interpolant/interpolant.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "density/gaussian_mixture.hpp"

namespace flowlab::core {
namespace {

/// sin(πu) with exact zeros at whole u. std::sin(M_PI) is 1.2e-16, not 0: at t = 1 that left
/// cos(πt/2), sin(πt), sin(2πt) slightly non-zero, so a point-mass pair's S_k was ~1e-33
/// instead of 0, the exact field's variance floor was bypassed and b became ~1e16.
double sinPi(double u) {
    if (u < 0.0) return -sinPi(-u);
    if (u > 1.0) return -sinPi(u - 1.0);
    return std::sin(M_PI * std::min(u, 1.0 - u));
}

/// cos(πu) with exact zeros at u = ±½ (and exact ±1 at whole u).
double cosPi(double u) { return sinPi(0.5 - u); }

struct GammaValue {
    double gamma = 0, gammaDot = 0, gammaGammaDot = 0;
};

GammaValue gammaOf(GammaKind kind, double a, double t) {
    GammaValue g;
    const double inf = std::numeric_limits<double>::infinity();
    switch (kind) {
        case GammaKind::Zero:
            break;
        case GammaKind::Brownian:
            a = 1.0;
            [[fallthrough]];
        case GammaKind::ABrownian: {
            const double v = a * t * (1.0 - t);
            g.gamma = std::sqrt(std::max(0.0, v));
            g.gammaGammaDot = 0.5 * a * (1.0 - 2.0 * t);
            g.gammaDot = g.gamma > 0.0 ? g.gammaGammaDot / g.gamma
                                       : (t <= 0.5 ? inf : -inf);
            break;
        }
        case GammaKind::BSquared:
            g.gamma = t * (1.0 - t);
            g.gammaDot = 1.0 - 2.0 * t;
            g.gammaGammaDot = g.gamma * g.gammaDot;
            break;
        case GammaKind::SineSquared: {
            const double s = sinPi(t);
            g.gamma = s * s;
            g.gammaDot = M_PI * sinPi(2.0 * t);
            g.gammaGammaDot = g.gamma * g.gammaDot;
            break;
        }
    }
    return g;
}

/// B(τ) and B'(τ) of the VP schedule.
struct VpSchedule {
    double B, dB;
};

VpSchedule vpSchedule(const InterpolantOptions& o, double tau) {
    return {o.vpBetaMin * tau + 0.5 * (o.vpBetaMax - o.vpBetaMin) * tau * tau,
            o.vpBetaMin + (o.vpBetaMax - o.vpBetaMin) * tau};
}

bool finiteIn(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

std::string InterpolantOptions::validate() const {
    const bool twoSided = family == InterpolantFamily::Linear || family == InterpolantFamily::Trig;
    if (!twoSided && gamma != GammaKind::Zero) {
        return "γ (" + toString(gamma) + ") can only be chosen for the linear and trig "
               "interpolants; '" + toString(family) + "' fixes its own γ";
    }
    if (gamma == GammaKind::ABrownian && !(std::isfinite(gammaA) && gammaA > 0.0 && gammaA <= 1e6)) {
        return "a-brownian needs a > 0 (got " + std::to_string(gammaA) + ")";
    }
    if (!finiteIn(sigmaMin, 0.0, 1.0) || sigmaMin >= 1.0) {
        return "fm-ot σ_min must be in [0, 1) (got " + std::to_string(sigmaMin) + ")";
    }
    if (!finiteIn(vpBetaMin, 0.0, 1e4) || !finiteIn(vpBetaMax, 0.0, 1e4) || vpBetaMax < vpBetaMin ||
        vpBetaMax <= 0.0) {
        return "vp needs 0 ≤ β_min ≤ β_max with β_max > 0";
    }
    if (!finiteIn(veSigmaMin, 0.0, 1e6) || !finiteIn(veSigmaMax, 0.0, 1e6) || veSigmaMin <= 0.0 ||
        veSigmaMax <= veSigmaMin) {
        return "ve needs 0 < σ_min < σ_max";
    }
    return {};
}

bool operator==(const InterpolantOptions& a, const InterpolantOptions& b) {
    return a.family == b.family && a.gamma == b.gamma && a.gammaA == b.gammaA && a.sigmaMin == b.sigmaMin &&
           a.vpBetaMin == b.vpBetaMin && a.vpBetaMax == b.vpBetaMax && a.veSigmaMin == b.veSigmaMin &&
           a.veSigmaMax == b.veSigmaMax;
}

Result<Interpolant> Interpolant::create(const InterpolantOptions& options) {
    const std::string problem = options.validate();
    if (!problem.empty()) return Error{problem};
    return Interpolant(options);
}

Result<Interpolant> Interpolant::create(const InterpolantOptions& options,
                                        const GaussianMixture& base) {
    auto r = create(options);
    if (!r) return r;
    if (r->isOneSided() && !base.isStandardNormal()) {
        return Error{"the '" + toString(options.family) +
                     "' interpolant is one-sided: its base must be the standard normal "
                     "N(0, I) (choose base 'gaussian' or a two-sided family such as 'linear')"};
    }
    return r;
}

bool isOneSided(InterpolantFamily family) {
    switch (family) {
        case InterpolantFamily::FmOt:
        case InterpolantFamily::Vp:
        case InterpolantFamily::SubVp:
        case InterpolantFamily::Ve:
            return true;
        default:
            return false;
    }
}

bool Interpolant::isOneSided() const { return core::isOneSided(m_options.family); }

bool Interpolant::hasLatentNoise() const {
    if (m_options.family == InterpolantFamily::EncDec) return true;
    if (isOneSided()) return false;
    return m_options.gamma != GammaKind::Zero;
}

InterpolantCoeffs Interpolant::coeffs(double t) const {
    InterpolantCoeffs c;
    const auto& o = m_options;
    switch (o.family) {
        case InterpolantFamily::Linear:
            c.alpha = 1.0 - t;
            c.beta = t;
            c.alphaDot = -1.0;
            c.betaDot = 1.0;
            break;
        case InterpolantFamily::Trig:
            c.alpha = cosPi(0.5 * t);
            c.beta = sinPi(0.5 * t);
            c.alphaDot = -0.5 * M_PI * c.beta;
            c.betaDot = 0.5 * M_PI * c.alpha;
            break;
        case InterpolantFamily::EncDec: {
            const double cs = cosPi(t);
            const double sn = sinPi(t);
            const double d = -M_PI * sinPi(2.0 * t);  // d/dt cos²(πt)
            if (t < 0.5) {
                c.alpha = cs * cs;
                c.alphaDot = d;
            } else {
                c.beta = cs * cs;
                c.betaDot = d;
            }
            c.gamma = sn * sn;
            c.gammaDot = -d;
            c.gammaGammaDot = c.gamma * c.gammaDot;
            break;
        }
        case InterpolantFamily::FmOt:
            c.alpha = 1.0 - (1.0 - o.sigmaMin) * t;
            c.beta = t;
            c.alphaDot = -(1.0 - o.sigmaMin);
            c.betaDot = 1.0;
            break;
        case InterpolantFamily::Vp: {
            const auto [B, dB] = vpSchedule(o, 1.0 - t);
            const double e = std::exp(-B);
            c.alpha = std::sqrt(std::max(0.0, -std::expm1(-B)));
            c.beta = std::exp(-0.5 * B);
            c.betaDot = 0.5 * dB * c.beta;
            c.alphaAlphaDot = -0.5 * e * dB;
            c.alphaDot = c.alpha > 0.0 ? c.alphaAlphaDot / c.alpha
                                       : -std::numeric_limits<double>::infinity();
            return c;  // αα̇ set directly
        }
        case InterpolantFamily::SubVp: {
            const auto [B, dB] = vpSchedule(o, 1.0 - t);
            const double e = std::exp(-B);
            c.alpha = -std::expm1(-B);
            c.beta = std::exp(-0.5 * B);
            c.betaDot = 0.5 * dB * c.beta;
            c.alphaDot = -e * dB;
            break;
        }
        case InterpolantFamily::Ve: {
            const double logRatio = std::log(o.veSigmaMax / o.veSigmaMin);
            c.alpha = o.veSigmaMin * std::exp(logRatio * (1.0 - t));
            c.alphaDot = -c.alpha * logRatio;
            c.beta = 1.0;
            c.betaDot = 0.0;
            break;
        }
    }
    if (o.family == InterpolantFamily::Linear || o.family == InterpolantFamily::Trig) {
        const GammaValue g = gammaOf(o.gamma, o.gammaA, t);
        c.gamma = g.gamma;
        c.gammaDot = g.gammaDot;
        c.gammaGammaDot = g.gammaGammaDot;
    }
    c.alphaAlphaDot = c.alpha * c.alphaDot;
    return c;
}

bool Interpolant::hasMatchedEpsilon() const {
    return m_options.family == InterpolantFamily::Vp || m_options.family == InterpolantFamily::SubVp ||
           m_options.family == InterpolantFamily::Ve;
}

Result<double> Interpolant::matchedEpsilon(double t) const {
    const auto& o = m_options;
    const double tau = 1.0 - t;
    switch (o.family) {
        case InterpolantFamily::Vp:
            return 0.5 * vpSchedule(o, tau).dB;
        case InterpolantFamily::SubVp: {
            const auto [B, dB] = vpSchedule(o, tau);
            return 0.5 * dB * (-std::expm1(-2.0 * B));
        }
        case InterpolantFamily::Ve: {
            const double sigma = o.veSigmaMin * std::pow(o.veSigmaMax / o.veSigmaMin, tau);
            return sigma * sigma * std::log(o.veSigmaMax / o.veSigmaMin);
        }
        default:
            return Error{"the diffusion-matched ε(t) exists only for vp, subvp and ve (this is '" +
                         toString(o.family) + "'); use a constant ε instead"};
    }
}

const std::vector<std::string>& interpolantFamilyNames() {
    static const std::vector<std::string> n = {"linear", "trig", "encdec", "fm-ot", "vp", "subvp", "ve"};
    return n;
}

const std::vector<std::string>& gammaKindNames() {
    static const std::vector<std::string> n = {"zero", "brownian", "a-brownian", "bsquared", "sinesquared"};
    return n;
}

std::string toString(InterpolantFamily f) { return interpolantFamilyNames()[static_cast<int>(f)]; }
std::string toString(GammaKind g) { return gammaKindNames()[static_cast<int>(g)]; }

Result<InterpolantFamily> parseInterpolantFamily(const std::string& name) {
    const auto& n = interpolantFamilyNames();
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == name) return static_cast<InterpolantFamily>(i);
    std::string list;
    for (const auto& s : n) list += (list.empty() ? "" : ", ") + s;
    return Error{"unknown interpolant '" + name + "' (known: " + list + ")"};
}

Result<GammaKind> parseGammaKind(const std::string& name) {
    const auto& n = gammaKindNames();
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == name) return static_cast<GammaKind>(i);
    std::string list;
    for (const auto& s : n) list += (list.empty() ? "" : ", ") + s;
    return Error{"unknown gamma '" + name + "' (known: " + list + ")"};
}

}  // namespace flowlab::core
