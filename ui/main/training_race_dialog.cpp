#include "main/training_race_dialog.hpp"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

#include "panel/curve_plot.hpp"

namespace flowlab::ui {

namespace {

// A race a lecture can watch: 1500 steps of the dock's network, measured every 50.
constexpr int kDefaultSteps = 1500;
constexpr int kDefaultEvery = 50;
constexpr int kDefaultSamples = 300;

}  // namespace

TrainingRaceDialog::TrainingRaceDialog(QWidget* parent)
    : QDialog(parent), m_queue(QStringLiteral("training-race")) {
    setWindowTitle(tr("Training race"));
    setObjectName(QStringLiteral("trainingRaceDialog"));
    auto* layout = new QHBoxLayout(this);
    auto* side = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_methods = new QLineEdit(QString::fromLatin1(core::kDefaultLearningCurveMethods), this);
    m_methods->setObjectName(QStringLiteral("raceMethods"));
    m_methods->setToolTip(tr("FAMILY or FAMILY:GAMMA, comma-separated (up to 8): each gets the same network, data,\n"
                             "batch, learning rate and seed, and learns its velocity b."));
    form->addRow(tr("Methods"), m_methods);
    m_steps = new QSpinBox(this);
    m_steps->setObjectName(QStringLiteral("raceSteps"));
    m_steps->setRange(1, 1000000);
    m_steps->setValue(kDefaultSteps);
    form->addRow(tr("Steps"), m_steps);
    m_every = new QSpinBox(this);
    m_every->setObjectName(QStringLiteral("raceEvery"));
    m_every->setRange(1, 1000000);
    m_every->setValue(kDefaultEvery);
    m_every->setToolTip(tr("Measure every K steps; the networks take turns of K steps."));
    form->addRow(tr("Measure every"), m_every);
    m_samples = new QSpinBox(this);
    m_samples->setObjectName(QStringLiteral("raceSamples"));
    m_samples->setRange(100, 20000);
    m_samples->setValue(kDefaultSamples);
    m_samples->setToolTip(tr("ODE samples of each energy distance to the target."));
    form->addRow(tr("Samples"), m_samples);
    side->addLayout(form);
    auto* buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), this);
    m_stop = new QPushButton(tr("Stop"), this);
    for (QPushButton* b : {m_start, m_stop}) {
        b->setAutoDefault(false);
        buttons->addWidget(b);
    }
    side->addLayout(buttons);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(220);
    side->addWidget(m_status);
    side->addStretch(1);
    layout->addLayout(side);
    m_plot = new CurvePlot(this);
    m_plot->setAxes(tr("training step"), false, tr("error of b vs the exact field"), true);
    layout->addWidget(m_plot, 1);
    connect(m_start, &QPushButton::clicked, this, &TrainingRaceDialog::start);
    connect(m_stop, &QPushButton::clicked, this, &TrainingRaceDialog::stop);
    setBusy(false);
    resize(900, 460);
}

TrainingRaceDialog::~TrainingRaceDialog() { m_queue.cancel(); }

void TrainingRaceDialog::setScene(TrainingRaceScene scene) {
    m_scene = std::move(scene);
    m_status->setText(tr("Network %1×%2, batch %3: each method learns b on the scene's densities.")
                          .arg(m_scene.trainer.network.depth)
                          .arg(m_scene.trainer.network.width)
                          .arg(m_scene.trainer.batchSize));
}

core::Result<std::vector<core::LearningCurveMethod>> TrainingRaceDialog::methods() const {
    return core::parseLearningCurveMethods(m_methods->text().trimmed().toStdString(), m_scene.interpolant);
}

core::Result<core::LearningCurveOptions> TrainingRaceDialog::options() const {
    if (!m_scene.base || !m_scene.target) return core::Error{"no 2D scene to train on"};
    core::LearningCurveOptions o;
    o.trainer = m_scene.trainer;
    o.trainer.target = core::TrainTarget::Velocity;
    o.trainer.coupling = {};
    o.trainer.steps = m_steps->value();
    o.trainer.warmupSteps = std::min(o.trainer.warmupSteps, std::max(1, o.trainer.steps / 10));
    o.trainer.progressEvery = std::min(m_every->value(), o.trainer.steps);
    o.samples = m_samples->value();
    o.interleaved = true;
    if (auto p = o.validate(); !p.empty()) return core::Error{p};
    return o;
}

void TrainingRaceDialog::start() {
    auto chosenMethods = methods();
    if (!chosenMethods) {
        m_status->setText(tr("Methods: %1").arg(QString::fromStdString(chosenMethods.message())));
        return;
    }
    auto chosen = options();
    if (!chosen) {
        m_status->setText(QString::fromStdString(chosen.message()));
        return;
    }
    const quint64 generation = ++m_generation;
    m_raceMethods = *chosenMethods;
    m_points.clear();
    std::vector<CurveSeries> empty;
    for (const auto& m : m_raceMethods) empty.push_back({QString::fromStdString(m.name), {}, {}});
    m_plot->setSeries(empty);
    setBusy(true);
    m_status->setText(tr("Racing %1 networks, %2 steps each…").arg(m_raceMethods.size()).arg(chosen->trainer.steps));
    m_queue.submit(
        [this, generation, base = m_scene.base, target = m_scene.target, methods = m_raceMethods,
         o = *chosen](const JobQueue::CancelFlag& cancelled) {
            auto curve = core::learningCurve(*base, *target, methods, o, [&](const core::LearningCurvePoint& p) {
                QMetaObject::invokeMethod(this, [this, generation, p] { onPoint(generation, p); }, Qt::QueuedConnection);
                return !cancelled.load();
            });
            const bool ok = curve && !curve->stopped;
            const QString message = !curve ? QString::fromStdString(curve.message())
                                    : curve->stopped ? tr("Stopped.")
                                                     : QString();
            QMetaObject::invokeMethod(this, [this, generation, ok, message] { onDone(generation, ok, message); },
                                      Qt::QueuedConnection);
        },
        [this, generation](const QString& message) {
            QMetaObject::invokeMethod(this, [this, generation, message] { onDone(generation, false, message); },
                                      Qt::QueuedConnection);
        });
}

void TrainingRaceDialog::stop() {
    if (!isRunning()) return;
    m_queue.cancel();
    ++m_generation;
    setBusy(false);
    m_status->setText(tr("Stopped after %1 measurements.").arg(m_points.size()));
    emit finished(false, tr("Stopped."));
}

void TrainingRaceDialog::onPoint(quint64 generation, const core::LearningCurvePoint& point) {
    if (generation != m_generation) return;
    m_points.push_back(point);
    for (std::size_t i = 0; i < m_raceMethods.size(); ++i)
        if (m_raceMethods[i].name == point.method) m_plot->addPoint(int(i), point.step, point.fieldError);
    m_status->setText(tr("%1 at step %2: error %3, energy distance %4")
                          .arg(QString::fromStdString(point.method))
                          .arg(point.step)
                          .arg(point.fieldError, 0, 'f', 4)
                          .arg(point.energyDistance, 0, 'f', 5));
}

void TrainingRaceDialog::onDone(quint64 generation, bool ok, const QString& message) {
    if (generation != m_generation) return;
    setBusy(false);
    if (!message.isEmpty()) m_status->setText(message);
    else m_status->setText(tr("Finished: %1 measurements.").arg(m_points.size()));
    emit finished(ok, message);
}

QString TrainingRaceDialog::statusText() const { return m_status->text(); }

void TrainingRaceDialog::setBusy(bool busy) {
    m_stop->setEnabled(busy);
    m_start->setEnabled(true);
}

}  // namespace flowlab::ui
