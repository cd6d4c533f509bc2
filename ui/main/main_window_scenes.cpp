// MainWindow: the scene file commands (open, save, save as, recent files, unsaved changes,
// autosave restore). Kept apart from main_window.cpp so each file has one job.
#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

#include "common/resource_paths.hpp"
#include "main/density_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "main/training_controller.hpp"
#include "timeline/animation_clock.hpp"

namespace flowlab::ui {
namespace {

const QString kSceneFilter = QObject::tr("FlowLab scenes (*.json);;All files (*)");

}  // namespace

void MainWindow::buildSceneMenu(QMenu* file) {
    QAction* open = file->addAction(tr("Open scene…"), this, &MainWindow::chooseSceneToOpen);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a FlowLab scene file: both densities, the interpolant, the sampler and the view (Ctrl+O)."));
    m_recentMenu = file->addMenu(tr("Open recent"));
    m_recentMenu->setToolTipsVisible(true);
    m_recentMenu->setToolTip(tr("Scene files opened or saved recently."));
    connect(m_recentMenu, &QMenu::aboutToShow, this, [this] {
        m_recentMenu->clear();
        const QStringList files = m_document->recentFiles();
        for (const QString& f : files) {
            QAction* a = m_recentMenu->addAction(QFileInfo(f).fileName(), this, [this, f] { openScene(f); });
            a->setToolTip(f);
        }
        if (files.isEmpty()) m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
        m_recentMenu->addSeparator();
        QAction* clear = m_recentMenu->addAction(tr("Clear the list"), m_document, &SceneDocument::clearRecentFiles);
        clear->setEnabled(!files.isEmpty());
    });
    // The scenes shipped with FlowLab (installed under <prefix>/share/flowlab/scenes).
    QMenu* examples = file->addMenu(tr("Open example"));
    examples->setToolTipsVisible(true);
    examples->setToolTip(tr("Scenes shipped with FlowLab."));
    connect(examples, &QMenu::aboutToShow, this, [this, examples] {
        examples->clear();
        // QDir("") would be the current folder: no data folder means no examples.
        const QString folder = QString::fromStdString(core::shippedScenesDir());
        const QFileInfoList files = folder.isEmpty() ? QFileInfoList()
                                                     : QDir(folder).entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        for (const QFileInfo& f : files) {
            const QString path = f.absoluteFilePath();
            examples->addAction(f.completeBaseName(), this, [this, path] { openScene(path); })->setToolTip(path);
        }
        if (files.isEmpty()) examples->addAction(tr("(none found)"))->setEnabled(false);
    });
    QAction* save = file->addAction(tr("Save scene"), this, &MainWindow::saveCurrentScene);
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Save the current scene to its file, or choose one if it has none (Ctrl+S)."));
    QAction* saveAs = file->addAction(tr("Save scene as…"), this, &MainWindow::saveSceneAs);
    saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    saveAs->setToolTip(tr("Save the current scene to a new file (Ctrl+Alt+S)."));
    file->addSeparator();
    buildImageActions(file);
    file->addSeparator();
    file->setToolTipsVisible(true);
}

bool MainWindow::openScene(const QString& path) {
    auto settings = m_document->read(path, m_controller->settings());
    if (!settings) {
        reportError(tr("Could not open the scene"), QString::fromStdString(settings.message()));
        return false;
    }
    // The network first: saving it makes the scene name it, which the scene prompt then offers to keep.
    if (!mayReplaceScene(*settings, tr("opening %1").arg(QFileInfo(path).fileName()), [this, path] { openScene(path); }))
        return false;
    if (!maybeSaveChanges()) return false;
    // A stroke converting in the background must not replace the densities of the new scene.
    m_editor->discardPendingConversions();
    const ExplorerSettings previous = m_controller->settings();
    if (!applySettings(*settings)) {
        const QString why = m_controller->status().error;
        applySettings(previous);  // the open scene stays as it was
        reportError(tr("Could not open the scene"), tr("%1: %2").arg(path, why));
        return false;
    }
    m_document->setClean(path, m_controller->settings());
    m_clock->goToStart();
    statusBar()->showMessage(tr("Opened %1").arg(path), 5000);
    return true;
}

bool MainWindow::mayReplaceScene(const ExplorerSettings& next, const QString& action, std::function<void()> retry) {
    if (!m_trainingController->losesUnsavedNetwork(next)) return true;
    const QString question = tr("The network trained here has steps that no file holds, and %1 throws it away. Save it "
                                "first? (Discard throws its steps away.)")
                                 .arg(action);
    return m_trainingController->askToKeep(question, std::move(retry)) == TrainingController::KeepChoice::Proceed;
}

bool MainWindow::saveScene(const QString& path) {
    ExplorerSettings s = m_controller->settings();
    if (auto st = m_document->save(path, s); !st) {
        reportError(tr("Could not save the scene"), QString::fromStdString(st.message()));
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(path), 5000);
    return true;
}

void MainWindow::chooseSceneToOpen() {
    const QString start = m_document->path().isEmpty() ? QString::fromStdString(core::shippedScenesDir())
                                                        : QFileInfo(m_document->path()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open scene"), start, kSceneFilter);
    if (!path.isEmpty()) openScene(path);
}

bool MainWindow::saveCurrentScene() {
    if (m_document->path().isEmpty()) return saveSceneAs();
    return saveScene(m_document->path());
}

bool MainWindow::saveSceneAs() {
    const QString start = m_document->path().isEmpty() ? QStringLiteral("scene.json") : m_document->path();
    QString path = QFileDialog::getSaveFileName(this, tr("Save scene as"), start, kSceneFilter);
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    return saveScene(path);
}

bool MainWindow::maybeSaveChanges() {
    if (!m_document->isModified()) return true;
    const QString question = tr("The scene “%1” has unsaved changes. Save them?").arg(m_document->displayName());
    const QMessageBox::StandardButton answer =
        m_options.askUnsaved ? m_options.askUnsaved(question)
                             : QMessageBox::question(this, tr("Unsaved changes"), question,
                                                     QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                                     QMessageBox::Save);
    if (answer == QMessageBox::Save) return saveCurrentScene();
    return answer == QMessageBox::Discard;
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — FlowLab").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::reportError(const QString& title, const QString& message) {
    statusBar()->showMessage(message, 10000);
    if (m_options.showError)
        m_options.showError(title, message);
    else
        QMessageBox::warning(this, title, message);
}

void MainWindow::offerAutosaveRestore() {
    const QString path = m_document->autosavePath();
    const auto answer = QMessageBox::question(
        this, tr("Restore the autosaved scene?"),
        tr("FlowLab did not close properly last time. Restore the scene autosaved at %1?")
            .arg(QFileInfo(path).lastModified().toString(Qt::TextDate)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes) return;
    auto settings = m_document->read(path, m_controller->settings());
    if (!settings) {
        reportError(tr("Could not restore the autosave"), QString::fromStdString(settings.message()));
        return;
    }
    // The autosave is a copy: keep it untitled and modified so the user chooses where to save it.
    ExplorerSettings restored = *settings;
    if (applySettings(restored)) m_document->noteSettings(m_controller->settings());
}

}  // namespace flowlab::ui
