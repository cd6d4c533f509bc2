#pragma once

#include <QMessageBox>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

#include "state/explorer_settings.hpp"
#include "train/snapshot_history.hpp"
#include "worker/image_training_worker.hpp"

namespace flowlab::ui {

class CompareArea;
class ExplorerController;
class TrainingPanel;
class TrainingWorker;

/// The learned mode's training lifecycle: Train / Stop / Reset, the network the explorer and the
/// comparison panels follow while it trains, and dropping it when it no longer fits (new
/// densities or interpolant, another architecture). Owns the TrainingWorker; the window owns
/// the panel and the controllers and passes them in.
class TrainingController : public QObject {
    Q_OBJECT
public:
    /// What the controller asks of the window.
    struct Hooks {
        /// Applies settings as if the user had made them (panels, docks); false when refused.
        std::function<bool(const ExplorerSettings& settings)> apply;
        /// Asks whether Train may change the sampler or the trained field (see trainingFix).
        std::function<bool(const QString& question)> confirmFix;
        /// Shows a transient message (the status bar).
        std::function<void(const QString& message, int milliseconds)> showMessage;
        /// Asks whether an unsaved trained network may be thrown away (Reset); empty: yes.
        std::function<bool(const QString& question)> confirmDiscard;
        /// Asks where to save the trained image network, proposing `suggested`; empty result
        /// (or no hook): do not save.
        std::function<QString(const QString& suggested)> chooseModelPath;
        /// Asks what to do with an image network that settings about to be applied would drop
        /// (another data set, size or interpolant): Save, Discard or Cancel. No hook: Discard.
        std::function<QMessageBox::StandardButton(const QString& question)> askUnsavedNetwork;
    };

    TrainingController(ExplorerController* explorer, CompareArea* compare, TrainingPanel* panel, Hooks hooks,
                       QObject* parent = nullptr);

    TrainingWorker& worker() { return *m_worker; }
    /// The U-Net trainer of image scenes.
    ImageTrainingWorker& imageWorker() { return *m_imageWorker; }
    /// How image networks are measured while they train (tests make it cheap or switch it off).
    void setImageQuality(const ImageQualityOptions& quality) { m_imageQuality = quality; }
    /// Image scenes: a snapshot (a loss point, a re-simulated grid) every this many steps of a
    /// run of `stepsPerRun` steps: stepsPerRun / 20, within [5, 50].
    static int imageSnapshotEvery(int stepsPerRun);
    /// True when an image network trained here has steps no file holds.
    bool hasUnsavedNetwork() const { return m_hasNetwork && m_unsaved; }
    bool hasNetwork() const { return m_hasNetwork; }

    /// Train: switches to the learned field and trains stepsPerRun more steps. When the sampler
    /// needs a field the network cannot give it asks to fix that first, and does nothing if refused.
    void start();
    void stop();
    /// Drops the network (and, in learned mode, builds a fresh untrained one to show). In an
    /// image scene a network with unsaved steps is dropped only if confirmDiscard agrees; the
    /// grid then follows the scene's own field again (its model file, or the exact field).
    void reset();
    /// Image scenes: saves the trained U-Net where chooseModelPath says (not while training),
    /// and puts that file first in the scene's models, so the scene refers to it.
    /// Returns false when nothing is being saved (nothing to save, training, no path chosen).
    bool saveModel();
    /// True when a network trained with `a` cannot go on with `b` (settingsApplied drops it):
    /// another architecture, target or optimiser. The steps per run never drop it; in an image
    /// scene (`images`) neither does the batch, which applies to the next run of the same U-Net.
    static bool trainingChangeDropsNetwork(bool images, const TrainingSettings& a, const TrainingSettings& b);
    /// True when applying `next` would drop an image network with unsaved steps: a 2D scene,
    /// other images (data set, size), another interpolant, or a training change that drops it.
    /// (A 2D network cannot be saved, and its Reset does not ask either: never for 2D.)
    bool losesUnsavedNetwork(const ExplorerSettings& next) const;
    /// What askToKeep decided.
    enum class KeepChoice {
        Proceed,    ///< nothing unsaved, or Discard: the caller goes on
        Cancelled,  ///< Cancel, or a Save that could not start (training, no file chosen)
        Saving,     ///< Save started: `afterSave` runs once the file is written (not if it fails)
    };
    /// Before an action that would lose an image network with unsaved steps (another scene,
    /// quitting): asks askUnsavedNetwork `question` (Save / Discard / Cancel; no hook: Discard).
    /// With nothing unsaved it asks nothing and returns Proceed.
    KeepChoice askToKeep(const QString& question, std::function<void()> afterSave);
    /// True while a Save chosen in askToKeep (or mayApply) is being written, with its action waiting.
    bool waitsForSave() const { return bool(m_afterSave); }
    /// True when `next` may be applied now. Settings that would drop an image network with
    /// unsaved steps (losesUnsavedNetwork) ask askUnsavedNetwork first: Discard → true;
    /// Cancel → false; Save → false now, and `next` is applied once the network is saved (a
    /// failed save applies nothing). The caller shows the settings in effect again when this is
    /// false, without re-simulating.
    bool mayApply(const ExplorerSettings& next);
    /// The settings changed from `before` to the explorer's current ones: another architecture
    /// or optimiser drops the network; the learned mode without a network builds one.
    void settingsApplied(const ExplorerSettings& before);
    /// Builds the network if there is none and publishes its (untrained) field.
    void prepareNetwork();
    /// The run's kept snapshots (the Training panel's step scrubber walks them).
    const core::SnapshotHistory& history() const { return m_history; }
    /// Shows the snapshot at `index` of the history in the explorer and the panels; the last
    /// index follows training live again.
    void showSnapshot(int index);

private:
    /// Forgets the network everywhere: worker, plot, the explorer's and the panels' field.
    void dropNetwork();
    void publish(std::shared_ptr<const core::FieldSource> field, bool live);
    void updateHistoryPanel();
    void startImages(ExplorerSettings settings);
    void onModelSaved(const QString& path, const QString& error);

    ExplorerController* m_explorer = nullptr;
    CompareArea* m_compare = nullptr;
    TrainingPanel* m_panel = nullptr;
    Hooks m_hooks;
    TrainingWorker* m_worker = nullptr;
    ImageTrainingWorker* m_imageWorker = nullptr;
    ImageQualityOptions m_imageQuality;
    bool m_unsaved = false;  // image network: trained steps no file holds
    std::function<void()> m_afterSave;  // askToKeep's Save: the action that waits for the file
    bool m_hasNetwork = false;
    core::SnapshotHistory m_history;
    bool m_followLive = true;  // the view shows the newest snapshot
    int m_shownStep = 0;       // the step shown when not following
};

}  // namespace flowlab::ui
