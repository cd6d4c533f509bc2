#pragma once

#include <string>

#include "common/result.hpp"
#include "scene/scene.hpp"
#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// The scene that shows `settings` (the inverse of settingsFromScene): a preset stays a SPEC;
/// a density read from a scene file (scene:FILE#base|target) is copied from that file, and any
/// other SPEC (mixture:FILE, image:FILE, ...) is resolved and embedded as a mixture, so the saved
/// file does not depend on where it is stored. The "view" object holds theme, layers, arrows and
/// colorBy. Errors name the density that could not be read.
core::Result<core::Scene> sceneFromSettings(const ExplorerSettings& settings, const std::string& title = {});

/// True when the two settings describe the same scene file content (the scene settings, the
/// camera and the view object); playback and particle size are not part of a scene.
bool sameScene(const ExplorerSettings& a, const ExplorerSettings& b);

}  // namespace flowlab::ui
