#pragma once

#include <cstdint>

#include "net/train_options.hpp"

namespace flowlab::core {

/// Hyper-parameters of one fused optimiser step (already resolved for this step).
struct FusedAdamStep {
    float gradScale = 1.0f;   ///< clipping factor applied to the gradient
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float stepSize = 1e-3f;   ///< lr / (1 − β1^t)
    float invSqrtBc2 = 1.0f;  ///< 1 / √(1 − β2^t)
    float epsilon = 1e-8f;
    float decay = 1.0f;       ///< 1 − lr·weight_decay for AdamW, else 1
    bool ema = false;         ///< also update the EMA
    float emaDecay = 0.999f;
};

/// The step t (1-based) of TrainerOptions' Adam/AdamW with learning rate lr and clipping factor
/// gradScale; the EMA (when options.emaDecay > 0) warms up as (1 + t) / (10 + t), so early steps
/// are not dominated by the random initialisation.
FusedAdamStep adamStepFor(const TrainerOptions& options, double gradScale, double lr, int t);

/// One pass over flat float32 arrays doing what torch's clip_grad_norm_ scaling, Adam (or AdamW)
/// and an EMA update do in several kernels: with g ← s·g,
///   m ← β1 m + (1 − β1) g,  v ← β2 v + (1 − β2) g²,
///   p ← decay·p − stepSize · m / (√v · invSqrtBc2 + ε),  e ← d e + (1 − d) p.
/// Compiled for AVX-512, AVX2 and baseline x86-64, chosen at run time.
void fusedAdamUpdate(const FusedAdamStep& s, std::int64_t n, float* params, const float* grad, float* m, float* v,
                     float* ema);

}  // namespace flowlab::core
