#pragma once

#include <string>

#include "common/result.hpp"
#include "scene/scene.hpp"
#include "state/explorer_settings.hpp"

namespace flowlab::ui {

/// The explorer settings that show a scene file: densities (a preset stays a preset; anything
/// else is referenced as scene:FILE#base|target, so the SPEC reads it back from the file),
/// interpolant, sampler, particles, seed, direction and camera; the UI-owned "view" object may
/// set "theme" ("dark"/"light"), "layers" (an object of booleans named as in LayerVisibility),
/// "arrows" ("velocity"/"score"/"denoiser") and "colorBy" ("end"/"start"/"single"). Settings
/// not in the scene keep the values of `base`.
core::Result<ExplorerSettings> settingsFromScene(const core::Scene& scene, const std::string& path,
                                                 const ExplorerSettings& base = {});

/// Loads a scene file and maps it (errors name the file and the problem).
core::Result<ExplorerSettings> loadSceneSettings(const std::string& path, const ExplorerSettings& base = {});

}  // namespace flowlab::ui
