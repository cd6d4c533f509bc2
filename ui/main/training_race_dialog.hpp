#pragma once

#include <QDialog>
#include <QString>

#include <memory>
#include <vector>

#include "common/result.hpp"
#include "density/gaussian_mixture.hpp"
#include "metrics/learning_curve.hpp"
#include "worker/job_queue.hpp"

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace flowlab::ui {

class CurvePlot;

/// What a training race trains on: the current 2D scene's densities, its interpolant (the
/// methods take their other parameters from it) and the Training dock's network and optimiser.
struct TrainingRaceScene {
    std::shared_ptr<const core::GaussianMixture> base, target;
    core::InterpolantOptions interpolant;
    core::TrainerOptions trainer;  ///< network, batch, learning rate, seed (steps and K are the dialog's)
};

/// Analysis → Training race: trains one small MLP per method (FM-OT, VP, trig, linear + γ by
/// default) on the scene side by side — round-robin, K steps each in turn, on its own worker
/// thread — and plots each network's error against the exact field over the training step as
/// it is measured. It runs core::learningCurve (what `flowlab-cli learning-curve` runs), so the
/// curves are that command's. Stop ends the race and keeps what was measured.
class TrainingRaceDialog : public QDialog {
    Q_OBJECT
public:
    explicit TrainingRaceDialog(QWidget* parent = nullptr);
    ~TrainingRaceDialog() override;

    void setScene(TrainingRaceScene scene);
    /// The methods and options a race uses now (interleaved), validated; the error in words.
    core::Result<std::vector<core::LearningCurveMethod>> methods() const;
    core::Result<core::LearningCurveOptions> options() const;

    /// Starts a race (superseding a running one); a message in the status line when invalid.
    void start();
    void stop();
    bool isRunning() const { return m_queue.busy(); }
    /// The points measured so far, in the order they came.
    const std::vector<core::LearningCurvePoint>& points() const { return m_points; }
    CurvePlot& plot() { return *m_plot; }
    QString statusText() const;

signals:
    /// The race ended: completed (ok), or stopped or failed with a message.
    void finished(bool ok, const QString& message);

private:
    void onPoint(quint64 generation, const core::LearningCurvePoint& point);
    void onDone(quint64 generation, bool ok, const QString& message);
    void setBusy(bool busy);

    TrainingRaceScene m_scene;
    std::vector<core::LearningCurveMethod> m_raceMethods;  // of the race shown
    std::vector<core::LearningCurvePoint> m_points;
    quint64 m_generation = 0;

    QLineEdit* m_methods = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_every = nullptr;
    QSpinBox* m_samples = nullptr;
    QPushButton* m_start = nullptr;
    QPushButton* m_stop = nullptr;
    QLabel* m_status = nullptr;
    CurvePlot* m_plot = nullptr;
    JobQueue m_queue;
};

}  // namespace flowlab::ui
