#include "field/network_field_map.hpp"

#include <cmath>
#include <cstdio>

namespace flowlab::core {

namespace {

// Below this a coefficient that a derived field divides by counts as zero (the field is then
// undefined at that t, e.g. s = −η/γ where γ = 0).
constexpr double kSingular = 1e-9;

FieldAffine invalid(std::string why) {
    FieldAffine f;
    f.valid = false;
    f.why = std::move(why);
    return f;
}

// The field `kind` as an affine function of the learned quantity Q (b, s, η or v).
FieldAffine fromLearned(TrainTarget field, const InterpolantCoeffs& c, FieldKind kind, double t) {
    const double D = c.betaDot * c.alpha * c.alpha - c.alphaAlphaDot * c.beta;  // β̇ α² − α α̇ β
    FieldAffine f;
    switch (field) {
        case TrainTarget::Velocity:
            if (kind == kVelocity || kind == kDivergence) return f;
            // s = (β b − β̇ x) / D (one-sided)
            if (std::abs(D) < kSingular) return invalid("s cannot be derived from b" + atTimeSuffix(t));
            f.a = c.beta / D;
            f.c = -c.betaDot / D;
            return f;
        case TrainTarget::Score:
            if (kind == kScore) return f;
            if (kind == kDenoiser) {
                f.a = -c.gamma;
                return f;
            }
            // b = (β̇ x + D s) / β (one-sided)
            if (!(std::abs(c.beta) > kSingular)) return invalid("b cannot be derived from s" + atTimeSuffix(t) + " (β = 0)");
            f.a = D / c.beta;
            f.c = c.betaDot / c.beta;
            return f;
        case TrainTarget::Denoiser:
            if (kind == kDenoiser) return f;
            if (!(c.gamma > kSingular)) return invalid("s = −η/γ is undefined" + atTimeSuffix(t) + " (γ = 0)");
            f.a = -1.0 / c.gamma;
            return f;
        case TrainTarget::InterpolantVelocity:
            return f;
    }
    return f;
}

}  // namespace

std::string atTimeSuffix(double t) {
    char buf[48];
    std::snprintf(buf, sizeof buf, " at t = %.6g", t);
    return buf;
}

FieldAffine fieldFromNetwork(TrainTarget field, OutputParameterization output, const InterpolantCoeffs& c,
                             FieldKind kind, double t) {
    // The learned quantity Q as an affine function of the network output N.
    FieldAffine q;
    if (output == OutputParameterization::Epsilon) {
        if (!(c.alpha > kSingular)) return invalid("the ε-prediction score is undefined" + atTimeSuffix(t) + " (α = 0)");
        q.a = -1.0 / c.alpha;
    }
    FieldAffine f = fromLearned(field, c, kind, t);
    if (!f.valid) return f;
    f.c += f.a * q.c;
    f.a *= q.a;
    return f;
}

}  // namespace flowlab::core
