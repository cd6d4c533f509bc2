#include "train/train_benchmark.hpp"

#include <chrono>
#include <thread>

#include "density/presets.hpp"
#include "net/net_diagnostics.hpp"
#include "train/threading.hpp"
#include "train/trainer.hpp"

namespace flowlab::core {

TrainBenchmarkOptions::TrainBenchmarkOptions() {
    network.width = 256;
    network.depth = 3;
    network.activation = Activation::SiLU;
}

std::string TrainBenchmarkOptions::validate() const {
    if (auto p = network.validate(); !p.empty()) return p;
    if (network.inputDim != 2) return "the training benchmark runs on the 2D scene gaussian → 8gaussians";
    if (batchSize < 1 || batchSize > 1000000) return "batch size must be in [1, 1000000]";
    if (steps < 1 || warmupSteps < 0) return "steps must be ≥ 1 and warm-up steps ≥ 0";
    if (workers < 0) return "the worker count must be ≥ 0";
    if (matmulSize < 0 || matmulSize > 8192) return "matrix size must be in [0, 8192]";
    if (!(maxSeconds >= 0.0)) return "the time limit must be ≥ 0";
    return {};
}

double flopsPerTrainingStep(const NetworkOptions& network, int batchSize) {
    const double macs = static_cast<double>(network.forwardMacsPerPoint());
    const double first = static_cast<double>(network.inputDim + 2 * network.timeFrequencies) * network.width;
    return 2.0 * batchSize * (3.0 * macs - first);
}

Result<TrainBenchmarkResult> benchmarkTraining(const TrainBenchmarkOptions& options) {
    if (auto p = options.validate(); !p.empty()) return Error{p};

    auto base = makePreset("gaussian");
    auto target = makePreset("8gaussians");
    if (!base || !target) return Error{"presets missing"};
    TrainerOptions o;
    o.network = options.network;
    o.batchSize = options.batchSize;
    o.learningRate = 2e-3;
    o.schedule = LrScheduleKind::Constant;
    o.warmupSteps = 0;
    o.gradClipNorm = 1.0;
    o.emaDecay = 0.999;
    o.steps = options.warmupSteps;
    o.threads = options.workers;
    o.progressEvery = options.maxSeconds > 0.0 ? 10 : options.steps + options.warmupSteps;
    auto trainer = Trainer::create(*base, *target, InterpolantOptions{}, o);
    if (!trainer) return trainer.error();
    if (options.warmupSteps > 0) {
        auto warm = trainer->run();
        if (!warm) return warm.error();
    }
    if (Status st = trainer->setTotalSteps(options.warmupSteps + options.steps); !st) return Error{st.message()};
    // The deadline is checked every 10 steps (a callback publishes a snapshot, which costs a
    // little; without a deadline the callback runs only at the end).
    const auto start = std::chrono::steady_clock::now();
    auto timed = options.maxSeconds > 0.0 ? trainer->run([&](const TrainProgress&) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < options.maxSeconds;
    })
                                          : trainer->run();
    if (!timed) return timed.error();

    TrainBenchmarkResult r;
    r.stepsPerSecond = timed->stepsPerSecond;
    r.flopsPerStep = flopsPerTrainingStep(options.network, options.batchSize);
    r.gflops = r.flopsPerStep * r.stepsPerSecond / 1e9;
    r.finalLoss = timed->finalLoss;
    r.threading = std::to_string(options.workers > 0 ? options.workers : defaultWorkers()) +
                  " worker(s), each with torch 1 thread and BLAS 1 thread";
    if (options.matmulSize > 0) {
        auto mm = measureMatmulGflops(options.matmulSize, options.matmulSeconds);
        if (!mm) return mm.error();
        r.matmulGflops = *mm;
    }
    return r;
}

}  // namespace flowlab::core
