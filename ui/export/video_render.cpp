#include "export/video_render.hpp"

#include <QElapsedTimer>
#include <QImage>

#include "export/video_writer.hpp"
#include "state/offscreen_scene.hpp"
#include "view/compare_renderer.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {

std::string VideoRenderOptions::validate() const {
    if (size.width() < 2 || size.height() < 2) return "the frame size must be at least 2x2 pixels";
    if (std::string e = timeline.validate(); !e.empty()) return e;
    if (stillT && !(*stillT >= 0.0 && *stillT <= 1.0)) return "the time of a still must be in [0, 1]";
    return {};
}

namespace {

/// Draws the frame at time t into the image.
using DrawFn = std::function<void(QImage& image, double t)>;
/// Prepares the scene(s) for frames of this size; returns the drawing function or an error.
using PrepareFn = std::function<core::Result<DrawFn>()>;

core::Result<VideoRenderSummary> encode(Direction direction, const VideoRenderOptions& options, const std::string& path,
                                        const PrepareFn& prepare, const VideoRenderProgress& progress,
                                        const std::atomic<bool>* cancel) {
    if (std::string e = options.validate(); !e.empty()) return core::Error{e};
    auto format = core::videoFormatFromPath(path);
    if (!format) return format.error();
    const auto stop = [&](VideoRenderStage stage, int done, int total) {
        if (cancel && cancel->load()) return true;
        return progress && !progress(stage, done, total);
    };

    core::VideoOptions vo = options.video;
    vo.format = *format;
    vo.width = options.size.width();
    vo.height = options.size.height();
    vo.fps = options.timeline.fps;
    // The renderer draws an opaque background, so premultiplied ARGB32 equals straight BGRA.
    vo.pixelLayout = core::PixelLayout::Bgra;
    if (std::string e = vo.validate(); !e.empty()) return core::Error{e};

    VideoTimeline timeline = options.timeline;
    timeline.reversed = direction == Direction::Encode;
    std::vector<double> times = timeline.frameTimes();
    if (*format == core::VideoFormat::PngStill) times = {options.stillT.value_or(times.front())};

    VideoRenderSummary summary;
    QElapsedTimer clock;
    clock.start();
    // Open first: an unwritable path fails at once, before the costly simulation.
    core::VideoWriter writer;
    if (core::Status st = writer.open(path, vo); !st) return core::Error{st.message()};
    if (stop(VideoRenderStage::Preparing, 0, int(times.size()))) return core::Error{"cancelled"};
    auto draw = prepare();
    if (!draw) return draw.error();
    summary.prepareSeconds = double(clock.nsecsElapsed()) * 1e-9;

    QImage image(options.size, QImage::Format_ARGB32_Premultiplied);
    const int total = int(times.size());
    for (int k = 0; k < total; ++k) {
        if (stop(VideoRenderStage::Rendering, k, total)) return core::Error{"cancelled"};
        clock.restart();
        (*draw)(image, times[std::size_t(k)]);
        summary.renderSeconds += double(clock.nsecsElapsed()) * 1e-9;
        clock.restart();
        if (core::Status st = writer.addFrame(image.constBits(), int(image.bytesPerLine())); !st)
            return core::Error{st.message()};
        summary.encodeSeconds += double(clock.nsecsElapsed()) * 1e-9;
    }
    if (stop(VideoRenderStage::Finishing, 0, total)) return core::Error{"cancelled"};
    clock.restart();
    const core::Status st = writer.finish([&](int done, int all) { return !stop(VideoRenderStage::Finishing, done, all); });
    if (!st) return core::Error{st.message()};
    summary.encodeSeconds += double(clock.nsecsElapsed()) * 1e-9;
    summary.frames = total;
    return summary;
}

}  // namespace

core::Result<VideoRenderSummary> renderVideo(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                             const std::string& path, const VideoRenderProgress& progress,
                                             const std::atomic<bool>* cancel) {
    const PrepareFn prepare = [&]() -> core::Result<DrawFn> {
        OffscreenScene::Options so;
        so.size = options.size;
        so.threads = options.threads;
        auto scene = OffscreenScene::create(settings, so);
        if (!scene) return scene.error();
        auto renderer = std::make_shared<FrameRenderer>();
        std::shared_ptr<OffscreenScene> s = *scene;
        return DrawFn([renderer, s](QImage& image, double t) { renderer->render(image, s->frameAt(t)); });
    };
    return encode(settings.scene.direction, options, path, prepare, progress, cancel);
}

core::Result<VideoRenderSummary> renderCompareVideo(const std::vector<ComparePanel>& panels, const ViewSettings& view,
                                                    const VideoRenderOptions& options, const std::string& path,
                                                    const VideoRenderProgress& progress,
                                                    const std::atomic<bool>* cancel) {
    if (panels.empty() || panels.size() > 4) return core::Error{"a comparison has 1 to 4 panels"};
    const PrepareFn prepare = [&]() -> core::Result<DrawFn> {
        OffscreenScene::Options so;
        so.size = CompareRenderer::cellSize(options.size, int(panels.size()));
        so.threads = options.threads;
        auto scene = CompareScene::create(panels, view, so);
        if (!scene) return scene.error();
        auto shared = std::make_shared<CompareScene>(std::move(*scene));
        auto renderer = std::make_shared<CompareRenderer>();
        std::vector<QString> labels;
        for (const auto& p : panels) labels.push_back(p.label);
        return DrawFn([renderer, shared, labels](QImage& image, double t) {
            renderer->render(image, shared->framesAt(t), labels);
        });
    };
    return encode(panels.front().scene.direction, options, path, prepare, progress, cancel);
}

}  // namespace flowlab::ui
