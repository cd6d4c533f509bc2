#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <string>

#include "field/field_source.hpp"
#include "images/image_dataset.hpp"
#include "scene/scene_settings.hpp"
#include "train/image_trainer.hpp"
#include "worker/job_queue.hpp"
#include "worker/training_worker.hpp"

namespace flowlab::core {
class ImageClassifier;
}

namespace flowlab::ui {

/// How the window measures an image network while it trains: the classifier Fréchet distance
/// (core::measureImageQuality) of a few samples against the test split, with a small classifier
/// trained once per data set on the worker.
struct ImageQualityOptions {
    int classifierSteps = 300;  ///< steps of the classifier; 0 = no Fréchet distance
    int samples = 64;           ///< samples drawn per measurement (probability-flow ODE, Heun)
    int sampleSteps = 10;       ///< their Heun steps
    int intervalMs = 4000;      ///< at most this often while training (and once at the end)

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// A request to train the U-Net of an image scene; copied in. The data are loaded on the worker
/// (core::loadSceneImages: the whole train split); the network's image shape comes from them.
struct ImageTrainingRequest {
    core::SceneImages images;             ///< the data (spec, size) to train on
    core::InterpolantOptions interpolant;
    /// Base channels, target, optimiser, batch, seed, threads, and progressEvery: every
    /// progressEvery steps one loss point and one snapshot leave the worker.
    int baseChannels = 16;
    core::TrainerOptions training;
    ImageQualityOptions quality;
    int moreSteps = 0;        ///< steps to train now (> 0)
    /// A model file to continue when the worker has no network yet (like `flowlab-cli images
    /// train --resume`): its weights, optimiser state, step count and class embedding; the
    /// request's batch size, learning rate, report interval and step count apply. One that
    /// cannot be continued as the request asks (inference weights only, other images, another
    /// interpolant, other U-Net channels, field or coupling than the request's) → fresh weights,
    /// with the reason in notice().
    /// Empty: fresh weights.
    std::string resumeFrom;
    int poisonAtStep = -1;    ///< tests: poisons the weights after this step, once (−1: never)
};

/// The U-Net architecture the window trains on images of `data`: `baseChannels` on three levels
/// (two below 16 pixels), one residual block, unconditional.
core::UNetOptions windowUNet(const core::ImageDataset& data, int baseChannels);

/// Trains an image scene's U-Net on its own thread with core::ImageTrainer (the image sibling of
/// TrainingWorker): every progressEvery steps a loss point and a snapshot of the inference (EMA)
/// weights as an immutable UNetField, the classifier Fréchet distance every few seconds, and the
/// end. Stop (an atomic, polled at every report) keeps the network; a failure, NaN included,
/// keeps the last good weights (the core trainer restores them) and is reported in `finished`.
/// Exceptions are caught at the worker edge. The trainer is touched only on the worker thread.
class ImageTrainingWorker : public QObject {
    Q_OBJECT
public:
    explicit ImageTrainingWorker(QObject* parent = nullptr);
    ~ImageTrainingWorker() override;

    /// Builds the network if there is none (loading the data; continuing request.resumeFrom when
    /// it fits), then trains `moreSteps` steps.
    void train(ImageTrainingRequest request);
    /// Stops training at the next report (keeps the network).
    void stop();
    /// Drops the network (the next train() starts from fresh weights).
    void reset();
    /// Writes the network with its optimiser state to `path` (atomically; `flowlab-cli images
    /// train --resume` continues it, scenes name it in images.models). Not while training: the
    /// request would stop it, so the caller refuses first.
    void save(const QString& path);
    bool isTraining() const { return m_training.load(); }
    /// Counts the resets: what a run reports carries the generation it started in, so that
    /// reports of a network already dropped can be told apart.
    quint64 generation() const { return m_generation.load(); }

signals:
    void started();
    /// Something the user should know that is not a failure (the data fell back, no classifier).
    void notice(const QString& message);
    void progress(const flowlab::ui::TrainingPoint& point, quint64 generation);
    /// The network at `step` (a flowlab::core::UNetField); `live` while training goes on.
    void snapshotReady(std::shared_ptr<const flowlab::core::FieldSource> field, int step, bool live, quint64 generation);
    /// The classifier Fréchet distance of samples at `step`, and its floor at that sample size.
    void frechetMeasured(int step, double distance, double floor);
    /// A run ended: completed, stopped, or failed with `error` (the last good weights stay).
    void finished(int step, bool stopped, const QString& error);
    /// save() ended: `error` empty on success.
    void saved(const QString& path, const QString& error);

private:
    void runJob(const ImageTrainingRequest& request, quint64 generation, const JobQueue::CancelFlag& cancelled);
    bool ensureData(const core::SceneImages& images);
    /// The trainer of a request that has none yet: resumed from rq.resumeFrom if it fits, else fresh.
    core::Result<core::ImageTrainer> makeTrainer(const ImageTrainingRequest& request);
    void ensureClassifier(const ImageTrainingRequest& request, const JobQueue::CancelFlag& cancelled);
    void measure(const core::FieldSource& field, int step, const ImageQualityOptions& quality, std::uint64_t seed);

    // Only used on the worker thread.
    std::unique_ptr<core::ImageTrainer> m_trainer;
    std::shared_ptr<const core::ImageSplits> m_data;
    std::string m_dataKey;
    core::ImageDataOptions m_dataSource;
    std::shared_ptr<const core::ImageClassifier> m_classifier;
    std::string m_classifierKey;
    std::atomic<bool> m_training{false};
    std::atomic<quint64> m_generation{0};
    std::atomic<bool> m_resetPending{false};  // set by reset(), done by the next job that runs
    JobQueue m_queue;  // declared last: destroyed (joined) first
};

}  // namespace flowlab::ui
