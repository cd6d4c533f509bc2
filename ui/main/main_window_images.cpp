// MainWindow: images as densities (File → Load image as base/target…, drag-and-drop).
#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QStatusBar>

#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/brush_panel.hpp"
#include "panel/density_panel.hpp"
#include "panel/image_import_dialog.hpp"

namespace flowlab::ui {

void MainWindow::buildImageActions(QMenu* file) {
    QAction* base = file->addAction(tr("Load image as base…"), this, [this] { chooseImageFile(DensityRole::Base); });
    base->setToolTip(tr("Use a PNG, JPEG or BMP picture as the base density ρ₀ (with a preview of the result)."));
    QAction* target = file->addAction(tr("Load image as target…"), this, [this] { chooseImageFile(DensityRole::Target); });
    target->setToolTip(tr("Use a PNG, JPEG or BMP picture as the target density ρ₁ (with a preview of the result).\n"
                          "You can also drop an image file onto the window: it replaces the density chosen in the Densities panel."));
}

DensityRole MainWindow::dropRole() const {
    if (m_brushPanel && m_editor && m_brushPanel->isPainting()) return m_editor->role();
    return m_densities->chosenRole();
}

void MainWindow::chooseImageFile(DensityRole role) {
    const QString path = QFileDialog::getOpenFileName(this, role == DensityRole::Base ? tr("Image as base") : tr("Image as target"),
                                                      QString(), tr("Images (*.png *.jpg *.jpeg *.bmp)"));
    if (!path.isEmpty()) importImageFile(path, role);
}

bool MainWindow::importImageFile(const QString& path, DensityRole role) {
    ImageImport proposed;
    proposed.path = path;
    proposed.role = role;
    // Fail early on a file that cannot be read, before any dialog.
    if (auto p = previewImage(proposed); !p) {
        reportError(tr("Could not use the image"), QString::fromStdString(p.message()));
        return false;
    }
    std::optional<ImageImport> chosen;
    if (m_options.chooseImageImport) {
        chosen = m_options.chooseImageImport(proposed);
    } else {
        ImageImportDialog dialog(proposed, this);
        if (dialog.exec() == QDialog::Accepted) chosen = dialog.import();
    }
    return chosen ? importImage(*chosen) : false;
}

bool MainWindow::importImage(const ImageImport& import) {
    auto preview = previewImage(import);
    if (!preview) {
        reportError(tr("Could not use the image"), QString::fromStdString(preview.message()));
        return false;
    }
    const ExplorerSettings previous = m_controller->settings();
    ExplorerSettings s = previous;
    (import.role == DensityRole::Base ? s.scene.base : s.scene.target) = core::DensitySource::fromSpec(imageSpec(import).toStdString());
    if (!applySettings(s)) {
        const QString why = m_controller->status().error;
        applySettings(previous);
        reportError(tr("Could not use the image"), tr("%1: %2").arg(import.path, why));
        return false;
    }
    QString message = tr("%1 as the %2: %3 components, approximation error %4")
                          .arg(QFileInfo(import.path).fileName(), import.role == DensityRole::Base ? tr("base") : tr("target"))
                          .arg(preview->components)
                          .arg(preview->approximationError, 0, 'f', 4);
    if (preview->downsampled) message += tr(" (downsampled from %1×%2)").arg(preview->sourceWidth).arg(preview->sourceHeight);
    statusBar()->showMessage(message, 10000);
    return true;
}

}  // namespace flowlab::ui
