#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Two field sources seen as one, for samplers that need both b and s (SDEs, the Langevin
/// corrector): b (and ∇·b) from `velocity`, s (and η) from `score`.
///
/// When `velocity` is a learned v-model (v = E[α̇ x0 + β̇ x1 | x_t], TrainTarget
/// InterpolantVelocity), b is formed as b = v − γ γ̇ s from the two (docs/maths.md §3; ∇·b is then
/// not provided).
class CombinedField final : public FieldSource {
public:
    /// Fails when dimensions differ, when `velocity` cannot give b (or v), or `score` cannot give s.
    static Result<CombinedField> create(std::shared_ptr<const FieldSource> velocity,
                                        std::shared_ptr<const FieldSource> score, Interpolant interpolant);

    int dim() const override { return m_velocity->dim(); }
    unsigned provides() const override;
    Status evaluate(double t, const Points& x, unsigned what, FieldValues& out) const override;
    std::string label() const override;
    /// The score comes from `score` alone, and so does its bound.
    double scoreLipschitz(double t) const override { return m_score->scoreLipschitz(t); }

private:
    CombinedField(std::shared_ptr<const FieldSource> velocity, std::shared_ptr<const FieldSource> score,
                  Interpolant interpolant, bool velocityFromV);

    std::shared_ptr<const FieldSource> m_velocity;
    std::shared_ptr<const FieldSource> m_score;
    Interpolant m_interpolant;
    bool m_velocityFromV = false;
};

}  // namespace flowlab::core
