#pragma once

#include "panel/panel.hpp"
#include "state/image_import.hpp"

class QComboBox;
class QLabel;
class QPushButton;

namespace flowlab::ui {

/// Base ρ0 and target ρ1: presets, or a mixture / scene file.
class DensityPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit DensityPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

    /// The density last chosen here (its box focused or an entry picked; the target at first):
    /// where a dropped image goes unless the density editor is painting.
    DensityRole chosenRole() const { return m_chosen; }
    void setChosenRole(DensityRole role);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setupCombo(QComboBox* combo);
    void select(QComboBox* combo, const QString& spec);
    void onActivated(QComboBox* combo, int index);
    static QString specOf(const QComboBox* combo);

    QComboBox* m_base = nullptr;
    QComboBox* m_target = nullptr;
    QPushButton* m_swap = nullptr;
    QLabel* m_dropHint = nullptr;
    DensityRole m_chosen = DensityRole::Target;
};

}  // namespace flowlab::ui
