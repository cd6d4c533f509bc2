// The raster component cap (RasterMixtureOptions::maxComponents), measured: for a raster-derived
// target with K = 64 … 1024 components and the Gaussian base it prints
//   * the conversion (k-means) time and the approximation error: the energy distance between
//     samples of the raster and of the mixture (with the noise floor of two raster sample sets),
//     and the total-variation distance between the raster and the mixture's density on its cells
//     (with the floor of the unreduced mixture, one component per cell),
//   * the exact-field simulation of 10 000 particles (Heun, 100 steps, one thread as in the window,
//     plus one field frame and the bridges: OffscreenScene::create),
//   * the field frames the window computes once per scene (101 slots of heatmap and arrows),
//   * the per-frame cost of the exact-mode animation in the window path: FrameAssembler::frameAt
//     plus FrameRenderer::render at 1280×720 with 10 000 particles, trails, heatmap and arrows,
//     and the same with the density editor's drawing overlay on top ("painting").
// The pair budget of the window (512 pairs) is lifted here so that every K is measured as is.
//
//   cmake --build build --target flowlab_bench_raster_cap && build/tests/bench/flowlab_bench_raster_cap
#include <QElapsedTimer>
#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <vector>

#include "density/mixture_json.hpp"
#include "density/mixture_raster.hpp"
#include "density/raster_mixture.hpp"
#include "density/presets.hpp"
#include "stats/sample_distance.hpp"
#include "scene/scene.hpp"
#include "scene/density_spec.hpp"
#include "state/drawing_overlay.hpp"
#include "state/offscreen_scene.hpp"
#include "view/frame_renderer.hpp"
#include "worker/field_frame_job.hpp"

namespace {

using namespace flowlab;

constexpr int kRasterCells = 128;      // an imported picture's default raster side
constexpr int kParticles = 10000;
constexpr int kFrames = 120;           // frames rendered per K, sweeping t over [0, 1]
constexpr int kDistanceSamples = 12000; // per side, for the approximation error
constexpr std::uint64_t kSeed = 7;

/// A picture-like raster: the word "Flow" over a ring, soft-edged, on [-5, 5]².
core::Raster pictureRaster() {
    QImage img(kRasterCells, kRasterCells, QImage::Format_Grayscale8);
    img.fill(0);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(QColor(200, 200, 200), 7));
    p.drawEllipse(QRectF(14, 14, 100, 100));
    QFont f;
    f.setPixelSize(44);
    f.setBold(true);
    p.setFont(f);
    p.setPen(Qt::white);
    p.drawText(QRectF(0, 0, kRasterCells, kRasterCells), Qt::AlignCenter, QStringLiteral("Flow"));
    p.end();
    core::Raster r = core::Raster::zeros(kRasterCells, kRasterCells, -5, 5, -5, 5);
    for (int row = 0; row < kRasterCells; ++row)
        for (int col = 0; col < kRasterCells; ++col) r.at(col, row) = qGray(img.pixel(col, row)) / 255.0;
    return r;
}

double percentile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QTemporaryDir dir;
    const core::Raster raster = pictureRaster();
    std::size_t cells = 0;
    for (double v : raster.values) cells += v > 0.0 ? 1 : 0;
    std::printf("raster %d×%d, %zu non-empty cells; base N(0, I); %d particles; 1280×720\n", raster.width, raster.height,
                cells, kParticles);

    core::Rng floorRng(kSeed);
    const core::Points r1 = raster.sample(kDistanceSamples, floorRng), r2 = raster.sample(kDistanceSamples, floorRng);
    std::printf("energy-distance noise floor (two raster sample sets of %d): %.5f\n", kDistanceSamples,
                *core::energyDistance(r1, r2));
    {
        // What the window does on the GUI thread after each stroke: read the converted drawing
        // (a 96² raster in a scene file) and turn it into a mixture at the default cap. The
        // drawing is 8gaussians as the editor starts it.
        auto eight = core::makePreset("8gaussians");
        auto seed = core::mixtureToRaster(*eight, core::Raster::zeros(96, 96, -6, 6, -6, 6));
        for (double& v : seed->values)
            if (v < 1.0 / 512.0) v = 0.0;
        core::Scene drawing;
        drawing.base = core::DensitySource::fromRaster(*seed);
        drawing.target = drawing.base;
        const std::string file = dir.filePath(QStringLiteral("drawing.json")).toStdString();
        (void)core::saveSceneFile(drawing, file);
        QElapsedTimer clock;
        clock.start();
        auto m = core::resolveDensitySpec("scene:" + file + "#target");
        std::printf("resolving a 96² drawing file (%zu non-empty cells → %zu components): %.1f ms\n",
                    std::size_t(std::count_if(seed->values.begin(), seed->values.end(), [](double v) { return v > 0.0; })),
                    m ? m->size() : 0, double(clock.nsecsElapsed()) * 1e-6);
    }
    {
        core::RasterMixtureOptions all;
        all.maxComponents = int(cells);
        all.errorSamples = 0;
        auto full = core::rasterToMixture(raster, all);
        auto back = full ? core::mixtureToRaster(full->mixture, raster) : core::Result<core::Raster>(core::Error{"no mixture"});
        if (back) std::printf("total-variation floor (unreduced, %zu components): %.4f\n", full->mixture.size(),
                              core::rasterTotalVariation(raster, *back));
    }
    std::printf("\n%6s %9s %10s %8s %9s %11s %10s %9s %9s %9s %10s\n", "K", "convert", "energy", "TV", "sim 10k", "field 101",
                "frame", "p95", "max", "fps", "painting");
    std::printf("%6s %9s %10s %8s %9s %11s %10s %9s %9s %9s %10s\n", "", "ms", "distance", "", "s", "s", "mean ms", "ms", "ms", "",
                "mean ms");

    for (int cap : {64, 128, 256, 512, 1024}) {
        core::RasterMixtureOptions o;
        o.maxComponents = cap;
        o.errorSamples = 0;
        QElapsedTimer clock;
        clock.start();
        auto m = core::rasterToMixture(raster, o);
        const double convertMs = double(clock.nsecsElapsed()) * 1e-6;
        if (!m) {
            std::fprintf(stderr, "conversion failed: %s\n", m.message().c_str());
            return 1;
        }
        core::Rng rng(kSeed);
        const double error = *core::energyDistance(raster.sample(kDistanceSamples, rng), m->mixture.sample(kDistanceSamples, rng));
        auto drawn = core::mixtureToRaster(m->mixture, raster);
        const double tv = drawn ? core::rasterTotalVariation(raster, *drawn) : -1.0;
        const QString file = dir.filePath(QStringLiteral("k%1.json").arg(cap));
        if (auto st = core::saveMixtureFile(m->mixture, file.toStdString()); !st) {
            std::fprintf(stderr, "%s\n", st.message().c_str());
            return 1;
        }

        ui::ExplorerSettings s;
        s.scene.base = flowlab::core::DensitySource::fromSpec("gaussian");
        s.scene.target = flowlab::core::DensitySource::fromSpec((QStringLiteral("mixture:") + file).toStdString());
        s.scene.particles = kParticles;
        s.view.layers.heatmap = true;
        s.view.layers.arrows = true;
        s.view.layers.trails = true;
        s.view.layers.particles = true;

        // The simulation (and one field frame), as the window's worker runs it: one exact-field thread.
        ui::OffscreenScene::Options so;
        so.size = QSize(1280, 720);
        so.threads = 1;
        so.maxPairs = std::size_t(1) << 20;
        so.fieldTimes = {0.5};
        clock.restart();
        auto scene = ui::OffscreenScene::create(s, so);
        const double simSeconds = double(clock.nsecsElapsed()) * 1e-9;
        if (!scene) {
            std::fprintf(stderr, "scene failed: %s\n", scene.message().c_str());
            return 1;
        }

        // The field frames the window's FieldFrameWorker computes once per scene (all slots), added
        // to the assembler so that the animation below blends them as on screen.
        auto interp = core::Interpolant::create(s.scene.interpolant, *(*scene)->base());
        core::ExactFieldOptions eo;
        eo.threads = 1;  // as the window's workers
        auto exact = core::ExactField::create(*(*scene)->base(), *(*scene)->target(), *interp, eo);
        auto exactPtr = std::make_shared<const core::ExactField>(std::move(exact).value());
        ui::FieldFrameRequest fr;
        fr.exact = exactPtr;
        fr.vectorSource = exactPtr;
        const ui::FieldGrids grids = ui::fieldGridsFor(s.view.camera, so.size);
        fr.heatGrid = grids.heat;
        fr.arrowGrid = grids.arrows;
        fr.streamGrid = grids.stream;
        fr.streamlines = false;
        ui::FrameAssembler& as = (*scene)->assembler();
        clock.restart();
        for (int i = 0; i <= ui::FrameAssembler::kFieldIntervals; ++i) {
            auto frame = ui::computeFieldFrame(fr, ui::FrameAssembler::fieldTime(i));
            if (!frame) {
                std::fprintf(stderr, "field frame failed: %s\n", frame.message().c_str());
                return 1;
            }
            as.addFieldFrame(*frame, as.fieldGeneration());
        }
        const double fieldSeconds = double(clock.nsecsElapsed()) * 1e-9;

        ui::FrameRenderer renderer;
        QImage image(QSize(1280, 720), QImage::Format_ARGB32_Premultiplied);
        renderer.render(image, (*scene)->frameAt(0.0));  // warm caches
        std::vector<double> ms;
        for (int i = 0; i < kFrames; ++i) {
            const double t = double(i) / (kFrames - 1);
            clock.restart();
            const ui::FrameData frame = (*scene)->frameAt(t);
            renderer.render(image, frame);
            ms.push_back(double(clock.nsecsElapsed()) * 1e-6);
        }
        double mean = 0.0;
        for (double v : ms) mean += v / double(ms.size());
        // The same frames while the editor paints: the drawing's overlay on top.
        const auto overlay = ui::makeDrawingOverlay(raster, ui::DensityRole::Target);
        double paintMean = 0.0;
        for (int i = 0; i < kFrames; ++i) {
            const double t = double(i) / (kFrames - 1);
            clock.restart();
            ui::FrameData frame = (*scene)->frameAt(t);
            frame.drawing = overlay;
            renderer.render(image, frame);
            paintMean += double(clock.nsecsElapsed()) * 1e-6 / kFrames;
        }
        std::printf("%6zu %9.1f %10.5f %8.4f %9.2f %11.2f %10.2f %9.2f %9.2f %9.0f %10.2f\n", m->mixture.size(), convertMs,
                    error, tv, simSeconds, fieldSeconds, mean, percentile(ms, 0.95), percentile(ms, 1.0), 1000.0 / mean,
                    paintMean);
        std::fflush(stdout);
    }
    return 0;
}
