// Lessons: the scene of each step, and lesson files on disk.
#include "lesson/lesson.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/resource_paths.hpp"
#include "io/file_io.hpp"
#include "scene/scene.hpp"

namespace flowlab::core {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxLessonBytes = std::size_t(4) << 20;

}  // namespace

JsonValue applyMergePatch(const JsonValue& target, const JsonValue& patch) {
    if (!patch.isObject()) return patch;
    JsonValue out = target.isObject() ? target : JsonValue(JsonValue::Object{});
    for (const auto& [key, value] : patch.asObject()) {
        if (value.isNull()) {
            JsonValue::Object kept;
            for (const auto& kv : out.asObject())
                if (kv.first != key) kept.push_back(kv);
            out = JsonValue(std::move(kept));
            continue;
        }
        const JsonValue* old = out.find(key);
        out.set(key, applyMergePatch(old ? *old : JsonValue(), value));
    }
    return out;
}

JsonValue mergePatchBetween(const JsonValue& from, const JsonValue& to) {
    if (!from.isObject() || !to.isObject()) return from.dump(0) == to.dump(0) ? JsonValue() : to;
    JsonValue patch = JsonValue::Object{};
    for (const auto& [key, value] : from.asObject())
        if (!to.find(key)) patch.set(key, JsonValue());  // null: delete
    for (const auto& [key, value] : to.asObject()) {
        const JsonValue* old = from.find(key);
        if (!old) {
            patch.set(key, value);
        } else if (old->dump(0) != value.dump(0)) {
            // A null inside `value` could not be told from "delete": replace such values whole.
            JsonValue sub = mergePatchBetween(*old, value);
            patch.set(key, sub.isNull() ? value : sub);
        }
    }
    return patch.asObject().empty() ? JsonValue() : patch;
}

std::string lessonSceneFile(const Lesson& lesson, const std::string& scene) {
    const fs::path p(scene);
    std::error_code ec;
    if (p.is_relative() && !lesson.folder.empty() && fs::exists(fs::path(lesson.folder) / p, ec))
        return (fs::path(lesson.folder) / p).string();
    return findScene(scene);
}

Result<JsonValue> lessonStepScene(const Lesson& lesson, std::size_t index, const JsonValue& previous) {
    if (index >= lesson.steps.size()) return Error{"the lesson has no step " + std::to_string(index + 1)};
    const LessonStep& step = lesson.steps[index];
    const std::string where = lessonStepName(step, index);
    JsonValue scene = previous;
    std::string folder;
    if (!step.scene.empty()) {
        const std::string file = lessonSceneFile(lesson, step.scene);
        auto loaded = loadSceneFile(file);
        if (!loaded) return Error{where + ": scene: " + loaded.message()};
        scene = sceneToJson(*loaded);
        folder = loaded->folder;
    }
    if (step.changes.isObject()) scene = applyMergePatch(scene, step.changes);
    if (!step.layers.empty() || !step.arrows.empty()) {
        JsonValue view = scene.find("view") && scene.find("view")->isObject() ? *scene.find("view") : JsonValue();
        JsonValue layers = view.find("layers") && view.find("layers")->isObject() ? *view.find("layers") : JsonValue();
        for (const auto& [name, on] : step.layers) layers.set(name, on);
        if (!step.layers.empty()) view.set("layers", std::move(layers));
        if (!step.arrows.empty()) view.set("arrows", step.arrows);
        scene.set("view", std::move(view));
    }
    auto parsed = sceneFromJson(scene, folder);
    if (!parsed) return Error{where + ": " + (step.changes.isObject() ? "changes: " : "scene: ") + parsed.message()};
    return scene;
}

Status checkLessonScenes(const Lesson& lesson, const JsonValue& start) {
    JsonValue scene = start;
    for (std::size_t i = 0; i < lesson.steps.size(); ++i) {
        auto next = lessonStepScene(lesson, i, scene);
        if (!next) return Error{next.message()};
        scene = std::move(*next);
    }
    return {};
}

Result<Lesson> loadLessonFile(const std::string& path) {
    JsonLimits limits;
    limits.maxBytes = kMaxLessonBytes;
    limits.maxDepth = 32;
    auto json = readJsonFile(path, limits);
    if (!json) return Error{json.message()};
    auto lesson = lessonFromJson(*json, parentFolder(path));
    if (!lesson) return Error{path + ": " + lesson.message()};
    if (auto s = checkLessonScenes(*lesson, sceneToJson(Scene{})); !s) return Error{path + ": " + s.message()};
    return lesson;
}

Status saveLessonFile(const Lesson& lesson, const std::string& path) {
    // Refuse to write what could not be read back.
    if (auto again = lessonFromJson(lessonToJson(lesson)); !again) return Error{"cannot save: " + again.message()};
    return writeFileAtomic(path, lessonToJson(lesson).dump() + "\n");
}

std::string shippedLessonsDir() {
    const std::string dir = dataDir();
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(fs::path(dir) / "lessons", ec)) return {};
    return (fs::path(dir) / "lessons").string();
}

std::string findLesson(const std::string& nameOrPath) {
    std::error_code ec;
    if (nameOrPath.empty() || fs::exists(nameOrPath, ec) || fs::path(nameOrPath).has_parent_path()) return nameOrPath;
    const std::string lessons = shippedLessonsDir();
    if (lessons.empty()) return nameOrPath;
    for (const fs::path& candidate : {fs::path(lessons) / nameOrPath, fs::path(lessons) / (nameOrPath + ".json")})
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    return nameOrPath;
}

std::vector<std::string> shippedLessons() {
    std::vector<std::string> out;
    const std::string dir = shippedLessonsDir();
    if (dir.empty()) return out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file(ec) && entry.path().extension() == ".json") out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace flowlab::core
