#pragma once

#include <string>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "sampler/sampler.hpp"

namespace flowlab::core {

/// The discrete samplers of the score-SDE paper (Song et al. 2021) written in FlowLab time
/// (docs/maths.md §13). A run of K steps from t0 to t1 visits the levels t_k = t1 − k (t1 − t0)/K,
/// k = K … 0, so that with t0 = 0, t1 = 1 level k is t_k = 1 − k/K and level 0 is the data. The
/// schedules come from the interpolant, so level k's state has exactly the law ρ_{t_k} of the
/// interpolant (ᾱ_k = β(t_k)² for VP, σ_k = α(t_k) for VE):
///
/// - **ddpm** (vp): `x ← (x + β_k s) / √(1 − β_k) + √β_k ξ`, β_k = 1 − ᾱ_k / ᾱ_{k−1};
/// - **ddim** (vp, subvp, ve): `ε̂ = −α_k s`, `x̂1 = (x − α_k ε̂) / β_k`, `x ← β_{k−1} x̂1 + α_{k−1} ε̂`
///   (the VP case is DDIM with η = 0; it is deterministic and tends to the probability-flow ODE);
/// - **smld** (ve): M Langevin steps `x ← x + δ s + √(2δ) ξ` with δ = r σ² at each of the levels
///   t_{K−1}, …, t_0 (the last is σ_min at t = 1);
/// - **reverse-diffusion** (vp, ve): VE `x ← x + (σ_k² − σ_{k−1}²) s + √(σ_k² − σ_{k−1}²) ξ`,
///   VP `x ← (2 − √(1 − β_k)) x + β_k s + √β_k ξ`.
///
/// s is the field's score at (t_k, x). ddpm and reverse-diffusion add no noise on a step that
/// ends at t = 1 (Ho et al.'s algorithm 2: the last step returns the mean). All four generate
/// only (t0 < t1). A Langevin corrector (langevinSteps, snr) after ddpm, ddim or
/// reverse-diffusion gives predictor–corrector sampling; for smld langevinSteps is M.

/// True for ddpm, ddim, smld and reverse-diffusion.
bool isScoreSdeSampler(SolverKind kind);

/// The interpolant families `kind` runs on, as a sentence part: "vp", "vp, subvp or ve", …
std::string scoreSdeFamilies(SolverKind kind);

/// Empty when the score-SDE sampler `o.solver` can run with `o` on `interpolant`; otherwise a
/// message naming the problem (a wrong family names the families that work).
std::string validateScoreSde(const SamplerOptions& o, const Interpolant& interpolant);

/// One step of a score-SDE sampler from level t to level tNext > t (for smld: the M Langevin
/// steps at tNext). Adds the field evaluations to `nfe`. The caller (sample()) checks the
/// state stays finite and in range.
Status scoreSdeStep(const FieldSource& field, const Interpolant& interpolant, const SamplerOptions& o, double t,
                    double tNext, Points& x, Rng& rng, int& nfe);

}  // namespace flowlab::core
