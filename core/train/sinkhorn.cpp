#include "train/sinkhorn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowlab::core {

namespace {

// Scalings beyond e^±kAbsorb are folded into the log potentials (and the kernel rebuilt), so
// no number ever overflows or underflows whatever λ is.
constexpr double kAbsorb = 30.0;
/// ε-scaling (solveSinkhorn): the first λ is the mean reduced cost divided by this, and every
/// stage but the last stops at this L1 row error or after this many iterations.
constexpr double kScalingStartFraction = 50.0;
constexpr double kStageTolerance = 1e-2;
constexpr int kMaxStageIterations = 200;

}  // namespace

SinkhornPlan solveSinkhorn(const Matrix& cost, const SinkhornOptions& options) {
    return solveSinkhorn(cost, Vector::Constant(cost.rows(), 1.0 / double(cost.rows())),
                         Vector::Constant(cost.cols(), 1.0 / double(cost.cols())), options);
}

SinkhornPlan solveSinkhorn(const Matrix& cost, const Vector& a, const Vector& b, const SinkhornOptions& options) {
    // Log-stabilised scaling (Schmitzer 2019): π = diag(u) K diag(v), K = exp((f ⊕ g − C) / λ).
    // The iterations are matrix-vector products on K; the potentials f, g carry the large parts.
    const Eigen::Index n = cost.rows(), m = cost.cols();
    // Start from c-transforms, so every row and column of K holds an entry of 1.
    Vector f = cost.rowwise().minCoeff();
    Vector g(m);
    for (Eigen::Index j = 0; j < m; ++j) g[j] = (cost.col(j) - f).minCoeff();
    // ε-scaling: the number of iterations grows like (cost spread) / λ, so a small λ is reached
    // through λ_k = λ0 / 2^k, each stage starting from the last one's potentials. λ0 is a fiftieth
    // of the mean reduced cost; a λ above it (REG ≳ 0.02) is solved in one stage as before.
    const double target = options.epsilon;
    Matrix reducedCost = cost.colwise() - f;
    reducedCost.rowwise() -= g.transpose();
    const double reduced = reducedCost.mean();
    double lambda = std::max(target, reduced / kScalingStartFraction);
    Matrix kernel(n, m);
    auto rebuild = [&]() {
        for (Eigen::Index j = 0; j < m; ++j)
            for (Eigen::Index i = 0; i < n; ++i) kernel(i, j) = std::exp((f[i] + g[j] - cost(i, j)) / lambda);
    };
    rebuild();
    Vector u = Vector::Ones(n), v = Vector::Ones(m);
    auto absorb = [&]() {
        f += lambda * u.array().log().matrix();
        g += lambda * v.array().log().matrix();
        u.setOnes();
        v.setOnes();
    };
    SinkhornPlan out;
    int stageIterations = 0;
    for (int it = 1; it <= options.maxIterations; ++it) {
        u = a.cwiseProduct((kernel * v).cwiseInverse());
        v = b.cwiseProduct((kernel.transpose() * u).cwiseInverse());
        out.iterations = it;
        ++stageIterations;
        const double spread = std::max(u.array().log().abs().maxCoeff(), v.array().log().abs().maxCoeff());
        if (!(spread < kAbsorb)) {
            absorb();
            rebuild();
        }
        // Columns are exact after the v update; the rows tell how far from converged.
        out.marginalError = (u.cwiseProduct(kernel * v) - a).array().abs().sum();
        const bool last = lambda <= target;
        // An intermediate stage only needs to be close: its plan is a start, not the answer.
        if (out.marginalError < (last ? options.tolerance : std::max(options.tolerance, kStageTolerance)) ||
            (!last && stageIterations >= kMaxStageIterations)) {
            if (last) {
                out.converged = true;
                break;
            }
            absorb();
            lambda = std::max(target, 0.5 * lambda);
            rebuild();
            stageIterations = 0;
        }
    }
    out.plan = u.asDiagonal() * kernel * v.asDiagonal();
    return out;
}

Matrix roundToMarginals(const Matrix& plan, const Vector& a, const Vector& b) {
    Matrix p = plan;
    const Vector rows = p.rowwise().sum();
    for (Eigen::Index i = 0; i < p.rows(); ++i)
        if (rows[i] > a[i]) p.row(i) *= a[i] / rows[i];
    const Vector cols = p.colwise().sum().transpose();
    for (Eigen::Index j = 0; j < p.cols(); ++j)
        if (cols[j] > b[j]) p.col(j) *= b[j] / cols[j];
    const Vector er = (a - p.rowwise().sum()).cwiseMax(0.0);
    const Vector ec = (b - p.colwise().sum().transpose()).cwiseMax(0.0);
    const double missing = er.sum();
    if (missing > 0.0) p += er * ec.transpose() / missing;
    return p;
}

Matrix sinkhornCouplingPlan(const Matrix& cost, const SinkhornOptions& options) {
    SinkhornPlan s = solveSinkhorn(cost, options);
    if (s.converged) return std::move(s.plan);
    return roundToMarginals(s.plan, Vector::Constant(cost.rows(), 1.0 / double(cost.rows())),
                            Vector::Constant(cost.cols(), 1.0 / double(cost.cols())));
}

std::vector<int> sampleColumnsFromPlan(const Matrix& plan, Rng& rng) {
    const Eigen::Index n = plan.rows(), m = plan.cols();
    std::vector<int> column(static_cast<std::size_t>(n), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double total = plan.row(i).sum();
        double u = rng.uniform() * total;
        Eigen::Index j = 0;
        while (j < m - 1 && u >= plan(i, j)) u -= plan(i, j++);
        column[static_cast<std::size_t>(i)] = static_cast<int>(j);
    }
    return column;
}

}  // namespace flowlab::core
