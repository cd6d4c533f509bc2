#include "main/training_controller.hpp"

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
                // An untrained network (step 0) is about to change too: show a live subset.
                m_explorer->setLearnedField(field, live || step == 0);
                m_compare->setLearnedField(std::move(field), live || step == 0);
            });
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

void TrainingController::dropNetwork() {
    m_worker->reset();
    m_hasNetwork = false;
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
