#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "net/network_options.hpp"

namespace flowlab::core {

/// Largest relative difference between the training kernel's hand-written gradient and
/// autograd's, for a seeded random batch and a quadratic loss: a self-check of the fast backward
/// pass that tests (and the curious) can run without compiling torch.
Result<double> manualGradientError(const NetworkOptions& options, int batchSize, std::uint64_t seed);

}  // namespace flowlab::core
