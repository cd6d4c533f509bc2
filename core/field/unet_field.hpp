#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "net/unet_checkpoint.hpp"

namespace flowlab::core {

struct UNetModel;  // core/net/unet.hpp (includes torch)

/// A trained image U-Net seen as a FieldSource: every row of the points is one image (C·H·W
/// values, channel-major), evaluated in batches in float32 on the model's device.
///
/// Conditioning (docs/maths.md §11): with class y and guidance w the network output is
/// N_w = (1 − w) N(·|∅) + w N(·|y) (w = 0 unconditional, 1 conditional, > 1 guided); b, s and η
/// follow from it by the same affine conversions as for the MLP (fieldFromNetwork), since each
/// is affine in the network output with weights that sum to 1. An unconditional model accepts
/// no class. What it provides follows LearnedField::providesFor, without the exact divergence
/// (d is large); divergenceProbe() gives Hutchinson's vᵀ(∂b/∂x)v instead.
///
/// Immutable and cheap to copy (copies share the weights); evaluate() is safe to call from
/// several threads at once and never throws. No torch type appears in this header.
class UNetField final : public FieldSource {
public:
    /// Loads an image model file (inference weights); `classLabel` −1 means none.
    static Result<UNetField> load(const std::string& path, int classLabel = -1, double guidance = 0.0);

    /// Wraps a model built by the trainer or the file reader; checks the conditioning.
    static Result<UNetField> create(std::shared_ptr<const UNetModel> model, int classLabel, double guidance);

    /// The same model with another class and guidance scale.
    Result<UNetField> withConditioning(int classLabel, double guidance) const;

    int dim() const override;
    unsigned provides() const override;
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    /// "learned b (U-Net 32×(1,2,2), step 5000), class 3, w = 2".
    std::string label() const override;

    /// The (guided) raw network output at (t, x).
    Status evaluateNetwork(double t, const Points& x, Points& out) const;

    /// Hutchinson's probe of ∇·b: for every row, vᵀ (∂b/∂x) v with v the row of `probe` (one
    /// vector–Jacobian product), so that E_v[·] = ∇·b for Rademacher or Gaussian v.
    Status divergenceProbe(double t, const Points& x, const Points& probe, Vector& out) const;

    /// Writes the model's inference weights and description (no optimiser state) atomically.
    Status save(const std::string& path) const;

    const ImageModelInfo& info() const;
    const Interpolant& interpolant() const { return m_interpolant; }
    int classLabel() const { return m_class; }
    double guidance() const { return m_guidance; }

private:
    UNetField(std::shared_ptr<const UNetModel> model, Interpolant interpolant, int classLabel, double guidance);

    std::shared_ptr<const UNetModel> m_model;
    Interpolant m_interpolant;
    int m_class;
    double m_guidance;
};

/// The factory the image samplers and the CLI use: loads an image model file as a field source
/// with class `classLabel` (−1: none) and guidance scale `guidance`.
Result<std::unique_ptr<FieldSource>> loadImageModelField(const std::string& path, int classLabel, double guidance);

}  // namespace flowlab::core
