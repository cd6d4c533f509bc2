#pragma once

#include <QDialog>

#include "state/image_import.hpp"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QTimer;

namespace flowlab::ui {

/// Import options for an image as a density, with a live preview of the raster it becomes, the
/// number of Gaussian components and the approximation error. OK stays disabled while the file
/// or the options give no density (the reason is shown).
class ImageImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImageImportDialog(const ImageImport& initial, QWidget* parent = nullptr);

    ImageImport import() const;
    /// Recomputes the preview now (normally debounced after each edit).
    void refreshPreview();
    bool previewOk() const { return m_previewOk; }

private:
    ImageImport m_initial;
    QComboBox* m_role = nullptr;
    QComboBox* m_weight = nullptr;
    QCheckBox* m_invert = nullptr;
    QDoubleSpinBox* m_contrast = nullptr;
    QDoubleSpinBox* m_threshold = nullptr;
    QDoubleSpinBox* m_centerX = nullptr;
    QDoubleSpinBox* m_centerY = nullptr;
    QDoubleSpinBox* m_size = nullptr;
    QLabel* m_preview = nullptr;
    QLabel* m_info = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QTimer* m_debounce = nullptr;
    bool m_previewOk = false;
};

}  // namespace flowlab::ui
