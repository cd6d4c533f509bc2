#include "sampler/ode_solver.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {
namespace {

Status checkFinite(const Points& y) {
    if (!y.allFinite()) return Error{"the integration produced NaN or infinite values"};
    return Status::success();
}

bool keepGoing(const ProgressFn& progress, double fraction) {
    return !progress || progress(std::clamp(fraction, 0.0, 1.0));
}

}  // namespace

Status odeStep(OdeMethod method, const OdeRhs& f, double t, double h, Points& y, int& nfe) {
    Points k1, k2, k3, k4;
    Status st = f(t, y, k1);
    ++nfe;
    if (!st) return st;
    switch (method) {
        case OdeMethod::Euler:
            y += h * k1;
            break;
        case OdeMethod::Heun: {
            const Points yp = y + h * k1;
            if (!(st = f(t + h, yp, k2))) return st;
            ++nfe;
            y += 0.5 * h * (k1 + k2);
            break;
        }
        case OdeMethod::Midpoint: {
            const Points ym = y + 0.5 * h * k1;
            if (!(st = f(t + 0.5 * h, ym, k2))) return st;
            ++nfe;
            y += h * k2;
            break;
        }
        case OdeMethod::Rk4: {
            if (!(st = f(t + 0.5 * h, y + 0.5 * h * k1, k2))) return st;
            if (!(st = f(t + 0.5 * h, y + 0.5 * h * k2, k3))) return st;
            if (!(st = f(t + h, y + h * k3, k4))) return st;
            nfe += 3;
            y += (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
            break;
        }
        case OdeMethod::Dopri5:
            return Error{"internal: Dopri5 is adaptive"};
    }
    return Status::success();
}

namespace {

Result<OdeResult> solveFixed(const OdeRhs& f, Points y, const OdeOptions& o, const ProgressFn& progress) {
    OdeResult r;
    const double h = (o.t1 - o.t0) / o.steps;
    if (o.recordTrajectory) {
        r.times.push_back(o.t0);
        r.states.push_back(y);
    }
    for (int i = 0; i < o.steps; ++i) {
        const double t = o.t0 + i * h;
        // The last step ends exactly at t1: with a constant h, t + h can land a rounding error
        // outside [0, 1] (e.g. 1 − 9·0.1 − 0.1 = −2.8e-17), where a field refuses to evaluate.
        const double tNext = i + 1 == o.steps ? o.t1 : t + h;
        if (Status st = odeStep(o.method, f, t, tNext - t, y, r.nfe); !st) return Error{st.message()};
        if (Status st = checkFinite(y); !st) return Error{st.message() + " at t = " + std::to_string(tNext)};
        ++r.acceptedSteps;
        if (o.recordTrajectory) {
            r.times.push_back(tNext);
            r.states.push_back(y);
        }
        if (!keepGoing(progress, double(i + 1) / o.steps)) return Error{"cancelled"};
    }
    r.y = std::move(y);
    return r;
}

// Dormand–Prince 5(4) tableau.
constexpr double c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9;
constexpr double a21 = 1.0 / 5;
constexpr double a31 = 3.0 / 40, a32 = 9.0 / 40;
constexpr double a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9;
constexpr double a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729;
constexpr double a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
                 a65 = -5103.0 / 18656;
constexpr double b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84;
// Error coefficients: 5th-order minus 4th-order weights.
constexpr double e1 = b1 - 5179.0 / 57600, e3 = b3 - 7571.0 / 16695, e4 = b4 - 393.0 / 640,
                 e5 = b5 - (-92097.0 / 339200), e6 = b6 - 187.0 / 2100, e7 = -1.0 / 40;

Result<OdeResult> solveDopri5(const OdeRhs& f, Points y, const OdeOptions& o, const ProgressFn& progress) {
    OdeResult r;
    const double span = o.t1 - o.t0;
    const double dir = span >= 0 ? 1.0 : -1.0;
    double t = o.t0;
    double h = span / std::max(1, o.steps);
    if (o.recordTrajectory) {
        r.times.push_back(t);
        r.states.push_back(y);
    }
    Points k1, k2, k3, k4, k5, k6, k7;
    Status st = f(t, y, k1);
    ++r.nfe;
    if (!st) return Error{st.message()};
    constexpr double kSafety = 0.9, kMinFactor = 0.2, kMaxFactor = 10.0;
    const double minStep = 1e-12 * std::max(1.0, std::abs(span));
    while (dir * (o.t1 - t) > 0.0) {
        if (r.acceptedSteps + r.rejectedSteps >= o.maxSteps) {
            return Error{"adaptive solver exceeded " + std::to_string(o.maxSteps) +
                         " steps (the field may be stiff here; loosen rtol/atol)"};
        }
        if (dir * (t + h - o.t1) > 0.0) h = o.t1 - t;
        if (!(st = f(t + c2 * h, y + h * (a21 * k1), k2))) return Error{st.message()};
        if (!(st = f(t + c3 * h, y + h * (a31 * k1 + a32 * k2), k3))) return Error{st.message()};
        if (!(st = f(t + c4 * h, y + h * (a41 * k1 + a42 * k2 + a43 * k3), k4))) return Error{st.message()};
        if (!(st = f(t + c5 * h, y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4), k5)))
            return Error{st.message()};
        if (!(st = f(t + h, y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5), k6)))
            return Error{st.message()};
        Points yNew = y + h * (b1 * k1 + b3 * k3 + b4 * k4 + b5 * k5 + b6 * k6);
        if (!(st = f(t + h, yNew, k7))) return Error{st.message()};
        r.nfe += 6;
        const Points err = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7);
        const Eigen::ArrayXXd scale = o.atol + o.rtol * y.array().abs().max(yNew.array().abs());
        const double errNorm = std::sqrt((err.array() / scale).square().mean());
        if (!std::isfinite(errNorm)) {
            h *= kMinFactor;
            ++r.rejectedSteps;
            if (std::abs(h) < minStep) return Error{"adaptive solver step underflow (non-finite field values)"};
            continue;
        }
        if (errNorm <= 1.0) {
            t += h;
            y = std::move(yNew);
            k1 = std::move(k7);  // first-same-as-last
            ++r.acceptedSteps;
            if (o.recordTrajectory) {
                r.times.push_back(t);
                r.states.push_back(y);
            }
            if (!keepGoing(progress, (t - o.t0) / span)) return Error{"cancelled"};
        } else {
            ++r.rejectedSteps;
        }
        const double factor = errNorm == 0.0 ? kMaxFactor
                                             : std::clamp(kSafety * std::pow(errNorm, -0.2), kMinFactor, kMaxFactor);
        h *= factor;
        if (std::abs(h) < minStep) return Error{"adaptive solver step size underflow"};
    }
    r.y = std::move(y);
    return r;
}

}  // namespace

std::string OdeOptions::validate() const {
    if (steps < 1 || steps > 10000000) return "steps must be between 1 and 10^7";
    if (!std::isfinite(t0) || !std::isfinite(t1) || t0 < 0 || t0 > 1 || t1 < 0 || t1 > 1)
        return "integration times must lie in [0, 1]";
    if (t0 == t1) return "integration span is empty (t0 = t1)";
    if (!(rtol > 0) || !(atol > 0) || !std::isfinite(rtol) || !std::isfinite(atol))
        return "rtol and atol must be > 0";
    if (maxSteps < 1) return "maxSteps must be ≥ 1";
    return {};
}

Result<OdeResult> solveOde(const OdeRhs& rhs, Points y0, const OdeOptions& options, const ProgressFn& progress) {
    if (const auto problem = options.validate(); !problem.empty()) return Error{problem};
    if (Status st = checkFinite(y0); !st) return Error{"start points contain NaN or infinite values"};
    if (options.method == OdeMethod::Dopri5) return solveDopri5(rhs, std::move(y0), options, progress);
    return solveFixed(rhs, std::move(y0), options, progress);
}

int stagesPerStep(OdeMethod method) {
    switch (method) {
        case OdeMethod::Euler: return 1;
        case OdeMethod::Heun: return 2;
        case OdeMethod::Midpoint: return 2;
        case OdeMethod::Rk4: return 4;
        case OdeMethod::Dopri5: return 6;
    }
    return 1;
}

const std::vector<std::string>& odeMethodNames() {
    static const std::vector<std::string> n = {"euler", "heun", "midpoint", "rk4", "dopri5"};
    return n;
}

std::string toString(OdeMethod method) { return odeMethodNames()[static_cast<int>(method)]; }

}  // namespace flowlab::core
