#include "main/nfe_curve_dialog.hpp"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <functional>

#include "io/file_io.hpp"
#include "main/run_strip.hpp"
#include "panel/curve_plot.hpp"

namespace flowlab::ui {

namespace {

// Every fixed-step solver an NFE curve can run (dopri5 picks its own steps).
const core::SolverKind kCurveSolvers[] = {
    core::SolverKind::Euler, core::SolverKind::Heun, core::SolverKind::Midpoint, core::SolverKind::Rk4,
    core::SolverKind::EulerMaruyama, core::SolverKind::StochasticHeun, core::SolverKind::Ddpm,
    core::SolverKind::Ddim, core::SolverKind::Smld, core::SolverKind::ReverseDiffusion};

// A quick curve: fewer particles than the CLI's default 2000, the same budgets but 256.
constexpr int kDefaultParticles = 1000;
const char* const kDefaultNfe = "4,8,16,32,64,128";

double metricOf(const core::NfeCurvePoint& p, NfeCurveDialog::Metric m) {
    switch (m) {
        case NfeCurveDialog::Metric::EnergyDistance: return p.energyDistance;
        case NfeCurveDialog::Metric::SlicedW2: return p.slicedW2;
        case NfeCurveDialog::Metric::OdeError: return p.odeError;
    }
    return p.energyDistance;
}

}  // namespace

NfeCurveDialog::NfeCurveDialog(QWidget* parent)
    : QDialog(parent), m_queue(QStringLiteral("nfe-curve")) {
    setWindowTitle(tr("Error vs NFE"));
    setObjectName(QStringLiteral("nfeCurveDialog"));
    auto* layout = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_field = new QComboBox(this);
    m_field->addItem(tr("exact field"));
    m_field->addItem(tr("learned field"));
    m_field->setToolTip(tr("Measure the exact field of the scene, or the trained network (when there is one)."));
    form->addRow(tr("Field"), m_field);
    m_nfe = new QLineEdit(QString::fromLatin1(kDefaultNfe), this);
    m_nfe->setToolTip(tr("Budgets of field evaluations; each becomes ⌈NFE / evaluations per step⌉ ≥ 1 steps."));
    form->addRow(tr("NFE"), m_nfe);
    m_particles = new QSpinBox(this);
    m_particles->setRange(2, 200000);
    m_particles->setValue(kDefaultParticles);
    m_particles->setToolTip(tr("Generated end points per run (also the target draws they are compared with)."));
    form->addRow(tr("Particles"), m_particles);
    m_metricBox = new QComboBox(this);
    m_metricBox->addItem(tr("energy distance"));
    m_metricBox->addItem(tr("sliced W2"));
    m_metricBox->addItem(tr("ODE error (RMS to fine RK4)"));
    form->addRow(tr("Plot"), m_metricBox);
    side->addLayout(form);
    side->addWidget(new QLabel(tr("Solvers"), this));
    m_solvers = new QListWidget(this);
    m_solvers->setToolTip(tr("One curve per solver; the greyed ones do not run on this scene's family."));
    for (core::SolverKind s : kCurveSolvers) {
        auto* item = new QListWidgetItem(QString::fromStdString(core::toString(s)), m_solvers);
        item->setData(Qt::UserRole, int(s));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    side->addWidget(m_solvers, 1);
    m_strip = new RunStrip(this);
    side->addWidget(m_strip);
    layout->addLayout(side);
    m_plot = new CurvePlot(this);
    m_plot->setAxes(tr("field evaluations (NFE)"), true, m_metricBox->currentText(), true);
    layout->addWidget(m_plot, 1);

    connect(m_strip->runButton(), &QPushButton::clicked, this, &NfeCurveDialog::run);
    connect(m_strip->cancelButton(), &QPushButton::clicked, this, &NfeCurveDialog::cancel);
    connect(m_metricBox, &QComboBox::currentIndexChanged, this, [this](int i) { setMetric(Metric(i)); });
    m_strip->onExport(tr("Export the curve"), QStringLiteral("nfe.csv"), [this](const QString& path) { return exportCsv(path); });
    setBusy(false);
    resize(900, 480);
}

NfeCurveDialog::~NfeCurveDialog() { m_queue.cancel(); }

void NfeCurveDialog::setScene(NfeCurveScene scene) {
    m_scene = std::move(scene);
    if (!m_scene.exact) return;
    const core::Interpolant& interpolant = m_scene.exact->interpolant();
    const std::vector<core::SolverKind> defaults = core::defaultNfeCurveSolvers(interpolant, m_scene.sampler);
    for (int i = 0; i < m_solvers->count(); ++i) {
        QListWidgetItem* item = m_solvers->item(i);
        const auto kind = core::SolverKind(item->data(Qt::UserRole).toInt());
        core::SamplerOptions o = m_scene.sampler;
        o.solver = kind;
        o.t0 = 0.0;
        o.t1 = 1.0;
        const std::string why = o.validate(interpolant);
        item->setFlags(why.empty() ? item->flags() | Qt::ItemIsEnabled : item->flags() & ~Qt::ItemIsEnabled);
        item->setToolTip(QString::fromStdString(why));
        const bool isDefault = std::find(defaults.begin(), defaults.end(), kind) != defaults.end();
        if (!why.empty()) item->setCheckState(Qt::Unchecked);
        else if (isDefault && m_curve.points.empty()) item->setCheckState(Qt::Checked);
    }
    if (auto* model = qobject_cast<QStandardItemModel*>(m_field->model())) model->item(1)->setEnabled(bool(m_scene.learned));
    if (!m_scene.learned) m_field->setCurrentIndex(0);
    m_strip->setStatus(tr("%1 on %2").arg(QString::fromStdString(core::toString(interpolant.family())),
                                          m_scene.learned ? tr("exact or learned field") : tr("the exact field")));
}

bool NfeCurveDialog::measuresLearned() const { return m_field->currentIndex() == 1 && m_scene.learned; }

std::shared_ptr<const core::FieldSource> NfeCurveDialog::field() const {
    if (measuresLearned()) return m_scene.learned;
    return m_scene.exact;
}

core::Result<core::NfeCurveOptions> NfeCurveDialog::options() const {
    if (!m_scene.exact) return core::Error{"no 2D scene to measure"};
    core::NfeCurveOptions o;
    o.seed = m_scene.seed;
    o.sampler = m_scene.sampler;
    o.particles = m_particles->value();
    o.targetSamples = 2 * m_particles->value();
    o.distance.threads = 1;
    for (int i = 0; i < m_solvers->count(); ++i) {
        const QListWidgetItem* item = m_solvers->item(i);
        if (item->checkState() == Qt::Checked && (item->flags() & Qt::ItemIsEnabled))
            o.solvers.push_back(core::SolverKind(item->data(Qt::UserRole).toInt()));
    }
    for (const QString& part : m_nfe->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = part.trimmed().toInt(&ok);
        if (!ok) return core::Error{"NFE: '" + part.trimmed().toStdString() + "' is not a whole number"};
        o.nfe.push_back(n);
    }
    if (auto p = o.validate(m_scene.exact->interpolant()); !p.empty()) return core::Error{p};
    const std::shared_ptr<const core::FieldSource> f = field();
    for (core::SolverKind s : o.solvers) {
        core::SamplerOptions c = o.sampler;
        c.solver = s;
        if (!f->canProvide(c.requiredFields()))
            return core::Error{core::toString(s) + " needs a field the " + f->label() + " does not give"};
    }
    return o;
}

void NfeCurveDialog::run() {
    auto chosen = options();
    if (!chosen) {
        m_strip->setStatus(QString::fromStdString(chosen.message()));
        return;
    }
    const quint64 generation = ++m_generation;
    const std::shared_ptr<const core::FieldSource> f = field();
    const std::shared_ptr<const core::ExactField> exact = m_scene.exact;
    const QString label = measuresLearned() ? QStringLiteral("learned") : QStringLiteral("exact");
    setBusy(true);
    m_strip->setProgress(0.0);
    m_strip->setStatus(tr("Running %1 solvers × %2 budgets on the %3 field…")
                          .arg(chosen->solvers.size()).arg(chosen->nfe.size()).arg(label));
    m_queue.submit(
        [this, generation, f, exact, label, o = *chosen](const JobQueue::CancelFlag& cancelled) {
            auto progress = [&](double fraction) {
                QMetaObject::invokeMethod(this, [this, generation, fraction] { onProgress(generation, fraction); },
                                          Qt::QueuedConnection);
                return !cancelled.load();
            };
            auto curve = core::nfeCurve(*f, exact->interpolant(), exact->base(), exact->target(), o, progress);
            if (cancelled.load()) {
                QMetaObject::invokeMethod(this, [this, generation] { onFailed(generation, tr("Cancelled.")); },
                                          Qt::QueuedConnection);
                return;
            }
            if (!curve) {
                const QString message = QString::fromStdString(curve.message());
                QMetaObject::invokeMethod(this, [this, generation, message] { onFailed(generation, message); },
                                          Qt::QueuedConnection);
                return;
            }
            auto shared = std::make_shared<const core::NfeCurve>(std::move(*curve));
            QMetaObject::invokeMethod(this, [this, generation, shared, label] { onFinished(generation, shared, label); },
                                      Qt::QueuedConnection);
        },
        [this, generation](const QString& message) {
            QMetaObject::invokeMethod(this, [this, generation, message] { onFailed(generation, message); },
                                      Qt::QueuedConnection);
        });
}

void NfeCurveDialog::cancel() {
    if (!isRunning()) return;
    m_queue.cancel();
    // Whatever the cancelled job still reports belongs to an older generation.
    ++m_generation;
    setBusy(false);
    m_strip->setStatus(tr("Cancelled."));
    emit finished(false, tr("Cancelled."));
}

void NfeCurveDialog::onProgress(quint64 generation, double fraction) {
    if (generation != m_generation) return;
    m_strip->setProgress(fraction);
}

void NfeCurveDialog::onFinished(quint64 generation, std::shared_ptr<const core::NfeCurve> curve, const QString& label) {
    if (generation != m_generation) return;
    m_curve = *curve;
    m_curveLabel = label;
    setBusy(false);
    m_strip->setProgress(1.0);
    QString text = tr("%1 runs on the %2 field.").arg(m_curve.points.size()).arg(label);
    if (!m_curve.referenceProblem.empty())
        text += QLatin1Char(' ') + tr("No ODE error: %1").arg(QString::fromStdString(m_curve.referenceProblem));
    m_strip->setStatus(text);
    redraw();
    emit finished(true, QString());
}

void NfeCurveDialog::onFailed(quint64 generation, const QString& message) {
    if (generation != m_generation) return;
    setBusy(false);
    m_strip->setStatus(message);
    emit finished(false, message);
}

void NfeCurveDialog::setMetric(Metric metric) {
    m_metric = metric;
    if (m_metricBox->currentIndex() != int(metric)) m_metricBox->setCurrentIndex(int(metric));
    m_plot->setAxes(tr("field evaluations (NFE)"), true, m_metricBox->currentText(), true);
    redraw();
}

void NfeCurveDialog::redraw() {
    std::vector<CurveSeries> series;
    for (const core::NfeCurvePoint& p : m_curve.points) {
        const QString name = QString::fromStdString(core::toString(p.solver));
        auto it = std::find_if(series.begin(), series.end(), [&](const CurveSeries& s) { return s.name == name; });
        if (it == series.end()) {
            series.push_back({name, {}, {}});
            it = series.end() - 1;
        }
        it->x.push_back(double(p.nfe));
        it->y.push_back(metricOf(p, m_metric));
    }
    m_plot->setSeries(series);
}

QString NfeCurveDialog::csv() const {
    return QString::fromStdString(core::nfeCurveCsv(m_curve.points, m_curveLabel.toStdString()));
}

core::Status NfeCurveDialog::exportCsv(const QString& path) const {
    if (m_curve.points.empty()) return core::Error{"no curve yet: press Run first"};
    return core::writeFileAtomic(path.toStdString(), csv().toStdString());
}

QString NfeCurveDialog::statusText() const { return m_strip->status(); }

void NfeCurveDialog::setBusy(bool busy) { m_strip->setBusy(busy, !m_curve.points.empty()); }

}  // namespace flowlab::ui
