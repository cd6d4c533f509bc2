#include "main/training_controller.hpp"

#include <algorithm>
#include <optional>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "panel/training_panel.hpp"
#include "state/training_fix.hpp"
#include "worker/training_worker.hpp"

namespace flowlab::ui {

TrainingController::TrainingController(ExplorerController* explorer, CompareArea* compare, TrainingPanel* panel,
                                       Hooks hooks, QObject* parent)
    : QObject(parent), m_explorer(explorer), m_compare(compare), m_panel(panel), m_hooks(std::move(hooks)) {
    m_worker = new TrainingWorker(this);
    connect(m_panel, &TrainingPanel::trainRequested, this, &TrainingController::start);
    connect(m_panel, &TrainingPanel::stopRequested, this, &TrainingController::stop);
    connect(m_panel, &TrainingPanel::resetRequested, this, &TrainingController::reset);
    connect(m_worker, &TrainingWorker::progress, m_panel, &TrainingPanel::addPoint);
    connect(m_worker, &TrainingWorker::errorMeasured, m_panel, &TrainingPanel::setError);
    connect(m_worker, &TrainingWorker::snapshotReady, this,
            [this](std::shared_ptr<const core::FieldSource> field, int step, bool live) {
                m_hasNetwork = true;
                m_history.add(step, field);
                // An untrained network (step 0) is about to change too: show a live subset.
                if (m_followLive) publish(std::move(field), live || step == 0);
                updateHistoryPanel();
            });
    connect(m_panel, &TrainingPanel::historyScrubbed, this, &TrainingController::showSnapshot);
    connect(m_worker, &TrainingWorker::started, this, [this] { m_panel->setTraining(true); });
    connect(m_worker, &TrainingWorker::finished, this, [this](int step, bool stopped, const QString& error) {
        m_panel->setTraining(false);
        if (!error.isEmpty())
            m_panel->setMessage(error, true);
        else if (stopped)
            m_hooks.showMessage(tr("Training stopped at step %1").arg(step), 5000);
        else
            m_hooks.showMessage(tr("Training finished at step %1").arg(step), 5000);
    });
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
    publish(m_history.at(i).field, m_followLive && m_worker->isTraining());
    updateHistoryPanel();
}

void TrainingController::dropNetwork() {
    m_worker->reset();
    m_hasNetwork = false;
    m_history.clear();
    m_followLive = true;
    m_panel->clearPlot();
    m_panel->setTraining(false);
    // (When the explorer dropped its field itself, setting it again would only re-simulate.)
    if (m_explorer->learnedField()) m_explorer->setLearnedField(nullptr);
    m_compare->setLearnedField(nullptr, false);
}

void TrainingController::settingsApplied(const ExplorerSettings& before) {
    const ExplorerSettings& now = m_explorer->settings();
    TrainingSettings a = before.training, b = now.training;
    a.stepsPerRun = b.stepsPerRun;  // more or fewer steps per press keeps the network
    if (a != b && m_hasNetwork) dropNetwork();  // another architecture or optimiser: start again
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
        const QString why = tr("Training trains the 2D network: train a U-Net for images with flowlab-cli images train "
                               "and choose it as the scene's model (Scene dock)");
        m_hooks.showMessage(why, 10000);
        m_panel->setMessage(why, true);
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

void TrainingController::stop() { m_worker->stop(); }

void TrainingController::reset() {
    dropNetwork();
    if (m_explorer->settings().scene.fieldMode == FieldMode::Learned) prepareNetwork();
}

}  // namespace flowlab::ui
