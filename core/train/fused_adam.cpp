#include "train/fused_adam.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::core {

namespace {

// The loop body is written so that GCC vectorises it for each target (no aliasing between the
// arrays, sqrt without errno: this file is compiled with -fno-math-errno). Not under TSan: the
// clones' ifunc resolver runs while the dynamic loader relocates, before the TSan runtime is
// set up, and its instrumented entry crashed every TSan binary at start.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void update(const FusedAdamStep s, std::int64_t n, float* __restrict p, const float* __restrict g,
            float* __restrict m, float* __restrict v, float* __restrict e) {
    const float b1 = s.beta1, b2 = s.beta2, c1 = 1.0f - s.beta1, c2 = 1.0f - s.beta2;
    const float ed = s.emaDecay, ew = 1.0f - s.emaDecay;
    for (std::int64_t i = 0; i < n; ++i) {
        const float gi = s.gradScale * g[i];
        const float mi = b1 * m[i] + c1 * gi;
        const float vi = b2 * v[i] + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        const float pi = s.decay * p[i] - s.stepSize * mi / (std::sqrt(vi) * s.invSqrtBc2 + s.epsilon);
        p[i] = pi;
        if (e) e[i] = ed * e[i] + ew * pi;
    }
}

}  // namespace

FusedAdamStep adamStepFor(const TrainerOptions& options, double gradScale, double lr, int t) {
    FusedAdamStep f;
    f.gradScale = static_cast<float>(gradScale);
    f.beta1 = static_cast<float>(options.beta1);
    f.beta2 = static_cast<float>(options.beta2);
    f.stepSize = static_cast<float>(lr / (1.0 - std::pow(options.beta1, t)));
    f.invSqrtBc2 = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(options.beta2, t)));
    f.epsilon = static_cast<float>(options.adamEpsilon);
    f.decay = options.optimizer == OptimizerKind::AdamW ? static_cast<float>(1.0 - lr * options.weightDecay) : 1.0f;
    f.ema = options.emaDecay > 0.0;
    f.emaDecay = static_cast<float>(std::min(options.emaDecay, (1.0 + t) / (10.0 + t)));
    return f;
}

void fusedAdamUpdate(const FusedAdamStep& s, std::int64_t n, float* params, const float* grad, float* m, float* v,
                     float* ema) {
    update(s, n, params, grad, m, v, s.ema ? ema : nullptr);
}

}  // namespace flowlab::core
