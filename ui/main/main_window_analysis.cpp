// The Analysis menu: measurements of the current scene in their own windows (error vs NFE, training
// race, straightness).
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/nfe_curve_dialog.hpp"
#include "main/straightness_dialog.hpp"
#include "main/training_race_dialog.hpp"

namespace flowlab::ui {

void MainWindow::buildAnalysisMenu() {
    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    QAction* nfe = analysis->addAction(tr("Error vs NFE…"), this, [this] { showNfeCurve(); });
    nfe->setObjectName(QStringLiteral("nfeCurve"));
    nfe->setToolTip(tr("Energy distance and sliced W2 of the end points against the number of field evaluations,\n"
                       "one curve per solver, for the current scene's exact or learned field (as flowlab-cli nfe-curve)."));
    nfe->setStatusTip(nfe->toolTip().section(QLatin1Char('\n'), 0, 0));
    QAction* race = analysis->addAction(tr("Training race…"), this, [this] { showTrainingRace(); });
    race->setObjectName(QStringLiteral("trainingRace"));
    race->setToolTip(tr("Train FM-OT, VP, trig and linear + γ networks side by side on this scene and plot each one's\n"
                        "error against the exact field over the training step, live (as flowlab-cli learning-curve)."));
    race->setStatusTip(race->toolTip().section(QLatin1Char('\n'), 0, 0));
    QAction* straight = analysis->addAction(tr("Straightness…"), this, [this] { showStraightness(); });
    straight->setObjectName(QStringLiteral("straightness"));
    straight->setToolTip(tr("E‖b(t, X_t) − (X1 − X0)‖² along the ODE paths against t, with the straightness and path\n"
                            "length, for exact fields under independent and component couplings and the learned field\n"
                            "(as flowlab-cli paths)."));
    straight->setStatusTip(straight->toolTip().section(QLatin1Char('\n'), 0, 0));
}

StraightnessDialog* MainWindow::showStraightness() {
    const auto exact = m_controller->exactField();
    if (!exact || m_controller->settings().scene.isImages()) {
        statusBar()->showMessage(tr("Straightness measures 2D scenes."), 4000);
        return nullptr;
    }
    if (!m_straightnessDialog) m_straightnessDialog = new StraightnessDialog(this);
    StraightnessScene scene;
    scene.exact = exact;
    const auto learned = m_controller->learnedField();
    if (learned && learned->dim() == exact->dim()) scene.learned = learned;
    scene.coupling = m_controller->settings().scene.coupling;
    scene.seed = m_controller->settings().scene.seed;
    m_straightnessDialog->setScene(std::move(scene));
    m_straightnessDialog->show();
    m_straightnessDialog->raise();
    return m_straightnessDialog;
}

TrainingRaceDialog* MainWindow::showTrainingRace() {
    const auto exact = m_controller->exactField();
    if (!exact || m_controller->settings().scene.isImages()) {
        statusBar()->showMessage(tr("The training race runs on 2D scenes."), 4000);
        return nullptr;
    }
    if (!m_raceDialog) m_raceDialog = new TrainingRaceDialog(this);
    const ExplorerSettings& s = m_controller->settings();
    TrainingRaceScene scene;
    scene.base = std::make_shared<const core::GaussianMixture>(exact->base());
    scene.target = std::make_shared<const core::GaussianMixture>(exact->target());
    scene.interpolant = s.scene.interpolant;
    scene.trainer = s.training.trainerOptions(s.scene.seed);
    m_raceDialog->setScene(std::move(scene));
    m_raceDialog->show();
    m_raceDialog->raise();
    return m_raceDialog;
}

NfeCurveDialog* MainWindow::showNfeCurve() {
    const auto exact = m_controller->exactField();
    if (!exact || m_controller->settings().scene.isImages()) {
        statusBar()->showMessage(tr("Error vs NFE measures 2D scenes."), 4000);
        return nullptr;
    }
    if (!m_nfeDialog) m_nfeDialog = new NfeCurveDialog(this);
    NfeCurveScene scene;
    scene.exact = exact;
    const auto learned = m_controller->learnedField();
    if (learned && learned->dim() == exact->dim()) scene.learned = learned;
    scene.sampler = m_controller->settings().scene.samplerOptions();
    scene.seed = m_controller->settings().scene.seed;
    m_nfeDialog->setScene(std::move(scene));
    m_nfeDialog->show();
    m_nfeDialog->raise();
    return m_nfeDialog;
}

}  // namespace flowlab::ui
