#include "presenter/presenter_controller.hpp"

#include <QApplication>
#include <QDockWidget>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMenuBar>
#include <QScreen>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWindow>

#include <algorithm>
#include <cmath>

#include "compare/compare_area.hpp"
#include "lesson/lesson_controller.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "presenter/laser_pointer.hpp"
#include "presenter/notes_overlay.hpp"
#include "presenter/presenter_console.hpp"
#include "presenter/presenter_hud.hpp"
#include "presenter/presenter_screens.hpp"
#include "timeline/animation_clock.hpp"
#include "timeline/timeline_bar.hpp"
#include "plane/plane_view.hpp"

namespace flowlab::ui {
namespace {

constexpr double kTextScaleStep = 0.25;

bool isPresenterKey(int key, Qt::KeyboardModifiers mods) {
    if (mods & Qt::ControlModifier)
        return key == Qt::Key_Plus || key == Qt::Key_Equal || key == Qt::Key_Minus || key == Qt::Key_0;
    switch (key) {
        case Qt::Key_PageDown: case Qt::Key_PageUp: case Qt::Key_Right: case Qt::Key_Left: case Qt::Key_Down:
        case Qt::Key_Up: case Qt::Key_Space: case Qt::Key_Home: case Qt::Key_End: case Qt::Key_B:
        case Qt::Key_Period: case Qt::Key_L: case Qt::Key_N: case Qt::Key_Escape: case Qt::Key_F5:
            return true;
        default:
            return false;
    }
}

}  // namespace

PresenterController::PresenterController(MainWindow& window, LessonController& lessons, QObject* parent)
    : QObject(parent), m_window(window), m_lessons(lessons) {
    m_hud = new PresenterHud(window.centralWidget());
    if (auto* layout = qobject_cast<QVBoxLayout*>(window.centralWidget()->layout())) layout->insertWidget(1, m_hud);
    m_hud->hide();
    m_notes = new NotesOverlay(&window.compareArea());
    m_laser = new LaserPointer(&window.compareArea());
    m_black = new BlackScreen(&window);
    connect(&lessons, &LessonController::stepChanged, this, &PresenterController::refresh);
    connect(&lessons, &LessonController::lessonChanged, this, &PresenterController::refresh);
    connect(&window.controller(), &ExplorerController::settingsChanged, this, &PresenterController::refresh);
}

PresenterController::~PresenterController() {
    qApp->removeEventFilter(this);
    delete m_console;
}

void PresenterController::setBoost(double boost) {
    // The compare headers and readout take their fonts from the compositor (the boosted text
    // scale, capped at CompareRenderer::kMaxStripTextScale) when the legend is redrawn.
    CompareArea& area = m_window.compareArea();
    for (int i = 0; i < m_window.compareArea().panelCount(); ++i) {
        m_window.compareArea().view(i).setTextBoost(boost);
        m_window.compareArea().view(i).setCaptionShown(boost == 1.0);
        m_window.compareArea().view(i).setFillImageGrid(boost != 1.0);
    }
    area.refreshLegend();
}

void PresenterController::enter(QScreen* screen, bool fullScreen) {
    if (m_presenting) return;
    m_screen = m_window.screen();
    m_geometry = m_window.saveGeometry();
    m_normalGeometry = m_window.geometry();
    m_state = m_window.saveState();
    m_windowState = m_window.windowState();
    m_hidden.clear();
    QList<QWidget*> chrome;
    for (QDockWidget* dock : m_window.findChildren<QDockWidget*>()) chrome << dock;
    chrome << m_window.menuBar() << m_window.statusBar() << &m_window.timeline();
    for (QWidget* w : chrome)
        if (w->isVisible() || (!m_window.isVisible() && !w->isHidden())) {
            m_hidden << w;
            w->hide();
        }
    m_presenting = true;
    m_hud->show();
    setBoost(kTextBoost);

    const QList<QScreen*> screens = QGuiApplication::screens();
    QList<QRect> geometries;
    for (QScreen* s : screens) geometries << s->geometry();
    const PresenterScreens chosen =
        choosePresenterScreens(geometries, int(screens.indexOf(m_window.screen())), int(screens.indexOf(screen)));
    QScreen* target = chosen.projector >= 0 ? screens[chosen.projector] : nullptr;
    QScreen* consoleScreen = chosen.console >= 0 ? screens[chosen.console] : nullptr;
    if (fullScreen && target) {
        moveToScreen(target);
        m_window.setGeometry(target->geometry());
        m_window.showFullScreen();
    }
    if (consoleScreen) {
        m_console = new PresenterConsole;
        m_console->setScreen(consoleScreen);
        m_console->setGeometry(consoleScreen->availableGeometry().adjusted(40, 40, -40, -40));
        connect(m_console, &PresenterConsole::nextRequested, this, [this] { handleKey(Qt::Key_PageDown, {}, true, false); });
        connect(m_console, &PresenterConsole::previousRequested, this, [this] { handleKey(Qt::Key_PageUp, {}, true, false); });
        connect(m_console, &PresenterConsole::playRequested, &m_window.clock(), &AnimationClock::togglePlay);
        connect(m_console, &PresenterConsole::blackRequested, this, &PresenterController::toggleBlack);
        connect(m_console, &PresenterConsole::leaveRequested, this, &PresenterController::leave);
        m_console->show();
    }
    qApp->installEventFilter(this);
    placeOverlays();
    refresh();
    emit presentingChanged(true);
}

void PresenterController::moveToScreen(QScreen* screen) {
    QScreen* now = m_window.screen();
    if (!screen || screen == now) return;
    // QWidget::setScreen, not the window handle's: on another X screen (not a virtual sibling)
    // the native window is re-created there, unmapped, and must be shown again.
    const bool otherDesktop = now && !now->virtualSiblings().contains(screen);
    const bool visible = m_window.isVisible();
    if (otherDesktop) m_window.hide();
    m_window.setScreen(screen);
    if (otherDesktop && visible) m_window.show();
}

void PresenterController::leave() {
    if (!m_presenting) return;
    qApp->removeEventFilter(this);
    m_presenting = false;
    setLaser(false);
    m_black->hide();
    m_notes->hide();
    m_hud->hide();
    setBoost(1.0);
    if (m_console) m_console->deleteLater();
    m_console = nullptr;
    if (m_window.isFullScreen() && !(m_windowState & Qt::WindowFullScreen)) m_window.showNormal();
    if (QGuiApplication::screens().contains(m_screen)) moveToScreen(m_screen);  // back to the laptop
    m_window.setWindowState(m_windowState);
    for (QWidget* w : m_hidden) w->show();
    m_hidden.clear();
    m_window.restoreState(m_state);
    // A plain window gets back its exact rectangle; a maximised one its saved geometry.
    if (m_windowState & (Qt::WindowMaximized | Qt::WindowFullScreen))
        m_window.restoreGeometry(m_geometry);
    else
        m_window.setGeometry(m_normalGeometry);
    emit presentingChanged(false);
}

PresenterConsole* PresenterController::console() const { return m_console; }

void PresenterController::toggle() { m_presenting ? leave() : enter(); }

void PresenterController::toggleBlack() {
    if (m_black->isVisible()) {
        m_black->hide();
        return;
    }
    m_black->setGeometry(m_window.rect());
    m_black->raise();
    m_black->show();
}

bool PresenterController::isBlack() const { return m_black->isVisible(); }

void PresenterController::toggleNotes() {
    m_notes->setVisible(!m_notes->isVisible());
    placeOverlays();
}

bool PresenterController::notesShown() const { return m_notes->isVisible(); }

void PresenterController::setLaser(bool on) {
    m_laser->setColor(Theme::named(m_window.controller().settings().view.theme).laser);
    m_laser->setActive(on);
}

bool PresenterController::laserOn() const { return m_laser->isActive(); }

void PresenterController::placeOverlays() {
    m_notes->place();
    if (m_black->isVisible()) m_black->setGeometry(m_window.rect());
}

void PresenterController::refresh() {
    const ExplorerSettings& s = m_window.controller().settings();
    if (m_presenting) setBoost(kTextBoost);  // panels a step added since entering
    const Theme theme = Theme::named(s.view.theme);
    m_hud->setTheme(theme);
    m_hud->setTextScale(s.view.textScale);
    m_notes->setTheme(theme);
    HudContent c;
    const core::LessonStep* step = m_lessons.step(m_lessons.current());
    const core::LessonStep* next = m_lessons.step(m_lessons.current() + 1);
    if (step) {
        c.title = QString::fromStdString(step->title);
        c.caption = QString::fromStdString(step->caption);
        c.formula = QString::fromStdString(step->formula);
        c.step = QStringLiteral("%1 / %2").arg(m_lessons.current() + 1).arg(m_lessons.count());
    } else {
        const FrameText& text = m_window.view().frame().text;
        c.title = text.baseName.isEmpty() ? QString() : text.baseName + QStringLiteral("  →  ") + text.targetName;
        c.caption = text.method;
        c.formula = text.formula;
    }
    m_hud->setContent(c);
    const QString notes = step ? QString::fromStdString(step->notes) : QString();
    const QString nextTitle = next ? QString::fromStdString(next->title) : QString();
    m_notes->setNotes(notes, nextTitle);
    if (m_console) m_console->setContent(c.step, c.title, notes, nextTitle);
}

bool PresenterController::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type == QEvent::Resize && (watched == &m_window.compareArea() || watched == &m_window)) {
        if (watched == &m_window) m_hud->refit();  // its text follows the window's height
        placeOverlays();
    }
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress && type != QEvent::KeyRelease) return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || (widget->window() != &m_window && widget->window() != m_console)) return false;
    auto* key = static_cast<QKeyEvent*>(event);
    if (!isPresenterKey(key->key(), key->modifiers())) return false;
    if (type == QEvent::ShortcutOverride) {
        // Ours, not a window shortcut's (Esc also clears the pin outside presenter mode).
        event->accept();
        return true;
    }
    handleKey(key->key(), key->modifiers(), type == QEvent::KeyPress, key->isAutoRepeat());
    return true;
}

bool PresenterController::handleKey(int key, Qt::KeyboardModifiers mods, bool press, bool autoRepeat) {
    if (!press) {
        if (key == Qt::Key_L && !autoRepeat) setLaser(false);
        return true;
    }
    AnimationClock& clock = m_window.clock();
    const bool lesson = m_lessons.hasLesson();
    if (mods & Qt::ControlModifier) {
        const double now = m_window.controller().settings().view.textScale;
        if (key == Qt::Key_0) m_window.setTextScale(1.0);
        else if (key == Qt::Key_Minus) m_window.setTextScale(now - kTextScaleStep);
        else m_window.setTextScale(now + kTextScaleStep);
        refresh();
        return true;
    }
    switch (key) {
        case Qt::Key_PageDown: case Qt::Key_Right: case Qt::Key_Down:
            if (lesson) m_lessons.next();
            else clock.stepFrames(1);
            break;
        case Qt::Key_PageUp: case Qt::Key_Left: case Qt::Key_Up:
            if (lesson) m_lessons.previous();
            else clock.stepFrames(-1);
            break;
        case Qt::Key_Home:
            if (lesson) m_lessons.goTo(0);
            break;
        case Qt::Key_End:
            if (lesson) m_lessons.goTo(m_lessons.count() - 1);
            break;
        case Qt::Key_Space: clock.togglePlay(); break;
        case Qt::Key_B: case Qt::Key_Period: toggleBlack(); break;
        case Qt::Key_N: toggleNotes(); break;
        case Qt::Key_L:
            if (!autoRepeat) setLaser(true);
            break;
        case Qt::Key_Escape: case Qt::Key_F5: leave(); break;
        default: return false;
    }
    return true;
}

}  // namespace flowlab::ui
