#pragma once

#include <vector>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "net/train_options.hpp"
#include "train/coupling.hpp"

namespace flowlab::core {

/// One training batch in float32, row-major: the network sees (t, x) and regresses onto y.
struct TrainingBatch {
    int size = 0;
    int dim = 0;
    std::vector<float> t;  ///< size
    std::vector<float> x;  ///< size × dim: the interpolant sample x_t
    std::vector<float> y;  ///< size × dim: the regression target of the loss (see LossForm)
};

/// Every objective of docs/maths.md §5 and the two paper-specific ones is one of two forms in the
/// network output ŷ (per sample, summed over dimensions, averaged over the batch):
enum class LossForm {
    Quadratic,   ///< ½|ŷ|² − y·ŷ   (L_b, L_s, L_η, L_v; minimised by E[y | x_t])
    Regression,  ///< |ŷ − y|²      (conditional flow matching, ε-prediction DSM)
};

/// The regression target y of one coordinate for a target and objective (the table below), from
/// that coordinate of (x0, x1, z) at the interpolant's coefficients. Shared by the scene sampler
/// and the image trainer, so both learn the same field with the same loss.
class TargetRule {
public:
    /// `objective` must be resolved (not Auto).
    TargetRule(const Interpolant& interpolant, TrainTarget target, ObjectiveKind objective);

    double operator()(const InterpolantCoeffs& c, double x0, double x1, double z) const;
    LossForm lossForm() const { return m_objective == ObjectiveKind::Quadratic ? LossForm::Quadratic : LossForm::Regression; }

private:
    TrainTarget m_target;
    ObjectiveKind m_objective;
    bool m_oneSided;
    bool m_noise;
    double m_sigmaMin;
};

/// The loss of `form` summed over `count` outputs against targets y and scaled by invN (1/batch),
/// with its gradient dL/dŷ written into `grad`.
double lossAndGradient(LossForm form, const float* out, const float* y, std::size_t count, double invN, float* grad);

/// Draws training batches from a scene for one target and objective, in plain C++ (no torch):
///   b:   y = α̇ x0 + β̇ x1 + γ̇ z        s (two-sided): y = −z / γ   s (one-sided): y = −x0 / α
///   eta: y = z                          v: y = α̇ x0 + β̇ x1
///   cfm: y = x1 − (1 − σ_min) x0        dsm: y = x0 (the noise), network output ε̂
/// with t ~ U[t_lo, t_hi], x0 ~ base, x1 ~ target, z ~ N(0, I), x_t = α x0 + β x1 + γ z.
/// Antithetic pairs share (t, x0, x1) and flip z (rows 2i and 2i+1). Under a coupling other
/// than independent (TrainerOptions::coupling) the batch's fresh pairs (x0, x1) are drawn first
/// and paired by BatchCoupling; t and z stay independent of them. Under a coupling of mixture
/// components each row draws a pair (i, j) from the plan π, then x0 from base component i and
/// x1 from target component j (the pairs whose exact field train/component_plan.hpp builds).
class BatchSampler {
public:
    /// Fails when the options do not validate against the interpolant, or the coupling cannot
    /// be set up (a reflow parent that is missing or of another scene).
    static Result<BatchSampler> create(const GaussianMixture& base, const GaussianMixture& target,
                                       const Interpolant& interpolant, const TrainerOptions& options);

    /// Fills `batch` (resized on first use, then reused without allocating).
    void draw(Rng& rng, TrainingBatch& batch) const;

    LossForm lossForm() const { return m_form; }
    const BatchCoupling& coupling() const { return m_coupling; }
    ObjectiveKind objective() const { return m_objective; }
    double tLo() const { return m_tLo; }
    double tHi() const { return m_tHi; }

    /// The batch loss for network outputs `out` (size × dim) and its gradient dL/dŷ into `grad`.
    double lossAndGradient(const float* out, const TrainingBatch& batch, float* grad) const;
    /// The share of rows [row0, row0 + rows) in the batch loss (normalised by the whole batch, so
    /// the shares of a partition add up to the loss) and their gradient rows. `out` and `grad`
    /// point at the first of these rows.
    double lossAndGradient(const float* out, const TrainingBatch& batch, int row0, int rows, float* grad) const;

private:
    struct Prepared {
        std::vector<double> cumulative;  // cumulative weights
        std::vector<Vector> means;
        std::vector<Matrix> roots;       // covariance square roots
    };
    /// The plan π of a coupling of components, flattened base-major with its cumulative weights.
    struct PairPlan {
        std::vector<double> cumulative;
        std::vector<std::size_t> base, target;
    };
    static Prepared prepare(const GaussianMixture& m);
    static void drawFrom(const Prepared& p, Rng& rng, double* out, int dim);
    static void drawComponent(const Prepared& p, std::size_t k, Rng& rng, double* out, int dim);

    BatchSampler(Prepared base, Prepared target, Interpolant interpolant, TrainerOptions options,
                 ObjectiveKind objective, double tLo, double tHi, BatchCoupling coupling, PairPlan pairs);
    void drawCoupled(Rng& rng, TrainingBatch& batch, int fresh, bool anti) const;
    void drawComponentPairs(Rng& rng, TrainingBatch& batch, int fresh, bool anti) const;
    void writeRow(TrainingBatch& batch, int row, double t, const InterpolantCoeffs& c, const double* x0,
                  const double* x1, const double* z, double sign) const;

    Prepared m_base;
    Prepared m_target;
    Interpolant m_interpolant;
    TrainerOptions m_options;
    ObjectiveKind m_objective;
    TargetRule m_rule;
    LossForm m_form;
    double m_tLo;
    double m_tHi;
    int m_dim;
    BatchCoupling m_coupling;
    PairPlan m_pairs;  // empty unless the coupling is one of components
};

}  // namespace flowlab::core
