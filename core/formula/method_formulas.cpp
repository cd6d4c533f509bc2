#include "formula/method_formulas.hpp"

#include <sstream>

namespace flowlab::core {
namespace {

std::string number(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

struct GammaFormula {
    std::string formula;  ///< γ(t)
    std::string term;     ///< "+ γ(t) z" as it is written in x_t, empty for γ ≡ 0
};

GammaFormula gammaFormula(const InterpolantOptions& o, std::vector<FormulaParameter>& parameters) {
    switch (o.gamma) {
        case GammaKind::Zero: return {"0", ""};
        case GammaKind::Brownian: return {"\\sqrt{t(1 - t)}", " + \\sqrt{t(1 - t)}\\, z"};
        case GammaKind::ABrownian:
            parameters.push_back({"a", o.gammaA});
            return {"\\sqrt{a\\, t(1 - t)}", " + \\sqrt{a\\, t(1 - t)}\\, z"};
        case GammaKind::BSquared: return {"t(1 - t)", " + t(1 - t)\\, z"};
        case GammaKind::SineSquared: return {"\\sin^2(\\pi t)", " + \\sin^2(\\pi t)\\, z"};
    }
    return {"0", ""};
}

}  // namespace

InterpolantFormulas interpolantFormulas(const InterpolantOptions& o) {
    InterpolantFormulas f;
    f.gamma = "0";
    switch (o.family) {
        case InterpolantFamily::Linear:
        case InterpolantFamily::Trig: {
            const bool linear = o.family == InterpolantFamily::Linear;
            f.family = linear ? "linear" : "trigonometric";
            f.alpha = linear ? "1 - t" : "\\cos(\\pi t/2)";
            f.beta = linear ? "t" : "\\sin(\\pi t/2)";
            const GammaFormula g = gammaFormula(o, f.parameters);
            f.gamma = g.formula;
            f.path = linear ? "x_t = (1 - t)\\, x_0 + t\\, x_1" + g.term
                            : "x_t = \\cos(\\pi t/2)\\, x_0 + \\sin(\\pi t/2)\\, x_1" + g.term;
            break;
        }
        case InterpolantFamily::EncDec:
            f.family = "encoder–decoder";
            f.alpha = "\\cos^2(\\pi t)\\, 1[t < ½]";
            f.beta = "\\cos^2(\\pi t)\\, 1[t \\ge ½]";
            f.gamma = "\\sin^2(\\pi t)";
            f.path = "x_t = \\cos^2(\\pi t)\\,(1[t < ½]\\, x_0 + 1[t \\ge ½]\\, x_1) + \\sin^2(\\pi t)\\, z";
            break;
        case InterpolantFamily::FmOt:
            f.family = "flow matching (OT path)";
            f.alpha = "1 - (1 - \\sigma_{\\min})\\, t";
            f.beta = "t";
            f.path = "x_t = (1 - (1 - \\sigma_{\\min})\\, t)\\, x_0 + t\\, x_1";
            f.parameters.push_back({"\\sigma_{\\min}", o.sigmaMin});
            break;
        case InterpolantFamily::Vp:
        case InterpolantFamily::SubVp: {
            const bool vp = o.family == InterpolantFamily::Vp;
            f.family = vp ? "VP diffusion" : "sub-VP diffusion";
            f.alpha = vp ? "\\sqrt{1 - e^{-B(1-t)}}" : "1 - e^{-B(1-t)}";
            f.beta = "e^{-B(1-t)/2}";
            f.path = vp ? "x_t = \\sqrt{1 - e^{-B(1-t)}}\\, x_0 + e^{-B(1-t)/2}\\, x_1"
                        : "x_t = (1 - e^{-B(1-t)})\\, x_0 + e^{-B(1-t)/2}\\, x_1";
            f.parameters.push_back({"\\beta_{\\min}", o.vpBetaMin});
            f.parameters.push_back({"\\beta_{\\max}", o.vpBetaMax});
            break;
        }
        case InterpolantFamily::Ve:
            f.family = "VE diffusion";
            f.alpha = "\\sigma_{\\min}(\\sigma_{\\max}/\\sigma_{\\min})^{1-t}";
            f.beta = "1";
            f.path = "x_t = x_1 + \\sigma_{\\min}(\\sigma_{\\max}/\\sigma_{\\min})^{1-t}\\, x_0";
            f.parameters.push_back({"\\sigma_{\\min}", o.veSigmaMin});
            f.parameters.push_back({"\\sigma_{\\max}", o.veSigmaMax});
            break;
    }
    return f;
}

std::string interpolantCaption(const InterpolantOptions& o) {
    const InterpolantFormulas f = interpolantFormulas(o);
    std::string out = "\\text{" + f.family + ":}\\quad " + f.path;
    if (!f.parameters.empty()) out += ",\\quad " + parameterList(f.parameters);
    return out;
}

std::string noiseScheduleFormula(const InterpolantOptions& o) {
    if (o.family != InterpolantFamily::Vp && o.family != InterpolantFamily::SubVp) return {};
    return "B(\\tau) = \\beta_{\\min}\\tau + \\frac{1}{2}(\\beta_{\\max} - \\beta_{\\min})\\,\\tau^2";
}

std::string epsilonFormula(const EpsilonSchedule& e, const InterpolantOptions& o) {
    switch (e.kind) {
        case EpsilonKind::Constant: return "\\varepsilon(t) = " + number(e.value);
        case EpsilonKind::Taper:
            return "\\varepsilon(t) = " + number(e.value) + "\\,\\min(1, \\min(t, 1 - t)/\\delta),\\; \\delta = " +
                   number(e.taper);
        case EpsilonKind::Matched:
            switch (o.family) {
                case InterpolantFamily::Vp:
                    return "\\varepsilon(t) = \\frac{1}{2} g(1-t)^2,\\; g(\\tau)^2 = \\beta_{\\min} + "
                           "\\tau(\\beta_{\\max} - \\beta_{\\min})";
                case InterpolantFamily::SubVp:
                    return "\\varepsilon(t) = \\frac{1}{2} g(1-t)^2,\\; g(\\tau)^2 = B'(\\tau)(1 - e^{-2B(\\tau)})";
                case InterpolantFamily::Ve:
                    return "\\varepsilon(t) = \\frac{1}{2} g(1-t)^2,\\; g(\\tau)^2 = "
                           "2\\sigma(\\tau)^2 \\ln(\\sigma_{\\max}/\\sigma_{\\min})";
                default:
                    return "\\varepsilon(t) = \\frac{1}{2} g(1-t)^2";
            }
    }
    return {};
}

std::string solverFormula(SolverKind solver, InterpolantFamily family) {
    const std::string vpBeta = ",\\; \\beta_k = 1 - \\beta(t_k)^2 / \\beta(t_{k-1})^2";
    switch (solver) {
        case SolverKind::EulerMaruyama:
        case SolverKind::StochasticHeun:
            return "dX = [b \\pm \\varepsilon s](t, X)\\, dt + \\sqrt{2\\varepsilon}\\, dW";
        case SolverKind::Ddpm:
            return "x_{k-1} = \\frac{x_k + \\beta_k s(t_k, x_k)}{\\sqrt{1 - \\beta_k}} + \\sqrt{\\beta_k}\\, \\xi" + vpBeta;
        case SolverKind::Ddim:
            return "x_{k-1} = \\beta(t_{k-1})\\, \\hat{x}_1 + \\alpha(t_{k-1})\\, \\hat{\\varepsilon},\\; "
                   "\\hat{\\varepsilon} = -\\alpha(t_k)\\, s(t_k, x_k),\\; "
                   "\\hat{x}_1 = (x_k - \\alpha(t_k)\\, \\hat{\\varepsilon}) / \\beta(t_k)";
        case SolverKind::Smld:
            return "x \\leftarrow x + \\delta_k s(t_k, x) + \\sqrt{2\\delta_k}\\, \\xi,\\; \\delta_k = r\\, \\sigma(t_k)^2";
        case SolverKind::ReverseDiffusion:
            if (family == InterpolantFamily::Ve)
                return "x_{k-1} = x_k + (\\sigma_k^2 - \\sigma_{k-1}^2)\\, s(t_k, x_k) + "
                       "\\sqrt{\\sigma_k^2 - \\sigma_{k-1}^2}\\, \\xi";
            return "x_{k-1} = (2 - \\sqrt{1 - \\beta_k})\\, x_k + \\beta_k s(t_k, x_k) + \\sqrt{\\beta_k}\\, \\xi" + vpBeta;
        default: return "dX = b(t, X)\\, dt";
    }
}

std::string fieldFormula(FieldKind kind) {
    switch (kind) {
        case kVelocity:
            return "b(t, x) = \\mathbb{E}[\\dot{\\alpha}\\, x_0 + \\dot{\\beta}\\, x_1 + \\dot{\\gamma}\\, z \\mid x_t = x]";
        case kScore: return "s(t, x) = \\nabla \\log \\rho_t(x)";
        case kDenoiser: return "\\eta(t, x) = \\mathbb{E}[z \\mid x_t = x]";
        case kLogDensity: return "\\log \\rho_t(x)";
        case kDivergence: return "\\nabla \\cdot b(t, x)";
    }
    return {};
}

std::string parameterList(const std::vector<FormulaParameter>& parameters) {
    std::string out;
    for (const auto& p : parameters) out += (out.empty() ? "" : ",\\; ") + p.symbol + " = " + number(p.value);
    return out;
}

}  // namespace flowlab::core
