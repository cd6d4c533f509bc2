#include "lesson/lesson_controller.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "compare/compare_area.hpp"
#include "main/explorer_controller.hpp"
#include "main/main_window.hpp"
#include "main/scene_document.hpp"
#include "scene/scene.hpp"
#include "state/compare_layout.hpp"
#include "state/probe_builder.hpp"
#include "state/scene_export.hpp"
#include "state/scene_import.hpp"
#include "timeline/animation_clock.hpp"

namespace flowlab::ui {
namespace {

void setError(QString* error, const std::string& message) {
    if (error) *error = QString::fromStdString(message);
}

}  // namespace

LessonController::LessonController(MainWindow& window, QObject* parent) : QObject(parent), m_window(window) {
    m_animation.setDuration(kTransitionMs);
    m_animation.setStartValue(0.0);
    m_animation.setEndValue(1.0);
    m_animation.setEasingCurve(QEasingCurve::InOutCubic);
    connect(&m_animation, &QVariantAnimation::valueChanged, this, [this](const QVariant& v) { onAnimation(v.toDouble()); });
    connect(&m_animation, &QVariantAnimation::finished, this, &LessonController::startPlayback);
    connect(&m_window.clock(), &AnimationClock::tChanged, this, &LessonController::onTime);
}

bool LessonController::rebuildScenes(const core::Lesson& lesson, std::vector<core::JsonValue>& scenes,
                                     std::vector<std::string>& files, QString* error) const {
    scenes.clear();
    files.clear();
    core::JsonValue scene = core::sceneToJson(core::Scene{});
    std::string file;
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        auto next = core::lessonStepScene(lesson, i, scene);
        if (!next) {
            setError(error, next.message());
            return false;
        }
        if (!lesson.steps[i].scene.empty()) file = core::lessonSceneFile(lesson, lesson.steps[i].scene);
        scene = std::move(*next);
        scenes.push_back(scene);
        files.push_back(file);
    }
    return true;
}

bool LessonController::setLesson(core::Lesson lesson, const QString& path, QString* error) {
    std::vector<core::JsonValue> scenes;
    std::vector<std::string> files;
    if (!rebuildScenes(lesson, scenes, files, error)) return false;
    finishTransition();
    m_lesson = std::move(lesson);
    m_path = path;
    m_scenes = std::move(scenes);
    m_sceneFiles = std::move(files);
    m_current = -1;
    m_rangeActive = false;
    emit lessonChanged();
    return true;
}

bool LessonController::restoreLesson(core::Lesson lesson, const QString& path, int shown) {
    if (!setLesson(std::move(lesson), path)) return false;
    m_current = shown >= 0 && shown < count() ? shown : -1;
    return true;
}

bool LessonController::openLesson(const QString& path, QString* error) {
    auto lesson = core::loadLessonFile(path.toStdString());
    if (!lesson) {
        setError(error, lesson.message());
        return false;
    }
    return setLesson(std::move(*lesson), path, error);
}

const core::LessonStep* LessonController::step(int index) const {
    if (index < 0 || index >= count()) return nullptr;
    return &m_lesson.steps[std::size_t(index)];
}

bool LessonController::goTo(int index, bool animate, QString* error) {
    const core::LessonStep* st = step(index);
    if (!st) {
        setError(error, "the lesson has no step " + std::to_string(index + 1));
        return false;
    }
    finishTransition();
    const std::string& file = m_sceneFiles[std::size_t(index)];
    auto scene = core::sceneFromJson(m_scenes[std::size_t(index)], core::parentFolder(file));
    if (!scene) {
        setError(error, core::lessonStepName(*st, std::size_t(index)) + ": " + scene.message());
        return false;
    }
    const ExplorerSettings before = m_window.controller().settings();
    auto settings = settingsFromScene(*scene, file, before);
    if (!settings) {
        setError(error, core::lessonStepName(*st, std::size_t(index)) + ": " + settings.message());
        return false;
    }
    ExplorerSettings s = *settings;
    s.view.theme = before.view.theme;  // the look is the presenter's choice (projector), not the lesson's
    s.playback.secondsPerSweep = st->time.secondsPerSweep;
    s.playback.loopMode = LoopMode::Once;
    const bool sameSimulation = s.scene == before.scene;
    // Animate only what stays the same picture: one simulation, one compare layout.
    const core::LessonStep* shown = step(m_current);
    const auto layoutOf = [](const core::LessonStep* x) { return x->compare.empty() ? std::string("single") : x->compare; };
    const bool sameLayout = shown && layoutOf(shown) == layoutOf(st);
    const bool animateNow = animate && sameSimulation && sameLayout;
    m_toCamera = s.view.camera;
    m_fromCamera = before.view.camera;
    if (animateNow) s.view.camera = before.view.camera;

    // A step that would drop an unsaved image network asks first; Cancel shows nothing new, Save
    // shows the step once the file is written.
    if (!m_window.mayReplaceScene(s, tr("showing step %1 of the lesson").arg(index + 1),
                                  [this, index, animate] { goTo(index, animate); })) {
        if (error) error->clear();
        return false;
    }
    // The scene's own unsaved changes are asked about too; Cancel keeps them on screen. Before
    // the lesson that is any change of the lecturer's scene; during it, a change of a step's
    // scene (a density drawn, a method changed), not a pan, a zoom, a pin or a layer toggled.
    const bool ask = m_current < 0 ? m_window.document().isModified() : m_window.document().sceneChanged();
    if (ask && !m_window.maybeSaveChanges()) {
        if (error) error->clear();
        return false;
    }
    AnimationClock& clock = m_window.clock();
    clock.pause();
    m_rangeActive = false;
    if (!m_window.applySettings(s)) {
        setError(error, core::lessonStepName(*st, std::size_t(index)) + ": " + m_window.controller().status().error.toStdString());
        return false;
    }
    // The compare layout, on the step's settings.
    const std::string layout = st->compare.empty() ? std::string("single") : st->compare;
    if (layout == "single") {
        if (m_window.compareArea().panelCount() > 1) m_window.setCompareLayout(1);
    } else if (auto preset = parseComparePreset(layout)) {
        m_window.runComparison(*preset);
    }
    m_window.controller().clearPin();
    m_window.compareArea().clearPin();
    if (st->pin) {
        const QPointF at(st->pin->x, st->pin->y);
        m_window.controller().pin(at, st->pin->t);
        m_window.compareArea().pin(at, st->pin->t);
    }
    // A probe lives at the step's pin; a step without one shows none.
    const std::string probe = st->pin ? st->pin->probe : std::string();
    std::optional<QPointF> x1;
    if (st->pin && st->pin->x1) x1 = QPointF((*st->pin->x1)[0], (*st->pin->x1)[1]);
    m_window.setProbe(probe == "posterior" ? ProbeMode::Posterior : probe == "conditional" ? ProbeMode::Conditional : ProbeMode::Off,
                      st->pin ? st->pin->component - 1 : -1, x1);
    // The step is an untitled scene with nothing to save: Save asks for a new file (a lesson's
    // scene files are never overwritten) and a change made now is asked about before the next
    // step replaces it. Its camera is the one the transition ends on.
    ExplorerSettings stepScene = m_window.controller().settings();
    stepScene.view.camera = m_toCamera;
    m_window.document().setClean(QString(), stepScene);
    m_current = index;
    m_fromT = clock.t();
    m_toT = st->time.start;
    if (animateNow && (m_fromCamera != m_toCamera || std::abs(m_fromT - m_toT) > 1e-9)) {
        m_animation.start();
    } else {
        m_window.controller().setCamera(m_toCamera);
        m_window.compareArea().setCamera(m_toCamera);
        clock.setT(m_toT);
        startPlayback();
    }
    emit stepChanged(index);
    return true;
}

void LessonController::onAnimation(double u) {
    // The zoom moves geometrically, so a zoom by 4 looks as even as a zoom by 2.
    Camera c;
    c.centerX = m_fromCamera.centerX + u * (m_toCamera.centerX - m_fromCamera.centerX);
    c.centerY = m_fromCamera.centerY + u * (m_toCamera.centerY - m_fromCamera.centerY);
    c.halfExtent = m_fromCamera.halfExtent * std::pow(m_toCamera.halfExtent / m_fromCamera.halfExtent, u);
    if (u >= 1.0) c = m_toCamera;
    m_window.controller().setCamera(c);
    m_window.compareArea().setCamera(c);
    m_window.clock().setT(u >= 1.0 ? m_toT : m_fromT + u * (m_toT - m_fromT));
}

void LessonController::finishTransition() {
    if (!isAnimating()) return;
    m_animation.stop();
    onAnimation(1.0);
    startPlayback();
}

void LessonController::startPlayback() {
    const core::LessonStep* st = step(m_current);
    if (!st || !st->time.play || st->time.start == st->time.end) return;
    m_rangeActive = true;
    m_window.clock().play();
}

void LessonController::onTime(double t) {
    const core::LessonStep* st = step(m_current);
    if (!m_rangeActive || !st || isAnimating() || !m_window.clock().isPlaying()) return;
    const double end = st->time.end;
    const bool rising = st->time.end > st->time.start;
    if (rising ? t < end : t > end) return;
    if (st->time.loop == core::LessonLoop::Loop) {
        m_window.clock().setT(st->time.start);
    } else {
        m_rangeActive = false;
        m_window.clock().pause();
        m_window.clock().setT(end);
    }
}

bool LessonController::next() { return goTo(m_current + 1); }

bool LessonController::previous() { return m_current > 0 && goTo(m_current - 1); }

core::JsonValue LessonController::currentScene() const {
    auto scene = sceneFromSettings(m_window.controller().settings(), std::string());
    return scene ? core::sceneToJson(*scene) : core::sceneToJson(core::Scene{});
}

bool LessonController::setStepsShowing(std::vector<core::LessonStep> steps, const std::vector<core::JsonValue>& scenes,
                                       QString* error) {
    if (scenes.size() != steps.size()) {
        setError(error, "internal: one scene per step expected");
        return false;
    }
    core::JsonValue previous = core::sceneToJson(core::Scene{});
    for (std::size_t i = 0; i < steps.size(); ++i) {
        core::LessonStep& st = steps[i];
        if (st.scene.empty()) {
            const core::JsonValue patch = core::mergePatchBetween(previous, scenes[i]);
            // Format and version are the file's, not a change.
            core::JsonValue::Object kept;
            if (patch.isObject())
                for (const auto& kv : patch.asObject())
                    if (kv.first != "format" && kv.first != "version") kept.push_back(kv);
            st.changes = kept.empty() ? core::JsonValue() : core::JsonValue(std::move(kept));
        }
        previous = scenes[i];
    }
    return setSteps(std::move(steps), error);
}

core::LessonStep LessonController::captureStep(const QString& title) const {
    core::LessonStep st;
    st.title = title.toStdString();
    const ExplorerSettings& s = m_window.controller().settings();
    const core::LessonStep* shown = step(m_current);
    st.compare = m_window.compareArea().panelCount() > 1 && shown ? shown->compare : std::string();
    st.time.start = m_window.clock().t();
    st.time.end = s.scene.direction == Direction::Generate ? 1.0 : 0.0;
    st.time.secondsPerSweep = m_window.clock().secondsPerSweep();
    // The pin and the probe at it, as the window shows them.
    if (const auto pinned = m_window.controller().pinned()) {
        core::LessonPin pin;
        pin.x = pinned->first.x();
        pin.y = pinned->first.y();
        pin.t = std::clamp(pinned->second, 0.0, 1.0);
        const ProbeMode mode = m_window.controller().probeMode();
        pin.probe = mode == ProbeMode::Posterior ? "posterior" : mode == ProbeMode::Conditional ? "conditional" : "";
        if (mode == ProbeMode::Conditional) {
            if (const auto& x1 = m_window.controller().probeTargetPoint()) pin.x1 = std::array<double, 2>{x1->x(), x1->y()};
            else pin.component = std::max(0, m_window.controller().probeComponent() + 1);
        }
        st.pin = pin;
    }
    return st;
}

bool LessonController::setSteps(std::vector<core::LessonStep> steps, QString* error) {
    core::Lesson edited = m_lesson;
    edited.steps = std::move(steps);
    std::vector<core::JsonValue> scenes;
    std::vector<std::string> files;
    if (!rebuildScenes(edited, scenes, files, error)) return false;
    m_lesson = std::move(edited);
    m_scenes = std::move(scenes);
    m_sceneFiles = std::move(files);
    if (m_current >= count()) m_current = count() - 1;
    emit lessonChanged();
    return true;
}

void LessonController::setTitle(const QString& title) {
    m_lesson.title = title.toStdString();
    emit lessonChanged();
}

bool LessonController::save(const QString& path, QString* error) {
    if (auto s = core::saveLessonFile(m_lesson, path.toStdString()); !s) {
        setError(error, s.message());
        return false;
    }
    m_path = path;
    m_lesson.folder = core::parentFolder(path.toStdString());
    return true;
}

}  // namespace flowlab::ui
