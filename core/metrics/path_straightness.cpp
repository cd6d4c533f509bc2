#include "metrics/path_straightness.hpp"

#include <algorithm>
#include <cmath>

#include "io/csv.hpp"

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

Result<PathStats> measurePaths(const FieldSource& field, const Interpolant& interpolant, Points start,
                               SamplerOptions options, Eigen::Index blockRows, const PathProgress& progress) {
    if (options.solver == SolverKind::Dopri5)
        return Error{"dopri5 chooses its steps from all particles at once: measure it in one block"};
    if (blockRows < 1) return Error{"the block size must be at least 1"};
    const Eigen::Index n = start.rows();
    if (n < 1) return Error{"no particles to measure"};
    PathStats total;
    for (Eigen::Index begin = 0; begin < n; begin += blockRows) {
        const Eigen::Index rows = std::min(blockRows, n - begin);
        auto part = measurePaths(field, interpolant, start.middleRows(begin, rows), options);
        if (!part) return part.error();
        const double w = double(rows) / double(n);
        if (begin == 0) {
            total = *part;
            total.particles = 0;
            total.straightness = total.pathLength = total.chordLength = 0.0;
            std::fill(total.deviation.begin(), total.deviation.end(), 0.0);
            std::fill(total.speed.begin(), total.speed.end(), 0.0);
        }
        total.particles += part->particles;
        total.pathLength += w * part->pathLength;
        total.chordLength += w * part->chordLength;
        for (std::size_t k = 0; k < total.deviation.size(); ++k) {
            total.deviation[k] += w * part->deviation[k];
            total.speed[k] += w * part->speed[k];
        }
        if (progress && !progress(double(begin + rows) / double(n))) return Error{"cancelled"};
    }
    for (std::size_t k = 0; k + 1 < total.times.size(); ++k)
        total.straightness +=
            0.5 * std::abs(total.times[k + 1] - total.times[k]) * (total.deviation[k] + total.deviation[k + 1]);
    return total;
}

std::string pathProfileCsv(const PathStats& stats) {
    Points table(static_cast<Eigen::Index>(stats.times.size()), 3);
    for (std::size_t k = 0; k < stats.times.size(); ++k)
        table.row(Eigen::Index(k)) << stats.times[k], stats.deviation[k], stats.speed[k];
    return formatCsv({"t", "deviation", "speed"}, table);
}

}  // namespace flowlab::core
