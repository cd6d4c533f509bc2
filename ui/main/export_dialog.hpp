#pragma once

#include <QDialog>
#include <QString>

#include <functional>
#include <vector>

#include "export/video_render.hpp"
#include "state/compare_layout.hpp"
#include "state/explorer_settings.hpp"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace flowlab::ui {

/// File → Export video…: what (the current panel or the whole compare layout), where to, which
/// format (video, PNG frames, PNG or SVG still), size, frame rate, duration, t range and
/// direction, holds, bounce and each overlay (title, t counter, formula, legend); in image scenes
/// also the inspector's filmstrip of a sample or the PCA view instead of the grid. Only collects
/// choices; runVideoExport() runs them.
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

    /// The panels of the window's compare layout; empty when there is none, which disables the
    /// "whole compare layout" choice (and falls back to the current panel).
    void setComparePanels(std::vector<ComparePanel> panels);
    /// True when the whole compare layout is chosen (and there is one).
    bool exportsCompareLayout() const;
    /// The panels to export side by side, with the chosen direction; empty for the current panel.
    std::vector<ComparePanel> comparePanels() const;
    /// Image scenes: the chosen picture (the grid, the inspector's filmstrip, the PCA view);
    /// always the grid in 2D scenes.
    ImageView imageView() const;
    /// Chooses the picture of an image scene (ignored in 2D scenes).
    void setWhat(ImageView view);
    /// The filmstrip's sample (the window passes the inspected one; −1 keeps the first).
    void setImageSample(int sample);

private:
    void whatChanged();
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
    QCheckBox* m_title = nullptr;
    QCheckBox* m_time = nullptr;
    QCheckBox* m_formula = nullptr;
    QCheckBox* m_legend = nullptr;
    QComboBox* m_what = nullptr;
    QSpinBox* m_sample = nullptr;
    std::vector<ComparePanel> m_panels;
};

/// Shows the dialog and, if accepted, exports in a VideoExportJob with a progress dialog and
/// Cancel; the GUI stays responsive. Reports success or why it failed in a message box.
/// `panels` is the window's compare layout (empty: none), offered as "whole compare layout".
/// `field` is what the particles and arrows of the current panel follow in learned mode (the
/// window's network); null means the exact field. `adjust` (if any) completes the dialog's
/// options before the export starts (the window adds its pin and probe). `imageSample` is the
/// sample an image scene's inspector shows (proposed for the filmstrip; −1: none).
void runVideoExport(QWidget* parent, const ExplorerSettings& settings, const std::vector<ComparePanel>& panels = {},
                    std::shared_ptr<const core::FieldSource> field = nullptr,
                    const std::function<void(VideoRenderOptions&)>& adjust = {}, int imageSample = -1);

}  // namespace flowlab::ui
