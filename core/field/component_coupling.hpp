#pragma once

#include <string>

#include "common/result.hpp"
#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"

namespace flowlab::core {

/// A coupling of the components of two Gaussian mixtures (docs/maths.md §12): the plan π_ij ≥ 0
/// whose row sums are the base weights w_i and whose column sums are the target weights v_j.
/// Given the pair (i, j), x0 ~ N(μ0_i, C0_i) and x1 ~ N(μ1_j, C1_j) are independent, so x_t is
/// Gaussian and §4's closed form holds with the pair weight w_k = π_ij in place of w_i v_j.
/// The independent coupling (π = w vᵀ) is the default and is kept implicit, so that the exact
/// field evaluates exactly as it did before couplings of components existed.
class ComponentCoupling {
public:
    /// Relative tolerance of the marginal check: Σ_j π_ij = w_i and Σ_i π_ij = v_j to this times
    /// the total mass (an explicit matrix written with 6 to 8 decimals passes).
    static constexpr double kMarginalTolerance = 1e-6;

    /// The independent coupling (no matrix).
    ComponentCoupling() = default;

    /// Checks `plan` against the mixtures (size K0 × K1, finite, non-negative, both marginals)
    /// and keeps it normalised to total mass 1. `name` says which coupling it is ("component
    /// OT"), for labels. The error says which row or column is off, and by how much.
    static Result<ComponentCoupling> create(Matrix plan, const GaussianMixture& base, const GaussianMixture& target,
                                            std::string name);

    /// Why `plan` is not a coupling of these mixtures' components, or empty when it is.
    static std::string check(const Matrix& plan, const GaussianMixture& base, const GaussianMixture& target);

    bool isIndependent() const { return m_plan.size() == 0; }
    /// π_ij; only when !isIndependent().
    const Matrix& plan() const { return m_plan; }
    /// The weight of the pair (i, j): π_ij, or w_i · v_j for the independent coupling (the
    /// same product the exact field always formed).
    double weight(std::size_t i, std::size_t j, double wi, double vj) const {
        return isIndependent() ? wi * vj : m_plan(Eigen::Index(i), Eigen::Index(j));
    }
    /// "independent" or the name given to create().
    const std::string& name() const { return m_name; }
    /// Number of pairs of positive weight in the plan (0 for the independent coupling, which has
    /// no matrix).
    std::size_t support() const;

private:
    Matrix m_plan;
    std::string m_name = "independent";
};

}  // namespace flowlab::core
