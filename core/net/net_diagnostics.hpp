#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "net/network_options.hpp"

namespace flowlab::core {

/// Largest relative difference between the training kernel's hand-written gradient (and
/// forward pass) and autograd's through the module, for a seeded random batch and a quadratic
/// loss: a self-check of the fast path that tests can run without compiling torch.
Result<double> manualGradientError(const NetworkOptions& options, int batchSize, std::uint64_t seed);

/// The machine's float32 matrix-multiply rate in GFLOP/s, measured with torch's mm (the BLAS
/// the training loop uses) on n × n matrices for about `seconds`, with the current thread
/// settings. The reference for a training run's achieved GFLOP/s.
Result<double> measureMatmulGflops(int n, double seconds);

}  // namespace flowlab::core
