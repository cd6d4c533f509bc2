// MainWindow: the density editor (paint the base or the target on the plane).
#include <QCryptographicHash>
#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

#include "main/density_editor.hpp"
#include "main/draw_tool.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "panel/brush_panel.hpp"
#include "state/drawing_overlay.hpp"
#include "state/drawing_seed.hpp"
#include "plane/plane_view.hpp"

namespace flowlab::ui {

void MainWindow::setupDensityEditor() {
    const QString folder =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("drawings"));
    QDir().mkpath(folder);
    m_editor = new DensityEditor(folder, this);
    DensityEditor::DensityLookup lookup;
    lookup.spec = [this](DensityRole role) {
        const SceneSettings& s = m_controller->settings().scene;
        const core::DensitySource& d = role == DensityRole::Base ? s.base : s.target;
        if (d.isSpec()) return QString::fromStdString(d.spec);
        // An embedded density has no SPEC: its content identifies it, so the editor re-seeds
        // when another one is shown.
        const QByteArray json = QByteArray::fromStdString(core::densitySourceToJson(d).dump(0));
        return QStringLiteral("embedded:%1").arg(QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha1).toHex()));
    };
    lookup.seed = [this](DensityRole role, const core::Raster& grid) -> core::Result<core::Raster> {
        const auto density = role == DensityRole::Base ? m_controller->base() : m_controller->target();
        if (!density) return core::Error{"no density is shown yet"};
        const SceneSettings& s = m_controller->settings().scene;
        return drawingSeed(role == DensityRole::Base ? s.base : s.target, *density, grid);
    };
    m_editor->setDensityLookup(std::move(lookup));
    // Converted drawings of earlier sessions that nothing uses: once the settings are in effect.
    QTimer::singleShot(0, m_editor, [this] { m_editor->pruneFiles(); });
    m_brushPanel = new BrushPanel(m_editor, this);
    auto* tool = new DrawTool(m_view, m_editor, [this] { return m_controller->settings().view.camera; });

    // The panel lives in a dock created when first opened, so a closed editor takes no room.
    m_brushPanel->hide();
    auto* showEditor = new QAction(tr("Density editor"), this);
    showEditor->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    showEditor->setToolTip(tr("Show the density editor: paint the base or the target on the plane (Ctrl+E)."));
    connect(showEditor, &QAction::triggered, this, [this] {
        auto* dock = findChild<QDockWidget*>(QStringLiteral("Density editor"));
        if (!dock) {
            dock = new QDockWidget(tr("Density editor"), this);
            dock->setObjectName(QStringLiteral("Density editor"));
            dock->setWidget(m_brushPanel);
            addDockWidget(Qt::LeftDockWidgetArea, dock);
            connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
                if (!visible && !isMinimized()) m_brushPanel->stopPainting();
            });
        }
        m_brushPanel->show();
        dock->show();
        dock->raise();
    });
    QMenu* edit = new QMenu(tr("&Edit"), this);
    QAction* undo = m_editor->undoStack()->createUndoAction(this, tr("Undo drawing"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    undo->setToolTip(tr("Undo the last stroke, fill or clear of the density editor (Ctrl+Z)."));
    QAction* redo = m_editor->undoStack()->createRedoAction(this, tr("Redo drawing"));
    redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redo->setToolTip(tr("Redo the last undone edit of the density editor (Ctrl+Shift+Z)."));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(showEditor);
    edit->setToolTipsVisible(true);
    const QList<QAction*> menus = menuBar()->actions();
    menuBar()->insertMenu(menus.size() > 1 ? menus.at(1) : nullptr, edit);

    // While painting, the plane shows the drawing itself, dab by dab, before it becomes a density.
    auto showDrawing = [this] {
        m_view->setDrawingOverlay(m_brushPanel->isPainting() ? makeDrawingOverlay(m_editor->drawing().raster(), m_editor->role())
                                                             : nullptr);
    };
    connect(m_editor, &DensityEditor::drawingChanged, this, showDrawing);
    connect(m_brushPanel, &BrushPanel::paintingChanged, this, [this, tool, showDrawing](bool painting) {
        tool->setEnabled(painting);
        showDrawing();
        if (painting) statusBar()->showMessage(tr("Painting: drag on the plane; the wheel still zooms."), 5000);
    });
    connect(m_editor, &DensityEditor::densityReady, this,
            [this](DensityRole role, const QString& spec, int components, double error) {
                ExplorerSettings s = m_controller->settings();
                (role == DensityRole::Base ? s.scene.base : s.scene.target) = core::DensitySource::fromSpec(spec.toStdString());
                const bool applied = applySettings(s);
                // Older conversions are no longer used by either density.
                m_editor->pruneFiles();
                if (!applied) {
                    m_brushPanel->setMessage(tr("⚠ %1").arg(m_controller->status().error));
                    return;
                }
                m_brushPanel->setMessage(tr("%1 components · approximation error %2").arg(components).arg(error, 0, 'f', 4));
            });
    connect(m_editor, &DensityEditor::refused, this, [this](const QString& message) {
        m_brushPanel->setMessage(tr("⚠ %1").arg(message));
        statusBar()->showMessage(message, 8000);
    });
}

}  // namespace flowlab::ui
