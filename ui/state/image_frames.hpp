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

/// `field` with the scene's class and guidance w when it is a U-Net with a class embedding that
/// knows the scene's class (a network trained or resumed in the window); any other field as it
/// is (an unconditional network shows every class). The window's grid and every export use it.
std::shared_ptr<const core::FieldSource> conditionedImageField(std::shared_ptr<const core::FieldSource> field,
                                                               const SceneSettings& scene);

/// The frame of an image scene at t: `base` supplies theme, text scale and overlays; `tracks`
/// may be null (not simulated yet: an empty grid of the scene's shape, with its caption).
FrameData imageFrame(const FrameData& base, const SceneSettings& scene, const LayerVisibility& layers,
                     std::shared_ptr<const ImageTracks> tracks, FrameText text, double t);

}  // namespace flowlab::ui
