#include "likelihood/likelihood.hpp"

#include <cmath>

#include "common/rng.hpp"

namespace flowlab::core {
namespace {

constexpr int kMaxProbes = 1024;

/// The exact trace as a probe average: the probes √d e_j, j = 1 … d, give
/// (1/d) Σ_j d e_jᵀ J e_j = tr J with no variance.
std::vector<Points> basisProbes(Eigen::Index n, int d) {
    std::vector<Points> probes;
    for (int j = 0; j < d; ++j) {
        Points v = Points::Zero(n, d);
        v.col(j).setConstant(std::sqrt(double(d)));
        probes.push_back(std::move(v));
    }
    return probes;
}

}  // namespace

std::string LikelihoodOptions::validate() const {
    OdeOptions o;
    o.method = method;
    o.steps = steps;
    o.rtol = rtol;
    o.atol = atol;
    if (auto p = o.validate(); !p.empty()) return p;
    if (trace == TraceMethod::Hutchinson && (probes < 1 || probes > kMaxProbes))
        return "Hutchinson probes must be between 1 and " + std::to_string(kMaxProbes);
    if (!(jvpStep > 0.0) || jvpStep > 1.0) return "the Jacobian–vector step must be in (0, 1]";
    if (!(tData > 0.0) || tData > 1.0) return "the data time must be in (0, 1]";
    return {};
}

std::vector<Points> rademacherProbes(Eigen::Index n, int d, int k, std::uint64_t seed) {
    Rng rng(seed);
    std::vector<Points> probes;
    for (int i = 0; i < k; ++i) {
        Points v(n, d);
        for (Eigen::Index r = 0; r < n; ++r)
            for (int c = 0; c < d; ++c) v(r, c) = (rng.bits() & 1u) ? 1.0 : -1.0;
        probes.push_back(std::move(v));
    }
    return probes;
}

Result<Matrix> probeQuadraticForms(const FieldSource& field, double t, const Points& x,
                                   const std::vector<Points>& probes, double h) {
    const Eigen::Index n = x.rows();
    const auto k = static_cast<Eigen::Index>(probes.size());
    Points shifted(2 * k * n, x.cols());
    for (Eigen::Index i = 0; i < k; ++i) {
        shifted.middleRows(2 * i * n, n) = x + h * probes[std::size_t(i)];
        shifted.middleRows((2 * i + 1) * n, n) = x - h * probes[std::size_t(i)];
    }
    FieldValues v;
    if (Status st = field.evaluate(t, shifted, kVelocity, v); !st) return Error{st.message()};
    Matrix q(n, k);
    for (Eigen::Index i = 0; i < k; ++i) {
        const Points jv = (v.velocity.middleRows(2 * i * n, n) - v.velocity.middleRows((2 * i + 1) * n, n)) / (2.0 * h);
        q.col(i) = probes[std::size_t(i)].cwiseProduct(jv).rowwise().sum();
    }
    return q;
}

Result<LikelihoodResult> logLikelihood(const FieldSource& field, const GaussianMixture& prior, const Points& x,
                                       const LikelihoodOptions& options, const ProgressFn& progress) {
    if (const auto p = options.validate(); !p.empty()) return Error{p};
    const int d = field.dim();
    if (x.cols() != d) {
        return Error{"points have " + std::to_string(x.cols()) + " coordinates, the field has " + std::to_string(d)};
    }
    if (!x.allFinite()) return Error{"points contain NaN or infinite values"};
    if (!field.canProvide(kVelocity)) return Error{"the field source '" + field.label() + "' cannot provide b"};
    const bool fieldDivergence = options.trace == TraceMethod::FieldDivergence;
    if (fieldDivergence && !field.canProvide(kDivergence))
        return Error{"the field source '" + field.label() + "' cannot provide the divergence ∇·b"};
    if (options.trace == TraceMethod::ExactJvp && d > kMaxExactTraceDim) {
        return Error{"the exact trace needs d Jacobian–vector products; d = " + std::to_string(d) + " is above " +
                     std::to_string(kMaxExactTraceDim) + ": use Hutchinson probes"};
    }
    const bool exactPrior = field.canProvide(kLogDensity);
    if (!exactPrior && prior.dim() != d) return Error{"the prior's dimension does not match the field"};

    // Probes whose quadratic forms estimate ∇·b (none when the field gives it).
    std::vector<Points> probes;
    if (options.trace == TraceMethod::Hutchinson) probes = rademacherProbes(x.rows(), d, options.probes, options.probeSeed);
    if (options.trace == TraceMethod::ExactJvp) probes = basisProbes(x.rows(), d);
    const int columns = fieldDivergence ? 1 : static_cast<int>(probes.size());

    // State (X, ℓ_1 … ℓ_K): dℓ_k/dt = ∇·b (or probe k's estimate of it), ℓ(tData) = 0, so
    // ℓ(0) = −∫₀^tData ∇·b dt.
    Points y(x.rows(), d + columns);
    y.leftCols(d) = x;
    y.rightCols(columns).setZero();
    int extraNfe = 0;
    const OdeRhs rhs = [&](double t, const Points& s, Points& ds) {
        FieldValues v;
        const Points pos = s.leftCols(d);
        Status st = field.evaluate(t, pos, fieldDivergence ? (kVelocity | kDivergence) : kVelocity, v);
        if (!st) return st;
        ds.resize(s.rows(), d + columns);
        ds.leftCols(d) = v.velocity;
        if (fieldDivergence) {
            ds.col(d) = v.divergence;
        } else {
            auto q = probeQuadraticForms(field, t, pos, probes, options.jvpStep);
            if (!q) return Status(q.error());
            ++extraNfe;
            ds.rightCols(columns) = *q;
        }
        return Status::success();
    };
    OdeOptions o;
    o.method = options.method;
    o.steps = options.steps;
    o.t0 = options.tData;
    o.t1 = 0.0;
    o.rtol = options.rtol;
    o.atol = options.atol;
    auto solved = solveOde(rhs, std::move(y), o, progress);
    if (!solved) return solved.error();

    LikelihoodResult r;
    r.latent = solved->y.leftCols(d);
    r.nfe = solved->nfe + extraNfe;
    r.trace = options.trace;
    r.probes = options.trace == TraceMethod::Hutchinson ? options.probes : 0;
    Vector logPrior;
    if (exactPrior) {
        FieldValues v;
        if (Status st = field.evaluate(0.0, r.latent, kLogDensity, v); !st) return Error{st.message()};
        logPrior = std::move(v.logDensity);
        ++r.nfe;
    } else {
        logPrior = prior.logDensity(r.latent);
    }
    const Matrix ell = solved->y.rightCols(columns);
    r.logDensity = logPrior + ell.rowwise().mean();
    r.standardError = Vector::Zero(x.rows());
    if (r.probes > 1) {
        const Matrix centred = ell.colwise() - ell.rowwise().mean();
        const double k = r.probes;
        r.standardError = (centred.rowwise().squaredNorm() / (k * (k - 1.0))).cwiseSqrt();
    }
    return r;
}

}  // namespace flowlab::core
