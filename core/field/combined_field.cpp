#include "field/combined_field.hpp"

#include "field/learned_field.hpp"

namespace flowlab::core {

namespace {

bool isVModel(const FieldSource& source) {
    const auto* learned = dynamic_cast<const LearnedField*>(&source);
    return learned && learned->info().field == TrainTarget::InterpolantVelocity;
}

}  // namespace

CombinedField::CombinedField(std::shared_ptr<const FieldSource> velocity, std::shared_ptr<const FieldSource> score,
                             Interpolant interpolant, bool velocityFromV)
    : m_velocity(std::move(velocity)),
      m_score(std::move(score)),
      m_interpolant(std::move(interpolant)),
      m_velocityFromV(velocityFromV) {}

Result<CombinedField> CombinedField::create(std::shared_ptr<const FieldSource> velocity,
                                            std::shared_ptr<const FieldSource> score, Interpolant interpolant) {
    if (!velocity || !score) return Error{"both a velocity source and a score source are needed"};
    if (velocity->dim() != score->dim())
        return Error{"the velocity source is " + std::to_string(velocity->dim()) + "-dimensional but the score source is " +
                     std::to_string(score->dim()) + "-dimensional"};
    if (!score->canProvide(kScore)) return Error{score->label() + " does not provide the score s"};
    const bool fromV = isVModel(*velocity) && interpolant.hasLatentNoise();
    if (!fromV && !velocity->canProvide(kVelocity)) return Error{velocity->label() + " does not provide the velocity b"};
    return CombinedField(std::move(velocity), std::move(score), std::move(interpolant), fromV);
}

unsigned CombinedField::provides() const {
    unsigned p = kVelocity | kScore | (m_score->provides() & kDenoiser);
    if (!m_velocityFromV) p |= m_velocity->provides() & (kDivergence | kLogDensity);
    return p;
}

Status CombinedField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (!canProvide(what)) return Error{label() + " cannot provide the requested field"};
    const unsigned fromScore = what & (kScore | kDenoiser);
    unsigned fromVelocity = what & (kVelocity | kDivergence | kLogDensity);
    FieldValues s;
    const bool needScore = fromScore || (m_velocityFromV && (what & kVelocity));
    if (needScore) {
        if (Status st = m_score->evaluate(t, x, fromScore | kScore, s); !st) return st;
        if (what & kScore) out.score = s.score;
        if (what & kDenoiser) out.denoiser = s.denoiser;
    }
    if (fromVelocity) {
        FieldValues v;
        if (m_velocityFromV) {
            // The v-model's network output is v itself.
            const auto& learned = static_cast<const LearnedField&>(*m_velocity);
            Points vv;
            if (Status st = learned.evaluateNetwork(t, x, vv); !st) return st;
            const InterpolantCoeffs c = m_interpolant.coeffs(t);
            out.velocity = vv - c.gammaGammaDot * s.score;  // b = v − γ γ̇ s
            return Status::success();
        }
        if (Status st = m_velocity->evaluate(t, x, fromVelocity, v); !st) return st;
        if (what & kVelocity) out.velocity = std::move(v.velocity);
        if (what & kDivergence) out.divergence = std::move(v.divergence);
        if (what & kLogDensity) out.logDensity = std::move(v.logDensity);
    }
    return Status::success();
}

std::string CombinedField::label() const {
    return (m_velocityFromV ? "b = v − γγ̇ s from " : "b from ") + m_velocity->label() + ", s from " + m_score->label();
}

}  // namespace flowlab::core
