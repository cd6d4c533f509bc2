#pragma once

#include "panel/panel.hpp"
#include "worker/training_worker.hpp"

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flowlab::ui {

/// The learned mode: what to learn, the network, Train / Stop / Reset, a live loss plot
/// (QCustomPlot) with the error against the exact field per step on a second axis, the readouts
/// (step, loss, speed, error), and a training-step scrubber over the run's kept snapshots: the
/// second time axis, so the field and particles can be shown at any (step, t).
class TrainingPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

    /// Shows whether a run is going (enables Stop, disables Train).
    void setTraining(bool training);
    void addPoint(const TrainingPoint& point);
    void setError(int step, double relativeError);
    /// Image scenes: the classifier Fréchet distance at `step` (on the plot's second axis).
    void setFrechet(int step, double distance, double floor);
    /// Whether there is a trained image network to save (Save is enabled when not training).
    void setCanSave(bool canSave);
    void setMessage(const QString& message, bool isError = false);
    void clearPlot();
    /// Points in the loss plot (for tests).
    int plottedPoints() const;
    /// Points in the error-vs-step curve (for tests).
    int plottedErrors() const;
    /// The kept training snapshots' steps (increasing) and which one the view shows; `live`
    /// when it follows the newest one. Empty steps hide the scrubber.
    void setHistory(const std::vector<int>& steps, int shown, bool live);
    /// The scrubber's index (for tests; -1 when hidden).
    int historyIndex() const;
    /// Moves the scrubber as the user would (emits historyScrubbed).
    void scrubHistory(int index);
    QCustomPlot* plot() const { return m_plot; }
    /// Image scenes: Train starts from fresh weights instead of continuing the scene's model file.
    bool startsFresh() const;
    QCheckBox* freshBox() const { return m_fresh; }
    /// The batch (image scenes: images per step) and the learning rate (for tests).
    QSpinBox* batchBox() const { return m_batch; }
    QDoubleSpinBox* learningRateBox() const { return m_learningRate; }
    QComboBox* couplingBox() const { return m_coupling; }
    /// The Sinkhorn couplings' REG (λ as a fraction of E‖x0 − x1‖²); shown only for them.
    QDoubleSpinBox* regularisationBox() const { return m_regularisation; }

signals:
    void trainRequested();
    void stopRequested();
    void resetRequested();
    /// Image scenes: Save… (the trained U-Net to a model file).
    void saveRequested();
    /// The user chose the snapshot at `index` of the history (the last one: follow training).
    void historyScrubbed(int index);

protected:
    void changeEvent(QEvent* event) override;

private:
    void stylePlot();
    /// Image scenes show the U-Net's settings (channels, batch) and Save; 2D ones the MLP's.
    void setImageMode(bool images);
    /// Shows REG for the Sinkhorn couplings only.
    void showRegularisation();

    QComboBox* m_target = nullptr;
    QComboBox* m_coupling = nullptr;
    QDoubleSpinBox* m_regularisation = nullptr;
    QLabel* m_regularisationLabel = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_depth = nullptr;
    QComboBox* m_activation = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_steps = nullptr;
    QPushButton* m_train = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_reset = nullptr;
    QPushButton* m_save = nullptr;
    QCheckBox* m_fresh = nullptr;
    QLabel* m_widthLabel = nullptr;
    QLabel* m_depthLabel = nullptr;
    QLabel* m_batchLabel = nullptr;
    QLabel* m_activationLabel = nullptr;
    QLabel* m_couplingLabel = nullptr;
    bool m_images = false;
    bool m_training = false;
    bool m_canSave = false;
    QLabel* m_status = nullptr;
    QLabel* m_error = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_lossGraph = nullptr;
    QCPGraph* m_emaGraph = nullptr;
    QCPGraph* m_errorGraph = nullptr;
    QSlider* m_history = nullptr;
    QLabel* m_historyLabel = nullptr;
    std::vector<int> m_historySteps;
    double m_minLoss = 0.0, m_maxLoss = 0.0;
    int m_lastStep = 0;
};

}  // namespace flowlab::ui
