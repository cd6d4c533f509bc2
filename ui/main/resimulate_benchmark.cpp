#include "main/resimulate_benchmark.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "common/resource_paths.hpp"
#include "field/learned_field.hpp"
#include "main/explorer_controller.hpp"
#include "state/frame_assembler.hpp"
#include "state/scene_import.hpp"
#include "state/scene_pipeline.hpp"
#include "train/threading.hpp"

namespace flowlab::ui {
namespace {

constexpr int kRuns = 5;
int workerThreads() { return resimulateWorkerThreads(); }

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// The window's pruning; FLOWLAB_RESIMULATE_PRUNE=R measures another (0: the exact field).
double pruneLogRatio() {
    if (const char* v = std::getenv("FLOWLAB_RESIMULATE_PRUNE")) return std::atof(v);
    return scene_pipeline::kDisplayPruneLogRatio;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

int resimulateWorkerThreads() {
    // The window's workers use every core (MainWindowOptions::workerThreads).
    if (const char* v = std::getenv("FLOWLAB_RESIMULATE_THREADS")) return std::max(0, std::atoi(v));
    return 0;
}

double ResimulateFigures::previewMs() const { return std::max(previewParticlesMs, firstFieldMs); }
double ResimulateFigures::fullMs() const { return std::max(fullParticlesMs, allFieldsMs); }

core::Result<ResimulateFigures> measureResimulation(const ExplorerSettings& settings, QSize size, double pruneLogRatio,
                                                    std::shared_ptr<const core::FieldSource> field) {
    ResimulateFigures f;
    const auto start = Clock::now();
    auto prepared = scene_pipeline::prepare(settings.scene, ExplorerController::kMaxInteractivePairs, workerThreads(),
                                            nullptr, pruneLogRatio);
    if (!prepared) return prepared.error();
    f.prepareMs = msSince(start);

    // The field frames, most urgent first from the playhead at t = 0, on their own thread.
    FieldFrameRequest fr = scene_pipeline::fieldFrames(*prepared, settings.view,
                                                       fieldGridsFor(settings.view.camera, size), field);
    for (int i = 0; i <= FrameAssembler::kFieldIntervals; ++i) fr.times.push_back(FrameAssembler::fieldTime(i));
    std::string fieldError;
    std::thread fields([&] {
        for (std::size_t i = 0; i < fr.times.size(); ++i) {
            auto frame = computeFieldFrame(fr, fr.times[i]);
            if (!frame) {
                fieldError = frame.message();
                return;
            }
            if (i == 0) f.firstFieldMs = msSince(start);
        }
        f.allFieldsMs = msSince(start);
    });

    const SimulationRequest rq = scene_pipeline::simulation(*prepared, settings.scene, field, workerThreads());
    const std::atomic<bool> never{false};
    const SimulationResult r = runSimulation(rq, never, {}, [&](const SimulationResult& preview) {
        f.previewParticlesMs = msSince(start);
        f.hadPreview = true;
        f.previewCount = preview.tracks ? preview.tracks->particleCount() : 0;
        f.previewSteps = preview.steps;
    });
    f.fullParticlesMs = msSince(start);
    fields.join();
    if (!r.ok) return core::Error{r.error.toStdString()};
    if (!fieldError.empty()) return core::Error{fieldError};
    if (!f.hadPreview) f.previewParticlesMs = f.fullParticlesMs;
    return f;
}

int runResimulateBenchmark(const QString& scenePath, QSize size, int particles, const QString& model) {
    auto settings = loadSceneSettings(core::findScene(scenePath.toStdString()));
    if (!settings) {
        std::fprintf(stderr, "flowlab: %s\n", settings.message().c_str());
        return 2;
    }
    if (settings->scene.isImages()) return runImageResimulateBenchmark(scenePath, *settings, particles);
    // As in the window (MainWindow): torch's and BLAS's threads would fight the workers.
    core::applyInteractiveThreading();
    if (particles > 0) settings->scene.particles = particles;
    std::shared_ptr<const core::FieldSource> learned;
    if (!model.isEmpty()) {
        auto loaded = core::LearnedField::load(model.toStdString());
        if (!loaded) {
            std::fprintf(stderr, "flowlab: %s\n", loaded.message().c_str());
            return 2;
        }
        learned = std::make_shared<const core::LearnedField>(std::move(*loaded));
    }
    std::vector<ResimulateFigures> runs;
    for (int i = 0; i < kRuns; ++i) {
        auto f = measureResimulation(*settings, size, pruneLogRatio(), learned);
        if (!f) {
            std::fprintf(stderr, "flowlab: %s\n", f.message().c_str());
            return 1;
        }
        runs.push_back(*f);
    }
    const auto med = [&](double (*get)(const ResimulateFigures&)) {
        std::vector<double> v;
        for (const auto& r : runs) v.push_back(get(r));
        return median(v);
    };
    std::printf("resimulate benchmark: %s, %d particles, %s, %d steps, plane %dx%d, prune %g, %d runs\n",
                qPrintable(scenePath), settings->scene.particles, core::toString(settings->scene.solver).c_str(),
                settings->scene.steps, size.width(), size.height(), pruneLogRatio(), kRuns);
    if (learned) std::printf("  field: %s\n", learned->label().c_str());
    std::printf("  threads: %s\n", core::threadingDescription().c_str());
    std::printf("  prepare: %.1f ms\n", med([](const ResimulateFigures& r) { return r.prepareMs; }));
    std::printf("  preview particles (%d, %d steps): %.1f ms%s\n", runs.front().previewCount, runs.front().previewSteps,
                med([](const ResimulateFigures& r) { return r.previewParticlesMs; }),
                runs.front().hadPreview ? "" : " (no preview: the full run is quick)");
    std::printf("  first field frame: %.1f ms\n", med([](const ResimulateFigures& r) { return r.firstFieldMs; }));
    std::printf("  full particles: %.1f ms\n", med([](const ResimulateFigures& r) { return r.fullParticlesMs; }));
    std::printf("  all %d field frames: %.1f ms\n", FrameAssembler::kFieldIntervals + 1,
                med([](const ResimulateFigures& r) { return r.allFieldsMs; }));
    std::printf("resimulate: preview %.0f ms, full %.0f ms (median of %d)\n",
                med([](const ResimulateFigures& r) { return r.previewMs(); }),
                med([](const ResimulateFigures& r) { return r.fullMs(); }), kRuns);
    std::fflush(stdout);
    return 0;
}

}  // namespace flowlab::ui
