#include "worker/training_worker.hpp"

#include <QElapsedTimer>

#include "field/exact_field.hpp"
#include "field/learned_field.hpp"
#include "metrics/field_error.hpp"
#include "train/component_plan.hpp"
#include "train/trainer.hpp"

namespace flowlab::ui {
namespace {

unsigned kindOf(core::TrainTarget t) {
    switch (t) {
        case core::TrainTarget::Score: return core::kScore;
        case core::TrainTarget::Denoiser: return core::kDenoiser;
        default: return core::kVelocity;
    }
}

}  // namespace

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent), m_queue(QStringLiteral("flowlab-training")) {}

TrainingWorker::~TrainingWorker() { m_queue.cancel(); }

void TrainingWorker::train(TrainingRequest request) {
    m_queue.submit([this, rq = std::move(request)](const JobQueue::CancelFlag& cancelled) { runJob(rq, cancelled); },
                   [this](const QString& message) {
                       // Like every worker: a failure is reported, never dropped (the panel leaves "training").
                       m_training = false;
                       emit finished(m_trainer ? m_trainer->step() : 0, false, QStringLiteral("training failed: ") + message);
                   });
}

void TrainingWorker::stop() { m_queue.cancel(); }

void TrainingWorker::reset() {
    m_queue.submit([this](const JobQueue::CancelFlag&) { m_trainer.reset(); });
}

void TrainingWorker::runJob(const TrainingRequest& rq, const JobQueue::CancelFlag& cancelled) {
    if (!rq.base || !rq.target) return;
    if (!m_trainer) {
        auto t = core::Trainer::create(*rq.base, *rq.target, rq.interpolant, rq.options);
        if (!t) {
            emit finished(0, false, QString::fromStdString(t.message()));
            return;
        }
        m_trainer = std::make_unique<core::Trainer>(std::move(t).value());
    }
    core::Trainer& trainer = *m_trainer;
    const auto publish = [&](bool live) {
        emit snapshotReady(std::make_shared<const core::LearnedField>(trainer.snapshot()), trainer.step(), live);
    };
    if (rq.moreSteps <= 0) {
        publish(false);
        return;
    }
    if (core::Status s = trainer.setTotalSteps(trainer.step() + rq.moreSteps); !s) {
        emit finished(trainer.step(), false, QString::fromStdString(s.message()));
        return;
    }

    // The exact field of the same scene, to measure how far the network still is.
    auto interp = core::Interpolant::create(rq.interpolant, *rq.base);
    std::shared_ptr<const core::ExactField> exact;
    if (interp) {
        core::ExactFieldOptions eo;
        eo.threads = 1;
        // The field of this coupling's pairs where it has a closed form, else the independent one.
        auto e = rq.options.coupling.hasExactField() ? core::exactFieldFor(rq.options.coupling, *rq.base, *rq.target, *interp, eo)
                                                     : core::ExactField::create(*rq.base, *rq.target, *interp, eo);
        if (e) exact = std::make_shared<const core::ExactField>(std::move(e).value());
    }
    const unsigned kind = kindOf(rq.options.target);
    const auto measure = [&] {
        if (!exact) return;
        core::FieldErrorOptions fo;
        fo.pointsPerTime = 400;
        fo.seed = rq.options.seed + 1;
        fo.coupling = exact->coupling();
        const core::LearnedField learned = trainer.snapshot();
        if (auto e = core::relativeFieldError(learned, *exact, kind, *rq.base, *rq.target, *interp, fo))
            emit errorMeasured(trainer.step(), *e);
    };

    m_training = true;
    emit started();
    // A fresh network is the first kept snapshot: the step scrubber can always go back to where
    // training began, however fast the run (live snapshots come by the clock, not by the step).
    if (trainer.step() == 0) publish(true);
    QElapsedTimer sinceSnapshot, sinceError;
    sinceSnapshot.start();
    sinceError.start();
    auto summary = trainer.run([&](const core::TrainProgress& p) {
        emit progress(TrainingPoint{p.step, p.loss, p.emaLoss, p.stepsPerSecond});
        if (sinceSnapshot.elapsed() >= kSnapshotIntervalMs) {
            sinceSnapshot.restart();
            publish(true);
        }
        if (sinceError.elapsed() >= kErrorIntervalMs) {
            sinceError.restart();
            measure();
        }
        return !cancelled.load();
    });
    m_training = false;
    publish(false);
    measure();
    if (!summary)
        emit finished(trainer.step(), false, QString::fromStdString(summary.message()));
    else
        emit finished(trainer.step(), summary->outcome == core::TrainOutcome::Stopped, QString());
}

}  // namespace flowlab::ui
