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
    /// Shows `source` in `combo`: a preset's entry, else the one custom entry (a file SPEC or
    /// an embedded density, named for captions).
    void select(QComboBox* combo, const core::DensitySource& source);
    void onActivated(QComboBox* combo, int index);
    /// The density `combo` shows: the one it was given, while its entry is current (so an
    /// embedded density, its name and component cap survive), else the SPEC of the entry.
    core::DensitySource sourceOf(const QComboBox* combo) const;
    core::DensitySource& held(const QComboBox* combo);
    const core::DensitySource& held(const QComboBox* combo) const;

    QComboBox* m_base = nullptr;
    QComboBox* m_target = nullptr;
    QPushButton* m_swap = nullptr;
    QLabel* m_dropHint = nullptr;
    DensityRole m_chosen = DensityRole::Target;
    core::DensitySource m_heldBase, m_heldTarget;  ///< what select() was last given, per box
};

}  // namespace flowlab::ui
