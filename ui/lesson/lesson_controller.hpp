#pragma once

#include <QObject>
#include <QString>
#include <QVariantAnimation>

#include <vector>

#include "io/json.hpp"
#include "lesson/lesson.hpp"
#include "view/camera.hpp"

namespace flowlab::ui {

class MainWindow;

/// Plays a lesson in the window: stepping applies a step's scene, layers, compare layout, pin,
/// time range and playback. From one step to the next it animates t and the camera when the
/// simulation stays the same (only the view or the time changes), else it cuts. Every step's
/// scene is built when the lesson is set, so a step that cannot be shown is refused up front.
class LessonController : public QObject {
    Q_OBJECT
public:
    /// How long the animated transition between two steps takes.
    static constexpr int kTransitionMs = 700;

    explicit LessonController(MainWindow& window, QObject* parent = nullptr);

    /// Takes a lesson (from `path`; empty for a new one) and shows no step yet. A lesson with a
    /// step that cannot be built is refused with the reason and the previous one stays.
    bool setLesson(core::Lesson lesson, const QString& path, QString* error = nullptr);
    /// Puts back a lesson taken before (a lesson change the user cancelled) with `shown` as the
    /// step the window still shows (−1: none), without showing anything.
    bool restoreLesson(core::Lesson lesson, const QString& path, int shown);
    /// Reads, checks and takes a lesson file.
    bool openLesson(const QString& path, QString* error = nullptr);
    bool hasLesson() const { return !m_lesson.steps.empty(); }
    const core::Lesson& lesson() const { return m_lesson; }
    const QString& path() const { return m_path; }
    int count() const { return int(m_lesson.steps.size()); }
    /// The step shown (from 0), −1 before the first.
    int current() const { return m_current; }
    const core::LessonStep* step(int index) const;

    /// Shows step `index`; `animate` = false cuts. False (with the reason) when it cannot, and
    /// false with an empty reason when the step would drop an unsaved image network and the user
    /// cancelled, or chose Save (the step is shown once the file is written): see
    /// MainWindow::mayReplaceScene.
    bool goTo(int index, bool animate = true, QString* error = nullptr);
    bool next();
    bool previous();
    /// True while a transition animates t or the camera.
    bool isAnimating() const { return m_animation.state() == QAbstractAnimation::Running; }
    /// Ends a running transition at its end state.
    void finishTransition();

    /// The window's current state as a step titled `title`: the scene as changes since the step
    /// shown (or since the default scene), the layers, the compare layout, the time, and the
    /// pinned point with its probe (kind, target component or target point x1).
    core::LessonStep captureStep(const QString& title) const;
    /// Replaces the steps (the editor's edits); refused like setLesson when a step cannot be built.
    bool setSteps(std::vector<core::LessonStep> steps, QString* error = nullptr);
    /// Replaces the steps, each with the scene it must show (`scenes[i]`, scene JSON): the changes
    /// of every step without its own scene file are recomputed from the step before, so that
    /// reordering, inserting or removing steps keeps what each step shows.
    bool setStepsShowing(std::vector<core::LessonStep> steps, const std::vector<core::JsonValue>& scenes,
                         QString* error = nullptr);
    /// The scene JSON step `index` shows.
    const core::JsonValue& stepScene(int index) const { return m_scenes[std::size_t(index)]; }
    /// The window's current scene as scene JSON.
    core::JsonValue currentScene() const;
    void setTitle(const QString& title);
    /// Saves to `path` atomically; the lesson's path becomes `path` on success.
    bool save(const QString& path, QString* error = nullptr);

signals:
    void lessonChanged();
    void stepChanged(int index);

private:
    bool rebuildScenes(const core::Lesson& lesson, std::vector<core::JsonValue>& scenes,
                       std::vector<std::string>& files, QString* error) const;
    void startPlayback();
    void onTime(double t);
    void onAnimation(double u);

    MainWindow& m_window;
    core::Lesson m_lesson;
    QString m_path;
    std::vector<core::JsonValue> m_scenes;  // every step's scene JSON
    std::vector<std::string> m_sceneFiles;  // the file each step's scene came from ("" = none)
    int m_current = -1;
    QVariantAnimation m_animation;
    Camera m_fromCamera, m_toCamera;
    double m_fromT = 0.0, m_toT = 0.0;
    bool m_rangeActive = false;  // playback is watched for the step's end
};

}  // namespace flowlab::ui
