#pragma once

#include "panel/panel.hpp"

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;
class QWidget;

namespace flowlab::ui {

/// The scene kind (2D densities | Images) and, for image scenes, what the grid shows: the data
/// set and its size, the training images of the exact field, the U-Net file of the learned field,
/// the class and guidance scale w, and the grid's rows and columns. The method (interpolant,
/// field source, solver, steps, ε) stays in the method and sampler docks, as in 2D.
class ImageScenePanel : public SettingsPanel {
    Q_OBJECT
public:
    explicit ImageScenePanel(QWidget* parent = nullptr);
    void load(const ExplorerSettings& settings) override;
    void store(ExplorerSettings& settings) const override;

    QComboBox* kindBox() const { return m_kind; }
    QComboBox* dataBox() const { return m_data; }
    QSpinBox* sizeBox() const { return m_size; }

private:
    void showKind();

    QComboBox* m_kind = nullptr;
    QWidget* m_imageControls = nullptr;
    QComboBox* m_data = nullptr;
    QSpinBox* m_size = nullptr;
    QSpinBox* m_exactImages = nullptr;
    QLineEdit* m_model = nullptr;
    QSpinBox* m_class = nullptr;
    QDoubleSpinBox* m_guidance = nullptr;
    QSpinBox* m_rows = nullptr;
    QSpinBox* m_columns = nullptr;
};

}  // namespace flowlab::ui
