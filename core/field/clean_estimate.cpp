#include "field/clean_estimate.hpp"

#include <cmath>

namespace flowlab::core {

std::string toString(CleanEstimateRoute route) {
    return route == CleanEstimateRoute::Score ? "s (Tweedie)" : "b";
}

Result<PosteriorEstimates> posteriorEstimates(const FieldSource& field, const Interpolant& interpolant, double t,
                                              const Points& x) {
    if (!(t >= 0.0 && t <= 1.0)) return Error{"t must be in [0, 1], got " + std::to_string(t)};
    if (x.cols() != field.dim())
        return Error{"points have " + std::to_string(x.cols()) + " values, the field has " + std::to_string(field.dim())};
    const bool hasB = field.canProvide(kVelocity);
    const bool hasS = field.canProvide(kScore);
    if (!hasB && !hasS) return Error{"the field provides neither b nor s, so it has no clean estimate"};
    const InterpolantCoeffs c = interpolant.coeffs(t);
    const double var = c.alpha * c.alpha + c.gamma * c.gamma;
    const double k = c.alphaAlphaDot + c.gammaGammaDot;

    FieldValues v;
    if (Status st = field.evaluate(t, x, (hasB ? kVelocity : 0u) | (hasS ? kScore : 0u), v); !st)
        return Error{st.message()};

    PosteriorEstimates r;
    r.t = t;
    Points q;  // (x − β E[x1|x])/σ² = −s
    if (var == 0.0) {
        // No noise left in x_t: it is β x1 itself. The field's own b or s would be 0/0 here
        // (an exact field floors σ², a network extrapolates), so neither is used for x1.
        if (!(c.beta > 0.0)) return Error{"the interpolant has neither noise nor data at t = " + std::to_string(t)};
        r.clean = x / c.beta;
        r.route = CleanEstimateRoute::Score;
        q = Points::Zero(x.rows(), x.cols());
    } else if (hasS) {
        q = -v.score;
        // The better-conditioned of x = β ŷ + σ² q and b = β̇ ŷ + k q (both exact for an exact
        // field): the errors of a learned s or b are divided by β or β̇ respectively.
        if (hasB && std::abs(c.betaDot) > std::abs(c.beta)) {
            r.clean = (v.velocity - k * q) / c.betaDot;
            r.route = CleanEstimateRoute::Velocity;
        } else if (c.beta > 0.0) {
            r.clean = (x - var * q) / c.beta;
            r.route = CleanEstimateRoute::Score;
        } else {
            return Error{"at t = " + std::to_string(t) +
                         " x_t carries no information on the image (β = 0) and the field provides no b"};
        }
    } else {
        // Only b: solve [β σ²; β̇ k] [ŷ; q] = [x; b] per value.
        const double det = c.beta * k - var * c.betaDot;
        if (det == 0.0) return Error{"the velocity alone does not determine E[x1 | x_t] at t = " + std::to_string(t)};
        r.clean = (k * x - var * v.velocity) / det;
        q = (c.beta * v.velocity - c.betaDot * x) / det;
        r.route = CleanEstimateRoute::Velocity;
    }
    r.baseNoise = c.alpha * q;
    r.latentNoise = c.gamma * q;
    r.velocity = hasB ? std::move(v.velocity) : Points(c.betaDot * r.clean + k * q);
    if (!r.clean.allFinite() || !r.baseNoise.allFinite() || !r.velocity.allFinite())
        return Error{"the field gave non-finite values at t = " + std::to_string(t)};
    return r;
}

}  // namespace flowlab::core
