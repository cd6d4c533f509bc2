#include "field/guided_field.hpp"

#include <cmath>
#include <cstdio>

namespace flowlab::core {
namespace {
constexpr unsigned kAffineFields = kVelocity | kScore | kDenoiser | kDivergence;
}

Result<GuidedField> GuidedField::create(std::shared_ptr<const FieldSource> u, std::shared_ptr<const FieldSource> c,
                                        double w) {
    if (!u || !c) return Error{"guidance needs an unconditional and a conditional field"};
    if (u->dim() != c->dim())
        return Error{"guidance: the unconditional field has " + std::to_string(u->dim()) +
                     " dimensions, the conditional one " + std::to_string(c->dim())};
    if (!std::isfinite(w) || w < 0.0 || w > 100.0) return Error{"guidance scale w must be in [0, 100]"};
    return GuidedField(std::move(u), std::move(c), w);
}

unsigned GuidedField::provides() const {
    return m_unconditional->provides() & m_conditional->provides() & kAffineFields;
}

Status GuidedField::evaluate(double t, const Points& x, unsigned what, FieldValues& out) const {
    if (what & ~provides()) return Error{"the guided field cannot provide the requested fields (log ρ is undefined)"};
    if (m_w == 0.0) return m_unconditional->evaluate(t, x, what, out);
    if (m_w == 1.0) return m_conditional->evaluate(t, x, what, out);
    FieldValues c;
    if (Status st = m_unconditional->evaluate(t, x, what, out); !st) return st;
    if (Status st = m_conditional->evaluate(t, x, what, c); !st) return st;
    const double a = 1.0 - m_w, b = m_w;
    if (what & kVelocity) out.velocity = a * out.velocity + b * c.velocity;
    if (what & kScore) out.score = a * out.score + b * c.score;
    if (what & kDenoiser) out.denoiser = a * out.denoiser + b * c.denoiser;
    if (what & kDivergence) out.divergence = a * out.divergence + b * c.divergence;
    return Status::success();
}

std::string GuidedField::label() const {
    char w[32];
    std::snprintf(w, sizeof w, "%g", m_w);
    return "guided w=" + std::string(w) + " (" + m_unconditional->label() + " | " + m_conditional->label() + ")";
}

double GuidedField::scoreLipschitz(double t) const {
    if (m_w == 0.0) return m_unconditional->scoreLipschitz(t);
    if (m_w == 1.0) return m_conditional->scoreLipschitz(t);
    return std::abs(1.0 - m_w) * m_unconditional->scoreLipschitz(t) + m_w * m_conditional->scoreLipschitz(t);
}

}  // namespace flowlab::core
