#include "panel/layers_panel.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace flowlab::ui {

QCheckBox* LayersPanel::addLayer(const QString& text, const QString& tip) {
    auto* box = new QCheckBox(text, m_layerBox);
    box->setToolTip(tip);
    connect(box, &QCheckBox::toggled, this, [this] { notify(); });
    return box;
}

LayersPanel::LayersPanel(QWidget* parent) : SettingsPanel(parent) {
    auto* layers = new QGroupBox(tr("Layers"), this);
    m_layerBox = layers;
    m_heatmap = addLayer(tr("Density ρ_t"), tr("The exact log-density log ρ_t as a heatmap (9 nats below its maximum)."));
    m_grid = addLayer(tr("Grid"), tr("A subtle coordinate grid with labels."));
    m_arrows = addLayer(tr("Arrows"), tr("The chosen field on a 32 × 32 grid; length and colour show its magnitude."));
    m_streamlines = addLayer(tr("Streamlines"), tr("Streamlines of the chosen field, frozen at the current t."));
    m_particles = addLayer(tr("Particles"), tr("The simulated particles at the current t."));
    m_trails = addLayer(tr("Trails"), tr("The last few integration steps of every particle."));
    m_trajectories = addLayer(tr("Trajectories"), tr("The whole path of a subset of particles (travelled part brighter)."));
    m_bridge = addLayer(tr("Bridges"), tr("Interpolant bridges of a few pairs (x0, x1): the mean path α x0 + β x1,\n"
                                          "its ±γ(t) noise band and points x_t drawn from it."));
    m_pinned = addLayer(tr("Pinned point"), tr("Click the plane to pin a point at the current t: the fan of SDE paths\n"
                                               "(with the sampler's ε) and the ODE path through it."));
    m_legend = addLayer(tr("Captions"), tr("Title, formula, legend and the t readout on the plane."));
    auto* grid = new QGridLayout(layers);
    const QList<QCheckBox*> boxes = {m_heatmap, m_grid, m_arrows, m_streamlines, m_particles,
                                     m_trails,  m_trajectories, m_bridge, m_pinned, m_legend};
    for (int i = 0; i < boxes.size(); ++i) grid->addWidget(boxes[i], i / 2, i % 2);

    auto* options = new QGroupBox(tr("Style"), this);
    auto* form = new QFormLayout(options);
    m_arrowField = new QComboBox(options);
    m_arrowField->addItem(tr("velocity b"), int(ArrowField::Velocity));
    m_arrowField->addItem(tr("score s = ∇ log ρ_t"), int(ArrowField::Score));
    m_arrowField->addItem(tr("denoiser η = E[z | x_t]"), int(ArrowField::Denoiser));
    m_arrowField->setToolTip(tr("Which field the arrows and streamlines show (docs/maths.md §3).\n"
                                "The denoiser is zero when γ ≡ 0."));
    form->addRow(tr("Arrows show"), m_arrowField);
    m_colorMode = new QComboBox(options);
    m_colorMode->addItem(tr("where they end"), int(ColorMode::End));
    m_colorMode->addItem(tr("where they start"), int(ColorMode::Start));
    m_colorMode->addItem(tr("one colour"), int(ColorMode::Single));
    m_colorMode->setToolTip(tr("Colour particles by the region (direction from the centre) where they end or start."));
    form->addRow(tr("Colour by"), m_colorMode);
    m_trailSteps = new QSpinBox(options);
    m_trailSteps->setRange(1, 200);
    m_trailSteps->setToolTip(tr("How many recorded steps a trail reaches back."));
    form->addRow(tr("Trail steps"), m_trailSteps);
    m_trajectoryCount = new QSpinBox(options);
    m_trajectoryCount->setRange(1, 2000);
    m_trajectoryCount->setToolTip(tr("How many particles show their whole trajectory."));
    form->addRow(tr("Trajectories"), m_trajectoryCount);
    m_particleSize = new QSlider(Qt::Horizontal, options);
    m_particleSize->setRange(25, 400);
    m_particleSize->setToolTip(tr("Dot size of the particles (100 % is readable in a lecture hall at 720p)."));
    form->addRow(tr("Dot size"), m_particleSize);
    m_theme = new QComboBox(options);
    m_theme->addItem(tr("dark"), QStringLiteral("dark"));
    m_theme->addItem(tr("light"), QStringLiteral("light"));
    m_theme->addItem(tr("projector"), QStringLiteral("projector"));
    m_theme->setToolTip(tr("Dark suits screens and dim rooms; light suits projectors in bright rooms and print."));
    form->addRow(tr("Theme"), m_theme);
    m_clearPin = new QPushButton(tr("Clear pinned point"), options);
    m_clearPin->setToolTip(tr("Remove the pinned point and its paths (or right-click the plane)."));
    form->addRow(m_clearPin);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(layers);
    layout->addWidget(options);
    layout->addStretch(1);

    connect(m_arrowField, qOverload<int>(&QComboBox::activated), this, [this] { notify(); });
    connect(m_colorMode, qOverload<int>(&QComboBox::activated), this, [this] { notify(); });
    connect(m_theme, qOverload<int>(&QComboBox::activated), this, [this] { notify(); });
    connect(m_trailSteps, &QSpinBox::valueChanged, this, [this] { notify(); });
    connect(m_trajectoryCount, &QSpinBox::valueChanged, this, [this] { notify(); });
    connect(m_particleSize, &QSlider::valueChanged, this, [this] { notify(); });
    connect(m_clearPin, &QPushButton::clicked, this, &LayersPanel::clearPinRequested);
}

void LayersPanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    const LayerVisibility& l = s.view.layers;
    m_heatmap->setChecked(l.heatmap);
    m_grid->setChecked(l.grid);
    m_arrows->setChecked(l.arrows);
    m_streamlines->setChecked(l.streamlines);
    m_particles->setChecked(l.particles);
    m_trails->setChecked(l.trails);
    m_trajectories->setChecked(l.trajectories);
    m_bridge->setChecked(l.bridge);
    m_pinned->setChecked(l.pinned);
    m_legend->setChecked(l.legend);
    m_arrowField->setCurrentIndex(std::max(0, m_arrowField->findData(int(s.view.arrowField))));
    m_colorMode->setCurrentIndex(std::max(0, m_colorMode->findData(int(s.view.colorMode))));
    m_trailSteps->setValue(s.view.trailSteps);
    m_trajectoryCount->setValue(s.view.trajectoryCount);
    m_particleSize->setValue(int(std::lround(100.0 * s.view.particleSize)));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(s.view.theme)));
}

void LayersPanel::store(ExplorerSettings& s) const {
    LayerVisibility& l = s.view.layers;
    l.heatmap = m_heatmap->isChecked();
    l.grid = m_grid->isChecked();
    l.arrows = m_arrows->isChecked();
    l.streamlines = m_streamlines->isChecked();
    l.particles = m_particles->isChecked();
    l.trails = m_trails->isChecked();
    l.trajectories = m_trajectories->isChecked();
    l.bridge = m_bridge->isChecked();
    l.pinned = m_pinned->isChecked();
    l.legend = m_legend->isChecked();
    s.view.arrowField = ArrowField(m_arrowField->currentData().toInt());
    s.view.colorMode = ColorMode(m_colorMode->currentData().toInt());
    s.view.trailSteps = m_trailSteps->value();
    s.view.trajectoryCount = m_trajectoryCount->value();
    s.view.particleSize = m_particleSize->value() / 100.0;
    s.view.theme = m_theme->currentData().toString();
}

}  // namespace flowlab::ui
