#include "train/component_plan.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <Eigen/Eigenvalues>

#include "train/sinkhorn.hpp"
#include "train/transport_lp.hpp"

namespace flowlab::core {

namespace {

// The entropic plan of a few hundred components converges in a few thousand iterations at
// REG = 0.01; the rounding then puts it exactly on the marginals.
constexpr double kSinkhornTolerance = 1e-12;
constexpr int kSinkhornIterations = 20000;

Matrix symmetricSqrt(const Matrix& c) {
    Eigen::SelfAdjointEigenSolver<Matrix> eig(0.5 * (c + c.transpose()));
    const Vector root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    return eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose();
}

Vector weightsOf(const GaussianMixture& m) {
    Vector w(static_cast<Eigen::Index>(m.size()));
    for (std::size_t i = 0; i < m.size(); ++i) w[Eigen::Index(i)] = m.component(i).weight;
    return w;
}

// Rows and columns of positive weight: zero-weight components take no part in a plan (their
// Sinkhorn scalings would be 0 and their logarithms −∞).
std::vector<Eigen::Index> positive(const Vector& w) {
    std::vector<Eigen::Index> idx;
    for (Eigen::Index i = 0; i < w.size(); ++i)
        if (w[i] > 0.0) idx.push_back(i);
    return idx;
}

}  // namespace

Matrix componentTransportCost(const GaussianMixture& base, const GaussianMixture& target) {
    const auto n = static_cast<Eigen::Index>(base.size()), m = static_cast<Eigen::Index>(target.size());
    Matrix cost(n, m);
    const bool full = base.dim() == 2;
    std::vector<Matrix> roots0;
    std::vector<double> tr0, tr1;
    for (const auto& c : base.components()) {
        roots0.push_back(full ? symmetricSqrt(c.cov) : Matrix());
        tr0.push_back(c.cov.trace());
    }
    for (const auto& c : target.components()) tr1.push_back(c.cov.trace());
    for (Eigen::Index i = 0; i < n; ++i) {
        const auto& b0 = base.component(std::size_t(i));
        for (Eigen::Index j = 0; j < m; ++j) {
            const auto& b1 = target.component(std::size_t(j));
            double bures = 0.0;
            if (full) {
                const Matrix& r = roots0[std::size_t(i)];
                const Matrix cross = symmetricSqrt(r * b1.cov * r);
                bures = tr0[std::size_t(i)] + tr1[std::size_t(j)] - 2.0 * cross.trace();
            } else {
                const double d = std::sqrt(std::max(0.0, b0.cov(0, 0))) - std::sqrt(std::max(0.0, b1.cov(0, 0)));
                bures = base.dim() * d * d;
            }
            cost(i, j) = (b0.mean - b1.mean).squaredNorm() + std::max(0.0, bures);
        }
    }
    return cost;
}

Result<ComponentCoupling> componentCoupling(const CouplingOptions& coupling, const GaussianMixture& base,
                                            const GaussianMixture& target) {
    if (auto p = coupling.validate(); !p.empty()) return Error{p};
    if (base.dim() != target.dim()) return Error{"base and target have different dimensions"};
    switch (coupling.kind) {
        case CouplingKind::Independent: return ComponentCoupling();
        case CouplingKind::ComponentMatrix:
            return ComponentCoupling::create(coupling.componentMatrix, base, target, "component matrix");
        case CouplingKind::ComponentOt:
        case CouplingKind::ComponentSinkhorn: break;
        case CouplingKind::MinibatchOt:
        case CouplingKind::Sinkhorn:
        case CouplingKind::Reflow:
            return Error{"the " + toString(coupling.kind) +
                         " coupling pairs samples, not mixture components: it has no exact field (learned only)"};
    }
    const Vector a = weightsOf(base), b = weightsOf(target);
    const std::vector<Eigen::Index> rows = positive(a), cols = positive(b);
    const Matrix full = componentTransportCost(base, target);
    Matrix cost(Eigen::Index(rows.size()), Eigen::Index(cols.size()));
    Vector ra(cost.rows()), cb(cost.cols());
    for (std::size_t r = 0; r < rows.size(); ++r) ra[Eigen::Index(r)] = a[rows[r]];
    for (std::size_t c = 0; c < cols.size(); ++c) cb[Eigen::Index(c)] = b[cols[c]];
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < cols.size(); ++c) cost(Eigen::Index(r), Eigen::Index(c)) = full(rows[r], cols[c]);
    ra /= ra.sum();
    cb /= cb.sum();
    Matrix reduced;
    std::string name;
    if (coupling.kind == CouplingKind::ComponentOt) {
        auto plan = solveTransport(cost, ra, cb);
        if (!plan) return plan.error();
        // A plan that is not optimal is a bug, not a user error; refuse it rather than show it.
        if (std::string why = checkTransportOptimality(cost, ra, cb, *plan, 1e-7); !why.empty())
            return Error{"component OT: the transport plan failed its optimality check: " + why};
        reduced = plan->plan;
        name = "component OT";
    } else {
        SinkhornOptions o;
        o.epsilon = coupling.regularisation * ra.dot(cost * cb);
        if (!(o.epsilon > 0.0)) o.epsilon = coupling.regularisation;  // every pair costs 0: any λ is the same
        o.tolerance = kSinkhornTolerance;
        o.maxIterations = kSinkhornIterations;
        reduced = roundToMarginals(solveSinkhorn(cost, ra, cb, o).plan, ra, cb);
        name = "component Sinkhorn " + coupling.spec().substr(coupling.spec().find(':') + 1);
    }
    Matrix plan = Matrix::Zero(a.size(), b.size());
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < cols.size(); ++c) plan(rows[r], cols[c]) = reduced(Eigen::Index(r), Eigen::Index(c));
    return ComponentCoupling::create(std::move(plan), base, target, name);
}

Result<ExactField> exactFieldFor(const CouplingOptions& coupling, const GaussianMixture& base,
                                 const GaussianMixture& target, const Interpolant& interpolant,
                                 ExactFieldOptions options) {
    auto plan = componentCoupling(coupling, base, target);
    if (!plan) return plan.error();
    return ExactField::create(base, target, interpolant, options, std::move(*plan));
}

}  // namespace flowlab::core
