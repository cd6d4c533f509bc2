#pragma once

#include "panel/panel.hpp"

class QCheckBox;
class QComboBox;
class QPushButton;
class QSlider;
class QSpinBox;

namespace flowlab::ui {

/// What the plane shows: the layers, how particles are coloured, which field the arrows show,
/// trail length, trajectory count, dot size and the theme.
class LayersPanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit LayersPanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

signals:
    void clearPinRequested();

private:
    QCheckBox* addLayer(const QString& text, const QString& tip);

    QCheckBox* m_heatmap = nullptr;
    QCheckBox* m_grid = nullptr;
    QCheckBox* m_arrows = nullptr;
    QCheckBox* m_streamlines = nullptr;
    QCheckBox* m_particles = nullptr;
    QCheckBox* m_trails = nullptr;
    QCheckBox* m_trajectories = nullptr;
    QCheckBox* m_bridge = nullptr;
    QCheckBox* m_pinned = nullptr;
    QCheckBox* m_legend = nullptr;
    QComboBox* m_arrowField = nullptr;
    QComboBox* m_colorMode = nullptr;
    QSpinBox* m_trailSteps = nullptr;
    QSpinBox* m_trajectoryCount = nullptr;
    QSlider* m_particleSize = nullptr;
    QComboBox* m_theme = nullptr;
    QPushButton* m_clearPin = nullptr;
    QWidget* m_layerBox = nullptr;
};

}  // namespace flowlab::ui
