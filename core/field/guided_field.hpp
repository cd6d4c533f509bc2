#pragma once

#include <memory>
#include <string>

#include "field/field_source.hpp"

namespace flowlab::core {

/// Classifier-free guidance (docs/maths.md §11) as a field source: with an unconditional field
/// u (the null class ∅) and a conditional one c (class y), every field is
///     f_w = (1 − w) f_u + w f_c
/// for b, s, η and ∇·b (all affine in the posterior, weights summing to 1). w = 0 is u itself
/// (c is not evaluated), w = 1 is c, w > 1 extrapolates past c (guided). log ρ is not provided:
/// the guided field is not the flow of a known density. Works with any pair of sources of the
/// same dimension: the exact class-restricted field, a U-Net with a class embedding.
class GuidedField final : public FieldSource {
public:
    /// Fails when a source is missing, the dimensions differ, or w is not finite or outside [0, 100].
    static Result<GuidedField> create(std::shared_ptr<const FieldSource> unconditional,
                                      std::shared_ptr<const FieldSource> conditional, double w);

    int dim() const override { return m_unconditional->dim(); }
    unsigned provides() const override;
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    std::string label() const override;
    /// |1 − w| L_u + |w| L_c (the score is the same combination); NaN when either is unknown.
    double scoreLipschitz(double t) const override;

    double scale() const { return m_w; }

private:
    GuidedField(std::shared_ptr<const FieldSource> u, std::shared_ptr<const FieldSource> c, double w)
        : m_unconditional(std::move(u)), m_conditional(std::move(c)), m_w(w) {}

    std::shared_ptr<const FieldSource> m_unconditional;
    std::shared_ptr<const FieldSource> m_conditional;
    double m_w;
};

}  // namespace flowlab::core
