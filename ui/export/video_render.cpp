#include "export/video_render.hpp"

#include <QElapsedTimer>
#include <QImage>

#include "export/video_writer.hpp"
#include "state/offscreen_scene.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {

std::string VideoRenderOptions::validate() const {
    if (size.width() < 2 || size.height() < 2) return "the frame size must be at least 2x2 pixels";
    if (std::string e = timeline.validate(); !e.empty()) return e;
    if (stillT && !(*stillT >= 0.0 && *stillT <= 1.0)) return "the time of a still must be in [0, 1]";
    return {};
}

core::Result<VideoRenderSummary> renderVideo(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                             const std::string& path, const VideoRenderProgress& progress,
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
    timeline.reversed = settings.scene.direction == Direction::Encode;
    std::vector<double> times = timeline.frameTimes();
    if (*format == core::VideoFormat::PngStill) times = {options.stillT.value_or(times.front())};

    VideoRenderSummary summary;
    QElapsedTimer clock;
    clock.start();
    // Open first: an unwritable path fails at once, before the costly simulation.
    core::VideoWriter writer;
    if (core::Status st = writer.open(path, vo); !st) return core::Error{st.message()};
    if (stop(VideoRenderStage::Preparing, 0, int(times.size()))) return core::Error{"cancelled"};

    OffscreenScene::Options so;
    so.size = options.size;
    so.threads = options.threads;
    auto scene = OffscreenScene::create(settings, so);
    if (!scene) return scene.error();
    summary.prepareSeconds = double(clock.nsecsElapsed()) * 1e-9;

    FrameRenderer renderer;
    QImage image(options.size, QImage::Format_ARGB32_Premultiplied);
    const int total = int(times.size());
    for (int k = 0; k < total; ++k) {
        if (stop(VideoRenderStage::Rendering, k, total)) return core::Error{"cancelled"};
        clock.restart();
        renderer.render(image, (*scene)->frameAt(times[std::size_t(k)]));
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

}  // namespace flowlab::ui
