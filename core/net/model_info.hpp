#pragma once

#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "interpolant/interpolant.hpp"
#include "io/json.hpp"
#include "net/train_options.hpp"

namespace flowlab::core {

/// How the network output relates to the learned field.
enum class OutputParameterization {
    Direct,   ///< the output is the field itself
    Epsilon,  ///< the output is ε̂ ≈ x0 (denoising score matching): ŝ = −ε̂ / α
};

/// Where a training run stands (saved in checkpoints, reported by the trainer).
struct TrainingState {
    int step = 0;              ///< optimiser steps done
    double loss = 0.0;         ///< loss of the last step
    double emaLoss = 0.0;      ///< exponential moving average of the loss
    double seconds = 0.0;      ///< wall time spent training
    bool weightsAreEma = false;///< the inference weights are the EMA of the training weights
};

/// Everything about a learned model except its weights: the scene it was trained on, which
/// field, the objective, the architecture and the training state. A checkpoint is this plus the
/// weights; a LearnedField carries it too.
struct ModelInfo {
    GaussianMixture base;
    GaussianMixture target;
    InterpolantOptions interpolant;
    TrainTarget field = TrainTarget::Velocity;
    ObjectiveKind objective = ObjectiveKind::Quadratic;   ///< resolved (never Auto)
    OutputParameterization output = OutputParameterization::Direct;
    NetworkOptions network;
    TrainerOptions trainer;                                ///< the options of the run
    TrainingState state;

    /// Refuses a scene the model was not trained for, saying what differs (dimension,
    /// interpolant family or γ, base or target density). Success when they match.
    Status checkScene(const GaussianMixture& base, const GaussianMixture& target,
                      const InterpolantOptions& interpolant) const;

    /// One line: "learned b, MLP 3×128 SiLU, linear γ=zero, step 5000".
    std::string describe() const;
};

JsonValue modelInfoToJson(const ModelInfo& info);
/// A training state as JSON, and back (refuses missing members and a bad step count).
JsonValue trainingStateToJson(const TrainingState& state);
Result<TrainingState> trainingStateFromJson(const JsonValue& json);
/// The interpolant's parameters as JSON (every field), and back (validated).
JsonValue interpolantToJson(const InterpolantOptions& options);
Result<InterpolantOptions> interpolantFromJson(const JsonValue& json);
/// "direct" or "epsilon".
std::string toString(OutputParameterization output);
Result<OutputParameterization> parseOutputParameterization(const std::string& name);
Result<ModelInfo> modelInfoFromJson(const JsonValue& json);

}  // namespace flowlab::core
