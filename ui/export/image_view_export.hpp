#pragma once

#include <QFont>
#include <QSize>
#include <QString>

#include <atomic>
#include <memory>
#include <string>

#include "common/result.hpp"
#include "export/video_render.hpp"
#include "scene/image_scene.hpp"
#include "view/image_tracks.hpp"
#include "view/pca_picture.hpp"

namespace flowlab::ui {

/// The text of an image-view export of frame `size`: at least kMinViewTextPixels, and 1/45 of
/// the height above that, so that a 4K export reads like a 1080p one.
QFont imageViewFont(QSize size);

/// An image scene simulated as the window simulates it (the image worker's job, on the calling
/// thread): the prepared data and field, and the recorded grid.
struct SimulatedImageScene {
    std::shared_ptr<const core::PreparedImageScene> prepared;
    std::shared_ptr<const ImageTracks> tracks;
};
/// Simulates the image scene of `settings`; `field` (null: the scene's own, its model file or the
/// exact field) gets the scene's class and guidance as in the window.
core::Result<SimulatedImageScene> simulateImageView(const ExplorerSettings& settings,
                                                     std::shared_ptr<const core::FieldSource> field, int threads);

/// The PCA view's picture of a simulated scene, built as the window's PCA dock builds it: the
/// principal components of the training images (core::computePca), the images and the run
/// projected on them.
core::Result<PcaPicture> pcaPictureOf(const SimulatedImageScene& scene);

/// The heading of a filmstrip export ("Sample 5 · exact field … · shapes 8×8").
QString filmstripHeading(int sample, const core::PreparedImageScene& prepared);

/// renderVideo for options.imageView ≠ Grid: the inspector's filmstrip of options.imageSample as
/// a PNG still, or the PCA view as a video, PNG frames or a PNG still (at options.stillT). An
/// error, before anything is written, for a 2D scene, a sample outside the grid, a filmstrip
/// asked for as a video or any SVG; failure or cancelling leaves no file.
core::Result<VideoRenderSummary> renderImageView(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                                 const std::string& path, const VideoRenderProgress& progress = {},
                                                 const std::atomic<bool>* cancel = nullptr);

}  // namespace flowlab::ui
