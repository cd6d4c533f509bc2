// `flowlab --benchmark-resimulate IMAGE_SCENE`: the image grid re-simulated as the window does it
// (issue 12), on the image worker's thread while this thread runs a 60 fps timer, so that the
// figures say both how long the grid takes and whether the GUI thread stayed free meanwhile.
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "main/resimulate_benchmark.hpp"
#include "train/threading.hpp"
#include "worker/image_simulation_worker.hpp"

namespace flowlab::ui {
namespace {

constexpr int kRuns = 5;
constexpr int kFrameMs = 16;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

core::Result<ImageResimulateFigures> measureImageResimulation(const ExplorerSettings& settings,
                                                             std::shared_ptr<const core::PreparedImageScene> previous,
                                                             int threads) {
    ImageSimulationWorker worker;
    ImageSimulationRequest rq;
    rq.generation = 1;
    rq.scene = settings.scene;
    rq.previous = std::move(previous);
    rq.threads = threads;
    ImageSimulationResult result;
    ImageResimulateFigures f;
    QEventLoop loop;
    QElapsedTimer clock, sinceTick;
    QTimer frames;
    frames.setInterval(kFrameMs);
    QObject::connect(&frames, &QTimer::timeout, &loop, [&] {
        f.maxFrameGapMs = std::max(f.maxFrameGapMs, double(sinceTick.nsecsElapsed()) * 1e-6);
        sinceTick.restart();
    });
    QObject::connect(&worker, &ImageSimulationWorker::finished, &loop, [&](const ImageSimulationResult& r) {
        result = r;
        loop.quit();
    });
    clock.start();
    sinceTick.start();
    frames.start();
    worker.request(rq);
    loop.exec();
    f.totalMs = double(clock.nsecsElapsed()) * 1e-6;
    if (!result.ok) return core::Error{result.error.toStdString()};
    f.prepareMs = result.prepareSeconds * 1e3;
    f.integrateMs = result.seconds * 1e3;
    f.nfe = result.nfe;
    f.prepared = result.scenePrepared;
    f.field = result.prepared->field->label();
    if (result.prepared->learned && !result.prepared->modelPath.empty()) f.field += " (" + result.prepared->modelPath + ")";
    f.notice = result.prepared->notice();
    return f;
}

int runImageResimulateBenchmark(const QString& scenePath, const ExplorerSettings& settings, int samples) {
    // As in the window (MainWindow): one torch and one BLAS thread.
    core::applyInteractiveThreading();
    ExplorerSettings s = settings;
    if (samples > 0) {
        // --particles N: the grid closest to N samples with the scene's column count.
        s.scene.rows = std::clamp((samples + s.scene.columns - 1) / s.scene.columns, 1, int(core::SceneImages::kMaxGridSide));
    }
    // The first run loads the data and the model; the later ones reuse them, as the window does
    // after a change of ε, steps or solver.
    auto cold = measureImageResimulation(s, nullptr, resimulateWorkerThreads());
    if (!cold) {
        std::fprintf(stderr, "flowlab: %s\n", cold.message().c_str());
        return 1;
    }
    std::vector<double> total, integrate, gap;
    for (int i = 0; i < kRuns; ++i) {
        auto warm = measureImageResimulation(s, cold->prepared, resimulateWorkerThreads());
        if (!warm) {
            std::fprintf(stderr, "flowlab: %s\n", warm.message().c_str());
            return 1;
        }
        total.push_back(warm->totalMs);
        integrate.push_back(warm->integrateMs);
        gap.push_back(warm->maxFrameGapMs);
    }
    std::printf("resimulate benchmark: %s, images, %d samples (%dx%d grid), %s, %d steps, %d runs\n", qPrintable(scenePath),
                s.scene.sampleCount(), s.scene.rows, s.scene.columns, core::toString(s.scene.solver).c_str(), s.scene.steps,
                kRuns);
    std::printf("  threads: %s\n", core::threadingDescription().c_str());
    std::printf("  field: %s%s%s\n", cold->field.c_str(), cold->notice.empty() ? "" : "; ", cold->notice.c_str());
    std::printf("  first run (data and model loaded): prepare %.1f ms, integrate %.1f ms, %d NFE\n", cold->prepareMs,
                cold->integrateMs, cold->nfe);
    std::printf("  integrate: %.1f ms (median)\n", median(integrate));
    std::printf("  longest gap between 60 fps timer ticks on the GUI thread meanwhile: %.1f ms (median of the runs' maxima)\n",
                median(gap));
    std::printf("resimulate: full %.0f ms (median of %d)\n", median(total), kRuns);
    std::fflush(stdout);
    return 0;
}

}  // namespace flowlab::ui
