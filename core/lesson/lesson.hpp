#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "io/json.hpp"

namespace flowlab::core {

/// How playback runs within a step's time range.
enum class LessonLoop {
    Once,  ///< play from start to end and stop there
    Loop,  ///< jump back to start at the end
};

/// The time of one step: where t starts, where it ends, and whether it plays on its own.
struct LessonTime {
    double start = 0.0;            ///< in [0, 1]
    double end = 1.0;              ///< in [0, 1]; playback moves from start toward end
    bool play = false;             ///< start playing when the step is shown
    double secondsPerSweep = 4.0;  ///< wall seconds for t to cross [0, 1], in [0.25, 120]
    LessonLoop loop = LessonLoop::Once;

    bool operator==(const LessonTime& o) const {
        return start == o.start && end == o.end && play == o.play && secondsPerSweep == o.secondsPerSweep &&
               loop == o.loop;
    }
};

/// A point pinned at time t: the fan of SDE paths and the ODE path through it, and optionally
/// a teaching probe there.
struct LessonPin {
    double x = 0.0, y = 0.0;  ///< plane coordinates, within ±10⁴
    double t = 0.5;           ///< in [0, 1]
    /// "posterior" (p(k | x_t), the denoisers and b from them) or "conditional" (conditional vs
    /// marginal: one component's path and field u_t(x | x1) beside b); empty = no probe.
    std::string probe;
    /// The conditional probe's target component, from 1; 0 = the most probable at the pin.
    int component = 0;
    /// The conditional probe's target point x1 (plane coordinates) instead of a component: the
    /// path from x0 through the pin to x1 and the field u_t(x | x1). Needs "conditional".
    std::optional<std::array<double, 2>> x1;
    bool operator==(const LessonPin& o) const {
        return x == o.x && y == o.y && t == o.t && probe == o.probe && component == o.component && x1 == o.x1;
    }
};

/// One step of a lesson: what the plane shows and what is said about it. Every part but the
/// title is optional; a missing part keeps what the previous step showed (a lesson is played in
/// order, so step n's scene is step n−1's with step n's changes).
struct LessonStep {
    std::string title;    ///< shown in the heads-up display, e.g. "γ(t) and the latent z"
    std::string caption;  ///< one or two sentences under the title
    /// The formula of the step as TeX-like source ("x_t = \alpha(t) x_0 + …"); drawn by the UI's
    /// formula renderer. Empty: none.
    std::string formula;
    std::string notes;    ///< speaker notes (shown to the presenter only)
    /// A shipped scene's name ("linear-moons") or a scene file (relative to the lesson's folder)
    /// that replaces the current scene; empty = keep the current scene.
    std::string scene;
    /// Changes to the scene, as a partial scene file merged over it (RFC 7386 merge patch:
    /// objects merge key by key, any other value replaces). Null = none.
    JsonValue changes;
    /// View layers to set, by LayerVisibility name ("heatmap", "arrows", …); others keep theirs.
    std::vector<std::pair<std::string, bool>> layers;
    std::string arrows;   ///< "velocity", "score" or "denoiser"; empty = keep
    /// The compare layout: "single" or a comparison preset ("ode-vs-sde", "fm-vs-vp",
    /// "interpolants", "epsilons", "score-sde", "steps", "guidance", "exact-vs-learned"); empty = "single".
    std::string compare;
    LessonTime time;
    std::optional<LessonPin> pin;  ///< none = no pin
};

/// A lesson: an ordered list of steps to present (resources/lessons/*.json). Plain data.
struct Lesson {
    static constexpr int kFormatVersion = 1;
    static constexpr std::size_t kMaxSteps = 200;

    std::string title;
    std::vector<LessonStep> steps;
    std::string folder;  ///< where the lesson file lives (anchors relative scene files); not saved
};

/// The layer names a step may set (those of the UI's LayerVisibility).
const std::vector<std::string>& lessonLayerNames();
/// The compare layouts a step may name.
const std::vector<std::string>& lessonCompareLayouts();

/// "step 3 (“The score”)": how errors and the editor name a step (index from 0, shown from 1).
std::string lessonStepName(const LessonStep& step, std::size_t index);

JsonValue lessonToJson(const Lesson& lesson);
/// Parses a lesson; every refusal names the step and the field ("step 4 (“The score”): t.end
/// must be a number in [0, 1]"). Does not load the scenes (see checkLessonScenes).
Result<Lesson> lessonFromJson(const JsonValue& json, const std::string& folder = {});

/// The scene of step `index` given the scene shown before it (`previous`, a scene file's JSON):
/// the step's scene file or the previous one, its changes merged in, its layers and arrows set
/// in "view". Returns the scene JSON (checked by sceneFromJson) or the reason it fails.
Result<JsonValue> lessonStepScene(const Lesson& lesson, std::size_t index, const JsonValue& previous);

/// Applies an RFC 7386 merge patch: objects merge key by key (a null member deletes), any other
/// value replaces.
JsonValue applyMergePatch(const JsonValue& target, const JsonValue& patch);
/// The smallest merge patch that turns `from` into `to` (null when they are equal), so "add the
/// current state as a step" stores only what changed since the step before.
JsonValue mergePatchBetween(const JsonValue& from, const JsonValue& to);
/// The scene file a step names, resolved: relative to the lesson's folder, else a shipped scene.
std::string lessonSceneFile(const Lesson& lesson, const std::string& scene);

/// Walks every step from `start` (a scene JSON) and reports the first step whose scene cannot be
/// built, so a lesson with a bad scene is refused when it is opened, not in front of the audience.
Status checkLessonScenes(const Lesson& lesson, const JsonValue& start);

/// Reads, parses and checks a lesson file (at most 4 MiB), its scenes from the default scene.
Result<Lesson> loadLessonFile(const std::string& path);
/// Saves atomically: a failure leaves the previous file untouched.
Status saveLessonFile(const Lesson& lesson, const std::string& path);

/// The shipped lessons folder (dataDir()/lessons), or "" when there is none.
std::string shippedLessonsDir();
/// A path that exists as given, else a shipped lesson by name ("flow-matching"), else unchanged.
std::string findLesson(const std::string& nameOrPath);
/// The shipped lesson files, sorted.
std::vector<std::string> shippedLessons();

}  // namespace flowlab::core
