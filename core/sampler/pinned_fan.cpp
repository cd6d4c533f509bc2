#include "sampler/pinned_fan.hpp"

#include <algorithm>
#include <cmath>

#include "sampler/sampler.hpp"

namespace flowlab::core {
namespace {

/// The states of one integration from t to `end`, ordered by increasing time, per path.
struct Half {
    std::vector<double> times;
    std::vector<Points> perPath;
};

Result<Half> integrate(const FieldSource& field, const Interpolant& interpolant, const Points& start, double t,
                       double end, SolverKind solver, const PinnedFanOptions& o, Rng& rng, int& nfe,
                       const ProgressFn& progress) {
    SamplerOptions so;
    so.solver = solver;
    so.t0 = t;
    so.t1 = end;
    so.steps = std::max(1, int(std::ceil(std::abs(end - t) * o.stepsPerUnit)));
    so.epsilon = o.epsilon;
    so.recordTrajectory = true;
    auto r = sample(field, interpolant, start, so, rng, progress);
    if (!r) return r.error();
    nfe += r->nfe;
    Half h;
    const std::size_t steps = r->times.size();
    const bool backward = end < t;
    h.times.resize(steps);
    h.perPath.assign(std::size_t(start.rows()), Points(Eigen::Index(steps), start.cols()));
    for (std::size_t s = 0; s < steps; ++s) {
        const std::size_t row = backward ? steps - 1 - s : s;
        h.times[row] = r->times[s];
        for (Eigen::Index p = 0; p < start.rows(); ++p)
            h.perPath[std::size_t(p)].row(Eigen::Index(row)) = r->trajectory[s].row(p);
    }
    return h;
}

/// Joins the backward half (ending at t) and the forward half (starting at t).
Points join(const Points* back, const Points* forward) {
    const Eigen::Index nb = back ? back->rows() : 0;
    const Eigen::Index nf = forward ? forward->rows() : 0;
    const Eigen::Index cols = back ? back->cols() : forward->cols();
    const Eigen::Index skip = (back && forward) ? 1 : 0;  // t appears in both halves
    Points out(nb + nf - skip, cols);
    if (back) out.topRows(nb) = *back;
    if (forward) out.bottomRows(nf - skip) = forward->bottomRows(nf - skip);
    return out;
}

}  // namespace

std::string PinnedFanOptions::validate(const Interpolant& interpolant) const {
    if (paths < 1 || paths > 10000) return "the fan needs between 1 and 10000 paths";
    if (stepsPerUnit < 2 || stepsPerUnit > 100000) return "fan steps per unit time must be in [2, 100000]";
    return epsilon.validate(interpolant);
}

Result<PinnedFan> pinnedFan(const FieldSource& field, const Interpolant& interpolant, const Vector& x, double t,
                            const PinnedFanOptions& o, const ProgressFn& progress) {
    if (auto p = o.validate(interpolant); !p.empty()) return Error{p};
    if (!(t >= 0.0 && t <= 1.0)) return Error{"the pinned time must be in [0, 1]"};
    if (x.size() != field.dim()) return Error{"the pinned point has the wrong dimension"};
    if (!x.allFinite()) return Error{"the pinned point must be finite"};

    PinnedFan fan;
    fan.t = t;
    fan.x = x;
    Rng rng(o.seed);
    Points many(o.paths, x.size());
    many.rowwise() = x.transpose();
    Points one = x.transpose();

    Half sdeBack, sdeForward, odeBack, odeForward;
    const bool hasBack = t > 0.0, hasForward = t < 1.0;
    const auto run = [&](const Points& start, double end, SolverKind solver, Half& out) -> Status {
        auto h = integrate(field, interpolant, start, t, end, solver, o, rng, fan.nfe, progress);
        if (!h) return h.error();
        out = std::move(h).value();
        return Status::success();
    };
    if (hasBack) {
        if (Status s = run(many, 0.0, SolverKind::EulerMaruyama, sdeBack); !s) return Error{s.message()};
        if (Status s = run(one, 0.0, SolverKind::Rk4, odeBack); !s) return Error{s.message()};
    }
    if (hasForward) {
        if (Status s = run(many, 1.0, SolverKind::EulerMaruyama, sdeForward); !s) return Error{s.message()};
        if (Status s = run(one, 1.0, SolverKind::Rk4, odeForward); !s) return Error{s.message()};
    }
    if (!hasBack && !hasForward) return Error{"nothing to integrate"};

    fan.times = hasBack ? sdeBack.times : std::vector<double>{};
    fan.pinIndex = hasBack ? fan.times.size() - 1 : 0;
    if (hasForward) fan.times.insert(fan.times.end(), sdeForward.times.begin() + (hasBack ? 1 : 0), sdeForward.times.end());
    for (int p = 0; p < o.paths; ++p) {
        fan.sdePaths.push_back(join(hasBack ? &sdeBack.perPath[std::size_t(p)] : nullptr,
                                    hasForward ? &sdeForward.perPath[std::size_t(p)] : nullptr));
    }
    fan.odePath = join(hasBack ? &odeBack.perPath[0] : nullptr, hasForward ? &odeForward.perPath[0] : nullptr);
    return fan;
}

}  // namespace flowlab::core
