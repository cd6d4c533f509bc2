#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "field/learned_field.hpp"
#include "interpolant/interpolant.hpp"
#include "net/model_info.hpp"
#include "net/train_options.hpp"

namespace flowlab::core {

/// What the progress callback sees, every TrainerOptions::progressEvery steps and after the last.
struct TrainProgress {
    int step = 0;                ///< optimiser steps done so far (counting resumed ones)
    int totalSteps = 0;          ///< TrainerOptions::steps
    double loss = 0.0;           ///< loss of the latest step
    double emaLoss = 0.0;        ///< exponential moving average of the loss (smoother, for plots)
    double stepsPerSecond = 0.0; ///< throughput since the previous callback
    double learningRate = 0.0;   ///< learning rate of the latest step
    double elapsedSeconds = 0.0; ///< wall time of this run() so far
};

/// Called on the training thread. Return true to continue, false to stop after this step.
/// Inside the callback Trainer::snapshot() already holds the weights of `progress.step`, and
/// saveCheckpoint() may be called. Do not call run() from it.
using TrainCallback = std::function<bool(const TrainProgress& progress)>;

/// How a run ended.
enum class TrainOutcome {
    Completed,  ///< reached TrainerOptions::steps
    Stopped,    ///< the callback returned false or requestStop() was called
};

/// The result of Trainer::run().
struct TrainSummary {
    TrainOutcome outcome = TrainOutcome::Completed;
    int step = 0;                ///< steps done in total after the run
    int stepsThisRun = 0;
    double finalLoss = 0.0;
    double finalEmaLoss = 0.0;
    double seconds = 0.0;        ///< wall time of this run
    double stepsPerSecond = 0.0; ///< stepsThisRun / seconds
};

/// Trains one field network on a scene (docs/maths.md §5): data are drawn from the scene's densities
/// at every step, with a fixed seed, Adam or AdamW, a learning-rate schedule, gradient clipping
/// and an EMA of the weights.
///
/// Threads: run() blocks the thread that calls it (the GUI calls it from a worker thread).
/// requestStop(), step(), isRunning() and snapshot() may be called from any thread at any time.
/// Everything else must not overlap a run() (or must be called from inside the callback).
/// No torch type appears in this header: the GUI and CLI do not compile torch.
class Trainer {
public:
    /// Builds the network with freshly seeded weights. Fails with a message on invalid options,
    /// a dimension mismatch, or a target/objective the interpolant cannot train.
    static Result<Trainer> create(GaussianMixture base, GaussianMixture target,
                                  const InterpolantOptions& interpolant, const TrainerOptions& options);

    /// Restores a run from a checkpoint written by saveCheckpoint(): scene, options, weights,
    /// EMA, optimiser moments and step. `steps`, if > 0, replaces the total step count.
    static Result<Trainer> resume(const std::string& checkpointPath, int steps = 0);

    Trainer(Trainer&& other) noexcept;
    Trainer& operator=(Trainer&& other) noexcept;
    Trainer(const Trainer&) = delete;
    Trainer& operator=(const Trainer&) = delete;
    ~Trainer();

    /// Trains from step() up to options().steps, calling `callback` every progressEvery steps
    /// and after the last step. Stops early (outcome Stopped) when the callback returns false or
    /// requestStop() is called. A non-finite loss, gradient or weight stops training with an
    /// error naming the step; the weights, EMA and optimiser state are then those of the last
    /// good step, so the trainer and its snapshot stay usable. Torch errors come back as errors.
    /// Parallelism: TrainerOptions::threads workers each run a slice of the batch; torch's
    /// intra-op and OpenBLAS thread counts are set to 1 (process-wide) for the duration of the
    /// run and restored afterwards.
    Result<TrainSummary> run(const TrainCallback& callback = {});

    /// Asks a running run() to stop after its current step. Thread-safe; a no-op when idle.
    /// The request is cleared when the next run() starts.
    void requestStop();
    /// True while run() is executing. Thread-safe.
    bool isRunning() const;
    /// Steps done so far. Thread-safe.
    int step() const;

    /// The latest published weights as an independent, immutable field (EMA weights when
    /// emaDecay > 0). Published at creation, every progressEvery steps, and at the end of run().
    /// Thread-safe and cheap (shares the published weights); later training does not change it.
    LearnedField snapshot() const;

    /// Writes a checkpoint (scene, options, architecture, weights, EMA, optimiser state, step)
    /// atomically: a failure leaves any existing file untouched.
    Status saveCheckpoint(const std::string& path) const;

    const TrainerOptions& options() const;
    /// The metadata a checkpoint of the current state would hold.
    ModelInfo info() const;
    /// Changes the total step count (to train further after a completed run). Not during run().
    Status setTotalSteps(int steps);

    /// For tests of divergence handling: makes the weights non-finite right after optimiser step
    /// `step` (once), as a diverging run would.
    void debugPoisonWeightsAtStep(int step);

    struct Impl;

private:
    explicit Trainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace flowlab::core
