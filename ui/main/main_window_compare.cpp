// MainWindow: the comparison layouts (Compare menu) and what the panels share (clock, camera, pin).
#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/export_dialog.hpp"
#include "main/main_window.hpp"
#include "plane/plane_view.hpp"
#include "timeline/animation_clock.hpp"
#include "timeline/timeline_bar.hpp"

namespace flowlab::ui {
namespace {

struct PresetEntry {
    ComparePreset preset;
    const char* text;
    const char* tip;
};

const PresetEntry kPresets[] = {
    {ComparePreset::OdeVsSde, QT_TRANSLATE_NOOP("MainWindow", "ODE vs SDE (same marginals)"),
     QT_TRANSLATE_NOOP("MainWindow", "Two panels: the probability-flow ODE and the SDE with the sampler's ε, on the same "
                                     "densities and random numbers. Their clouds differ particle by particle but carry "
                                     "the same marginal ρ_t: watch the agreement readout.")},
    {ComparePreset::FlowMatchingVsVp, QT_TRANSLATE_NOOP("MainWindow", "Flow matching vs VP diffusion"),
     QT_TRANSLATE_NOOP("MainWindow", "Two panels: the flow-matching (OT) path and the variance-preserving diffusion path, "
                                     "both by their probability-flow ODE. Same end points, different bridges in between.")},
    {ComparePreset::Interpolants, QT_TRANSLATE_NOOP("MainWindow", "Linear vs trig vs encoder–decoder"),
     QT_TRANSLATE_NOOP("MainWindow", "Three panels (2×2): the linear, trigonometric and encoder–decoder interpolants "
                                     "between the same densities, by their ODE.")},
    {ComparePreset::Epsilons, QT_TRANSLATE_NOOP("MainWindow", "ε = 0, 0.5, 2, 8"),
     QT_TRANSLATE_NOOP("MainWindow", "Four panels: the SDE with diffusion ε = 0, 0.5, 2 and 8. Individual paths grow "
                                     "noisier with ε while every panel keeps the same marginal ρ_t.")},
    {ComparePreset::ScoreSdeSamplers, QT_TRANSLATE_NOOP("MainWindow", "DDPM vs DDIM vs reverse diffusion vs ODE"),
     QT_TRANSLATE_NOOP("MainWindow", "Four panels on the VP diffusion: the score-SDE paper's DDPM ancestral sampler, "
                                     "deterministic DDIM, the reverse-diffusion predictor and the probability-flow ODE "
                                     "(Heun), on the same steps and random numbers. All four reach the same target "
                                     "law; DDIM's paths approach the ODE's as the steps grow.")},
    {ComparePreset::Steps, QT_TRANSLATE_NOOP("MainWindow", "10 vs 100 steps"),
     QT_TRANSLATE_NOOP("MainWindow", "Two panels: the ODE on 10 and on 100 steps from the same noise (image scenes: the "
                                     "steps are each panel's own). Coarse steps blur and miss the data.")},
    {ComparePreset::Guidance, QT_TRANSLATE_NOOP("MainWindow", "Guidance w = 0, 1, 3"),
     QT_TRANSLATE_NOOP("MainWindow", "Three panels of an image scene: classifier-free guidance towards the scene's class "
                                     "(class 0 when none) with w = 0 (unconditional), 1 (conditional) and 3 (guided).")},
    {ComparePreset::ExactVsLearned, QT_TRANSLATE_NOOP("MainWindow", "Exact vs learned field"),
     QT_TRANSLATE_NOOP("MainWindow", "Two panels of an image scene: the exact field, whose samples copy training images, "
                                     "and the scene's U-Net from the same noise (the exact field when there is none, "
                                     "said in the panel).")},
};

const char* presetText(ComparePreset preset) {
    for (const PresetEntry& e : kPresets)
        if (e.preset == preset) return e.text;
    return "";
}

}  // namespace

void MainWindow::buildCompareMenu() {
    QMenu* compare = new QMenu(tr("&Compare"), this);
    compare->setToolTipsVisible(true);
    auto* layouts = new QActionGroup(this);
    const std::pair<int, QString> choices[] = {
        {1, tr("Single view")}, {2, tr("Two panels side by side")}, {4, tr("Four panels (2×2)")}};
    for (const auto& [cells, text] : choices) {
        QAction* a = compare->addAction(text, this, [this, cells = cells] { setCompareLayout(cells); });
        a->setObjectName(QStringLiteral("compareLayout%1").arg(cells));
        a->setCheckable(true);
        a->setChecked(cells == 1);
        a->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key(Qt::Key_0 + cells)));
        a->setToolTip(cells == 1 ? tr("One plane (Ctrl+Alt+1).")
                                 : tr("%1 panels on one clock with linked pan and zoom (Ctrl+Alt+%1). New panels copy the "
                                      "selected panel's method; select a panel by its header to edit its method in the "
                                      "docks.")
                                       .arg(cells));
        layouts->addAction(a);
    }
    compare->addSeparator();
    for (const PresetEntry& e : kPresets) {
        QAction* a = compare->addAction(tr(e.text), this, [this, p = e.preset] { runComparison(p); });
        a->setObjectName(QStringLiteral("comparePreset_%1").arg(QString::fromStdString(toString(e.preset))));
        a->setToolTip(tr(e.tip));
    }
    const QList<QAction*> menus = menuBar()->actions();
    // Before Playback and Help.
    menuBar()->insertMenu(menus.size() >= 2 ? menus.at(menus.size() - 2) : nullptr, compare);

    auto syncChecks = [this, layouts] {
        for (QAction* a : layouts->actions())
            a->setChecked(a->objectName() == QStringLiteral("compareLayout%1").arg(m_compare->layoutCells()));
    };
    connect(m_compare, &CompareArea::selectionChanged, this, [this, syncChecks](int panel) {
        syncChecks();
        const QString suffix = m_compare->panelCount() > 1 ? tr(" — panel %1").arg(panel + 1) : QString();
        for (QDockWidget* dock : findChildren<QDockWidget*>()) {
            const QString name = dock->objectName();
            if (name == QLatin1String("Interpolant and field") || name == QLatin1String("Sampler"))
                dock->setWindowTitle(tr(qPrintable(name)) + suffix);
        }
        if (m_compare->panelCount() > 1)
            statusBar()->showMessage(tr("The method docks now edit panel %1").arg(panel + 1), 4000);
    });
}

void MainWindow::setCompareLayout(int panels) {
    panels = panels <= 1 ? 1 : panels == 2 ? 2 : 4;
    std::vector<ComparePanel> current = m_compare->panels();
    const SceneSettings selectedMethod = current[std::size_t(m_compare->selected())].scene;
    current.resize(std::size_t(panels), ComparePanel{methodLabel(selectedMethod), selectedMethod, nullptr});
    QString error;
    if (!m_compare->setPanels(current, &error)) statusBar()->showMessage(error, 8000);
    emit m_compare->selectionChanged(m_compare->selected());
}

bool MainWindow::runComparison(ComparePreset preset) {
    if (isImagePreset(preset) && !m_controller->settings().scene.isImages()) {
        statusBar()->showMessage(tr("%1 compares image scenes (Scene dock → Scene kind → Images)").arg(tr(presetText(preset))), 10000);
        return false;
    }
    const std::vector<ComparePanel> panels = comparePanels(preset, m_controller->settings().scene);
    // Check every panel before changing anything: a preset that cannot run on these densities
    // (a one-sided family on a base that is not N(0, I)) says so and leaves the window as it was.
    for (std::size_t i = 0; i < panels.size(); ++i) {
        std::string problem = panels[i].scene.validate();
        if (problem.empty() && m_controller->base() && !panels[i].scene.isImages()) {
            auto interp = core::Interpolant::create(panels[i].scene.interpolant, *m_controller->base());
            if (!interp) problem = interp.message();
        }
        if (!problem.empty()) {
            statusBar()->showMessage(
                tr("%1 cannot run here: panel %2 (%3): %4")
                    .arg(tr(presetText(preset))).arg(i + 1).arg(panels[i].label, QString::fromStdString(problem)),
                10000);
            return false;
        }
    }
    // Panel 0 is the window's own scene: its method goes through the usual path (docks, training).
    ExplorerSettings s = m_controller->settings();
    s.scene = withMethod(s.scene, panels.front().scene);
    if (!mayReplaceScene(s, tr("the comparison “%1”").arg(tr(presetText(preset))), [this, preset] { runComparison(preset); }))
        return false;
    if (!applySettings(s)) {
        statusBar()->showMessage(m_controller->status().error, 8000);
        return false;
    }
    QString error;
    const bool ok = m_compare->setPanels(panels, &error);
    if (!ok) statusBar()->showMessage(error, 8000);
    emit m_compare->selectionChanged(m_compare->selected());
    m_clock->goToStart();
    m_clock->play();
    return ok;
}

void MainWindow::pinAt(QPointF world) {
    if (!m_controller->settings().view.layers.pinned) {
        ExplorerSettings s = m_controller->settings();
        s.view.layers.pinned = true;
        applySettings(s);
    }
    m_controller->pin(world, m_clock->t());
    m_compare->pin(world, m_clock->t());
}

void MainWindow::clearPins() {
    m_controller->clearPin();
    m_compare->clearPin();
}

void MainWindow::linkCamera(const Camera& camera) {
    m_controller->setCamera(camera);
    m_compare->setCamera(camera);
}

void MainWindow::exportVideo() {
    // The selected panel, or (the dialog's choice) the whole layout.
    ExplorerSettings s = m_compare->panelSettings(m_compare->selected());
    m_timeline->storePlayback(s.playback);
    s.view.textScale = PlaneView::boostedTextScale(s.view.textScale, slideTextBoost());  // slides for a hall
    std::shared_ptr<const core::FieldSource> learned;
    if (s.scene.fieldMode == FieldMode::Learned) {
        learned = m_compare->controller(m_compare->selected()).learnedField();
        // An image scene without a network trained here follows its own model file.
        if (!learned && !s.scene.isImages()) {
            reportError(tr("Export video"), tr("The learned field has no network yet: train it first (Training panel), "
                                               "or switch the panel to the exact field."));
            return;
        }
    }
    // The pin (its fan) and the probe go into the video as the plane shows them.
    const ExplorerController& c = m_compare->controller(m_compare->selected());
    const auto pinned = c.pinned();
    const ProbeMode probe = c.probeMode();
    const int component = c.probeComponent();
    const std::optional<QPointF> x1 = c.probeTargetPoint();
    runVideoExport(this, s, m_compare->panelCount() > 1 ? m_compare->panels() : std::vector<ComparePanel>{},
                   std::move(learned), [pinned, probe, component, x1](VideoRenderOptions& o) {
                       if (!pinned) return;
                       o.pin = pinned->first;
                       o.pinT = pinned->second;
                       o.probe = probe;
                       o.probeComponent = component;
                       o.probePoint = x1;
                   },
                   c.selectedSample());
}

}  // namespace flowlab::ui
