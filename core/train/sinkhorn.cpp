#include "train/sinkhorn.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace flowlab::core {

namespace {

// Scalings beyond e^±kAbsorb are folded into the log potentials (and the kernel rebuilt), so
// no number ever overflows or underflows whatever λ is.
constexpr double kAbsorb = 30.0;

}  // namespace

SinkhornPlan solveSinkhorn(const Matrix& cost, const SinkhornOptions& options) {
    return solveSinkhorn(cost, Vector::Constant(cost.rows(), 1.0 / double(cost.rows())),
                         Vector::Constant(cost.cols(), 1.0 / double(cost.cols())), options);
}

SinkhornPlan solveSinkhorn(const Matrix& cost, const Vector& a, const Vector& b, const SinkhornOptions& options) {
    // Log-stabilised scaling (Schmitzer 2019): π = diag(u) K diag(v), K = exp((f ⊕ g − C) / λ).
    // The iterations are matrix-vector products on K; the potentials f, g carry the large parts.
    const Eigen::Index n = cost.rows(), m = cost.cols();
    const double lambda = options.epsilon;
    // Start from c-transforms, so every row and column of K holds an entry of 1.
    Vector f = cost.rowwise().minCoeff();
    Vector g(m);
    for (Eigen::Index j = 0; j < m; ++j) g[j] = (cost.col(j) - f).minCoeff();
    Matrix kernel(n, m);
    auto rebuild = [&]() {
        for (Eigen::Index j = 0; j < m; ++j)
            for (Eigen::Index i = 0; i < n; ++i) kernel(i, j) = std::exp((f[i] + g[j] - cost(i, j)) / lambda);
    };
    rebuild();
    Vector u = Vector::Ones(n), v = Vector::Ones(m);
    SinkhornPlan out;
    for (int it = 1; it <= options.maxIterations; ++it) {
        u = a.cwiseProduct((kernel * v).cwiseInverse());
        v = b.cwiseProduct((kernel.transpose() * u).cwiseInverse());
        out.iterations = it;
        const double spread = std::max(u.array().log().abs().maxCoeff(), v.array().log().abs().maxCoeff());
        if (!(spread < kAbsorb)) {
            f += lambda * u.array().log().matrix();
            g += lambda * v.array().log().matrix();
            u.setOnes();
            v.setOnes();
            rebuild();
        }
        // Columns are exact after the v update; the rows tell how far from converged.
        out.marginalError = (u.cwiseProduct(kernel * v) - a).array().abs().sum();
        if (out.marginalError < options.tolerance) {
            out.converged = true;
            break;
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
