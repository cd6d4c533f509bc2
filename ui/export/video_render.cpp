#include "export/video_render.hpp"

#include <QElapsedTimer>
#include <QImage>

#include "export/frame_pipeline.hpp"
#include "export/svg_frame.hpp"
#include "export/video_writer.hpp"
#include "state/offscreen_scene.hpp"
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
    return {};
}

namespace {

/// Makes a drawing function with its own renderer (one per drawing thread).
using MakeDrawFn = std::function<FrameDrawFn()>;
/// Prepares the scene(s) for frames of this size; returns the maker of drawing functions.
using PrepareFn = std::function<core::Result<MakeDrawFn>()>;
/// The SVG panels of the frame at t, in a picture of the options' size.
using SvgFn = std::function<std::vector<SvgPanel>(double t)>;
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

std::vector<QString> labelsOf(const std::vector<ComparePanel>& panels) {
    std::vector<QString> labels;
    for (const auto& p : panels) labels.push_back(p.label);
    return labels;
}

}  // namespace

core::Result<VideoRenderSummary> renderVideo(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                             const std::string& path, const VideoRenderProgress& progress,
                                             const std::atomic<bool>* cancel) {
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
                return std::vector<SvgPanel>{SvgPanel{f, cell, QString()}};
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
    return encode(settings.scene.direction, options, path, prepare, progress, cancel);
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
    const std::vector<QString> labels = labelsOf(panels);
    const QSize cell = CompareRenderer::cellSize(options.size, cells);
    const auto createScene = [&]() -> core::Result<std::shared_ptr<const CompareScene>> {
        OffscreenScene::Options so = sceneOptions(options, cell);
        so.field = nullptr;  // each panel names its own field
        auto scene = CompareScene::create(panels, view, so);
        if (!scene) return scene.error();
        return std::shared_ptr<const CompareScene>(std::make_shared<CompareScene>(std::move(*scene)));
    };
    const auto framesAt = [overlays](const CompareScene& scene, double t) {
        std::vector<FrameData> frames = scene.framesAt(t);
        for (auto& f : frames) f.overlays = overlays;
        return frames;
    };
    if (isSvgPath(path)) {
        const PrepareSvgFn prepare = [&]() -> core::Result<SvgFn> {
            auto scene = createScene();
            if (!scene) return scene.error();
            const QSize grid = CompareRenderer::gridFor(cells);
            return SvgFn([shared = *scene, labels, cell, grid, framesAt](double t) {
                std::vector<SvgPanel> out;
                const std::vector<FrameData> frames = framesAt(*shared, t);
                for (std::size_t i = 0; i < frames.size(); ++i) {
                    const QPoint origin(int(i) % grid.width() * cell.width(), int(i) / grid.width() * cell.height());
                    out.push_back(SvgPanel{frames[i], QRect(origin, cell), labels[i]});
                }
                return out;
            });
        };
        return writeSvg(panels.front().scene.direction, options, path, prepare, cancel);
    }
    const PrepareFn prepare = [&]() -> core::Result<MakeDrawFn> {
        auto scene = createScene();
        if (!scene) return scene.error();
        return MakeDrawFn([shared = *scene, labels, framesAt, cells] {
            auto renderer = std::make_shared<CompareRenderer>();
            return FrameDrawFn([renderer, shared, labels, framesAt, cells](QImage& image, double t) {
                renderer->render(image, framesAt(*shared, t), labels, cells);
            });
        });
    };
    return encode(panels.front().scene.direction, options, path, prepare, progress, cancel);
}

}  // namespace flowlab::ui
