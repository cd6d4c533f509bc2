#pragma once

#include <QWidget>

#include "state/image_import.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;

namespace flowlab::ui {

class DensityEditor;

/// The density editor's controls: what is painted (nothing, the base or the target), the brush
/// (size, softness, strength, eraser), fill, clear, undo and redo, and a line that says which
/// density is being edited and how the last conversion went.
class BrushPanel : public QWidget {
    Q_OBJECT
public:
    BrushPanel(DensityEditor* editor, QWidget* parent = nullptr);

    /// True while a density is being painted (the view then paints instead of panning).
    bool isPainting() const;
    /// Starts painting `role` (as if chosen in the panel).
    void paint(DensityRole role);
    void stopPainting();
    /// Shows a line under the controls (the conversion result or a refusal).
    void setMessage(const QString& text);

signals:
    void paintingChanged(bool painting);

private:
    void storeBrush();

    DensityEditor* m_editor;
    QComboBox* m_mode = nullptr;
    QDoubleSpinBox* m_size = nullptr;
    QDoubleSpinBox* m_softness = nullptr;
    QDoubleSpinBox* m_strength = nullptr;
    QCheckBox* m_erase = nullptr;
    QLabel* m_indicator = nullptr;
    QLabel* m_message = nullptr;
};

}  // namespace flowlab::ui
