#include "scene/scene_images.hpp"

#include "scene/json_fields.hpp"

namespace flowlab::core {

JsonValue sceneImagesToJson(const SceneImages& im) {
    JsonValue j;
    j.set("data", im.data);
    j.set("size", im.size);
    j.set("exactImages", im.exactImages);
    JsonValue models(JsonValue::Array{});
    for (const auto& m : im.models) models.push(m);
    j.set("models", std::move(models));
    j.set("class", im.classLabel);
    j.set("guidance", im.guidance);
    j.set("grid", JsonValue::Array{double(im.rows), double(im.columns)});
    return j;
}

Result<SceneImages> sceneImagesFromJson(const JsonValue* json) {
    if (!json) return Error{"an image scene needs an \"images\" object (at least {\"data\": \"shapes\"})"};
    if (!json->isObject()) return Error{"images must be an object"};
    const scene_json::Fields f(*json, "images");
    SceneImages im;
    if (!json->find("data")) return Error{"images.data is missing (fashion-mnist, shapes, folder:DIR or idx:IMAGES[,LABELS])"};
    FLOWLAB_TRY(data, f.string("data", im.data));
    im.data = data;
    FLOWLAB_TRY(size, f.integer("size", 0, 0, 32));
    im.size = int(size);
    FLOWLAB_TRY(exact, f.integer("exactImages", im.exactImages, 1, SceneImages::kMaxExactImages));
    im.exactImages = int(exact);
    if (const JsonValue* models = json->find("models")) {
        if (!models->isArray()) return Error{"images.models must be an array of file names"};
        for (const auto& m : models->asArray()) {
            if (!m.isString() || m.asString().empty()) return Error{"images.models must contain non-empty file names"};
            im.models.push_back(m.asString());
        }
    }
    FLOWLAB_TRY(label, f.integer("class", -1, -1, 100000));
    im.classLabel = int(label);
    FLOWLAB_TRY(guidance, f.number("guidance", 1.0, 0.0, 100.0));
    im.guidance = guidance;
    if (const JsonValue* grid = json->find("grid")) {
        if (!grid->isArray() || grid->asArray().size() != 2 || !grid->asArray()[0].isNumber() ||
            !grid->asArray()[1].isNumber())
            return Error{"images.grid must be [rows, columns]"};
        const double r = grid->asArray()[0].asNumber(), c = grid->asArray()[1].asNumber();
        if (r != std::floor(r) || c != std::floor(c) || r < 1 || c < 1 || r > SceneImages::kMaxGridSide ||
            c > SceneImages::kMaxGridSide)
            return Error{"images.grid must be [rows, columns] with 1 … " + std::to_string(SceneImages::kMaxGridSide) +
                         " of each"};
        im.rows = int(r);
        im.columns = int(c);
    }
    if (auto p = im.validate(); !p.empty()) return Error{"images: " + p};
    return im;
}

}  // namespace flowlab::core
