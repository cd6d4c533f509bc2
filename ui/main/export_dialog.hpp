#pragma once

#include <QDialog>
#include <QString>

#include "export/video_render.hpp"
#include "state/explorer_settings.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace flowlab::ui {

/// File → Export video…: where to, which format, size, frame rate, duration, t range and
/// direction, holds, bounce and overlays. Only collects choices; runVideoExport() runs them.
class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const ExplorerSettings& settings, QWidget* parent = nullptr);

    /// The chosen output path (its extension or trailing "/" names the format).
    QString path() const;
    /// The render options chosen (validated by renderVideo).
    VideoRenderOptions options() const;
    /// The settings to render: the window's, with the chosen direction and overlays.
    ExplorerSettings settings() const;

    void setPath(const QString& path);

private:
    void formatChanged();
    void resolutionChanged();
    void browse();

    ExplorerSettings m_settings;
    QLineEdit* m_path = nullptr;
    QComboBox* m_format = nullptr;
    QComboBox* m_resolution = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QComboBox* m_fps = nullptr;
    QDoubleSpinBox* m_seconds = nullptr;
    QDoubleSpinBox* m_tStart = nullptr;
    QDoubleSpinBox* m_tEnd = nullptr;
    QComboBox* m_direction = nullptr;
    QSpinBox* m_holdStart = nullptr;
    QSpinBox* m_holdEnd = nullptr;
    QCheckBox* m_bounce = nullptr;
    QCheckBox* m_overlays = nullptr;
};

/// Shows the dialog and, if accepted, exports in a VideoExportJob with a progress dialog and
/// Cancel; the GUI stays responsive. Reports success or why it failed in a message box.
void runVideoExport(QWidget* parent, const ExplorerSettings& settings);

}  // namespace flowlab::ui
