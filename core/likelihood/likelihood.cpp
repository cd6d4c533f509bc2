#include "likelihood/likelihood.hpp"

#include <cmath>

namespace flowlab::core {

std::string LikelihoodOptions::validate() const {
    OdeOptions o;
    o.method = method;
    o.steps = steps;
    o.rtol = rtol;
    o.atol = atol;
    return o.validate();
}

Result<LikelihoodResult> logLikelihood(const FieldSource& field, const GaussianMixture& prior, const Points& x,
                                       const LikelihoodOptions& options, const ProgressFn& progress) {
    if (const auto p = options.validate(); !p.empty()) return Error{p};
    const int d = field.dim();
    if (x.cols() != d) {
        return Error{"points have " + std::to_string(x.cols()) + " coordinates, the field has " + std::to_string(d)};
    }
    if (!x.allFinite()) return Error{"points contain NaN or infinite values"};
    if (!field.canProvide(kVelocity | kDivergence)) {
        return Error{"the field source '" + field.label() + "' cannot provide the divergence ∇·b"};
    }
    const bool exactPrior = field.canProvide(kLogDensity);
    if (!exactPrior && prior.dim() != d) return Error{"the prior's dimension does not match the field"};

    // State (X, ℓ): dℓ/dt = ∇·b, ℓ(1) = 0, so ℓ(0) = −∫₀¹ ∇·b dt.
    Points y(x.rows(), d + 1);
    y.leftCols(d) = x;
    y.col(d).setZero();
    const OdeRhs rhs = [&field, d](double t, const Points& s, Points& ds) {
        FieldValues v;
        const Points pos = s.leftCols(d);
        Status st = field.evaluate(t, pos, kVelocity | kDivergence, v);
        if (!st) return st;
        ds.resize(s.rows(), d + 1);
        ds.leftCols(d) = v.velocity;
        ds.col(d) = v.divergence;
        return Status::success();
    };
    OdeOptions o;
    o.method = options.method;
    o.steps = options.steps;
    o.t0 = 1.0;
    o.t1 = 0.0;
    o.rtol = options.rtol;
    o.atol = options.atol;
    auto solved = solveOde(rhs, std::move(y), o, progress);
    if (!solved) return solved.error();

    LikelihoodResult r;
    r.latent = solved->y.leftCols(d);
    r.nfe = solved->nfe;
    Vector logPrior;
    if (exactPrior) {
        FieldValues v;
        if (Status st = field.evaluate(0.0, r.latent, kLogDensity, v); !st) return Error{st.message()};
        logPrior = std::move(v.logDensity);
        ++r.nfe;
    } else {
        logPrior = prior.logDensity(r.latent);
    }
    r.logDensity = logPrior + solved->y.col(d);
    return r;
}

}  // namespace flowlab::core
