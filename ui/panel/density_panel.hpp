#pragma once

#include "panel/panel.hpp"

class QComboBox;
class QPushButton;

namespace flowlab::ui {

/// Base ρ0 and target ρ1: presets, or a mixture / scene file.
class DensityPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit DensityPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

private:
    void setupCombo(QComboBox* combo);
    void select(QComboBox* combo, const QString& spec);
    void onActivated(QComboBox* combo, int index);
    static QString specOf(const QComboBox* combo);

    QComboBox* m_base = nullptr;
    QComboBox* m_target = nullptr;
    QPushButton* m_swap = nullptr;
};

}  // namespace flowlab::ui
