#pragma once

#include <vector>

#include "args.hpp"
#include "net/train_options.hpp"

namespace flowlab::cli {

/// The defaults of a training command (the 2D MLP and the image U-Net differ).
struct TrainingArgDefaults {
    int steps = 5000;
    int batch = 256;
    double learningRate = 2e-3;
};

/// What `train` and `images train` share: --field, --objective, --antithetic, --steps, --batch,
/// --lr, --optimizer, --weight-decay, --schedule, --warmup, --clip, --ema, --t-min, --t-max and
/// --progress-every, with help texts that name these defaults.
std::vector<OptionSpec> trainingOptionSpecs(const TrainingArgDefaults& defaults);

/// Reads those options into `options` (the network and the seed are the caller's).
core::Status parseTrainingArgs(const Args& args, const TrainingArgDefaults& defaults, core::TrainerOptions& options);

/// --coupling, --reflow-pairs and --reflow-steps of `train` and `images train`; `defaultNote` ends
/// the --coupling help ("default independent, or the scene file's").
std::vector<OptionSpec> couplingOptionSpecs(const std::string& defaultNote);

/// Reads those options into options.coupling (`fallback` without --coupling). For sinkhorn on a
/// two-sided family without --gamma/--gamma-a, sets the Brownian bridge γ of SB-CFM on
/// `interpolant` (a-brownian, a = λ/2 with λ = REG · meanIndependentCost, docs/maths.md §12).
/// Returns the line that says what it did to γ (empty when nothing is to be said), for the
/// caller to print once the run is set up.
core::Result<std::string> parseCouplingArgs(const Args& args, const core::CouplingOptions& fallback,
                                            double meanIndependentCost, core::InterpolantOptions& interpolant,
                                            core::TrainerOptions& options);

/// The 2D MLP trainer's defaults for the options `train` shares with `images train`.
inline constexpr TrainingArgDefaults kMlpDefaults{5000, 256, 2e-3};

/// The MLP's architecture options of `train` and `learning-curve`: --width, --depth,
/// --activation, --time-embedding, --frequencies.
std::vector<OptionSpec> mlpNetworkOptionSpecs();

/// The trainer options of an MLP on `dim`-dimensional points: the shared training options and
/// the architecture, validated (the seed is the caller's).
core::Result<core::TrainerOptions> mlpTrainerOptions(const Args& args, int dim, int threads);

}  // namespace flowlab::cli
