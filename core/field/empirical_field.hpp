#pragma once

#include <memory>
#include <string>

#include "field/field_source.hpp"
#include "images/image_dataset.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Options of the exact field of a finite data set.
struct EmpiricalFieldOptions {
    /// Worker threads over blocks of points; 0 = all cores.
    int threads = 0;
    /// −1: every image; k ≥ 0: only the images of class k (the exact conditional field, for
    /// class-conditional sampling and guidance).
    int classLabel = -1;
    /// Largest number of images (the cost of an evaluation is linear in it).
    int maxImages = 10000;
    /// Lower bound on the posterior variance σ²(t) = α² + γ², reached at the data end of
    /// paths without latent noise (t = 1), where the mixture collapses onto point masses. There
    /// (αα̇ + γγ̇)/σ² (x − β ŷ) is 0/0 and becomes 0, so b(1, x) = β̇ ŷ: a solver stage at t = 1
    /// errs by O(h |x0|) (RK4: below half an 8-bit level per pixel at 100 steps).
    double varianceFloor = 1e-10;
    /// Dot products x·y_i in single precision (GEMM at twice the rate); the log-sum-exp, the
    /// distances that fix log ρ and the fields themselves stay in double. Measured: float's
    /// 1e-7 relative error in x·y_i moves the weights only between near-duplicate images.
    bool singlePrecision = true;

    std::string validate() const;
};

/// The exact fields of the empirical distribution of N images y_i (docs/maths.md §10): with the
/// base N(0, I) and x_t = α x0 + β x1 + γ z, ρ_t = (1/N) Σ_i N(β y_i, σ² I), σ² = α² + γ², so
/// the posterior weights are w_i ∝ exp(−‖x − β y_i‖² / (2σ²)) and, with ŷ = Σ w_i y_i,
///     s = −(x − β ŷ)/σ²,   η = γ (x − β ŷ)/σ²,   b = c (x − β ŷ) + β̇ ŷ,  c = (α α̇ + γ γ̇)/σ²,
///     ∇·b = d c + (β̇ − c β) (β/σ²) (Σ w_i ‖y_i‖² − ‖ŷ‖²),
///     log ρ_t = log Σ_i exp(−‖x − β y_i‖²/(2σ²)) − log N − (d/2) log(2π σ²).
/// A batch is two matrix products (‖x − βy‖² = ‖x‖² − 2β x·y + β²‖y‖² with the ‖x‖² term
/// cancelling in the weights) and a log-sum-exp; negligible weights (< 1e-24 of the largest) are
/// skipped, which makes the second product sparse wherever the posterior has concentrated.
/// Its ODE carries every sample onto a training image: the optimum of the training loss
/// memorises. Any interpolant (α, β, γ from core/interpolant).
class EmpiricalField final : public FieldSource {
public:
    /// Fails on an empty data set (or class), bad options, or a class label the data lacks.
    static Result<EmpiricalField> create(const ImageDataset& data, Interpolant interpolant,
                                         EmpiricalFieldOptions options = {});

    int dim() const override;
    unsigned provides() const override { return kVelocity | kScore | kDenoiser | kLogDensity | kDivergence; }
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    std::string label() const override;
    /// 1/σ²(t): −∇s = I/σ² − (β²/σ⁴) Cov_w(y), whose second term only expands.
    double scoreLipschitz(double t) const override;

    /// Number of images in the mixture.
    std::size_t imageCount() const;
    const Interpolant& interpolant() const { return m_interpolant; }
    const EmpiricalFieldOptions& options() const { return m_options; }

private:
    struct Data;
    EmpiricalField(std::shared_ptr<const Data> data, Interpolant interpolant, EmpiricalFieldOptions options);
    double variance(double t) const;

    std::shared_ptr<const Data> m_data;
    Interpolant m_interpolant;
    EmpiricalFieldOptions m_options;
};

}  // namespace flowlab::core
