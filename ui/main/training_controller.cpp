#include "main/training_controller.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "panel/training_panel.hpp"
#include "scene/image_scene.hpp"
#include "state/training_fix.hpp"
#include "worker/training_worker.hpp"

namespace flowlab::ui {

TrainingController::TrainingController(ExplorerController* explorer, CompareArea* compare, TrainingPanel* panel,
                                       Hooks hooks, QObject* parent)
    : QObject(parent), m_explorer(explorer), m_compare(compare), m_panel(panel), m_hooks(std::move(hooks)) {
    m_worker = new TrainingWorker(this);
    m_imageWorker = new ImageTrainingWorker(this);
    connect(m_panel, &TrainingPanel::trainRequested, this, &TrainingController::start);
    connect(m_panel, &TrainingPanel::stopRequested, this, &TrainingController::stop);
    connect(m_panel, &TrainingPanel::resetRequested, this, &TrainingController::reset);
    connect(m_worker, &TrainingWorker::progress, m_panel, &TrainingPanel::addPoint);
    connect(m_worker, &TrainingWorker::errorMeasured, m_panel, &TrainingPanel::setError);
    const auto onSnapshot = [this](std::shared_ptr<const core::FieldSource> field, int step, bool live) {
        m_hasNetwork = true;
        m_history.add(step, field);
        // An untrained network (step 0) is about to change too: show a live subset.
        if (m_followLive) publish(std::move(field), live || step == 0);
        updateHistoryPanel();
    };
    const auto onFinished = [this](int step, bool stopped, const QString& error) {
        m_panel->setTraining(false);
        m_panel->setCanSave(m_hasNetwork && m_explorer->settings().scene.isImages());
        if (!error.isEmpty()) {
            // A diverged run keeps its last good weights: say so where the user looks.
            m_panel->setMessage(error, true);
            m_hooks.showMessage(error, 10000);
        } else if (stopped) {
            m_hooks.showMessage(tr("Training stopped at step %1").arg(step), 5000);
        } else {
            m_hooks.showMessage(tr("Training finished at step %1").arg(step), 5000);
        }
    };
    connect(m_worker, &TrainingWorker::snapshotReady, this, onSnapshot);
    // Reports of an image network dropped meanwhile (Reset, another scene) are ignored.
    connect(m_imageWorker, &ImageTrainingWorker::snapshotReady, this,
            [this, onSnapshot](std::shared_ptr<const core::FieldSource> field, int step, bool live, quint64 generation) {
                if (generation == m_imageWorker->generation()) onSnapshot(std::move(field), step, live);
            });
    connect(m_imageWorker, &ImageTrainingWorker::progress, this, [this](const TrainingPoint& p, quint64 generation) {
        if (generation == m_imageWorker->generation()) m_panel->addPoint(p);
    });
    connect(m_imageWorker, &ImageTrainingWorker::frechetMeasured, m_panel, &TrainingPanel::setFrechet);
    connect(m_imageWorker, &ImageTrainingWorker::notice, this, [this](const QString& message) {
        m_panel->setMessage(message, false);
        m_hooks.showMessage(message, 10000);
    });
    connect(m_imageWorker, &ImageTrainingWorker::saved, this, &TrainingController::onModelSaved);
    connect(m_panel, &TrainingPanel::historyScrubbed, this, &TrainingController::showSnapshot);
    connect(m_panel, &TrainingPanel::saveRequested, this, &TrainingController::saveModel);
    connect(m_worker, &TrainingWorker::started, this, [this] { m_panel->setTraining(true); });
    connect(m_imageWorker, &ImageTrainingWorker::started, this, [this] { m_panel->setTraining(true); });
    connect(m_worker, &TrainingWorker::finished, this, onFinished);
    connect(m_imageWorker, &ImageTrainingWorker::finished, this, onFinished);
    // New densities or interpolant: the network was trained for another scene.
    connect(m_explorer, &ExplorerController::learnedFieldInvalidated, this, &TrainingController::dropNetwork);
}

void TrainingController::publish(std::shared_ptr<const core::FieldSource> field, bool live) {
    m_explorer->setLearnedField(field, live);
    m_compare->setLearnedField(std::move(field), live);
}

void TrainingController::updateHistoryPanel() {
    if (m_history.empty()) {
        m_panel->setHistory({}, 0, true);
        return;
    }
    std::vector<int> steps;
    steps.reserve(m_history.size());
    for (std::size_t i = 0; i < m_history.size(); ++i) steps.push_back(m_history.at(i).step);
    const int shown = m_followLive ? int(steps.size()) - 1 : int(m_history.nearest(m_shownStep));
    m_panel->setHistory(steps, shown, m_followLive);
}

void TrainingController::showSnapshot(int index) {
    if (m_history.empty()) return;
    const std::size_t i = std::size_t(std::clamp(index, 0, int(m_history.size()) - 1));
    m_followLive = i + 1 == m_history.size();
    m_shownStep = m_history.at(i).step;
    // A kept snapshot is shown with the whole particle set; following again shows the newest the
    // way training does (a live subset while it runs).
    publish(m_history.at(i).field, m_followLive && (m_worker->isTraining() || m_imageWorker->isTraining()));
    updateHistoryPanel();
}

void TrainingController::dropNetwork() {
    m_afterSave = nullptr;  // a save still being written has no action left to wait for it
    m_worker->reset();
    m_imageWorker->reset();
    m_hasNetwork = false;
    m_unsaved = false;
    m_panel->setCanSave(false);
    m_history.clear();
    m_followLive = true;
    m_panel->clearPlot();
    m_panel->setTraining(false);
    // (When the explorer dropped its field itself, setting it again would only re-simulate.)
    if (m_explorer->learnedField()) m_explorer->setLearnedField(nullptr);
    m_compare->setLearnedField(nullptr, false);
}

bool TrainingController::trainingChangeDropsNetwork(bool images, const TrainingSettings& a, const TrainingSettings& b) {
    if (images) return a.target != b.target || a.unetChannels != b.unetChannels || a.learningRate != b.learningRate;
    TrainingSettings x = a;
    x.stepsPerRun = b.stepsPerRun;  // more or fewer steps per press keeps the network
    x.unetChannels = b.unetChannels;  // the U-Net's settings are not the MLP's
    x.imageBatch = b.imageBatch;
    return x != b;
}

void TrainingController::settingsApplied(const ExplorerSettings& before) {
    const ExplorerSettings& now = m_explorer->settings();
    const bool images = before.scene.isImages() && now.scene.isImages();
    // Another architecture or optimiser: start again.
    if (m_hasNetwork && trainingChangeDropsNetwork(images, before.training, now.training)) dropNetwork();
    if (now.scene.fieldMode == FieldMode::Learned && !m_hasNetwork) prepareNetwork();
}

void TrainingController::prepareNetwork() {
    const ExplorerSettings& s = m_explorer->settings();
    if (s.scene.isImages()) return;  // the 2D network; an image scene's U-Net comes from its model file
    TrainingRequest rq;
    rq.base = m_explorer->base();
    rq.target = m_explorer->target();
    rq.interpolant = s.scene.interpolant;
    rq.options = s.training.trainerOptions(s.scene.seed);
    rq.options.coupling = s.scene.coupling;
    rq.moreSteps = 0;
    m_worker->train(std::move(rq));
}

void TrainingController::start() {
    ExplorerSettings s = m_explorer->settings();
    if (s.scene.isImages()) {
        startImages(std::move(s));
        return;
    }
    QString notice;
    if (const std::optional<TrainingFix> fix = trainingFix(s.scene, s.training)) {
        if (!m_hooks.confirmFix(fix->question)) return;
        applyTrainingFix(*fix, s);
        notice = fix->notice;
    }
    s.scene.fieldMode = FieldMode::Learned;
    m_followLive = true;  // Train shows the run it starts, even after scrubbing back
    if (!(s.scene == m_explorer->settings().scene && s.training == m_explorer->settings().training) && !m_hooks.apply(s))
        return;
    if (!notice.isEmpty()) {
        m_hooks.showMessage(notice, 10000);
        m_panel->setMessage(notice, false);
    }
    const ExplorerSettings& now = m_explorer->settings();
    TrainingRequest rq;
    rq.base = m_explorer->base();
    rq.target = m_explorer->target();
    rq.interpolant = now.scene.interpolant;
    rq.options = now.training.trainerOptions(now.scene.seed);
    rq.options.coupling = now.scene.coupling;
    rq.moreSteps = now.training.stepsPerRun;
    m_panel->setTraining(true);
    m_worker->train(std::move(rq));
}

int TrainingController::imageSnapshotEvery(int stepsPerRun) { return std::clamp(stepsPerRun / 20, 5, 50); }

void TrainingController::startImages(ExplorerSettings s) {
    m_afterSave = nullptr;  // training replaces a save still waiting: its action would follow nothing
    s.scene.fieldMode = FieldMode::Learned;
    m_followLive = true;
    if (s.scene != m_explorer->settings().scene && !m_hooks.apply(s)) return;
    const ExplorerSettings& now = m_explorer->settings();
    ImageTrainingRequest rq;
    rq.images = now.scene.images();
    rq.interpolant = now.scene.interpolant;
    rq.baseChannels = now.training.unetChannels;
    rq.training = now.training.trainerOptions(now.scene.seed);
    rq.training.batchSize = now.training.imageBatch;
    rq.training.coupling = now.scene.coupling;  // ot and sinkhorn pair each batch's noise with its images
    rq.training.progressEvery = imageSnapshotEvery(now.training.stepsPerRun);
    rq.quality = m_imageQuality;
    rq.moreSteps = now.training.stepsPerRun;
    if (!m_hasNetwork && !m_panel->startsFresh()) {
        // Continue the scene's own network (its steps, class embedding and optimiser state).
        const auto prepared = m_explorer->imageScene();
        rq.resumeFrom = core::findImageModel(now.scene.models, prepared ? prepared->sceneFolder : std::string());
    }
    if (now.scene.classLabel >= 0 && rq.resumeFrom.empty())
        m_panel->setMessage(tr("The U-Net trained here from fresh weights is unconditional: the grid shows every class"), false);
    m_unsaved = true;
    m_panel->setTraining(true);
    m_imageWorker->train(std::move(rq));
}

bool TrainingController::saveModel() {
    if (!m_explorer->settings().scene.isImages() || !m_hasNetwork) {
        m_hooks.showMessage(tr("There is no trained image network to save: press Train in an image scene first"), 8000);
        return false;
    }
    if (m_imageWorker->isTraining()) {
        m_hooks.showMessage(tr("Stop training before saving the network"), 8000);
        return false;
    }
    const QString suggested = QString::fromStdString(m_explorer->settings().scene.data) + QStringLiteral(".flowlab");
    const QString path = m_hooks.chooseModelPath ? m_hooks.chooseModelPath(suggested) : QString();
    if (path.isEmpty()) return false;
    m_imageWorker->save(path);
    return true;
}

bool TrainingController::losesUnsavedNetwork(const ExplorerSettings& next) const {
    const ExplorerSettings& now = m_explorer->settings();
    if (!now.scene.isImages() || !hasUnsavedNetwork()) return false;
    return !next.scene.isImages() || trainingSceneChanged(now.scene, next.scene) ||
           trainingChangeDropsNetwork(true, now.training, next.training);
}

TrainingController::KeepChoice TrainingController::askToKeep(const QString& question, std::function<void()> afterSave) {
    if (!m_explorer->settings().scene.isImages() || !hasUnsavedNetwork() || !m_hooks.askUnsavedNetwork)
        return KeepChoice::Proceed;
    const QMessageBox::StandardButton choice = m_hooks.askUnsavedNetwork(question);
    if (choice == QMessageBox::Discard) return KeepChoice::Proceed;
    if (choice != QMessageBox::Save || !saveModel()) return KeepChoice::Cancelled;
    m_afterSave = std::move(afterSave);
    return KeepChoice::Saving;
}

bool TrainingController::mayApply(const ExplorerSettings& next) {
    if (!losesUnsavedNetwork(next)) return true;
    const SceneSettings& now = m_explorer->settings().scene;
    const QString question =
        !next.scene.isImages()
            ? tr("Save the network trained here before leaving the image scene? (Discard throws its steps away.)")
        : trainingSceneChanged(now, next.scene)
            ? tr("The network trained here fits only these images, this interpolant and this coupling. Save it before "
                 "changing them? "
                 "(Discard throws its steps away.)")
            : tr("Another U-Net, target or learning rate trains from fresh weights. Save the network trained here "
                 "first? (Discard throws its steps away.)");
    const std::vector<std::string> modelsBefore = now.models;
    const bool sameImages = next.scene.isImages() && !trainingSceneChanged(now, next.scene);
    return askToKeep(question, [this, settings = next, modelsBefore, sameImages]() mutable {
               // The saved file now leads the scene's models: a change to the same images keeps naming it.
               if (sameImages && settings.scene.models == modelsBefore)
                   settings.scene.models = m_explorer->settings().scene.models;
               m_hooks.apply(settings);
           }) == KeepChoice::Proceed;
}

void TrainingController::onModelSaved(const QString& path, const QString& error) {
    std::function<void()> pending = std::exchange(m_afterSave, nullptr);
    if (!error.isEmpty()) {
        m_panel->setMessage(tr("Could not save the network: %1").arg(error), true);
        m_hooks.showMessage(tr("Could not save the network: %1").arg(error), 10000);
        return;
    }
    m_unsaved = false;
    m_hooks.showMessage(tr("Network saved to %1").arg(path), 8000);
    m_panel->setMessage(tr("Saved to %1; the scene names it first among its models").arg(path), false);
    // The scene refers to the file from now on (saving the scene keeps it); the grid keeps
    // following the same network, now also the scene's own.
    ExplorerSettings s = m_explorer->settings();
    if (!s.scene.isImages()) return;
    auto& models = s.scene.models;
    models.erase(std::remove(models.begin(), models.end(), path.toStdString()), models.end());
    models.insert(models.begin(), path.toStdString());
    m_hooks.apply(s);
    if (pending) pending();  // the change that waited for the save
}

void TrainingController::stop() {
    m_worker->stop();
    m_imageWorker->stop();
}

void TrainingController::reset() {
    if (m_explorer->settings().scene.isImages() && hasUnsavedNetwork() && m_hooks.confirmDiscard &&
        !m_hooks.confirmDiscard(tr("Throw away the trained network? Its steps are saved in no file (Save… keeps them).")))
        return;
    dropNetwork();
    if (m_explorer->settings().scene.fieldMode == FieldMode::Learned) prepareNetwork();
}

}  // namespace flowlab::ui
