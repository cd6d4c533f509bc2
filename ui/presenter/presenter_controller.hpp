#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRect>
#include <QString>

class QDockWidget;
class QScreen;
class QWidget;

namespace flowlab::ui {

class BlackScreen;
class LaserPointer;
class LessonController;
class MainWindow;
class NotesOverlay;
class PresenterConsole;
class PresenterHud;

/// Presenter mode: the plane (or the compare panels) full screen on the chosen screen, docks,
/// menus, status bar and timeline hidden, a heads-up display under the plane, and text boosted
/// for a hall. With a second screen the laptop shows a console (speaker notes, next step,
/// controls); with one, N toggles the notes over the plane. Leaving restores the window exactly:
/// geometry, window state and every dock.
///
/// Keys while presenting (what presentation remotes send):
///   PageDown, →, ↓   next lesson step (without a lesson: one frame forward)
///   PageUp, ←, ↑     previous step (without a lesson: one frame back)
///   Space            play / pause t
///   Home, End        first / last step
///   B or .           black screen on / off
///   L (hold)         laser pointer: a bright dot with a short tail follows the mouse
///   N                speaker notes over the plane on / off
///   Ctrl + − 0       text scale
///   Esc, F5          leave
class PresenterController : public QObject {
    Q_OBJECT
public:
    /// Presenter text over the window's at the same size: the plane's text for a hall.
    static constexpr double kTextBoost = 1.6;

    PresenterController(MainWindow& window, LessonController& lessons, QObject* parent = nullptr);
    ~PresenterController() override;

    /// Enters presenter mode on `screen` (null: the projector — another screen than the
    /// window's when there are two or more — else the window's). `fullScreen` = false keeps the
    /// window's size (offscreen screenshots at --size).
    void enter(QScreen* screen = nullptr, bool fullScreen = true);
    void leave();
    void toggle();
    bool isPresenting() const { return m_presenting; }

    void toggleBlack();
    bool isBlack() const;
    void toggleNotes();
    bool notesShown() const;
    void setLaser(bool on);
    bool laserOn() const;
    /// The console on the laptop screen (null with one screen or outside presenter mode).
    PresenterConsole* console() const;
    PresenterHud& hud() const { return *m_hud; }

    /// Updates the HUD and the notes from the lesson and the scene (the window calls it when
    /// the text scale or the theme changes).
    void refresh();

signals:
    void presentingChanged(bool presenting);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    bool handleKey(int key, Qt::KeyboardModifiers modifiers, bool press, bool autoRepeat);
    void placeOverlays();
    void setBoost(double boost);
    /// Moves the window to `screen` (re-created there when it is another X screen).
    void moveToScreen(QScreen* screen);

    MainWindow& m_window;
    LessonController& m_lessons;
    bool m_presenting = false;
    PresenterHud* m_hud = nullptr;
    NotesOverlay* m_notes = nullptr;
    BlackScreen* m_black = nullptr;
    LaserPointer* m_laser = nullptr;
    QPointer<PresenterConsole> m_console;
    // What leaving restores.
    QPointer<QScreen> m_screen;
    QByteArray m_geometry;
    QRect m_normalGeometry;
    QByteArray m_state;
    Qt::WindowStates m_windowState;
    QList<QWidget*> m_hidden;  // widgets hidden on entering (shown again on leaving)
};

}  // namespace flowlab::ui
