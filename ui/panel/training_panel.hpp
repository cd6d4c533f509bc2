#pragma once

#include "panel/panel.hpp"
#include "worker/training_worker.hpp"

class QComboBox;
class QCPGraph;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace flowlab::ui {

/// The learned mode: what to learn, the network, Train / Stop / Reset, a live loss plot
/// (QCustomPlot) and the readouts (step, loss, speed, error against the exact field).
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
    void setMessage(const QString& message, bool isError = false);
    void clearPlot();
    /// Points in the loss plot (for tests).
    int plottedPoints() const;
    QCustomPlot* plot() const { return m_plot; }

signals:
    void trainRequested();
    void stopRequested();
    void resetRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    void stylePlot();

    QComboBox* m_target = nullptr;
    QComboBox* m_coupling = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_depth = nullptr;
    QComboBox* m_activation = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_steps = nullptr;
    QPushButton* m_train = nullptr;
    QPushButton* m_stop = nullptr;
    QPushButton* m_reset = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_error = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_lossGraph = nullptr;
    QCPGraph* m_emaGraph = nullptr;
    double m_minLoss = 0.0, m_maxLoss = 0.0;
    int m_lastStep = 0;
};

}  // namespace flowlab::ui
