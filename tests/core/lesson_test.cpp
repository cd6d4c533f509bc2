// Lessons (issue 13): parsing, refusals that name the step and the field, a fuzz of mutated
// files, merge patches, and every shipped lesson loading with every step's scene buildable.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "io/file_io.hpp"
#include "lesson/lesson.hpp"
#include "scene/scene.hpp"

namespace flowlab {
namespace {

namespace fs = std::filesystem;

std::string shipped(const std::string& name) {
    return std::string(FLOWLAB_SOURCE_DIR) + "/resources/lessons/" + name + ".json";
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A small valid lesson with two steps.
core::JsonValue smallLesson() {
    auto j = core::parseJson(R"({
      "format": "flowlab-lesson", "version": 1, "title": "Small",
      "steps": [
        {"title": "First", "caption": "c", "formula": "x_t = (1-t) x_0 + t x_1", "notes": "n",
         "changes": {"target": {"spec": "moons"}, "interpolant": {"family": "linear", "gamma": "zero"}},
         "layers": {"bridge": true, "arrows": false}, "arrows": "score",
         "t": {"start": 0.25, "end": 0.75, "play": true, "secondsPerSweep": 5, "loop": "loop"}},
        {"title": "Second", "compare": "ode-vs-sde", "pin": {"x": 1, "y": -2, "t": 0.5, "probe": "conditional", "component": 3},
         "changes": {"interpolant": {"gamma": "brownian"}}}
      ]})");
    return *j;
}

std::string refusal(const std::string& text) {
    auto j = core::parseJson(text);
    if (!j) return "json: " + j.message();
    auto l = core::lessonFromJson(*j);
    return l ? std::string() : l.message();
}

TEST(Lesson, smallLesson_parsesEveryField) {
    auto lesson = core::lessonFromJson(smallLesson());
    ASSERT_TRUE(lesson.ok()) << lesson.message();
    ASSERT_EQ(lesson->steps.size(), 2u);
    const core::LessonStep& a = lesson->steps[0];
    EXPECT_EQ(a.title, "First");
    EXPECT_EQ(a.formula, "x_t = (1-t) x_0 + t x_1");
    EXPECT_EQ(a.arrows, "score");
    ASSERT_EQ(a.layers.size(), 2u);
    EXPECT_EQ(a.layers[0], std::make_pair(std::string("bridge"), true));
    EXPECT_DOUBLE_EQ(a.time.start, 0.25);
    EXPECT_DOUBLE_EQ(a.time.end, 0.75);
    EXPECT_TRUE(a.time.play);
    EXPECT_EQ(a.time.loop, core::LessonLoop::Loop);
    EXPECT_FALSE(a.pin.has_value());
    const core::LessonStep& b = lesson->steps[1];
    EXPECT_EQ(b.compare, "ode-vs-sde");
    ASSERT_TRUE(b.pin.has_value());
    EXPECT_DOUBLE_EQ(b.pin->y, -2.0);
    EXPECT_EQ(b.pin->probe, "conditional");
    EXPECT_EQ(b.pin->component, 3);
}

TEST(Lesson, roundTrip_keepsTheLesson) {
    auto lesson = core::lessonFromJson(smallLesson());
    ASSERT_TRUE(lesson.ok());
    auto again = core::lessonFromJson(core::lessonToJson(*lesson));
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(core::lessonToJson(*again).dump(), core::lessonToJson(*lesson).dump());
    EXPECT_TRUE(again->steps[0].time == lesson->steps[0].time);
    EXPECT_TRUE(*again->steps[1].pin == *lesson->steps[1].pin);
}

TEST(Lesson, pinTargetPoint_parsesAndRoundTrips) {
    auto j = core::parseJson(R"({"format": "flowlab-lesson", "version": 1, "title": "P", "steps": [
        {"title": "x1", "pin": {"x": 0.5, "y": -1, "t": 0.4, "probe": "conditional", "x1": [2.5, -3.25]}}]})");
    ASSERT_TRUE(j.ok());
    auto lesson = core::lessonFromJson(*j);
    ASSERT_TRUE(lesson.ok()) << lesson.message();
    const core::LessonPin& pin = *lesson->steps[0].pin;
    ASSERT_TRUE(pin.x1.has_value());
    EXPECT_EQ((*pin.x1)[0], 2.5);
    EXPECT_EQ((*pin.x1)[1], -3.25);
    EXPECT_EQ(pin.component, 0);
    auto again = core::lessonFromJson(core::lessonToJson(*lesson));
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_TRUE(*again->steps[0].pin == pin);
    core::LessonPin moved = pin;
    (*moved.x1)[1] = 0.0;
    EXPECT_FALSE(moved == pin);  // the point takes part in equality
}

struct BadCase {
    const char* mutation;  // replaces "\"title\": \"Second\"" in step 2
    const char* expected;  // must appear in the message
};

TEST(Lesson, malformedStep_refusedNamingStepAndField) {
    // Step 2 holds only its title, so each case adds the one field it breaks.
    core::JsonValue lesson = smallLesson();
    core::JsonValue steps = *lesson.find("steps");
    steps.asArray()[1] = *core::parseJson(R"({"title": "Second"})");
    lesson.set("steps", steps);
    const std::string base = lesson.dump(0);
    const std::vector<BadCase> cases = {
        {R"("title": "Second", "t": {"start": 2})", "t.start"},
        {R"("title": "Second", "t": {"end": "one"})", "t.end"},
        {R"("title": "Second", "t": {"secondsPerSweep": 0})", "t.secondsPerSweep"},
        {R"("title": "Second", "t": {"loop": "bounce"})", "t.loop"},
        {R"("title": "Second", "t": 3)", "t must be an object"},
        {R"("title": "Second", "layers": {"heatmapp": true})", "layers.heatmapp"},
        {R"("title": "Second", "layers": {"grid": 1})", "layers.grid"},
        {R"("title": "Second", "arrows": "curl")", "arrows"},
        {R"("title": "Second", "compare": "three-ways")", "compare"},
        {R"("title": "Second", "pin": {"x": 1})", "pin needs both"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1e9})", "pin.y"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "lens"})", "pin.probe"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "posterior", "component": 2})", "pin.component needs"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "component": 2.5})", "whole number"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "component": 0})", "pin.component"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "posterior", "x1": [1, 2]})", "pin.x1 needs"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "x1": [1]})", "pin.x1 must be a point"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "x1": [1, "a"]})", "pin.x1"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "x1": [1, 1e9]})", "pin.x1"},
        {R"("title": "Second", "pin": {"x": 1, "y": 1, "probe": "conditional", "component": 2, "x1": [0, 0]})", "exclude"},
        {R"("title": "Second", "changes": [1])", "changes must be an object"},
        {R"("title": "Second", "changes": {"colour": 1})", "changes.colour"},
        {R"("title": "Second", "scene": "")", "scene"},
        {R"("title": "Second", "caption": 7)", "caption"},
        {R"("title": "Second", "speaker": "x")", "unknown field 'speaker'"},
        {R"("title": "")", "title is missing"},
    };
    for (const auto& c : cases) {
        std::string text = base;
        const std::string needle = "\"title\":\"Second\"";
        const auto at = text.find(needle);
        ASSERT_NE(at, std::string::npos);
        text.replace(at, needle.size(), c.mutation);
        const std::string message = refusal(text);
        EXPECT_NE(message.find("step 2"), std::string::npos) << c.mutation << " → " << message;
        EXPECT_NE(message.find(c.expected), std::string::npos) << c.mutation << " → " << message;
    }
}

TEST(Lesson, formulaThatDoesNotTypeset_refusedNamingTheStep) {
    core::JsonValue lesson = smallLesson();
    core::JsonValue steps = *lesson.find("steps");
    steps.asArray()[0].set("formula", core::JsonValue(std::string("x_t = \\alphax(t) \\frac{1}")));
    lesson.set("steps", steps);
    auto parsed = core::lessonFromJson(lesson);
    ASSERT_FALSE(parsed.ok());
    EXPECT_NE(parsed.message().find("formula"), std::string::npos) << parsed.message();
    EXPECT_NE(parsed.message().find("step 1"), std::string::npos) << parsed.message();
}

TEST(Lesson, malformedLesson_refusedWithReason) {
    EXPECT_NE(refusal("[]").find("JSON object"), std::string::npos);
    EXPECT_NE(refusal(R"({"format": "flowlab-scene", "version": 1})").find("not a FlowLab lesson"), std::string::npos);
    EXPECT_NE(refusal(R"({"format": "flowlab-lesson", "version": 2, "title": "x", "steps": []})").find("version 2"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "flowlab-lesson", "version": 1, "title": "x", "steps": []})").find("empty"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "flowlab-lesson", "version": 1, "title": "x", "steps": [3]})").find("step 1"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"format": "flowlab-lesson", "version": 1, "steps": [{"title": "a"}]})").find("title"),
              std::string::npos);
}

TEST(Lesson, badSceneChange_refusedWhenOpenedNamingTheStep) {
    core::JsonValue j = smallLesson();
    auto lesson = core::lessonFromJson(j);
    ASSERT_TRUE(lesson.ok());
    lesson->steps[1].changes = *core::parseJson(R"({"interpolant": {"family": "spline"}})");
    const core::Status s = core::checkLessonScenes(*lesson, core::sceneToJson(core::Scene{}));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.message().find("step 2"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("interpolant.family"), std::string::npos) << s.message();
    lesson->steps[1].changes = core::JsonValue();
    lesson->steps[1].scene = "no-such-scene";
    const core::Status t = core::checkLessonScenes(*lesson, core::sceneToJson(core::Scene{}));
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.message().find("step 2"), std::string::npos) << t.message();
}

TEST(Lesson, stepScene_appliesChangesLayersAndArrowsOnThePrevious) {
    auto lesson = core::lessonFromJson(smallLesson());
    ASSERT_TRUE(lesson.ok());
    auto first = core::lessonStepScene(*lesson, 0, core::sceneToJson(core::Scene{}));
    ASSERT_TRUE(first.ok()) << first.message();
    auto second = core::lessonStepScene(*lesson, 1, *first);
    ASSERT_TRUE(second.ok()) << second.message();
    auto a = core::sceneFromJson(*first);
    auto b = core::sceneFromJson(*second);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->target.spec, "moons");
    EXPECT_EQ(a->method.interpolant.gamma, core::GammaKind::Zero);
    EXPECT_EQ(b->target.spec, "moons");  // kept from step 1
    EXPECT_EQ(b->method.interpolant.gamma, core::GammaKind::Brownian);
    const core::JsonValue* layers = a->view.find("layers");
    ASSERT_TRUE(layers && layers->find("bridge") && layers->find("arrows"));
    EXPECT_TRUE(layers->find("bridge")->asBool());
    EXPECT_FALSE(layers->find("arrows")->asBool());
    EXPECT_EQ(a->view.find("arrows")->asString(), "score");
}

TEST(Lesson, mergePatchBetween_turnsFromIntoTo) {
    core::Scene from, to;
    to.target = core::DensitySource::fromSpec("rings");
    to.method.interpolant.family = core::InterpolantFamily::Trig;
    to.camera.halfHeight = 2.5;
    to.view = *core::parseJson(R"({"layers": {"heatmap": false}})");
    from.view = *core::parseJson(R"({"layers": {"heatmap": true, "grid": true}, "theme": "light"})");
    const core::JsonValue a = core::sceneToJson(from), b = core::sceneToJson(to);
    const core::JsonValue patch = core::mergePatchBetween(a, b);
    EXPECT_EQ(core::applyMergePatch(a, patch).dump(), b.dump());
    EXPECT_EQ(patch.find("base"), nullptr);  // unchanged parts are left out
    EXPECT_TRUE(core::mergePatchBetween(a, a).isNull());
}

TEST(Lesson, shippedLessons_loadWithEightToFifteenStepsAndFormulas) {
    const std::vector<std::string> names = {"stochastic-interpolants", "flow-matching", "score-based-sdes", "images"};
    for (const auto& name : names) {
        auto lesson = core::loadLessonFile(shipped(name));
        ASSERT_TRUE(lesson.ok()) << lesson.message();
        EXPECT_GE(lesson->steps.size(), 8u) << name;
        EXPECT_LE(lesson->steps.size(), 15u) << name;
        for (std::size_t i = 0; i < lesson->steps.size(); ++i) {
            EXPECT_FALSE(lesson->steps[i].formula.empty()) << name << " " << core::lessonStepName(lesson->steps[i], i);
            EXPECT_FALSE(lesson->steps[i].notes.empty()) << name << " " << core::lessonStepName(lesson->steps[i], i);
        }
    }
    EXPECT_GE(core::shippedLessons().size(), names.size());
    EXPECT_EQ(core::findLesson("flow-matching"), core::shippedLessonsDir() + "/flow-matching.json");
}

TEST(Lesson, fuzzedLessonFiles_neverCrashAlwaysAReason) {
    const std::string original = readText(shipped("stochastic-interpolants"));
    ASSERT_FALSE(original.empty());
    std::mt19937 rng(13);
    const std::string alphabet = "{}[]\":,0123456789.-eE truefalsnul\\x";
    int refused = 0;
    for (int trial = 0; trial < 300; ++trial) {
        std::string text = original;
        const int edits = 1 + int(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
                case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
                case 1: text.erase(at, 1 + rng() % 8); break;
                default: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
            }
        }
        auto json = core::parseJson(text);
        if (!json) {
            EXPECT_FALSE(json.message().empty());
            ++refused;
            continue;
        }
        auto lesson = core::lessonFromJson(*json);
        if (!lesson) {
            EXPECT_FALSE(lesson.message().empty());
            ++refused;
            continue;
        }
        const core::Status s = core::checkLessonScenes(*lesson, core::sceneToJson(core::Scene{}));
        if (!s) {
            EXPECT_FALSE(s.message().empty());
        }
    }
    EXPECT_GT(refused, 100);  // most mutations break the file, and each said why
}

TEST(Lesson, structuralFuzz_wrongTypesEverywhereAreRefusedWithTheStep) {
    const core::JsonValue good = smallLesson();
    const std::vector<core::JsonValue> junk = {core::JsonValue(), core::JsonValue(true), core::JsonValue(-1e300),
                                               core::JsonValue("x"), core::JsonValue(core::JsonValue::Array{}),
                                               core::JsonValue(core::JsonValue::Object{})};
    const core::JsonValue& step = good.find("steps")->asArray()[0];
    for (const auto& [key, value] : step.asObject()) {
        (void)value;
        for (const auto& j : junk) {
            core::JsonValue lesson = good;
            core::JsonValue steps = *lesson.find("steps");
            steps.asArray()[0].set(key, j);
            lesson.set("steps", steps);
            auto parsed = core::lessonFromJson(lesson);
            if (!parsed) {
                EXPECT_NE(parsed.message().find("step 1"), std::string::npos) << key << ": " << parsed.message();
            }
        }
    }
}

TEST(Lesson, save_isAtomicAndRefusesAnUnreadableLesson) {
    const fs::path dir = fs::temp_directory_path() / ("flowlab_lesson_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "l.json").string();
    auto lesson = core::lessonFromJson(smallLesson());
    ASSERT_TRUE(lesson.ok());
    ASSERT_TRUE(core::saveLessonFile(*lesson, path).ok());
    const std::string before = readText(path);
    core::Lesson broken = *lesson;
    broken.steps.clear();
    const core::Status s = core::saveLessonFile(broken, path);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(readText(path), before);  // the file is untouched
    EXPECT_FALSE(core::saveLessonFile(*lesson, (dir / "missing" / "l.json").string()).ok());
    auto again = core::loadLessonFile(path);
    ASSERT_TRUE(again.ok()) << again.message();
    EXPECT_EQ(again->steps.size(), 2u);
    fs::remove_all(dir);
}

}  // namespace
}  // namespace flowlab
