#include "worker/image_training_worker.hpp"

#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cmath>

#include "metrics/image_quality.hpp"
#include "sampler/image_sampling.hpp"
#include "scene/image_scene.hpp"
#include "train/image_classifier.hpp"

namespace flowlab::ui {
namespace {

// The classifier the Fréchet distance looks through: small, so that it trains in seconds.
constexpr int kClassifierChannels = 16;
constexpr int kClassifierFeatures = 64;
constexpr int kClassifierBatch = 64;
// The samples of a measurement come from their own stream, the same at every snapshot.
constexpr std::uint64_t kQualitySeedSalt = 17;

std::string dataKey(const core::SceneImages& im) { return im.data + "@" + std::to_string(im.size); }

}  // namespace

std::string ImageQualityOptions::validate() const {
    if (classifierSteps < 0 || classifierSteps > 100000) return "classifier steps must be in [0, 100000]";
    if (samples < 2 || samples > 10000) return "the Fréchet distance needs 2 to 10 000 samples";
    if (sampleSteps < 1 || sampleSteps > 1000) return "sample steps must be in [1, 1000]";
    if (intervalMs < 0) return "the measurement interval must not be negative";
    return {};
}

core::UNetOptions windowUNet(const core::ImageDataset& data, int baseChannels) {
    core::UNetOptions n;
    n.channels = data.channels;
    n.height = data.height;
    n.width = data.width;
    n.baseChannels = baseChannels;
    n.channelMultipliers = std::min(data.height, data.width) >= 16 ? std::vector<int>{1, 2, 2} : std::vector<int>{1, 2};
    n.resBlocks = 1;
    n.groups = std::min(8, baseChannels);
    n.classCount = 0;
    return n;
}

ImageTrainingWorker::ImageTrainingWorker(QObject* parent)
    : QObject(parent), m_queue(QStringLiteral("flowlab-image-training")) {}

ImageTrainingWorker::~ImageTrainingWorker() { m_queue.cancel(); }

void ImageTrainingWorker::train(ImageTrainingRequest request) {
    const quint64 generation = m_generation.load();
    m_queue.submit([this, rq = std::move(request), generation](const JobQueue::CancelFlag& cancelled) {
                       runJob(rq, generation, cancelled);
                   },
                   [this](const QString& message) {
                       // Like every worker: a failure is reported, never dropped (the panel leaves "training").
                       m_training = false;
                       emit finished(m_trainer ? m_trainer->step() : 0, false, QStringLiteral("training failed: ") + message);
                   });
}

void ImageTrainingWorker::stop() { m_queue.cancel(); }

void ImageTrainingWorker::reset() {
    // A job submitted next replaces this one if it still waits: the flag makes that job reset too.
    ++m_generation;
    m_resetPending = true;
    m_queue.submit([this](const JobQueue::CancelFlag&) {
        if (m_resetPending.exchange(false)) m_trainer.reset();
    });
}

void ImageTrainingWorker::save(const QString& path) {
    m_queue.submit(
        [this, path](const JobQueue::CancelFlag&) {
            if (m_resetPending.exchange(false)) m_trainer.reset();
            if (!m_trainer) {
                emit saved(path, tr("there is no trained network to save"));
                return;
            }
            const core::Status st = m_trainer->saveCheckpoint(path.toStdString());
            emit saved(path, st ? QString() : QString::fromStdString(st.message()));
        },
        [this, path](const QString& message) { emit saved(path, message); });
}

bool ImageTrainingWorker::ensureData(const core::SceneImages& images) {
    const std::string key = dataKey(images);
    if (m_data && key == m_dataKey) return true;
    std::string notice;
    auto data = core::loadSceneImages(images, 0, notice, &m_dataSource);
    if (!data) {
        emit finished(0, false, QString::fromStdString(data.message()));
        return false;
    }
    m_data = std::make_shared<const core::ImageSplits>(std::move(*data));
    m_dataKey = key;
    if (!notice.empty()) emit this->notice(QString::fromStdString(notice));
    return true;
}

void ImageTrainingWorker::ensureClassifier(const ImageTrainingRequest& rq, const JobQueue::CancelFlag& cancelled) {
    if (rq.quality.classifierSteps <= 0) return;
    const std::string key = m_dataKey + "#" + std::to_string(rq.quality.classifierSteps);
    if (m_classifier && key == m_classifierKey) return;
    m_classifier.reset();
    if (!m_data->train.hasLabels() || m_data->train.classCount() < 2 || m_data->test.size() < 2) {
        emit notice(tr("%1 has no labels: no classifier Fréchet distance").arg(QString::fromStdString(m_data->train.description)));
        return;
    }
    core::ImageClassifierOptions o;
    o.baseChannels = kClassifierChannels;
    o.featureWidth = kClassifierFeatures;
    o.batchSize = kClassifierBatch;
    o.steps = rq.quality.classifierSteps;
    o.progressEvery = std::max(1, o.steps / 10);
    o.seed = rq.training.seed;
    o.threads = 1;
    auto c = core::ImageClassifier::train(m_data->train, o, [&](const core::ClassifierProgress&) { return !cancelled.load(); });
    if (!c) {
        emit notice(tr("no classifier Fréchet distance: %1").arg(QString::fromStdString(c.message())));
        return;
    }
    m_classifier = std::make_shared<const core::ImageClassifier>(std::move(*c));
    m_classifierKey = key;
}

void ImageTrainingWorker::measure(const core::FieldSource& field, int step, const ImageQualityOptions& quality,
                                  std::uint64_t seed) {
    if (!m_classifier) return;
    const auto* net = dynamic_cast<const core::UNetField*>(&field);
    if (!net) return;
    core::SamplerOptions so;
    so.solver = core::SolverKind::Heun;
    so.steps = quality.sampleSteps;
    if (!so.validate(net->interpolant()).empty() || !net->canProvide(so.requiredFields())) return;
    core::Rng rng(seed + kQualitySeedSalt);
    auto samples = core::sample(*net, net->interpolant(),
                                core::gaussianStart(net->interpolant(), net->dim(), quality.samples, rng), so, rng);
    if (!samples) return;
    auto q = core::measureImageQuality(*m_classifier, samples->end, m_data->test);
    if (q && std::isfinite(q->frechet)) emit frechetMeasured(step, q->frechet, q->referenceFloor);
}

namespace {

/// What a model file was trained with that the Training dock asks otherwise and a continued run
/// cannot change (the U-Net's channels, the learned field, the coupling), in words; empty when
/// the file can be continued as the dock shows it.
QString settingsTheFileLacks(const core::ImageTrainer& resumed, const ImageTrainingRequest& rq) {
    const core::ImageModelInfo info = resumed.info();
    QStringList differs;
    if (info.network.baseChannels != rq.baseChannels)
        differs << QObject::tr("%1 U-Net channels (the dock: %2)").arg(info.network.baseChannels).arg(rq.baseChannels);
    if (info.field != rq.training.target)
        differs << QObject::tr("the field %1 (the dock: %2)")
                       .arg(QString::fromStdString(core::toString(info.field)),
                            QString::fromStdString(core::toString(rq.training.target)));
    if (info.trainer.coupling != rq.training.coupling)
        differs << QObject::tr("the coupling %1 (the dock: %2)")
                       .arg(QString::fromStdString(info.trainer.coupling.spec()),
                            QString::fromStdString(rq.training.coupling.spec()));
    return differs.join(QStringLiteral(", "));
}

}  // namespace

core::Result<core::ImageTrainer> ImageTrainingWorker::makeTrainer(const ImageTrainingRequest& rq) {
    if (!rq.resumeFrom.empty()) {
        const QString file = QString::fromStdString(rq.resumeFrom);
        auto resumed = core::ImageTrainer::resume(rq.resumeFrom, m_data->train);
        QString why;
        if (!resumed)
            why = QString::fromStdString(resumed.message());
        else if (!(resumed->info().interpolant == rq.interpolant))
            why = tr("%1 was trained with another interpolant than the scene's").arg(file);
        else if (const QString differs = settingsTheFileLacks(*resumed, rq); !differs.isEmpty())
            why = tr("%1 was trained with %2: set the Training dock to match to continue it").arg(file, differs);
        else if (core::Status st = resumed->setProgressEvery(rq.training.progressEvery); !st)
            why = QString::fromStdString(st.message());
        if (why.isEmpty()) {
            // What the dock sets and a continued run can take: the batch and the learning rate.
            const core::TrainerOptions& recorded = resumed->options().training;
            QStringList dock;
            if (recorded.batchSize != rq.training.batchSize)
                dock << tr("batch %1 (the file trained with %2)").arg(rq.training.batchSize).arg(recorded.batchSize);
            if (recorded.learningRate != rq.training.learningRate)
                dock << tr("learning rate %1 (the file trained with %2)")
                            .arg(rq.training.learningRate, 0, 'g', 3)
                            .arg(recorded.learningRate, 0, 'g', 3);
            if (core::Status st = resumed->setLearningRate(rq.training.learningRate); !st) {
                why = QString::fromStdString(st.message());
            } else {
                emit notice(tr("Continuing %1 from step %2%3%4")
                                .arg(file)
                                .arg(resumed->step())
                                .arg(resumed->info().network.classCount > 0 ? tr(" (class-conditional: guidance works)")
                                                                            : QString())
                                .arg(dock.isEmpty() ? QString() : tr(", with the Training dock's %1").arg(dock.join(tr(" and ")))));
                return resumed;
            }
        }
        emit notice(tr("Training from fresh weights: %1").arg(why));
    }
    core::ImageTrainerOptions o;
    o.network = windowUNet(m_data->train, rq.baseChannels);
    o.training = rq.training;
    o.dataSource = m_dataSource;
    return core::ImageTrainer::create(m_data->train, rq.interpolant, o);
}

void ImageTrainingWorker::runJob(const ImageTrainingRequest& rq, quint64 generation, const JobQueue::CancelFlag& cancelled) {
    if (m_resetPending.exchange(false)) m_trainer.reset();
    if (auto p = rq.quality.validate(); !p.empty()) {
        emit finished(m_trainer ? m_trainer->step() : 0, false, QString::fromStdString(p));
        return;
    }
    if (rq.moreSteps <= 0) return;
    m_training = true;
    emit started();
    const auto end = [&](int step, bool stopped, const QString& error) {
        m_training = false;
        emit finished(step, stopped, error);
    };
    if (!ensureData(rq.images)) {
        m_training = false;
        return;
    }
    if (!m_trainer) {
        auto t = makeTrainer(rq);
        if (!t) return end(0, false, QString::fromStdString(t.message()));
        m_trainer = std::make_unique<core::ImageTrainer>(std::move(*t));
    }
    core::ImageTrainer& trainer = *m_trainer;
    // The request's batch applies to every run, a continued model file's too (the Training
    // dock shows the batch that trains).
    if (core::Status s = trainer.setBatchSize(rq.training.batchSize); !s)
        return end(trainer.step(), false, QString::fromStdString(s.message()));
    if (core::Status s = trainer.setTotalSteps(trainer.step() + rq.moreSteps); !s)
        return end(trainer.step(), false, QString::fromStdString(s.message()));
    if (rq.poisonAtStep >= 0) trainer.debugPoisonWeightsAtStep(rq.poisonAtStep);
    ensureClassifier(rq, cancelled);
    if (cancelled.load()) return end(trainer.step(), true, QString());

    int lastSent = -1;
    const auto publish = [&](bool live) -> std::shared_ptr<const core::FieldSource> {
        auto field = trainer.snapshot();
        if (!field) return nullptr;
        auto shared = std::make_shared<const core::UNetField>(std::move(*field));
        lastSent = trainer.step();
        emit snapshotReady(shared, lastSent, live, generation);
        return shared;
    };
    QElapsedTimer sinceMeasure;
    sinceMeasure.start();
    int lastMeasured = -1;
    std::shared_ptr<const core::FieldSource> latest;
    auto summary = trainer.run([&](const core::TrainProgress& p) {
        emit progress(TrainingPoint{p.step, p.loss, p.emaLoss, p.stepsPerSecond}, generation);
        latest = publish(p.step < p.totalSteps);
        if (latest && sinceMeasure.elapsed() >= rq.quality.intervalMs) {
            measure(*latest, p.step, rq.quality, rq.training.seed);
            lastMeasured = p.step;
            sinceMeasure.restart();
        }
        return !cancelled.load();
    });
    // A failure before the first report restored weights no snapshot showed yet.
    if (!summary && trainer.step() != lastSent) latest = publish(false);
    if (latest && lastMeasured != trainer.step() && !cancelled.load()) measure(*latest, trainer.step(), rq.quality, rq.training.seed);
    if (!summary) return end(trainer.step(), false, QString::fromStdString(summary.message()));
    end(trainer.step(), summary->outcome == core::TrainOutcome::Stopped, QString());
}

}  // namespace flowlab::ui
