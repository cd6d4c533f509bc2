#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "density/gaussian_mixture.hpp"
#include "field/field_source.hpp"
#include "interpolant/interpolant.hpp"
#include "net/train_options.hpp"
#include "worker/job_queue.hpp"

namespace flowlab::core {
class Trainer;
}

namespace flowlab::ui {

/// A request to train (or just to build) the network of the learned mode; copied in.
struct TrainingRequest {
    std::shared_ptr<const core::GaussianMixture> base;
    std::shared_ptr<const core::GaussianMixture> target;
    core::InterpolantOptions interpolant;
    core::TrainerOptions options;
    /// Steps to train now; 0 builds the network (if there is none) and publishes its untrained
    /// field, so the view can show what a fresh network does.
    int moreSteps = 0;
};

/// One point of the loss curve.
struct TrainingPoint {
    int step = 0;
    double loss = 0.0;
    double emaLoss = 0.0;
    double stepsPerSecond = 0.0;
};

/// Trains the learned field on its own thread with core::Trainer: progress points for the loss
/// plot, snapshots of the field a few times per second (immutable copies the GUI can evaluate
/// while training continues), the relative error against the exact field every few seconds, and
/// the end. Stop finishes the current step; Reset drops the network. The trainer is touched only
/// on the worker thread.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    /// Snapshots are sent at most this often while training.
    static constexpr int kSnapshotIntervalMs = 300;
    /// The error against the exact field is measured at most this often while training.
    static constexpr int kErrorIntervalMs = 2000;

    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    /// Builds the network if there is none, then trains `moreSteps` steps.
    void train(TrainingRequest request);
    /// Stops training after the current step (keeps the network).
    void stop();
    /// Drops the network (the next train() starts from fresh weights).
    void reset();
    bool isTraining() const { return m_training.load(); }

signals:
    void started();
    void progress(const flowlab::ui::TrainingPoint& point);
    /// The field at `step`; `live` while training goes on, false for the last one of a run.
    void snapshotReady(std::shared_ptr<const flowlab::core::FieldSource> field, int step, bool live);
    /// Relative L2 error of the learned field against the exact one over x ~ ρ_t, t ∈ [0.1, 0.9].
    void errorMeasured(int step, double relativeError);
    /// A run ended: completed, stopped, or failed with `error` (the network keeps its last good weights).
    void finished(int step, bool stopped, const QString& error);

private:
    void runJob(const TrainingRequest& request, const JobQueue::CancelFlag& cancelled);

    std::unique_ptr<core::Trainer> m_trainer;  // only used on the worker thread
    std::atomic<bool> m_training{false};
    JobQueue m_queue;  // declared last: destroyed (joined) first
};

}  // namespace flowlab::ui
Q_DECLARE_METATYPE(flowlab::ui::TrainingPoint)
