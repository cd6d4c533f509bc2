#include "field/component_coupling.hpp"

#include <cmath>
#include <cstdio>

namespace flowlab::core {

namespace {

std::string offBy(const char* what, Eigen::Index index, double sum, double weight) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %lld of the coupling matrix sums to %.9g, but that component's weight is %.9g",
                  what, static_cast<long long>(index + 1), sum, weight);
    return buf;
}

}  // namespace

std::string ComponentCoupling::check(const Matrix& plan, const GaussianMixture& base, const GaussianMixture& target) {
    const auto k0 = static_cast<Eigen::Index>(base.size()), k1 = static_cast<Eigen::Index>(target.size());
    if (plan.rows() != k0 || plan.cols() != k1)
        return "the coupling matrix is " + std::to_string(plan.rows()) + " × " + std::to_string(plan.cols()) +
               " but the base has " + std::to_string(k0) + " and the target " + std::to_string(k1) +
               " components (rows are base components, columns target components)";
    for (Eigen::Index i = 0; i < k0; ++i)
        for (Eigen::Index j = 0; j < k1; ++j)
            if (!std::isfinite(plan(i, j)) || plan(i, j) < 0.0)
                return "coupling matrix entry (" + std::to_string(i + 1) + ", " + std::to_string(j + 1) +
                       ") is " + (std::isfinite(plan(i, j)) ? "negative" : "not a finite number");
    const double total = plan.sum();
    if (!(total > 0.0)) return "the coupling matrix has no mass (all entries are zero)";
    // The mixtures' weights are normalised; compare the plan's marginals at its own scale.
    const double tol = kMarginalTolerance;
    for (Eigen::Index i = 0; i < k0; ++i) {
        const double s = plan.row(i).sum() / total, w = base.component(std::size_t(i)).weight;
        if (std::abs(s - w) > tol) return offBy("row", i, s, w);
    }
    for (Eigen::Index j = 0; j < k1; ++j) {
        const double s = plan.col(j).sum() / total, v = target.component(std::size_t(j)).weight;
        if (std::abs(s - v) > tol) return offBy("column", j, s, v);
    }
    return {};
}

Result<ComponentCoupling> ComponentCoupling::create(Matrix plan, const GaussianMixture& base,
                                                    const GaussianMixture& target, std::string name) {
    if (std::string why = check(plan, base, target); !why.empty()) return Error{why};
    ComponentCoupling c;
    c.m_plan = plan / plan.sum();
    c.m_name = std::move(name);
    return c;
}

std::size_t ComponentCoupling::support() const {
    if (isIndependent()) return 0;
    return static_cast<std::size_t>((m_plan.array() > 0.0).count());
}

}  // namespace flowlab::core
