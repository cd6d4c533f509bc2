#pragma once

#include <QMainWindow>
#include <QList>
#include <QMessageBox>
#include <QPair>

#include <functional>
#include <memory>
#include <optional>

#include "state/explorer_settings.hpp"
#include "state/image_import.hpp"

class QDockWidget;
class QLabel;
class QMenu;
class QSettings;
class QTimer;

namespace flowlab::ui {

class AnimationClock;
class CompareArea;
enum class ComparePreset;
class DensityPanel;
class ImageScenePanel;
class ExplorerController;
class LayersPanel;
class LessonController;
class LessonEditor;
class PresenterController;
enum class ProbeMode;
class MethodPanel;
class PlaneView;
class SceneDocument;
class DensityEditor;
class BrushPanel;
class SamplerPanel;
class SettingsPanel;
class TimelineBar;
class ImageToolsDocks;
class NfeCurveDialog;
class StraightnessDialog;
class TrainingRaceDialog;
class TrainingController;
class TrainingPanel;
class TrainingWorker;

/// How the window starts.
struct MainWindowOptions {
    QString settingsPath;       ///< INI file for the settings; empty = the user's FlowLab settings
    bool restoreSettings = true;
    bool persistSettings = true;
    bool autoplay = true;       ///< start playing once the first simulation arrives
    /// Replaces the stored settings (e.g. from --scene); the stored window layout still applies.
    std::optional<ExplorerSettings> initialSettings;
    QString themeOverride;      ///< "dark" or "light" replaces the theme of whatever settings apply
    int workerThreads = 0;      ///< exact-field threads of the workers (0 = all cores: a re-simulation uses both)
    QString scenePath;          ///< the scene file initialSettings came from (the document's file)
    /// Asks what to do with unsaved changes (Save / Discard / Cancel); empty = a message box.
    std::function<QMessageBox::StandardButton(const QString& question)> askUnsaved;
    /// Shows an error the user caused (a bad file); empty = a message box.
    std::function<void(const QString& title, const QString& message)> showError;
    /// Asks whether Train may change the sampler or the trained field so that the sampler can run
    /// on the network (see trainingFix); false = do not train. Empty = a message box.
    std::function<bool(const QString& question)> confirmTrainingFix;
    /// Asks whether Reset may throw away an image network with unsaved steps; empty = a message box.
    std::function<bool(const QString& question)> confirmDiscardNetwork;
    /// Chooses the file a trained image network is saved to ("" = cancelled); empty = a file dialog.
    std::function<QString(const QString& suggested)> chooseModelPath;
    /// Asks what to do with an unsaved image network that a change would drop (another scene
    /// file, lesson step or kind, data set, size, interpolant; quitting): Save / Discard /
    /// Cancel; empty = a message box.
    std::function<QMessageBox::StandardButton(const QString& question)> askUnsavedNetwork;
    /// Chooses the import options of an image (nullopt = cancelled); empty = the import dialog.
    std::function<std::optional<ImageImport>(const ImageImport& proposed)> chooseImageImport;
};

/// The explorer window: the plane in the middle, the timeline under it, dock panels for the
/// densities, the method, the sampler and the view, and a status bar with the frame rate, the
/// NFE and the energy distance of the end samples to the target. It wires widgets to the
/// ExplorerController and the AnimationClock and owns no maths.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    ExplorerController& controller() { return *m_controller; }
    AnimationClock& clock() { return *m_clock; }
    PlaneView& view() { return *m_view; }
    TimelineBar& timeline() { return *m_timeline; }
    LayersPanel& layersPanel() { return *m_layers; }
    MethodPanel& methodPanel() { return *m_method; }
    SamplerPanel& samplerPanel() { return *m_sampler; }
    DensityPanel& densityPanel() { return *m_densities; }
    /// The scene kind switch and the image scene's data, model, class, guidance and grid.
    ImageScenePanel& imageScenePanel() { return *m_imagePanel; }
    TrainingPanel& trainingPanel() { return *m_trainingPanel; }
    TrainingWorker& trainingWorker();
    /// Train / Stop / Reset and the run's snapshot history (for tests).
    TrainingController& trainingController() { return *m_trainingController; }
    /// The image mode's inspector, PCA view, inpainting and morph docks.
    ImageToolsDocks& imageTools() { return *m_imageTools; }
    /// Analysis → Error vs NFE: shows the dialog for the current 2D scene (exact and, when
    /// trained, learned field); returns it (null for an image scene, with a status message).
    NfeCurveDialog* showNfeCurve();
    /// Analysis → Training race: shows the race of FM-OT, VP, trig and linear + γ on the current
    /// 2D scene with the Training dock's network (null for an image scene, with a message).
    TrainingRaceDialog* showTrainingRace();
    /// Analysis → Straightness… (null for image scenes).
    StraightnessDialog* showStraightness();

    /// Train / Stop / Reset of the learned mode (what the Training panel's buttons do). Train
    /// switches to the learned field; when the sampler needs a field the network cannot give (an
    /// SDE on a b-network of a two-sided family) it first asks to fix that (confirmTrainingFix)
    /// and does nothing if refused, so it never leaves a sampler that cannot run.
    void startTraining();
    void stopTraining();
    void resetTraining();
    SceneDocument& document() { return *m_document; }
    DensityEditor& densityEditor() { return *m_editor; }
    BrushPanel& brushPanel() { return *m_brushPanel; }
    /// The plane area: one panel, or a comparison of 2 or 4 (panel 0 is controller() and view()).
    CompareArea& compareArea() { return *m_compare; }

    /// Shows 1, 2 or 4 panels. New panels start with the selected panel's method.
    void setCompareLayout(int panels);
    /// One of the one-click comparisons (Compare menu): its panels on the current densities.
    bool runComparison(ComparePreset preset);

    /// Opens a scene file (after the unsaved-network and unsaved-changes prompts); a bad file is
    /// reported and changes nothing. Returns whether the scene was opened (false too when a
    /// prompt was cancelled, or when the network is being saved first: the scene opens after).
    bool openScene(const QString& path);
    /// Before an action that replaces the scene with `next` (a scene file, a lesson step, a
    /// comparison): when that would drop an image network with unsaved steps, asks Save /
    /// Discard / Cancel (askUnsavedNetwork), naming the action (`action`, e.g. "opening x.json").
    /// True: go on (nothing to lose, or Discard). False: do nothing now — Cancel, or Save, after
    /// which `retry` runs once the file is written (a cancelled or failed save runs nothing).
    bool mayReplaceScene(const ExplorerSettings& next, const QString& action, std::function<void()> retry);
    /// Save / Discard / Cancel when the scene has unsaved changes (askUnsaved); false = the user
    /// cancelled, or the save failed. Every action that replaces the scene asks it first.
    bool maybeSaveChanges();
    /// Why the options' initialSettings (a --scene) could not be shown, so the window fell back
    /// to the default scene; empty when they were shown. `flowlab --scene` exits on it.
    const QString& initialSettingsError() const { return m_initialSettingsError; }
    /// Saves the current scene to `path` (atomically); reports a failure.
    bool saveScene(const QString& path);
    /// Uses an image as the base or target (import.role); an unreadable image or one that
    /// gives no density is reported and changes nothing.
    bool importImage(const ImageImport& import);
    /// Asks for the import options of an image file (the dialog), then imports it.
    bool importImageFile(const QString& path, DensityRole role);

    /// Applies settings as if the user had made them in the panels (and shows them there).
    bool applySettings(const ExplorerSettings& settings);
    /// The plane at `size` for time t, drawn by the same renderer as the screen, its text
    /// boosted by `textBoost` (PlaneView::boostedTextScale).
    QImage renderPlane(QSize size, double t, double textBoost = 1.0) const;
    /// Turns a teaching probe on at the pin (or off), as the View menu does; `component` is the
    /// conditional probe's target component (from 0; −1: the most probable at the pin).
    void setProbe(ProbeMode mode, int component = -1, std::optional<QPointF> x1 = std::nullopt);
    /// The text boost of pictures made for slides (--view-only screenshots, File → Save PNG,
    /// video export): the presenter's while presenting or with a lesson open, else 1.
    double slideTextBoost() const;
    /// Writes the settings (and the window layout) now.
    void saveSettings();
    /// View → Reset layout: every panel dock back where a fresh window has it, shown and docked
    /// (an image scene keeps the 2D-only ones hidden, see updateSceneDocks).
    void resetLayout();
    /// The 2D-only docks (Densities and, once opened, the density editor).
    QList<QDockWidget*> densityDocks() const;
    /// Lecture mode (main_window_lecture.cpp): the lesson player, presenter mode, the editor.
    LessonController& lessons() { return *m_lessons; }
    PresenterController& presenter() { return *m_presenter; }
    LessonEditor& lessonEditor() { return *m_lessonEditor; }
    /// Opens a lesson file and shows its first step; a bad file is reported and changes nothing.
    bool openLesson(const QString& path);
    /// The text scale of the plane (clamped to [1, 3]), persisted with the view settings.
    void setTextScale(double scale);
    /// Below this the docks and the plane no longer fit side by side.
    static constexpr int kMinimumWidth = 960;
    static constexpr int kMinimumHeight = 620;

signals:
    /// An image scene: a sample of the grid (panel 0) was clicked; its trajectory is
    /// controller().sampleTrajectory(index), the field and data controller().imageScene().
    void sampleClicked(int index);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    QDockWidget* addPanel(const QString& title, SettingsPanel* panel, Qt::DockWidgetArea area);
    void applyFromPanels();
    /// What follows an accepted change: the widget palette, the network, persisting.
    void settingsApplied(const ExplorerSettings& before);
    void reloadPanels();
    void refreshFrame();
    void updateStatus();
    void applyPalette(const QString& theme);
    void saveScreenshotAs();
    void showShortcuts();
    void showAbout();
    void buildSceneMenu(QMenu* file);
    void buildAnalysisMenu();
    void buildImageActions(QMenu* file);
    /// The docks that only a 2D scene uses (Densities, the density editor): hidden, and left out
    /// of the View menu, in image scenes; shown again as they were in 2D ones. Never shows a dock
    /// while presenting (leaving presenter mode applies it again).
    void updateSceneDocks();
    void setupDensityEditor();
    void chooseImageFile(DensityRole role);
    /// The density a dropped image replaces: the editor's while it paints, else the density panel's choice.
    DensityRole dropRole() const;
    void chooseSceneToOpen();
    bool saveCurrentScene();
    bool saveSceneAs();
    void updateTitle();
    void reportError(const QString& title, const QString& message);
    void offerAutosaveRestore();
    void buildCompareMenu();
    void pinAt(QPointF world);
    void clearPins();
    void linkCamera(const Camera& camera);
    void exportVideo();
    void buildLectureMenu();
    void chooseLessonToOpen();

    MainWindowOptions m_options;
    std::unique_ptr<QSettings> m_store;
    ExplorerController* m_controller = nullptr;
    AnimationClock* m_clock = nullptr;
    PlaneView* m_view = nullptr;
    CompareArea* m_compare = nullptr;
    TimelineBar* m_timeline = nullptr;
    DensityPanel* m_densities = nullptr;
    ImageScenePanel* m_imagePanel = nullptr;
    MethodPanel* m_method = nullptr;
    SamplerPanel* m_sampler = nullptr;
    LayersPanel* m_layers = nullptr;
    TrainingPanel* m_trainingPanel = nullptr;
    TrainingController* m_trainingController = nullptr;
    ImageToolsDocks* m_imageTools = nullptr;
    NfeCurveDialog* m_nfeDialog = nullptr;
    TrainingRaceDialog* m_raceDialog = nullptr;
    StraightnessDialog* m_straightnessDialog = nullptr;
    QList<SettingsPanel*> m_panels;
    /// The panel docks in the order they were added, with their default area (for resetLayout).
    QList<QPair<QDockWidget*, Qt::DockWidgetArea>> m_defaultDocks;
    /// 2D-only docks an image scene hid (shown again in the next 2D scene).
    QList<QDockWidget*> m_hiddenForImages;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_nfeLabel = nullptr;
    QLabel* m_distanceLabel = nullptr;
    QLabel* m_fpsLabel = nullptr;
    QTimer* m_persistTimer = nullptr;
    SceneDocument* m_document = nullptr;
    QMenu* m_recentMenu = nullptr;
    DensityEditor* m_editor = nullptr;
    BrushPanel* m_brushPanel = nullptr;
    QString m_appliedTheme;
    QString m_initialSettingsError;
    LessonController* m_lessons = nullptr;
    PresenterController* m_presenter = nullptr;
    LessonEditor* m_lessonEditor = nullptr;
    bool m_autoplayPending = false;
};

}  // namespace flowlab::ui
