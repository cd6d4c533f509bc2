#include "export/video_render.hpp"

#include <QElapsedTimer>
#include <QImage>

#include "export/frame_pipeline.hpp"
#include "export/image_view_export.hpp"
#include "export/svg_frame.hpp"
#include "export/video_writer.hpp"
#include "state/offscreen_scene.hpp"
#include "state/scene_description.hpp"
#include "view/compare_renderer.hpp"
#include "view/frame_renderer.hpp"

namespace flowlab::ui {

std::string VideoRenderOptions::validate() const {
    if (size.width() < 2 || size.height() < 2) return "the frame size must be at least 2x2 pixels";
    if (std::string e = timeline.validate(); !e.empty()) return e;
    if (stillT && !(*stillT >= 0.0 && *stillT <= 1.0)) return "the time of a still must be in [0, 1]";
    if (renderThreads < 1 || renderThreads > 8) return "the render threads must be in [1, 8]";
    if (queueDepth < 1 || queueDepth > 64) return "the frame queue depth must be in [1, 64]";
    if (compareCells != 0 && compareCells != 1 && compareCells != 2 && compareCells != 4)
        return "a comparison layout has 1, 2 or 4 cells";
    if (imageSample < 0) return "the sample of a filmstrip is an index into the grid (0 or more)";
    return {};
}

namespace {

using MakeDrawFn = MakeFrameDrawFn;
using PrepareFn = PrepareFramesFn;
/// The SVG picture of the frame at t, in a picture of the options' size.
using SvgFn = std::function<SvgPicture(double t)>;
/// Prepares the scene(s) for an SVG still.
using PrepareSvgFn = std::function<core::Result<SvgFn>()>;

bool isSvgPath(const std::string& path) {
    return path.size() > 4 && QString::fromStdString(path.substr(path.size() - 4)).compare(QLatin1String(".svg"), Qt::CaseInsensitive) == 0;
}

core::Result<VideoRenderSummary> writeSvg(Direction direction, const VideoRenderOptions& options, const std::string& path,
                                          const PrepareSvgFn& prepare, const std::atomic<bool>* cancel) {
    if (std::string e = options.validate(); !e.empty()) return core::Error{e};
    VideoTimeline timeline = options.timeline;
    timeline.reversed = direction == Direction::Encode;
    const double t = options.stillT.value_or(timeline.frameTimes().front());
    if (cancel && cancel->load()) return core::Error{"cancelled"};
    QElapsedTimer clock;
    clock.start();
    auto panels = prepare();
    if (!panels) return panels.error();
    VideoRenderSummary summary;
    summary.prepareSeconds = double(clock.nsecsElapsed()) * 1e-9;
    if (cancel && cancel->load()) return core::Error{"cancelled"};
    clock.restart();
    if (core::Status st = writeSvgStill(path, (*panels)(t), options.size); !st) return core::Error{st.message()};
    summary.renderSeconds = summary.pipelineSeconds = double(clock.nsecsElapsed()) * 1e-9;
    summary.frames = 1;
    return summary;
}

}  // namespace

core::Result<VideoRenderSummary> encodeFrames(Direction direction, const VideoRenderOptions& options, const std::string& path,
                                              const PrepareFramesFn& prepare, const VideoRenderProgress& progress,
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
    auto makeDraw = prepare();
    if (!makeDraw) return makeDraw.error();
    summary.prepareSeconds = double(clock.nsecsElapsed()) * 1e-9;

    const int total = int(times.size());
    clock.restart();
    QElapsedTimer encodeClock;
    {
        // Frames are drawn on worker threads, ahead of this one, which encodes them in order.
        FramePipeline pipeline(times, options.size, std::min(options.renderThreads, total), options.queueDepth, *makeDraw);
        for (int k = 0; k < total; ++k) {
            if (stop(VideoRenderStage::Rendering, k, total)) return core::Error{"cancelled"};
            const QImage* image = pipeline.next();
            if (!image) return core::Error{"cancelled"};
            encodeClock.start();
            if (core::Status st = writer.addFrame(image->constBits(), int(image->bytesPerLine())); !st)
                return core::Error{st.message()};
            summary.encodeSeconds += double(encodeClock.nsecsElapsed()) * 1e-9;
        }
        summary.renderSeconds = pipeline.renderSeconds();
        summary.waitSeconds = pipeline.waitSeconds();
    }
    if (stop(VideoRenderStage::Finishing, 0, total)) return core::Error{"cancelled"};
    encodeClock.start();
    const core::Status st = writer.finish([&](int done, int all) { return !stop(VideoRenderStage::Finishing, done, all); });
    if (!st) return core::Error{st.message()};
    summary.encodeSeconds += double(encodeClock.nsecsElapsed()) * 1e-9;
    summary.pipelineSeconds = double(clock.nsecsElapsed()) * 1e-9;
    summary.frames = total;
    return summary;
}

namespace {

OffscreenScene::Options sceneOptions(const VideoRenderOptions& options, QSize size) {
    OffscreenScene::Options so;
    so.size = size;
    so.threads = options.threads;
    so.field = options.field;
    so.pin = options.pin;
    so.pinT = options.pinT;
    so.probe = options.probe;
    so.probeComponent = options.probeComponent;
    so.probePoint = options.probePoint;
    return so;
}

}  // namespace

core::Result<VideoRenderSummary> renderVideo(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                             const std::string& path, const VideoRenderProgress& progress,
                                             const std::atomic<bool>* cancel) {
    if (options.imageView != ImageView::Grid) return renderImageView(settings, options, path, progress, cancel);
    const OverlayVisibility overlays = options.overlays;
    if (isSvgPath(path)) {
        const PrepareSvgFn prepare = [&]() -> core::Result<SvgFn> {
            auto scene = OffscreenScene::create(settings, sceneOptions(options, options.size));
            if (!scene) return scene.error();
            std::shared_ptr<OffscreenScene> sc = *scene;
            const QRect cell(QPoint(0, 0), options.size);
            return SvgFn([sc, cell, overlays](double t) {
                FrameData f = sc->frameAt(t);
                f.overlays = overlays;
                return SvgPicture{{SvgPanel{f, cell, QString(), QRect(), 0, QString(), 0}}, QImage()};
            });
        };
        return writeSvg(settings.scene.direction, options, path, prepare, cancel);
    }
    const PrepareFn prepare = [&]() -> core::Result<MakeDrawFn> {
        auto scene = OffscreenScene::create(settings, sceneOptions(options, options.size));
        if (!scene) return scene.error();
        std::shared_ptr<const OffscreenScene> s = *scene;
        return MakeDrawFn([s, overlays] {
            auto renderer = std::make_shared<FrameRenderer>();
            renderer->setDrawThreads(1);  // the pipeline's threads already draw frames side by side
            return FrameDrawFn([renderer, s, overlays](QImage& image, double t) {
                FrameData f = s->frameAt(t);
                f.overlays = overlays;
                renderer->render(image, f);
            });
        });
    };
    return encodeFrames(settings.scene.direction, options, path, prepare, progress, cancel);
}

core::Result<VideoRenderSummary> renderCompareVideo(const std::vector<ComparePanel>& panels, const ViewSettings& view,
                                                    const VideoRenderOptions& options, const std::string& path,
                                                    const VideoRenderProgress& progress,
                                                    const std::atomic<bool>* cancel) {
    if (panels.empty() || panels.size() > 4) return core::Error{"a comparison has 1 to 4 panels"};
    if (std::string e = options.validate(); !e.empty()) return core::Error{e};
    if (options.compareCells != 0 && options.compareCells < int(panels.size()))
        return core::Error{"a layout of " + std::to_string(options.compareCells) + " cells cannot show " +
                           std::to_string(panels.size()) + " panels"};
    const int cells = std::max(int(panels.size()), options.compareCells);
    const OverlayVisibility overlays = options.overlays;
    std::vector<QString> captions;
    for (std::size_t i = 0; i < panels.size(); ++i) captions.push_back(CompareRenderer::captionText(int(i), panels[i].label));
    const auto framesAt = [overlays](const CompareScene& scene, double t) {
        std::vector<FrameData> frames = scene.framesAt(t);
        for (auto& f : frames) f.overlays = overlays;
        return frames;
    };
    const auto createScene = [&](const std::vector<ComparePanel>& ps, QSize plane, const FieldGridSizes* grids)
        -> core::Result<std::shared_ptr<const CompareScene>> {
        OffscreenScene::Options so = sceneOptions(options, plane);
        so.field = nullptr;  // each panel names its own field
        if (grids) so.grids = *grids;
        auto scene = CompareScene::create(ps, view, so);
        if (!scene) return scene.error();
        return std::shared_ptr<const CompareScene>(std::make_shared<CompareScene>(std::move(*scene)));
    };
    // The planes' size (which sets the field grids' aspect) depends on the shared legend's
    // height, i.e. on what the frames show: a probe of a few particles on coarse grids tells.
    const auto planeSize = [&]() -> core::Result<QSize> {
        if (cells == 1 || panels.front().scene.isImages()) {  // an image grid draws no legend
            return CompareRenderer::layout(options.size, cells, view.textScale, QSize(), false).planes.front().size();
        }
        std::vector<ComparePanel> probe = panels;
        for (auto& p : probe) p.scene.particles = std::min(p.scene.particles, 16);
        const FieldGridSizes coarse{4, 4, 4};
        auto scene = createScene(probe, options.size, &coarse);
        if (!scene) return scene.error();
        const std::vector<FrameData> frames = framesAt(**scene, 0.0);
        CompareRenderer r;
        const QImage legend = r.legendImage(options.size, frames.front());
        return CompareRenderer::layout(options.size, cells, frames.front().textScale, legend.size(),
                                       CompareRenderer::hasStripFormulas(frames))
            .planes.front().size();
    };
    if (isSvgPath(path)) {
        const PrepareSvgFn prepare = [&]() -> core::Result<SvgFn> {
            auto plane = planeSize();
            if (!plane) return plane.error();
            auto scene = createScene(panels, *plane, nullptr);
            if (!scene) return scene.error();
            const QSize size = options.size;
            return SvgFn([shared = *scene, captions, size, cells, framesAt](double t) {
                return compareSvgPicture(framesAt(*shared, t), captions, size, cells);
            });
        };
        return writeSvg(panels.front().scene.direction, options, path, prepare, cancel);
    }
    const PrepareFn prepare = [&]() -> core::Result<MakeDrawFn> {
        auto plane = planeSize();
        if (!plane) return plane.error();
        auto scene = createScene(panels, *plane, nullptr);
        if (!scene) return scene.error();
        return MakeDrawFn([shared = *scene, captions, framesAt, cells] {
            // Frames are already drawn on parallel threads (one per frame): the panels of one
            // frame are drawn one after another.
            auto renderer = std::make_shared<CompareRenderer>();
            return FrameDrawFn([renderer, shared, captions, framesAt, cells](QImage& image, double t) {
                renderer->render(image, framesAt(*shared, t), captions, cells);
            });
        });
    };
    return encodeFrames(panels.front().scene.direction, options, path, prepare, progress, cancel);
}

}  // namespace flowlab::ui
