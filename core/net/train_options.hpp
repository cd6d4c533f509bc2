#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "interpolant/interpolant.hpp"
#include "io/json.hpp"
#include "net/coupling_options.hpp"
#include "net/network_options.hpp"

namespace flowlab::core {

/// Which field a network learns (docs/maths.md §3, §5).
enum class TrainTarget {
    Velocity,             ///< b(t, x) = E[α̇ x0 + β̇ x1 + γ̇ z | x_t = x]            [b]
    Score,                ///< s(t, x) = ∇ log ρ_t(x)                               [s]
    Denoiser,             ///< η(t, x) = E[z | x_t = x] (two-sided, γ > 0)          [eta]
    InterpolantVelocity,  ///< v(t, x) = E[α̇ x0 + β̇ x1 | x_t = x]; b = v − γ γ̇ s   [v]
};

/// The loss that trains the network.
enum class ObjectiveKind {
    Auto,          ///< FlowMatching for fm-ot + b, DenoisingScore for vp/subvp/ve + s, else Quadratic
    Quadratic,     ///< the quadratic objectives of docs/maths.md §5 (any family and γ)
    FlowMatching,  ///< conditional flow matching |b̂ − (x1 − (1 − σ_min) x0)|² (fm-ot, target b)
    DenoisingScore,///< denoising score matching, ε-prediction |ε̂ − x0|², ŝ = −ε̂ / α (one-sided, s)
};

enum class OptimizerKind { Adam, AdamW };

/// Learning-rate schedule after the linear warm-up.
enum class LrScheduleKind {
    Constant,  ///< lr
    Cosine,    ///< cosine decay from lr to lr · finalLrFraction at the last step
    Linear,    ///< linear decay from lr to lr · finalLrFraction at the last step
};

/// Everything that defines a training run. Validates itself (against the interpolant too).
struct TrainerOptions {
    // --- what is learned
    TrainTarget target = TrainTarget::Velocity;
    ObjectiveKind objective = ObjectiveKind::Auto;
    /// Antithetic pairs x_t^± = I_t ± γ z for L_b, L_s and L_v (docs/maths.md §5): halves the batch
    /// of fresh draws and reduces the variance. Ignored (no effect) where γ ≡ 0.
    bool antithetic = false;
    /// t ~ U[tMin, tMax]. A negative value means "automatic": [0, 1] unless a weight of the
    /// objective blows up at an end (γ⁻¹, α⁻¹), which is then clipped by kAutoTimeClip.
    double tMin = -1.0;
    double tMax = -1.0;
    /// How the pairs (x0, x1) of a batch are drawn (docs/maths.md §12): independent, minibatch
    /// OT, Sinkhorn (SB-CFM) or reflow. The exact OT couplings use the batch's fresh pairs
    /// (half the batch with antithetic pairs), at most CouplingOptions::kMaxOtBatch of them.
    CouplingOptions coupling;

    // --- the network
    NetworkOptions network;

    // --- the optimiser
    OptimizerKind optimizer = OptimizerKind::Adam;
    double learningRate = 2e-3;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double adamEpsilon = 1e-8;
    double weightDecay = 0.0;       ///< decoupled weight decay of AdamW (Adam ignores it)
    LrScheduleKind schedule = LrScheduleKind::Cosine;
    int warmupSteps = 100;          ///< linear warm-up from 0 to learningRate
    double finalLrFraction = 0.05;  ///< where Cosine/Linear end, as a fraction of learningRate
    double gradClipNorm = 1.0;      ///< clip the global gradient norm to this; 0 = off
    double emaDecay = 0.999;        ///< EMA of the weights (used for inference); 0 = off

    // --- the run
    int batchSize = 256;
    int steps = 5000;               ///< total steps of the run
    std::uint64_t seed = 0;         ///< fixes initial weights, data and times: a run repeats
    /// Parallel workers during training, each running a slice of the batch with single-threaded
    /// torch and BLAS (set for the duration of run(), then restored); 0 = half the cores (at
    /// least one: measured fastest on a busy machine, and it leaves the GUI a core). Fewer are
    /// used when slices would drop below 32 rows.
    int threads = 0;
    int progressEvery = 50;         ///< call the progress callback (and publish a snapshot) every N steps

    static constexpr double kAutoTimeClip = 1e-3;

    /// Empty when valid, else the problem in words.
    std::string validate() const;
    /// Also checks the target and objective against the interpolant (η and s-from-γ need γ > 0,
    /// FlowMatching needs fm-ot, DenoisingScore needs a one-sided family).
    std::string validate(const Interpolant& interpolant) const;

    /// The objective that Auto stands for with this interpolant.
    ObjectiveKind resolvedObjective(const Interpolant& interpolant) const;
    /// The sampling range of t after resolving the automatic ends.
    std::pair<double, double> resolvedTimeRange(const Interpolant& interpolant) const;
    /// The learning rate of step s (1-based): linear warm-up, then the schedule to `steps`.
    double learningRateAt(int s) const;
};

JsonValue trainerOptionsToJson(const TrainerOptions& options);
Result<TrainerOptions> trainerOptionsFromJson(const JsonValue& json);

const std::vector<std::string>& trainTargetNames();   ///< "b", "s", "eta", "v"
std::string toString(TrainTarget target);
Result<TrainTarget> parseTrainTarget(const std::string& name);
const std::vector<std::string>& objectiveKindNames();  ///< "auto", "quadratic", "cfm", "dsm"
std::string toString(ObjectiveKind kind);
Result<ObjectiveKind> parseObjectiveKind(const std::string& name);
std::string toString(OptimizerKind kind);              ///< "adam", "adamw"
Result<OptimizerKind> parseOptimizerKind(const std::string& name);
std::string toString(LrScheduleKind kind);             ///< "constant", "cosine", "linear"
Result<LrScheduleKind> parseLrScheduleKind(const std::string& name);

}  // namespace flowlab::core
