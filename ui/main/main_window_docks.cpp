// MainWindow: the docks a scene kind shows (issue 12). An image scene has no densities to edit.
#include <QAction>
#include <QDockWidget>

#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "presenter/presenter_controller.hpp"

namespace flowlab::ui {

QList<QDockWidget*> MainWindow::densityDocks() const {
    QList<QDockWidget*> docks;
    for (const char* name : {"Densities", "Density editor"})
        if (auto* dock = findChild<QDockWidget*>(QLatin1String(name))) docks << dock;
    return docks;
}

void MainWindow::updateSceneDocks() {
    const bool images = m_controller->settings().scene.isImages();
    const bool presenting = m_presenter && m_presenter->isPresenting();
    for (QDockWidget* dock : densityDocks()) {
        dock->toggleViewAction()->setVisible(!images);
        if (images && !dock->isHidden()) {
            if (!m_hiddenForImages.contains(dock)) m_hiddenForImages << dock;
            dock->hide();
        }
    }
    if (images || presenting) return;
    for (QDockWidget* dock : m_hiddenForImages) dock->show();
    m_hiddenForImages.clear();
}

}  // namespace flowlab::ui
