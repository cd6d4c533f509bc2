#pragma once

#include "panel/panel.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QRadioButton;

namespace flowlab::ui {

/// The interpolant (family, γ and their parameters, with the formula shown) and the field
/// source (exact or learned).
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

    QComboBox* m_family = nullptr;
    QComboBox* m_gamma = nullptr;
    QDoubleSpinBox* m_gammaA = nullptr;
    QDoubleSpinBox* m_sigmaMin = nullptr;
    QLabel* m_formula = nullptr;
    QRadioButton* m_exact = nullptr;
    QRadioButton* m_learned = nullptr;
};

}  // namespace flowlab::ui
