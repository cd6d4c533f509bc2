#pragma once

#include <memory>

#include "scene/image_scene.hpp"
#include "state/explorer_settings.hpp"
#include "view/frame_data.hpp"

namespace flowlab::ui {

/// The caption of an image scene: the data set and sample count, and the field the pictures
/// really follow (a fallback named as such) with the sampler, class and guidance. `prepared` may
/// be null (nothing prepared yet); the notice is then empty, else the preparation's fallbacks.
FrameText describeImageScene(const SceneSettings& scene, const core::PreparedImageScene* prepared);

/// The frame of an image scene at t: `base` supplies theme, text scale and overlays; `tracks`
/// may be null (not simulated yet: an empty grid of the scene's shape, with its caption).
FrameData imageFrame(const FrameData& base, const SceneSettings& scene, const LayerVisibility& layers,
                     std::shared_ptr<const ImageTracks> tracks, FrameText text, double t);

}  // namespace flowlab::ui
