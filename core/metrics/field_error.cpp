#include "metrics/field_error.hpp"

#include <cmath>
#include <optional>

#include "field/exact_field.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::core {
namespace {

const Points& pick(const FieldValues& v, unsigned kind) {
    if (kind == kScore) return v.score;
    if (kind == kDenoiser) return v.denoiser;
    return v.velocity;
}

}  // namespace

std::string FieldErrorOptions::validate() const {
    if (times.empty()) return "give at least one time";
    for (double t : times)
        if (!(t >= 0.0 && t <= 1.0)) return "times must be in [0, 1]";
    if (pointsPerTime < 1 || pointsPerTime > 1000000) return "points per time must be in [1, 1000000]";
    return {};
}

Result<double> relativeFieldError(const FieldSource& field, const FieldSource& reference, unsigned kind,
                                  const GaussianMixture& base, const GaussianMixture& target,
                                  const Interpolant& interpolant, const FieldErrorOptions& o) {
    if (auto p = o.validate(); !p.empty()) return Error{p};
    if (kind != kVelocity && kind != kScore && kind != kDenoiser) return Error{"compare the velocity, score or denoiser"};
    if (!field.canProvide(kind)) return Error{"the field '" + field.label() + "' cannot give this field"};
    if (!reference.canProvide(kind)) return Error{"the reference '" + reference.label() + "' cannot give this field"};
    if (field.dim() != reference.dim() || base.dim() != field.dim() || target.dim() != field.dim())
        return Error{"the fields and densities have different dimensions"};
    Rng rng(o.seed);
    std::optional<ExactField> coupled;
    if (!o.coupling.isIndependent()) {
        auto f = ExactField::create(base, target, interpolant, {}, o.coupling);
        if (!f) return f.error();
        coupled.emplace(std::move(*f));
    }
    double num = 0.0, den = 0.0;
    for (double t : o.times) {
        Points x;
        if (coupled) {
            auto marginal = coupled->marginal(t);
            if (!marginal) return marginal.error();
            x = marginal->sample(o.pointsPerTime, rng);
        } else {
            x = sampleInterpolant(base, target, interpolant, t, o.pointsPerTime, rng);
        }
        FieldValues a, b;
        if (Status s = field.evaluate(t, x, kind, a); !s) return Error{s.message()};
        if (Status s = reference.evaluate(t, x, kind, b); !s) return Error{s.message()};
        num += (pick(a, kind) - pick(b, kind)).squaredNorm();
        den += pick(b, kind).squaredNorm();
    }
    if (!std::isfinite(num) || !std::isfinite(den)) return Error{"the fields are not finite at the sampled points"};
    if (!(den > 0.0)) return Error{"the reference field is zero at the sampled points"};
    return std::sqrt(num / den);
}

}  // namespace flowlab::core
