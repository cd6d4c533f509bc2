#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// How the diffusion coefficient ε(t) of the SDEs (docs/maths.md §6) varies in time.
enum class EpsilonKind {
    Constant,  ///< ε(t) = ε
    Taper,     ///< ε inside [δ, 1−δ], ramping linearly to 0 at both ends ("zero near the ends")
    Matched,   ///< ε(t) = ½ g(1−t)², the reverse SDE of the score-based papers (vp, subvp, ve)
};

/// ε(t) for the SDE samplers. Validates itself against the interpolant.
struct EpsilonSchedule {
    EpsilonKind kind = EpsilonKind::Constant;
    double value = 0.0;   ///< ε for Constant and Taper; ≥ 0
    double taper = 0.05;  ///< δ of Taper, in (0, ½]

    std::string validate(const Interpolant& interpolant) const;
    /// ε(t); for Matched, the interpolant's diffusion-matched value.
    double at(double t, const Interpolant& interpolant) const;
    /// True when ε ≡ 0 (the SDE reduces to the probability-flow ODE).
    bool isZero() const { return kind != EpsilonKind::Matched && value == 0.0; }
};

const std::vector<std::string>& epsilonKindNames();
std::string toString(EpsilonKind kind);
Result<EpsilonKind> parseEpsilonKind(const std::string& name);

}  // namespace flowlab::core
