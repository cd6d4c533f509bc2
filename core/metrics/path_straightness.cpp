#include "metrics/path_straightness.hpp"

#include <cmath>

namespace flowlab::core {

Result<PathStats> measurePaths(const FieldSource& field, const Interpolant& interpolant, Points start,
                               SamplerOptions options) {
    if (options.isSde()) return Error{"path straightness is defined for the ODE paths: choose an ODE solver"};
    if (!field.canProvide(kVelocity)) return Error{field.label() + " does not give the velocity b"};
    if (start.rows() < 1) return Error{"no particles to measure"};
    options.recordTrajectory = true;
    if (auto p = options.validate(interpolant); !p.empty()) return Error{p};
    Rng unused(0);
    auto run = sample(field, interpolant, std::move(start), options, unused);
    if (!run) return run.error();
    const std::vector<Points>& states = run->trajectory;
    const Eigen::Index n = states.front().rows();
    const Points chord = (states.back() - states.front()) / (options.t1 - options.t0);

    PathStats out;
    out.particles = static_cast<int>(n);
    out.nfe = run->nfe;
    out.times = run->times;
    FieldValues values;
    for (std::size_t k = 0; k < states.size(); ++k) {
        if (Status st = field.evaluate(run->times[k], states[k], kVelocity, values); !st) return Error{st.message()};
        ++out.nfe;
        out.deviation.push_back((values.velocity - chord).rowwise().squaredNorm().mean());
        out.speed.push_back(values.velocity.rowwise().norm().mean());
    }
    for (std::size_t k = 0; k + 1 < states.size(); ++k) {
        const double dt = std::abs(out.times[k + 1] - out.times[k]);
        out.straightness += 0.5 * dt * (out.deviation[k] + out.deviation[k + 1]);
        out.pathLength += (states[k + 1] - states[k]).rowwise().norm().mean();
    }
    out.chordLength = (states.back() - states.front()).rowwise().norm().mean();
    if (!std::isfinite(out.straightness) || !std::isfinite(out.pathLength))
        return Error{"the paths are not finite (the field blows up along them)"};
    return out;
}

}  // namespace flowlab::core
