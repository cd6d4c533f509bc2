#pragma once

#include <QDialog>
#include <QString>

#include <cstdint>
#include <memory>

#include "common/result.hpp"
#include "field/exact_field.hpp"
#include "metrics/nfe_curve.hpp"
#include "worker/job_queue.hpp"

class QComboBox;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace flowlab::ui {

class CurvePlot;
class RunStrip;

/// What the error-vs-NFE dialog measures: a 2D scene's densities and interpolant (its exact
/// field), the trained network when there is one, and the scene's sampler settings and seed.
struct NfeCurveScene {
    std::shared_ptr<const core::ExactField> exact;
    std::shared_ptr<const core::FieldSource> learned;  ///< null: no network yet
    core::SamplerOptions sampler;                       ///< ε schedule, corrector, smld settings
    std::uint64_t seed = 1;
};

/// Analysis → Error vs NFE: runs core::nfeCurve (what `flowlab-cli nfe-curve` runs) for the
/// current scene on its own worker thread and plots energy distance, sliced W2 or the ODE error
/// against the number of field evaluations on log axes, one curve per solver, with a CSV export
/// in the CLI's format. A new run supersedes the running one; Cancel stops it; the GUI never waits.
class NfeCurveDialog : public QDialog {
    Q_OBJECT
public:
    enum class Metric { EnergyDistance, SlicedW2, OdeError };

    explicit NfeCurveDialog(QWidget* parent = nullptr);
    ~NfeCurveDialog() override;

    /// The scene to measure; lists the solvers that run on its family (the default ones
    /// checked) and offers the learned field when there is a network.
    void setScene(NfeCurveScene scene);
    /// The options Run uses now (solvers, budgets, particles, the scene's sampler and seed),
    /// validated against the scene's interpolant; the error in words otherwise.
    core::Result<core::NfeCurveOptions> options() const;
    /// Whether Run measures the learned field (else the exact one).
    bool measuresLearned() const;
    /// The field Run measures (null when there is no scene).
    std::shared_ptr<const core::FieldSource> field() const;

    /// Starts a run with options(); a message in the status line when they are invalid.
    void run();
    void cancel();
    bool isRunning() const { return m_queue.busy(); }
    void setMetric(Metric metric);
    /// The last finished curve (empty before one).
    const core::NfeCurve& curve() const { return m_curve; }
    /// The last curve in `flowlab-cli nfe-curve`'s CSV format.
    QString csv() const;
    /// Writes csv() to `path` atomically.
    core::Status exportCsv(const QString& path) const;
    CurvePlot& plot() { return *m_plot; }
    QListWidget& solverList() { return *m_solvers; }
    QString statusText() const;

signals:
    /// A run ended: with its curve (ok) or with a message (failed or cancelled).
    void finished(bool ok, const QString& message);

private:
    void onFinished(quint64 generation, std::shared_ptr<const core::NfeCurve> curve, const QString& label);
    void onFailed(quint64 generation, const QString& message);
    void onProgress(quint64 generation, double fraction);
    void redraw();
    void setBusy(bool busy);

    NfeCurveScene m_scene;
    core::NfeCurve m_curve;
    QString m_curveLabel;
    quint64 m_generation = 0;
    Metric m_metric = Metric::EnergyDistance;

    QListWidget* m_solvers = nullptr;
    QComboBox* m_field = nullptr;
    QComboBox* m_metricBox = nullptr;
    QLineEdit* m_nfe = nullptr;
    QSpinBox* m_particles = nullptr;
    RunStrip* m_strip = nullptr;
    CurvePlot* m_plot = nullptr;
    JobQueue m_queue;
};

}  // namespace flowlab::ui
