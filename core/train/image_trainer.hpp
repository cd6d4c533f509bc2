#pragma once

#include <memory>
#include <string>

#include "common/result.hpp"
#include "field/unet_field.hpp"
#include "images/image_dataset.hpp"
#include "interpolant/interpolant.hpp"
#include "net/train_options.hpp"
#include "net/unet_checkpoint.hpp"
#include "net/unet_options.hpp"
#include "train/divergence_watch.hpp"
#include "train/trainer.hpp"

namespace flowlab::core {

/// Everything that defines an image training run. Validates itself (against the interpolant).
struct ImageTrainerOptions {
    /// The architecture; its image shape must match the data set, and classCount must be 0
    /// (unconditional) or the data set's class count.
    UNetOptions network;
    /// What is learned (target, objective, antithetic, time range), the optimiser, schedule,
    /// warm-up, clipping, EMA, batch, steps, seed, threads and progress interval: the same
    /// options and meaning as for the 2D trainer (threads = data-parallel workers, each with
    /// single-threaded torch and BLAS; 0 = half the cores). Its `network` member is not used.
    TrainerOptions training;
    /// Probability that a training label is replaced by the null class ∅, so that one network
    /// learns N(·|y) and N(·|∅) for classifier-free guidance. Only with classes.
    double classDropout = 0.1;
    /// Uniform dequantisation: adds (u − ½)·2/256, u ~ U[0, 1), to the training pixels
    /// (docs/maths.md §10), so the model's density is continuous across the 256 levels.
    bool dequantize = true;
    /// "cpu" or "cuda" (refused with a message where LibTorch has no CUDA).
    std::string device = "cpu";
    /// How the data set was loaded, recorded in checkpoints so that --resume can reload it.
    ImageDataOptions dataSource;

    /// Empty when valid, else the problem in words.
    std::string validate(const Interpolant& interpolant) const;
    /// Defaults that suit a small U-Net on images: lr 1e-3, batch 64, 2000 steps, EMA 0.999.
    static ImageTrainerOptions defaults();
};

/// Trains the image U-Net on an ImageDataset (docs/maths.md §5, §10–§11): every step draws t,
/// x0 ~ N(0, I), a random training image x1 (dequantised), z and — with classes — a label
/// dropped to ∅ with probability classDropout, and regresses onto the same targets with the
/// same losses as the 2D trainer (TargetRule, lossAndGradient). Under a coupling other than
/// independent (training.coupling) the fresh pairs are drawn first and paired by an
/// ImagePairSampler, as the 2D trainer's are (ot, sinkhorn:REG, reflow from an image model). Adam/AdamW with warm-up and a
/// schedule, global-norm gradient clipping, an EMA of the weights, NaN restore.
///
/// Threads: run() blocks its caller; requestStop(), step(), isRunning() may be called from any
/// thread. Everything else must not overlap a run() (or is called from inside the callback).
/// No torch type appears in this header.
class ImageTrainer {
public:
    /// Builds the network with freshly seeded weights. Fails with a message on invalid options,
    /// an empty data set, a shape mismatch, a device that is not available.
    static Result<ImageTrainer> create(ImageDataset train, const InterpolantOptions& interpolant,
                                       const ImageTrainerOptions& options);

    /// Restores a run saved by saveCheckpoint(): options, weights, EMA, optimiser moments and
    /// step; `train` must be the data set it was trained on (shape, classes and description are
    /// checked). `steps`, if > 0, replaces the total step count.
    static Result<ImageTrainer> resume(const std::string& checkpointPath, ImageDataset train, int steps = 0);

    ImageTrainer(ImageTrainer&& other) noexcept;
    ImageTrainer& operator=(ImageTrainer&& other) noexcept;
    ImageTrainer(const ImageTrainer&) = delete;
    ImageTrainer& operator=(const ImageTrainer&) = delete;
    ~ImageTrainer();

    /// Trains up to options().training.steps, calling `callback` every progressEvery steps and
    /// after the last (as Trainer::run). A non-finite loss, gradient or weight stops with an
    /// error naming the step, after restoring the last good weights, EMA and optimiser state.
    Result<TrainSummary> run(const TrainCallback& callback = {});
    void requestStop();
    bool isRunning() const;
    int step() const;

    /// The current inference weights as a field (class −1: none; guidance w). Thread-safe.
    Result<UNetField> snapshot(int classLabel = -1, double guidance = 0.0) const;
    /// Writes a checkpoint (description, weights, EMA, optimiser state) atomically.
    Status saveCheckpoint(const std::string& path) const;

    const ImageTrainerOptions& options() const;
    ImageModelInfo info() const;
    /// Floating-point operations of one training step (forward + backward ≈ 3 forwards,
    /// 2 FLOPs per multiply–add, convolutions and linear layers only).
    double flopsPerStep() const;
    /// The loss of a network that outputs zero, and the target's scale, averaged over `batches`
    /// batches drawn as training draws them but from a copy of the data stream (training is
    /// unaffected): the yardstick with which DivergenceWatch tells a diverged run. Not during run().
    DataFreeLoss dataFreeLoss(int batches = 8);
    /// Number of trainable parameters.
    long long parameterCount() const;
    Status setTotalSteps(int steps);
    /// Draws `batchSize` images per step from now on (e.g. a resumed run in the window, whose
    /// Training dock chose another batch than the file recorded); checkpoints record it. The
    /// weights, EMA, optimiser state and step stay. Refused (with the reason) while running or
    /// when the options would not validate with it (an odd batch with antithetic pairs).
    Status setBatchSize(int batchSize);
    /// The peak learning rate of the schedule from now on (e.g. a resumed run in the window,
    /// whose Training dock asks another rate than the file recorded); the warm-up and decay keep
    /// their shape, the Adam moments and step stay, checkpoints record it. Refused (with the
    /// reason) while running or when the options would not validate with it.
    Status setLearningRate(double learningRate);
    /// Reports every `every` steps from now on (e.g. a resumed run in the window, whose file
    /// recorded the command line's interval). Not while running.
    Status setProgressEvery(int every);
    /// For tests of divergence handling: poisons the weights right after step `step` (once).
    void debugPoisonWeightsAtStep(int step);

    struct Impl;

private:
    explicit ImageTrainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// The description of a data set as an image model records it.
ImageDataInfo describeImageData(const ImageDataset& data, const ImageDataOptions& source);

/// Empty when `data` is the data set a model was trained on (same size, channels, classes and
/// description), else "the model was trained on A (h×w), not on B (h×w)".
std::string imageDataMismatch(const ImageDataInfo& trained, const ImageDataset& data);

}  // namespace flowlab::core
