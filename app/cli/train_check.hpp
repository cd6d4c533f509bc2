#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "field/learned_field.hpp"
#include "net/train_options.hpp"

namespace flowlab::cli {

/// The relative L2 error ‖learned − exact‖ / ‖exact‖ of a model's field over points from ρ_t,
/// t ∈ {0.1, …, 0.9} (seeded: the same model gives the same figure); nullopt when the exact
/// field cannot be built or the model does not provide its field.
std::optional<double> relativeFieldError(const core::LearnedField& learned);

/// A network whose relative error exceeds this is worse than one that outputs zero (error 1)
/// several times over: the run diverged rather than learned.
inline constexpr double kDivergedRelativeError = 3.0;
/// A final EMA loss this many times max(|lowest|, 1) above the lowest one seen says the run
/// diverged.
inline constexpr double kDivergedLossFactor = 100.0;

/// Follows a training run's progress and remembers the last published weights that looked
/// healthy (finite loss not far above the lowest, field error below kDivergedRelativeError), so a
/// run that blows up can keep them instead of its diverged or untrained weights.
class DivergenceWatch {
public:
    /// Notes one progress report; `snapshot` holds the weights of `step`.
    void note(int step, double emaLoss, const core::LearnedField& snapshot);
    /// Empty when the final state is healthy, else why the run counts as diverged.
    std::string verdict(double finalEmaLoss, std::optional<double> finalError) const;
    /// The last healthy weights and their step (none when no report after step 0 was healthy).
    const std::optional<core::LearnedField>& lastGood() const { return m_lastGood; }
    int lastGoodStep() const { return m_lastGoodStep; }

private:
    bool healthy(double emaLoss, std::optional<double> error) const;
    bool blewUp(double emaLoss) const;
    double m_bestLoss = 0.0;
    bool m_haveBest = false;
    std::optional<core::LearnedField> m_lastGood;
    int m_lastGoodStep = 0;
};

/// Bytes a training run of these options needs at least (weights, gradients, Adam moments,
/// EMA, kept good state, and the batch's activations forward and backward), rounded up.
std::uint64_t estimateTrainingBytes(const core::TrainerOptions& options);

/// The memory this process may still use: MemAvailable from /proc/meminfo, lowered by a cgroup
/// (v2) memory limit or an address-space limit (ulimit -v) when one is set; nullopt when none
/// can be read.
std::optional<std::uint64_t> availableMemoryBytes();

/// "1.5 GB" style, for messages.
std::string formatBytes(std::uint64_t bytes);

}  // namespace flowlab::cli
