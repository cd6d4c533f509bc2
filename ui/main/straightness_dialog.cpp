#include "main/straightness_dialog.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "io/file_io.hpp"
#include "main/run_strip.hpp"
#include "panel/curve_plot.hpp"
#include "sampler/sampler.hpp"
#include "train/component_plan.hpp"

namespace flowlab::ui {

namespace {

// A quick measurement: half the CLI's 2000 particles, the steps of its 64-step measurements.
constexpr int kDefaultParticles = 1000;
constexpr int kDefaultSteps = 64;
// Particles per block of the worker: progress and Cancel answer within one block.
constexpr Eigen::Index kBlockRows = 100;
const core::SolverKind kPathSolvers[] = {core::SolverKind::Rk4, core::SolverKind::Heun, core::SolverKind::Midpoint,
                                         core::SolverKind::Euler};

core::CouplingOptions couplingOf(core::CouplingKind kind) {
    core::CouplingOptions c;
    c.kind = kind;
    return c;
}

QString exactName(const core::CouplingOptions& c) {
    switch (c.kind) {
        case core::CouplingKind::Independent: return QStringLiteral("exact (independent)");
        case core::CouplingKind::ComponentOt: return QStringLiteral("exact (component OT)");
        case core::CouplingKind::ComponentSinkhorn:
            return QStringLiteral("exact (component Sinkhorn %1)").arg(c.regularisation);
        default: return QStringLiteral("exact (%1)").arg(QString::fromStdString(c.spec()));
    }
}

}  // namespace

StraightnessDialog::StraightnessDialog(QWidget* parent) : QDialog(parent), m_queue(QStringLiteral("straightness")) {
    setWindowTitle(tr("Straightness"));
    setObjectName(QStringLiteral("straightnessDialog"));
    auto* layout = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_solver = new QComboBox(this);
    for (core::SolverKind s : kPathSolvers) m_solver->addItem(QString::fromStdString(core::toString(s)), int(s));
    m_solver->setToolTip(tr("The ODE solver of the paths (fixed steps; as flowlab-cli paths --solver)."));
    form->addRow(tr("Solver"), m_solver);
    m_steps = new QSpinBox(this);
    m_steps->setObjectName(QStringLiteral("straightnessSteps"));
    m_steps->setRange(1, 10000);
    m_steps->setValue(kDefaultSteps);
    m_steps->setToolTip(tr("Integration steps from t = 0 to 1; the integrand is recorded at every step."));
    form->addRow(tr("Steps"), m_steps);
    m_particles = new QSpinBox(this);
    m_particles->setObjectName(QStringLiteral("straightnessParticles"));
    m_particles->setRange(1, 200000);
    m_particles->setValue(kDefaultParticles);
    m_particles->setToolTip(tr("Base draws, the same for every method (the scene's seed)."));
    form->addRow(tr("Particles"), m_particles);
    side->addLayout(form);
    side->addWidget(new QLabel(tr("Methods"), this));
    m_methods = new QListWidget(this);
    m_methods->setToolTip(tr("Exact fields exist for independent pairs and couplings of mixture components; minibatch\n"
                             "OT, Sinkhorn and reflow are learned only: train a network with one and measure it here."));
    side->addWidget(m_methods, 1);
    m_strip = new RunStrip(this);
    side->addWidget(m_strip);
    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("straightnessTotals"));
    m_totals->setWordWrap(true);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    side->addWidget(m_totals);
    layout->addLayout(side);
    m_plot = new CurvePlot(this);
    m_plot->setAxes(tr("t"), false, tr("E‖b(t, X_t) − (X1 − X0)‖²"), false);
    layout->addWidget(m_plot, 1);

    connect(m_strip->runButton(), &QPushButton::clicked, this, &StraightnessDialog::run);
    connect(m_strip->cancelButton(), &QPushButton::clicked, this, &StraightnessDialog::cancel);
    m_strip->onExport(tr("Export the straightness"), QStringLiteral("straightness.csv"), [this](const QString& path) { return exportCsv(path); });
    setBusy(false);
    resize(900, 480);
}

StraightnessDialog::~StraightnessDialog() { m_queue.cancel(); }

void StraightnessDialog::setScene(StraightnessScene scene) {
    m_scene = std::move(scene);
    // Keep what was checked by name across scenes; the first time, independent and component OT.
    std::vector<QString> checked;
    for (int i = 0; i < m_methods->count(); ++i)
        if (m_methods->item(i)->checkState() == Qt::Checked) checked.push_back(m_methods->item(i)->text());
    const bool first = m_methods->count() == 0;
    m_available.clear();
    m_methods->clear();
    if (!m_scene.exact) return;
    core::CouplingOptions sinkhorn = couplingOf(core::CouplingKind::ComponentSinkhorn);
    for (const core::CouplingOptions& c :
         {couplingOf(core::CouplingKind::Independent), couplingOf(core::CouplingKind::ComponentOt), sinkhorn})
        m_available.push_back({exactName(c), false, c});
    // The scene file's own matrix of components.
    if (m_scene.coupling.kind == core::CouplingKind::ComponentMatrix)
        m_available.push_back({QStringLiteral("exact (component matrix)"), false, m_scene.coupling});
    if (m_scene.learned) {
        const QString trained = QString::fromStdString(m_scene.coupling.spec());
        m_available.push_back({tr("learned (%1)").arg(trained), true, m_scene.coupling});
    }
    for (const Method& m : m_available) {
        auto* item = new QListWidgetItem(m.name, m_methods);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        const bool wanted = first ? (!m.learned && (m.coupling.kind == core::CouplingKind::Independent ||
                                                    m.coupling.kind == core::CouplingKind::ComponentOt))
                                  : std::find(checked.begin(), checked.end(), m.name) != checked.end();
        item->setCheckState(wanted ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(m.learned ? tr("The trained network (its coupling: %1).").arg(QString::fromStdString(m.coupling.spec()))
                                   : tr("The exact field of the pairs this coupling of components makes."));
    }
    m_strip->setStatus(m_scene.learned ? tr("Exact fields and the learned one.")
                                      : tr("Exact fields (train a network to measure a learned-only coupling)."));
}

std::vector<StraightnessDialog::Method> StraightnessDialog::chosenMethods() const {
    std::vector<Method> out;
    for (int i = 0; i < m_methods->count() && i < int(m_available.size()); ++i)
        if (m_methods->item(i)->checkState() == Qt::Checked) out.push_back(m_available[std::size_t(i)]);
    return out;
}

core::Result<core::SamplerOptions> StraightnessDialog::samplerOptions() const {
    if (!m_scene.exact) return core::Error{"no 2D scene to measure"};
    core::SamplerOptions o;
    o.solver = core::SolverKind(m_solver->currentData().toInt());
    o.steps = m_steps->value();
    o.recordTrajectory = true;
    if (auto p = o.validate(m_scene.exact->interpolant()); !p.empty()) return core::Error{p};
    return o;
}

core::Points StraightnessDialog::startPoints() const {
    if (!m_scene.exact) return {};
    core::Rng rng(m_scene.seed);
    return core::sampleStart(m_scene.exact->base(), m_scene.exact->target(), m_scene.exact->interpolant(), 0.0,
                             m_particles->value(), rng);
}

void StraightnessDialog::run() {
    auto options = samplerOptions();
    if (!options) {
        m_strip->setStatus(QString::fromStdString(options.message()));
        return;
    }
    const std::vector<Method> methods = chosenMethods();
    if (methods.empty()) {
        m_strip->setStatus(tr("Check at least one method."));
        return;
    }
    const quint64 generation = ++m_generation;
    setBusy(true);
    m_strip->setProgress(0.0);
    m_strip->setStatus(tr("Measuring %n method(s)…", nullptr, int(methods.size())));
    m_queue.submit(
        [this, generation, methods, o = *options, exact = m_scene.exact, learned = m_scene.learned,
         start = startPoints()](const JobQueue::CancelFlag& cancelled) {
            auto results = std::make_shared<std::vector<StraightnessResult>>();
            auto fail = [&](const QString& message) {
                QMetaObject::invokeMethod(this, [this, generation, message] { onFailed(generation, message); },
                                          Qt::QueuedConnection);
            };
            for (std::size_t m = 0; m < methods.size(); ++m) {
                std::shared_ptr<const core::FieldSource> field = learned;
                if (!methods[m].learned) {
                    core::ExactFieldOptions eo;
                    eo.threads = 1;
                    auto f = core::exactFieldFor(methods[m].coupling, exact->base(), exact->target(),
                                                 exact->interpolant(), eo);
                    if (!f) return fail(methods[m].name + QStringLiteral(": ") + QString::fromStdString(f.message()));
                    field = std::make_shared<const core::ExactField>(std::move(*f));
                }
                auto progress = [&](double fraction) {
                    const double total = (double(m) + fraction) / double(methods.size());
                    QMetaObject::invokeMethod(this, [this, generation, total] { onProgress(generation, total); },
                                              Qt::QueuedConnection);
                    return !cancelled.load();
                };
                auto stats = core::measurePaths(*field, exact->interpolant(), start, o, kBlockRows, progress);
                if (cancelled.load()) return fail(tr("Cancelled."));
                if (!stats) return fail(methods[m].name + QStringLiteral(": ") + QString::fromStdString(stats.message()));
                results->push_back({methods[m].name, std::move(*stats)});
            }
            std::shared_ptr<const std::vector<StraightnessResult>> done = results;
            QMetaObject::invokeMethod(this, [this, generation, done] { onFinished(generation, done); },
                                      Qt::QueuedConnection);
        },
        [this, generation](const QString& message) {
            QMetaObject::invokeMethod(this, [this, generation, message] { onFailed(generation, message); },
                                      Qt::QueuedConnection);
        });
}

void StraightnessDialog::cancel() {
    if (!isRunning()) return;
    m_queue.cancel();
    ++m_generation;  // whatever the cancelled job still reports is stale
    setBusy(false);
    m_strip->setStatus(tr("Cancelled."));
    emit finished(false, tr("Cancelled."));
}

void StraightnessDialog::onProgress(quint64 generation, double fraction) {
    if (generation != m_generation) return;
    m_strip->setProgress(fraction);
}

void StraightnessDialog::onFinished(quint64 generation, std::shared_ptr<const std::vector<StraightnessResult>> results) {
    if (generation != m_generation) return;
    m_results = *results;
    setBusy(false);
    m_strip->setProgress(1.0);
    QStringList lines;
    for (const StraightnessResult& r : m_results)
        lines << tr("%1: straightness %2, path length %3 (chord %4)")
                     .arg(r.name)
                     .arg(r.stats.straightness, 0, 'g', 6)
                     .arg(r.stats.pathLength, 0, 'g', 6)
                     .arg(r.stats.chordLength, 0, 'g', 6);
    m_totals->setText(lines.join(QLatin1Char('\n')));
    m_strip->setStatus(tr("%1 particles, %2 on %3 steps.")
                          .arg(m_results.empty() ? 0 : m_results.front().stats.particles)
                          .arg(m_solver->currentText())
                          .arg(m_steps->value()));
    redraw();
    emit finished(true, QString());
}

void StraightnessDialog::onFailed(quint64 generation, const QString& message) {
    if (generation != m_generation) return;
    setBusy(false);
    m_strip->setStatus(message);
    emit finished(false, message);
}

void StraightnessDialog::redraw() {
    std::vector<CurveSeries> series;
    for (const StraightnessResult& r : m_results) series.push_back({r.name, r.stats.times, r.stats.deviation});
    m_plot->setSeries(series);
}

QString StraightnessDialog::csv() const {
    // The CLI's profile (t, deviation, speed) per method, with the method in front.
    QString out;
    for (const StraightnessResult& r : m_results) {
        const QStringList lines = QString::fromStdString(core::pathProfileCsv(r.stats)).split(QLatin1Char('\n'));
        for (int i = 0; i < lines.size(); ++i) {
            if (lines[i].isEmpty()) continue;
            if (i == 0) {
                if (out.isEmpty()) out += QStringLiteral("method,") + lines[i] + QLatin1Char('\n');
                continue;
            }
            out += QLatin1Char('"') + r.name + QStringLiteral("\",") + lines[i] + QLatin1Char('\n');
        }
    }
    return out;
}

core::Status StraightnessDialog::exportCsv(const QString& path) const {
    if (m_results.empty()) return core::Error{"nothing measured yet: press Run first"};
    return core::writeFileAtomic(path.toStdString(), csv().toStdString());
}

QString StraightnessDialog::statusText() const { return m_strip->status(); }
QString StraightnessDialog::totalsText() const { return m_totals->text(); }

void StraightnessDialog::setBusy(bool busy) { m_strip->setBusy(busy, !m_results.empty()); }

}  // namespace flowlab::ui
