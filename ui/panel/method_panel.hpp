#pragma once

#include "panel/panel.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;

namespace flowlab::ui {

/// The interpolant (family, γ and their parameters, with the formula shown) and the field
/// source (exact or learned).
class FormulaLabel;

class MethodPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit MethodPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;
    /// Enables the "learned" choice (when a training engine is available).
    void setLearnedAvailable(bool available, const QString& whyNot = {});

private:
    void updateEnabled();
    void updateFormula();
    void keepOrdered();

    QComboBox* m_family = nullptr;
    QComboBox* m_gamma = nullptr;
    QDoubleSpinBox* m_gammaA = nullptr;
    QDoubleSpinBox* m_sigmaMin = nullptr;
    QDoubleSpinBox* m_betaMin = nullptr;    ///< β_min of vp and sub-vp
    QDoubleSpinBox* m_betaMax = nullptr;    ///< β_max of vp and sub-vp
    QDoubleSpinBox* m_veSigmaMin = nullptr; ///< σ_min of ve
    QDoubleSpinBox* m_veSigmaMax = nullptr; ///< σ_max of ve
    QWidget* m_vpSchedule = nullptr;  ///< the β_min/β_max form, shown for vp and sub-vp
    QWidget* m_veSchedule = nullptr;  ///< the σ_min/σ_max form, shown for ve
    FormulaLabel* m_formula = nullptr;   ///< x_t of the chosen interpolant, typeset
    FormulaLabel* m_schedule = nullptr;  ///< B(τ) for vp and sub-vp
    QLabel* m_problem = nullptr;         ///< why the options are invalid, when they are
    QRadioButton* m_exact = nullptr;
    QRadioButton* m_learned = nullptr;
};

}  // namespace flowlab::ui
