#pragma once

#include <cstdint>

#include "common/result.hpp"
#include "net/network_options.hpp"
#include "net/unet_options.hpp"

namespace flowlab::core {

/// Largest relative difference between the training kernel's hand-written gradient (and
/// forward pass) and autograd's through the module, for a seeded random batch and a quadratic
/// loss: a self-check of the fast path that tests can run without compiling torch.
Result<double> manualGradientError(const NetworkOptions& options, int batchSize, std::uint64_t seed);

/// Largest relative difference between the two forward passes of the MLP, for a seeded random
/// network and batch at one time t: forwardAt (what LearnedField evaluates: time features folded
/// into the first bias, activations in place under InferenceMode) against forward (the features
/// concatenated to every row, as the network was trained). A self-check of the inference path
/// that tests can run without compiling torch.
Result<double> foldedTimeForwardError(const NetworkOptions& options, int batchSize, double t, std::uint64_t seed);

/// Largest relative difference between the U-Net's forward pass without autograd (InferenceMode:
/// SiLU and the residual and embedding additions in place, what sampling runs) and with autograd
/// recording (nothing in place, what training runs), for seeded random weights (the output
/// convolution too, so the output is not zero), images, times and, when the options have
/// classes, labels. A self-check of the sampling path that tests can run without torch.
Result<double> unetInferenceForwardError(const UNetOptions& options, int batchSize, std::uint64_t seed);

/// Largest relative difference between torch's float32 matrix product (the BLAS kernels in use,
/// see selectBlasKernels) of seeded random (n+5)×n and n×(n+3) matrices and the same product
/// summed in double: a check that the kernels chosen for this CPU compute what they should.
Result<double> matmulCheckError(int n, std::uint64_t seed);

/// The machine's float32 matrix-multiply rate in GFLOP/s, measured with torch's mm (the BLAS
/// the training loop uses) on n × n matrices for about `seconds`, with the current thread
/// settings. The reference for a training run's achieved GFLOP/s.
Result<double> measureMatmulGflops(int n, double seconds);

}  // namespace flowlab::core
