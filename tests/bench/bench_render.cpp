// Render benchmark: one frame of the explorer at 1280×720 with 10 000 particles, 20-step trails,
// a 128² heatmap and 32² arrows, drawn by the same FrameRenderer as the window (one core).
// BM_RenderFrameAllLayers adds streamlines, 48 full trajectories, 5 bridges and a pinned fan;
// BM_RenderFrame100k is the first at 1920×1080 with 100 000 particles (issue 15: ≥ 30 fps).
// Counters: best_ms, the fastest frame (the sum of its layers), and *_ms, the fastest time of each
// layer, beside the mean wall and CPU time per frame of the benchmark itself.
// Set FLOWLAB_BENCH_SAVE=/path/frame.png to also write the benchmarked frame.
#include <benchmark/benchmark.h>

#include <QImage>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "state/offscreen_scene.hpp"
#include "view/frame_renderer.hpp"

namespace {

using flowlab::ui::ExplorerSettings;
using flowlab::ui::FrameRenderer;
using flowlab::ui::OffscreenScene;

constexpr double kFrameTime = 0.503;  // between two cached field frames, so blending is measured too

std::shared_ptr<OffscreenScene> benchScene(QSize size, bool extraLayers, int particles = 10000) {
    static std::shared_ptr<OffscreenScene> cache[3];
    auto& scene = cache[particles > 10000 ? 2 : extraLayers ? 1 : 0];
    if (scene) return scene;
    ExplorerSettings s;
    s.scene.particles = particles;
    s.view.trailSteps = 20;
    s.view.layers.heatmap = true;
    s.view.layers.arrows = true;
    s.view.layers.trails = true;
    s.view.layers.particles = true;
    s.view.layers.streamlines = extraLayers;
    s.view.layers.trajectories = extraLayers;
    s.view.layers.bridge = extraLayers;
    OffscreenScene::Options o;
    o.size = size;
    o.fieldTimes = {0.5, 0.51};
    if (extraLayers) o.pin = QPointF(1.0, 0.5);
    auto r = OffscreenScene::create(s, o);
    if (!r) {
        std::cerr << "scene failed: " << r.message() << "\n";
        std::exit(1);
    }
    scene = *r;
    return scene;
}

void runFrame(benchmark::State& state, bool extraLayers, int particles = 10000) {
    const QSize size(int(state.range(0)), int(state.range(1)));
    auto scene = benchScene(QSize(1280, 720), extraLayers, particles);
    FrameRenderer renderer;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    // The fastest of each layer over the iterations: on a loaded machine the mean mostly
    // measures the other processes, the minimum what the layer costs on one core.
    FrameRenderer::LayerTimes best;
    for (double* v : {&best.background, &best.heatmap, &best.arrows, &best.vectorLayers, &best.trails, &best.particles,
                      &best.overlay})
        *v = 1e9;
    double bestTotal = 1e9;
    for (auto _ : state) {
        const auto frame = scene->frameAt(kFrameTime);
        renderer.render(image, frame);
        benchmark::DoNotOptimize(image.constBits());
        const auto& lt = renderer.lastLayerTimes();
        best.background = std::min(best.background, lt.background);
        best.heatmap = std::min(best.heatmap, lt.heatmap);
        best.arrows = std::min(best.arrows, lt.arrows);
        best.vectorLayers = std::min(best.vectorLayers, lt.vectorLayers);
        best.trails = std::min(best.trails, lt.trails);
        best.particles = std::min(best.particles, lt.particles);
        best.overlay = std::min(best.overlay, lt.overlay);
        bestTotal = std::min(bestTotal, lt.total());
    }
    state.counters["best_ms"] = bestTotal;
    state.counters["bg_ms"] = best.background;
    state.counters["heat_ms"] = best.heatmap;
    state.counters["arrow_ms"] = best.arrows;
    state.counters["vector_ms"] = best.vectorLayers;
    state.counters["trail_ms"] = best.trails;
    state.counters["dot_ms"] = best.particles;
    state.counters["overlay_ms"] = best.overlay;
    state.counters["fps"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
    state.counters["particles"] = scene->simulation().tracks->particleCount();
    if (const char* path = std::getenv("FLOWLAB_BENCH_SAVE"); path && !extraLayers && particles == 10000 && size.width() == 1280)
        image.save(QString::fromLocal8Bit(path));
}

void BM_RenderFrame(benchmark::State& state) { runFrame(state, false); }
void BM_RenderFrameAllLayers(benchmark::State& state) { runFrame(state, true); }
void BM_RenderFrame100k(benchmark::State& state) { runFrame(state, false, 100000); }

BENCHMARK(BM_RenderFrame)->Args({1280, 720})->Args({1920, 1080})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RenderFrameAllLayers)->Args({1280, 720})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RenderFrame100k)->Args({1920, 1080})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
