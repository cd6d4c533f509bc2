#include "sampler/epsilon_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

std::string EpsilonSchedule::validate(const Interpolant& interpolant) const {
    if (!std::isfinite(value) || value < 0.0) return "ε must be a finite number ≥ 0";
    if (value > 1e6) return "ε must be at most 10^6";
    if (kind == EpsilonKind::Taper && !(taper > 0.0 && taper <= 0.5))
        return "the ε taper width δ must be in (0, 0.5]";
    if (kind == EpsilonKind::Matched && !interpolant.hasMatchedEpsilon()) {
        return "the diffusion-matched ε(t) exists only for the vp, subvp and ve interpolants (this is '" +
               toString(interpolant.family()) + "'); use a constant ε";
    }
    return {};
}

double EpsilonSchedule::at(double t, const Interpolant& interpolant) const {
    switch (kind) {
        case EpsilonKind::Constant:
            return value;
        case EpsilonKind::Taper:
            return value * std::clamp(std::min(t, 1.0 - t) / taper, 0.0, 1.0);
        case EpsilonKind::Matched: {
            const auto e = interpolant.matchedEpsilon(t);
            return e ? *e : 0.0;
        }
    }
    return 0.0;
}

const std::vector<std::string>& epsilonKindNames() {
    static const std::vector<std::string> n = {"constant", "taper", "matched"};
    return n;
}

std::string toString(EpsilonKind kind) { return epsilonKindNames()[static_cast<int>(kind)]; }

Result<EpsilonKind> parseEpsilonKind(const std::string& name) {
    const auto& n = epsilonKindNames();
    for (std::size_t i = 0; i < n.size(); ++i)
        if (n[i] == name) return static_cast<EpsilonKind>(i);
    return Error{"unknown ε schedule '" + name + "' (known: constant, taper, matched)"};
}

}  // namespace flowlab::core
