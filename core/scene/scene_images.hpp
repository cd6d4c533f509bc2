#pragma once

#include "common/result.hpp"
#include "io/json.hpp"
#include "scene/scene_settings.hpp"

namespace flowlab::core {

/// The "images" object of an image scene file:
///     {"data": "fashion-mnist", "size": 14, "exactImages": 1000, "models": ["fm-14.flowlab"],
///      "class": -1, "guidance": 1, "grid": [8, 8]}
/// Every key but "data" is optional (defaults of SceneImages).
JsonValue sceneImagesToJson(const SceneImages& images);
/// Parses and validates it; every refusal names the key ("images.grid must be [rows, columns]").
/// `json` may be null (the key is missing).
Result<SceneImages> sceneImagesFromJson(const JsonValue* json);

}  // namespace flowlab::core
