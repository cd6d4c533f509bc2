#pragma once

#include <vector>

#include "density/gaussian_mixture.hpp"
#include "field/component_coupling.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Options of the exact field.
struct ExactFieldOptions {
    /// Worker threads for the evaluation over points; 0 = all cores.
    int threads = 0;
    /// Variance added to a pair whose covariance S_k is singular (point masses at an endpoint
    /// with γ = 0), so that the fields stay finite there. docs/maths.md §4 asks only for finiteness
    /// where S_k is invertible; this floor extends it to the endpoints.
    double varianceFloor = 1e-10;
    /// For display only (the CLI and the tests keep 0, the exact double kernel): > 0 selects, in
    /// 2D, the display kernel (field/exact_display_kernel.hpp) — float32 SIMD, skipping every pair
    /// whose posterior weight is below e^−pruneLogRatio of the largest at each point of a block.
    /// The skipped mass is at most K·e^−ratio of the total (K pairs): with 20, ≈ 1e-6 at 512 pairs.
    double pruneLogRatio = 0.0;

    std::string validate() const;
};

/// What the exact field knows about x_0, x_1 and z given x_t = x (docs/maths.md §4): the
/// posterior weights of the endpoint components and the conditional expectations, so that a
/// probe can show b = α̇ E[x0 | x_t] + β̇ E[x1 | x_t] + γ̇ E[z | x_t] term by term.
struct Posterior {
    double t = 0.0;
    Vector x;                            ///< the point x_t
    InterpolantCoeffs coeffs;            ///< α, β, γ and their derivatives at t
    std::vector<double> targetWeights;   ///< p(j | x_t) for each target component j; sums to 1
    std::vector<double> baseWeights;     ///< p(i | x_t) for each base component i; sums to 1
    Vector meanX0, meanX1, meanZ;        ///< E[x0 | x_t], E[x1 | x_t], E[z | x_t]
    /// E[x1 | x_t, j] and the conditional velocity u_t(x | j) = E[α̇ x0 + β̇ x1 + γ̇ z | x_t, j]
    /// of each target component j (the field flow matching regresses on). Zero where p(j | x_t) = 0.
    std::vector<Vector> componentX1, componentVelocity;
    /// b(t, x) as the combination of the expectations above (the pair sum where α̇ or γ̇ is
    /// infinite, VP at t = 1 or Brownian γ at the ends).
    Vector velocity;
};

/// The exact fields b, s, η, log ρ_t and ∇·b of docs/maths.md §4 for Gaussian-mixture endpoints with
/// independent coupling, or a coupling of their components (pair weights π_ij instead of w_i v_j,
/// §12), in double precision with log-sum-exp posterior weights. 2D uses full covariances; other
/// dimensions use isotropic ones (vectorised with Eigen GEMMs).
class ExactField final : public FieldSource {
public:
    /// Fails when the dimensions differ, the options are invalid, the interpolant does not
    /// accept this base, or `coupling` is not a coupling of these mixtures' components.
    static Result<ExactField> create(GaussianMixture base, GaussianMixture target,
                                     Interpolant interpolant, ExactFieldOptions options = {},
                                     ComponentCoupling coupling = {});

    int dim() const override { return m_base.dim(); }
    unsigned provides() const override;
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    /// "exact", or "exact (component OT)" etc. under a coupling of components.
    std::string label() const override;
    /// 1/σ²_min(t), σ²_min(t) a lower bound of the smallest eigenvalue of every pair's marginal
    /// covariance S_k = α²Σ0 + β²Σ1 + γ²I (Weyl: α² λmin(Σ0) + β² λmin(Σ1) + γ²). It bounds the
    /// contracting part of ∇s = −Σ r_k S_k⁻¹ + Cov_r(S_k⁻¹(m_k − x)): the covariance term is
    /// positive semi-definite, an expansion between modes, which cannot make explicit steps
    /// oscillate.
    double scoreLipschitz(double t) const override;

    const GaussianMixture& base() const { return m_base; }
    const GaussianMixture& target() const { return m_target; }
    const Interpolant& interpolant() const { return m_interpolant; }
    /// The coupling of the components whose pairs the field sums over (independent by default).
    const ComponentCoupling& coupling() const { return m_coupling; }
    /// Number of (base, target) component pairs: the cost per point of one evaluation (the
    /// plan's support under a coupling of components).
    std::size_t pairCount() const {
        return m_coupling.isIndependent() ? m_base.size() * m_target.size() : m_coupling.support();
    }
    void setThreads(int threads) { m_options.threads = threads; }

    /// The exact marginal ρ_t as a mixture (for sampling x_t directly and for display).
    /// Fails only when the pair count exceeds GaussianMixture::kMaxComponents.
    Result<GaussianMixture> marginal(double t) const;

    /// The posterior at one point x_t = x (2D only; the probe of the plane). Fails for t outside
    /// [0, 1], a point of the wrong dimension, or a field that is not 2D.
    Result<Posterior> posterior(double t, const Vector& x) const;

private:
    ExactField(GaussianMixture base, GaussianMixture target, Interpolant interpolant,
               ExactFieldOptions options, ComponentCoupling coupling);
    Status evaluate2d(double t, const Points& x, unsigned what, FieldValues& out) const;
    Status evaluateIsotropic(double t, const Points& x, unsigned what, FieldValues& out) const;

    GaussianMixture m_base;
    GaussianMixture m_target;
    Interpolant m_interpolant;
    ExactFieldOptions m_options;
    ComponentCoupling m_coupling;
    double m_minVarianceBase = 0.0;    ///< smallest covariance eigenvalue over base components
    double m_minVarianceTarget = 0.0;  ///< the same over target components
};

}  // namespace flowlab::core
