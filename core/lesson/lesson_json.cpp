// Lesson files: JSON in and out, with a refusal that names the step and the field.
#include <cmath>
#include <set>

#include "formula/formula_tree.hpp"
#include "lesson/lesson.hpp"

namespace flowlab::core {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxCaption = 1000;
constexpr std::size_t kMaxFormula = 500;
constexpr std::size_t kMaxNotes = 8000;
constexpr std::size_t kMaxScene = 1000;
constexpr double kMaxPinCoordinate = 1e4;
constexpr double kMaxComponent = 1e4;  // a conditional probe's component number (from 1)

const std::vector<std::string> kStepKeys = {"title", "caption", "formula", "notes", "scene", "changes",
                                            "layers", "arrows", "compare", "t", "pin"};
const std::vector<std::string> kTimeKeys = {"start", "end", "play", "secondsPerSweep", "loop"};
const std::vector<std::string> kChangeKeys = {"title", "kind", "images", "base", "target", "interpolant", "sampler", "camera", "view"};

bool contains(const std::vector<std::string>& list, const std::string& s) {
    for (const auto& x : list)
        if (x == s) return true;
    return false;
}

std::string joined(const std::vector<std::string>& list) {
    std::string out;
    for (const auto& x : list) out += (out.empty() ? "" : ", ") + x;
    return out;
}

/// Typed reads of one object's members; every error is prefixed with `where` and the key.
class Reader {
public:
    Reader(const JsonValue& object, std::string where) : m_obj(object), m_where(std::move(where)) {}

    Status onlyKeys(const std::vector<std::string>& allowed, const std::string& prefix = {}) const {
        for (const auto& [key, value] : m_obj.asObject()) {
            (void)value;
            if (!contains(allowed, key))
                return Error{m_where + ": unknown field '" + prefix + key + "' (known: " + joined(allowed) + ")"};
        }
        return {};
    }
    Result<std::string> text(const std::string& key, std::size_t maxLength, const std::string& field) const {
        const JsonValue* v = m_obj.find(key);
        if (!v) return std::string();
        if (!v->isString()) return Error{m_where + ": " + field + " must be a string"};
        if (v->asString().size() > maxLength)
            return Error{m_where + ": " + field + " is longer than " + std::to_string(maxLength) + " characters"};
        return v->asString();
    }
    Result<double> number(const std::string& key, double fallback, double lo, double hi, const std::string& field) const {
        const JsonValue* v = m_obj.find(key);
        if (!v) return fallback;
        if (!v->isNumber() || !std::isfinite(v->asNumber()) || v->asNumber() < lo || v->asNumber() > hi)
            return Error{m_where + ": " + field + " must be a number in [" + shortNumber(lo) + ", " + shortNumber(hi) + "]"};
        return v->asNumber();
    }
    Result<bool> boolean(const std::string& key, bool fallback, const std::string& field) const {
        const JsonValue* v = m_obj.find(key);
        if (!v) return fallback;
        if (!v->isBool()) return Error{m_where + ": " + field + " must be true or false"};
        return v->asBool();
    }
    const std::string& where() const { return m_where; }

private:
    static std::string shortNumber(double v) {
        std::string s = std::to_string(v);
        while (s.size() > 1 && s.back() == '0') s.pop_back();
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
    }
    const JsonValue& m_obj;
    std::string m_where;
};

#define FLOWLAB_LESSON_TRY(var, expr)              \
    auto var##Result = (expr);                     \
    if (!var##Result) return var##Result.error();  \
    auto var = std::move(var##Result.value())

Result<LessonTime> timeFromJson(const JsonValue& j, const std::string& where) {
    if (!j.isObject()) return Error{where + ": t must be an object {\"start\", \"end\", \"play\", …}"};
    const Reader r(j, where);
    if (auto s = r.onlyKeys(kTimeKeys, "t."); !s) return Error{s.message()};
    LessonTime t;
    FLOWLAB_LESSON_TRY(start, r.number("start", t.start, 0.0, 1.0, "t.start"));
    FLOWLAB_LESSON_TRY(end, r.number("end", t.end, 0.0, 1.0, "t.end"));
    FLOWLAB_LESSON_TRY(play, r.boolean("play", t.play, "t.play"));
    FLOWLAB_LESSON_TRY(sweep, r.number("secondsPerSweep", t.secondsPerSweep, 0.25, 120.0, "t.secondsPerSweep"));
    FLOWLAB_LESSON_TRY(loop, r.text("loop", 16, "t.loop"));
    if (!loop.empty() && loop != "once" && loop != "loop")
        return Error{where + ": t.loop must be \"once\" or \"loop\", got \"" + loop + "\""};
    t.start = start;
    t.end = end;
    t.play = play;
    t.secondsPerSweep = sweep;
    t.loop = loop == "loop" ? LessonLoop::Loop : LessonLoop::Once;
    return t;
}

Result<LessonPin> pinFromJson(const JsonValue& j, const std::string& where) {
    if (!j.isObject()) return Error{where + ": pin must be an object {\"x\", \"y\", \"t\"}"};
    const Reader r(j, where);
    if (auto s = r.onlyKeys({"x", "y", "t", "probe", "component", "x1"}, "pin."); !s) return Error{s.message()};
    if (!j.find("x") || !j.find("y")) return Error{where + ": pin needs both x and y"};
    LessonPin p;
    FLOWLAB_LESSON_TRY(x, r.number("x", 0.0, -kMaxPinCoordinate, kMaxPinCoordinate, "pin.x"));
    FLOWLAB_LESSON_TRY(y, r.number("y", 0.0, -kMaxPinCoordinate, kMaxPinCoordinate, "pin.y"));
    FLOWLAB_LESSON_TRY(t, r.number("t", p.t, 0.0, 1.0, "pin.t"));
    p.x = x;
    p.y = y;
    p.t = t;
    FLOWLAB_LESSON_TRY(probe, r.text("probe", 16, "pin.probe"));
    if (!probe.empty() && probe != "posterior" && probe != "conditional")
        return Error{where + ": pin.probe must be \"posterior\" or \"conditional\", got \"" + probe + "\""};
    p.probe = probe;
    if (j.find("component")) {
        FLOWLAB_LESSON_TRY(component, r.number("component", 0.0, 1.0, kMaxComponent, "pin.component"));
        if (probe != "conditional") return Error{where + ": pin.component needs \"probe\": \"conditional\""};
        if (component != std::floor(component)) return Error{where + ": pin.component must be a whole number"};
        p.component = int(component);
    }
    if (const JsonValue* x1 = j.find("x1")) {
        const auto coordinate = [](const JsonValue& v) {
            return v.isNumber() && std::isfinite(v.asNumber()) && std::abs(v.asNumber()) <= kMaxPinCoordinate;
        };
        if (!x1->isArray() || x1->asArray().size() != 2 || !coordinate(x1->asArray()[0]) || !coordinate(x1->asArray()[1]))
            return Error{where + ": pin.x1 must be a point [x, y] with coordinates in [-10000, 10000]"};
        if (probe != "conditional") return Error{where + ": pin.x1 needs \"probe\": \"conditional\""};
        if (p.component > 0) return Error{where + ": pin.x1 and pin.component exclude each other (a point or a component)"};
        p.x1 = std::array<double, 2>{x1->asArray()[0].asNumber(), x1->asArray()[1].asNumber()};
    }
    return p;
}

Result<LessonStep> stepFromJson(const JsonValue& j, std::size_t index) {
    std::string where = "step " + std::to_string(index + 1);
    if (!j.isObject()) return Error{where + ": a step must be an object"};
    if (const JsonValue* t = j.find("title"); t && t->isString() && !t->asString().empty())
        where = lessonStepName(LessonStep{t->asString(), {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}, index);
    const Reader r(j, where);
    if (auto s = r.onlyKeys(kStepKeys); !s) return Error{s.message()};
    LessonStep step;
    FLOWLAB_LESSON_TRY(title, r.text("title", kMaxTitle, "title"));
    if (title.empty()) return Error{where + ": title is missing or empty (every step needs a title)"};
    FLOWLAB_LESSON_TRY(caption, r.text("caption", kMaxCaption, "caption"));
    FLOWLAB_LESSON_TRY(formula, r.text("formula", kMaxFormula, "formula"));
    // A formula is typeset (docs: core/formula's syntax); one that would show as raw source is refused.
    if (!formula.empty()) {
        if (auto parsed = parseFormula(formula); !parsed) return Error{where + ": formula: " + parsed.message()};
    }
    FLOWLAB_LESSON_TRY(notes, r.text("notes", kMaxNotes, "notes"));
    FLOWLAB_LESSON_TRY(scene, r.text("scene", kMaxScene, "scene"));
    if (j.find("scene") && scene.empty()) return Error{where + ": scene must name a scene (or be left out)"};
    step.title = title;
    step.caption = caption;
    step.formula = formula;
    step.notes = notes;
    step.scene = scene;
    if (const JsonValue* c = j.find("changes")) {
        if (!c->isObject()) return Error{where + ": changes must be an object (a partial scene file)"};
        const Reader cr(*c, where);
        if (auto s = cr.onlyKeys(kChangeKeys, "changes."); !s) return Error{s.message()};
        step.changes = *c;
    }
    if (const JsonValue* l = j.find("layers")) {
        if (!l->isObject()) return Error{where + ": layers must be an object of true/false by layer name"};
        for (const auto& [name, value] : l->asObject()) {
            if (!contains(lessonLayerNames(), name))
                return Error{where + ": layers." + name + " is not a layer (known: " + joined(lessonLayerNames()) + ")"};
            if (!value.isBool()) return Error{where + ": layers." + name + " must be true or false"};
            step.layers.emplace_back(name, value.asBool());
        }
    }
    FLOWLAB_LESSON_TRY(arrows, r.text("arrows", 16, "arrows"));
    if (!arrows.empty() && arrows != "velocity" && arrows != "score" && arrows != "denoiser")
        return Error{where + ": arrows must be \"velocity\", \"score\" or \"denoiser\", got \"" + arrows + "\""};
    step.arrows = arrows;
    FLOWLAB_LESSON_TRY(compare, r.text("compare", 32, "compare"));
    if (!compare.empty() && !contains(lessonCompareLayouts(), compare))
        return Error{where + ": compare must be one of " + joined(lessonCompareLayouts()) + ", got \"" + compare + "\""};
    step.compare = compare;
    if (const JsonValue* t = j.find("t")) {
        FLOWLAB_LESSON_TRY(time, timeFromJson(*t, where));
        step.time = time;
    }
    if (const JsonValue* p = j.find("pin")) {
        FLOWLAB_LESSON_TRY(pin, pinFromJson(*p, where));
        step.pin = pin;
    }
    return step;
}

JsonValue stepToJson(const LessonStep& s) {
    JsonValue j;
    j.set("title", s.title);
    if (!s.caption.empty()) j.set("caption", s.caption);
    if (!s.formula.empty()) j.set("formula", s.formula);
    if (!s.notes.empty()) j.set("notes", s.notes);
    if (!s.scene.empty()) j.set("scene", s.scene);
    if (s.changes.isObject()) j.set("changes", s.changes);
    if (!s.layers.empty()) {
        JsonValue layers;
        for (const auto& [name, on] : s.layers) layers.set(name, on);
        j.set("layers", std::move(layers));
    }
    if (!s.arrows.empty()) j.set("arrows", s.arrows);
    if (!s.compare.empty()) j.set("compare", s.compare);
    JsonValue t;
    t.set("start", s.time.start);
    t.set("end", s.time.end);
    t.set("play", s.time.play);
    t.set("secondsPerSweep", s.time.secondsPerSweep);
    t.set("loop", s.time.loop == LessonLoop::Loop ? "loop" : "once");
    j.set("t", std::move(t));
    if (s.pin) {
        JsonValue p;
        p.set("x", s.pin->x);
        p.set("y", s.pin->y);
        p.set("t", s.pin->t);
        if (!s.pin->probe.empty()) p.set("probe", s.pin->probe);
        if (s.pin->component > 0) p.set("component", double(s.pin->component));
        if (s.pin->x1) p.set("x1", JsonValue(JsonValue::Array{JsonValue((*s.pin->x1)[0]), JsonValue((*s.pin->x1)[1])}));
        j.set("pin", std::move(p));
    }
    return j;
}

}  // namespace

const std::vector<std::string>& lessonLayerNames() {
    static const std::vector<std::string> names = {"heatmap", "grid",      "streamlines", "arrows", "trails",
                                                   "trajectories", "particles", "bridge", "pinned", "legend"};
    return names;
}

const std::vector<std::string>& lessonCompareLayouts() {
    static const std::vector<std::string> names = {"single",   "ode-vs-sde", "fm-vs-vp", "interpolants",    "epsilons",
                                                   "score-sde", "steps",      "guidance", "exact-vs-learned"};
    return names;
}

std::string lessonStepName(const LessonStep& step, std::size_t index) {
    std::string s = "step " + std::to_string(index + 1);
    if (!step.title.empty()) s += " (\xe2\x80\x9c" + step.title + "\xe2\x80\x9d)";
    return s;
}

JsonValue lessonToJson(const Lesson& lesson) {
    JsonValue j;
    j.set("format", "flowlab-lesson");
    j.set("version", Lesson::kFormatVersion);
    j.set("title", lesson.title);
    JsonValue steps = JsonValue::Array{};
    for (const auto& s : lesson.steps) steps.push(stepToJson(s));
    j.set("steps", std::move(steps));
    return j;
}

Result<Lesson> lessonFromJson(const JsonValue& json, const std::string& folder) {
    if (!json.isObject()) return Error{"a lesson must be a JSON object"};
    const JsonValue* format = json.find("format");
    if (!format || !format->isString() || format->asString() != "flowlab-lesson")
        return Error{"not a FlowLab lesson (\"format\" must be \"flowlab-lesson\")"};
    const JsonValue* version = json.find("version");
    if (!version || !version->isNumber() || version->asNumber() != std::floor(version->asNumber()))
        return Error{"the lesson has no whole-number \"version\""};
    if (version->asNumber() != Lesson::kFormatVersion) {
        return Error{"unsupported lesson version " + std::to_string(static_cast<long long>(version->asNumber())) +
                     " (this FlowLab reads version " + std::to_string(Lesson::kFormatVersion) + ")"};
    }
    const Reader top(json, "lesson");
    if (auto s = top.onlyKeys({"format", "version", "title", "steps"}); !s) return Error{s.message()};
    Lesson lesson;
    lesson.folder = folder;
    FLOWLAB_LESSON_TRY(title, top.text("title", kMaxTitle, "title"));
    if (title.empty()) return Error{"lesson: title is missing or empty"};
    lesson.title = title;
    const JsonValue* steps = json.find("steps");
    if (!steps || !steps->isArray()) return Error{"lesson: steps must be an array of steps"};
    if (steps->asArray().empty()) return Error{"lesson: steps is empty (a lesson needs at least one step)"};
    if (steps->asArray().size() > Lesson::kMaxSteps)
        return Error{"lesson: more than " + std::to_string(Lesson::kMaxSteps) + " steps"};
    for (std::size_t i = 0; i < steps->asArray().size(); ++i) {
        FLOWLAB_LESSON_TRY(step, stepFromJson(steps->asArray()[i], i));
        lesson.steps.push_back(std::move(step));
    }
    return lesson;
}

}  // namespace flowlab::core
