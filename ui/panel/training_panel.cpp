#include "panel/training_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include "panel/curve_plot.hpp"

#include <algorithm>
#include <cmath>

namespace flowlab::ui {

TrainingPanel::TrainingPanel(QWidget* parent) : SettingsPanel(parent) {
    auto* what = new QGroupBox(tr("Network"), this);
    auto* form = new QGridLayout(what);
    int row = 0;
    // Two label–field pairs per row keep the panel short, so the loss plot gets the room.
    const auto addPair = [&](const QString& label, QWidget* field, int column) {
        auto* l = new QLabel(label, what);
        l->setBuddy(field);
        l->setToolTip(field->toolTip());
        form->addWidget(l, row, 2 * column);
        form->addWidget(field, row, 2 * column + 1);
        if (column == 1) ++row;
        return l;
    };
    m_target = new QComboBox(what);
    m_target->addItem(tr("velocity b"), int(core::TrainTarget::Velocity));
    m_target->addItem(tr("score s"), int(core::TrainTarget::Score));
    m_target->addItem(tr("denoiser η (needs γ > 0)"), int(core::TrainTarget::Denoiser));
    m_target->setToolTip(tr("The field the network learns with the quadratic objectives of docs/maths.md §5.\n"
                            "The ODE needs b; the SDEs need b and s (one-sided families get s from b)."));
    form->addWidget(new QLabel(tr("Learn"), what), row, 0);
    form->addWidget(m_target, row++, 1, 1, 3);
    m_coupling = new QComboBox(what);
    m_coupling->setObjectName(QStringLiteral("coupling"));
    m_coupling->addItem(tr("independent"), int(core::CouplingKind::Independent));
    m_coupling->addItem(tr("minibatch OT (learned only)"), int(core::CouplingKind::MinibatchOt));
    m_coupling->addItem(tr("Sinkhorn (SB-CFM, learned only)"), int(core::CouplingKind::Sinkhorn));
    m_coupling->addItem(tr("component OT (exact field)"), int(core::CouplingKind::ComponentOt));
    m_coupling->addItem(tr("component Sinkhorn (exact field)"), int(core::CouplingKind::ComponentSinkhorn));
    m_coupling->setItemData(0, tr("x0 and x1 drawn independently: the exact field of docs/maths.md §4 is the one learned."),
                            Qt::ToolTipRole);
    m_coupling->setItemData(1, tr("Each batch pairs x0 with x1 by the exact optimal assignment of Σ‖x0 − x1‖²:\n"
                                  "straighter paths that need fewer steps. Learned only (no exact field)."),
                            Qt::ToolTipRole);
    m_coupling->setItemData(2, tr("Pairs drawn from the entropic OT plan of each batch (λ = REG · E‖x0 − x1‖²). With\n"
                                  "γ a-brownian, a = λ/2, this is the Schrödinger bridge. Learned only (no exact field)."),
                            Qt::ToolTipRole);
    m_coupling->setItemData(3, tr("Couples the mixture components: (i, j) drawn from the OT plan of the component weights\n"
                                  "(cost W2² between the Gaussians), then x0 from base component i and x1 from target\n"
                                  "component j. The exact field exists (pairs weighted by the plan): exact or learned."),
                            Qt::ToolTipRole);
    m_coupling->setItemData(4, tr("As component OT with the entropic plan (λ = REG · the mean component cost): between\n"
                                  "component OT and independent. The exact field exists: exact or learned."),
                            Qt::ToolTipRole);
    m_coupling->setToolTip(tr("How training pairs x0 with x1 (docs/maths.md §12). Independent and the couplings of mixture\n"
                              "components have an exact field; minibatch OT, Sinkhorn and reflow are learned only, so\n"
                              "choosing one switches the field to learned. Reflow (pairs from a trained model's flow\n"
                              "map) is trained with flowlab-cli train --coupling reflow:MODEL; an explicit component\n"
                              "matrix comes from a scene file."));
    m_couplingLabel = new QLabel(tr("Coupling"), what);
    form->addWidget(m_couplingLabel, row, 0);
    form->addWidget(m_coupling, row++, 1, 1, 3);
    m_regularisation = new QDoubleSpinBox(what);
    m_regularisation->setObjectName(QStringLiteral("sinkhornRegularisation"));
    m_regularisation->setDecimals(5);
    m_regularisation->setRange(1e-4, 10.0);
    m_regularisation->setSingleStep(0.005);
    m_regularisation->setValue(core::CouplingOptions{}.regularisation);
    m_regularisation->setKeyboardTracking(false);
    m_regularisation->setToolTip(tr("Sinkhorn's entropic regularisation λ as a fraction REG of E‖x0 − x1‖² of independent\n"
                                    "pairs: small is close to exact OT, large to independent pairs. In many dimensions the\n"
                                    "same REG is far nearer independence (images: about 0.005 pairs like OT; README).\n"
                                    "A smaller REG takes more Sinkhorn iterations per batch, so training steps get slower."));
    m_regularisationLabel = new QLabel(tr("Sinkhorn REG"), what);
    m_regularisationLabel->setToolTip(m_regularisation->toolTip());
    form->addWidget(m_regularisationLabel, row, 0);
    form->addWidget(m_regularisation, row++, 1, 1, 3);
    m_width = new QSpinBox(what);
    m_width->setRange(8, 1024);
    m_width->setSingleStep(32);
    m_width->setKeyboardTracking(false);
    m_width->setToolTip(tr("Units per hidden layer of the MLP on [x, Fourier features of t]."));
    m_widthLabel = addPair(tr("Width"), m_width, 0);
    m_depth = new QSpinBox(what);
    m_depth->setRange(1, 8);
    m_depth->setKeyboardTracking(false);
    m_depth->setToolTip(tr("Hidden layers of the MLP."));
    m_depthLabel = addPair(tr("Depth"), m_depth, 1);
    m_activation = new QComboBox(what);
    for (const auto& name : core::activationNames()) m_activation->addItem(QString::fromStdString(name), QString::fromStdString(name));
    m_activation->setToolTip(tr("The nonlinearity between hidden layers."));
    m_activationLabel = new QLabel(tr("Activation"), what);
    form->addWidget(m_activationLabel, row, 0);
    form->addWidget(m_activation, row++, 1, 1, 3);
    m_batch = new QSpinBox(what);
    m_batch->setRange(16, 8192);
    m_batch->setSingleStep(64);
    m_batch->setKeyboardTracking(false);
    m_batch->setToolTip(tr("Points per optimiser step, drawn fresh from the densities every step."));
    m_batchLabel = addPair(tr("Batch"), m_batch, 0);
    m_learningRate = new QDoubleSpinBox(what);
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0.00001, 0.1);
    m_learningRate->setSingleStep(0.0005);
    m_learningRate->setKeyboardTracking(false);
    m_learningRate->setToolTip(tr("Peak learning rate of Adam (warm-up, then cosine decay over each run)."));
    addPair(tr("Rate"), m_learningRate, 1);
    m_steps = new QSpinBox(what);
    m_steps->setRange(10, 10000000);
    m_steps->setSingleStep(1000);
    m_steps->setGroupSeparatorShown(true);
    m_steps->setKeyboardTracking(false);
    m_steps->setToolTip(tr("Optimiser steps that one press of Train adds."));
    form->addWidget(new QLabel(tr("Steps per run"), what), row, 0, 1, 2);
    form->addWidget(m_steps, row++, 2, 1, 2);

    m_train = new QPushButton(tr("Train"), this);
    m_train->setToolTip(tr("Train the network (switches the field source to learned). Arrows and particles follow\n"
                           "the network a few times per second while it learns."));
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setToolTip(tr("Stop after the current step; the network keeps what it learned."));
    m_reset = new QPushButton(tr("Reset"), this);
    m_reset->setToolTip(tr("Throw the network away and start again from fresh weights."));
    m_save = new QPushButton(tr("Save…"), this);
    m_save->setObjectName(QStringLiteral("saveModel"));
    m_save->setToolTip(tr("Save the trained U-Net (with its optimiser state) to a model file, and make the scene name it,\n"
                          "so that the scene opens with it and flowlab-cli images train --resume can continue it."));
    m_save->setVisible(false);
    m_fresh = new QCheckBox(tr("Start fresh"), this);
    m_fresh->setObjectName(QStringLiteral("startFresh"));
    m_fresh->setToolTip(tr("Train from new random weights (an unconditional U-Net of the channels above).\n"
                           "Off: Train continues the scene's model file when it fits the images and the interpolant,\n"
                           "from its step count, with its optimiser state and class embedding (so guidance w keeps working)."));
    m_fresh->setVisible(false);
    // Two rows: four buttons in one row do not fit the side dock's width (Save… was cut off).
    auto* buttons = new QGridLayout();
    buttons->addWidget(m_train, 0, 0);
    buttons->addWidget(m_stop, 0, 1);
    buttons->addWidget(m_reset, 1, 0);
    buttons->addWidget(m_save, 1, 1);
    buttons->addWidget(m_fresh, 2, 0, 1, 2);

    m_status = new QLabel(tr("No network yet."), this);
    m_status->setWordWrap(true);
    m_status->setToolTip(tr("Step, loss (and its moving average) and training speed."));
    m_error = new QLabel(this);
    m_error->setWordWrap(true);  // the Fréchet line is long: it must not widen the dock
    m_error->setToolTip(tr("Relative L2 error of the learned field against the exact one, over points x ~ ρ_t\n"
                           "at t = 0.1, 0.2, …, 0.9 (0 = identical; measured every few seconds)."));

    m_plot = new QCustomPlot(this);
    m_plot->setMinimumHeight(160);
    m_plot->setToolTip(tr("The training loss per step (faint) and its moving average (bold). The quadratic\n"
                          "objectives are negative at their optimum: what matters is that they settle."));
    m_lossGraph = m_plot->addGraph();
    m_emaGraph = m_plot->addGraph();
    m_errorGraph = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_errorGraph->setLineStyle(QCPGraph::lsLine);
    m_errorGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->yAxis2->setLabel(tr("error vs exact (%)"));
    m_plot->yAxis2->setRange(0, 100);
    m_plot->setNoAntialiasingOnDrag(true);
    stylePlot();

    m_history = new QSlider(Qt::Horizontal, this);
    m_history->setToolTip(tr("The training step shown: snapshots of the network kept during the run (evenly spaced,\n"
                             "at most 64). Drag to see the field and particles at an earlier step while t moves\n"
                             "on its own; at the right end the view follows training live."));
    m_historyLabel = new QLabel(this);
    m_historyLabel->setToolTip(m_history->toolTip());
    m_history->setVisible(false);
    m_historyLabel->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_error);
    layout->addWidget(m_plot, 1);
    layout->addWidget(m_historyLabel);
    layout->addWidget(m_history);

    for (QComboBox* c : {m_target, m_coupling, m_activation}) connect(c, qOverload<int>(&QComboBox::activated), this, [this] { notify(); });
    for (QSpinBox* b : {m_width, m_depth, m_batch, m_steps}) connect(b, &QSpinBox::valueChanged, this, [this] { notify(); });
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, [this] { notify(); });
    connect(m_regularisation, &QDoubleSpinBox::valueChanged, this, [this] { notify(); });
    connect(m_coupling, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { showRegularisation(); });
    connect(m_train, &QPushButton::clicked, this, &TrainingPanel::trainRequested);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stopRequested);
    connect(m_reset, &QPushButton::clicked, this, &TrainingPanel::resetRequested);
    connect(m_save, &QPushButton::clicked, this, &TrainingPanel::saveRequested);
    connect(m_history, &QSlider::valueChanged, this, &TrainingPanel::historyScrubbed);
    setTraining(false);
}

void TrainingPanel::stylePlot() {
    const QPalette pal = palette();
    m_plot->setBackground(pal.color(QPalette::Base));
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) stylePlotAxis(axis, pal);
    QColor loss = pal.color(QPalette::Highlight);
    loss.setAlpha(70);
    m_lossGraph->setPen(QPen(loss, 1));
    m_emaGraph->setPen(QPen(pal.color(QPalette::Highlight), 2));
    m_errorGraph->setPen(QPen(pal.color(QPalette::LinkVisited), 2));
    m_errorGraph->setName(tr("error vs exact"));
    m_plot->yAxis2->setVisible(!m_errorGraph->data()->isEmpty());
    stylePlotAxis(m_plot->yAxis2, pal);  // (its grid stays hidden)
    m_lossGraph->setName(tr("loss"));
    m_emaGraph->setName(tr("moving average"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPanel::changeEvent(QEvent* event) {
    SettingsPanel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_plot) stylePlot();
}

void TrainingPanel::setTraining(bool training) {
    m_training = training;
    m_train->setEnabled(!training);
    m_stop->setEnabled(training);
    m_save->setEnabled(!training && m_canSave);
}

bool TrainingPanel::startsFresh() const { return m_fresh->isChecked(); }

void TrainingPanel::setCanSave(bool canSave) {
    m_canSave = canSave;
    m_save->setEnabled(!m_training && m_canSave);
}

void TrainingPanel::addPoint(const TrainingPoint& p) {
    if (m_lossGraph->data()->isEmpty()) m_minLoss = m_maxLoss = p.emaLoss;
    m_lossGraph->addData(p.step, p.loss);
    m_emaGraph->addData(p.step, p.emaLoss);
    m_minLoss = std::min({m_minLoss, p.emaLoss});
    m_maxLoss = std::max({m_maxLoss, p.emaLoss});
    m_lastStep = p.step;
    // Scale to the moving average (the raw loss is noisy); keep a margin.
    const double span = std::max(1e-9, m_maxLoss - m_minLoss);
    m_plot->xAxis->setRange(0, std::max(10, p.step));
    m_plot->yAxis->setRange(m_minLoss - 0.15 * span, m_maxLoss + 0.15 * span);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_status->setText(tr("step %1 · loss %2 · average %3 · %4 steps/s")
                          .arg(p.step)
                          .arg(p.loss, 0, 'g', 4)
                          .arg(p.emaLoss, 0, 'g', 4)
                          .arg(p.stepsPerSecond, 0, 'f', 0));
}

void TrainingPanel::setError(int step, double e) {
    m_error->setText(tr("error vs exact at step %1: %2 %").arg(step).arg(100.0 * e, 0, 'f', 1));
    if (!std::isfinite(e)) return;
    m_errorGraph->addData(step, 100.0 * e);
    bool found = false;
    const QCPRange r = m_errorGraph->getValueRange(found);
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0, found ? std::max(1.0, 1.1 * r.upper) : 100.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TrainingPanel::setFrechet(int step, double distance, double floor) {
    m_error->setText(tr("classifier Fréchet distance at step %1: %2 (floor %3 at this sample size)")
                         .arg(step)
                         .arg(distance, 0, 'g', 3)
                         .arg(floor, 0, 'g', 3));
    m_errorGraph->addData(step, distance);
    bool found = false;
    const QCPRange r = m_errorGraph->getValueRange(found);
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setRange(0, found ? 1.1 * std::max(r.upper, 1e-6) : 1.0);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPanel::plottedErrors() const { return m_errorGraph->data()->size(); }

void TrainingPanel::setHistory(const std::vector<int>& steps, int shown, bool live) {
    m_historySteps = steps;
    const bool visible = steps.size() > 1;
    m_history->setVisible(visible);
    m_historyLabel->setVisible(visible);
    if (!visible) return;
    shown = std::clamp(shown, 0, int(steps.size()) - 1);
    {
        const QSignalBlocker block(m_history);
        m_history->setRange(0, int(steps.size()) - 1);
        m_history->setValue(shown);
    }
    m_historyLabel->setText(live ? tr("Showing training step %1 (live)").arg(steps[std::size_t(shown)])
                                 : tr("Showing training step %1 of %2 · drag right to follow training")
                                       .arg(steps[std::size_t(shown)])
                                       .arg(steps.back()));
}

int TrainingPanel::historyIndex() const { return m_history->isVisibleTo(this) ? m_history->value() : -1; }

void TrainingPanel::scrubHistory(int index) { m_history->setValue(index); }

void TrainingPanel::setMessage(const QString& message, bool isError) {
    m_status->setText(isError ? QStringLiteral("⚠ ") + message : message);
}

void TrainingPanel::clearPlot() {
    m_lossGraph->data()->clear();
    m_emaGraph->data()->clear();
    m_errorGraph->data()->clear();
    m_plot->yAxis2->setVisible(false);
    setHistory({}, 0, true);
    m_lastStep = 0;
    m_error->clear();
    m_status->setText(tr("No network yet."));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPanel::plottedPoints() const { return m_emaGraph->data()->size(); }

void TrainingPanel::setImageMode(bool images) {
    m_images = images;
    // An image scene trains a U-Net: its channels and batch; the MLP's depth and activation do
    // not apply, nor do the couplings of mixture components (the pairs are pixel vectors).
    for (QWidget* w : std::initializer_list<QWidget*>{m_depth, m_depthLabel, m_activation, m_activationLabel})
        w->setVisible(!images);
    if (auto* items = qobject_cast<QStandardItemModel*>(m_coupling->model()))
        for (int i = 0; i < m_coupling->count(); ++i)
            if (QStandardItem* item = items->item(i)) {
                const auto kind = core::CouplingKind(m_coupling->itemData(i).toInt());
                core::CouplingOptions c;
                c.kind = kind;
                item->setEnabled(!images || !c.isComponentCoupling());
            }
    m_save->setVisible(images);
    m_fresh->setVisible(images);
    m_widthLabel->setText(images ? tr("U-Net channels") : tr("Width"));
    m_width->setRange(8, images ? 128 : 1024);
    m_width->setSingleStep(images ? 8 : 32);
    m_width->setToolTip(images ? tr("Channels of the U-Net's first level (a multiple of 8; the others have twice as many).")
                               : tr("Units per hidden layer of the MLP on [x, Fourier features of t]."));
    m_batch->setRange(images ? 8 : 16, images ? 512 : 8192);
    m_batch->setSingleStep(images ? 16 : 64);
    m_batch->setToolTip(images ? tr("Training images per optimiser step (with fresh noise and times).")
                               : tr("Points per optimiser step, drawn fresh from the densities every step."));
    m_widthLabel->setToolTip(m_width->toolTip());
    m_batchLabel->setToolTip(m_batch->toolTip());
    m_plot->yAxis2->setLabel(images ? tr("classifier Fréchet distance") : tr("error vs exact (%)"));
    m_errorGraph->setName(images ? tr("classifier Fréchet distance") : tr("error vs exact"));
    m_error->setToolTip(images ? tr("The Fréchet distance between a small classifier's features of 64 samples (Heun, 10 steps)\n"
                                    "and of the test images (measured every few seconds; lower is better, the floor is what\n"
                                    "two sets of real images reach at this size).")
                               : tr("Relative L2 error of the learned field against the exact one, over points x ~ ρ_t\n"
                                    "at t = 0.1, 0.2, …, 0.9 (0 = identical; measured every few seconds)."));
}

void TrainingPanel::showRegularisation() {
    const auto kind = core::CouplingKind(m_coupling->currentData().toInt());
    const bool sinkhorn = kind == core::CouplingKind::Sinkhorn || kind == core::CouplingKind::ComponentSinkhorn;
    m_regularisation->setVisible(sinkhorn);
    m_regularisationLabel->setVisible(sinkhorn);
}

void TrainingPanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    const TrainingSettings& t = s.training;
    setImageMode(s.scene.isImages());
    m_target->setCurrentIndex(std::max(0, m_target->findData(int(t.target))));
    // A reflow coupling comes from a scene file; it is shown (and kept) but not offered.
    const core::CouplingOptions& c = s.scene.coupling;
    int index = m_coupling->findData(int(c.kind));
    if (index < 0) {
        m_coupling->addItem(QString(), int(c.kind));
        index = m_coupling->count() - 1;
    }
    if (c.kind == core::CouplingKind::ComponentMatrix) {
        m_coupling->setItemText(index, tr("component matrix (exact field)"));
        m_coupling->setItemData(index, tr("The coupling π_ij of the mixture components given in the scene file."),
                                Qt::ToolTipRole);
    }
    if (c.kind == core::CouplingKind::Reflow) {
        m_coupling->setItemText(index, tr("reflow: %1").arg(QString::fromStdString(c.reflowModel)));
        m_coupling->setItemData(index, tr("Pairs (x0, Φ₁(x0)) through the flow map of this model (from the scene file)."),
                                Qt::ToolTipRole);
    }
    m_coupling->setCurrentIndex(index);
    m_regularisation->setValue(c.regularisation);
    showRegularisation();
    m_width->setValue(m_images ? t.unetChannels : t.width);
    m_depth->setValue(t.depth);
    m_activation->setCurrentIndex(std::max(0, m_activation->findData(QString::fromStdString(core::toString(t.activation)))));
    m_batch->setValue(m_images ? t.imageBatch : t.batchSize);
    m_learningRate->setValue(t.learningRate);
    m_steps->setValue(t.stepsPerRun);
}

void TrainingPanel::store(ExplorerSettings& s) const {
    TrainingSettings& t = s.training;
    t.learningRate = m_learningRate->value();
    t.stepsPerRun = m_steps->value();
    t.target = core::TrainTarget(m_target->currentData().toInt());
    const auto kind = core::CouplingKind(m_coupling->currentData().toInt());
    if (kind != s.scene.coupling.kind) {
        s.scene.coupling = core::CouplingOptions{};
        s.scene.coupling.kind = kind;
    }
    if (kind == core::CouplingKind::Sinkhorn || kind == core::CouplingKind::ComponentSinkhorn)
        s.scene.coupling.regularisation = m_regularisation->value();
    // The exact field exists for independent pairs and couplings of components only: the
    // other couplings are learned.
    if (!s.scene.coupling.hasExactField()) s.scene.fieldMode = core::FieldMode::Learned;
    if (m_images) {
        t.unetChannels = 8 * (m_width->value() / 8);
        t.imageBatch = m_batch->value();
        return;
    }
    t.width = m_width->value();
    t.depth = m_depth->value();
    if (auto a = core::parseActivation(m_activation->currentData().toString().toStdString())) t.activation = *a;
    t.batchSize = m_batch->value();
}

}  // namespace flowlab::ui
