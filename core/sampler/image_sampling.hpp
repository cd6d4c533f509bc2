#pragma once

#include <functional>
#include <vector>

#include "common/rng.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::core {

/// Where generation starts in d dimensions with the base N(0, I): the law of
/// x_0 = α(0) x0 + γ(0) z, i.e. N(0, (α(0)² + γ(0)²) I). For the two-sided families this is the
/// exact start (β(0) = 0); for vp/subvp/ve it drops β(0) y as sampleStart does (docs/maths.md §2).
Points gaussianStart(const Interpolant& interpolant, int dim, Eigen::Index n, Rng& rng);

/// Inpainting by replacement (Song et al. 2021; docs/maths.md §11). `known` holds the images
/// (one per row), `mask` the same shape with 1 where a pixel is known and 0 where it is to be
/// filled. From `start` at options.t0 = 0, each of options.steps steps of the chosen sampler
/// (one generic call of sample(), ODE or SDE, corrector included) is followed by
///     x ← m ⊙ (α(t) ξ + β(t) y + γ(t) ζ) + (1 − m) ⊙ x,   ξ, ζ ~ N(0, I) fresh,
/// and after the last step the known pixels are set to y, so they are preserved exactly.
/// Fixed-step solvers only. With options.recordTrajectory every step's state is kept.
/// `observe`, when set, sees every step's state (known pixels already replaced) as it is
/// reached, so a window can show the hole filling; returning false stops the run ("cancelled").
using StateObserver = std::function<bool(double t, const Points& state)>;
Result<SampleResult> inpaint(const FieldSource& field, const Interpolant& interpolant, const Points& known,
                             const Points& mask, Points start, const SamplerOptions& options, Rng& rng,
                             const ProgressFn& progress = {}, const StateObserver& observe = {});

/// Spherical interpolation between two latents: (sin((1−f)θ) a + sin(fθ) b)/sin θ, θ the angle
/// between them (linear when they are parallel). One row per fraction f.
Points slerp(const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, const std::vector<double>& fractions);

/// Latent interpolation through the probability-flow ODE ("manipulating latent
/// representations", Song et al.): both images are encoded by the backward ODE from tData to 0,
/// the latents interpolated spherically at `frames` evenly spaced fractions (ends included), and
/// decoded by the forward ODE from 0 to tData.
struct LatentInterpolation {
    Points latents;  ///< frames × d, at t = 0
    Points images;   ///< frames × d, decoded at tData
};

/// `options` must be an ODE solver; its t0/t1 are replaced by tData → 0 and 0 → tData.
Result<LatentInterpolation> interpolateLatents(const FieldSource& field, const Interpolant& interpolant,
                                               const Eigen::RowVectorXd& a, const Eigen::RowVectorXd& b, int frames,
                                               SamplerOptions options, double tData, const ProgressFn& progress = {});

/// Encodes images (rows) by the backward probability-flow ODE from tData to 0 and decodes
/// latents by the forward one: the two halves of interpolateLatents, for round trips.
Result<Points> encodeImages(const FieldSource& field, const Interpolant& interpolant, const Points& images,
                            SamplerOptions options, double tData, const ProgressFn& progress = {});
Result<Points> decodeLatents(const FieldSource& field, const Interpolant& interpolant, const Points& latents,
                             SamplerOptions options, double tData, const ProgressFn& progress = {});

}  // namespace flowlab::core
