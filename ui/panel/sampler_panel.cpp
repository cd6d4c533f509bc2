#include "panel/sampler_panel.hpp"

#include "formula/method_formulas.hpp"
#include "panel/formula_label.hpp"
#include "sampler/score_sde_samplers.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace flowlab::ui {
namespace {

constexpr double kEpsilonMinLog = -2.0;  // 0.01
constexpr double kEpsilonDecades = 4.0;  // up to 100; 0.1, 1 and 10 fall on whole ticks

struct SolverInfo {
    core::SolverKind kind;
    const char* label;
    const char* tip;
};

const SolverInfo kSolvers[] = {
    {core::SolverKind::Euler, "Euler (ODE)", "Probability-flow ODE, first order: 1 field evaluation per step."},
    {core::SolverKind::Heun, "Heun (ODE)", "Probability-flow ODE, second order: 2 evaluations per step."},
    {core::SolverKind::Midpoint, "midpoint (ODE)", "Probability-flow ODE, second order: 2 evaluations per step."},
    {core::SolverKind::Rk4, "RK4 (ODE)", "Probability-flow ODE, fourth order: 4 evaluations per step."},
    {core::SolverKind::Dopri5, "Dormand–Prince 5(4) (ODE)", "Adaptive probability-flow ODE; the steps are a first guess."},
    {core::SolverKind::EulerMaruyama, "Euler–Maruyama (SDE)", "dX = [b ± ε s] dt + √(2ε) dW, first order: 1 evaluation per step."},
    {core::SolverKind::StochasticHeun, "stochastic Heun (SDE)", "The SDE with a trapezoidal drift: 2 evaluations per step."},
    {core::SolverKind::Ddpm, "DDPM ancestral (vp)",
     "Ho et al.'s ancestral sampler on the VP levels t_k = 1 − k/K: 1 score evaluation per step.\n"
     "Its levels have exactly the interpolant's marginals; it tends to the reverse SDE as K grows."},
    {core::SolverKind::Ddim, "DDIM, deterministic (vp, subvp, ve)",
     "Song, Meng and Ermon's DDIM with η = 0: denoise to x̂1, re-noise to the next level with the\n"
     "same ε̂. 1 score evaluation per step; tends to the probability-flow ODE as K grows."},
    {core::SolverKind::Smld, "SMLD annealed Langevin (ve)",
     "Song and Ermon's annealed Langevin dynamics: M Langevin steps δ = r σ² at each VE noise level\n"
     "(M = the corrector steps, at least 1; r = 0.1). M score evaluations per level."},
    {core::SolverKind::ReverseDiffusion, "reverse-diffusion predictor (vp, ve)",
     "The score-SDE paper's reverse-diffusion predictor, the discretisation of the reverse SDE that\n"
     "matches the forward chain; with corrector steps it is their predictor–corrector sampler."},
};

}  // namespace

int SamplerPanel::epsilonToTicks(double e) {
    if (!(e > 0.0)) return 0;
    const double u = (std::log10(e) - kEpsilonMinLog) / kEpsilonDecades;
    return std::clamp(int(std::lround(u * kEpsilonTicks)), 1, kEpsilonTicks);
}

double SamplerPanel::ticksToEpsilon(int ticks) {
    if (ticks <= 0) return 0.0;
    const double e = std::pow(10.0, kEpsilonMinLog + kEpsilonDecades * double(ticks) / kEpsilonTicks);
    // Round to 3 significant digits so the value reads well and round-trips.
    const double mag = std::pow(10.0, std::floor(std::log10(e)) - 2.0);
    return std::round(e / mag) * mag;
}

SamplerPanel::SamplerPanel(QWidget* parent) : SettingsPanel(parent) {
    auto* integrator = new QGroupBox(tr("Integrator"), this);
    auto* form = new QFormLayout(integrator);
    m_solver = new QComboBox(integrator);
    for (const auto& s : kSolvers) {
        m_solver->addItem(tr(s.label), int(s.kind));
        m_solver->setItemData(m_solver->count() - 1, tr(s.tip), Qt::ToolTipRole);
    }
    m_solver->setToolTip(tr("How particles move: the probability-flow ODE dX = b dt, or the SDE\n"
                            "dX = [b ± ε s] dt + √(2ε) dW, which has the same marginals ρ_t for every ε (docs/maths.md §6)."));
    form->addRow(tr("Solver"), m_solver);
    m_solverFormula = new FormulaLabel(integrator);
    m_solverFormula->setObjectName(QStringLiteral("solverFormula"));
    m_solverFormula->setToolTip(tr("The update rule of the chosen solver (docs/maths.md §6 and §13)."));
    form->addRow(m_solverFormula);
    m_steps = new QSpinBox(integrator);
    m_steps->setRange(2, 2000);
    m_steps->setKeyboardTracking(false);
    m_steps->setToolTip(tr("Integration steps from t = 0 to 1; every step is recorded and the animation replays them."));
    form->addRow(tr("Steps"), m_steps);

    auto* epsRow = new QHBoxLayout();
    m_epsilon = new QSlider(Qt::Horizontal, integrator);
    m_epsilon->setRange(0, kEpsilonTicks);
    m_epsilon->setToolTip(tr("ε, the diffusion of the SDE and of the pinned fan of paths.\n"
                             "Far left is ε = 0 (the ODE); the rest is logarithmic from 0.01 to 100.\n"
                             "Every ε gives the same marginals ρ_t: only the paths change."));
    m_epsilonLabel = new QLabel(integrator);
    m_epsilonLabel->setMinimumWidth(m_epsilonLabel->fontMetrics().horizontalAdvance(QStringLiteral("ε = 00.00")));
    m_epsilonLabel->setToolTip(m_epsilon->toolTip());
    epsRow->addWidget(m_epsilon, 1);
    epsRow->addWidget(m_epsilonLabel);
    form->addRow(tr("Diffusion ε"), epsRow);
    m_schedule = new QComboBox(integrator);
    m_schedule->addItem(tr("constant"), int(core::EpsilonKind::Constant));
    m_schedule->addItem(tr("tapered at the ends"), int(core::EpsilonKind::Taper));
    m_schedule->addItem(tr("diffusion-matched (vp, subvp, ve)"), int(core::EpsilonKind::Matched));
    m_schedule->setToolTip(tr("How ε varies with t: constant; ramped to 0 near t = 0 and 1; or ε(t) = ½ g(1−t)²,\n"
                              "the reverse-time SDE of the score-based papers (VP, sub-VP and VE only)."));
    form->addRow(tr("ε schedule"), m_schedule);
    m_taper = new QDoubleSpinBox(integrator);
    m_taper->setRange(0.01, 0.5);
    m_taper->setSingleStep(0.01);
    m_taper->setKeyboardTracking(false);
    m_taper->setToolTip(tr("Width δ of the ramps of the tapered schedule."));
    form->addRow(tr("Taper δ"), m_taper);
    m_langevin = new QSpinBox(integrator);
    m_langevin->setRange(0, 20);
    m_langevin->setKeyboardTracking(false);
    m_langevin->setToolTip(tr("Langevin corrector steps x ← x + δ s + √(2δ) ξ after every predictor step (0 = off)."));
    form->addRow(tr("Corrector steps"), m_langevin);
    m_snr = new QDoubleSpinBox(integrator);
    m_snr->setRange(0.01, 10.0);
    m_snr->setDecimals(3);
    m_snr->setSingleStep(0.01);
    m_snr->setKeyboardTracking(false);
    m_snr->setToolTip(tr("Signal-to-noise ratio of the corrector step size δ = 2 (snr ‖ξ‖ / ‖s‖)²."));
    form->addRow(tr("Corrector snr"), m_snr);

    auto* particles = new QGroupBox(tr("Particles"), this);
    auto* pform = new QFormLayout(particles);
    m_particles = new QSpinBox(particles);
    m_particles->setRange(1, SceneSettings::kMaxParticles);
    m_particles->setSingleStep(1000);
    m_particles->setGroupSeparatorShown(true);
    m_particles->setKeyboardTracking(false);
    m_particles->setToolTip(tr("How many particles are simulated and drawn."));
    pform->addRow(tr("Count"), m_particles);
    m_seed = new QSpinBox(particles);
    m_seed->setRange(0, 999999);
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("Random seed of the start points and the SDE noise: the same seed gives the same picture."));
    pform->addRow(tr("Seed"), m_seed);
    m_resample = new QPushButton(tr("Resample"), particles);
    m_resample->setToolTip(tr("Draw new particles (next seed) and simulate again. Shortcut: R"));
    pform->addRow(m_resample);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(integrator);
    layout->addWidget(particles);
    layout->addStretch(1);

    const auto changed = [this] {
        updateEnabled();
        notify();
    };
    connect(m_solver, qOverload<int>(&QComboBox::activated), this, changed);
    connect(m_schedule, qOverload<int>(&QComboBox::activated), this, changed);
    connect(m_steps, &QSpinBox::valueChanged, this, changed);
    connect(m_taper, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_langevin, &QSpinBox::valueChanged, this, changed);
    connect(m_snr, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_particles, &QSpinBox::valueChanged, this, changed);
    connect(m_seed, &QSpinBox::valueChanged, this, changed);
    connect(m_epsilon, &QSlider::valueChanged, this, [this, changed] {
        updateEpsilonLabel();
        changed();
    });
    connect(m_resample, &QPushButton::clicked, this, &SamplerPanel::resampleRequested);
}

void SamplerPanel::updateEnabled() {
    const auto kind = core::EpsilonKind(m_schedule->currentData().toInt());
    m_epsilon->setEnabled(kind != core::EpsilonKind::Matched);
    m_taper->setEnabled(kind == core::EpsilonKind::Taper);
    const auto solver = core::SolverKind(m_solver->currentData().toInt());
    m_snr->setEnabled(m_langevin->value() > 0 && solver != core::SolverKind::Smld);
    m_langevin->setToolTip(solver == core::SolverKind::Smld
                               ? tr("Langevin steps M at each noise level of SMLD (0 counts as 1).")
                               : tr("Langevin corrector steps x ← x + δ s + √(2δ) ξ after every predictor step (0 = off)."));
    updateEpsilonLabel();
    updateSolverFormula();
}

void SamplerPanel::updateSolverFormula() {
    const auto solver = core::SolverKind(m_solver->currentData().toInt());
    m_solverFormula->setFormula(QString::fromStdString(core::solverFormula(solver, m_family)));
}

void SamplerPanel::updateEpsilonLabel() {
    const auto kind = core::EpsilonKind(m_schedule->currentData().toInt());
    if (kind == core::EpsilonKind::Matched) {
        m_epsilonLabel->setText(tr("ε(t) matched"));
        return;
    }
    const double e = ticksToEpsilon(m_epsilon->value());
    m_epsilonLabel->setText(QStringLiteral("ε = %1").arg(e, 0, 'g', 3));
}

void SamplerPanel::load(const ExplorerSettings& s) {
    Loading guard(*this);
    m_family = s.scene.interpolant.family;
    m_solver->setCurrentIndex(std::max(0, m_solver->findData(int(s.scene.solver))));
    m_steps->setValue(s.scene.steps);
    m_epsilon->setValue(epsilonToTicks(s.scene.epsilon));
    m_schedule->setCurrentIndex(std::max(0, m_schedule->findData(int(s.scene.epsilonKind))));
    m_taper->setValue(s.scene.epsilonTaper);
    m_langevin->setValue(s.scene.langevinSteps);
    m_snr->setValue(s.scene.snr);
    m_particles->setValue(s.scene.particles);
    m_seed->setValue(int(std::min<std::uint64_t>(s.scene.seed, 999999)));
    updateEnabled();
}

void SamplerPanel::store(ExplorerSettings& s) const {
    s.scene.solver = core::SolverKind(m_solver->currentData().toInt());
    s.scene.steps = m_steps->value();
    // Keep an ε the slider cannot show exactly (from a file) unless the slider moved.
    if (epsilonToTicks(s.scene.epsilon) != m_epsilon->value()) s.scene.epsilon = ticksToEpsilon(m_epsilon->value());
    s.scene.epsilonKind = core::EpsilonKind(m_schedule->currentData().toInt());
    s.scene.epsilonTaper = m_taper->value();
    s.scene.langevinSteps = m_langevin->value();
    s.scene.snr = m_snr->value();
    s.scene.particles = m_particles->value();
    s.scene.seed = std::uint64_t(m_seed->value());
}

}  // namespace flowlab::ui
