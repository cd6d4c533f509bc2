#pragma once

#include "interpolant/interpolant.hpp"
#include "panel/panel.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flowlab::ui {

class FormulaLabel;

/// The integrator (ODE or SDE solver or a discrete sampler of the score-SDE paper, with its
/// update rule typeset, steps, ε with its schedule, Langevin corrector) and the
/// particle set (count, seed, resample).
class SamplerPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit SamplerPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

    /// The ε slider position (0 … kEpsilonTicks) of a value, and back: 0 is ε = 0, the rest is
    /// logarithmic from 0.01 to 100 (so small and large ε are both easy to reach).
    static int epsilonToTicks(double epsilon);
    static double ticksToEpsilon(int ticks);
    static constexpr int kEpsilonTicks = 1000;

signals:
    void resampleRequested();

private:
    void updateEnabled();
    void updateEpsilonLabel();
    void updateSolverFormula();

    QComboBox* m_solver = nullptr;
    FormulaLabel* m_solverFormula = nullptr;
    /// The scene's family (set by load): picks the reverse-diffusion rule that is shown.
    core::InterpolantFamily m_family = core::InterpolantFamily::Linear;
    QSpinBox* m_steps = nullptr;
    QSlider* m_epsilon = nullptr;
    QLabel* m_epsilonLabel = nullptr;
    QComboBox* m_schedule = nullptr;
    QDoubleSpinBox* m_taper = nullptr;
    QSpinBox* m_langevin = nullptr;
    QDoubleSpinBox* m_snr = nullptr;
    QSpinBox* m_particles = nullptr;
    QSpinBox* m_seed = nullptr;
    QPushButton* m_resample = nullptr;
};

}  // namespace flowlab::ui
