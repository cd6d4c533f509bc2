// MainWindow: lecture mode — the Lesson menu, presenter mode, the text scale and the lesson editor.
#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

#include <algorithm>

#include "lesson/lesson.hpp"
#include "lesson/lesson_controller.hpp"
#include "lesson/lesson_editor.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/training_controller.hpp"
#include "presenter/presenter_controller.hpp"
#include "state/probe_builder.hpp"

namespace flowlab::ui {
namespace {
constexpr double kTextScaleStep = 0.25;
}

void MainWindow::buildLectureMenu() {
    m_lessons = new LessonController(*this, this);
    m_presenter = new PresenterController(*this, *m_lessons, this);
    m_lessonEditor = new LessonEditor(*m_lessons, [this](const QString& t, const QString& m) { reportError(t, m); }, this);
    auto* editorDock = new QDockWidget(tr("Lesson"), this);
    editorDock->setObjectName(QStringLiteral("Lesson editor"));
    editorDock->setWidget(m_lessonEditor);
    addDockWidget(Qt::LeftDockWidgetArea, editorDock);
    editorDock->hide();

    // Actions live on the window too, so their keys work while presenter mode hides the menus.
    const auto add = [this](QMenu* menu, const QString& text, const QKeySequence& key, auto slot) {
        QAction* a = menu->addAction(text, this, slot);
        a->setShortcut(key);
        addAction(a);
        return a;
    };
    QMenu* view = nullptr;
    for (QAction* a : menuBar()->actions())
        if (a->menu() && a->menu()->title() == tr("&View")) view = a->menu();
    if (view) {
        view->addSeparator();
        QAction* present = add(view, tr("Present"), QKeySequence(Qt::Key_F5), [this] { m_presenter->toggle(); });
        present->setObjectName(QStringLiteral("present"));
        present->setToolTip(tr("The plane full screen for a lecture (Esc leaves)."));
        QAction* larger = add(view, tr("Larger text"), QKeySequence::ZoomIn,
                              [this] { setTextScale(m_controller->settings().view.textScale + kTextScaleStep); });
        larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
        add(view, tr("Smaller text"), QKeySequence::ZoomOut,
            [this] { setTextScale(m_controller->settings().view.textScale - kTextScaleStep); });
        add(view, tr("Normal text size"), QKeySequence(Qt::CTRL | Qt::Key_0), [this] { setTextScale(1.0); });
    }

    QMenu* lesson = menuBar()->addMenu(tr("&Lesson"));
    lesson->addAction(tr("Open lesson…"), this, &MainWindow::chooseLessonToOpen);
    QMenu* shipped = lesson->addMenu(tr("Shipped lessons"));
    for (const std::string& file : core::shippedLessons()) {
        const QString path = QString::fromStdString(file);
        shipped->addAction(QFileInfo(path).completeBaseName(), this, [this, path] { openLesson(path); });
    }
    shipped->setEnabled(!shipped->isEmpty());
    add(lesson, tr("Next step"), QKeySequence(Qt::Key_PageDown), [this] { m_lessons->next(); });
    add(lesson, tr("Previous step"), QKeySequence(Qt::Key_PageUp), [this] { m_lessons->previous(); });
    lesson->addSeparator();
    lesson->addAction(tr("New lesson"), this, [this] {
        core::Lesson fresh;
        fresh.title = tr("Untitled lesson").toStdString();
        m_lessons->setLesson(fresh, QString());
    });
    QAction* editor = editorDock->toggleViewAction();
    editor->setText(tr("Lesson editor"));
    lesson->addAction(editor);
}

void MainWindow::chooseLessonToOpen() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a lesson"), QString::fromStdString(core::shippedLessonsDir()),
                                                      tr("FlowLab lessons (*.json)"));
    if (!path.isEmpty()) openLesson(path);
}

bool MainWindow::openLesson(const QString& path) {
    const core::Lesson previous = m_lessons->lesson();
    const QString previousPath = m_lessons->path();
    const int previousStep = m_lessons->current();
    QString error;
    if (!m_lessons->openLesson(path, &error)) {
        reportError(tr("Cannot open the lesson"), error);
        return false;
    }
    if (!m_lessons->goTo(0, false, &error)) {
        if (!error.isEmpty()) {
            reportError(tr("Cannot open the lesson"), error);
        } else if (!m_trainingController->waitsForSave()) {
            // Cancelled for the unsaved network: the lesson before stays, as the window still shows it.
            m_lessons->restoreLesson(previous, previousPath, previousStep);
        }
        return false;
    }
    statusBar()->showMessage(tr("Lesson “%1”: PageDown for the next step, F5 to present.")
                                 .arg(QString::fromStdString(m_lessons->lesson().title)), 8000);
    return true;
}

void MainWindow::setProbe(ProbeMode mode, int component, std::optional<QPointF> x1) {
    // The View menu's checkable actions show which probe is on.
    if (auto* a = findChild<QAction*>(QStringLiteral("posteriorProbe"))) a->setChecked(mode == ProbeMode::Posterior);
    if (auto* a = findChild<QAction*>(QStringLiteral("conditionalProbe"))) a->setChecked(mode == ProbeMode::Conditional);
    m_controller->setProbeComponent(component);
    m_controller->setProbeTargetPoint(x1);
    m_controller->setProbeMode(mode);
}

double MainWindow::slideTextBoost() const {
    return m_presenter->isPresenting() || m_lessons->hasLesson() ? PresenterController::kTextBoost : 1.0;
}

void MainWindow::setTextScale(double scale) {
    ExplorerSettings s = m_controller->settings();
    s.view.textScale = std::clamp(scale, ViewSettings::kMinTextScale, ViewSettings::kMaxTextScale);
    if (s.view.textScale == m_controller->settings().view.textScale) return;
    applySettings(s);
    m_presenter->refresh();
}

}  // namespace flowlab::ui
