#pragma once

#include <QDialog>
#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

#include "common/result.hpp"
#include "field/exact_field.hpp"
#include "metrics/path_straightness.hpp"
#include "net/coupling_options.hpp"
#include "worker/job_queue.hpp"

class QComboBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace flowlab::ui {

class CurvePlot;
class RunStrip;

/// What the straightness dialog measures: a 2D scene's densities and interpolant (from its exact
/// field), its coupling (the one its network is trained with; a component matrix of the scene
/// file is offered as an exact method), the trained network when there is one, and its seed.
struct StraightnessScene {
    std::shared_ptr<const core::ExactField> exact;
    std::shared_ptr<const core::FieldSource> learned;  ///< null: no network yet
    core::CouplingOptions coupling;
    std::uint64_t seed = 1;
};

/// One measured method: its name ("exact (component OT)", "learned (ot)") and path statistics.
struct StraightnessResult {
    QString name;
    core::PathStats stats;
};

/// Analysis → Straightness: integrates the probability-flow ODE of each chosen method from the
/// same base draws on its own worker thread (core::measurePaths, what `flowlab-cli paths` runs)
/// and plots the straightness integrand E‖b(t, X_t) − (X1 − X0)‖² against t, one curve per
/// method, with the totals (straightness, path length, chord) beside it and a CSV export in the
/// CLI's columns. The exact field exists for independent pairs and the couplings of mixture
/// components; minibatch OT, Sinkhorn and reflow are learned only and appear through the network
/// trained with them. A new run supersedes the running one; Cancel stops it.
class StraightnessDialog : public QDialog {
    Q_OBJECT
public:
    /// A method of the list: an exact field under a coupling of components, or the network.
    struct Method {
        QString name;
        bool learned = false;
        core::CouplingOptions coupling;  ///< of the exact field (learned: what it was trained with)
    };

    explicit StraightnessDialog(QWidget* parent = nullptr);
    ~StraightnessDialog() override;

    /// The scene to measure; lists the exact methods and, when there is a network, the learned one.
    void setScene(StraightnessScene scene);
    /// The methods checked now (empty: nothing to run).
    std::vector<Method> chosenMethods() const;
    /// The sampler options Run uses (ODE solver and steps), validated against the interpolant.
    core::Result<core::SamplerOptions> samplerOptions() const;
    /// The base draws every method starts from: n points of the scene's seed, as the CLI draws them.
    core::Points startPoints() const;

    void run();
    void cancel();
    bool isRunning() const { return m_queue.busy(); }
    /// The last finished measurement, one entry per method (empty before one).
    const std::vector<StraightnessResult>& results() const { return m_results; }
    /// The last results: `method` and then `flowlab-cli paths --csv`'s columns t, deviation, speed.
    QString csv() const;
    core::Status exportCsv(const QString& path) const;
    CurvePlot& plot() { return *m_plot; }
    QListWidget& methodList() { return *m_methods; }
    QString statusText() const;
    QString totalsText() const;

signals:
    /// A run ended: with its results (ok) or with a message (failed or cancelled).
    void finished(bool ok, const QString& message);

private:
    void onFinished(quint64 generation, std::shared_ptr<const std::vector<StraightnessResult>> results);
    void onFailed(quint64 generation, const QString& message);
    void onProgress(quint64 generation, double fraction);
    void redraw();
    void setBusy(bool busy);

    StraightnessScene m_scene;
    std::vector<Method> m_available;
    std::vector<StraightnessResult> m_results;
    quint64 m_generation = 0;

    QListWidget* m_methods = nullptr;
    QComboBox* m_solver = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_particles = nullptr;
    RunStrip* m_strip = nullptr;
    QLabel* m_totals = nullptr;
    CurvePlot* m_plot = nullptr;
    JobQueue m_queue;
};

}  // namespace flowlab::ui
