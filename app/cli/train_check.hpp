#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "field/learned_field.hpp"
#include "net/train_options.hpp"
#include "train/divergence_watch.hpp"

namespace flowlab::cli {

/// The relative L2 error ‖learned − exact‖ / ‖exact‖ of a model's field over points from ρ_t,
/// t ∈ {0.1, …, 0.9} (seeded: the same model gives the same figure); nullopt when the exact
/// field cannot be built or the model does not provide its field.
std::optional<double> relativeFieldError(const core::LearnedField& learned);

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
