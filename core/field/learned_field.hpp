#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "net/model_info.hpp"

namespace flowlab::core {

struct FieldModel;  // core/net/field_model.hpp (includes torch)

/// A trained network seen as a FieldSource: the same interface as the exact fields, so samplers
/// and the likelihood use it unchanged. Batched; evaluated in float32 without autograd, except
/// ∇·b, which is exact (one autograd pass per dimension: two in 2D).
///
/// What it provides depends on what was learned (docs/maths.md §3):
///   b:   b, ∇·b; and s for one-sided families, s = (β b − β̇ x) / (β̇ α² − α α̇ β)
///   s:   s; and η = −γ s for two-sided families with γ > 0; for one-sided families also
///        b = (β̇ x + (β̇ α² − α α̇ β) s) / β and its divergence (where β > 0)
///   eta: η and s = −η / γ (where γ > 0)
///   v:   b when γ ≡ 0 (then b = v); with γ > 0 combine it with a score model (CombinedField)
///
/// Immutable and cheap to copy (copies share the weights); evaluate() is safe to call from
/// several threads at once and never throws: torch errors and non-finite outputs come back as
/// errors. No torch type appears in this header.
class LearnedField final : public FieldSource {
public:
    /// Loads a checkpoint written by Trainer::saveCheckpoint() or save(). A corrupt, truncated
    /// or foreign file is refused with the reason.
    static Result<LearnedField> load(const std::string& path);

    /// Loads, then refuses a model that was not trained for this scene (ModelInfo::checkScene).
    static Result<LearnedField> load(const std::string& path, const GaussianMixture& base,
                                     const GaussianMixture& target, const InterpolantOptions& interpolant);

    /// Writes this model (inference weights and metadata; no optimiser state) atomically.
    Status save(const std::string& path) const;

    int dim() const override;
    unsigned provides() const override;
    /// What a network trained for `field` on `interpolant` provides (the rules above), known
    /// before training: so a caller can tell whether a sampler will be able to run on it.
    static unsigned providesFor(TrainTarget field, const Interpolant& interpolant);
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    /// "learned b (MLP 3×128 SiLU, step 5000)".
    std::string label() const override;

    /// The raw network output at (t, x) (the field itself, or ε̂ for ε-prediction models).
    Status evaluateNetwork(double t, const Points& x, Points& out) const;

    const ModelInfo& info() const;
    const Interpolant& interpolant() const { return m_interpolant; }

    /// Opaque network and metadata; defined where torch is included (core/net/field_model.hpp).
    using Model = FieldModel;
    /// Wraps a model built by the trainer or the checkpoint reader.
    LearnedField(std::shared_ptr<const Model> model, Interpolant interpolant);

private:
    std::shared_ptr<const Model> m_model;
    Interpolant m_interpolant;
};

}  // namespace flowlab::core
