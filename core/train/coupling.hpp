#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "common/types.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "net/coupling_options.hpp"

namespace flowlab::core {

/// E‖x0 − x1‖² for independent x0 ~ base, x1 ~ target (from the mixtures' moments): the scale
/// the Sinkhorn regularisation is relative to.
double meanIndependentCost(const GaussianMixture& base, const GaussianMixture& target);

/// The absolute Sinkhorn regularisation λ = REG · E‖x0 − x1‖² of a sinkhorn coupling (0 for the
/// other kinds), in any dimension: `meanIndependentCost` is E‖x0 − x1‖² of independent pairs.
double sinkhornLambda(const CouplingOptions& coupling, double meanIndependentCost);
/// The same for a scene's mixtures.
double sinkhornLambda(const CouplingOptions& coupling, const GaussianMixture& base, const GaussianMixture& target);

/// The `a` of the a-brownian γ(t) = √(a t (1 − t)) that makes SB-CFM of a sinkhorn coupling: the
/// Brownian bridge of variance σ² = a with λ = 2σ² (docs/maths.md §12), so a = λ / 2.
double schrodingerBridgeGammaA(const CouplingOptions& coupling, double meanIndependentCost);
/// The same for a scene's mixtures.
double schrodingerBridgeGammaA(const CouplingOptions& coupling, const GaussianMixture& base,
                               const GaussianMixture& target);

/// Pairs the fresh draws of a training batch as a coupling prescribes (docs/maths.md §12):
/// independent leaves them, ot applies the exact minimum-cost assignment of the batch, sinkhorn
/// draws for each x0 a partner from the entropic plan, and reflow replaces both by pairs
/// (x0, Φ_1(x0)) of the parent model's ODE flow map. No torch here (the parent model is only
/// evaluated through its FieldSource). Works in any dimension: the 2D trainer's rows are
/// points, the image trainer's flattened pixel vectors.
class BatchCoupling {
public:
    /// For reflow, loads the parent model (refused unless it was trained on these densities and
    /// gives b) and integrates its flow map from reflowPairs base samples drawn with `seed`.
    static Result<BatchCoupling> create(const CouplingOptions& options, const GaussianMixture& base,
                                        const GaussianMixture& target, std::uint64_t seed);

    /// Any dimension: `meanIndependentCost` (E‖x0 − x1‖² of independent pairs) scales the Sinkhorn
    /// λ; for reflow, `parent` is the parent model's field (checked to give b; not kept) and
    /// `starts` the pool's base draws x0, which its flow map carries to the pool's x1.
    static Result<BatchCoupling> create(const CouplingOptions& options, double meanIndependentCost,
                                        const FieldSource* parent, Points starts);

    /// Re-pairs the rows in place: afterwards (x0.row(i), x1.row(i)) is a coupled pair. For
    /// reflow both sets are overwritten from the pool (their row count is kept).
    void pair(Points& x0, Points& x1, Rng& rng) const;

    /// For ot and sinkhorn (and, as the identity, independent): the row of x1 that row i of x0 is
    /// paired with, so that whatever travels with x1 (a class label) can follow it. pair() applies
    /// exactly this. Not for reflow (which does not use the draws).
    std::vector<int> partnerRows(const Points& x0, const Points& x1, Rng& rng) const;

    const CouplingOptions& options() const { return m_options; }
    /// True for reflow: the batch's own draws are not used.
    bool replacesDraws() const { return m_options.kind == CouplingKind::Reflow; }
    /// The absolute Sinkhorn λ (0 for the other kinds).
    double lambda() const { return m_lambda; }

private:
    struct Pool {
        Points x0, x1;
    };
    BatchCoupling(CouplingOptions options, double lambda, std::shared_ptr<const Pool> pool)
        : m_options(std::move(options)), m_lambda(lambda), m_pool(std::move(pool)) {}

    CouplingOptions m_options;
    double m_lambda = 0.0;
    std::shared_ptr<const Pool> m_pool;  // reflow pairs, shared by copies
};

}  // namespace flowlab::core
