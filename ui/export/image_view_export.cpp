#include "export/image_view_export.hpp"

#include <QCoreApplication>
#include <QPainter>

#include <algorithm>

#include "export/frame_pipeline.hpp"
#include "export/video_options.hpp"
#include "state/image_frames.hpp"
#include "view/filmstrip_picture.hpp"
#include "view/theme.hpp"
#include "worker/image_simulation_job.hpp"

namespace flowlab::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("ImageViewExport", text); }

bool endsWithSvg(const std::string& path) {
    return path.size() > 4 && QString::fromStdString(path.substr(path.size() - 4)).compare(QLatin1String(".svg"), Qt::CaseInsensitive) == 0;
}

/// What is wrong with exporting `view` of `settings` to `path`, before anything is computed.
std::string refusal(const ExplorerSettings& settings, const VideoRenderOptions& options, const std::string& path) {
    const char* name = options.imageView == ImageView::Filmstrip ? "the filmstrip" : "the PCA view";
    if (!settings.scene.isImages())
        return std::string(name) + " is a view of an image scene; this scene is a 2D one (use the grid of particles)";
    if (options.imageView == ImageView::Filmstrip && options.imageSample >= settings.scene.sampleCount())
        return "sample " + std::to_string(options.imageSample) + " is not in the " + std::to_string(settings.scene.rows) +
               "×" + std::to_string(settings.scene.columns) + " grid (samples 0 to " +
               std::to_string(settings.scene.sampleCount() - 1) + ")";
    if (endsWithSvg(path)) return std::string(name) + " exports to PNG, MP4, WebM or GIF, not SVG";
    auto format = core::videoFormatFromPath(path);
    if (!format) return format.message();
    if (options.imageView == ImageView::Filmstrip && *format != core::VideoFormat::PngStill)
        return "the filmstrip is a still: export it as a .png file";
    return {};
}

}  // namespace

QFont imageViewFont(QSize size) {
    QFont font;
    font.setPixelSize(std::max(kMinViewTextPixels, size.height() / 45));
    return font;
}

core::Result<SimulatedImageScene> simulateImageView(const ExplorerSettings& settings,
                                                    std::shared_ptr<const core::FieldSource> field, int threads) {
    ImageSimulationRequest rq;
    rq.scene = settings.scene;
    rq.field = conditionedImageField(std::move(field), settings.scene);
    rq.threads = threads;
    const std::atomic<bool> never{false};
    ImageSimulationResult r = runImageSimulation(rq, never);
    if (!r.ok) return core::Error{r.error.toStdString()};
    return SimulatedImageScene{r.prepared, r.tracks};
}

core::Result<PcaPicture> pcaPictureOf(const SimulatedImageScene& scene) {
    if (!scene.prepared || !scene.tracks) return core::Error{"the image scene has not been simulated"};
    const core::ImageDataset& train = scene.prepared->data->train;
    auto pc = core::computePca(train);
    if (!pc) return core::Error{"principal components: " + pc.message()};
    PcaPicture picture;
    picture.setComponents(std::move(*pc));
    picture.setTrainingImages(train);
    picture.setTrajectory(scene.tracks->times, trackStates(*scene.tracks));
    return picture;
}

QString filmstripHeading(int sample, const core::PreparedImageScene& prepared) {
    return tr("Sample %1 · %2 · %3")
        .arg(sample)
        .arg(QString::fromStdString(prepared.field->label()), QString::fromStdString(prepared.data->train.description));
}

core::Result<VideoRenderSummary> renderImageView(const ExplorerSettings& settings, const VideoRenderOptions& options,
                                                 const std::string& path, const VideoRenderProgress& progress,
                                                 const std::atomic<bool>* cancel) {
    if (std::string e = options.validate(); !e.empty()) return core::Error{e};
    if (std::string e = refusal(settings, options, path); !e.empty()) return core::Error{e};
    const Theme theme = Theme::named(settings.view.theme);
    const QFont font = imageViewFont(options.size);
    const PrepareFramesFn prepare = [&]() -> core::Result<MakeFrameDrawFn> {
        auto scene = simulateImageView(settings, options.field, options.threads);
        if (!scene) return scene.error();
        if (options.imageView == ImageView::Filmstrip) {
            auto strip = sampleFilmstrip(*scene->tracks, options.imageSample);
            if (!strip) return strip.error();
            const ImageShape shape{scene->prepared->channels(), scene->prepared->height(), scene->prepared->width()};
            auto image = std::make_shared<const QImage>(
                renderFilmstripImage(options.size, *strip, shape, theme, filmstripHeading(options.imageSample, *scene->prepared), font));
            return MakeFrameDrawFn([image] {
                return FrameDrawFn([image](QImage& target, double) {
                    QPainter p(&target);
                    p.drawImage(0, 0, *image);
                });
            });
        }
        auto picture = pcaPictureOf(*scene);
        if (!picture) return picture.error();
        auto shared = std::make_shared<const PcaPicture>(std::move(*picture));
        const int selected = -1;
        return MakeFrameDrawFn([shared, theme, font, selected] {
            return FrameDrawFn([shared, theme, font, selected](QImage& target, double t) {
                QPainter p(&target);
                shared->paint(p, target.size(), t, selected, theme, font);
            });
        });
    };
    return encodeFrames(Direction::Generate, options, path, prepare, progress, cancel);
}

}  // namespace flowlab::ui
