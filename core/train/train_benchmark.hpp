#pragma once

#include <string>

#include "common/result.hpp"
#include "net/network_options.hpp"

namespace flowlab::core {

/// A training-throughput measurement: the Trainer's full loop (data drawn from the scene,
/// forward, backward, clipping, Adam, EMA) on gaussian → 8gaussians, linear interpolant,
/// velocity objective, constant learning rate. The loop scripts/bench_train_reference.py
/// reproduces in plain PyTorch.
struct TrainBenchmarkOptions {
    NetworkOptions network;       ///< default: MLP 3×256 SiLU, Fourier(16)
    int batchSize = 256;
    int steps = 1000;             ///< timed steps
    int warmupSteps = 50;         ///< untimed steps first (thread pools, caches, allocator)
    int workers = 0;              ///< the trainer's parallel workers (TrainerOptions::threads); 0 = default
    int matmulSize = 256;         ///< n of the n × n matrix-multiply reference; 0 = skip it
    double matmulSeconds = 1.0;
    double maxSeconds = 0.0;      ///< end the timed steps early after this long; 0 = no limit

    TrainBenchmarkOptions();
    std::string validate() const;
};

struct TrainBenchmarkResult {
    double stepsPerSecond = 0.0;
    double flopsPerStep = 0.0;     ///< forward + backward multiply–adds × 2 (see flopsPerTrainingStep)
    double gflops = 0.0;           ///< achieved: flopsPerStep × stepsPerSecond / 1e9
    double matmulGflops = 0.0;     ///< the machine's measured matrix-multiply rate (0 if skipped)
    double finalLoss = 0.0;
    std::string threading;         ///< the thread settings in force
};

/// FLOPs of one training step of an MLP: forward 2·B·M, weight gradients 2·B·M and input
/// gradients of every layer but the first 2·B·(M − M₁), with M the multiply–adds per point and
/// M₁ those of the first layer. Elementwise work is not counted.
double flopsPerTrainingStep(const NetworkOptions& network, int batchSize);

Result<TrainBenchmarkResult> benchmarkTraining(const TrainBenchmarkOptions& options);

}  // namespace flowlab::core
