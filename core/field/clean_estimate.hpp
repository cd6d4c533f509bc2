#pragma once

#include <string>

#include "common/result.hpp"
#include "common/types.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"

namespace flowlab::core {

/// Which field the clean estimate E[x1 | x_t] was computed from (they agree for an exact field;
/// for a learned one the choice is the better-conditioned of the two at t).
enum class CleanEstimateRoute {
    Score,     ///< Tweedie: E[x1 | x] = (x + σ² s)/β
    Velocity,  ///< from b: E[x1 | x] = (b − k q)/β̇ (or the 2×2 solve when s is not provided)
};

/// "s (Tweedie)" or "b".
std::string toString(CleanEstimateRoute route);

/// The conditional expectations of the three parts of x_t = α x0 + β x1 + γ z given x_t = x, for
/// a Gaussian base x0 ~ N(0, I) independent of the data x1 (the image scenes; docs/maths.md §3,
/// §10). Given the image, x − β x1 = α x0 + γ z is Gaussian with variance σ² = α² + γ², so with
/// q = (x − β E[x1|x])/σ² = −s:
///     x = β E[x1|x] + σ² q,   b = β̇ E[x1|x] + (α α̇ + γ γ̇) q,
///     E[x0 | x] = α q,        E[z | x] = γ q.
/// Any two of b, s and E[x1|x] give the rest, so every field source — exact or learned, b or s
/// or η — yields all of them through the one function below.
struct PosteriorEstimates {
    double t = 0.0;
    Points clean;      ///< E[x1 | x_t]: the denoiser's estimate of the clean image
    Points baseNoise;  ///< E[x0 | x_t]: the estimate of the base sample (the noise of one-sided paths, ε̂)
    Points latentNoise;  ///< E[z | x_t] = η; zero where γ(t) = 0
    Points velocity;   ///< b(t, x_t) (the field's own where it provides b, else from the relations)
    CleanEstimateRoute route = CleanEstimateRoute::Score;
};

/// Evaluates `field` once at (t, x) (the kinds it provides among b and s) and derives the
/// estimates above, one row per row of x. At t where the path has no noise left (σ² = 0, t = 1
/// for most families) E[x1 | x] = x/β exactly. Fails when the field fails, when x does not
/// match its dimension, or when the provided fields cannot determine E[x1 | x] (a score-only
/// field at β = 0, where x carries no information on x1), and on non-finite results.
Result<PosteriorEstimates> posteriorEstimates(const FieldSource& field, const Interpolant& interpolant, double t,
                                              const Points& x);

}  // namespace flowlab::core
