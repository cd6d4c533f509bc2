#pragma once

#include <string>
#include <vector>

#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/epsilon_schedule.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::core {

/// One parameter a formula's symbols stand for, e.g. σ_min = 0.001.
struct FormulaParameter {
    std::string symbol;  ///< formula source, e.g. "\sigma_{\min}"
    double value = 0.0;
};

/// The formulas of one interpolant (docs/maths.md §2) as formula sources (core/formula syntax):
/// the one place FlowLab's windows, captions, exports and lessons take them from.
struct InterpolantFormulas {
    std::string family;   ///< words, e.g. "linear", "VP diffusion"
    std::string alpha;    ///< α(t), e.g. "1 - t"
    std::string beta;     ///< β(t)
    std::string gamma;    ///< γ(t); "0" for γ ≡ 0
    std::string path;     ///< x_t with α, β, γ written out, e.g. "x_t = (1 - t)\,x_0 + t\,x_1"
    std::vector<FormulaParameter> parameters;  ///< the values of the symbols used (σ_min, B…)
};

/// The formulas of `options` (which need not be valid: a bad parameter is shown as it is).
InterpolantFormulas interpolantFormulas(const InterpolantOptions& options);

/// The caption line of an interpolant: its family in words, x_t, and the parameter values, e.g.
/// "\text{flow matching (OT path):}\quad x_t = … ,\quad \sigma_{\min} = 0.001".
std::string interpolantCaption(const InterpolantOptions& options);

/// The definition of B(τ) used by vp and subvp (empty for the other families).
std::string noiseScheduleFormula(const InterpolantOptions& options);

/// ε(t) of a schedule as a formula source, e.g. "\varepsilon(t) = 0.5" or, for Matched,
/// "\varepsilon(t) = \tfrac12 g(1-t)^2" with g of the family.
std::string epsilonFormula(const EpsilonSchedule& schedule, const InterpolantOptions& options);

/// The update rule of a solver as a formula source: the ODE or SDE it integrates (§6), or for the
/// score-SDE samplers the discrete step of §13 in FlowLab's symbols (reverse-diffusion differs
/// for vp and ve; `family` picks it).
std::string solverFormula(SolverKind solver, InterpolantFamily family);

/// The definition of a field (docs/maths.md §3), e.g. b(t,x) = E[α̇ x_0 + β̇ x_1 + γ̇ z | x_t = x];
/// `kind` is one FieldKind bit (kVelocity, kScore, kDenoiser).
std::string fieldFormula(FieldKind kind);

/// The parameters written out after a formula: "\sigma_{\min} = 0.001,\; …" (empty when none).
std::string parameterList(const std::vector<FormulaParameter>& parameters);

}  // namespace flowlab::core
