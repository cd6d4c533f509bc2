#include "main/main_window.hpp"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPalette>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/image_tools_docks.hpp"
#include "presenter/presenter_controller.hpp"
#include "main/export_dialog.hpp"
#include "main/image_drop_filter.hpp"
#include "main/scene_document.hpp"
#include "main/training_controller.hpp"
#include "panel/density_panel.hpp"
#include "panel/image_scene_panel.hpp"
#include "panel/layers_panel.hpp"
#include "panel/method_panel.hpp"
#include "panel/sampler_panel.hpp"
#include "panel/training_panel.hpp"
#include "state/settings_store.hpp"
#include "timeline/animation_clock.hpp"
#include "timeline/timeline_bar.hpp"
#include "train/threading.hpp"
#include "view/frame_renderer.hpp"
#include "plane/plane_view.hpp"
#include "worker/training_worker.hpp"

namespace flowlab::ui {
namespace {

constexpr int kPersistDelayMs = 1000;  // settings are written a second after the last change
constexpr int kMinimumDockWidth = 260;  // a reset layout gives each side of docks at least this
const char* kGeometryKey = "window/geometry";
const char* kStateKey = "window/state";
const char* kHiddenForImagesKey = "window/hiddenForImages";

QPalette darkPalette() {
    QPalette p;
    const QColor window(0x1b, 0x1e, 0x26), base(0x14, 0x16, 0x1c), text(0xe6, 0xe9, 0xef), muted(0x8a, 0x93, 0xa6);
    const QColor accent(0x4f, 0x9d, 0xf7);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, QColor(0x26, 0x2a, 0x35));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x25, 0x29, 0x33));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Mid, QColor(0x30, 0x35, 0x40));
    p.setColor(QPalette::Dark, QColor(0x0e, 0x10, 0x14));
    p.setColor(QPalette::Light, QColor(0x3a, 0x40, 0x4d));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, muted.darker(130));
    return p;
}

}  // namespace

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent) : QMainWindow(parent), m_options(options) {
    setWindowTitle(tr("FlowLab"));
    setObjectName(QStringLiteral("FlowLabMainWindow"));
    m_store = options.settingsPath.isEmpty() ? std::make_unique<QSettings>()
                                             : std::make_unique<QSettings>(options.settingsPath, QSettings::IniFormat);

    // One torch and one BLAS thread: on a two-core machine the other core draws the animation.
    core::applyInteractiveThreading();
    SceneDocumentOptions documentOptions;
    documentOptions.autosave = options.persistSettings;
    m_document = new SceneDocument(*m_store, documentOptions, this);
    m_controller = new ExplorerController(this);
    m_controller->setWorkerThreads(options.workerThreads);
    m_clock = new AnimationClock(this);
    m_view = new PlaneView(this);
    m_timeline = new TimelineBar(m_clock, this);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_compare = new CompareArea(m_controller, m_view, options.workerThreads, central);
    layout->addWidget(m_compare, 1);
    layout->addWidget(m_timeline);
    setCentralWidget(central);

    m_imagePanel = new ImageScenePanel(this);
    m_densities = new DensityPanel(this);
    m_method = new MethodPanel(this);
    m_sampler = new SamplerPanel(this);
    m_layers = new LayersPanel(this);
    m_trainingPanel = new TrainingPanel(this);
    addPanel(tr("Scene"), m_imagePanel, Qt::RightDockWidgetArea);
    addPanel(tr("Densities"), m_densities, Qt::RightDockWidgetArea);
    addPanel(tr("Interpolant and field"), m_method, Qt::RightDockWidgetArea);
    addPanel(tr("Sampler"), m_sampler, Qt::RightDockWidgetArea);
    addPanel(tr("View"), m_layers, Qt::LeftDockWidgetArea);
    addPanel(tr("Training"), m_trainingPanel, Qt::LeftDockWidgetArea);
    m_imageTools = new ImageToolsDocks(this, m_controller, [this] { return !m_presenter || !m_presenter->isPresenting(); });

    buildMenus();
    buildCompareMenu();
    buildLectureMenu();
    buildStatusBar();
    setupDensityEditor();

    m_persistTimer = new QTimer(this);
    m_persistTimer->setSingleShot(true);
    m_persistTimer->setInterval(kPersistDelayMs);
    connect(m_persistTimer, &QTimer::timeout, this, &MainWindow::saveSettings);

    // Widgets → controller.
    for (SettingsPanel* p : m_panels) connect(p, &SettingsPanel::edited, this, &MainWindow::applyFromPanels);
    connect(m_sampler, &SamplerPanel::resampleRequested, m_controller, &ExplorerController::resample);
    connect(m_layers, &LayersPanel::clearPinRequested, this, &MainWindow::clearPins);
    connect(m_timeline, &TimelineBar::playbackEdited, this, [this] { m_persistTimer->start(); });
    TrainingController::Hooks hooks;
    hooks.apply = [this](const ExplorerSettings& s) { return applySettings(s); };
    hooks.confirmFix = [this](const QString& question) {
        if (m_options.confirmTrainingFix) return m_options.confirmTrainingFix(question);
        return QMessageBox::question(this, tr("Train"), question, QMessageBox::Yes | QMessageBox::Cancel) ==
               QMessageBox::Yes;
    };
    hooks.showMessage = [this](const QString& message, int ms) { statusBar()->showMessage(message, ms); };
    hooks.confirmDiscard = [this](const QString& question) {
        if (m_options.confirmDiscardNetwork) return m_options.confirmDiscardNetwork(question);
        return QMessageBox::question(this, tr("Reset"), question, QMessageBox::Discard | QMessageBox::Cancel) ==
               QMessageBox::Discard;
    };
    hooks.askUnsavedNetwork = [this](const QString& question) {
        if (m_options.askUnsavedNetwork) return m_options.askUnsavedNetwork(question);
        return QMessageBox::question(this, tr("Unsaved network"), question,
                                     QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    };
    hooks.chooseModelPath = [this](const QString& suggested) {
        if (m_options.chooseModelPath) return m_options.chooseModelPath(suggested);
        return QFileDialog::getSaveFileName(this, tr("Save the trained network"), suggested,
                                            tr("FlowLab models (*.flowlab)"));
    };
    m_trainingController = new TrainingController(m_controller, m_compare, m_trainingPanel, std::move(hooks), this);
    connect(m_timeline, &TimelineBar::directionChanged, this, [this](Direction d) {
        ExplorerSettings s = m_controller->settings();
        s.scene.direction = d;
        if (m_controller->apply(s)) {
            m_clock->setDirection(d == Direction::Generate ? 1 : -1);
            m_clock->goToStart();
            m_persistTimer->start();
        }
        reloadPanels();
    });
    connect(m_view, &PlaneView::cameraChanged, this, &MainWindow::linkCamera);
    connect(m_compare, &CompareArea::cameraEdited, this, &MainWindow::linkCamera);
    connect(m_view, &PlaneView::pinRequested, this, &MainWindow::pinAt);
    connect(m_compare, &CompareArea::pinRequested, this, &MainWindow::pinAt);
    connect(m_view, &PlaneView::pinCleared, this, &MainWindow::clearPins);
    connect(m_view, &PlaneView::probeTargetRequested, m_controller, &ExplorerController::setProbeTarget);
    connect(m_view, &PlaneView::probePointRequested, m_controller,
            [this](QPointF world) { m_controller->setProbeTargetPoint(world); });
    connect(m_view, &PlaneView::sampleClicked, this, [this](int index) {
        m_controller->selectSample(index);
        m_imageTools->inspectSample(index);
        emit sampleClicked(index);
    });
    connect(m_controller, &ExplorerController::contentChanged, m_imageTools, &ImageToolsDocks::refresh);
    connect(m_controller, &ExplorerController::statusChanged, m_imageTools, &ImageToolsDocks::refresh);
    connect(m_clock, &AnimationClock::tChanged, m_imageTools, &ImageToolsDocks::setTime);
    connect(m_compare, &CompareArea::pinCleared, this, &MainWindow::clearPins);
    connect(m_compare, &CompareArea::selectionChanged, this, &MainWindow::reloadPanels);
    connect(m_view, &PlaneView::resized, m_controller, &ExplorerController::setViewportSize);
    connect(m_view, &PlaneView::statsUpdated, this, [this](double fps, double ms) {
        m_fpsLabel->setText(tr("%1 fps · %2 ms/frame").arg(fps, 0, 'f', 0).arg(ms, 0, 'f', 1));
    });

    // Controller and clock → view and status.
    connect(m_clock, &AnimationClock::tChanged, this, &MainWindow::refreshFrame);
    connect(m_controller, &ExplorerController::contentChanged, this, &MainWindow::refreshFrame);
    connect(m_controller, &ExplorerController::statusChanged, this, &MainWindow::updateStatus);
    connect(m_controller, &ExplorerController::settingsChanged, this, [this] {
        m_compare->syncShared();
        reloadPanels();
        m_persistTimer->start();
    });
    connect(m_controller, &ExplorerController::simulationFinished, this, [this](const SimulationResult& r) {
        if (m_autoplayPending && r.ok) {
            m_autoplayPending = false;
            m_clock->play();
        }
    });

    // Settings: stored ones (or defaults), then any override, then the layout.
    ExplorerSettings settings;
    SettingsLoadReport restored;
    if (options.restoreSettings) settings = loadExplorerSettings(*m_store, &restored);
    if (options.initialSettings) settings = *options.initialSettings;
    if (!options.themeOverride.isEmpty()) settings.view.theme = options.themeOverride;
    setMinimumSize(kMinimumWidth, kMinimumHeight);
    resize(1600, 1000);
    if (options.restoreSettings) {
        restoreGeometry(m_store->value(QLatin1String(kGeometryKey)).toByteArray());
        restoreState(m_store->value(QLatin1String(kStateKey)).toByteArray());
        // The docks an image scene had hidden come back with the next 2D scene.
        const QStringList hidden = m_store->value(QLatin1String(kHiddenForImagesKey)).toStringList();
        for (QDockWidget* dock : densityDocks())
            if (hidden.contains(dock->objectName())) m_hiddenForImages << dock;
    }
    m_controller->setViewportSize(m_view->size());
    if (!m_controller->apply(settings)) {
        // Stored settings that no longer work (a deleted file): start on the default scene.
        statusBar()->showMessage(m_controller->status().error, 10000);
        if (options.initialSettings) m_initialSettingsError = m_controller->status().error;
        ExplorerSettings fallback;
        fallback.view = settings.view;
        fallback.playback = settings.playback;
        m_controller->apply(fallback);
    }
    // Stored values that failed validation were reset: say so, rather than change them silently.
    if (!restored.clean()) {
        const QString shown = statusBar()->currentMessage();
        statusBar()->showMessage(shown.isEmpty() ? restored.notice() : shown + QStringLiteral(" ") + restored.notice(), 15000);
    }
    m_timeline->loadPlayback(m_controller->settings().playback);
    const Direction dir = m_controller->settings().scene.direction;
    m_timeline->setDirection(dir);
    m_clock->setDirection(dir == Direction::Generate ? 1 : -1);
    m_clock->goToStart();
    reloadPanels();
    applyPalette(m_controller->settings().view.theme);
    m_autoplayPending = options.autoplay;
    if (m_controller->settings().scene.fieldMode == FieldMode::Learned) m_trainingController->prepareNetwork();
    refreshFrame();
    updateStatus();
    updateSceneDocks();
    connect(m_controller, &ExplorerController::contentChanged, this, &MainWindow::updateSceneDocks);
    connect(m_presenter, &PresenterController::presentingChanged, this, [this](bool presenting) {
        if (!presenting) updateSceneDocks();
    });

    // The scene document: the modified marker follows every change of the settings.
    m_document->setClean(options.scenePath, m_controller->settings());
    auto note = [this] { m_document->noteSettings(m_controller->settings()); };
    connect(m_controller, &ExplorerController::contentChanged, this, note);
    connect(m_controller, &ExplorerController::settingsChanged, this, note);
    connect(m_document, &SceneDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &SceneDocument::pathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &SceneDocument::autosaveFailed, this,
            [this](const QString& message) { statusBar()->showMessage(tr("Autosave failed: %1").arg(message), 8000); });
    updateTitle();
    auto* drops = new ImageDropFilter(this);
    connect(drops, &ImageDropFilter::imageDropped, this,
            [this](const QString& path) { importImageFile(path, dropRole()); });
    const bool unclean = m_document->beginSession();
    if (unclean && options.restoreSettings) QTimer::singleShot(0, this, &MainWindow::offerAutosaveRestore);
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addPanel(const QString& title, SettingsPanel* panel, Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(title);
    auto* scroll = new QScrollArea(dock);
    scroll->setWidget(panel);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    dock->setWidget(scroll);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_panels.push_back(panel);
    m_defaultDocks.push_back({dock, area});
    return dock;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    buildSceneMenu(file);
    QAction* shot = file->addAction(tr("Save the plane as PNG…"), this, &MainWindow::saveScreenshotAs);
    shot->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    shot->setToolTip(tr("Save the plane at its current size and time as a PNG image (Ctrl+Shift+S)."));
    QAction* video = file->addAction(tr("Export video…"), this, &MainWindow::exportVideo);
    video->setToolTip(tr("Render the animation offscreen as MP4, WebM, GIF or PNG frames."));
    file->addSeparator();
    QAction* quit = file->addAction(tr("Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* reset = view->addAction(tr("Reset the view"), m_controller, &ExplorerController::resetCamera);
    reset->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Home));  // Ctrl+0 resets the text scale
    QAction* theme = view->addAction(tr("Next theme (dark, light, projector)"), this, [this] {
        ExplorerSettings s = m_controller->settings();
        const QStringList& names = Theme::names();
        s.view.theme = names.at((names.indexOf(s.view.theme) + 1) % names.size());
        applySettings(s);
    });
    theme->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    QAction* resample = view->addAction(tr("Resample particles"), m_controller, &ExplorerController::resample);
    resample->setShortcut(QKeySequence(Qt::Key_R));
    QAction* clearPin = view->addAction(tr("Clear the pinned point"), this, &MainWindow::clearPins);
    clearPin->setShortcut(QKeySequence(Qt::Key_Escape));
    // The teaching probes, at the pinned point (one at a time).
    QAction* posterior = view->addAction(tr("Posterior probe"));
    posterior->setObjectName(QStringLiteral("posteriorProbe"));
    posterior->setCheckable(true);
    posterior->setToolTip(tr("At the pinned point x and the current t: p(k | x_t) as discs on the target's components,\n"
                             "E[x0 | x_t] and E[x1 | x_t], and b = α̇ E[x0|x_t] + β̇ E[x1|x_t] + γ̇ E[z|x_t] built from them (exact)."));
    QAction* conditional = view->addAction(tr("Conditional vs marginal"));
    conditional->setObjectName(QStringLiteral("conditionalProbe"));
    conditional->setCheckable(true);
    conditional->setToolTip(tr("The conditional path and field u_t(x | x1) toward a target point x1 (Ctrl+click places it)\n"
                               "or one target component (Shift+click picks it; default: the most probable at the pin)\n"
                               "beside the marginal b = E[u_t(x | x1) | x_t = x] = Σ p(j | x_t) u_t(x | j)."));
    for (QAction* a : {posterior, conditional}) a->setStatusTip(a->toolTip().section(QLatin1Char('\n'), 0, 0));
    const auto setProbe = [this, posterior, conditional](QAction* chosen) {
        (chosen == posterior ? conditional : posterior)->setChecked(false);
        m_controller->setProbeMode(!chosen->isChecked() ? ProbeMode::Off
                                   : chosen == posterior ? ProbeMode::Posterior
                                                         : ProbeMode::Conditional);
        if (chosen->isChecked() && !m_controller->hasPin())
            statusBar()->showMessage(tr("Click a point on the plane to probe it."), 4000);
    };
    connect(posterior, &QAction::triggered, this, [setProbe, posterior] { setProbe(posterior); });
    connect(conditional, &QAction::triggered, this, [setProbe, conditional] { setProbe(conditional); });
    view->addSeparator();
    QAction* resetLayout = view->addAction(tr("Reset layout"), this, &MainWindow::resetLayout);
    resetLayout->setObjectName(QStringLiteral("resetLayout"));
    resetLayout->setToolTip(tr("Show every panel again, docked where a new window has it."));
    for (QDockWidget* dock : findChildren<QDockWidget*>()) view->addAction(dock->toggleViewAction());

    QMenu* playback = menuBar()->addMenu(tr("&Playback"));
    for (QAction* a : m_timeline->playbackActions()) playback->addAction(a);

    buildAnalysisMenu();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Keyboard shortcuts"), this, &MainWindow::showShortcuts);
    help->addAction(tr("About FlowLab"), this, &MainWindow::showAbout);
}

void MainWindow::resetLayout() {
    // Re-adding a dock moves it; adding them in their first order stacks them as at the start.
    for (const auto& [dock, area] : m_defaultDocks) {
        dock->setFloating(false);
        addDockWidget(area, dock);
        dock->show();
    }
    QList<QDockWidget*> left, right;
    for (const auto& [dock, area] : m_defaultDocks) (area == Qt::LeftDockWidgetArea ? left : right) << dock;
    const int width = std::max(kMinimumDockWidth, this->width() / 5);
    resizeDocks(left, QList<int>(left.size(), width), Qt::Horizontal);
    resizeDocks(right, QList<int>(right.size(), width), Qt::Horizontal);
    updateSceneDocks();  // an image scene keeps the 2D-only docks hidden
}

void MainWindow::buildStatusBar() {
    m_stateLabel = new QLabel(this);
    m_nfeLabel = new QLabel(this);
    m_nfeLabel->setToolTip(tr("Field evaluations (NFE) of the simulation shown: per integration step, and in total.\n"
                              "Playing it costs none: frames interpolate the recorded steps."));
    m_distanceLabel = new QLabel(this);
    m_distanceLabel->setToolTip(tr("Energy distance (docs/maths.md §9) between the particles where the integration ends and\n"
                                   "fresh samples of the density they should reach (1 500 of each; 0 = same law)."));
    m_fpsLabel = new QLabel(this);
    m_fpsLabel->setToolTip(tr("Frames drawn per second, and the mean time to render one."));
    statusBar()->addPermanentWidget(m_stateLabel);
    statusBar()->addPermanentWidget(m_nfeLabel);
    statusBar()->addPermanentWidget(m_distanceLabel);
    statusBar()->addPermanentWidget(m_fpsLabel);
}

void MainWindow::reloadPanels() {
    // In a comparison the method docks show the selected panel.
    const ExplorerSettings s = m_compare->panelSettings(m_compare->selected());
    for (SettingsPanel* p : m_panels) p->load(s);
    m_timeline->setDirection(s.scene.direction);
}

void MainWindow::applyFromPanels() {
    const ExplorerSettings before = m_controller->settings();
    const int panel = m_compare->selected();
    ExplorerSettings s = m_compare->panelSettings(panel);
    for (SettingsPanel* p : m_panels) p->store(s);
    m_timeline->storePlayback(s.playback);
    // A comparison panel other than the first: its method is its own, the rest is shared.
    const SceneSettings panelScene = s.scene;
    if (panel > 0) copyMethod(before.scene, s.scene);
    if (!m_trainingController->mayApply(s)) {
        reloadPanels();  // cancelled (or waiting for the save): the choice in effect again, nothing re-simulated
        return;
    }
    if (!m_controller->apply(s)) {
        statusBar()->showMessage(m_controller->status().error, 8000);
        reloadPanels();  // show what is in effect
        return;
    }
    if (panel > 0) {
        QString error;
        if (!m_compare->setPanelMethod(panel, panelScene, &error)) {
            statusBar()->showMessage(error, 8000);
            reloadPanels();
        }
    }
    settingsApplied(before);
}

void MainWindow::settingsApplied(const ExplorerSettings& before) {
    const ExplorerSettings& now = m_controller->settings();
    applyPalette(now.view.theme);
    m_trainingController->settingsApplied(before);
    m_compare->syncShared();
    m_persistTimer->start();
}

TrainingWorker& MainWindow::trainingWorker() { return m_trainingController->worker(); }

void MainWindow::startTraining() { m_trainingController->start(); }

void MainWindow::stopTraining() { m_trainingController->stop(); }

void MainWindow::resetTraining() { m_trainingController->reset(); }

bool MainWindow::applySettings(const ExplorerSettings& settings) {
    const ExplorerSettings before = m_controller->settings();
    const bool ok = m_controller->apply(settings);
    reloadPanels();
    m_timeline->loadPlayback(m_controller->settings().playback);
    const Direction d = m_controller->settings().scene.direction;
    if ((d == Direction::Generate ? 1 : -1) != m_clock->direction()) {
        m_clock->setDirection(d == Direction::Generate ? 1 : -1);
        m_clock->goToStart();
    }
    if (ok) settingsApplied(before);
    return ok;
}

void MainWindow::applyPalette(const QString& theme) {
    if (theme == m_appliedTheme) return;
    m_appliedTheme = theme;
    // The widgets follow the plane's theme, so a dark plane does not sit in a bright window.
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance())) {
        if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) app->setStyle(fusion);
        app->setPalette(theme != QLatin1String("dark") ? app->style()->standardPalette() : darkPalette());
    }
}

void MainWindow::refreshFrame() {
    const double t = m_clock->t();
    m_controller->setPlayhead(t, m_clock->heading());
    m_view->setFrame(m_controller->frameAt(t));
    m_compare->showTime(t, m_clock->heading());
}

void MainWindow::updateStatus() {
    const ExplorerStatus& st = m_controller->status();
    m_stateLabel->setToolTip(st.reduction.isEmpty() ? tr("The background simulation: the animation replays stored states.")
                                                     : st.reduction);
    if (!st.error.isEmpty()) {
        m_stateLabel->setText(tr("⚠ %1").arg(st.error));
    } else if (st.simulating) {
        m_stateLabel->setText(tr("simulating… %1 %").arg(int(100 * st.progress)));
    } else {
        m_stateLabel->setText(tr("simulated in %1 s").arg(st.simulationSeconds, 0, 'f', 2));
    }
    m_nfeLabel->setText(st.steps > 0 ? tr("NFE %1 per step · %2 in all").arg(double(st.nfe) / st.steps, 0, 'g', 3).arg(st.nfe)
                                     : QString());
    m_distanceLabel->setText(st.energyDistance >= 0.0
                                 ? tr("energy distance to %1: %2").arg(st.towardTarget ? tr("ρ₁") : tr("ρ₀"))
                                       .arg(st.energyDistance, 0, 'f', 4)
                                 : QString());
}

QImage MainWindow::renderPlane(QSize size, double t, double textBoost) const {
    FrameRenderer renderer;
    FrameData frame = m_controller->frameAt(t);
    frame.textScale = PlaneView::boostedTextScale(frame.textScale, textBoost);
    frame.drawing = m_view->frame().drawing;  // what the plane shows while painting
    return renderer.renderImage(size, frame);
}

void MainWindow::saveScreenshotAs() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the plane as PNG"), QStringLiteral("flowlab.png"),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty()) return;
    const QImage image = renderPlane(m_view->size() * m_view->devicePixelRatioF(), m_clock->t(), slideTextBoost());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) {
        QMessageBox::warning(this, tr("Could not save"), tr("%1: %2").arg(path, file.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
}

void MainWindow::showShortcuts() {
    QMessageBox::information(this, tr("Keyboard shortcuts"),
                             tr("Space\tplay / pause\n←  →\tstep one frame\nHome  End\tgo to the start / end\n"
                                "[  ]\tslower / faster\nR\tresample the particles\nEsc\tclear the pinned point\n"
                                "Ctrl+Home\treset the view\nCtrl+T\tnext theme (dark, light, projector)\n"
                                "Ctrl + / Ctrl − / Ctrl+0\tlarger / smaller / normal text\nCtrl+Shift+S\tsave the plane as PNG\n\n"
                                "F5\tpresent (full screen); Esc leaves\nPageDown  PageUp\tnext / previous lesson step\n"
                                "In presenter mode: → ← also step, Space plays, B black screen, hold L laser pointer,\n"
                                "N speaker notes\n\n"
                                "Mouse: click to pin a point, drag to pan, wheel to zoom, right-click to clear the pin."));
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About FlowLab"),
                       tr("<h3>FlowLab</h3><p>Flows, diffusions and stochastic interpolants between two densities, "
                          "with exact fields for Gaussian mixtures.</p><p>Time t ∈ [0, 1]: the base ρ₀ at t = 0, "
                          "the target ρ₁ at t = 1.</p>"));
}

void MainWindow::saveSettings() {
    if (!m_options.persistSettings) return;
    ExplorerSettings s = m_controller->settings();
    m_timeline->storePlayback(s.playback);
    saveExplorerSettings(*m_store, s);
    m_store->setValue(QLatin1String(kGeometryKey), saveGeometry());
    m_store->setValue(QLatin1String(kStateKey), saveState());
    QStringList hidden;
    for (QDockWidget* dock : m_hiddenForImages) hidden << dock->objectName();
    m_store->setValue(QLatin1String(kHiddenForImagesKey), hidden);
    m_store->sync();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // The network first (saving it makes the scene name it, which the scene prompt offers to keep);
    // Save closes the window once the file is written.
    const TrainingController::KeepChoice network = m_trainingController->askToKeep(
        tr("The network trained here has steps that no file holds. Save it before quitting? (Discard throws its steps "
           "away.)"),
        [this] { close(); });
    if (network != TrainingController::KeepChoice::Proceed || !maybeSaveChanges()) {
        event->ignore();
        return;
    }
    m_persistTimer->stop();
    saveSettings();
    m_clock->pause();
    m_document->endSession();
    event->accept();
}

}  // namespace flowlab::ui
