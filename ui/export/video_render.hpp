#pragma once

#include <QPointF>
#include <QSize>

#include <atomic>
#include <functional>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "field/field_source.hpp"
#include "export/video_options.hpp"
#include "export/video_timeline.hpp"
#include "state/compare_layout.hpp"
#include "state/explorer_settings.hpp"
#include "state/probe_builder.hpp"

class QImage;

namespace flowlab::ui {

/// Which picture of an image scene an export shows.
enum class ImageView {
    Grid,       ///< the grid of samples, as the window's plane shows it
    Filmstrip,  ///< the inspector's filmstrip of one sample (a still)
    Pca,        ///< the PCA view: the samples on the data's first two principal components (moves with t)
};

/// What a video export renders and how it encodes it. Validates itself.
struct VideoRenderOptions {
    /// Output size in pixels (even sides for MP4 and WebM).
    QSize size{1280, 720};
    /// Which t each frame shows. Its fps is the video's; `reversed` is ignored: the scene's
    /// direction decides (encoding sweeps t from tEnd down to tStart).
    VideoTimeline timeline;
    /// For a PNG still: the t shown (default: the first frame of the timeline).
    std::optional<double> stillT;
    /// Encoder settings; format, size, fps and pixel layout are filled in by renderVideo.
    core::VideoOptions video;
    /// Threads of the exact field (0 = all cores).
    int threads = 0;
    /// Threads drawing frames while the caller's thread encodes them, in [1, 8]; each has its
    /// own renderer and frames are encoded strictly in order, so the output does not depend on
    /// it. Two suit two cores: x264's threads fill the gaps (bench_export, "Pipeline" cases).
    int renderThreads = 2;
    /// Frames drawn ahead of the encoder at most, in [1, 64] (raised to renderThreads).
    int queueDepth = 4;
    /// renderCompareVideo only: cells of the grid (1, 2 or 4; 0 = as many as panels). Cells
    /// beyond the panels stay empty; fewer cells than panels is an error.
    int compareCells = 0;
    /// Which parts of the overlay are drawn (when the view's legend layer is on at all).
    OverlayVisibility overlays;
    /// renderVideo only: the field the particles, arrows and fan follow (a learned model loaded
    /// by the caller); null means the exact field. The heatmap stays the exact log ρ_t.
    std::shared_ptr<const core::FieldSource> field;
    /// The window's pinned point (world coordinates) and its time: the fan through it, and the
    /// teaching probe there when `probe` is on (the conditional probe's target `probeComponent`,
    /// −1: the most probable at the pin). No pin, no probe.
    std::optional<QPointF> pin;
    double pinT = 0.5;
    ProbeMode probe = ProbeMode::Off;
    int probeComponent = -1;
    std::optional<QPointF> probePoint;  ///< the conditional probe's target point x1 (over the component)
    /// Image scenes: which picture (renderImageView draws the filmstrip and the PCA view), and
    /// the sample of the filmstrip (an index into the grid, row by row).
    ImageView imageView = ImageView::Grid;
    int imageSample = 0;

    /// Empty when valid, else what is wrong.
    std::string validate() const;
};

/// Where the time of an export went (wall seconds), and how many frames it wrote.
struct VideoRenderSummary {
    int frames = 0;
    double prepareSeconds = 0.0;  ///< simulating the particles and computing the field frames
    double renderSeconds = 0.0;   ///< FrameAssembler + FrameRenderer, all frames
    double encodeSeconds = 0.0;   ///< VideoWriter::addFrame and finish, all frames
    /// Wall time from the first frame drawn to the file finished: render and encode overlap
    /// (renderSeconds sums the drawing threads' time), so this is less than their sum.
    double pipelineSeconds = 0.0;
    double waitSeconds = 0.0;     ///< of pipelineSeconds, the encoder waiting for a drawn frame
    double totalSeconds() const { return prepareSeconds + pipelineSeconds; }
    /// Render and encode shares of the work (renderSeconds / (render + encode)), in [0, 1].
    double renderShare() const {
        const double work = renderSeconds + encodeSeconds;
        return work > 0.0 ? renderSeconds / work : 0.0;
    }
};

/// Stage of a running export, for progress reports.
enum class VideoRenderStage { Preparing, Rendering, Finishing };

/// Progress: the stage and (done, total) frames in it. Return false to cancel.
using VideoRenderProgress = std::function<bool(VideoRenderStage stage, int done, int total)>;

/// Draws frames into images of the options' size; one per drawing thread (FramePipeline).
using MakeFrameDrawFn = std::function<std::function<void(QImage& image, double t)>()>;
/// Prepares what the frames show (the costly part: simulating); returns the maker of drawing functions.
using PrepareFramesFn = std::function<core::Result<MakeFrameDrawFn>()>;

/// The encoder loop of every export: opens `path` first (an unwritable path fails before the
/// simulation), prepares, draws the timeline's frames (the scene's direction decides which way
/// it runs; a PNG still is the frame at stillT) on options.renderThreads threads and encodes
/// them in order. Cancelling or a failure leaves no file.
core::Result<VideoRenderSummary> encodeFrames(Direction direction, const VideoRenderOptions& options, const std::string& path,
                                              const PrepareFramesFn& prepare, const VideoRenderProgress& progress,
                                              const std::atomic<bool>* cancel);

/// Renders the scene of `settings` offscreen with the window's renderer (OffscreenScene +
/// FrameRenderer, independent of any window and of wall time) and writes it to `path` in the
/// format its extension names (see core::videoFormatFromPath; ".svg" writes an SVG still of the
/// frame at stillT, see writeSvgStill). Deterministic: the same
/// settings and options give the same frames. Needs a QGuiApplication (fonts). Any thread.
///
/// Cancelling (progress returning false, or `cancel` set from another thread) or a failure
/// leaves no file; the error says why ("cancelled", the unwritable path, the invalid option).
/// options.imageView other than Grid draws that view of an image scene (renderImageView).
core::Result<VideoRenderSummary> renderVideo(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                             const std::string& path, const VideoRenderProgress& progress = {},
                                             const std::atomic<bool>* cancel = nullptr);

/// As renderVideo, for a comparison: the panels (1 to 4, see CompareScene) tiled by
/// CompareRenderer, all on one clock, each labelled with its method. `view` applies to every
/// panel; the timeline runs the way panel 0's direction says.
core::Result<VideoRenderSummary> renderCompareVideo(const std::vector<ComparePanel>& panels, const ViewSettings& view,
                                                    const VideoRenderOptions& options, const std::string& path,
                                                    const VideoRenderProgress& progress = {},
                                                    const std::atomic<bool>* cancel = nullptr);

}  // namespace flowlab::ui
